package stats_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"tuoyu/internal/app"
	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/stats"
	"tuoyu/internal/store"
	"tuoyu/internal/testkit"
)

// fixture writes raw rows with plain SQL, as the use cases of other
// capabilities would, so the triggers are what keeps the roll-ups current.
type fixture struct {
	t     *testing.T
	ctx   context.Context
	a     *app.App
	rng   *rand.Rand
	insts []int64
	kids  []int64
	seq   int
}

var counties = []string{"610602", "610603"}

func (f *fixture) exec(query string, args ...any) {
	f.t.Helper()
	if err := f.a.DB.Tx(f.ctx, func(q store.Q) error { _, err := q.Exec(f.ctx, query, args...); return err }); err != nil {
		f.t.Fatalf("%s: %v", query, err)
	}
}

func (f *fixture) township(county string) string {
	var code string
	if err := f.a.DB.Read().QueryRow(f.ctx, "SELECT code FROM regions WHERE parent_code = ? ORDER BY code LIMIT 1 OFFSET ?", county, f.rng.IntN(3)).Scan(&code); err != nil {
		f.t.Fatal(err)
	}
	return code
}

func (f *fixture) newInstitution(status string) int64 {
	f.seq++
	county := counties[f.rng.IntN(len(counties))]
	kind := domain.Kinds[f.rng.IntN(len(domain.Kinds))]
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	var id int64
	err := f.a.DB.Tx(f.ctx, func(q store.Q) error {
		var err error
		id, err = q.Insert(f.ctx, `INSERT INTO institutions (name, credit_code, kind, nature, region_code, township_code, places, puhui_places, status, demonstration, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, fmt.Sprintf("机构%d", f.seq), fmt.Sprintf("CODE%014d", f.seq), kind, domain.Natures[f.rng.IntN(5)],
			county, f.township(county), 20+f.rng.IntN(60), f.rng.IntN(20), status, f.rng.IntN(2) == 0, now, now)
		return err
	})
	if err != nil {
		f.t.Fatal(err)
	}
	f.insts = append(f.insts, id)
	return id
}

func (f *fixture) pick(ids []int64) int64 { return ids[f.rng.IntN(len(ids))] }

func (f *fixture) day() string {
	return time.Date(2026, time.Month(7+f.rng.IntN(3)), 1+f.rng.IntN(28), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

func (f *fixture) enrol() {
	f.seq++
	inst := f.pick(f.insts)
	now := time.Now().UTC()
	var class int64
	err := f.a.DB.Tx(f.ctx, func(q store.Q) error {
		if err := q.QueryRow(f.ctx, "SELECT id FROM classes WHERE institution_id = ?", inst).Scan(&class); err != nil {
			var err2 error
			class, err2 = q.Insert(f.ctx, "INSERT INTO classes (institution_id, name, type, capacity, created_at, updated_at) VALUES (?, ?, ?, 15, ?, ?)", inst, "托小班", "toddler_young", now, now)
			if err2 != nil {
				return err2
			}
		}
		birth := time.Date(2023+f.rng.IntN(3), time.Month(1+f.rng.IntN(12)), 1+f.rng.IntN(28), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		child, err := q.Insert(f.ctx, `INSERT INTO children (name, sex, birth_date, cert_type, cert_enc, cert_hash, cert_masked, created_at, updated_at)
			VALUES (?, 'F', ?, 'birth', 'x', ?, 'x', ?, ?)`, fmt.Sprintf("孩子%d", f.seq), birth, fmt.Sprintf("h%d", f.seq), now, now)
		if err != nil {
			return err
		}
		f.kids = append(f.kids, child)
		care := domain.CareTypes[f.rng.IntN(2)]
		_, err = q.Exec(f.ctx, `INSERT INTO enrolments (child_id, institution_id, class_id, care_type, start_date, puhui, fee_fen, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, child, inst, class, care, f.day(), f.rng.IntN(2) == 0, 100000+f.rng.IntN(200000), now)
		return err
	})
	if err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) attendance() {
	child := f.pick(f.kids)
	var inst int64
	if err := f.a.DB.Read().QueryRow(f.ctx, "SELECT institution_id FROM enrolments WHERE child_id = ?", child).Scan(&inst); err != nil {
		f.t.Fatal(err)
	}
	now := time.Now().UTC()
	date := f.day()
	if f.rng.IntN(3) == 0 {
		f.exec(`INSERT INTO attendance (child_id, institution_id, date, absent_reason, updated_at) VALUES (?, ?, ?, 'sick', ?)
			ON CONFLICT (child_id, date) DO UPDATE SET check_in = NULL, absent_reason = 'sick'`, child, inst, date, now)
		return
	}
	f.exec(`INSERT INTO attendance (child_id, institution_id, date, check_in, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (child_id, date) DO UPDATE SET check_in = excluded.check_in, absent_reason = ''`, child, inst, date, now, now)
}

// TestRollupsEqualRecomputation writes a random sequence of records,
// refreshing at random points, and checks the regional roll-ups against
// a recomputation from the raw rows in plain SQL.
func TestRollupsEqualRecomputation(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a := testkit.NewApp(t, b, testkit.DefaultNow)
			f := &fixture{t: t, ctx: context.Background(), a: a, rng: rand.New(rand.NewPCG(11, 7))}
			for range 4 {
				f.newInstitution(domain.StatusFiled)
			}
			f.newInstitution(domain.StatusUnfiled)
			for range 12 {
				f.enrol()
			}
			for i := range 160 {
				switch r := f.rng.IntN(10); {
				case r < 6:
					f.attendance()
				case r < 7:
					f.enrol()
				case r < 8:
					f.exec("UPDATE enrolments SET end_date = ? WHERE id = (SELECT MIN(id) FROM enrolments WHERE end_date IS NULL AND child_id = ?) AND start_date <= ?",
						"2026-09-15", f.pick(f.kids), "2026-09-15")
				case r < 9:
					f.exec("DELETE FROM attendance WHERE id = (SELECT MIN(id) FROM attendance WHERE institution_id = ?)", f.pick(f.insts))
				default:
					f.exec("UPDATE institutions SET places = ?, updated_at = ? WHERE id = ?", 10+f.rng.IntN(80), time.Now().UTC(), f.pick(f.insts))
				}
				if i%37 == 0 {
					if _, err := a.Stats.Refresh(f.ctx); err != nil {
						t.Fatal(err)
					}
				}
			}
			if _, err := a.Stats.Refresh(f.ctx); err != nil {
				t.Fatal(err)
			}
			checkAgainstRaw(t, f)

			// A rebuild of one month from the raw records changes nothing
			// and leaves the other months in place.
			before := regionValues(t, f, "2026-07")
			if err := a.Stats.Rebuild(f.ctx, mustMonth("2026-08"), nil); err != nil {
				t.Fatal(err)
			}
			checkAgainstRaw(t, f)
			if after := regionValues(t, f, "2026-07"); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("rebuilding 2026-08 changed 2026-07")
			}
		})
	}
}

