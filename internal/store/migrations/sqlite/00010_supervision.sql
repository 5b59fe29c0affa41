-- +goose Up
-- Supervision after filing: partner departments, registrations pushed by the
-- registration authority, checklist templates with versions, inspection
-- plans with their random draw, inspections item by item with photos,
-- findings, rectification orders with evidence and penalties, and the
-- regulators' supervision settings.
ALTER TABLE users ADD COLUMN department TEXT NOT NULL DEFAULT '';

CREATE TABLE sv_registrations (
    id INTEGER PRIMARY KEY,
    credit_code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    nature TEXT NOT NULL,
    registered_on TEXT NOT NULL,
    authority TEXT NOT NULL,
    address TEXT NOT NULL,
    region_code TEXT NOT NULL,
    township_code TEXT NOT NULL,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    matched INTEGER NOT NULL,
    pushed_on TEXT NOT NULL,
    push_due TEXT NOT NULL,
    filing_due TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at DATETIME NOT NULL
);
CREATE INDEX sv_registrations_region ON sv_registrations(region_code, filing_due);
CREATE INDEX sv_registrations_institution ON sv_registrations(institution_id);

CREATE TABLE sv_templates (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    version INTEGER NOT NULL,
    kind TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    source TEXT NOT NULL,
    items TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at DATETIME NOT NULL,
    UNIQUE (code, version)
);

CREATE TABLE sv_plans (
    id INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    template_id INTEGER NOT NULL REFERENCES sv_templates(id),
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    method TEXT NOT NULL,
    draw_count INTEGER NOT NULL DEFAULT 0,
    draw_share REAL NOT NULL DEFAULT 0,
    inspectors_each INTEGER NOT NULL,
    seed TEXT NOT NULL DEFAULT '',
    population INTEGER NOT NULL DEFAULT 0,
    departments TEXT NOT NULL DEFAULT '[]',
    created_by INTEGER REFERENCES users(id),
    created_at DATETIME NOT NULL
);
CREATE INDEX sv_plans_region ON sv_plans(region_code, period_start);

CREATE TABLE sv_plan_pool (
    plan_id INTEGER NOT NULL REFERENCES sv_plans(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (plan_id, user_id)
);

CREATE TABLE sv_inspections (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER REFERENCES sv_plans(id),
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    region_code TEXT NOT NULL,
    kind TEXT NOT NULL,
    template_id INTEGER NOT NULL REFERENCES sv_templates(id),
    origin TEXT NOT NULL,
    origin_ref TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    announce_on TEXT NOT NULL,
    due_by TEXT NOT NULL,
    started_at DATETIME,
    completed_at DATETIME,
    latitude REAL,
    longitude REAL,
    representative TEXT NOT NULL DEFAULT '',
    refused INTEGER NOT NULL DEFAULT 0,
    refusal_note TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX sv_inspections_institution ON sv_inspections(institution_id, kind, completed_at);
CREATE INDEX sv_inspections_region ON sv_inspections(region_code, status, announce_on);
CREATE INDEX sv_inspections_plan ON sv_inspections(plan_id);

CREATE TABLE sv_inspectors (
    inspection_id INTEGER NOT NULL REFERENCES sv_inspections(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (inspection_id, user_id)
);
CREATE INDEX sv_inspectors_user ON sv_inspectors(user_id);

CREATE TABLE sv_results (
    inspection_id INTEGER NOT NULL REFERENCES sv_inspections(id),
    item_code TEXT NOT NULL,
    outcome TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    saved_by INTEGER REFERENCES users(id),
    saved_at DATETIME NOT NULL,
    PRIMARY KEY (inspection_id, item_code)
);

CREATE TABLE sv_files (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    owner_id INTEGER NOT NULL,
    item_code TEXT NOT NULL DEFAULT '',
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at DATETIME NOT NULL
);
CREATE INDEX sv_files_owner ON sv_files(owner, owner_id);

CREATE TABLE sv_orders (
    id INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES sv_inspections(id),
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    region_code TEXT NOT NULL,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    escalate_on TEXT NOT NULL,
    required_evidence TEXT NOT NULL,
    explanation TEXT NOT NULL DEFAULT '',
    reject_reason TEXT NOT NULL DEFAULT '',
    recheck_on TEXT NOT NULL DEFAULT '',
    closed_on TEXT NOT NULL DEFAULT '',
    issued_by INTEGER REFERENCES users(id),
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX sv_orders_region ON sv_orders(region_code, status, due_on);
CREATE INDEX sv_orders_institution ON sv_orders(institution_id, status);

CREATE TABLE sv_findings (
    id INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES sv_inspections(id),
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    region_code TEXT NOT NULL,
    item_code TEXT NOT NULL,
    severity TEXT NOT NULL,
    text_zh TEXT NOT NULL,
    text_en TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    order_id INTEGER REFERENCES sv_orders(id),
    created_at DATETIME NOT NULL,
    UNIQUE (inspection_id, item_code)
);
CREATE INDEX sv_findings_institution ON sv_findings(institution_id);

CREATE TABLE sv_order_events (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES sv_orders(id),
    kind TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    actor_id INTEGER REFERENCES users(id),
    at DATETIME NOT NULL
);
CREATE INDEX sv_order_events_order ON sv_order_events(order_id);

CREATE TABLE sv_penalties (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES sv_orders(id),
    kind TEXT NOT NULL,
    amount REAL NOT NULL DEFAULT 0,
    decision_no TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at DATETIME NOT NULL
);

CREATE TABLE sv_settings (
    region_code TEXT NOT NULL,
    name TEXT NOT NULL,
    value INTEGER NOT NULL,
    updated_by INTEGER REFERENCES users(id),
    updated_at DATETIME NOT NULL,
    PRIMARY KEY (region_code, name)
);

-- +goose Down
DROP TABLE sv_settings;
DROP TABLE sv_penalties;
DROP TABLE sv_order_events;
DROP TABLE sv_findings;
DROP TABLE sv_orders;
DROP TABLE sv_files;
DROP TABLE sv_results;
DROP TABLE sv_inspectors;
DROP TABLE sv_inspections;
DROP TABLE sv_plan_pool;
DROP TABLE sv_plans;
DROP TABLE sv_templates;
DROP TABLE sv_registrations;
ALTER TABLE users DROP COLUMN department;
