package supervision_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"tuoyu/internal/app"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
	"tuoyu/internal/supervision"
	"tuoyu/internal/testkit"
)

// fixture is a database with two filed institutions in two counties, and
// the county regulators, the city regulator and the first one's director.
type fixture struct {
	app                     *app.App
	sv                      *supervision.Service
	baota, ansai            int64 // institutions
	county, other, city     authz.Actor
	director, otherDirector authz.Actor
}

const (
	baotaCode = "610602"
	ansaiCode = "610603"
)

func newFixture(t *testing.T, b testkit.Backend, now time.Time) *fixture {
	t.Helper()
	a := testkit.NewApp(t, b, now)
	f := &fixture{app: a, sv: a.Supervision}
	ctx := context.Background()
	err := a.DB.Tx(ctx, func(q store.Q) error {
		inst := func(name, region, credit string) int64 {
			id, err := q.Insert(ctx, `INSERT INTO institutions (name, credit_code, kind, nature, region_code, township_code, status, receipt_no, filed_on, created_at, updated_at)
				VALUES (?, ?, 'centre', 'private', ?, ?, 'filed', ?, '2023-03-01', ?, ?)`, name, credit, region, region+"001", "R-"+credit, now.UTC(), now.UTC())
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		f.baota = inst("宝塔示例托育园", baotaCode, "91610602MA0000001X")
		f.ansai = inst("安塞示例托育园", ansaiCode, "91610603MA0000002X")
		user := func(name string, role domain.Role, region string, institution int64) authz.Actor {
			var inst any
			if institution != 0 {
				inst = institution
			}
			id, err := q.Insert(ctx, `INSERT INTO users (username, display_name, password_hash, role, region_code, institution_id, created_at) VALUES (?, ?, 'x', ?, ?, ?, ?)`,
				name, name, string(role), region, inst, now.UTC())
			if err != nil {
				t.Fatal(err)
			}
			u := domain.User{ID: id, Username: name, Role: role, RegionCode: region}
			if institution != 0 {
				u.InstitutionID = &institution
			}
			return authz.ForUser(u, "127.0.0.1", 0)
		}
		f.county = user("county", domain.RoleCountyRegulator, baotaCode, 0)
		f.other = user("other_county", domain.RoleCountyRegulator, ansaiCode, 0)
		f.city = user("city", domain.RoleCityRegulator, "610600", 0)
		f.director = user("director", domain.RoleDirector, "", f.baota)
		f.otherDirector = user("other_director", domain.RoleDirector, "", f.ansai)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func each(t *testing.T, fn func(t *testing.T, b testkit.Backend)) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) { fn(t, b) })
	}
}

