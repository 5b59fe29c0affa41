-- +goose Up
-- The CCTV register (视频监控): cameras per room or area with what they cover
-- and how long footage is kept (托育机构管理规范 第32条: ≥ 90 days), and
-- requests to preserve footage for a time range, which the institution
-- confirms.
CREATE TABLE cctv_cameras (
    id INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    region_code TEXT NOT NULL,
    location TEXT NOT NULL,
    area TEXT NOT NULL,
    covers_children INTEGER NOT NULL,
    covers_kitchen INTEGER NOT NULL,
    retention_days INTEGER NOT NULL,
    last_checked_on TEXT,
    working INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    removed_at DATETIME
);
CREATE INDEX cctv_cameras_institution ON cctv_cameras(institution_id);

CREATE TABLE footage_requests (
    id INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    region_code TEXT NOT NULL,
    complaint_id INTEGER REFERENCES complaints(id),
    incident TEXT NOT NULL DEFAULT '',
    from_at DATETIME NOT NULL,
    to_at DATETIME NOT NULL,
    reason TEXT NOT NULL,
    requested_by INTEGER REFERENCES users(id),
    requested_at DATETIME NOT NULL,
    due_on TEXT NOT NULL,
    status TEXT NOT NULL,
    confirmed_by INTEGER REFERENCES users(id),
    confirmed_at DATETIME,
    confirm_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX footage_requests_institution ON footage_requests(institution_id, status);
CREATE INDEX footage_requests_region ON footage_requests(region_code, status);

-- +goose Down
DROP TABLE footage_requests;
DROP TABLE cctv_cameras;
