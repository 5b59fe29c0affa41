package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/stats"
	"tuoyu/internal/supervision"
)

// supervisionDemonstrationRoutes: demonstration institutions (示范) in
// scope, each county's count against the plan's target (a chart and a
// table), and the city's designation with the criteria checked.
func (wb *Web) supervisionDemonstrationRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/supervision/demonstrations", Permission: authz.QualityView, Summary: "Demonstration institutions in scope: filter by county, pages; each county's count against the target; the criteria check (?check=institution)", Handler: wb.svDemonstrations},
		{Method: "GET", Pattern: "/supervision/demonstrations.xlsx", Permission: authz.QualityView, Summary: "Demonstration institutions as Excel, same filter", Handler: wb.svDemonstrationsExport},
		{Method: "GET", Pattern: "/supervision/demonstrations/chart", Permission: authz.QualityView, Summary: "The counties' counts against the target, for the chart", Handler: wb.svDemonstrationsChart},
		{Method: "POST", Pattern: "/supervision/demonstrations", Permission: authz.DemonstrationDesignate, Summary: "Designate a demonstration institution (criteria checked), with a reason", Handler: wb.svDesignate},
		{Method: "POST", Pattern: "/supervision/demonstrations/{id}/revoke", Permission: authz.DemonstrationDesignate, Summary: "Revoke a designation, with a reason", Handler: wb.svRevoke},
	}
}

// svDemoCounty is a county's row of the count table.
type svDemoCounty struct {
	supervision.CountyDemonstrations
	Name  string
	Met   bool
	Short int
}

// svCriterion is one demonstration criterion and whether it is met.
type svCriterion struct {
	Name string
	Met  bool
}

// svCriteria are the demonstration criteria, in the order shown.
var svCriteria = []string{"filed_days", "grade", "failed_inspection", "open_order"}

type svDemonstrationsData struct {
	Items        []supervision.Demonstration
	Names        map[string]string
	Pager        Pager
	Counties     []Option
	Counts       []svDemoCounty
	Target       int
	ExportURL    string
	CanDesignate bool
	Institutions []Option
	Check        *supervision.Eligibility
	Criteria     []svCriterion
	// Revoking is the designation whose revocation was refused.
	Revoking int64
}

// FieldOrder is the order of the forms' fields, for the problem summary.
func (svDemonstrationsData) FieldOrder() []string {
	return []string{"institution_id", "filed_days", "grade", "failed_inspection", "open_order", "reason"}
}

// svDemonstrationList reads the designations in scope, of one county when
// chosen, with the counties' counts.
func (wb *Web) svDemonstrationList(r *http.Request) ([]supervision.Demonstration, []svDemoCounty, []Option, error) {
	ctx, a := r.Context(), httpx.Actor(r)
	county := strings.TrimSpace(r.URL.Query().Get("county"))
	all, err := wb.Supervision.Demonstrations(ctx, a)
	if err != nil {
		return nil, nil, nil, err
	}
	base := wb.baseRegion(a)
	counties, _, err := wb.filterRegions(ctx, base, "")
	if err != nil {
		return nil, nil, nil, err
	}
	codes := []string{}
	for _, c := range counties {
		codes = append(codes, c.Value)
	}
	if len(codes) == 0 && isCounty(base) {
		codes = []string{base}
	}
	if county != "" && !slices.Contains(codes, county) {
		return nil, nil, nil, domain.Invalid("county", domain.ReasonNotAllowed)
	}
	list := all[:0:0]
	for _, d := range all {
		if county == "" || d.RegionCode == county {
			list = append(list, d)
		}
	}
	counts, err := wb.Supervision.DemonstrationCounts(ctx, a, codes)
	if err != nil {
		return nil, nil, nil, err
	}
	names := wb.names(ctx)
	rows := make([]svDemoCounty, len(counts))
	for i, c := range counts {
		rows[i] = svDemoCounty{CountyDemonstrations: c, Name: names.Name(c.RegionCode), Met: c.Count >= c.Target, Short: max(c.Target-c.Count, 0)}
	}
	return list, rows, counties, nil
}

func (wb *Web) svDemonstrations(w http.ResponseWriter, r *http.Request) {
	wb.renderDemonstrations(w, r, newPage(r, "cases.demo.title"), http.StatusOK, 0)
}

