package api

import (
	"net/http"

	"tuoyu/internal/authz"
	"tuoyu/internal/httpx"
	"tuoyu/internal/supervision"
)

// supervisionRoutes is the supervision group: registrations pushed by the
// registration authority, checklist templates, plans, inspections and
// rectification orders.
func (a *API) supervisionRoutes() []httpx.Route {
	ok, created := http.StatusOK, http.StatusCreated
	return []httpx.Route{
		{Method: "GET", Pattern: "/api/v1/supervision/registrations", Permission: authz.RegistrationView, Summary: "Registrations pushed by the registration authority, with push and filing deadlines (?overdue=true: not filed by the deadline)", Handler: a.handle(ok, a.listRegistrations), Query: []string{"overdue", "q", "page", "per_page"}, Response: List[supervision.Registration]{}},
		{Method: "POST", Pattern: "/api/v1/supervision/registrations", Permission: authz.RegistrationRecord, Summary: "Record a registration (行政审批 or the county); matched by credit code or creates the institution unfiled", Handler: a.withBody(created, a.recordRegistration), Request: supervision.NewRegistration{}, Response: supervision.Registration{}},
	}
}

func (a *API) listRegistrations(r *http.Request) (any, error) {
	overdue, err := boolParam(r, "overdue")
	if err != nil {
		return nil, err
	}
	f := supervision.RegistrationFilter{Q: r.URL.Query().Get("q"), Overdue: overdue != nil && *overdue}
	p := page(r)
	items, total, err := a.Supervision.Registrations(r.Context(), httpx.Actor(r), f, p)
	return list(items, total, p), err
}

func (a *API) recordRegistration(r *http.Request, w http.ResponseWriter) (any, error) {
	var req supervision.NewRegistration
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	return a.Supervision.RecordRegistration(r.Context(), httpx.Actor(r), req)
}