func (f *fixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.app.DB.Read().QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestConsecutiveFailures(t *testing.T) {
	cases := []struct {
		results map[int]string
		year    int
		ok      bool
		first   int
	}{
		{map[int]string{2024: "fail", 2025: "fail"}, 2025, true, 2024},
		{map[int]string{2024: "fail", 2025: "fail"}, 2024, true, 2024}, // entered out of order
		{map[int]string{2023: "fail", 2024: "pass", 2025: "fail"}, 2025, false, 0},
		{map[int]string{2025: "fail"}, 2025, false, 0},
		{map[int]string{2023: "fail", 2025: "fail"}, 2025, false, 0}, // a year missing is not "in a row"
		{map[int]string{2024: "fail", 2025: "pass"}, 2025, false, 0},
	}
	for i, c := range cases {
		first, _, ok := supervision.ConsecutiveFailures(c.results, c.year)
		if ok != c.ok || first != c.first {
			t.Errorf("case %d: got %d %v, want %d %v", i, first, ok, c.first, c.ok)
		}
	}
}

func TestClosureProposalRule(t *testing.T) {
	each(t, func(t *testing.T, b testkit.Backend) {
		f := newFixture(t, b, testkit.DefaultNow)
		ctx := context.Background()
		rec := func(inst int64, year int, result string) supervision.ReviewOutcome {
			t.Helper()
			out, err := f.sv.RecordReview(ctx, f.county, inst, supervision.ReviewInput{Year: year, Result: result, Reasons: "消防通道堵塞"})
			if err != nil {
				t.Fatalf("record %d %s: %v", year, result, err)
			}
			return out
		}
		// fail, pass, fail: no proposal; single failures: none.
		if out := rec(f.baota, 2023, "fail"); out.Proposal != nil {
			t.Fatal("a single failure raised a proposal")
		}
		rec(f.baota, 2024, "pass")
		if out := rec(f.baota, 2025, "fail"); out.Proposal != nil {
			t.Fatal("fail-pass-fail raised a proposal")
		}
		if n := f.count(t, "SELECT COUNT(*) FROM closure_proposals"); n != 0 {
			t.Fatalf("%d proposals", n)
		}
		// Bad input changes nothing.
		_, err := f.sv.RecordReview(ctx, f.county, f.baota, supervision.ReviewInput{Year: 2099, Result: "maybe"})
		if fe := fieldsOf(err); fe["year"] == "" || fe["result"] == "" {
			t.Fatalf("bad input: %v", err)
		}
		_, err = f.sv.RecordReview(ctx, f.county, f.baota, supervision.ReviewInput{Year: 2025, Result: "fail"})
		if fe := fieldsOf(err); fe["reasons"] != domain.ReasonRequired {
			t.Fatalf("fail without reasons: %v", err)
		}
		_, err = f.sv.RecordReview(ctx, f.county, f.baota, supervision.ReviewInput{Year: 2025, Result: "pass"})
		if fe := fieldsOf(err); fe["year"] != "review_recorded" {
			t.Fatalf("second review of a year: %v", err)
		}
		// Out of scope is not found and records nothing.
		if _, err := f.sv.RecordReview(ctx, f.other, f.baota, supervision.ReviewInput{Year: 2022, Result: "pass"}); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Fatalf("other county: %v", err)
		}
		if _, err := f.sv.RecordReview(ctx, f.director, f.baota, supervision.ReviewInput{Year: 2022, Result: "pass"}); domain.ErrorCode(err) != domain.CodeForbidden {
			t.Fatalf("director: %v", err)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM annual_reviews"); n != 3 {
			t.Fatalf("%d reviews after refusals", n)
		}

		// fail, fail in a row (the other institution): a proposal at once.
		o := newActorFor(f.other)
		if out, err := f.sv.RecordReview(ctx, o, f.ansai, supervision.ReviewInput{Year: 2025, Result: "fail", Reasons: "无资质保育员"}); err != nil || out.Proposal != nil {
			t.Fatalf("first failure: %v %+v", err, out.Proposal)
		}
		out, err := f.sv.RecordReview(ctx, o, f.ansai, supervision.ReviewInput{Year: 2024, Result: "fail", Reasons: "监控缺失"})
		if err != nil || out.Proposal == nil || out.Proposal.FirstYear != 2024 || out.Proposal.SecondYear != 2025 {
			t.Fatalf("fail-fail: %v %+v", err, out.Proposal)
		}
		// Baota's county does not see Ansai's proposal.
		if _, err := f.sv.Closure(ctx, f.county, out.Proposal.ID); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Fatalf("proposal out of scope: %v", err)
		}
		if _, err := f.sv.DecideClosure(ctx, f.county, out.Proposal.ID, supervision.ClosureDecision{Decision: "close", Reason: "x"}); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Fatalf("decide out of scope: %v", err)
		}
		// A decision without a reason changes nothing.
		if _, err := f.sv.DecideClosure(ctx, o, out.Proposal.ID, supervision.ClosureDecision{Decision: "close"}); fieldsOf(err)["reason"] == "" {
			t.Fatalf("no reason: %v", err)
		}
		c, err := f.sv.DecideClosure(ctx, o, out.Proposal.ID, supervision.ClosureDecision{Decision: "close", Reason: "连续两年年审不合格"})
		if err != nil || c.Status != supervision.ClosureClosed || c.NoticeUntil.String() != "2026-10-30" {
			t.Fatalf("close: %v %+v", err, c)
		}
		in, err := f.app.Service.Institution(ctx, o, f.ansai)
		if err != nil || in.Status != domain.StatusClosed {
			t.Fatalf("institution after closure: %v %s", err, in.Status)
		}
		if _, err := f.sv.DecideClosure(ctx, o, out.Proposal.ID, supervision.ClosureDecision{Decision: "keep", Reason: "x"}); domain.ErrorCode(err) != domain.CodeConflict {
			t.Fatalf("decide twice: %v", err)
		}
		// Public: off the directory as filed, a notice and the closed record.
		list, _, err := f.app.Service.PublicDirectory(ctx, domain.InstitutionFilter{}, domain.Page{Page: 1, PerPage: 50})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range list {
			if p.ID == f.ansai {
				t.Fatal("a closed institution is in the public directory")
			}
		}
		notices, total, err := f.sv.PublicNotices(ctx, domain.Page{Page: 1, PerPage: 10})
		if err != nil || total != 1 || notices[0].InstitutionName != "安塞示例托育园" || notices[0].DecidedOn.String() != "2026-09-30" {
			t.Fatalf("notices: %v %d %+v", err, total, notices)
		}
		if _, err := f.sv.NoteAppeal(ctx, o, c.ID, supervision.AppealInput{Appeal: "机构已申请行政复议"}); err != nil {
			t.Fatal(err)
		}
		rec2, err := f.sv.PublicRecord(ctx, f.ansai)
		if err != nil || rec2.Status != domain.StatusClosed || len(rec2.Notices) != 1 || rec2.Notices[0].Appeal == "" {
			t.Fatalf("public record: %v %+v", err, rec2)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM audit_events WHERE action IN ('closure.propose', 'closure.close', 'closure.appeal')"); n != 3 {
			t.Fatalf("%d closure audit events", n)
		}
	})
}

func newActorFor(a authz.Actor) authz.Actor { return a }

func fieldsOf(err error) map[string]string {
	var e *domain.Error
	if err == nil {
		return map[string]string{}
	}
	if de, ok := err.(*domain.Error); ok {
		e = de
	} else {
		return map[string]string{"error": fmt.Sprint(err)}
	}
	if e.Fields == nil {
		return map[string]string{}
	}
	return e.Fields
}

// newFixtureClock is the fixture's supervision service with the clock at another instant.
func newFixtureClock(t *testing.T, f *fixture, at string) *supervision.Service {
	t.Helper()
	now, err := time.Parse(time.RFC3339, at)
	if err != nil {
		t.Fatal(err)
	}
	return f.sv.WithCore(f.app.Service.WithClock(func() time.Time { return now }))
}
