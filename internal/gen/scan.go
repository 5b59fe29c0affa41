package gen

import (
	"context"
	"database/sql"

	"tuoyu/internal/civil"
	"tuoyu/internal/store"
)

// ScanMeasures are the measures Scan recomputes.
var ScanMeasures = []string{"inst_registered", "inst_filed", "inst_demonstration", "places_filed", "places_counted", "places_puhui",
	"enrolled", "enrolled_under3", "enrolled_puhui", "att_present", "att_recorded", "att_absent_sick", "staff_total", "classes_total"}

// Scan recomputes measures of month m straight from the raw rows, by
// county, for the counties whose code starts with prefix ("61" for the
// province, "6101" for a city): the naive way the roll-ups replace, kept
// to check them and to measure what they save. Stocks are taken at the end
// of asOf; institutions are counted with their present attributes (the
// generator writes no change of them).
func Scan(ctx context.Context, q store.Q, prefix string, m civil.Month, asOf civil.Date) (map[string]map[string]int64, error) {
	out := map[string]map[string]int64{}
	add := func(county, measure string, n int64) {
		if out[county] == nil {
			out[county] = map[string]int64{}
		}
		out[county][measure] += n
	}
	end, first, last := asOf.String(), m.First().String(), m.Last().String()
	under3 := asOf.AddMonths(-36).String()
	like := prefix + "%"
	queries := []struct {
		sql      string
		args     []any
		measures []string
	}{
		{`SELECT region_code, SUM(CASE WHEN status <> 'cancelled' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'filed' THEN 1 ELSE 0 END),
				SUM(CASE WHEN status = 'filed' AND demonstration THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'filed' THEN places ELSE 0 END),
				SUM(CASE WHEN status = 'filed' AND kind NOT IN ('kindergarten', 'home') THEN places ELSE 0 END),
				SUM(CASE WHEN status = 'filed' AND kind NOT IN ('kindergarten', 'home') THEN puhui_places ELSE 0 END)
			FROM institutions WHERE region_code LIKE ? GROUP BY region_code`, []any{like},
			[]string{"inst_registered", "inst_filed", "inst_demonstration", "places_filed", "places_counted", "places_puhui"}},
		{`SELECT i.region_code, COUNT(*), SUM(CASE WHEN c.birth_date > ? THEN 1 ELSE 0 END), SUM(CASE WHEN e.puhui THEN 1 ELSE 0 END),
				SUM(CASE WHEN i.kind IN ('kindergarten', 'home') AND c.birth_date > ? THEN 1 ELSE 0 END),
				SUM(CASE WHEN i.kind IN ('kindergarten', 'home') AND c.birth_date > ? AND e.puhui THEN 1 ELSE 0 END)
			FROM enrolments e JOIN children c ON c.id = e.child_id JOIN institutions i ON i.id = e.institution_id
			WHERE i.status = 'filed' AND e.start_date <= ? AND (e.end_date IS NULL OR e.end_date > ?) AND i.region_code LIKE ?
			GROUP BY i.region_code`, []any{under3, under3, under3, end, end, like},
			[]string{"enrolled", "enrolled_under3", "enrolled_puhui", "places_counted", "places_puhui"}},
		{`SELECT i.region_code, SUM(CASE WHEN a.check_in IS NOT NULL THEN 1 ELSE 0 END),
				SUM(CASE WHEN a.check_in IS NOT NULL OR a.absent_reason <> '' THEN 1 ELSE 0 END),
				SUM(CASE WHEN a.check_in IS NULL AND a.absent_reason = 'sick' THEN 1 ELSE 0 END)
			FROM attendance a JOIN institutions i ON i.id = a.institution_id
			WHERE i.status = 'filed' AND a.date >= ? AND a.date <= ? AND i.region_code LIKE ? GROUP BY i.region_code`, []any{first, last, like},
			[]string{"att_present", "att_recorded", "att_absent_sick"}},
		{`SELECT i.region_code, COUNT(*) FROM employments e JOIN institutions i ON i.id = e.institution_id
			WHERE i.status = 'filed' AND e.start_date <= ? AND (e.end_date IS NULL OR e.end_date > ?) AND i.region_code LIKE ? GROUP BY i.region_code`,
			[]any{end, end, like}, []string{"staff_total"}},
		{`SELECT i.region_code, COUNT(*) FROM classes c JOIN institutions i ON i.id = c.institution_id
			WHERE i.status = 'filed' AND NOT c.archived AND i.region_code LIKE ? GROUP BY i.region_code`, []any{like}, []string{"classes_total"}},
	}
	for _, qq := range queries {
		if err := func() error {
			rows, err := q.Query(ctx, qq.sql, qq.args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var county string
				vals := make([]sql.NullInt64, len(qq.measures))
				dest := []any{&county}
				for i := range vals {
					dest = append(dest, &vals[i])
				}
				if err := rows.Scan(dest...); err != nil {
					return err
				}
				for i, v := range vals {
					add(county, qq.measures[i], v.Int64)
				}
			}
			return rows.Err()
		}(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Sum adds up Scan's counties into one region's measures.
func Sum(byCounty map[string]map[string]int64) map[string]int64 {
	out := map[string]int64{}
	for _, ms := range byCounty {
		for k, v := range ms {
			out[k] += v
		}
	}
	return out
}
