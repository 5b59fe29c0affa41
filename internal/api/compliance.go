package api

import (
	"net/http"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
)

func (a *API) complianceRoutes() []httpx.Route {
	ok := http.StatusOK
	return []httpx.Route{
		{Method: "GET", Pattern: "/api/v1/institutions/{id}/compliance", Permission: authz.ComplianceView, Summary: "The setting-up standard evaluated live: findings with rule, severity, message, subject and source",
			Handler: a.handle(ok, onID(a.svc.Compliance)), Response: []domain.Finding{}},
		{Method: "GET", Pattern: "/api/v1/compliance", Permission: authz.ComplianceView, Summary: "Institutions in scope ranked by violations, then warnings",
			Handler: a.handle(ok, a.complianceRanking), Query: []string{"region", "township", "status", "kind", "nature", "care_type", "puhui", "q", "page", "per_page"}, Response: List[domain.ComplianceSummary]{}},
	}
}

func (a *API) complianceRanking(r *http.Request) (any, error) {
	f, err := institutionFilter(r)
	if err != nil {
		return nil, err
	}
	p := page(r)
	items, total, err := a.svc.ComplianceRanking(r.Context(), httpx.Actor(r), f, p)
	return list(items, total, p), err
}
