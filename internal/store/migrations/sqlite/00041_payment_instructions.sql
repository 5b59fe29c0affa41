-- +goose Up
-- How guardians pay an institution's bills, as the director writes it.
ALTER TABLE billing_settings ADD COLUMN payment_instructions TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE billing_settings DROP COLUMN payment_instructions;
