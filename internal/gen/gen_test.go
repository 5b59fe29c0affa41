package gen_test

import (
	"context"
	"testing"

	"tuoyu/internal/app"
	"tuoyu/internal/civil"
	"tuoyu/internal/gen"
	"tuoyu/internal/store"
	"tuoyu/internal/testkit"
)

func deps(a *app.App) gen.Deps {
	return gen.Deps{DB: a.DB, DSN: a.Config.DB, Keys: a.Service.Keys, Calendar: a.Service.Calendar}
}

func count(t *testing.T, q store.Q, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := q.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// TestGenerateSmallProvince generates a tiny Shaanxi and checks what it
// wrote against itself and the roll-ups against a recomputation from the
// raw rows, for the province and each of its cities.
func TestGenerateSmallProvince(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			a := testkit.NewApp(t, b, testkit.DefaultNow)
			o := gen.Options{Province: "610000", Institutions: 30, Months: 2, Seed: 7, Now: testkit.DefaultNow}
			counts, err := gen.Generate(ctx, deps(a), o)
			if err != nil {
				t.Fatal(err)
			}
			q := a.DB.Read()
			for table, n := range counts {
				if got := count(t, q, "SELECT COUNT(*) FROM "+table); got != n {
					t.Errorf("%s: %d rows in the table, %d reported", table, got, n)
				}
			}
			if counts["institutions"] != 30 || counts["attendance"] == 0 || counts["children"] == 0 {
				t.Fatalf("counts %v", counts)
			}
			if counts["children"] != counts["enrolments"] || counts["children"] != counts["guardians"] {
				t.Errorf("children %d, enrolments %d, guardians %d", counts["children"], counts["enrolments"], counts["guardians"])
			}
			if n := count(t, q, "SELECT COUNT(*) FROM institutions WHERE region_code NOT LIKE '61%' OR township_code NOT LIKE region_code || '%'"); n != 0 {
				t.Errorf("%d institutions outside Shaanxi or their county", n)
			}
			if n := count(t, q, `SELECT COUNT(*) FROM institutions i WHERE places <> (SELECT SUM(capacity) FROM classes c WHERE c.institution_id = i.id)`); n != 0 {
				t.Errorf("%d institutions whose classes do not add up to their places", n)
			}
			if n := count(t, q, `SELECT COUNT(*) FROM enrolments e JOIN classes c ON c.id = e.class_id WHERE c.institution_id <> e.institution_id`); n != 0 {
				t.Errorf("%d enrolments in another institution's class", n)
			}
			if n := count(t, q, `SELECT COUNT(*) FROM enrolments e JOIN institutions i ON i.id = e.institution_id JOIN children c ON c.id = e.child_id
				WHERE e.start_date < substr(CAST(i.created_at AS TEXT), 1, 10) OR e.start_date <= c.birth_date`); n != 0 {
				t.Errorf("%d enrolments before the institution opened or the child was born", n)
			}
			if n := count(t, q, `SELECT COUNT(*) FROM attendance a JOIN enrolments e ON e.child_id = a.child_id
				WHERE a.date < e.start_date OR (e.end_date IS NOT NULL AND a.date >= e.end_date) OR a.institution_id <> e.institution_id`); n != 0 {
				t.Errorf("%d attendance rows outside the child's enrolment", n)
			}
			// The identity numbers are encrypted with the deployment's key.
			var enc string
			if err := q.QueryRow(ctx, "SELECT cert_enc FROM children ORDER BY id LIMIT 1").Scan(&enc); err != nil {
				t.Fatal(err)
			}
			if _, err := a.Service.Keys.Decrypt(enc); err != nil {
				t.Errorf("a child's certificate number does not decrypt: %v", err)
			}
			// A row written after the bulk load takes the next id.
			err = a.DB.Tx(ctx, func(q store.Q) error {
				id, err := q.Insert(ctx, "INSERT INTO guardians (child_id, name, relation, phone, created_at) VALUES (1, '王芳', 'mother', '13800000000', ?)", testkit.DefaultNow)
				if err == nil && id != counts["guardians"]+1 {
					t.Errorf("next guardian id %d after %d", id, counts["guardians"])
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}

			for _, m := range o.MonthsCovered() {
				if err := a.Stats.Rebuild(ctx, m, nil); err != nil {
					t.Fatal(err)
				}
			}
			if err := gen.ClearMarks(ctx, a.DB); err != nil {
				t.Fatal(err)
			}
			today := civil.InChina(testkit.DefaultNow)
			for _, m := range o.MonthsCovered() {
				asOf := m.Last()
				if asOf.After(today) {
					asOf = today
				}
				byCounty, err := gen.Scan(ctx, q, "61", m, asOf)
				if err != nil {
					t.Fatal(err)
				}
				want := map[string]map[string]int64{"610000": gen.Sum(byCounty)}
				for county, ms := range byCounty {
					city := county[:4] + "00"
					if want[city] == nil {
						want[city] = map[string]int64{}
					}
					for k, v := range ms {
						want[city][k] += v
					}
					want[county] = ms
				}
				if want["610000"]["att_present"] == 0 || want["610000"]["enrolled"] == 0 {
					t.Fatalf("%s: nothing to compare: %v", m, want["610000"])
				}
				for region, ms := range want {
					for _, measure := range gen.ScanMeasures {
						got := count(t, q, "SELECT COALESCE(SUM(value), 0) FROM stats_region_values WHERE region_code = ? AND month = ? AND measure = ?", region, m.String(), measure)
						if got != ms[measure] {
							t.Errorf("%s %s %s: roll-up %d, raw %d", m, region, measure, got, ms[measure])
						}
					}
				}
			}
		})
	}
}
