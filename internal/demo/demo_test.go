package demo_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"math"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"tuoyu/internal/app"
	"tuoyu/internal/authz"
	"tuoyu/internal/demo"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
	"tuoyu/internal/testkit"
)

var system = authz.System("test")

// all lists every institution, by id.
func all(t *testing.T, svc *service.Service, a authz.Actor) []domain.Institution {
	t.Helper()
	var out []domain.Institution
	for page := 1; ; page++ {
		list, total, err := svc.Institutions(context.Background(), a, domain.InstitutionFilter{}, domain.Page{Page: page, PerPage: 200})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, list...)
		if len(list) == 0 || len(out) >= total {
			return out
		}
	}
}

// filings lists the filings in the actor's scope with a status ("" for all).
func filings(t *testing.T, svc *service.Service, a authz.Actor, status string) []domain.Filing {
	t.Helper()
	var out []domain.Filing
	for page := 1; ; page++ {
		list, total, err := svc.FilingWorklist(context.Background(), a, status, domain.Page{Page: page, PerPage: 200})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, list...)
		if len(list) == 0 || len(out) >= total {
			return out
		}
	}
}

// snapshot is what determinism compares: every institution's facts and
// status and every filing's state and dates (ids and encrypted fields
// aside).
func snapshot(t *testing.T, svc *service.Service) []string {
	t.Helper()
	var out []string
	for _, in := range all(t, svc, system) {
		out = append(out, fmt.Sprintf("%s|%s|%s|%s|%s|%s|%d|%d|%v|%s|%s|%s|%s", in.Name, in.CreditCode, in.Kind, in.Nature, in.TownshipCode, in.Address,
			in.Places, in.PuhuiPlaces, in.CareTypes, in.Status, in.ReceiptNo, in.FiledOn, in.CreatedAt.Format(time.RFC3339)))
	}
	for _, f := range filings(t, svc, system, "") {
		out = append(out, fmt.Sprintf("%s|%d|%s|%s|%v|%s|%s|%v", f.Institution, f.Version, f.Kind, f.Status, f.SubmittedAt, f.DueDate, f.ReceiptNo, f.ItemReasons))
	}
	return append(out, operations(t, svc)...)
}

