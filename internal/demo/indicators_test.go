package demo_test

import (
	"context"
	"database/sql"
	"math"
	"strings"
	"testing"

	"tuoyu/internal/app"
	"tuoyu/internal/civil"
	"tuoyu/internal/demo"
	"tuoyu/internal/domain"
	"tuoyu/internal/rules"
	"tuoyu/internal/stats"
	"tuoyu/internal/testkit"
)

// Every indicator of the shipped catalogue, for the city, a county and a
// township of the demo, equals a recomputation from the raw records done
// here on its own: the institutions, enrolments, attendance, staff,
// classes and bills are read row by row and counted in Go. An indicator
// whose measure has no recomputation here fails, so a new indicator is
// covered as soon as it is shipped. Measures of records Tuoyu does not
// hold yet (supervision) must read "no data".
func TestIndicatorsEqualRecomputation(t *testing.T) {
	ctx := context.Background()
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			var a *app.App
			if b.Name == testkit.Backends()[0].Name {
				a, _ = generated(t, testkit.DefaultNow, ensureOptions()) // TestEnsure's generation
			} else {
				a = testkit.NewApp(t, b, testkit.DefaultNow)
				if _, err := demo.Ensure(ctx, a.Service, demo.Options{Seed: 1, Scale: 0.1, Days: 3}); err != nil {
					t.Fatal(err)
				}
			}
			cat, err := stats.LoadCatalogue()
			if err != nil {
				t.Fatal(err)
			}
			r := newRecount(t, a)
			var township string
			if err := a.DB.Read().QueryRow(ctx, `SELECT township_code FROM institutions WHERE region_code = '610602' AND status = ?
				GROUP BY township_code ORDER BY COUNT(*) DESC, township_code LIMIT 1`, domain.StatusFiled).Scan(&township); err != nil {
				t.Fatal(err)
			}
			checked := 0
			for _, region := range []string{"610600", "610602", township} {
				raw := r.measures(region)
				for _, in := range cat.Indicators {
					vals, err := a.Stats.Values(ctx, system, stats.Query{Indicator: in.Code, Region: region})
					if err != nil || len(vals) != 1 {
						t.Fatalf("%s %s: %v (%d values)", in.Code, region, err, len(vals))
					}
					v := vals[0]
					num, okN := r.want(raw, in.Numerator)
					den, okD := r.want(raw, in.Denominator)
					if !same(v.Numerator, num, okN) {
						t.Errorf("%s in %s: numerator %s = %v, recomputed %d (data %v)", in.Code, region, in.Numerator, show(v.Numerator), num, okN)
					}
					if in.Denominator != "" && !same(v.Denominator, den, okD) {
						t.Errorf("%s in %s: denominator %s = %v, recomputed %d (data %v)", in.Code, region, in.Denominator, show(v.Denominator), den, okD)
					}
					var want *float64
					switch {
					case in.Denominator == "" && okN:
						x := float64(num) * in.Factor
						want = &x
					case in.Denominator != "" && okN && okD && den != 0:
						x := float64(num) / float64(den) * in.Factor
						want = &x
					}
					if (want == nil) != (v.Value == nil) || (want != nil && math.Abs(*want-*v.Value) > 1e-9) {
						t.Errorf("%s in %s: value %v, recomputed %v", in.Code, region, showF(v.Value), showF(want))
					}
					checked++
				}
			}
			for _, code := range []string{"enrolled", "att_present", "staff_total", "classes_total", "places_counted", "certs_valid", "fee_count"} {
				if n, _ := r.want(r.measures(township), code); n == 0 {
					t.Errorf("the township %s has no %s: the check is too thin", township, code)
				}
			}
			t.Logf("%d indicators × 3 regions (610600, 610602, %s) checked", len(cat.Indicators), township)
			if checked != 3*len(cat.Indicators) {
				t.Fatalf("checked %d", checked)
			}
		})
	}
}

func same(got *int64, want int64, ok bool) bool {
	if !ok {
		return got == nil
	}
	return got != nil && *got == want
}

func show(p *int64) any {
	if p == nil {
		return "no data"
	}
	return *p
}

func showF(p *float64) any {
	if p == nil {
		return "no data"
	}
	return *p
}

type rawInst struct {
	id                   int64
	status, kind, nature string
	places, puhui        int64
	demonstration        bool
	county, township     string
}

