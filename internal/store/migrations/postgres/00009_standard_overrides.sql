-- +goose Up
-- A city's or county's stricter figure for one setting of the national
-- standard (托育机构设置标准（试行）and the documents applied with it), with the
-- local document that requires it. The standard in force for a county is the
-- national floors tightened by its city's rows and then its own.
CREATE TABLE standard_overrides (
    region_code TEXT NOT NULL REFERENCES regions(code),
    setting TEXT NOT NULL,
    value BIGINT NOT NULL,
    source TEXT NOT NULL,
    set_by BIGINT REFERENCES users(id),
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (region_code, setting)
);

-- +goose Down
DROP TABLE standard_overrides;
