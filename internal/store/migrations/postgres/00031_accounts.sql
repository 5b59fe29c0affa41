-- +goose Up
-- Accounts (issue 9 §1): a password set by someone else (a first password,
-- a reset code) must be changed at the next login; the password policy's
-- settings.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN password_changed_at TIMESTAMPTZ;

CREATE TABLE account_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    min_password_length INTEGER NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX users_role_region ON users(role, region_code);