// operations is what determinism compares of the operations: children
// with their enrolment, staff with their certificates, classes, bills and
// each institution's attendance, sorted (names collate differently on
// the two databases).
func operations(t *testing.T, svc *service.Service) []string {
	t.Helper()
	ctx := context.Background()
	q := svc.DB.Read()
	var out []string
	for page := 1; ; page++ {
		list, total, err := q.ListChildrenInScope(ctx, system.Scope(), domain.ChildFilter{}, domain.Page{Page: page, PerPage: 200})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range list {
			e := c.Enrolment
			out = append(out, fmt.Sprintf("child|%s|%s|%s|%s|%s|%s|%s|%v|%d", c.Name, c.Sex, c.BirthDate, c.CertMasked, e.InstitutionName, e.ClassName,
				e.StartDate, e.Puhui, e.FeeFen))
		}
		if len(list) == 0 || page*200 >= total {
			break
		}
	}
	inputs, err := q.ComplianceInputs(ctx, system.Scope(), domain.InstitutionFilter{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range inputs {
		for _, c := range in.Classes {
			out = append(out, fmt.Sprintf("class|%s|%s|%s|%d|%d|%d", in.Institution.Name, c.Name, c.Type, c.Capacity, len(c.Children), c.Caregivers))
		}
		for _, m := range in.Staff {
			var certs []string
			for _, c := range m.Certificates {
				certs = append(certs, c.Kind+"/"+c.IssuedOn+"/"+c.ExpiresOn)
			}
			sort.Strings(certs)
			out = append(out, fmt.Sprintf("staff|%s|%s|%s|%s|%s|%v", in.Institution.Name, m.Name, m.IDMasked, m.Post, m.StartDate, certs))
		}
		rows, err := q.BillingAttendance(ctx, system.Scope(), in.Institution.ID, "0001-01-01", "9999-12-31")
		if err != nil {
			t.Fatal(err)
		}
		present := 0
		for _, r := range rows {
			if r.CheckIn != nil {
				present++
			}
		}
		out = append(out, fmt.Sprintf("attendance|%s|%d|%d", in.Institution.Name, len(rows), present))
	}
	for page := 1; ; page++ {
		list, total, err := q.ListBills(ctx, system.Scope(), 0, domain.BillFilter{}, domain.Page{Page: page, PerPage: 200}, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range list {
			out = append(out, fmt.Sprintf("bill|%s|%s|%d|%d|%s", b.ChildName, b.Month, b.TotalFen, b.PaidFen, b.Status))
		}
		if len(list) == 0 || page*200 >= total {
			break
		}
	}
	sort.Strings(out)
	return out
}

func login(t *testing.T, svc *service.Service, username string) domain.User {
	t.Helper()
	res, err := svc.Login(context.Background(), username, demo.Password, "demo test", "127.0.0.1")
	if err != nil {
		t.Fatalf("login %s: %v", username, err)
	}
	return res.User
}

// ensureOptions are the options of TestEnsure's generation: with
// TUOYU_FULL_DEMO=1 (set by .ci/run) Yan'an with the full history; under
// the race detector a quarter of it with two weeks of history; otherwise,
// in an ordinary go test, a quarter of Yan'an with a week, checked for the
// same invariants.
func ensureOptions() demo.Options {
	switch {
	case os.Getenv("TUOYU_FULL_DEMO") == "1":
		return demo.Options{Seed: 1, Scale: 1}
	case raceDetector:
		return demo.Options{Seed: 1, Scale: 0.25, Days: 10}
	}
	return demo.Options{Seed: 1, Scale: 0.25, Days: 5}
}

func TestEnsure(t *testing.T) {
	ctx := context.Background()
	snapshots := map[string][]string{}
	opt := ensureOptions()
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			var a *app.App
			var sum demo.Summary
			if b.Name == testkit.Backends()[0].Name {
				a, sum = generated(t, testkit.DefaultNow, opt) // SQLite: the process's copy
			} else {
				a = testkit.NewApp(t, b, testkit.DefaultNow)
				var err error
				if sum, err = demo.Ensure(ctx, a.Service, opt); err != nil {
					t.Fatal(err)
				}
			}
			svc := a.Service
			t.Logf("scale %g on %s:\n%s", opt.Scale, b.Name, sum)
			insts := all(t, svc, system)
			snapshots[b.Name] = snapshot(t, svc)

			t.Run("Supervision", func(t *testing.T) { checkSupervision(t, a, opt) })
			t.Run("Counts", func(t *testing.T) {
				// The brief: about 120 institutions at scale 1, about 60 % filed,
				// some of every status.
				if want := int(math.Round(demo.BaseInstitutions * opt.Scale)); len(insts) != want {
					t.Errorf("%d institutions, want %d", len(insts), want)
				}
				status := map[string]int{}
				for _, in := range insts {
					status[in.Status]++
				}
				if share := float64(status[domain.StatusFiled]) / float64(len(insts)); share < 0.55 || share > 0.65 {
					t.Errorf("%.0f %% filed, want about 60 %% (%v)", share*100, status)
				}
				for _, st := range domain.InstitutionStatuses {
					if status[st] == 0 { // closed: after two failed annual reviews
						t.Errorf("no institution is %s (%v)", st, status)
					}
				}
				if !reflect.DeepEqual(status, sum.Institutions) {
					t.Errorf("summary counts %v, database %v", sum.Institutions, status)
				}
				if !strings.Contains(sum.String(), fmt.Sprintf("Institutions: %d", len(insts))) {
					t.Errorf("summary does not give the total:\n%s", sum)
				}
				kinds := map[string]int{}
				for _, in := range insts {
					kinds[in.Kind]++
				}
				if len(kinds) != len(domain.Kinds) || kinds[domain.KindCentre] < len(insts)/3 {
					t.Errorf("kinds %v: want every kind, mostly centres", kinds)
				}
			})

			t.Run("PriceCaps", func(t *testing.T) {
				// Every county has a 普惠 cap in force for each care type, and
				// the 普惠 institutions' fees were entered under them.
				caps, err := svc.PriceCaps(ctx, authz.ForUser(login(t, svc, "yanan"), "", 0), "", "")
				if err != nil {
					t.Fatal(err)
				}
				inForce := map[string]int{}
				for _, c := range caps {
					if c.InForce {
						inForce[c.RegionCode]++
					}
				}
				if len(inForce) != 13 {
					t.Errorf("counties with caps in force: %v, want all 13", inForce)
				}
				for county, n := range inForce {
					if n != len(domain.CareTypes) {
						t.Errorf("%s has %d caps in force, want one per care type (%d)", county, n, len(domain.CareTypes))
					}
				}
			})

			t.Run("BaotaWorklist", func(t *testing.T) {
				// 宝塔区's worklist shows submitted filings both overdue and in time.
				baota := authz.ForUser(login(t, svc, "baota"), "", 0)
				list := filings(t, svc, baota, domain.FilingSubmitted)
				overdue := 0
				for _, f := range list {
					if f.RegionCode != "610602" {
						t.Errorf("baota sees filing %d of %s", f.ID, f.RegionCode)
					}
					if f.Overdue {
						overdue++
					}
				}
				if len(list) < 3 || overdue == 0 || overdue == len(list) {
					t.Errorf("baota's worklist has %d submitted, %d overdue; want several, some overdue and some not", len(list), overdue)
				}
				if sum.Overdue == 0 || sum.AwaitingReview < len(list) {
					t.Errorf("summary: %d awaiting review, %d overdue", sum.AwaitingReview, sum.Overdue)
				}
			})

			t.Run("Accounts", func(t *testing.T) {
				want := map[string]struct {
					role   domain.Role
					region string
				}{
					"admin": {domain.RoleAdmin, ""}, "yanan": {domain.RoleCityRegulator, "610600"},
					"baota": {domain.RoleCountyRegulator, "610602"}, "ansai": {domain.RoleCountyRegulator, "610603"},
					"director1": {domain.RoleDirector, "610602"}, "director2": {domain.RoleDirector, "610603"},
					"carer1": {domain.RoleCaregiver, "610602"}, "parent1": {domain.RoleGuardian, ""}, "guide1": {domain.RoleGuide, "610602001"},
				}
				var names []string
				users := map[string]domain.User{}
				for _, acc := range demo.Accounts {
					names = append(names, acc.Username)
					if !strings.Contains(acc.Description, " / ") {
						t.Errorf("%s: description %q is not Chinese / English", acc.Username, acc.Description)
					}
					u := login(t, svc, acc.Username)
					users[acc.Username] = u
					w := want[acc.Username]
					if u.Role != w.role || u.RegionCode != w.region {
						t.Errorf("%s: role %s region %q, want %s %q", acc.Username, u.Role, u.RegionCode, w.role, w.region)
					}
				}
				if strings.Join(names, " ") != "admin yanan baota ansai director1 director2 carer1 parent1 guide1" {
					t.Errorf("accounts in order %v", names)
				}
				d1, d2, c1 := users["director1"], users["director2"], users["carer1"]
				if d1.InstitutionID == nil || c1.InstitutionID == nil || *c1.InstitutionID != *d1.InstitutionID {
					t.Fatalf("carer1 is not at director1's institution")
				}
				in1, err := svc.Institution(ctx, authz.ForUser(d1, "", 0), *d1.InstitutionID)
				if err != nil || in1.Status != domain.StatusFiled {
					t.Errorf("director1's institution %s: status %s, %v; want filed", in1.Name, in1.Status, err)
				}
				director2 := authz.ForUser(d2, "", 0)
				fs, _, err := svc.Filings(ctx, director2, *d2.InstitutionID, domain.Page{})
				if err != nil || len(fs) == 0 {
					t.Fatalf("director2's filings: %v", err)
				}
				if f := fs[0]; f.Status != domain.FilingSubmitted || f.Overdue {
					t.Errorf("director2's latest filing is %s (overdue %v), want submitted in time", f.Status, f.Overdue)
				}
				// every other institution has its director with the same password
				other := login(t, svc, "dir-610602-002")
				if other.Role != domain.RoleDirector || other.InstitutionID == nil {
					t.Errorf("dir-610602-002: %+v", other)
				}
				for _, r := range []string{"reg-610621", "reg-610681"} {
					if u := login(t, svc, r); u.Role != domain.RoleCountyRegulator || u.RegionCode != strings.TrimPrefix(r, "reg-") {
						t.Errorf("%s: %+v", r, u)
					}
				}
			})

			t.Run("Scope", func(t *testing.T) {
				ansai := authz.ForUser(login(t, svc, "ansai"), "", 0)
				list := all(t, svc, ansai)
				want := 0
				for _, in := range insts {
					if in.RegionCode == "610603" {
						want++
					}
				}
				if len(list) != want || want == 0 {
					t.Errorf("ansai sees %d institutions, 安塞区 has %d", len(list), want)
				}
				for _, in := range list {
					if in.RegionCode != "610603" {
						t.Errorf("ansai sees %s in %s", in.Name, in.RegionCode)
					}
				}
			})

			t.Run("Materials", func(t *testing.T) {
				checked := 0
				for _, f := range filings(t, svc, system, "") {
					if f.Kind == domain.FilingCancel || (f.Status != domain.FilingSubmitted && f.Status != domain.FilingFiled && f.Status != domain.FilingReturned) {
						continue
					}
					v, err := svc.FilingDetail(ctx, system, f.ID)
					if err != nil {
						t.Fatal(err)
					}
					if len(v.MissingMaterials) > 0 {
						t.Errorf("filing %d (%s, %s) lacks %v", f.ID, f.Institution, f.Status, v.MissingMaterials)
					}
					if checked > 40 { // the content of the first few filings is enough
						continue
					}
					for _, m := range v.Materials {
						_, content, err := svc.MaterialContent(ctx, system, m.ID)
						if err != nil {
							t.Fatal(err)
						}
						if len(content) >= 5000 {
							t.Errorf("material %d is %d bytes", m.ID, len(content))
						}
						switch m.ContentType {
						case "image/png":
							if _, err := png.Decode(bytes.NewReader(content)); err != nil {
								t.Errorf("material %d: %v", m.ID, err)
							}
						case "application/pdf":
							if !bytes.HasPrefix(content, []byte("%PDF-1.4")) || !bytes.Contains(content, []byte("startxref")) {
								t.Errorf("material %d is not a complete PDF", m.ID)
							}
						default:
							t.Errorf("material %d is %s", m.ID, m.ContentType)
						}
					}
					checked++
				}
				if checked == 0 {
					t.Error("no submitted or filed filing")
				}
			})

			t.Run("History", func(t *testing.T) {
				// Every institution was created through the service (one audit
				// event each), in the past, and returned filings carry item reasons.
				admin := authz.ForUser(login(t, svc, "admin"), "", 0)
				events, total, err := svc.AuditEvents(ctx, admin, store.AuditFilter{Action: "institution.create"}, domain.Page{PerPage: 200})
				if err != nil {
					t.Fatal(err)
				}
				if total != len(insts) {
					t.Errorf("%d institution.create events, want %d", total, len(insts))
				}
				for _, ev := range events {
					if !ev.At.Before(svc.Today().Add(-8 * time.Hour)) { // before today's midnight in China
						t.Errorf("institution %d created at %s, not before today", ev.EntityID, ev.At)
					}
				}
				returned := filings(t, svc, system, domain.FilingReturned)
				for _, f := range returned {
					if f.ReturnReason == "" || len(f.ItemReasons) == 0 {
						t.Errorf("returned filing %d has reason %q, items %v", f.ID, f.ReturnReason, f.ItemReasons)
					}
				}
				if len(returned) == 0 {
					t.Error("no returned filing")
				}
				changes, cancels := 0, 0
				for _, f := range filings(t, svc, system, domain.FilingFiled) {
					switch f.Kind {
					case domain.FilingChange:
						changes++
					case domain.FilingCancel:
						cancels++
					}
				}
				if changes == 0 || cancels == 0 {
					t.Errorf("%d change filings and %d cancellations filed, want some of each", changes, cancels)
				}
			})

			t.Run("Operations", func(t *testing.T) { checkOperations(t, svc, sum, opt) })

			t.Run("SecondEnsureDoesNothing", func(t *testing.T) {
				users, err := svc.DB.Read().CountUsers(ctx)
				if err != nil {
					t.Fatal(err)
				}
				again, err := demo.Ensure(ctx, svc, demo.Options{Seed: 2, Scale: 3})
				if err != nil {
					t.Fatal(err)
				}
				if !again.Existing || again.Seed != 1 || again.Scale != opt.Scale || again.Days != sum.Days || again.AccountsCreated != 0 {
					t.Errorf("second Ensure: %+v", again)
				}
				if !reflect.DeepEqual(again.Institutions, sum.Institutions) || again.Overdue != sum.Overdue {
					t.Errorf("second Ensure counts %v/%d, first %v/%d", again.Institutions, again.Overdue, sum.Institutions, sum.Overdue)
				}
				if again.Children != sum.Children || again.Staff != sum.Staff || again.Attendance != sum.Attendance || again.Bills != sum.Bills {
					t.Errorf("second Ensure counts %d children, %d staff, %d attendance, %d bills; first %d, %d, %d, %d", again.Children, again.Staff,
						again.Attendance, again.Bills, sum.Children, sum.Staff, sum.Attendance, sum.Bills)
				}
				if !strings.Contains(again.String(), "already present") {
					t.Errorf("second summary:\n%s", again)
				}
				after, _ := svc.DB.Read().CountUsers(ctx)
				if after != users || !reflect.DeepEqual(snapshot(t, svc), snapshots[b.Name]) {
					t.Error("second Ensure changed the data")
				}
			})

			t.Run("Deterministic", func(t *testing.T) {
				// Two databases from the same seed hold the same data (that
				// other seeds plan other data, TestPlanIsValidAndDeterministic
				// and TestOperationsPlanIsDeterministic check without a
				// database). With PostgreSQL as well, the comparison of the
				// two backends' data below checks it again. The first is
				// TestEnsureAnyDay's generation (made once per process), the
				// second is made here.
				if b.Name != testkit.Backends()[0].Name {
					return
				}
				now := anyDayClocks[0]
				first, _ := generated(t, now, anyDayOptions)
				again := testkit.NewApp(t, b, now)
				if _, err := demo.Ensure(ctx, again.Service, anyDayOptions); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(snapshot(t, first.Service), snapshot(t, again.Service)) {
					t.Error("the same seed gave different data")
				}
			})
		})
	}
	if s, p := snapshots["sqlite"], snapshots["postgres"]; s != nil && p != nil && !reflect.DeepEqual(s, p) {
		t.Error("seed 1 gave different data on SQLite and PostgreSQL")
	}
}

