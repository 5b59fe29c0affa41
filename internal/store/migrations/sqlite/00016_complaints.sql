-- +goose Up
-- Complaints and reports (投诉举报): from the public (receipt code and phone
-- to follow them), from guardians in the app and from the 12345 hotline.
-- The complainant's name and phone are encrypted; phone_hash is a keyed
-- hash to check a follow-up without decrypting.
CREATE TABLE complaints (
    id INTEGER PRIMARY KEY,
    receipt_code TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    work_order_no TEXT NOT NULL DEFAULT '',
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    region_code TEXT NOT NULL,
    category TEXT NOT NULL,
    severity TEXT NOT NULL DEFAULT 'normal',
    text TEXT NOT NULL,
    name_enc TEXT NOT NULL DEFAULT '',
    phone_enc TEXT NOT NULL DEFAULT '',
    phone_hash TEXT NOT NULL DEFAULT '',
    complainant_user_id INTEGER REFERENCES users(id),
    status TEXT NOT NULL,
    received_on TEXT NOT NULL,
    sign_due TEXT NOT NULL,
    answer_due TEXT NOT NULL,
    assigned_to INTEGER REFERENCES users(id),
    signed_at DATETIME,
    outcome TEXT NOT NULL DEFAULT '',
    reply TEXT NOT NULL DEFAULT '',
    answered_at DATETIME,
    satisfaction TEXT NOT NULL DEFAULT '',
    closed_at DATETIME,
    forwarded_at DATETIME,
    forward_note TEXT NOT NULL DEFAULT '',
    institution_response TEXT NOT NULL DEFAULT '',
    responded_at DATETIME,
    inspection_id INTEGER,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX complaints_region ON complaints(region_code, status, answer_due);
CREATE INDEX complaints_institution ON complaints(institution_id);
CREATE INDEX complaints_user ON complaints(complainant_user_id);

-- +goose Down
DROP TABLE complaints;
