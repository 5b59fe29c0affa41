package api_test

import (
	"context"
	"testing"

	"tuoyu/internal/stats"
	"tuoyu/internal/testkit"
)

// inst_total of a report's figures.
func reportTotal(t *testing.T, r stats.MonthlyReport) int64 {
	t.Helper()
	if r.Figures == nil {
		t.Fatalf("report %s %s has no figures", r.RegionCode, r.Month)
	}
	for _, l := range r.Figures.Lines {
		if l.Indicator == "inst_total" && l.Value.Numerator != nil {
			return *l.Value.Numerator
		}
	}
	t.Fatalf("report lacks inst_total: %+v", r.Figures.Lines)
	return 0
}

// A county's monthly report goes up the hierarchy: the county submits, the
// city returns it with a reason or approves it; approved figures are the
// snapshot, locked against later changes of the roll-ups until the city
// unlocks; every step is audited; roles and scope are checked.
func TestMonthlyReportApproval(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			if _, err := e.app.Stats.Refresh(context.Background()); err != nil {
				t.Fatal(err)
			}
			raw := newRawDB(e)
			base := "/api/v1/stats/reports/610602/2026-08"
			var rep stats.MonthlyReport
			e.do("baota", "GET", base, nil, 200, &rep)
			if rep.Status != stats.ReportOpen || rep.Snapshot || rep.Locked || len(rep.Figures.Lines) != len(stats.ReportIndicators) {
				t.Fatalf("open report: %+v", rep)
			}
			before := reportTotal(t, rep)

			// Who may do what, and where.
			e.do("yanan", "POST", base+"/approve", nil, 409, nil)
			e.do("baota", "POST", base+"/approve", nil, 403, nil)
			e.do("director1", "POST", base+"/submit", nil, 403, nil)
			e.do("director1", "GET", base, nil, 404, nil)
			e.do("ansai", "GET", base, nil, 404, nil)
			e.do("ansai", "POST", base+"/submit", nil, 404, nil)
			e.do("baota", "POST", "/api/v1/stats/reports/610602/2026-09/submit", nil, 422, nil)
			e.do("baota", "POST", "/api/v1/stats/reports/610600/2026-08/submit", nil, 404, nil)
			if n := raw.count("SELECT COUNT(*) FROM stats_reports"); n != 0 {
				t.Fatalf("refused steps wrote %d reports", n)
			}

			e.do("baota", "POST", base+"/submit", nil, 200, &rep)
			if rep.Status != stats.ReportSubmitted || !rep.Snapshot || rep.SubmittedAt == nil {
				t.Fatalf("submitted: %+v", rep)
			}
			e.do("baota", "POST", base+"/submit", nil, 409, nil)
			e.do("yanan", "POST", base+"/return", map[string]string{"reason": "  "}, 422, nil)
			e.do("yanan", "GET", base, nil, 200, &rep)
			if rep.Status != stats.ReportSubmitted {
				t.Fatalf("a refused return changed the report: %+v", rep)
			}
			e.do("yanan", "POST", base+"/return", map[string]string{"reason": "托位数与备案不符"}, 200, &rep)
			if rep.Status != stats.ReportReturned || rep.Reason != "托位数与备案不符" || rep.Snapshot {
				t.Fatalf("returned: %+v", rep)
			}
			e.do("baota", "POST", base+"/submit", nil, 200, &rep)
			e.do("yanan", "POST", base+"/approve", nil, 200, &rep)
			if rep.Status != stats.ReportApproved || !rep.Locked || rep.DecidedAt == nil {
				t.Fatalf("approved: %+v", rep)
			}

			// A late change of the month's roll-ups: the values API shows
			// it, the approved report does not.
			raw.exec("DELETE FROM stats_region_values WHERE region_code = '610602' AND month = '2026-08' AND measure = 'inst_registered'")
			raw.exec("INSERT INTO stats_region_values (region_code, month, measure, value) VALUES ('610602', '2026-08', 'inst_registered', ?)", before+7)
			var vals []stats.Value
			e.do("baota", "GET", "/api/v1/indicators/inst_total/values?region=610602&period=2026-08", nil, 200, &vals)
			if len(vals) != 1 || *vals[0].Numerator != before+7 {
				t.Fatalf("values after the change: %+v", vals)
			}
			e.do("baota", "GET", base, nil, 200, &rep)
			if got := reportTotal(t, rep); got != before || !rep.Locked {
				t.Fatalf("approved report shows %d (locked %v), want the snapshot's %d", got, rep.Locked, before)
			}
			e.do("baota", "POST", base+"/submit", nil, 409, nil)
			e.do("baota", "POST", base+"/unlock", map[string]string{"reason": "更正"}, 403, nil)
			e.do("yanan", "POST", base+"/unlock", map[string]string{}, 422, nil)
			e.do("yanan", "POST", base+"/unlock", map[string]string{"reason": "县级更正托位数据"}, 200, &rep)
			if rep.Status != stats.ReportUnlocked || rep.Locked || reportTotal(t, rep) != before+7 {
				t.Fatalf("unlocked: %+v", rep)
			}

			var list []stats.MonthlyReport
			e.do("yanan", "GET", "/api/v1/stats/reports?month=2026-08", nil, 200, &list)
			states := map[string]string{}
			for _, r := range list {
				states[r.RegionCode] = r.Status
			}
			if len(list) != 13 || states["610602"] != stats.ReportUnlocked || states["610603"] != stats.ReportOpen {
				t.Fatalf("city list: %v (%d)", states, len(list))
			}
			e.do("admin", "GET", "/api/v1/stats/reports?region=610600&month=2026-08", nil, 200, &list)
			if len(list) != 13 {
				t.Fatalf("admin list: %d reports", len(list))
			}
			e.do("baota", "GET", "/api/v1/stats/reports?region=610603&month=2026-08", nil, 404, nil)
			e.do("baota", "GET", "/api/v1/stats/reports?month=2026-08", nil, 200, &list)
			if len(list) != 1 || list[0].RegionCode != "610602" {
				t.Fatalf("county list: %+v", list)
			}

			// Every step that changed the report is audited, in order.
			for action, want := range map[string]int{"stats.report.submit": 2, "stats.report.return": 1, "stats.report.approve": 1, "stats.report.unlock": 1} {
				if n := raw.count("SELECT COUNT(*) FROM audit_events WHERE action = ? AND entity = 'stats_report' AND region_code = '610602'", action); n != want {
					t.Errorf("%s audited %d times, want %d", action, n, want)
				}
			}
		})
	}
}
