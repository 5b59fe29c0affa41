-- +goose Up
-- Daily records: a note on an absence ("other" needs one) and on a check;
-- when a care log entry was published; one open clock-in per caregiver and
-- day; notifications listed newest first.
ALTER TABLE attendance ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE health_checks ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE care_logs ADD COLUMN published_at DATETIME;
CREATE UNIQUE INDEX staff_attendance_one_open ON staff_attendance(staff_id, date) WHERE clock_out IS NULL;
CREATE INDEX care_logs_institution_date ON care_logs(institution_id, date);
CREATE INDEX notifications_user_created ON notifications(user_id, created_at);

-- +goose Down
DROP INDEX notifications_user_created;
DROP INDEX care_logs_institution_date;
DROP INDEX staff_attendance_one_open;
ALTER TABLE care_logs DROP COLUMN published_at;
ALTER TABLE health_checks DROP COLUMN note;
ALTER TABLE attendance DROP COLUMN note;
