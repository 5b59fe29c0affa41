-- +goose Up
-- The audit page filters by action, institution and person, newest first.
CREATE INDEX audit_action_at ON audit_events(action, at);
CREATE INDEX audit_institution_at ON audit_events(institution_id, at);
CREATE INDEX audit_actor_at ON audit_events(actor_id, at);

-- +goose Down
DROP INDEX audit_actor_at;
DROP INDEX audit_institution_at;
DROP INDEX audit_action_at;
