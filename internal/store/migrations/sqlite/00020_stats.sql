-- +goose Up
-- Statistics: measures per institution and month, rolled up per region;
-- the dirty marks that keep them current; yearly population figures.

-- A write to a record the indicators read marks its institution and month
-- here, in the writer's own transaction (the triggers below), and the stats
-- worker recomputes the marked months. month '' is the month current when
-- the worker runs; onward = 1 marks every month from month to the current
-- one. seq grows with each new mark so the worker clears only what it has
-- seen.
CREATE TABLE stats_dirty (
    institution_id INTEGER NOT NULL,
    month TEXT NOT NULL,
    onward INTEGER NOT NULL,
    seq INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (institution_id, month, onward)
);

-- The institution's attributes as they stood in a month (kind, status,
-- places, township): a closed month keeps the ones it was computed with.
CREATE TABLE stats_institution_months (
    institution_id INTEGER NOT NULL,
    month TEXT NOT NULL,
    status TEXT NOT NULL,
    kind TEXT NOT NULL,
    nature TEXT NOT NULL,
    places INTEGER NOT NULL,
    puhui_places INTEGER NOT NULL,
    demonstration INTEGER NOT NULL,
    region_code TEXT NOT NULL,
    township_code TEXT NOT NULL,
    PRIMARY KEY (institution_id, month)
);

CREATE TABLE stats_institution_values (
    institution_id INTEGER NOT NULL,
    month TEXT NOT NULL,
    measure TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (institution_id, month, measure)
);
CREATE INDEX stats_institution_values_month ON stats_institution_values(month, measure);

CREATE TABLE stats_region_values (
    region_code TEXT NOT NULL,
    month TEXT NOT NULL,
    measure TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (region_code, month, measure)
);
CREATE INDEX stats_region_values_month ON stats_region_values(month, measure);

-- Yearly population figures by region (resident, under-3), every imported
-- version kept with its source; the highest version of a key is in force.
CREATE TABLE stats_population (
    id INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    kind TEXT NOT NULL,
    value INTEGER NOT NULL,
    version INTEGER NOT NULL,
    source TEXT NOT NULL,
    imported_by INTEGER,
    imported_at DATETIME NOT NULL,
    UNIQUE (region_code, year, kind, version)
);

-- +goose StatementBegin
CREATE TRIGGER stats_attendance_ins AFTER INSERT ON attendance BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) VALUES (NEW.institution_id, substr(NEW.date, 1, 7), 0)
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_attendance_upd AFTER UPDATE ON attendance BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) VALUES (OLD.institution_id, substr(OLD.date, 1, 7), 0), (NEW.institution_id, substr(NEW.date, 1, 7), 0)
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_attendance_del AFTER DELETE ON attendance BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) VALUES (OLD.institution_id, substr(OLD.date, 1, 7), 0)
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_enrolments_ins AFTER INSERT ON enrolments BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) VALUES (NEW.institution_id, substr(NEW.start_date, 1, 7), 1)
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_enrolments_upd AFTER UPDATE ON enrolments BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) VALUES (OLD.institution_id, substr(OLD.start_date, 1, 7), 1), (NEW.institution_id, substr(NEW.start_date, 1, 7), 1)
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_enrolments_del AFTER DELETE ON enrolments BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) VALUES (OLD.institution_id, substr(OLD.start_date, 1, 7), 1)
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_children_upd AFTER UPDATE OF birth_date ON children BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) SELECT DISTINCT e.institution_id, substr(e.start_date, 1, 7), 1 FROM enrolments e WHERE e.child_id = NEW.id
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_employments_ins AFTER INSERT ON employments BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) VALUES (NEW.institution_id, substr(NEW.start_date, 1, 7), 1)
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_employments_upd AFTER UPDATE ON employments BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) VALUES (OLD.institution_id, substr(OLD.start_date, 1, 7), 1), (NEW.institution_id, substr(NEW.start_date, 1, 7), 1)
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_certificates_ins AFTER INSERT ON staff_certificates BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) SELECT DISTINCT e.institution_id, substr(e.start_date, 1, 7), 1 FROM employments e WHERE e.staff_id = NEW.staff_id
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_certificates_upd AFTER UPDATE ON staff_certificates BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) SELECT DISTINCT e.institution_id, substr(e.start_date, 1, 7), 1 FROM employments e WHERE e.staff_id IN (OLD.staff_id, NEW.staff_id)
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_certificates_del AFTER DELETE ON staff_certificates BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) SELECT DISTINCT e.institution_id, substr(e.start_date, 1, 7), 1 FROM employments e WHERE e.staff_id = OLD.staff_id
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_classes_ins AFTER INSERT ON classes BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) VALUES (NEW.institution_id, '', 1)
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_classes_upd AFTER UPDATE ON classes BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) VALUES (NEW.institution_id, '', 1)
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_caregivers_ins AFTER INSERT ON class_caregivers BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) SELECT c.institution_id, '', 1 FROM classes c WHERE c.id = NEW.class_id
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_caregivers_del AFTER DELETE ON class_caregivers BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) SELECT c.institution_id, '', 1 FROM classes c WHERE c.id = OLD.class_id
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_institutions_ins AFTER INSERT ON institutions BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) VALUES (NEW.id, '', 1)
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_institutions_upd AFTER UPDATE ON institutions BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) VALUES (NEW.id, '', 1)
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_bills_ins AFTER INSERT ON bills BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) VALUES (NEW.institution_id, NEW.month, 0)
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_bills_upd AFTER UPDATE ON bills BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) VALUES (OLD.institution_id, OLD.month, 0), (NEW.institution_id, NEW.month, 0)
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_bills_del AFTER DELETE ON bills BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) VALUES (OLD.institution_id, OLD.month, 0)
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_price_caps_ins AFTER INSERT ON price_caps BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) SELECT i.id, substr(NEW.effective_from, 1, 7), 1 FROM institutions i WHERE i.region_code = NEW.region_code
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stats_price_caps_upd AFTER UPDATE ON price_caps BEGIN
  INSERT INTO stats_dirty (institution_id, month, onward) SELECT i.id, substr(NEW.effective_from, 1, 7), 1 FROM institutions i WHERE i.region_code = NEW.region_code
    ON CONFLICT (institution_id, month, onward) DO UPDATE SET seq = seq + 1;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER stats_price_caps_upd;
DROP TRIGGER stats_price_caps_ins;
DROP TRIGGER stats_bills_del;
DROP TRIGGER stats_bills_upd;
DROP TRIGGER stats_bills_ins;
DROP TRIGGER stats_institutions_upd;
DROP TRIGGER stats_institutions_ins;
DROP TRIGGER stats_caregivers_del;
DROP TRIGGER stats_caregivers_ins;
DROP TRIGGER stats_classes_upd;
DROP TRIGGER stats_classes_ins;
DROP TRIGGER stats_certificates_del;
DROP TRIGGER stats_certificates_upd;
DROP TRIGGER stats_certificates_ins;
DROP TRIGGER stats_employments_upd;
DROP TRIGGER stats_employments_ins;
DROP TRIGGER stats_children_upd;
DROP TRIGGER stats_enrolments_del;
DROP TRIGGER stats_enrolments_upd;
DROP TRIGGER stats_enrolments_ins;
DROP TRIGGER stats_attendance_del;
DROP TRIGGER stats_attendance_upd;
DROP TRIGGER stats_attendance_ins;
DROP TABLE stats_population;
DROP TABLE stats_region_values;
DROP TABLE stats_institution_values;
DROP TABLE stats_institution_months;
DROP TABLE stats_dirty;
