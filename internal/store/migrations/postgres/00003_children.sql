-- +goose Up
-- Children and enrolment: removed guardians keep their consent records;
-- identity document types of guardians and pick-up persons; why an
-- enrolment ended.
ALTER TABLE guardians ADD COLUMN removed_at TIMESTAMPTZ;
ALTER TABLE guardians ADD COLUMN id_type TEXT NOT NULL DEFAULT '';
ALTER TABLE pickup_persons ADD COLUMN id_type TEXT NOT NULL DEFAULT '';
ALTER TABLE enrolments ADD COLUMN end_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE enrolments DROP COLUMN end_reason;
ALTER TABLE pickup_persons DROP COLUMN id_type;
ALTER TABLE guardians DROP COLUMN id_type;
ALTER TABLE guardians DROP COLUMN removed_at;
