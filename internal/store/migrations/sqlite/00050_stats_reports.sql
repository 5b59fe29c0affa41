-- +goose Up
-- Monthly reports of a county, approved up the hierarchy (DHIS2-style data
-- approval): the county submits, the city approves or returns it with a
-- reason, and may unlock an approved one with a reason. figures is the
-- report as submitted (JSON); once approved it is what every report of the
-- month shows, whatever the roll-ups say later, until the city unlocks it.
CREATE TABLE stats_reports (
    id INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL,
    month TEXT NOT NULL,
    status TEXT NOT NULL,
    figures TEXT NOT NULL DEFAULT '',
    submitted_by INTEGER REFERENCES users(id),
    submitted_at DATETIME,
    decided_by INTEGER REFERENCES users(id),
    decided_at DATETIME,
    reason TEXT NOT NULL DEFAULT '',
    UNIQUE (region_code, month)
);

-- +goose Down
DROP TABLE stats_reports;