// recount holds the raw rows of the demo for the current month, read once.
type recount struct {
	t     *testing.T
	a     *app.App
	today civil.Date
	insts []rawInst
	// per institution: counts by measure code
	per map[int64]map[string]int64
}

func newRecount(t *testing.T, a *app.App) *recount {
	ctx := context.Background()
	q := a.DB.Read()
	today := civil.InChina(testkit.DefaultNow)
	m := today.MonthOf()
	end, first, last := today.String(), m.First().String(), m.Last().String()
	r := &recount{t: t, a: a, today: today, per: map[int64]map[string]int64{}}
	rows, err := q.Query(ctx, "SELECT id, status, kind, nature, places, puhui_places, demonstration, region_code, township_code FROM institutions")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var i rawInst
		if err := rows.Scan(&i.id, &i.status, &i.kind, &i.nature, &i.places, &i.puhui, &i.demonstration, &i.county, &i.township); err != nil {
			t.Fatal(err)
		}
		r.insts = append(r.insts, i)
		r.per[i.id] = map[string]int64{}
	}
	rows.Close()
	byID := map[int64]rawInst{}
	for _, i := range r.insts {
		byID[i.id] = i
	}
	filed := func(id int64) bool { return byID[id].status == domain.StatusFiled }
	each := func(query string, args []any, fn func(id int64, s *sql.Rows)) {
		t.Helper()
		rows, err := q.Query(ctx, query, args...)
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			fn(id, rows)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	scan := func(s *sql.Rows, dest ...any) {
		t.Helper()
		if err := s.Scan(dest...); err != nil {
			t.Fatal(err)
		}
	}

	// the monthly 普惠 caps in force today, by county, for full-day care
	caps := map[string]int64{}
	each(`SELECT region_code, amount_fen, effective_from FROM price_caps WHERE unit = 'monthly' AND care_type = ? AND effective_from <= ?
		ORDER BY effective_from`, []any{domain.CareFullDay, end}, func(_ int64, s *sql.Rows) {
		var region string
		var amount int64
		var from any
		scan(s, &region, &amount, &from)
		caps[region] = amount
	})

	// children enrolled today (filed institutions only)
	inClass := map[int64]int{}
	under3 := today.AddMonths(-36).String()
	each(`SELECT e.institution_id, e.class_id, e.care_type, e.puhui, e.fee_fen, CASE WHEN c.birth_date > ? THEN 1 ELSE 0 END
		FROM enrolments e JOIN children c ON c.id = e.child_id WHERE e.start_date <= ? AND (e.end_date IS NULL OR e.end_date > ?)`,
		[]any{under3, end, end}, func(_ int64, s *sql.Rows) {
			var id, class, fee, young int64
			var care string
			var puhui bool
			scan(s, &id, &class, &care, &puhui, &fee, &young)
			if !filed(id) {
				return
			}
			inClass[class]++
			v := r.per[id]
			v["enrolled"]++
			v["enrolled_under3"] += young
			if puhui {
				v["enrolled_puhui"]++
			}
			v["enrolled_care_"+care]++
			if k := byID[id].kind; (k == domain.KindKindergarten || k == domain.KindHome) && young == 1 {
				v["places_counted"]++
				if puhui {
					v["places_puhui"]++
				}
			}
			if care == domain.CareFullDay && fee > 0 {
				v["fee_count"]++
				v["fee_sum_fen"] += fee
				if puhui {
					v["puhui_fee_count"]++
					v["puhui_fee_sum_fen"] += fee
					if limit, ok := caps[byID[id].county]; ok {
						v["puhui_fee_capped"]++
						if fee <= limit {
							v["puhui_fee_within_cap"]++
						}
					}
				}
			}
		})
	each(`SELECT institution_id, CASE WHEN start_date >= ? AND start_date <= ? THEN 1 ELSE 0 END, CASE WHEN end_date >= ? AND end_date <= ? THEN 1 ELSE 0 END FROM enrolments`,
		[]any{first, last, first, last}, func(_ int64, s *sql.Rows) {
			var id, started, ended int64
			scan(s, &id, &started, &ended)
			if filed(id) {
				r.per[id]["enrol_new"] += started
				r.per[id]["enrol_withdrawn"] += ended
			}
		})

	// attendance of the month: days with a child present, per institution
	days := map[int64]map[string]bool{}
	each(`SELECT institution_id, CASE WHEN check_in IS NULL THEN 0 ELSE 1 END, absent_reason, CAST(date AS TEXT) FROM attendance WHERE date >= ? AND date <= ?`,
		[]any{first, last}, func(_ int64, s *sql.Rows) {
			var id, present int64
			var reason, date string
			scan(s, &id, &present, &reason, &date)
			if !filed(id) {
				return
			}
			v := r.per[id]
			switch {
			case present == 1:
				v["att_present"]++
				v["att_recorded"]++
				if days[id] == nil {
					days[id] = map[string]bool{}
				}
				days[id][date] = true
			case reason != "":
				v["att_recorded"]++
				if reason == domain.AbsentSick {
					v["att_absent_sick"]++
				}
			}
		})
	for id, d := range days {
		r.per[id]["att_days"] = int64(len(d))
	}

	// certificates held today, by staff member
	type certs struct{ total, valid, qualified int64 }
	held := map[int64]*certs{}
	each(`SELECT staff_id, kind, CASE WHEN issued_on IS NULL OR issued_on <= ? THEN 1 ELSE 0 END, CASE WHEN expires_on IS NULL OR expires_on >= ? THEN 1 ELSE 0 END FROM staff_certificates`,
		[]any{end, end}, func(_ int64, s *sql.Rows) {
			var staff, issued, unexpired int64
			var kind string
			scan(s, &staff, &kind, &issued, &unexpired)
			if issued == 0 {
				return
			}
			c := held[staff]
			if c == nil {
				c = &certs{}
				held[staff] = c
			}
			c.total++
			if unexpired == 1 {
				c.valid++
				if kind == domain.CertCaregiver || kind == domain.CertTeacher {
					c.qualified++
				}
			}
		})
	each(`SELECT institution_id, staff_id, post FROM employments WHERE start_date <= ? AND (end_date IS NULL OR end_date > ?)`,
		[]any{end, end}, func(_ int64, s *sql.Rows) {
			var id, staff int64
			var post string
			scan(s, &id, &staff, &post)
			if !filed(id) {
				return
			}
			v, c := r.per[id], held[staff]
			if c == nil {
				c = &certs{}
			}
			v["staff_total"]++
			v["staff_post_"+post]++
			v["certs_total"] += c.total
			v["certs_valid"] += c.valid
			if post == domain.PostCaregiver || post == domain.PostTeacher {
				v["staff_care"]++
				if c.qualified > 0 {
					v["staff_care_qualified"]++
				}
			}
		})

	// classes within the national caregiver ratio
	carers := map[int64]int{}
	each(`SELECT class_id FROM class_caregivers`, nil, func(_ int64, s *sql.Rows) {
		var class int64
		scan(s, &class)
		carers[class]++
	})
	std := rules.National()
	each(`SELECT id, institution_id, type FROM classes WHERE NOT archived`, nil, func(_ int64, s *sql.Rows) {
		var class, id int64
		var typ string
		scan(s, &class, &id, &typ)
		if !filed(id) {
			return
		}
		r.per[id]["classes_total"]++
		if colour, err := std.RatioStatus(typ, inClass[class], carers[class]); err == nil && colour != rules.RatioRed {
			r.per[id]["classes_ratio_ok"]++
		}
	})

	each(`SELECT institution_id, total_fen, paid_fen FROM bills WHERE month = ? AND status <> ?`, []any{m.String(), domain.BillWaived}, func(_ int64, s *sql.Rows) {
		var id, total, paid int64
		scan(s, &id, &total, &paid)
		if filed(id) {
			r.per[id]["bills_count"]++
			r.per[id]["bills_billed_fen"] += total
			r.per[id]["bills_paid_fen"] += paid
		}
	})

	for _, i := range r.insts {
		if i.status == domain.StatusCancelled {
			continue
		}
		v := r.per[i.id]
		v["inst_registered"]++
		v["inst_kind_"+i.kind]++
		v["inst_nature_"+i.nature]++
		if i.status != domain.StatusFiled {
			continue
		}
		v["inst_filed"]++
		if i.puhui > 0 {
			v["inst_puhui"]++
		}
		if i.demonstration {
			v["inst_demonstration"]++
		}
		v["places_filed"] += i.places
		if i.kind != domain.KindKindergarten && i.kind != domain.KindHome {
			v["places_counted"] += i.places
			v["places_puhui"] += i.puhui
		}
	}
	return r
}

