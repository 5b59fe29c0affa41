-- +goose Up
-- A change filing keeps the materials of the filed version: each kept
-- material is a row of the new version that points at the uploaded one
-- (its content is read from there and not copied).
ALTER TABLE filing_materials ADD COLUMN inherited_from INTEGER REFERENCES filing_materials(id);

-- +goose Down
ALTER TABLE filing_materials DROP COLUMN inherited_from;
