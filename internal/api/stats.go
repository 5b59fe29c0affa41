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
