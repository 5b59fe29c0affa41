package stats_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"tuoyu/internal/app"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/stats"
	"tuoyu/internal/store"
	"tuoyu/internal/testkit"
)

type monthlyFixture struct {
	t                 *testing.T
	ctx               context.Context
	a                 *app.App
	inst, other       int64
	director, county  authz.Actor
	city, otherCounty authz.Actor
	otherDirector     authz.Actor
}

func (f *monthlyFixture) exec(query string, args ...any) int64 {
	f.t.Helper()
	var id int64
	if err := f.a.DB.Tx(f.ctx, func(q store.Q) error { var err error; id, err = q.Insert(f.ctx, query, args...); return err }); err != nil {
		f.t.Fatalf("%s: %v", query, err)
	}
	return id
}

func (f *monthlyFixture) user(name string, role domain.Role, region string, inst int64) authz.Actor {
	n := service.NewUser{Username: name, Password: "correct-horse-battery", Role: role, RegionCode: region}
	if inst != 0 {
		n.InstitutionID = inst
	}
	u, err := f.a.Service.AddUser(f.ctx, authz.System("test"), n)
	if err != nil {
		f.t.Fatalf("user %s: %v", name, err)
	}
	return authz.ForUser(u, "", 0)
}

// newMonthlyFixture: a filed centre in 宝塔区 with two classes, five
// children, attendance in August 2026 (sick days with their symptoms),
// three staff with certificates, bills; a filed centre in 安塞区.
func newMonthlyFixture(t *testing.T, b testkit.Backend) *monthlyFixture {
	f := &monthlyFixture{t: t, ctx: context.Background(), a: testkit.NewApp(t, b, testkit.DefaultNow)}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	mk := func(name, code, county, township string) int64 {
		return f.exec(`INSERT INTO institutions (name, credit_code, kind, nature, region_code, township_code, places, puhui_places, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, 60, 20, ?, ?, ?)`, name, code, domain.KindCentre, domain.NaturePrivate, county, township, domain.StatusFiled, now, now)
	}
	f.inst = mk("宝塔测试托育中心", "CODE00000000000001", "610602", "610602001")
	f.other = mk("安塞测试托育中心", "CODE00000000000002", "610603", "610603001")
	classes := []int64{
		f.exec("INSERT INTO classes (institution_id, name, type, capacity, created_at, updated_at) VALUES (?, '小一班', 'toddler_young', 15, ?, ?)", f.inst, now, now),
		f.exec("INSERT INTO classes (institution_id, name, type, capacity, created_at, updated_at) VALUES (?, '大一班', 'toddler_older', 20, ?, ?)", f.inst, now, now),
	}
	kids := []struct {
		class      int
		care       string
		start, end string
		puhui      bool
	}{
		{0, domain.CareFullDay, "2026-03-01", "", true},
		{0, domain.CareHalfDay, "2026-08-10", "", false},
		{1, domain.CareFullDay, "2026-02-01", "2026-08-20", true},
		{1, domain.CareFullDay, "2026-04-01", "", false},
		{1, domain.CareHourly, "2026-09-05", "", false},
	}
	var children []int64
	for i, k := range kids {
		child := f.exec(`INSERT INTO children (name, sex, birth_date, cert_type, cert_enc, cert_hash, cert_masked, created_at, updated_at)
			VALUES (?, 'F', '2024-05-01', 'birth', 'x', ?, 'x', ?, ?)`, fmt.Sprintf("孩子%d", i), fmt.Sprintf("h%d", i), now, now)
		children = append(children, child)
		var end any
		if k.end != "" {
			end = k.end
		}
		f.exec(`INSERT INTO enrolments (child_id, institution_id, class_id, care_type, start_date, end_date, puhui, fee_fen, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, 150000, ?)`, child, f.inst, classes[k.class], k.care, k.start, end, k.puhui, now)
	}
	for day := 3; day <= 14; day++ {
		date := fmt.Sprintf("2026-08-%02d", day)
		for i, child := range children[:4] {
			switch {
			case (day+i)%5 == 0:
				symptoms := "发热"
				if i == 1 {
					symptoms = "  手足口病 "
				}
				f.exec("INSERT INTO attendance (child_id, institution_id, date, absent_reason, symptoms, updated_at) VALUES (?, ?, ?, 'sick', ?, ?)", child, f.inst, date, symptoms, now)
			case (day+i)%7 == 0:
				f.exec("INSERT INTO attendance (child_id, institution_id, date, absent_reason, updated_at) VALUES (?, ?, ?, 'personal', ?)", child, f.inst, date, now)
			case day%6 != 0:
				f.exec("INSERT INTO attendance (child_id, institution_id, date, check_in, updated_at) VALUES (?, ?, ?, ?, ?)", child, f.inst, date, now, now)
			}
		}
	}
	for i, post := range []string{domain.PostDirector, domain.PostCaregiver, domain.PostCaregiver} {
		staff := f.exec(`INSERT INTO staff (name, id_enc, id_hash, id_masked, created_at, updated_at) VALUES (?, 'x', ?, 'x', ?, ?)`, fmt.Sprintf("员工%d", i), fmt.Sprintf("s%d", i), now, now)
		f.exec("INSERT INTO employments (staff_id, institution_id, post, start_date, created_at) VALUES (?, ?, ?, '2026-01-01', ?)", staff, f.inst, post, now)
		if i < 2 {
			kind := domain.CertDirectorTraining
			if post == domain.PostCaregiver {
				kind = domain.CertCaregiver
			}
			f.exec("INSERT INTO staff_certificates (staff_id, kind, issued_on, expires_on, created_at) VALUES (?, ?, '2025-01-01', '2030-01-01', ?)", staff, kind, now)
		}
		if post == domain.PostCaregiver && i == 1 {
			if err := f.a.DB.Tx(f.ctx, func(q store.Q) error {
				_, err := q.Exec(f.ctx, "INSERT INTO class_caregivers (class_id, staff_id) VALUES (?, ?)", classes[0], staff)
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i, child := range children[:4] {
		f.exec("INSERT INTO bills (institution_id, child_id, month, total_fen, paid_fen, status, issued_at, updated_at) VALUES (?, ?, '2026-08', ?, ?, 'issued', ?, ?)",
			f.inst, child, 150000, int64(i)*50000, now, now)
	}
	f.director = f.user("dir", domain.RoleDirector, "", f.inst)
	f.otherDirector = f.user("dir2", domain.RoleDirector, "", f.other)
	f.county = f.user("baota", domain.RoleCountyRegulator, "610602", 0)
	f.otherCounty = f.user("ansai", domain.RoleCountyRegulator, "610603", 0)
	f.city = f.user("yanan", domain.RoleCityRegulator, "610600", 0)
	return f
}

func (f *monthlyFixture) count(query string, args ...any) int64 {
	f.t.Helper()
	var n int64
	if err := f.a.DB.Read().QueryRow(f.ctx, query, args...).Scan(&n); err != nil {
		f.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// The report computed for a month equals a recomputation from the raw
// rows in plain SQL.
func TestInstitutionReportEqualsRecomputation(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newMonthlyFixture(t, b)
			r, err := f.a.Stats.InstitutionReport(f.ctx, f.director, f.inst, "2026-08")
			if err != nil {
				t.Fatal(err)
			}
			end, first, inst := "2026-08-31", "2026-08-01", f.inst
			want := map[string]int64{
				"enrolled.toddler_young.full_day": f.count(`SELECT COUNT(*) FROM enrolments e JOIN classes c ON c.id = e.class_id WHERE e.institution_id = ? AND c.type = 'toddler_young' AND e.care_type = 'full_day' AND e.start_date <= ? AND (e.end_date IS NULL OR e.end_date > ?)`, inst, end, end),
				"enrolled.toddler_older.full_day": f.count(`SELECT COUNT(*) FROM enrolments e JOIN classes c ON c.id = e.class_id WHERE e.institution_id = ? AND c.type = 'toddler_older' AND e.care_type = 'full_day' AND e.start_date <= ? AND (e.end_date IS NULL OR e.end_date > ?)`, inst, end, end),
				"children.end":                    f.count(`SELECT COUNT(*) FROM enrolments WHERE institution_id = ? AND start_date <= ? AND (end_date IS NULL OR end_date > ?)`, inst, end, end),
				"children.new":                    f.count(`SELECT COUNT(*) FROM enrolments WHERE institution_id = ? AND start_date BETWEEN ? AND ?`, inst, first, end),
				"children.withdrawn":              f.count(`SELECT COUNT(*) FROM enrolments WHERE institution_id = ? AND end_date BETWEEN ? AND ?`, inst, first, end),
				"attendance.present":              f.count(`SELECT COUNT(*) FROM attendance WHERE institution_id = ? AND date BETWEEN ? AND ? AND check_in IS NOT NULL`, inst, first, end),
				"attendance.days":                 f.count(`SELECT COUNT(DISTINCT date) FROM attendance WHERE institution_id = ? AND date BETWEEN ? AND ? AND check_in IS NOT NULL`, inst, first, end),
				"attendance.sick":                 f.count(`SELECT COUNT(*) FROM attendance WHERE institution_id = ? AND date BETWEEN ? AND ? AND absent_reason = 'sick'`, inst, first, end),
				"attendance.absent":               f.count(`SELECT COUNT(*) FROM attendance WHERE institution_id = ? AND date BETWEEN ? AND ? AND check_in IS NULL AND absent_reason <> ''`, inst, first, end),
				"sick.发热":                         f.count(`SELECT COUNT(*) FROM attendance WHERE institution_id = ? AND date BETWEEN ? AND ? AND absent_reason = 'sick' AND symptoms = '发热'`, inst, first, end),
				"sick.手足口病":                       f.count(`SELECT COUNT(*) FROM attendance WHERE institution_id = ? AND date BETWEEN ? AND ? AND absent_reason = 'sick' AND symptoms LIKE '%手足口病%'`, inst, first, end),
				"staff.caregiver.total":           f.count(`SELECT COUNT(*) FROM employments WHERE institution_id = ? AND post = 'caregiver'`, inst),
				"staff.caregiver.qualified":       f.count(`SELECT COUNT(DISTINCT e.staff_id) FROM employments e JOIN staff_certificates c ON c.staff_id = e.staff_id WHERE e.institution_id = ? AND e.post = 'caregiver' AND c.kind = 'caregiver_qualification'`, inst),
				"fees.bills":                      f.count(`SELECT COUNT(*) FROM bills WHERE institution_id = ? AND month = '2026-08'`, inst),
				"fees.billed_fen":                 f.count(`SELECT SUM(total_fen) FROM bills WHERE institution_id = ? AND month = '2026-08'`, inst),
				"fees.paid_fen":                   f.count(`SELECT SUM(paid_fen) FROM bills WHERE institution_id = ? AND month = '2026-08'`, inst),
				"puhui.enrolled":                  f.count(`SELECT COUNT(*) FROM enrolments WHERE institution_id = ? AND puhui = ? AND start_date <= ? AND (end_date IS NULL OR end_date > ?)`, inst, true, end, end),
				"puhui.places":                    20,
				"classes.total":                   2,
				"classes.breach":                  1, // 大一班 has no caregiver
			}
			for k, v := range want {
				if got, ok := r.Figures.Computed[k]; !ok || got != v {
					t.Errorf("%s = %d (present %v), recomputed %d", k, got, ok, v)
				}
			}
			if want["attendance.sick"] == 0 || want["attendance.present"] == 0 || want["children.withdrawn"] != 1 {
				t.Fatalf("the fixture is too thin: %v", want)
			}
			if len(r.Tables) != len(stats.ReportTables) {
				t.Fatalf("tables: %d", len(r.Tables))
			}
			if r.Status != stats.ReportOpen || !r.Missing || r.Deadline.String() != "2026-09-07" {
				t.Fatalf("open report: status %s missing %v deadline %s", r.Status, r.Missing, r.Deadline)
			}
		})
	}
}

// A correction is audited and shown beside the computed value; the
// submitted report is fixed; the county approves (locked: no correction,
// no second submission) until it reopens with a reason; out of scope is
// not found; the late list names the missing and the late reports; the
// totals add up the approved reports.
func TestInstitutionReportFlow(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newMonthlyFixture(t, b)
			s, ctx, m := f.a.Stats, f.ctx, "2026-08"
			notFound := func(err error) {
				t.Helper()
				var de *domain.Error
				if !errors.As(err, &de) || de.Code != domain.CodeNotFound {
					t.Fatalf("want not found, got %v", err)
				}
			}
			_, err := s.InstitutionReport(ctx, f.otherDirector, f.inst, m)
			notFound(err)
			_, err = s.InstitutionReport(ctx, f.otherCounty, f.inst, m)
			notFound(err)
			_, err = s.Correct(ctx, f.otherDirector, f.inst, m, "children.end", 9, "错")
			notFound(err)
			_, err = s.DecideInstitution(ctx, f.otherCounty, stats.StepInstApprove, f.inst, m, "")
			notFound(err)
			if _, err := s.DecideInstitution(ctx, f.director, stats.StepInstSubmit, f.inst, "2026-09", ""); err == nil {
				t.Fatal("the current month was submitted")
			}
			if _, err := s.Correct(ctx, f.county, f.inst, m, "children.end", 9, "错"); err == nil {
				t.Fatal("a county corrected a figure")
			}

			late, err := s.LateReports(ctx, f.city, "", m)
			if err != nil || len(late) != 2 || !late[0].Missing {
				t.Fatalf("late list before: %+v %v", late, err)
			}
			if own, err := s.LateReports(ctx, f.county, "", m); err != nil || len(own) != 1 || own[0].InstitutionID != f.inst {
				t.Fatalf("county late list: %+v %v", own, err)
			}

			// A correction without a reason, or of no item, changes nothing.
			if _, err := s.Correct(ctx, f.director, f.inst, m, "children.end", 4, " "); err == nil {
				t.Fatal("a correction without a reason")
			}
			if _, err := s.Correct(ctx, f.director, f.inst, m, "nothing", 4, "因为"); err == nil {
				t.Fatal("a correction of no item")
			}
			r, err := s.Correct(ctx, f.director, f.inst, m, "children.end", 4, "一名幼儿转班漏登")
			if err != nil {
				t.Fatal(err)
			}
			c, ok := r.Figures.Corrections["children.end"]
			if !ok || c.Value != 4 || c.Computed != 3 || c.Reason != "一名幼儿转班漏登" || r.Figures.Value("children.end") != 4 {
				t.Fatalf("correction: %+v", r.Figures.Corrections)
			}
			if n := f.count("SELECT COUNT(*) FROM audit_events WHERE action = ? AND entity_id = ?", string(stats.StepInstCorrect), f.inst); n != 1 {
				t.Fatalf("correction audit events: %d", n)
			}

			r, err = s.DecideInstitution(ctx, f.director, stats.StepInstSubmit, f.inst, m, "")
			if err != nil || r.Status != stats.ReportSubmitted || !r.Snapshot || !r.Late {
				t.Fatalf("submitted: %+v %v", r, err)
			}
			if _, err := s.Correct(ctx, f.director, f.inst, m, "children.end", 5, "再改"); err == nil {
				t.Fatal("a submitted report was corrected")
			}
			if _, err := s.DecideInstitution(ctx, f.county, stats.StepInstReturn, f.inst, m, ""); err == nil {
				t.Fatal("a return without a reason")
			}
			if r, err = s.DecideInstitution(ctx, f.county, stats.StepInstReturn, f.inst, m, "出勤天数有误"); err != nil || r.Status != stats.ReportReturned || r.Snapshot {
				t.Fatalf("returned: %+v %v", r, err)
			}
			if _, err := s.DecideInstitution(ctx, f.director, stats.StepInstSubmit, f.inst, m, ""); err != nil {
				t.Fatal(err)
			}
			if r, err = s.DecideInstitution(ctx, f.county, stats.StepInstApprove, f.inst, m, ""); err != nil || !r.Locked {
				t.Fatalf("approved: %+v %v", r, err)
			}

			// Locked: a later record does not change it, nor can anyone correct it.
			kid := f.exec(`INSERT INTO children (name, sex, birth_date, cert_type, cert_enc, cert_hash, cert_masked, created_at, updated_at)
				VALUES ('晚到', 'M', '2024-06-01', 'birth', 'x', 'late', 'x', ?, ?)`, time.Now(), time.Now())
			var class int64
			_ = f.a.DB.Read().QueryRow(ctx, "SELECT id FROM classes WHERE institution_id = ? ORDER BY id LIMIT 1", f.inst).Scan(&class)
			f.exec(`INSERT INTO enrolments (child_id, institution_id, class_id, care_type, start_date, created_at) VALUES (?, ?, ?, 'full_day', '2026-08-15', ?)`, kid, f.inst, class, time.Now())
			if r, err = s.InstitutionReport(ctx, f.city, f.inst, m); err != nil || r.Figures.Computed["children.new"] != 1 || r.Figures.Value("children.end") != 4 {
				t.Fatalf("approved report moved: %+v %v", r.Figures, err)
			}
			if _, err := s.Correct(ctx, f.director, f.inst, m, "children.end", 5, "再改"); err == nil {
				t.Fatal("an approved report was corrected")
			}
			if _, err := s.DecideInstitution(ctx, f.director, stats.StepInstSubmit, f.inst, m, ""); err == nil {
				t.Fatal("an approved report was submitted again")
			}
			tot, err := s.InstitutionTotals(ctx, f.city, "610600", m)
			if err != nil || tot.Approved != 1 || tot.Expected != 2 || tot.Figures.Computed["children.end"] != 4 || tot.Figures.Computed["attendance.present"] != r.Figures.Computed["attendance.present"] {
				t.Fatalf("totals: %+v %v", tot, err)
			}
			if tot, err := s.InstitutionTotals(ctx, f.otherCounty, "610603", m); err != nil || tot.Approved != 0 {
				t.Fatalf("ansai totals: %+v %v", tot, err)
			}
			_, err = s.InstitutionTotals(ctx, f.otherCounty, "610602", m)
			notFound(err)

			if _, err := s.DecideInstitution(ctx, f.county, stats.StepInstReopen, f.inst, m, ""); err == nil {
				t.Fatal("reopened without a reason")
			}
			if r, err = s.DecideInstitution(ctx, f.county, stats.StepInstReopen, f.inst, m, "补录晚到幼儿"); err != nil || r.Status != stats.ReportReopened || r.Snapshot || r.Figures.Computed["children.new"] != 2 {
				t.Fatalf("reopened: %+v %v", r, err)
			}
			if _, err := s.Correct(ctx, f.director, f.inst, m, "children.end", 4, "与计算一致"); err != nil {
				t.Fatal(err)
			}
			for action, want := range map[stats.Step]int64{stats.StepInstSubmit: 2, stats.StepInstReturn: 1, stats.StepInstApprove: 1, stats.StepInstReopen: 1, stats.StepInstCorrect: 2} {
				if n := f.count("SELECT COUNT(*) FROM audit_events WHERE action = ?", string(action)); n != want {
					t.Errorf("%s: %d audit events, want %d", action, n, want)
				}
			}
			late, err = s.LateReports(ctx, f.city, "", m)
			if err != nil || len(late) != 2 || late[0].Missing || !late[0].Late || !late[1].Missing {
				t.Fatalf("late list after: %+v %v", late, err)
			}
		})
	}
}

// The report's ratio breaches follow the standard in force in the
// institution's county (the core service's rules.Source): when the city
// tightens a county's ratio, its institutions' reports count the breach.
func TestInstitutionReportRatioFollowsCountyStandard(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newMonthlyFixture(t, b)
			breaches := func() int64 {
				t.Helper()
				r, err := f.a.Stats.InstitutionReport(f.ctx, f.director, f.inst, "2026-08")
				if err != nil {
					t.Fatal(err)
				}
				return r.Figures.Computed["classes.breach"]
			}
			if n := breaches(); n != 1 {
				t.Fatalf("national standard: %d breaches, want 1 (大一班 without a caregiver)", n)
			}
			one := 1
			if _, err := f.a.Service.SetStandardOverride(f.ctx, f.city, service.NewStandardOverride{RegionCode: "610602",
				Setting: "class.toddler_young.children_per_caregiver", Value: &one, Source: "宝塔区测试文件"}); err != nil {
				t.Fatal(err)
			}
			if n := breaches(); n != 2 {
				t.Fatalf("宝塔区 at one child per caregiver: %d breaches, want 2 (小一班 has two children, one caregiver)", n)
			}
		})
	}
}
