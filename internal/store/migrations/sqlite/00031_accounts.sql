-- +goose Up
-- Accounts (issue 9 §1): a password set by someone else (a first password,
-- a reset code) must be changed at the next login; the password policy's
-- settings.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN password_changed_at DATETIME;

CREATE TABLE account_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    min_password_length INTEGER NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX users_role_region ON users(role, region_code);