func regionValues(t *testing.T, f *fixture, month string) map[string]int64 {
	rows, err := f.a.DB.Read().Query(f.ctx, "SELECT region_code, measure, value FROM stats_region_values WHERE month = ?", month)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var r, m string
		var v int64
		if err := rows.Scan(&r, &m, &v); err != nil {
			t.Fatal(err)
		}
		out[r+"/"+m] = v
	}
	return out
}

// checkAgainstRaw recomputes measures for each county and the city from the
// raw tables.
func checkAgainstRaw(t *testing.T, f *fixture) {
	t.Helper()
	months := map[string]string{"2026-07": "2026-07-31", "2026-08": "2026-08-31", "2026-09": "2026-09-30"}
	type check struct {
		measure, sql string
		args         func(first, end string) []any
	}
	checks := []check{
		{"enrolled", `SELECT COUNT(*) FROM enrolments e JOIN institutions i ON i.id = e.institution_id
			WHERE i.status = 'filed' AND e.start_date <= ? AND (e.end_date IS NULL OR e.end_date > ?) AND i.region_code LIKE ?`,
			func(_, end string) []any { return []any{end, end} }},
		{"att_present", `SELECT COUNT(*) FROM attendance a JOIN institutions i ON i.id = a.institution_id
			WHERE i.status = 'filed' AND a.check_in IS NOT NULL AND a.date >= ? AND a.date <= ? AND i.region_code LIKE ?`,
			func(first, end string) []any { return []any{first, end} }},
		{"att_absent_sick", `SELECT COUNT(*) FROM attendance a JOIN institutions i ON i.id = a.institution_id
			WHERE i.status = 'filed' AND a.check_in IS NULL AND a.absent_reason = 'sick' AND a.date >= ? AND a.date <= ? AND i.region_code LIKE ?`,
			func(first, end string) []any { return []any{first, end} }},
		{"enrol_withdrawn", `SELECT COUNT(*) FROM enrolments e JOIN institutions i ON i.id = e.institution_id
			WHERE i.status = 'filed' AND e.end_date >= ? AND e.end_date <= ? AND i.region_code LIKE ?`,
			func(first, end string) []any { return []any{first, end} }},
		{"inst_registered", `SELECT COUNT(*) FROM institutions i WHERE i.status <> 'cancelled' AND ? <> ? AND i.region_code LIKE ?`,
			func(first, end string) []any { return []any{first, end} }},
	}
	for month, end := range months {
		got := regionValues(t, f, month)
		for _, region := range []string{"610602", "610603", "610600", "610000"} {
			for _, c := range checks {
				var want int64
				args := append(c.args(month+"-01", end), prefix(region)+"%")
				if err := f.a.DB.Read().QueryRow(f.ctx, c.sql, args...).Scan(&want); err != nil {
					t.Fatal(err)
				}
				if g := got[region+"/"+c.measure]; g != want {
					t.Errorf("%s %s %s: roll-up %d, raw %d", month, region, c.measure, g, want)
				}
			}
		}
	}
	// Places are an attribute of the institution: the current month's
	// counted places follow the counting rule over the present rows.
	var want int64
	err := f.a.DB.Read().QueryRow(f.ctx, `SELECT COALESCE(SUM(CASE WHEN i.kind IN ('kindergarten', 'home') THEN
			(SELECT COUNT(*) FROM enrolments e JOIN children c ON c.id = e.child_id WHERE e.institution_id = i.id AND e.start_date <= '2026-09-30'
			 AND (e.end_date IS NULL OR e.end_date > '2026-09-30') AND c.birth_date > '2023-09-30')
		ELSE i.places END), 0) FROM institutions i WHERE i.status = 'filed'`).Scan(&want)
	if err != nil {
		t.Fatal(err)
	}
	if g := regionValues(t, f, "2026-09")["610600/places_counted"]; g != want {
		t.Errorf("city counted places: roll-up %d, raw %d", g, want)
	}
}

