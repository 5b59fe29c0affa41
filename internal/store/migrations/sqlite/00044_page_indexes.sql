-- +goose Up
-- Indexes the busy pages were missing (issue 9 §9; query plans in the
-- commit message):
-- the refused-hires panel of the regulators' homes and of the ban list
-- reads the audit events of one action, newest first, and counted them by
-- scanning every event of the region;
CREATE INDEX audit_events_action_at ON audit_events(action, at);
-- the classes now (director's and caregiver's homes) count each class's
-- children present today, and scanned the whole attendance table per class;
CREATE INDEX attendance_class_date ON attendance(class_id, date);
-- and read the caregivers clocked in today at the institution by scanning
-- every open clock-in.
CREATE INDEX staff_attendance_institution_date ON staff_attendance(institution_id, date);

-- +goose Down
DROP INDEX staff_attendance_institution_date;
DROP INDEX attendance_class_date;
DROP INDEX audit_events_action_at;
