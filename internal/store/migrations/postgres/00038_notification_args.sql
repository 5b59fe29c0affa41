-- +goose Up
-- Notifications are stored as their kind and arguments (JSON), rendered in
-- the reader's language when read; rows from before keep the Chinese title
-- and body they were stored with.
ALTER TABLE notifications ADD COLUMN args TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE notifications DROP COLUMN args;