func prefix(code string) string {
	switch {
	case code[2:] == "0000":
		return code[:2]
	case code[4:] == "00":
		return code[:4]
	}
	return code
}

// TestRatiosAggregateBySums: a county's occupancy is its children enrolled
// over its filed places, not the mean of its institutions' occupancies;
// scope keeps a county regulator to their county.
func TestRatiosAggregateBySums(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a := testkit.NewApp(t, b, testkit.DefaultNow)
			f := &fixture{t: t, ctx: context.Background(), a: a, rng: rand.New(rand.NewPCG(3, 5))}
			for range 3 {
				f.newInstitution(domain.StatusFiled)
			}
			for range 25 {
				f.enrol()
			}
			if _, err := a.Stats.Refresh(f.ctx); err != nil {
				t.Fatal(err)
			}
			city := authz.System("test")
			insts, err := a.Stats.Values(f.ctx, city, stats.Query{Indicator: "occupancy", Region: "610600", Period: "2026-09", Level: "institution"})
			if err != nil {
				t.Fatal(err)
			}
			var num, den int64
			var meanSum float64
			for _, v := range insts {
				num += *v.Numerator
				den += *v.Denominator
				meanSum += *v.Value
			}
			got, err := a.Stats.Values(f.ctx, city, stats.Query{Indicator: "occupancy", Region: "610600", Period: "2026-09"})
			if err != nil {
				t.Fatal(err)
			}
			if want := float64(num) / float64(den) * 100; got[0].Value == nil || *got[0].Value != want {
				t.Fatalf("city occupancy %v, want %v (sum over sum); mean of ratios would be %v", got[0].Value, want, meanSum/float64(len(insts)))
			}
			// places per 1,000 uses the latest resident population figure (2023).
			p, err := a.Stats.Values(f.ctx, city, stats.Query{Indicator: "places_per_1000", Region: "610600", Period: "2026"})
			if err != nil || p[0].Denominator == nil || *p[0].Denominator != 2261400 {
				t.Fatalf("places per 1,000: %+v %v", p, err)
			}
			county := authz.Actor{UserID: 9, Username: "c", Role: domain.RoleCountyRegulator, RegionCode: "610602"}
			if _, err := a.Stats.Values(f.ctx, county, stats.Query{Indicator: "occupancy", Region: "610603"}); !isNotFound(err) {
				t.Errorf("county regulator reads another county: %v", err)
			}
			if _, err := a.Stats.Values(f.ctx, county, stats.Query{Indicator: "occupancy", Region: "610600"}); !isNotFound(err) {
				t.Errorf("county regulator reads the city: %v", err)
			}
			own, err := a.Stats.Values(f.ctx, county, stats.Query{Indicator: "occupancy", Level: "township"})
			if err != nil || len(own) == 0 {
				t.Fatalf("county townships: %v %v", own, err)
			}
			director := authz.Actor{UserID: 8, Username: "d", Role: domain.RoleDirector, InstitutionID: f.insts[0]}
			mine, err := a.Stats.Values(f.ctx, director, stats.Query{Indicator: "occupancy", Level: "institution"})
			if err != nil || len(mine) != 1 || mine[0].InstitutionID != f.insts[0] {
				t.Fatalf("director sees %+v %v", mine, err)
			}
			if _, err := a.Stats.Values(f.ctx, director, stats.Query{Indicator: "occupancy", Region: "610602"}); !isNotFound(err) {
				t.Errorf("director reads a county: %v", err)
			}
			// An indicator whose records do not exist yet has no value.
			nd, err := a.Stats.Values(f.ctx, city, stats.Query{Indicator: "inspection_pass_rate", Region: "610600"})
			if err != nil || nd[0].Value != nil || nd[0].Numerator != nil {
				t.Errorf("inspection pass rate should be no data: %+v %v", nd, err)
			}
		})
	}
}

