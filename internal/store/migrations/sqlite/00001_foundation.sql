-- +goose Up
CREATE TABLE regions (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    parent_code TEXT
);
CREATE INDEX regions_parent ON regions(parent_code);

CREATE TABLE region_population (
    region_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    population INTEGER NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (region_code, year)
);

CREATE TABLE holidays (
    date TEXT PRIMARY KEY,
    year INTEGER NOT NULL,
    name TEXT NOT NULL,
    off_day INTEGER NOT NULL
);

CREATE TABLE institutions (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    credit_code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    nature TEXT NOT NULL,
    for_profit INTEGER NOT NULL DEFAULT 0,
    region_code TEXT NOT NULL,
    township_code TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    legal_rep TEXT NOT NULL DEFAULT '',
    person_in_charge TEXT NOT NULL DEFAULT '',
    places INTEGER NOT NULL DEFAULT 0,
    puhui_places INTEGER NOT NULL DEFAULT 0,
    vacancies INTEGER NOT NULL DEFAULT 0,
    care_types TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL,
    receipt_no TEXT,
    filed_on TEXT,
    demonstration INTEGER NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX institutions_region ON institutions(region_code, status);
CREATE INDEX institutions_township ON institutions(township_code);
CREATE INDEX institutions_status ON institutions(status);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    region_code TEXT NOT NULL DEFAULT '',
    institution_id INTEGER REFERENCES institutions(id),
    disabled INTEGER NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until DATETIME,
    created_at DATETIME NOT NULL
);
CREATE INDEX users_institution ON users(institution_id);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    token_hash TEXT NOT NULL UNIQUE,
    created_at DATETIME NOT NULL,
    last_seen_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL,
    ended_at DATETIME,
    user_agent TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id, ended_at);

CREATE TABLE filings (
    id INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    region_code TEXT NOT NULL,
    version INTEGER NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    data TEXT NOT NULL,
    submitted_at DATETIME,
    due_date TEXT,
    due_fallback INTEGER NOT NULL DEFAULT 0,
    decided_at DATETIME,
    decided_by INTEGER REFERENCES users(id),
    receipt_no TEXT UNIQUE,
    return_reason TEXT NOT NULL DEFAULT '',
    item_reasons TEXT NOT NULL DEFAULT '{}',
    created_by INTEGER REFERENCES users(id),
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    UNIQUE (institution_id, version)
);
CREATE INDEX filings_worklist ON filings(status, region_code, due_date);

CREATE TABLE filing_materials (
    id INTEGER PRIMARY KEY,
    filing_id INTEGER NOT NULL REFERENCES filings(id),
    type TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    uploaded_by INTEGER REFERENCES users(id),
    created_at DATETIME NOT NULL
);
CREATE INDEX filing_materials_filing ON filing_materials(filing_id);

CREATE TABLE receipt_counters (
    region_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (region_code, year)
);

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    at DATETIME NOT NULL,
    actor_id INTEGER,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    region_code TEXT NOT NULL DEFAULT '',
    institution_id INTEGER,
    detail TEXT NOT NULL DEFAULT '{}',
    ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entity ON audit_events(entity, entity_id);
CREATE INDEX audit_region ON audit_events(region_code, at);
CREATE INDEX audit_at ON audit_events(at);

-- Audit rows are append-only.
-- +goose StatementBegin
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
-- +goose StatementEnd

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE audit_events;
DROP TABLE receipt_counters;
DROP TABLE filing_materials;
DROP TABLE filings;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE institutions;
DROP TABLE holidays;
DROP TABLE region_population;
DROP TABLE regions;