func (wb *Web) renderDemonstrations(w http.ResponseWriter, r *http.Request, p *Page, status int, revoking int64) {
	ctx, a := r.Context(), httpx.Actor(r)
	q := r.URL.Query()
	p.Active, p.Scripts = "sv_demonstrations", statsScripts
	p.Form.Set("county", q.Get("county"))
	list, counts, counties, err := wb.svDemonstrationList(r)
	if fe := fieldErrors(err); fe != nil && r.Method == http.MethodGet {
		p.Errors, p.Problem, status = fe, "error.filter", http.StatusUnprocessableEntity
	} else if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	pg := pageOf(r, 20)
	d := svDemonstrationsData{Pager: newPager(r, pg, len(list)), Counties: counties, Counts: counts, Names: map[string]string{},
		ExportURL: svExportURL(r, "/supervision/demonstrations.xlsx"), CanDesignate: a.Can(authz.DemonstrationDesignate), Revoking: revoking}
	d.Items = svPageOf(list, pg)
	names := wb.names(ctx)
	for _, it := range d.Items {
		d.Names[it.RegionCode] = names.Name(it.RegionCode)
	}
	if len(counts) > 0 {
		d.Target = counts[0].Target
	}
	if d.CanDesignate {
		insts, _, err := wb.svc.Institutions(ctx, a, domain.InstitutionFilter{Status: domain.StatusFiled}, domain.Page{Page: 1, PerPage: 200})
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		for _, in := range insts {
			if !in.Demonstration {
				d.Institutions = append(d.Institutions, Option{Value: itoa64(in.ID), Label: in.Name})
			}
		}
		if id, err := strconv.ParseInt(q.Get("check"), 10, 64); err == nil && r.Method == http.MethodGet {
			e, err := wb.Supervision.Eligibility(ctx, a, id)
			if err != nil {
				wb.WriteError(w, r, err)
				return
			}
			d.Check = &e
			for _, c := range svCriteria {
				d.Criteria = append(d.Criteria, svCriterion{Name: c, Met: !slices.Contains(e.Unmet, c)})
			}
			p.Form.Set("check", itoa64(id))
			p.Form.Set("institution_id", itoa64(id))
		}
	}
	p.Data = d
	wb.render(w, r, status, "supervision_demonstrations", p)
}

func (wb *Web) svDemonstrationsExport(w http.ResponseWriter, r *http.Request) {
	list, _, _, err := wb.svDemonstrationList(r)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	names := wb.names(r.Context())
	svExport(wb, w, r, svSheet[supervision.Demonstration]{
		title: "cases.demo.title", file: "demonstrations.xlsx",
		columns: []string{"sv.x.institution", "sv.demo.county", "sv.demo.designated_on", "sv.f.reason"},
		fetch: func(pg domain.Page) ([]supervision.Demonstration, int, error) {
			return svPageOf(list, pg), len(list), nil
		},
		row: func(_ string, d supervision.Demonstration) []any {
			return []any{d.InstitutionName, names.Name(d.RegionCode), d.DesignatedOn.String(), d.Reason}
		},
	})
}

// svDemonstrationsChart answers the chart's data: each county's count,
// with the target drawn as a line.
func (wb *Web) svDemonstrationsChart(w http.ResponseWriter, r *http.Request) {
	_, counts, _, err := wb.svDemonstrationList(r)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	lang := i18n.FromRequest(r)
	out := chartData{Kind: "bar", Name: i18n.T(lang, "cases.demo.title"), Unit: i18n.T(lang, "sv.demo.unit"), Values: []stats.Value{}}
	for _, c := range counts {
		v, t := float64(c.Count), float64(c.Target)
		out.Values = append(out.Values, stats.Value{RegionCode: c.RegionCode, Name: c.Name, Value: &v, Target: &t})
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(out)
}

func (wb *Web) svDesignate(w http.ResponseWriter, r *http.Request) {
	if !opsParse(w, r, wb) {
		return
	}
	v := r.PostForm
	id, err := strconv.ParseInt(v.Get("institution_id"), 10, 64)
	if err != nil {
		err = domain.Invalid("institution_id", domain.ReasonRequired)
	} else {
		_, err = wb.Supervision.Designate(r.Context(), httpx.Actor(r), id, v.Get("reason"))
	}
	if domain.ErrorCode(err) == domain.CodeNotFound {
		err = domain.Invalid("institution_id", domain.ReasonNotAllowed)
	}
	wb.svDemonstrationDone(w, r, err, 0, "sv_demo_designated")
}

func (wb *Web) svRevoke(w http.ResponseWriter, r *http.Request) {
	id, ok := wb.svPostedOn(w, r)
	if !ok {
		return
	}
	err := wb.Supervision.Revoke(r.Context(), httpx.Actor(r), id, r.PostForm.Get("reason"))
	wb.svDemonstrationDone(w, r, err, id, "sv_demo_revoked")
}

// svDemonstrationDone shows a refusal on the page, or goes back to it.
func (wb *Web) svDemonstrationDone(w http.ResponseWriter, r *http.Request, err error, revoking int64, msg string) {
	wb.svDone(w, r, err, "cases.demo.title", func(p *Page, status int) { wb.renderDemonstrations(w, r, p, status, revoking) }, "/supervision/demonstrations?msg="+msg)
}

// svPageOf is one page of a list read whole.
func svPageOf[T any](list []T, pg domain.Page) []T {
	from := min(pg.Offset(), len(list))
	return list[from:min(from+pg.PerPage, len(list))]
}