func isNotFound(err error) bool {
	var de *domain.Error
	return errors.As(err, &de) && de.Code == domain.CodeNotFound
}

func mustMonth(s string) civil.Month {
	m, err := civil.ParseMonth(s)
	if err != nil {
		panic(err)
	}
	return m
}

// TestPopulationImport: all or nothing, every version kept, the latest in
// force for the enrolment rate's denominator.
func TestPopulationImport(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a := testkit.NewApp(t, b, testkit.DefaultNow)
			ctx := context.Background()
			sys := authz.System("test")
			bad := "区划代码,年份,人数\n610602,2026,9000\n999999,2026,10\n610603,20x6,5\n"
			res, err := a.Stats.ImportPopulation(ctx, sys, stats.PopulationUnder3, "儿保年报", "u3.csv", []byte(bad), true)
			if err != nil || res.Stored || len(res.Problems) != 2 || res.Problems[0].Row != 3 || res.Problems[1].Key != "year" {
				t.Fatalf("bad file: %+v %v", res, err)
			}
			var n int
			if err := a.DB.Read().QueryRow(ctx, "SELECT COUNT(*) FROM stats_population").Scan(&n); err != nil || n != 0 {
				t.Fatalf("a refused file stored %d rows (%v)", n, err)
			}
			for i, v := range []string{"9000", "9100"} {
				res, err := a.Stats.ImportPopulation(ctx, sys, stats.PopulationUnder3, fmt.Sprintf("公安人口数据 %d", i), "u3.csv", []byte("区划代码,年份,人数\n610602,2026,"+v+"\n"), true)
				if err != nil || !res.Stored || res.Version != i+1 {
					t.Fatalf("import %d: %+v %v", i, res, err)
				}
			}
			vals, err := a.Stats.Values(ctx, sys, stats.Query{Indicator: "enrolment_rate", Region: "610602", Period: "2026-09"})
			if err != nil || vals[0].Denominator == nil || *vals[0].Denominator != 9100 {
				t.Fatalf("denominator: %+v %v", vals, err)
			}
			if err := a.DB.Read().QueryRow(ctx, "SELECT COUNT(*) FROM stats_population").Scan(&n); err != nil || n != 2 {
				t.Fatalf("versions kept: %d (%v)", n, err)
			}
		})
	}
}
