package demo_test

import (
	"context"
	"testing"

	"tuoyu/internal/app"
	"tuoyu/internal/civil"
	"tuoyu/internal/demo"
	"tuoyu/internal/domain"
	"tuoyu/internal/supervision"
)

// checkSupervision reads the generated demo's supervision and report
// records and checks that every state the demo promises is there.
func checkSupervision(t *testing.T, a *app.App, opt demo.Options) {
	ctx := context.Background()
	q := a.DB.Read()
	today := civil.InChina(a.Service.Now())
	count := func(query string, args ...any) int {
		t.Helper()
		var n int
		if err := q.QueryRow(ctx, query, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	states := func(query string) map[string]int {
		t.Helper()
		rows, err := q.Query(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var s string
			var n int
			if err := rows.Scan(&s, &n); err != nil {
				t.Fatal(err)
			}
			out[s] = n
		}
		return out
	}
	want := func(what string, got map[string]int, keys ...string) {
		t.Helper()
		for _, k := range keys {
			if got[k] == 0 {
				t.Errorf("no %s in state %s (%v)", what, k, got)
			}
		}
	}

	// Registrations: some pushed late, some institutions overdue for filing.
	if n := count("SELECT COUNT(*) FROM sv_registrations WHERE pushed_on > push_due"); n == 0 {
		t.Error("no registration pushed late")
	}
	if n := count(`SELECT COUNT(*) FROM sv_registrations r JOIN institutions i ON i.id = r.institution_id
		WHERE i.status IN (?, ?) AND r.filing_due < ?`, domain.StatusUnfiled, domain.StatusReturned, today); n == 0 {
		t.Error("no institution overdue for filing")
	}
	// Checklists, a random draw with its seed, completed inspections with findings.
	if n := count("SELECT COUNT(*) FROM sv_templates"); n < 7 {
		t.Errorf("%d checklists", n)
	}
	if n := count("SELECT COUNT(*) FROM sv_plans WHERE method = ? AND seed <> ''", supervision.MethodDraw); n == 0 {
		t.Error("no drawn plan")
	}
	want("inspection", states("SELECT kind, COUNT(*) FROM sv_inspections WHERE status = 'completed' GROUP BY kind"), "annual", "special")
	want("item result", states("SELECT outcome, COUNT(*) FROM sv_results GROUP BY outcome"), "pass", "fail", "na")
	if n := count("SELECT COUNT(*) FROM sv_findings"); n == 0 {
		t.Error("no findings")
	}
	// Orders in every state; one overdue, one escalated, one closed after a
	// rejection, a penalty.
	want("order", states("SELECT status, COUNT(*) FROM sv_orders GROUP BY status"),
		supervision.OrderOpen, supervision.OrderSubmitted, supervision.OrderReturned, supervision.OrderRecheck, supervision.OrderClosed)
	if n := count("SELECT COUNT(*) FROM sv_orders WHERE status IN ('open', 'returned') AND due_on < ? AND escalate_on >= ?", today, today); n == 0 {
		t.Error("no order overdue and not yet escalated")
	}
	if n := count("SELECT COUNT(*) FROM sv_orders WHERE status IN ('open', 'returned') AND escalate_on < ?", today); n == 0 {
		t.Error("no order escalated to the city")
	}
	if n := count(`SELECT COUNT(*) FROM sv_orders o WHERE o.status = 'closed' AND EXISTS
		(SELECT 1 FROM sv_order_events e WHERE e.order_id = o.id AND e.kind = ?)`, supervision.DecisionReject); n == 0 {
		t.Error("no order closed after a rejection")
	}
	if n := count("SELECT COUNT(*) FROM sv_penalties"); n == 0 {
		t.Error("no penalty")
	}
	// Annual reviews over three years: exactly one institution failed two
	// years in a row, closed with a public notice; others failed once.
	if n := count("SELECT COUNT(DISTINCT year) FROM annual_reviews"); n != 3 {
		t.Errorf("reviews over %d years", n)
	}
	if n := count("SELECT COUNT(*) FROM closure_proposals"); n != 1 {
		t.Errorf("%d closure proposals, want 1", n)
	}
	if n := count("SELECT COUNT(*) FROM closure_proposals c JOIN institutions i ON i.id = c.institution_id WHERE c.status = ? AND i.status = ?",
		supervision.ClosureClosed, domain.StatusClosed); n != 1 {
		t.Errorf("%d institutions closed after two failed years", n)
	}
	if n := count("SELECT COUNT(DISTINCT institution_id) FROM annual_reviews WHERE result = 'fail'"); n < 2 {
		t.Errorf("%d institutions failed a review: want the closed one and others", n)
	}
	notices, _, err := a.Supervision.PublicNotices(ctx, domain.Page{Page: 1, PerPage: 10})
	if err != nil || len(notices) != 1 {
		t.Errorf("public notices %v %+v", err, notices)
	}
	// Complaints in every state and from every source; one started a
	// special inspection and a footage preservation request; some overdue.
	want("complaint", states("SELECT status, COUNT(*) FROM complaints GROUP BY status"),
		supervision.ComplaintReceived, supervision.ComplaintSigned, supervision.ComplaintAnswered, supervision.ComplaintClosed)
	want("complaint source", states("SELECT source, COUNT(*) FROM complaints GROUP BY source"),
		supervision.SourcePublic, supervision.SourceGuardian, supervision.SourceHotline)
	if n := count("SELECT COUNT(*) FROM complaints WHERE inspection_id IS NOT NULL"); n == 0 {
		t.Error("no complaint answered with a special inspection")
	}
	if n := count("SELECT COUNT(*) FROM sv_inspections WHERE origin = ?", supervision.OriginComplaint); n == 0 {
		t.Error("no inspection from a complaint")
	}
	if n := count("SELECT COUNT(*) FROM footage_requests WHERE complaint_id IS NOT NULL AND status = ?", supervision.FootageConfirmed); n == 0 {
		t.Error("no footage preserved for a complaint")
	}
	if n := count("SELECT COUNT(*) FROM complaints WHERE (status = 'received' AND sign_due < ?) OR (status = 'signed' AND answer_due < ?)", today, today); n == 0 {
		t.Error("no overdue complaint")
	}
	// CCTV registers, quality assessments at every stage, demonstrations:
	// three in a county at Yan'an's scale, fewer in others.
	if n := count("SELECT COUNT(DISTINCT institution_id) FROM cctv_cameras"); n < 3 {
		t.Errorf("%d CCTV registers", n)
	}
	want("quality assessment", states("SELECT status, COUNT(*) FROM quality_assessments GROUP BY status"),
		supervision.StageCounty, supervision.StageCity, supervision.StageDone)
	if n := count("SELECT COUNT(DISTINCT grade) FROM quality_assessments"); n < 3 {
		t.Errorf("%d quality grades", n)
	}
	demos := states("SELECT region_code, COUNT(*) FROM demonstrations GROUP BY region_code")
	most := 0
	for _, n := range demos {
		most = max(most, n)
	}
	if floor := min(3, max(1, int(opt.Scale*3))); most < floor || len(demos) == 0 {
		t.Errorf("demonstrations per county %v: want a county with %d", demos, floor)
	}
	fewer := count("SELECT COUNT(*) FROM regions WHERE parent_code = '610600' AND level = 'county'") > len(demos)
	for _, n := range demos {
		fewer = fewer || n < 3
	}
	if !fewer {
		t.Errorf("every county has three demonstration institutions %v", demos)
	}
	// County monthly reports over the last twelve months in every state.
	want("report", states("SELECT status, COUNT(*) FROM stats_reports GROUP BY status"), "submitted", "approved", "returned", "unlocked")
	if n := count("SELECT COUNT(DISTINCT month) FROM stats_reports"); n != 12 {
		t.Errorf("reports over %d months", n)
	}
}
