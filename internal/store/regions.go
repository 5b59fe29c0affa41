package store

import (
	"context"
	"database/sql"
	"strings"

	"tuoyu/internal/domain"
)

// Holiday is one day of an official holiday calendar: an off day, or a
// make-up working day on a weekend.
type Holiday struct {
	Date   string
	Name   string
	OffDay bool
}

// Population is a region's resident population for a year.
type Population struct {
	RegionCode string
	Year       int
	Population int64
	Source     string
}

// batch runs an upsert for rows in chunks, so loading the 40,000 townships
// takes a few statements rather than 40,000 round trips.
func (q Q) batch(ctx context.Context, head, tail string, cols int, n int, row func(i int) []any) error {
	const per = 400
	for start := 0; start < n; start += per {
		end := min(start+per, n)
		var b strings.Builder
		args := make([]any, 0, (end-start)*cols)
		b.WriteString(head)
		for i := start; i < end; i++ {
			if i > start {
				b.WriteString(", ")
			}
			b.WriteString(in(cols))
			args = append(args, row(i)...)
		}
		b.WriteString(tail)
		if _, err := q.exec(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// LoadRegions inserts or updates administrative divisions.
func (q Q) LoadRegions(ctx context.Context, regions []domain.Region) error {
	return q.batch(ctx, "INSERT INTO regions (code, name, level, parent_code) VALUES ",
		" ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent_code = excluded.parent_code", 4, len(regions),
		func(i int) []any {
			r := regions[i]
			return []any{r.Code, r.Name, r.Level, nullString(r.ParentCode)}
		})
}

// LoadPopulations inserts or updates population figures.
func (q Q) LoadPopulations(ctx context.Context, pops []Population) error {
	return q.batch(ctx, "INSERT INTO region_population (region_code, year, population, source) VALUES ",
		" ON CONFLICT (region_code, year) DO UPDATE SET population = excluded.population, source = excluded.source", 4, len(pops),
		func(i int) []any {
			p := pops[i]
			return []any{p.RegionCode, p.Year, p.Population, p.Source}
		})
}

// LoadHolidays inserts or updates official calendar days.
func (q Q) LoadHolidays(ctx context.Context, days []Holiday) error {
	return q.batch(ctx, "INSERT INTO holidays (date, year, name, off_day) VALUES ",
		" ON CONFLICT (date) DO UPDATE SET name = excluded.name, off_day = excluded.off_day, year = excluded.year", 4, len(days),
		func(i int) []any {
			d := days[i]
			return []any{d.Date, yearOf(d.Date), d.Name, d.OffDay}
		})
}

func yearOf(date string) int {
	y := 0
	for _, c := range date[:4] {
		y = y*10 + int(c-'0')
	}
	return y
}

// Holidays returns every calendar day stored.
func (q Q) Holidays(ctx context.Context) ([]Holiday, error) {
	rows, err := q.query(ctx, "SELECT date, name, off_day FROM holidays ORDER BY date")
	return Collect(rows, err, func(r Row) (Holiday, error) {
		var h Holiday
		err := r.Scan(&h.Date, &h.Name, &h.OffDay)
		return h, err
	})
}

const regionColumns = `r.code, r.name, r.level, COALESCE(r.parent_code, ''),
	(SELECT p.population FROM region_population p WHERE p.region_code = r.code ORDER BY p.year DESC LIMIT 1),
	(SELECT p.year FROM region_population p WHERE p.region_code = r.code ORDER BY p.year DESC LIMIT 1)`

func scanRegion(row Row) (domain.Region, error) {
	var r domain.Region
	var pop, year sql.NullInt64
	err := row.Scan(&r.Code, &r.Name, &r.Level, &r.ParentCode, &pop, &year)
	if pop.Valid {
		r.Population = &pop.Int64
		r.PopulationYear = int(year.Int64)
	}
	return r, err
}

// Region returns one division.
func (q Q) Region(ctx context.Context, code string) (domain.Region, error) {
	r, err := scanRegion(q.queryRow(ctx, "SELECT "+regionColumns+" FROM regions r WHERE r.code = ?", code))
	return r, notFound(err, "region")
}

// Regions lists the children of a division (the provinces when parent is "").
func (q Q) Regions(ctx context.Context, parent string) ([]domain.Region, error) {
	where, args := "r.parent_code IS NULL", []any{}
	if parent != "" {
		where, args = "r.parent_code = ?", []any{parent}
	}
	rows, err := q.query(ctx, "SELECT "+regionColumns+" FROM regions r WHERE "+where+" ORDER BY r.code", args...)
	return Collect(rows, err, scanRegion)
}

// CountRegions counts divisions stored.
func (q Q) CountRegions(ctx context.Context) (int, error) {
	var n int
	err := q.queryRow(ctx, "SELECT COUNT(*) FROM regions").Scan(&n)
	return n, err
}

// Setting reads a key of the settings table ("" when absent).
func (q Q) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := q.queryRow(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return v, err
}

// SetSetting writes a key of the settings table.
func (q Q) SetSetting(ctx context.Context, key, value string) error {
	_, err := q.exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
	return err
}
