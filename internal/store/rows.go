package store

import "database/sql"

// Row is what a scan function reads: a *sql.Row or the current *sql.Rows.
type Row interface{ Scan(dest ...any) error }

// Collect scans every row with scan; it closes rows and reports rows.Err,
// the check a hand-written loop forgets. err is the query's, so that
// Collect(q.query(…), scanX) reads as one step. No rows is an empty slice.
func Collect[T any](rows *sql.Rows, err error, scan func(Row) (T, error)) ([]T, error) {
	out := []T{}
	err = Each(rows, err, func(r Row) error {
		v, err := scan(r)
		if err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Each calls fn for every row, for results that are not a list (a map, a
// merge into rows read before); it closes rows and reports rows.Err.
func Each(rows *sql.Rows, err error, fn func(Row) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return rows.Close()
}
