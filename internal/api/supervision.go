package api

import (
	"context"
	"net/http"
	"strconv"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/supervision"
)

// supervisionRoutes is the supervision group: registrations pushed by the
// registration authority, checklist templates, plans, inspections and
// rectification orders.
func (a *API) supervisionRoutes() []httpx.Route {
	ok, created := http.StatusOK, http.StatusCreated
	sv := a.Supervision
	return []httpx.Route{
		{Method: "GET", Pattern: "/api/v1/supervision/registrations", Permission: authz.RegistrationView, Summary: "Registrations pushed by the registration authority, with push and filing deadlines (?overdue=true: not filed by the deadline)", Handler: a.handle(ok, a.listRegistrations), Query: []string{"overdue", "q", "page", "per_page"}, Response: List[supervision.Registration]{}},
		{Method: "POST", Pattern: "/api/v1/supervision/registrations", Permission: authz.RegistrationRecord, Summary: "Record a registration (行政审批 or the county); matched by credit code or creates the institution unfiled", Handler: a.withBody(created, a.recordRegistration), Request: supervision.NewRegistration{}, Response: supervision.Registration{}},
		{Method: "GET", Pattern: "/api/v1/supervision/templates", Permission: authz.TemplateView, Summary: "Checklist templates, current versions", Handler: a.handle(ok, func(r *http.Request) (any, error) { return sv.Templates(r.Context(), httpx.Actor(r)) }), Response: []supervision.Template{}},
		{Method: "GET", Pattern: "/api/v1/supervision/templates/{id}", Permission: authz.TemplateView, Summary: "One version of a checklist", Handler: a.handle(ok, onID(sv.Template)), Response: supervision.Template{}},
		{Method: "POST", Pattern: "/api/v1/supervision/templates/{id}/versions", Permission: authz.TemplateEdit, Summary: "Make the next version of a checklist (city regulator)", Handler: a.withBody(created, bodyOnID(sv.NewTemplateVersion)), Request: supervision.TemplateEdit{}, Response: supervision.Template{}},
		{Method: "POST", Pattern: "/api/v1/supervision/plans", Permission: authz.PlanEdit, Summary: "Plan inspections: institutions by hand or drawn at random (双随机) with inspectors from a pool; the seed is recorded", Handler: a.withBody(created, body(sv.CreatePlan)), Request: supervision.NewPlan{}, Response: supervision.Plan{}},
		{Method: "GET", Pattern: "/api/v1/supervision/plans/{id}", Permission: authz.PlanView, Summary: "A plan with its draw and inspections", Handler: a.handle(ok, onID(sv.Plan)), Response: supervision.Plan{}},
		{Method: "GET", Pattern: "/api/v1/supervision/inspections", Permission: authz.InspectionView, Summary: "Inspections in scope (an institution sees its own once announced)", Handler: a.handle(ok, a.listInspections), Query: []string{"kind", "status", "month", "institution", "complaint", "page", "per_page"}, Response: List[supervision.Inspection]{}},
		{Method: "GET", Pattern: "/api/v1/supervision/inspections/{id}", Permission: authz.InspectionView, Summary: "An inspection with its item results and findings", Handler: a.handle(ok, onID(sv.Inspection)), Response: supervision.Inspection{}},
		{Method: "PUT", Pattern: "/api/v1/supervision/inspections/{id}/items", Permission: authz.InspectionConduct, Summary: "Save one item's outcome and note as the inspector goes (autosave); the first save starts the inspection", Handler: a.withBody(ok, bodyOnID(sv.SaveItem)), Request: supervision.ItemSave{}, Response: supervision.Inspection{}},
		{Method: "POST", Pattern: "/api/v1/supervision/inspections/{id}/photos", Permission: authz.InspectionConduct, Summary: "Attach a photo to an item (multipart: item_code, file; JPEG or PNG, ≤ 5 MiB)", Handler: a.withBody(created, a.addPhoto), Response: fileRef{}},
		{Method: "GET", Pattern: "/api/v1/supervision/files/{id}", Permission: authz.InspectionView, Summary: "A photo of an inspection", Handler: a.serveInspectionFile},
		{Method: "POST", Pattern: "/api/v1/supervision/inspections/{id}/complete", Permission: authz.InspectionConduct, Summary: "Complete: the representative acknowledges (or the refusal is noted); result and findings follow from the items", Handler: a.withBody(ok, bodyOnID(sv.CompleteInspection)), Request: supervision.Completion{}, Response: supervision.Inspection{}},
		{Method: "GET", Pattern: "/api/v1/supervision/orders", Permission: authz.OrderView, Summary: "Rectification orders in scope, by deadline", Handler: a.handle(ok, a.listOrders), Query: []string{"status", "overdue", "escalated", "page", "per_page"}, Response: List[supervision.Order]{}},
		{Method: "POST", Pattern: "/api/v1/supervision/orders", Permission: authz.OrderIssue, Summary: "Issue a rectification order from findings; the deadline counts working days", Handler: a.withBody(created, body(sv.IssueOrder)), Request: supervision.NewOrder{}, Response: supervision.Order{}},
		{Method: "GET", Pattern: "/api/v1/supervision/orders/{id}", Permission: authz.OrderView, Summary: "An order with findings, evidence, history and penalties", Handler: a.handle(ok, onID(sv.Order)), Response: supervision.Order{}},
		{Method: "POST", Pattern: "/api/v1/supervision/orders/{id}/evidence", Permission: authz.OrderRespond, Summary: "Upload evidence (multipart: file; JPEG, PNG or PDF, ≤ 5 MiB)", Handler: a.withBody(created, a.addEvidence), Response: fileRef{}},
		{Method: "POST", Pattern: "/api/v1/supervision/orders/{id}/submit", Permission: authz.OrderRespond, Summary: "Submit the evidence with an explanation", Handler: a.withBody(ok, bodyOnID(sv.SubmitOrder)), Request: supervision.Submission{}, Response: supervision.Order{}},
		{Method: "POST", Pattern: "/api/v1/supervision/orders/{id}/decision", Permission: authz.OrderIssue, Summary: "Accept (close), reject with a reason, or schedule a re-check; a closed order is 409", Handler: a.withBody(ok, bodyOnID(sv.DecideOrder)), Request: supervision.OrderDecision{}, Response: supervision.Order{}},
		{Method: "POST", Pattern: "/api/v1/supervision/orders/{id}/penalties", Permission: authz.OrderIssue, Summary: "Record an administrative penalty decision (kind, amount, decision number, date)", Handler: a.withBody(created, bodyOnID(sv.RecordPenalty)), Request: supervision.Penalty{}, Response: supervision.Order{}},
		{Method: "GET", Pattern: "/api/v1/supervision/settings", Permission: authz.SupervisionSettings, Summary: "The order deadline and escalation settings in force for one's region (working days)", Handler: a.handle(ok, func(r *http.Request) (any, error) { return sv.RegionSettings(r.Context(), httpx.Actor(r)) }), Response: []supervision.RegionSetting{}},
		{Method: "POST", Pattern: "/api/v1/supervision/settings", Permission: authz.SupervisionSettings, Summary: "Set an order deadline or escalation setting for one's region (working days)", Handler: a.withBody(ok, a.setSetting), Request: settingRequest{}, Response: settingRequest{}},
	}
}

