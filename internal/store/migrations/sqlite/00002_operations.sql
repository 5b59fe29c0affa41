-- +goose Up
-- Institution operations: classes, children, guardians, enrolment, daily
-- records, staff, blacklist, fees and bills, notifications.
-- Money is kept in fen (0.01 yuan) as integers.

CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sex TEXT NOT NULL DEFAULT '',
    birth_date TEXT,
    id_enc TEXT NOT NULL,
    id_hash TEXT NOT NULL UNIQUE,
    id_masked TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    education TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);

CREATE TABLE employments (
    id INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    post TEXT NOT NULL,
    full_time INTEGER NOT NULL DEFAULT 1,
    start_date TEXT NOT NULL,
    end_date TEXT,
    user_id INTEGER REFERENCES users(id),
    created_at DATETIME NOT NULL
);
-- One employer at a time, city-wide: at most one open employment per person.
CREATE UNIQUE INDEX employments_one_open ON employments(staff_id) WHERE end_date IS NULL;
CREATE INDEX employments_institution ON employments(institution_id, end_date);

CREATE TABLE staff_certificates (
    id INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    number TEXT NOT NULL DEFAULT '',
    issued_on TEXT,
    expires_on TEXT,
    hours REAL NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL
);
CREATE INDEX staff_certificates_staff ON staff_certificates(staff_id);
CREATE INDEX staff_certificates_expiry ON staff_certificates(expires_on);

