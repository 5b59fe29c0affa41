package store

import (
	"context"
	"time"

	"tuoyu/internal/domain"
)

// StandardOverrides lists every local override of the national standard,
// by region and setting. Overrides are public rules, not records of people.
func (q Q) StandardOverrides(ctx context.Context) ([]domain.StandardOverride, error) {
	rows, err := q.query(ctx, `SELECT o.region_code, COALESCE(r.name, ''), o.setting, o.value, o.source, o.updated_at
		FROM standard_overrides o LEFT JOIN regions r ON r.code = o.region_code ORDER BY o.region_code, o.setting`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.StandardOverride{}
	for rows.Next() {
		var o domain.StandardOverride
		if err := rows.Scan(&o.RegionCode, &o.RegionName, &o.Setting, &o.Value, &o.Source, &o.UpdatedAt); err != nil {
			return nil, err
		}
		o.UpdatedAt = o.UpdatedAt.UTC()
		out = append(out, o)
	}
	return out, rows.Err()
}

// SetStandardOverride sets a region's figure for a setting, replacing the
// one it had.
func (q Q) SetStandardOverride(ctx context.Context, o domain.StandardOverride, by int64, now time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO standard_overrides (region_code, setting, value, source, set_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (region_code, setting) DO UPDATE SET value = excluded.value,
		source = excluded.source, set_by = excluded.set_by, updated_at = excluded.updated_at`,
		o.RegionCode, o.Setting, o.Value, o.Source, nullID(by), now.UTC())
	return err
}

// DeleteStandardOverride removes a region's figure for a setting; found is
// false when it had none.
func (q Q) DeleteStandardOverride(ctx context.Context, region, setting string) (bool, error) {
	res, err := q.exec(ctx, `DELETE FROM standard_overrides WHERE region_code = ? AND setting = ?`, region, setting)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// LockRegion holds a division's row until the transaction ends (SQLite has
// one writer already), so that changes under one city are made one at a time.
func (q Q) LockRegion(ctx context.Context, code string) error {
	var got string
	err := q.queryRow(ctx, "SELECT code FROM regions WHERE code = ?"+q.forUpdate(), code).Scan(&got)
	return notFound(err, "region")
}
