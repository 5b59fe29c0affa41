package web

import (
	"context"
	"net/http"
	"net/url"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/service"
	"tuoyu/internal/stats"
	"tuoyu/internal/supervision"
)

// auditEntities are the kinds of record audit events are about.
var auditEntities = []string{"filing", "institution", "user", "session", "child", "class", "staff", "attendance", "health_check", "care_log", "blacklist", "stats_report"}

// auditRow is one event as the list shows it; Reveal is set for the views
// of full ID numbers.
type auditRow struct {
	domain.AuditEvent
	Reveal service.Reveal
}

type auditData struct {
	Items        []auditRow
	Pager        Pager
	Entities     []Option
	Actions      []OptGroup
	Regions      []Option
	Institutions []Option
	Reveals      bool
	ExportURL    string
}

// auditActionGroups are every action the system writes, grouped and
// labelled as the filter offers them: the core's, then supervision's.
func auditActionGroups(lang string) []OptGroup {
	var out []OptGroup
	add := func(key string, actions []string) {
		opts := make([]Option, len(actions))
		for i, a := range actions {
			opts[i] = Option{Value: a, Label: actionLabel(lang, a)}
		}
		out = append(out, OptGroup{Label: i18n.T(lang, "audit.group."+key), Options: opts})
	}
	for _, g := range audit.Groups {
		names := make([]string, len(g.Actions))
		for i, a := range g.Actions {
			names[i] = string(a)
		}
		add(g.Key, names)
	}
	for _, g := range []struct {
		key  string
		list []supervision.Action
	}{{"supervision", supervision.OversightActions}, {"cases", supervision.CaseActions}} {
		names := make([]string, len(g.list))
		for i, a := range g.list {
			names[i] = string(a)
		}
		add(g.key, names)
	}
	add("stats", stats.AuditActions)
	return out
}

// auditList shows the audit events in the reader's scope, newest first,
// filtered by person, institution, county, action, dates and reveals:
// administrators see all, regulators their region, directors their own
// institution.
func (wb *Web) auditList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := newPage(r, "audit.title")
	p.Active = "audit"
	for _, k := range service.AuditQueryParams {
		p.Form.Set(k, q.Get(k))
	}
	entities := make([]Option, len(auditEntities))
	for i, e := range auditEntities {
		entities[i] = Option{Value: e, Label: i18n.T(p.Lang, "entity."+e)}
	}
	a := httpx.Actor(r)
	d := auditData{Entities: entities, Actions: auditActionGroups(p.Lang), Reveals: checked(q, "reveals")}
	var err error
	if d.Regions, d.Institutions, err = wb.auditChoices(r.Context(), a); err != nil {
		wb.WriteError(w, r, err)
		return
	}
	pg := pageOf(r, 50)
	status, total := http.StatusOK, 0
	f, err := service.AuditQueryFrom(q.Get).Filter()
	if fe := fieldErrors(err); fe != nil {
		p.Errors, p.Problem, status = fe, "error.filter", http.StatusUnprocessableEntity
	} else if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	if status == http.StatusOK {
		items, n, err := wb.svc.AuditEvents(r.Context(), a, f, pg)
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		d.Items, total = make([]auditRow, len(items)), n
		for i, ev := range items {
			d.Items[i] = auditRow{AuditEvent: ev, Reveal: service.RevealOf(ev)}
		}
		d.ExportURL = auditExportURL(p, q)
	}
	d.Pager = newPager(r, pg, total)
	p.Data = d
	wb.render(w, r, status, "audit", p)
}

// auditChoices are the county and institution choices of the filter: the
// counties under a city (or the deployment), and the institutions in
// scope (at most one page of them; a director has only their own).
func (wb *Web) auditChoices(ctx context.Context, a authz.Actor) (regions, institutions []Option, err error) {
	if a.Scope().Kind() == domain.ScopeInstitution {
		return nil, nil, nil
	}
	if base := wb.baseRegion(a); base != "" && !isCounty(base) && len(base) == 6 {
		if regions, err = wb.regionOptions(ctx, base); err != nil {
			return nil, nil, err
		}
	}
	ins, _, err := wb.svc.Institutions(ctx, a, domain.InstitutionFilter{}, domain.Page{PerPage: 200})
	if err != nil {
		return nil, nil, err
	}
	institutions = make([]Option, len(ins))
	for i, in := range ins {
		institutions[i] = Option{Value: itoa64(in.ID), Label: in.Name}
	}
	return regions, institutions, nil
}

// auditExportURL is the link to the Excel export of what the list shows.
func auditExportURL(p *Page, q url.Values) string {
	if !authz.Has(p.Actor.Role, httpx.AuditExport.Permission) {
		return ""
	}
	v := url.Values{}
	for _, k := range httpx.AuditExport.Query {
		if k == "lang" {
			v.Set(k, p.Lang)
		} else if q.Get(k) != "" {
			v.Set(k, q.Get(k))
		}
	}
	return httpx.AuditExport.Pattern + "?" + v.Encode()
}