type fileRef struct {
	ID int64 `json:"id"`
}

type settingRequest struct {
	Name  string `json:"name"`
	Value int    `json:"value"`
}

// body adapts a service call that takes a decoded JSON body.
func body[B, T any](call func(context.Context, authz.Actor, B) (T, error)) func(*http.Request, http.ResponseWriter) (any, error) {
	return func(r *http.Request, w http.ResponseWriter) (any, error) {
		var b B
		if err := decode(w, r, &b); err != nil {
			return nil, err
		}
		return call(r.Context(), httpx.Actor(r), b)
	}
}

// bodyOnID adapts a service call on the path's {id} with a decoded JSON body.
func bodyOnID[B, T any](call func(context.Context, authz.Actor, int64, B) (T, error)) func(*http.Request, http.ResponseWriter) (any, error) {
	return func(r *http.Request, w http.ResponseWriter) (any, error) {
		id, err := pathID(r, "id")
		if err != nil {
			return nil, err
		}
		var b B
		if err := decode(w, r, &b); err != nil {
			return nil, err
		}
		return call(r.Context(), httpx.Actor(r), id, b)
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
	return body(a.Supervision.RecordRegistration)(r, w)
}

func (a *API) listInspections(r *http.Request) (any, error) {
	q := r.URL.Query()
	f := supervision.InspectionFilter{Kind: supervision.Kind(q.Get("kind")), Status: q.Get("status")}
	if v := q.Get("month"); v != "" {
		m, err := civil.ParseMonth(v)
		if err != nil {
			return nil, domain.Invalid("month", "bad_month")
		}
		f.Month = m
	}
	for name, dst := range map[string]*int64{"institution": &f.InstitutionID, "complaint": &f.ComplaintID} {
		if v := q.Get(name); v != "" {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return nil, domain.Invalid(name, "not_number")
			}
			*dst = id
		}
	}
	p := page(r)
	items, total, err := a.Supervision.Inspections(r.Context(), httpx.Actor(r), f, p)
	return list(items, total, p), err
}

func (a *API) listOrders(r *http.Request) (any, error) {
	overdue, err := boolParam(r, "overdue")
	if err != nil {
		return nil, err
	}
	escalated, err := boolParam(r, "escalated")
	if err != nil {
		return nil, err
	}
	f := supervision.OrderFilter{Status: r.URL.Query().Get("status"), Overdue: overdue != nil && *overdue, Escalated: escalated != nil && *escalated}
	p := page(r)
	items, total, err := a.Supervision.Orders(r.Context(), httpx.Actor(r), f, p)
	return list(items, total, p), err
}

func (a *API) addPhoto(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	_, name, content, err := httpx.ReadUpload(w, r)
	if err != nil {
		return nil, err
	}
	fid, err := a.Supervision.AddPhoto(r.Context(), httpx.Actor(r), id, r.FormValue("item_code"), name, content)
	return fileRef{fid}, err
}

func (a *API) addEvidence(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	_, name, content, err := httpx.ReadUpload(w, r)
	if err != nil {
		return nil, err
	}
	fid, err := a.Supervision.AddEvidence(r.Context(), httpx.Actor(r), id, name, content)
	return fileRef{fid}, err
}

func (a *API) serveInspectionFile(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	f, err := a.Supervision.InspectionFile(r.Context(), httpx.Actor(r), id)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	httpx.SendUpload(w, f.ContentType, f.Content)
}

func (a *API) setSetting(r *http.Request, w http.ResponseWriter) (any, error) {
	var req settingRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	return req, a.Supervision.SetSetting(r.Context(), httpx.Actor(r), req.Name, req.Value)
}
