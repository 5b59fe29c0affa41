-- +goose Up
-- Institution monthly reports (月报): computed from the institution's daily
-- records of the month; the director corrects a figure with a reason and
-- submits, the county approves (locked) or returns it with a reason, and
-- may reopen an approved one with a reason. figures is the report as
-- submitted (JSON: computed figures and corrections).
CREATE TABLE stats_institution_reports (
    id INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    month TEXT NOT NULL,
    status TEXT NOT NULL,
    figures TEXT NOT NULL DEFAULT '',
    first_submitted_at DATETIME,
    submitted_by INTEGER REFERENCES users(id),
    submitted_at DATETIME,
    decided_by INTEGER REFERENCES users(id),
    decided_at DATETIME,
    reason TEXT NOT NULL DEFAULT '',
    UNIQUE (institution_id, month)
);

-- A director's correction of one computed figure, with its reason; the
-- computed value stays beside it.
CREATE TABLE stats_institution_corrections (
    id INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    month TEXT NOT NULL,
    item TEXT NOT NULL,
    computed INTEGER NOT NULL,
    value INTEGER NOT NULL,
    reason TEXT NOT NULL,
    corrected_by INTEGER REFERENCES users(id),
    corrected_at DATETIME NOT NULL,
    UNIQUE (institution_id, month, item)
);

-- Statistics settings: the planning target of places per 1,000 residents
-- by year, the deadline of the monthly reports (year 0).
CREATE TABLE stats_settings (
    key TEXT NOT NULL,
    year INTEGER NOT NULL,
    value TEXT NOT NULL,
    updated_by INTEGER REFERENCES users(id),
    updated_at DATETIME NOT NULL,
    PRIMARY KEY (key, year)
);

-- +goose Down
DROP TABLE stats_settings;
DROP TABLE stats_institution_corrections;
DROP TABLE stats_institution_reports;