CREATE TABLE blacklist (
    id INTEGER PRIMARY KEY,
    id_hash TEXT NOT NULL,
    id_masked TEXT NOT NULL,
    name TEXT NOT NULL,
    region_code TEXT NOT NULL,
    reason TEXT NOT NULL,
    added_by INTEGER REFERENCES users(id),
    added_at DATETIME NOT NULL,
    lifted_at DATETIME,
    lifted_by INTEGER REFERENCES users(id),
    lift_reason TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX blacklist_active ON blacklist(id_hash) WHERE lifted_at IS NULL;

CREATE TABLE classes (
    id INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    capacity INTEGER NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    UNIQUE (institution_id, name)
);

CREATE TABLE class_caregivers (
    class_id INTEGER NOT NULL REFERENCES classes(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    PRIMARY KEY (class_id, staff_id)
);

CREATE TABLE children (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sex TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    cert_type TEXT NOT NULL,
    cert_enc TEXT NOT NULL,
    cert_hash TEXT NOT NULL UNIQUE,
    cert_masked TEXT NOT NULL,
    household_region TEXT NOT NULL DEFAULT '',
    allergies TEXT NOT NULL DEFAULT '',
    special_needs TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);

CREATE TABLE guardians (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES children(id),
    name TEXT NOT NULL,
    relation TEXT NOT NULL,
    phone TEXT NOT NULL,
    id_enc TEXT NOT NULL DEFAULT '',
    id_masked TEXT NOT NULL DEFAULT '',
    user_id INTEGER REFERENCES users(id),
    invite_hash TEXT UNIQUE,
    invite_expires DATETIME,
    created_at DATETIME NOT NULL
);
CREATE INDEX guardians_child ON guardians(child_id);
CREATE INDEX guardians_user ON guardians(user_id);

CREATE TABLE pickup_persons (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES children(id),
    name TEXT NOT NULL,
    relation TEXT NOT NULL,
    phone TEXT NOT NULL,
    id_enc TEXT NOT NULL DEFAULT '',
    id_masked TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
CREATE INDEX pickup_persons_child ON pickup_persons(child_id);

CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES children(id),
    guardian_id INTEGER NOT NULL REFERENCES guardians(id),
    purpose TEXT NOT NULL,
    given_at DATETIME NOT NULL,
    withdrawn_at DATETIME
);
CREATE INDEX consents_child ON consents(child_id, purpose);

CREATE TABLE enrolments (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES children(id),
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    class_id INTEGER NOT NULL REFERENCES classes(id),
    care_type TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT,
    puhui INTEGER NOT NULL DEFAULT 0,
    fee_fen INTEGER NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL
);
-- A child is enrolled in one place at a time.
CREATE UNIQUE INDEX enrolments_one_open ON enrolments(child_id) WHERE end_date IS NULL;
CREATE INDEX enrolments_class ON enrolments(class_id, end_date);
CREATE INDEX enrolments_institution ON enrolments(institution_id, end_date);

CREATE TABLE attendance (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES children(id),
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    class_id INTEGER REFERENCES classes(id),
    date TEXT NOT NULL,
    check_in DATETIME,
    check_out DATETIME,
    absent_reason TEXT NOT NULL DEFAULT '',
    symptoms TEXT NOT NULL DEFAULT '',
    picked_up_by TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES users(id),
    updated_at DATETIME NOT NULL,
    UNIQUE (child_id, date)
);
CREATE INDEX attendance_institution_date ON attendance(institution_id, date);

CREATE TABLE staff_attendance (
    id INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    class_id INTEGER NOT NULL REFERENCES classes(id),
    date TEXT NOT NULL,
    clock_in DATETIME NOT NULL,
    clock_out DATETIME
);
CREATE INDEX staff_attendance_class_date ON staff_attendance(class_id, date);

CREATE TABLE health_checks (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES children(id),
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    date TEXT NOT NULL,
    kind TEXT NOT NULL,
    temperature REAL,
    findings TEXT NOT NULL DEFAULT '{}',
    action TEXT NOT NULL DEFAULT '',
    flagged INTEGER NOT NULL DEFAULT 0,
    sent_home INTEGER NOT NULL DEFAULT 0,
    recorded_by INTEGER REFERENCES users(id),
    created_at DATETIME NOT NULL,
    UNIQUE (child_id, date, kind)
);
CREATE INDEX health_checks_institution_date ON health_checks(institution_id, date);

CREATE TABLE care_logs (
    id INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    class_id INTEGER REFERENCES classes(id),
    child_id INTEGER REFERENCES children(id),
    date TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}',
    published INTEGER NOT NULL DEFAULT 0,
    recorded_by INTEGER REFERENCES users(id),
    created_at DATETIME NOT NULL
);
CREATE INDEX care_logs_child_date ON care_logs(child_id, date);
CREATE INDEX care_logs_class_date ON care_logs(class_id, date);

CREATE TABLE fee_schedules (
    id INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    care_type TEXT NOT NULL,
    unit TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    meal_fee_daily_fen INTEGER NOT NULL DEFAULT 0,
    effective_from TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    UNIQUE (institution_id, care_type, effective_from)
);

CREATE TABLE price_caps (
    region_code TEXT NOT NULL,
    care_type TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    effective_from TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (region_code, care_type, effective_from)
);

CREATE TABLE bills (
    id INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    child_id INTEGER NOT NULL REFERENCES children(id),
    month TEXT NOT NULL,
    total_fen INTEGER NOT NULL,
    paid_fen INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    issued_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    UNIQUE (child_id, month)
);
CREATE INDEX bills_institution_month ON bills(institution_id, month);

CREATE TABLE bill_lines (
    id INTEGER PRIMARY KEY,
    bill_id INTEGER NOT NULL REFERENCES bills(id),
    description TEXT NOT NULL,
    rule TEXT NOT NULL,
    quantity REAL NOT NULL,
    unit_price_fen INTEGER NOT NULL,
    amount_fen INTEGER NOT NULL
);
CREATE INDEX bill_lines_bill ON bill_lines(bill_id);

CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    bill_id INTEGER NOT NULL REFERENCES bills(id),
    amount_fen INTEGER NOT NULL,
    paid_on TEXT NOT NULL,
    method TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES users(id),
    created_at DATETIME NOT NULL
);
CREATE INDEX payments_bill ON payments(bill_id);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    read_at DATETIME
);
CREATE INDEX notifications_user ON notifications(user_id, read_at);

-- +goose Down
DROP TABLE notifications;
DROP TABLE payments;
DROP TABLE bill_lines;
DROP TABLE bills;
DROP TABLE price_caps;
DROP TABLE fee_schedules;
DROP TABLE care_logs;
DROP TABLE health_checks;
DROP TABLE staff_attendance;
DROP TABLE attendance;
DROP TABLE enrolments;
DROP TABLE consents;
DROP TABLE pickup_persons;
DROP TABLE guardians;
DROP TABLE children;
DROP TABLE class_caregivers;
DROP TABLE classes;
DROP TABLE blacklist;
DROP TABLE staff_certificates;
DROP TABLE employments;
DROP TABLE staff;
