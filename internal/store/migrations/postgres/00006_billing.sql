-- +goose Up
-- Billing: a waived bill keeps its reason; a bill line keeps its care type,
-- an English description and the figures of the rule that produced it; a
-- price cap names its unit and who set it; billing settings per institution
-- (the absence refund rule and the rounding of hourly care).
ALTER TABLE bills ADD COLUMN waive_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE bills ADD COLUMN waived_at TIMESTAMPTZ;
ALTER TABLE bills ADD COLUMN waived_by BIGINT REFERENCES users(id);
ALTER TABLE bill_lines ADD COLUMN care_type TEXT NOT NULL DEFAULT '';
ALTER TABLE bill_lines ADD COLUMN description_en TEXT NOT NULL DEFAULT '';
ALTER TABLE bill_lines ADD COLUMN detail TEXT NOT NULL DEFAULT '{}';
ALTER TABLE price_caps ADD COLUMN unit TEXT NOT NULL DEFAULT 'monthly';
ALTER TABLE price_caps ADD COLUMN set_by BIGINT REFERENCES users(id);
ALTER TABLE price_caps ADD COLUMN updated_at TIMESTAMPTZ;
ALTER TABLE fee_schedules ADD COLUMN created_by BIGINT REFERENCES users(id);

CREATE TABLE billing_settings (
    institution_id BIGINT PRIMARY KEY REFERENCES institutions(id),
    refund_meal_fee_on_absence BOOLEAN NOT NULL DEFAULT TRUE,
    hourly_rounding_minutes BIGINT NOT NULL DEFAULT 30,
    updated_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE billing_settings;
ALTER TABLE fee_schedules DROP COLUMN created_by;
ALTER TABLE price_caps DROP COLUMN updated_at;
ALTER TABLE price_caps DROP COLUMN set_by;
ALTER TABLE price_caps DROP COLUMN unit;
ALTER TABLE bill_lines DROP COLUMN detail;
ALTER TABLE bill_lines DROP COLUMN description_en;
ALTER TABLE bill_lines DROP COLUMN care_type;
ALTER TABLE bills DROP COLUMN waived_by;
ALTER TABLE bills DROP COLUMN waived_at;
ALTER TABLE bills DROP COLUMN waive_reason;
