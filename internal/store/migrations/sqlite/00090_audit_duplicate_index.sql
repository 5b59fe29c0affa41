-- +goose Up
-- audit_events_action_at (00044) repeats audit_action_at (00040): the same
-- columns, so every audit event paid for a second index on every write.
DROP INDEX audit_events_action_at;

-- +goose Down
CREATE INDEX audit_events_action_at ON audit_events(action, at);