// measures sums the institutions' counts over a region: a city by its
// code's first four digits, a county by its code, a township by its own.
func (r *recount) measures(region string) map[string]int64 {
	out := map[string]int64{}
	for _, i := range r.insts {
		in := false
		switch {
		case strings.HasSuffix(region, "00") && len(region) == 6:
			in = strings.HasPrefix(i.county, region[:4])
		case len(region) == 6:
			in = i.county == region
		default:
			in = i.township == region
		}
		if !in {
			continue
		}
		for k, n := range r.per[i.id] {
			out[k] += n
		}
	}
	out["_region:"+region] = 1
	return out
}

// want is a measure's recomputed value, false for no data. The catalogue
// says where a measure comes from; a source not recomputed here fails.
func (r *recount) want(raw map[string]int64, code string) (int64, bool) {
	r.t.Helper()
	if code == "" {
		return 0, false
	}
	cat, _ := stats.LoadCatalogue()
	m, ok := cat.Measure(code)
	if !ok {
		r.t.Fatalf("unknown measure %s", code)
	}
	var region string
	for k := range raw {
		if c, ok := strings.CutPrefix(k, "_region:"); ok {
			region = c
		}
	}
	ctx, q := context.Background(), r.a.DB.Read()
	switch m.Source {
	case "records":
		if !recomputed[code] {
			r.t.Errorf("measure %s has no recomputation in this test", code)
		}
		return raw[code], true
	case "population":
		kind := strings.TrimPrefix(code, "pop_")
		var n int64
		err := q.QueryRow(ctx, `SELECT value FROM stats_population WHERE region_code = ? AND kind = ? AND year <= ? ORDER BY year DESC, version DESC LIMIT 1`,
			region, kind, r.today.Year()).Scan(&n)
		if err == sql.ErrNoRows && kind == "resident" {
			err = q.QueryRow(ctx, `SELECT population FROM region_population WHERE region_code = ? AND year <= ? ORDER BY year DESC LIMIT 1`, region, r.today.Year()).Scan(&n)
		}
		if err == sql.ErrNoRows {
			return 0, false
		}
		if err != nil {
			r.t.Fatal(err)
		}
		return n, true
	case "regions":
		if code != "regions_county" {
			r.t.Errorf("measure %s has no recomputation in this test", code)
		}
		var n int64
		counties := 0
		rows, err := q.Query(ctx, "SELECT code FROM regions WHERE level = 'county'")
		if err != nil {
			r.t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				r.t.Fatal(err)
			}
			if c == region || (strings.HasSuffix(region, "00") && strings.HasPrefix(c, region[:4])) {
				counties++
			}
		}
		n = int64(counties)
		return n, true
	case "supervision":
		return 0, false // no records yet: no data
	}
	r.t.Errorf("measure %s: source %q has no recomputation in this test", code, m.Source)
	return 0, false
}

// recomputed lists the record measures this test counts above.
var recomputed = func() map[string]bool {
	out := map[string]bool{}
	for _, c := range []string{"inst_registered", "inst_filed", "inst_puhui", "inst_demonstration", "places_filed", "places_counted", "places_puhui",
		"enrolled", "enrolled_under3", "enrolled_puhui", "enrol_new", "enrol_withdrawn", "att_present", "att_recorded", "att_absent_sick", "att_days",
		"staff_total", "staff_care", "staff_care_qualified", "certs_total", "certs_valid", "classes_total", "classes_ratio_ok",
		"bills_count", "bills_billed_fen", "bills_paid_fen", "fee_count", "fee_sum_fen", "puhui_fee_count", "puhui_fee_sum_fen",
		"puhui_fee_capped", "puhui_fee_within_cap"} {
		out[c] = true
	}
	for _, k := range domain.Kinds {
		out["inst_kind_"+k] = true
	}
	for _, n := range domain.Natures {
		out["inst_nature_"+n] = true
	}
	for _, c := range domain.CareTypes {
		out["enrolled_care_"+c] = true
	}
	for _, p := range domain.Posts {
		out["staff_post_"+p] = true
	}
	return out
}()
