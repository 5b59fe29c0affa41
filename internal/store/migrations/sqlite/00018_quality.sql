-- +goose Up
-- Quality assessment (WS/T 821—2023): the template the city sets (versions,
-- JSON as the rules package reads it), one assessment per institution and
-- year through its stages (self → county → city), each stage's answers,
-- and the city's demonstration institutions (示范).
CREATE TABLE quality_templates (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL UNIQUE,
    body TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at DATETIME NOT NULL
);

CREATE TABLE quality_assessments (
    id INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    region_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    template_id INTEGER NOT NULL REFERENCES quality_templates(id),
    status TEXT NOT NULL,
    total REAL,
    grade TEXT NOT NULL DEFAULT '',
    completed_on TEXT,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    UNIQUE (institution_id, year)
);
CREATE INDEX quality_assessments_region ON quality_assessments(region_code, status);

CREATE TABLE quality_stage_results (
    id INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES quality_assessments(id),
    stage TEXT NOT NULL,
    answers TEXT NOT NULL,
    total REAL NOT NULL,
    grade TEXT NOT NULL,
    vetoed INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    entered_by INTEGER REFERENCES users(id),
    entered_at DATETIME NOT NULL,
    UNIQUE (assessment_id, stage)
);

CREATE TABLE demonstrations (
    id INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    region_code TEXT NOT NULL,
    designated_on TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    designated_by INTEGER REFERENCES users(id),
    revoked_on TEXT,
    revoke_reason TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
CREATE INDEX demonstrations_region ON demonstrations(region_code, revoked_on);

-- +goose Down
DROP TABLE demonstrations;
DROP TABLE quality_stage_results;
DROP TABLE quality_assessments;
DROP TABLE quality_templates;
