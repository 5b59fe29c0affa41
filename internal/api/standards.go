package api

import (
	"net/http"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
)

func (a *API) standardRoutes() []httpx.Route {
	ok, created := http.StatusOK, http.StatusCreated
	return []httpx.Route{
		{Method: "GET", Pattern: "/api/v1/standard-overrides", Permission: authz.StandardEdit, Summary: "Cities' and counties' tightening of the national standard, of the regions in scope", Handler: a.handle(ok, a.standardOverrides), Response: []domain.StandardOverride{}},
		{Method: "POST", Pattern: "/api/v1/standard-overrides", Permission: authz.StandardEdit, Summary: "Set a city's or county's stricter figure for a setting, with its source; a looser one is refused", Handler: a.withBody(created, a.setStandardOverride), Request: service.NewStandardOverride{}, Response: domain.StandardOverride{}},
		{Method: "DELETE", Pattern: "/api/v1/standard-overrides/{region}/{setting}", Permission: authz.StandardEdit, Summary: "Withdraw a city's or county's figure for a setting", Handler: a.handle(ok, a.removeStandardOverride)},
	}
}

func (a *API) standardOverrides(r *http.Request) (any, error) {
	return a.svc.StandardOverrides(r.Context(), httpx.Actor(r))
}

func (a *API) setStandardOverride(r *http.Request, w http.ResponseWriter) (any, error) {
	var n service.NewStandardOverride
	if err := decode(w, r, &n); err != nil {
		return nil, err
	}
	return a.svc.SetStandardOverride(r.Context(), httpx.Actor(r), n)
}

func (a *API) removeStandardOverride(r *http.Request) (any, error) {
	return map[string]string{"status": "removed"}, a.svc.RemoveStandardOverride(r.Context(), httpx.Actor(r), r.PathValue("region"), r.PathValue("setting"))
}
