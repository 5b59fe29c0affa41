-- +goose Up
-- Years of management experience in child care, education or health: the
-- setting-up standard asks three of the person in charge (第18条).
ALTER TABLE staff ADD COLUMN management_years INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE staff DROP COLUMN management_years;