func TestEnsureRefuses(t *testing.T) {
	ctx := context.Background()
	b := testkit.Backends()[0]
	a := testkit.NewApp(t, b, testkit.DefaultNow)
	for _, scale := range []float64{-1, 1001} {
		if _, err := demo.Ensure(ctx, a.Service, demo.Options{Seed: 1, Scale: scale}); !errors.Is(err, demo.ErrScale) {
			t.Errorf("scale %g: %v, want ErrScale", scale, err)
		}
	}
	for _, days := range []int{-1, demo.MaxDays + 1} {
		if _, err := demo.Ensure(ctx, a.Service, demo.Options{Seed: 1, Days: days}); !errors.Is(err, demo.ErrDays) {
			t.Errorf("days %d: %v, want ErrDays", days, err)
		}
	}
	// a generation that stopped half-way leaves its mark
	unfinished := testkit.NewApp(t, b, testkit.DefaultNow)
	if err := unfinished.DB.Tx(ctx, func(q store.Q) error { return q.SetSetting(ctx, "demo_data", "generating seed=1 scale=1") }); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Ensure(ctx, unfinished.Service, demo.Options{Seed: 1}); !errors.Is(err, demo.ErrUnfinished) {
		t.Errorf("Ensure after an unfinished generation: %v, want ErrUnfinished", err)
	}
	// a database with an account of its own is not for demo data
	if _, err := a.Service.AddUser(ctx, system, service.NewUser{Username: "someone", Password: "a long password", Role: domain.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Ensure(ctx, a.Service, demo.Options{Seed: 1}); !errors.Is(err, demo.ErrNotEmpty) {
		t.Errorf("Ensure on a database in use: %v, want ErrNotEmpty", err)
	}
}
