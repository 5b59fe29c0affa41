package api_test

import (
	"fmt"
	"testing"
	"tuoyu/internal/api"

	"tuoyu/internal/stats"
	"tuoyu/internal/testkit"
)

// An institution's monthly report through the API: the director reads and
// corrects their own (another institution's is not found), submits it; the
// county returns and approves it (another county: not found); the late
// list, the totals and planning answer within each caller's scope.
func TestInstitutionReportAPI(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			base := fmt.Sprintf("/api/v1/stats/institution-reports/%d/2026-08", e.inst["baota"])
			var rep stats.InstitutionReport
			e.do("director1", "GET", base, nil, 200, &rep)
			if rep.Status != stats.ReportOpen || len(rep.Tables) != len(stats.ReportTables) || rep.Deadline.String() != "2026-09-07" {
				t.Fatalf("open report: %+v", rep)
			}
			for _, user := range []string{"director2", "ansai"} {
				e.do(user, "GET", base, nil, 404, nil)
			}
			e.do("director2", "POST", base+"/corrections", map[string]any{"item": "fees.bills", "value": 3, "reason": "漏记"}, 404, nil)
			e.do("director1", "POST", base+"/corrections", map[string]any{"item": "fees.bills", "value": 3}, 422, nil)
			e.do("director1", "POST", base+"/corrections", map[string]any{"item": "fees.bills", "reason": "漏记"}, 422, nil)
			e.do("director1", "POST", base+"/corrections", map[string]any{"item": "fees.bills", "value": 3, "reason": "纸质账单漏记"}, 200, &rep)
			if c := rep.Figures.Corrections["fees.bills"]; c.Value != 3 || c.Computed != 0 || c.Reason != "纸质账单漏记" {
				t.Fatalf("correction: %+v", rep.Figures.Corrections)
			}
			e.do("baota", "POST", base+"/approve", nil, 409, nil)
			e.do("director1", "POST", fmt.Sprintf("/api/v1/stats/institution-reports/%d/2026-09/submit", e.inst["baota"]), nil, 422, nil)
			e.do("director1", "POST", base+"/submit", nil, 200, &rep)
			if rep.Status != stats.ReportSubmitted || !rep.Late {
				t.Fatalf("submitted: %+v", rep)
			}
			e.do("ansai", "POST", base+"/approve", nil, 404, nil)
			e.do("partner", "POST", base+"/approve", nil, 403, nil)
			e.do("baota", "POST", base+"/return", map[string]string{"reason": ""}, 422, nil)
			e.do("baota", "POST", base+"/return", map[string]string{"reason": "账单数与收费记录不符"}, 200, &rep)
			e.do("director1", "POST", base+"/submit", nil, 200, nil)
			e.do("baota", "POST", base+"/approve", nil, 200, &rep)
			if !rep.Locked {
				t.Fatalf("approved: %+v", rep)
			}
			e.do("director1", "POST", base+"/corrections", map[string]any{"item": "fees.bills", "value": 4, "reason": "再改"}, 409, nil)

			var paged api.List[stats.ReportStatus]
			e.do("director1", "GET", "/api/v1/stats/institution-reports?month=2026-08", nil, 200, &paged)
			if len(paged.Items) != 1 || paged.Total != 1 || paged.Items[0].InstitutionID != e.inst["baota"] || paged.Items[0].Status != stats.ReportApproved {
				t.Fatalf("director's list: %+v", paged)
			}
			e.do("yanan", "GET", "/api/v1/stats/institution-reports?month=2026-08&per_page=1&page=2", nil, 200, &paged)
			if len(paged.Items) != 0 || paged.Total != 1 || paged.Page != 2 || paged.PerPage != 1 {
				t.Fatalf("the city's list of one report, its page 2: %+v", paged)
			}
			var list []stats.ReportStatus
			e.do("yanan", "GET", "/api/v1/stats/institution-reports/late?month=2026-08", nil, 200, &list)
			if len(list) != 1 || !list[0].Late {
				t.Fatalf("late list: %+v", list)
			}
			e.do("director1", "GET", "/api/v1/stats/institution-reports/late?month=2026-08", nil, 403, nil)
			var tot stats.ReportTotals
			e.do("yanan", "GET", "/api/v1/stats/institution-reports/totals?region=610600&month=2026-08", nil, 200, &tot)
			if tot.Approved != 1 || tot.Figures.Computed["fees.bills"] != 3 {
				t.Fatalf("totals: %+v", tot)
			}
			e.do("ansai", "GET", "/api/v1/stats/institution-reports/totals?region=610602&month=2026-08", nil, 404, nil)

			var plan stats.Planning
			e.do("partner", "GET", "/api/v1/stats/planning", nil, 200, &plan)
			if plan.Region.Code != "610602" || plan.Level != "township" || len(plan.Rows) == 0 {
				t.Fatalf("planning: %+v", plan)
			}
			e.do("yanan", "GET", "/api/v1/stats/planning?region=610603", nil, 200, nil)
			e.do("baota", "GET", "/api/v1/stats/planning?region=610603", nil, 404, nil)
			e.do("director1", "GET", "/api/v1/stats/planning", nil, 403, nil)
			e.do("baota", "PUT", "/api/v1/stats/settings", map[string]string{"deadline_workday": "3"}, 403, nil)
			e.do("yanan", "PUT", "/api/v1/stats/settings", map[string]string{"deadline_workday": "0"}, 422, nil)
			var set stats.Settings
			e.do("yanan", "PUT", "/api/v1/stats/settings", map[string]string{"deadline_workday": "3", "year": "2026", "target": "4.5"}, 200, &set)
			if set.DeadlineWorkday != 3 || len(set.Targets) != 1 || set.Targets[0].Value != 4.5 {
				t.Fatalf("settings: %+v", set)
			}
			e.do("yanan", "GET", "/api/v1/stats/planning?region=610600&year=2026", nil, 200, &plan)
			if plan.Target != 4.5 || !plan.TargetSet || plan.Level != "county" || len(plan.Rows) != 13 {
				t.Fatalf("city planning: %+v", plan)
			}
			e.do("director1", "GET", base, nil, 200, &rep)
			if rep.Deadline.String() != "2026-09-03" {
				t.Fatalf("deadline after the setting: %s", rep.Deadline)
			}
		})
	}
}
