package api

import (
	"net/http"

	"tuoyu/internal/authz"
	"tuoyu/internal/httpx"
	"tuoyu/internal/stats"
)

func (a *API) statsRoutes() []httpx.Route {
	ok := http.StatusOK
	return []httpx.Route{
		{Method: "GET", Pattern: "/api/v1/indicators", Permission: authz.StatsView, Summary: "The indicator catalogue: definition, numerator, denominator, factor, targets, source",
			Handler: a.handle(ok, a.indicators), Response: []stats.Indicator{}},
		{Method: "GET", Pattern: "/api/v1/indicators/{code}/values", Permission: authz.StatsView, Summary: "An indicator's values with numerator and denominator, for a region (in scope) or its townships, counties or institutions; period 2026-09, 2026-Q3 or 2026",
			Handler: a.handle(ok, a.indicatorValues), Query: []string{"region", "period", "level"}, Response: []stats.Value{}},
		{Method: "GET", Pattern: "/api/v1/dataValueSets", Permission: authz.StatsView, Summary: "DHIS2 dataValueSet of the measures (data element = measure, org unit = division code, period 202609)",
			Handler: a.handle(ok, a.dataValueSet), Query: []string{"region", "period", "level"}, Response: stats.DataValueSet{}},
		{Method: "GET", Pattern: "/api/v1/stats/reports", Permission: authz.StatsView, Summary: "Monthly reports of a region's counties (default: one's own region) for a month (?month=2026-08) with their approval state",
			Handler: a.handle(ok, a.statsReports), Query: []string{"region", "month"}, Response: []stats.MonthlyReport{}},
		{Method: "GET", Pattern: "/api/v1/stats/reports/{region}/{month}", Permission: authz.StatsView, Summary: "A county's monthly report: indicators and institution figures (the approved snapshot once approved)",
			Handler: a.handle(ok, a.statsReport), Response: stats.MonthlyReport{}},
		{Method: "POST", Pattern: "/api/v1/stats/reports/{region}/{month}/submit", Permission: authz.StatsReportSubmit, Summary: "Submit a county's monthly report (county regulator); the figures are snapshotted",
			Handler: a.withBody(ok, a.reportStep(stats.StepSubmit)), Request: reportStepRequest{}, Response: stats.MonthlyReport{}},
		{Method: "POST", Pattern: "/api/v1/stats/reports/{region}/{month}/approve", Permission: authz.StatsReportApprove, Summary: "Approve a submitted monthly report (city regulator); its figures lock",
			Handler: a.withBody(ok, a.reportStep(stats.StepApprove)), Request: reportStepRequest{}, Response: stats.MonthlyReport{}},
		{Method: "POST", Pattern: "/api/v1/stats/reports/{region}/{month}/return", Permission: authz.StatsReportApprove, Summary: "Return a submitted monthly report with a reason (city regulator)",
			Handler: a.withBody(ok, a.reportStep(stats.StepReturn)), Request: reportStepRequest{}, Response: stats.MonthlyReport{}},
		{Method: "POST", Pattern: "/api/v1/stats/reports/{region}/{month}/unlock", Permission: authz.StatsReportApprove, Summary: "Unlock an approved monthly report with a reason (city regulator)",
			Handler: a.withBody(ok, a.reportStep(stats.StepUnlock)), Request: reportStepRequest{}, Response: stats.MonthlyReport{}},
	}
}

// reportStepRequest is the body of an approval step; reason is required
// to return or unlock.
type reportStepRequest struct {
	Reason string `json:"reason"`
}

func (a *API) statsReports(r *http.Request) (any, error) {
	return a.Stats.Reports(r.Context(), httpx.Actor(r), r.URL.Query().Get("region"), r.URL.Query().Get("month"))
}

func (a *API) statsReport(r *http.Request) (any, error) {
	return a.Stats.Report(r.Context(), httpx.Actor(r), r.PathValue("region"), r.PathValue("month"))
}

func (a *API) reportStep(step stats.Step) func(*http.Request, http.ResponseWriter) (any, error) {
	return func(r *http.Request, w http.ResponseWriter) (any, error) {
		var req reportStepRequest
		if r.ContentLength != 0 {
			if err := decode(w, r, &req); err != nil {
				return nil, err
			}
		}
		return a.Stats.Decide(r.Context(), httpx.Actor(r), step, r.PathValue("region"), r.PathValue("month"), req.Reason)
	}
}

func (a *API) indicators(r *http.Request) (any, error) { return a.Stats.Indicators() }

func (a *API) indicatorValues(r *http.Request) (any, error) {
	q := r.URL.Query()
	return a.Stats.Values(r.Context(), httpx.Actor(r), stats.Query{Indicator: r.PathValue("code"), Region: q.Get("region"), Period: q.Get("period"), Level: q.Get("level")})
}

func (a *API) dataValueSet(r *http.Request) (any, error) {
	q := r.URL.Query()
	return a.Stats.DataValueSet(r.Context(), httpx.Actor(r), q.Get("region"), q.Get("period"), q.Get("level"))
}
