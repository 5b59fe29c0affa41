package api

import (
	"net/http"
	"strconv"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

func (a *API) staffRoutes() []httpx.Route {
	ok, created := http.StatusOK, http.StatusCreated
	return []httpx.Route{
		{Method: "GET", Pattern: "/api/v1/institutions/{id}/staff", Permission: authz.StaffView, Summary: "An institution's staff (current; ?include_ended=true for those who left), ID numbers masked",
			Handler: a.handle(ok, a.listStaff), Query: []string{"include_ended", "post", "page", "per_page"}, Response: List[domain.Staff]{}},
		{Method: "POST", Pattern: "/api/v1/institutions/{id}/staff", Permission: authz.StaffEdit, Summary: "Hire a person (409 conflict if employed elsewhere, 409 blacklisted if banned)",
			Handler: a.withBody(created, onIDWithBody(a.svc.HireStaff)), Request: service.NewStaff{}, Response: domain.Staff{}},
		{Method: "GET", Pattern: "/api/v1/staff/{id}", Permission: authz.StaffView, Summary: "A staff member with employments in scope and certificates",
			Handler: a.handle(ok, onID(a.svc.StaffMember)), Response: domain.Staff{}},
		{Method: "POST", Pattern: "/api/v1/staff/{id}/leave", Permission: authz.StaffEdit, Summary: "End the person's employment here, freeing them to be hired elsewhere",
			Handler: a.withBody(ok, onIDWithBody(a.svc.EndEmployment)), Request: service.Leave{}, Response: domain.Staff{}},
		{Method: "POST", Pattern: "/api/v1/staff/{id}/account", Permission: authz.StaffEdit, Summary: "Link an existing caregiver account of the institution to the person",
			Handler: a.withBody(ok, a.linkStaffAccount), Request: linkAccountRequest{}},
		{Method: "POST", Pattern: "/api/v1/staff/{id}/certificates", Permission: authz.StaffEdit, Summary: "Add a certificate or training record",
			Handler: a.withBody(created, onIDWithBody(a.svc.AddStaffCertificate)), Request: service.NewCertificate{}, Response: domain.StaffCertificate{}},
		{Method: "GET", Pattern: "/api/v1/me/expiring-documents", Permission: authz.StaffView, Summary: "Certificates of current staff in scope expired or expiring within ?within= days (default 30)",
			Handler: a.handle(ok, a.expiringDocuments), Query: []string{"within"}, Response: expiringResponse{}},
		{Method: "GET", Pattern: "/api/v1/blacklist", Permission: authz.BlacklistView, Summary: "Lifetime bans (终身禁入) added in scope",
			Handler: a.handle(ok, a.listBlacklist), Query: []string{"active", "q", "page", "per_page"}, Response: List[domain.BlacklistEntry]{}},
		{Method: "POST", Pattern: "/api/v1/blacklist", Permission: authz.BlacklistEdit, Summary: "Ban a person from child-care work, with a reason",
			Handler: a.withBody(created, a.addBlacklist), Request: service.NewBlacklistEntry{}, Response: domain.BlacklistEntry{}},
		{Method: "POST", Pattern: "/api/v1/blacklist/{id}/lift", Permission: authz.BlacklistEdit, Summary: "Lift a ban in scope, with a reason",
			Handler: a.withBody(ok, a.liftBlacklist), Request: liftRequest{}, Response: domain.BlacklistEntry{}},
		{Method: "GET", Pattern: "/api/v1/blacklist/refused-hires", Permission: authz.BlacklistView, Summary: "Refused attempts to hire a banned person at institutions in scope",
			Handler: a.handle(ok, a.refusedHires), Query: []string{"page", "per_page"}, Response: List[domain.AuditEvent]{}},
	}
}

func (a *API) listStaff(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	ended, err := boolParam(r, "include_ended")
	if err != nil {
		return nil, err
	}
	p := page(r)
	f := store.StaffFilter{InstitutionID: id, IncludeEnded: ended != nil && *ended, Post: r.URL.Query().Get("post")}
	items, total, err := a.svc.InstitutionStaff(r.Context(), httpx.Actor(r), f, p)
	return list(items, total, p), err
}

type expiringResponse struct {
	Within int                       `json:"within"`
	Items  []domain.ExpiringDocument `json:"items"`
}

func (a *API) expiringDocuments(r *http.Request) (any, error) {
	within := 0
	if v := r.URL.Query().Get("within"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, domain.Invalid("within", "not_number")
		}
		if n <= 0 {
			return nil, domain.Invalid("within", domain.ReasonRange)
		}
		within = n
	}
	items, err := a.svc.ExpiringCertificates(r.Context(), httpx.Actor(r), within)
	if within == 0 && err == nil {
		within, err = a.svc.CertificateWarningDays()
	}
	return expiringResponse{Within: within, Items: items}, err
}

func (a *API) listBlacklist(r *http.Request) (any, error) {
	active, err := boolParam(r, "active")
	if err != nil {
		return nil, err
	}
	p := page(r)
	items, total, err := a.svc.Blacklist(r.Context(), httpx.Actor(r), store.BlacklistFilter{Active: active, Q: r.URL.Query().Get("q")}, p)
	return list(items, total, p), err
}

func (a *API) addBlacklist(r *http.Request, w http.ResponseWriter) (any, error) {
	var req service.NewBlacklistEntry
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	return a.svc.AddBlacklistEntry(r.Context(), httpx.Actor(r), req)
}

type liftRequest struct {
	Reason string `json:"reason"`
}

func (a *API) liftBlacklist(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	var req liftRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	return a.svc.LiftBlacklistEntry(r.Context(), httpx.Actor(r), id, req.Reason)
}

func (a *API) refusedHires(r *http.Request) (any, error) {
	p := page(r)
	items, total, err := a.svc.RefusedBlacklistedHires(r.Context(), httpx.Actor(r), p)
	return list(items, total, p), err
}

type linkAccountRequest struct {
	UserID int64 `json:"user_id"`
}

func (a *API) linkStaffAccount(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	var req linkAccountRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	return map[string]string{"status": "linked"}, a.svc.LinkStaffAccount(r.Context(), httpx.Actor(r), id, req.UserID)
}
