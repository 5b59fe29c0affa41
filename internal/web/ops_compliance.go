package web

import (
	"net/http"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
)

func (wb *Web) complianceRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/institutions/{id}/compliance", Permission: authz.ComplianceView, Summary: "An institution's compliance findings, evaluated live", Handler: wb.complianceFindings},
		{Method: "GET", Pattern: "/compliance", Permission: authz.ComplianceView, Summary: "Institutions in scope ranked by violations, then warnings", Handler: wb.complianceRanking},
	}
}

type complianceData struct {
	Institution domain.Institution
	Findings    []domain.Finding
	Violations  int
	Warnings    int
}

func (wb *Web) complianceFindings(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "compliance.title", "compliance")
	if !ok {
		return
	}
	fs, err := wb.svc.Compliance(r.Context(), httpx.Actor(r), in.ID)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d := complianceData{Institution: in, Findings: fs}
	for i, f := range fs {
		// The rules name what a finding is about as a person's or a class's
		// name, or as one of a few words of their own ("institution").
		if key := "compliance.subject." + f.Subject; i18n.Has(key) {
			fs[i].Subject = i18n.T(p.Lang, key)
		}
		if f.Severity == "violation" {
			d.Violations++
		} else {
			d.Warnings++
		}
	}
	p.Data = d
	wb.render(w, r, http.StatusOK, "ops_compliance", p)
}

// rankRow is an institution on the ranked list, with its place.
type rankRow struct {
	domain.ComplianceSummary
	Rank int
}

type rankingData struct {
	Items    []rankRow
	Pager    Pager
	Names    *regionNames
	Counties []Option
	Statuses []Option
	Kinds    []Option
}

// complianceRanking ranks the institutions in the regulator's scope; a
// viewer of one institution goes to its findings.
func (wb *Web) complianceRanking(w http.ResponseWriter, r *http.Request) {
	a := httpx.Actor(r)
	if a.Scope().Kind() == domain.ScopeInstitution {
		redirect(w, r, "/institutions/"+itoa64(a.InstitutionID)+"/compliance")
		return
	}
	ctx := r.Context()
	q := r.URL.Query()
	p := newPage(r, "compliance.ranking")
	p.Active = "ops_compliance"
	for _, k := range []string{"q", "county", "status", "kind"} {
		p.Form.Set(k, q.Get(k))
	}
	counties, _, err := wb.filterRegions(ctx, wb.baseRegion(a), q.Get("county"))
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d := rankingData{Names: wb.names(ctx), Counties: counties, Statuses: enumOptions(p.Lang, domain.InstitutionStatuses), Kinds: enumOptions(p.Lang, domain.Kinds)}
	f, errs := institutionFilter(q)
	pg := pageOf(r, 30)
	status, total := http.StatusOK, 0
	if errs == nil {
		var items []domain.ComplianceSummary
		items, total, err = wb.svc.ComplianceRanking(ctx, a, f, pg)
		if errs = fieldErrors(err); err != nil && errs == nil {
			wb.WriteError(w, r, err)
			return
		}
		for i, x := range items {
			d.Items = append(d.Items, rankRow{ComplianceSummary: x, Rank: pg.Offset() + i + 1})
		}
	}
	if errs != nil {
		p.Errors, p.Problem, status = errs, "error.filter", http.StatusUnprocessableEntity
		d.Items, total = nil, 0
	}
	d.Pager = newPager(r, pg, total)
	p.Data = d
	wb.render(w, r, status, "ops_ranking", p)
}
