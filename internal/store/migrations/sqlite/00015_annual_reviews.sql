-- +goose Up
-- Annual review (年度检查/年审) per filed institution and year, and the
-- closure proposals that two failed years in a row raise (连续两年年审不合格
-- 予以关闭). A decided closure carries its public notice (公告): the period it
-- is shown and any appeal noted against it.
CREATE TABLE annual_reviews (
    id INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    region_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    result TEXT NOT NULL,
    reasons TEXT NOT NULL DEFAULT '',
    inspection_id INTEGER,
    recorded_by INTEGER REFERENCES users(id),
    recorded_at DATETIME NOT NULL,
    UNIQUE (institution_id, year)
);
CREATE INDEX annual_reviews_region ON annual_reviews(region_code, year);

CREATE TABLE closure_proposals (
    id INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    region_code TEXT NOT NULL,
    first_year INTEGER NOT NULL,
    second_year INTEGER NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    proposed_at DATETIME NOT NULL,
    decided_by INTEGER REFERENCES users(id),
    decided_at DATETIME,
    decided_on TEXT,
    notice_until TEXT,
    appeal TEXT NOT NULL DEFAULT '',
    appeal_noted_at DATETIME,
    UNIQUE (institution_id, second_year)
);
CREATE INDEX closure_proposals_region ON closure_proposals(region_code, status);
CREATE INDEX closure_proposals_notice ON closure_proposals(status, notice_until);

-- +goose Down
DROP TABLE closure_proposals;
DROP TABLE annual_reviews;
