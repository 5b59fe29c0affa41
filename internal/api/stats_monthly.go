package api

import (
	"net/http"
	"strconv"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/stats"
)

// statsMonthlyRoutes: institution monthly reports (computed from the
// month's records, corrected and submitted by the director, approved by
// the county), the late list, the approved reports added up; planning and
// the statistics settings.
func (a *API) statsMonthlyRoutes() []httpx.Route {
	ok := http.StatusOK
	base := "/api/v1/stats/institution-reports/{id}/{month}"
	return []httpx.Route{
		{Method: "GET", Pattern: "/api/v1/stats/institution-reports", Permission: authz.StatsView, Summary: "Institution monthly reports of a month (?month=2026-08) in scope (a director: their own), within ?region=, with state, deadline, late and missing",
			Handler: a.handle(ok, a.instReports), Query: []string{"month", "region", "page", "per_page"}, Response: List[stats.ReportStatus]{}},
		{Method: "GET", Pattern: "/api/v1/stats/institution-reports/late", Permission: authz.StatsMonthlyTrack, Summary: "Institution reports of a month missing after the deadline or first submitted after it",
			Handler: a.handle(ok, a.lateReports), Query: []string{"month", "region"}, Response: []stats.ReportStatus{}},
		{Method: "GET", Pattern: "/api/v1/stats/institution-reports/totals", Permission: authz.StatsView, Summary: "The approved institution reports of a county or the city for a month, added up",
			Handler: a.handle(ok, a.instTotals), Query: []string{"month", "region"}, Response: stats.ReportTotals{}},
		{Method: "GET", Pattern: base, Permission: authz.StatsView, Summary: "An institution's monthly report: figures computed from its records, corrections with reasons, the standard tables, state and deadline",
			Handler: a.handle(ok, a.instReport), Response: stats.InstitutionReport{}},
		{Method: "POST", Pattern: base + "/corrections", Permission: authz.StatsMonthlySubmit, Summary: "Correct one figure of an open report with a reason (director); the computed value stays beside it",
			Handler: a.withBody(ok, a.correctReport), Request: correctionRequest{}, Response: stats.InstitutionReport{}},
		{Method: "POST", Pattern: base + "/submit", Permission: authz.StatsMonthlySubmit, Summary: "Submit an institution's report for an ended month (director); the figures are fixed",
			Handler: a.withBody(ok, a.instStep(stats.StepInstSubmit)), Request: reportStepRequest{}, Response: stats.InstitutionReport{}},
		{Method: "POST", Pattern: base + "/approve", Permission: authz.StatsMonthlyApprove, Summary: "Approve a submitted institution report (county); it locks",
			Handler: a.withBody(ok, a.instStep(stats.StepInstApprove)), Request: reportStepRequest{}, Response: stats.InstitutionReport{}},
		{Method: "POST", Pattern: base + "/return", Permission: authz.StatsMonthlyApprove, Summary: "Return a submitted institution report with a reason (county)",
			Handler: a.withBody(ok, a.instStep(stats.StepInstReturn)), Request: reportStepRequest{}, Response: stats.InstitutionReport{}},
		{Method: "POST", Pattern: base + "/reopen", Permission: authz.StatsMonthlyApprove, Summary: "Reopen an approved institution report with a reason (county)",
			Handler: a.withBody(ok, a.instStep(stats.StepInstReopen)), Request: reportStepRequest{}, Response: stats.InstitutionReport{}},
		{Method: "GET", Pattern: "/api/v1/stats/planning", Permission: authz.StatsPlanning, Summary: "Places needed (population × target per 1,000) against places filed and counted, by township of a county or county of the city; 普惠 places against children under 3; townships with no institution",
			Handler: a.handle(ok, a.planning), Query: []string{"region", "year"}, Response: stats.Planning{}},
		{Method: "GET", Pattern: "/api/v1/stats/settings", Permission: authz.StatsPlanning, Summary: "Statistics settings: the report deadline's working day, the target places per 1,000 by year",
			Handler: a.handle(ok, a.statsSettings), Response: stats.Settings{}},
		{Method: "PUT", Pattern: "/api/v1/stats/settings", Permission: authz.StatsSettingsEdit, Summary: "Change the statistics settings (city)",
			Handler: a.withBody(ok, a.saveStatsSettings), Request: stats.SettingsChange{}, Response: stats.Settings{}},
	}
}

// correctionRequest corrects one figure; money items are in fen.
type correctionRequest struct {
	Item   string `json:"item"`
	Value  *int64 `json:"value"`
	Reason string `json:"reason"`
}

func (a *API) instReports(r *http.Request) (any, error) {
	q := r.URL.Query()
	all, err := a.Stats.InstitutionReports(r.Context(), httpx.Actor(r), q.Get("region"), q.Get("month"))
	if err != nil {
		return nil, err
	}
	p := page(r)
	items, total := stats.PageReports(all, p)
	return list(items, total, p), nil
}

func (a *API) lateReports(r *http.Request) (any, error) {
	q := r.URL.Query()
	return a.Stats.LateReports(r.Context(), httpx.Actor(r), q.Get("region"), q.Get("month"))
}

func (a *API) instTotals(r *http.Request) (any, error) {
	q := r.URL.Query()
	return a.Stats.InstitutionTotals(r.Context(), httpx.Actor(r), q.Get("region"), q.Get("month"))
}

func (a *API) instReport(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return a.Stats.InstitutionReport(r.Context(), httpx.Actor(r), id, r.PathValue("month"))
}

func (a *API) correctReport(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	var req correctionRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	if req.Value == nil {
		return nil, domain.Invalid("value", domain.ReasonRequired)
	}
	return a.Stats.Correct(r.Context(), httpx.Actor(r), id, r.PathValue("month"), req.Item, *req.Value, req.Reason)
}

func (a *API) instStep(step stats.Step) func(*http.Request, http.ResponseWriter) (any, error) {
	return func(r *http.Request, w http.ResponseWriter) (any, error) {
		id, err := pathID(r, "id")
		if err != nil {
			return nil, err
		}
		var req reportStepRequest
		if r.ContentLength != 0 {
			if err := decode(w, r, &req); err != nil {
				return nil, err
			}
		}
		return a.Stats.DecideInstitution(r.Context(), httpx.Actor(r), step, id, r.PathValue("month"), req.Reason)
	}
}

func (a *API) planning(r *http.Request) (any, error) {
	q := r.URL.Query()
	year := 0
	if y := q.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			return nil, domain.Invalid("year", domain.ReasonRange)
		}
		year = n
	}
	return a.Stats.Planning(r.Context(), httpx.Actor(r), q.Get("region"), year)
}

func (a *API) statsSettings(r *http.Request) (any, error) {
	return a.Stats.Settings(r.Context(), httpx.Actor(r))
}

func (a *API) saveStatsSettings(r *http.Request, w http.ResponseWriter) (any, error) {
	var req stats.SettingsChange
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	return a.Stats.SaveSettings(r.Context(), httpx.Actor(r), req)
}
