package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/supervision"
)

// supervisionInspectionRoutes: inspection plans (by hand or 双随机), the
// inspection carried out on a phone item by item, and the findings.
func (wb *Web) supervisionInspectionRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/supervision/plans", Permission: authz.PlanView, Summary: "Inspection plans in scope: filter by kind, pages", Handler: wb.svPlans},
		{Method: "GET", Pattern: "/supervision/plans.xlsx", Permission: authz.PlanView, Summary: "Inspection plans as Excel, same filters", Handler: wb.svPlansExport},
		{Method: "GET", Pattern: "/supervision/plans/new", Permission: authz.PlanEdit, Summary: "Plan inspections: form (institutions by hand or drawn, inspectors from a pool)", Handler: wb.svPlanForm},
		{Method: "POST", Pattern: "/supervision/plans", Permission: authz.PlanEdit, Summary: "Create a plan and its draw; the seed is recorded", Handler: wb.svPlanCreate},
		{Method: "GET", Pattern: "/supervision/plans/{id}", Permission: authz.PlanView, Summary: "A plan: seed, population, pool, the inspections drawn, published or not", Handler: wb.svPlanPage},
		{Method: "GET", Pattern: "/supervision/inspections", Permission: authz.InspectionView, Summary: "Inspections in scope: filters (kind, status, month), pages", Handler: wb.svInspections},
		{Method: "GET", Pattern: "/supervision/inspections.xlsx", Permission: authz.InspectionView, Summary: "Inspections as Excel, same filters", Handler: wb.svInspectionsExport},
		{Method: "GET", Pattern: "/supervision/inspections/{id}", Permission: authz.InspectionView, Summary: "An inspection: the phone checklist for its inspectors, the results for others", Handler: wb.svInspectionPage},
		{Method: "POST", Pattern: "/supervision/inspections/{id}/items", Permission: authz.InspectionConduct, Summary: "Save one item (item_code, outcome, note, latitude, longitude); JSON for the page's script", Handler: wb.svItemSave},
		{Method: "POST", Pattern: "/supervision/inspections/{id}/photos", Permission: authz.InspectionConduct, Summary: "Attach a photo to an item (multipart: item_code, file; JPEG or PNG, sniffed)", Handler: wb.svPhotoAdd},
		{Method: "POST", Pattern: "/supervision/inspections/{id}/complete", Permission: authz.InspectionConduct, Summary: "Complete: acknowledgement or refusal, summary; result and findings follow", Handler: wb.svInspectionComplete},
		{Method: "GET", Pattern: "/supervision/files/{id}", Permission: authz.InspectionView, Summary: "A photo of an inspection in scope", Handler: wb.svInspectionFile},
		{Method: "GET", Pattern: "/supervision/findings", Permission: authz.InspectionView, Summary: "Findings in scope: filters (kind, severity, open), pages", Handler: wb.svFindings},
		{Method: "GET", Pattern: "/supervision/findings.xlsx", Permission: authz.InspectionView, Summary: "Findings as Excel, same filters", Handler: wb.svFindingsExport},
	}
}

// svKinds are the inspection kinds as choices.
func svKinds(lang string) []Option { return svOptions(lang, "sv.kind.", supervision.Kinds) }

// ---- plans ----

type svPlansData struct {
	Items     []supervision.PlanSummary
	Pager     Pager
	Kinds     []Option
	ExportURL string
	CanPlan   bool
}

func (wb *Web) svPlans(w http.ResponseWriter, r *http.Request) {
	a := httpx.Actor(r)
	p := newPage(r, "sv.plans.title")
	p.Active = "sv_inspections"
	p.Form.Set("kind", r.URL.Query().Get("kind"))
	pg := pageOf(r, 20)
	items, total, err := wb.Supervision.Plans(r.Context(), a, supervision.Kind(r.URL.Query().Get("kind")), pg)
	status := http.StatusOK
	if fe := fieldErrors(err); fe != nil {
		p.Errors, p.Problem, status = fe, "error.filter", http.StatusUnprocessableEntity
	} else if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = svPlansData{Items: items, Pager: newPager(r, pg, total), Kinds: svKinds(p.Lang), ExportURL: svExportURL(r, "/supervision/plans.xlsx"),
		CanPlan: authz.Has(a.Role, authz.PlanEdit)}
	wb.render(w, r, status, "supervision_plans", p)
}

func (wb *Web) svPlansExport(w http.ResponseWriter, r *http.Request) {
	svExport(wb, w, r, svSheet[supervision.PlanSummary]{title: "sv.plans.title", file: "plans.xlsx",
		columns: []string{"sv.f.name", "sv.f.kind", "sv.f.method", "sv.f.period_start", "sv.f.period_end", "sv.x.seed", "sv.x.inspections", "sv.x.published"},
		fetch: func(pg domain.Page) ([]supervision.PlanSummary, int, error) {
			return wb.Supervision.Plans(r.Context(), httpx.Actor(r), supervision.Kind(r.URL.Query().Get("kind")), pg)
		},
		row: func(lang string, pl supervision.PlanSummary) []any {
			return []any{pl.Name, i18n.T(lang, "sv.kind."+string(pl.Kind)), i18n.T(lang, "sv.method."+pl.Method), pl.PeriodStart.String(),
				pl.PeriodEnd.String(), pl.Seed, pl.Inspections, pl.Published}
		}})
}

type svPlanFormData struct {
	Templates    []Option
	Methods      []Option
	Institutions []domain.Institution
	Inspectors   []supervision.InspectorRef
}

// FieldOrder is the order of the form's fields, for the problem summary.
func (svPlanFormData) FieldOrder() []string {
	return []string{"name", "template_id", "kind", "period_start", "period_end", "method", "institution_ids", "draw_count", "draw_share", "pool", "inspectors_each", "seed"}
}

func (wb *Web) svPlanForm(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "sv.plan.new")
	p.Form.Set("method", supervision.MethodDraw)
	p.Form.Set("inspectors_each", strconv.Itoa(supervision.MinInspectors))
	p.Form.Set("period_start", wb.opsToday())
	wb.renderPlanForm(w, r, p, http.StatusOK)
}

func (wb *Web) renderPlanForm(w http.ResponseWriter, r *http.Request, p *Page, status int) {
	a := httpx.Actor(r)
	ctx := r.Context()
	p.Active = "sv_inspections"
	ts, err := wb.Supervision.Templates(ctx, a)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d := svPlanFormData{Methods: svOptions(p.Lang, "sv.method.", []string{supervision.MethodDraw, supervision.MethodManual})}
	for _, t := range ts {
		if !a.Can(t.Kind.Permission()) {
			continue
		}
		name := t.NameZh
		if p.Lang == "en" {
			name = t.NameEn
		}
		d.Templates = append(d.Templates, Option{Value: itoa64(t.ID), Label: i18n.T(p.Lang, "sv.plan.template_option", name, t.Version)})
	}
	if d.Institutions, _, err = wb.svc.Institutions(ctx, a, domain.InstitutionFilter{Status: domain.StatusFiled}, domain.Page{Page: 1, PerPage: 200}); err != nil {
		wb.WriteError(w, r, err)
		return
	}
	if d.Inspectors, err = wb.Supervision.Inspectors(ctx, a, ""); err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = d
	wb.render(w, r, status, "supervision_plan_form", p)
}

func (wb *Web) svPlanCreate(w http.ResponseWriter, r *http.Request) {
	if !opsParse(w, r, wb) {
		return
	}
	a := httpx.Actor(r)
	v := r.PostForm
	p := newPage(r, "sv.plan.new")
	p.Form = v
	errs := map[string]string{}
	n := supervision.NewPlan{Name: v.Get("name"), Method: v.Get("method"), InstitutionIDs: svIDs(v, "institution_ids", errs), Pool: svIDs(v, "pool", errs),
		DrawCount: svInt(v, "draw_count", errs), InspectorsEach: svInt(v, "inspectors_each", errs)}
	n.TemplateID, _ = strconv.ParseInt(v.Get("template_id"), 10, 64)
	if t, err := wb.Supervision.Template(r.Context(), a, n.TemplateID); err == nil {
		n.Kind = t.Kind
	} else if n.TemplateID == 0 {
		errs["template_id"] = domain.ReasonRequired
	} else {
		errs["template_id"] = "unknown_template"
	}
	if s := strings.TrimSpace(v.Get("draw_share")); s != "" {
		pct, err := strconv.ParseFloat(s, 64)
		if err != nil {
			errs["draw_share"] = "not_number"
		}
		n.DrawShare = pct / 100
	}
	if s := strings.TrimSpace(v.Get("seed")); s != "" {
		seed, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			errs["seed"] = "not_number"
		}
		n.Seed = seed
	}
	for _, f := range []string{"period_start", "period_end"} {
		s := strings.TrimSpace(v.Get(f))
		if s == "" {
			continue
		}
		d, err := civil.Parse(s)
		if err != nil {
			errs[f] = "bad_date"
		}
		if f == "period_start" {
			n.PeriodStart = d
		} else {
			n.PeriodEnd = d
		}
	}
	if len(errs) > 0 {
		p.Errors = errs
		wb.renderPlanForm(w, r, p, http.StatusUnprocessableEntity)
		return
	}
	pl, err := wb.Supervision.CreatePlan(r.Context(), a, n)
	if err != nil {
		status, ok := opsRefused(p, err, map[string]string{"kind": "template_id"})
		if !ok {
			wb.WriteError(w, r, err)
			return
		}
		wb.renderPlanForm(w, r, p, status)
		return
	}
	redirect(w, r, "/supervision/plans/"+itoa64(pl.ID)+"?msg=sv_plan_created")
}

func (wb *Web) svPlanPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	pl, err := wb.Supervision.Plan(r.Context(), httpx.Actor(r), id)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p := newPage(r, "sv.plan.title")
	p.Heading = pl.Name
	p.Active = "sv_inspections"
	p.Data = pl
	wb.render(w, r, http.StatusOK, "supervision_plan", p)
}

// ---- inspections ----

type svInspectionsData struct {
	Items     []supervision.Inspection
	Pager     Pager
	Kinds     []Option
	Statuses  []Option
	ExportURL string
}

func svInspectionFilter(r *http.Request) (supervision.InspectionFilter, map[string]string) {
	q := r.URL.Query()
	f := supervision.InspectionFilter{Kind: supervision.Kind(q.Get("kind")), Status: q.Get("status")}
	if s := q.Get("month"); s != "" {
		m, err := civil.ParseMonth(s)
		if err != nil {
			return f, map[string]string{"month": "bad_month"}
		}
		f.Month = m
	}
	return f, nil
}

var svInspectionStatuses = []string{supervision.StatusPlanned, supervision.StatusInProgress, supervision.StatusCompleted}

func (wb *Web) svInspections(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "sv.inspections.title")
	p.Active = "sv_inspections"
	for _, k := range []string{"kind", "status", "month"} {
		p.Form.Set(k, r.URL.Query().Get(k))
	}
	pg := pageOf(r, 20)
	d := svInspectionsData{Kinds: svKinds(p.Lang), Statuses: svOptions(p.Lang, "sv.status.", svInspectionStatuses), ExportURL: svExportURL(r, "/supervision/inspections.xlsx")}
	f, errs := svInspectionFilter(r)
	status, total := http.StatusOK, 0
	if errs == nil {
		var err error
		d.Items, total, err = wb.Supervision.Inspections(r.Context(), httpx.Actor(r), f, pg)
		if errs = fieldErrors(err); err != nil && errs == nil {
			wb.WriteError(w, r, err)
			return
		}
	}
	if errs != nil {
		p.Errors, p.Problem, status = errs, "error.filter", http.StatusUnprocessableEntity
	}
	d.Pager = newPager(r, pg, total)
	p.Data = d
	wb.render(w, r, status, "supervision_inspections", p)
}

func (wb *Web) svInspectionsExport(w http.ResponseWriter, r *http.Request) {
	f, errs := svInspectionFilter(r)
	if errs != nil {
		wb.WriteError(w, r, domain.Invalid("month", "bad_month"))
		return
	}
	svExport(wb, w, r, svSheet[supervision.Inspection]{title: "sv.inspections.title", file: "inspections.xlsx",
		columns: []string{"sv.x.institution", "sv.f.kind", "sv.f.status", "sv.x.announce_on", "sv.x.due_by", "sv.x.result"},
		fetch: func(pg domain.Page) ([]supervision.Inspection, int, error) {
			return wb.Supervision.Inspections(r.Context(), httpx.Actor(r), f, pg)
		},
		row: func(lang string, n supervision.Inspection) []any {
			result := ""
			if n.Result != "" {
				result = i18n.T(lang, "sv.result."+n.Result)
			}
			return []any{n.InstitutionName, i18n.T(lang, "sv.kind."+string(n.Kind)), i18n.T(lang, "sv.status."+n.Status), n.AnnounceOn.String(), n.DueBy.String(), result}
		}})
}

// svItemRow is one checklist item with what was entered for it.
type svItemRow struct {
	supervision.Item
	Text, BasisText string
	Result          supervision.ItemResult
	Done            bool
}

type svInspectionData struct {
	Inspection supervision.Inspection
	// Items are the checklist's items that apply to the institution; empty
	// for readers who do not read checklists (the institution), who see
	// the results and findings.
	Items      []svItemRow
	Results    []supervision.ItemResult
	CanConduct bool
	Done, Todo int
	// Outcomes are an item's choices; Position where the inspection was
	// started ("" when the browser gave none).
	Outcomes []string
	Position string
	// Unordered are the findings no order has been issued for; CanOrder
	// whether the viewer may issue one.
	Unordered []supervision.Finding
	CanOrder  bool
}

// FieldOrder is the order of the completion form's fields.
func (svInspectionData) FieldOrder() []string {
	return []string{"representative", "refusal_note", "summary", "latitude"}
}

func (wb *Web) svInspectionPage(w http.ResponseWriter, r *http.Request) {
	wb.renderInspection(w, r, newPage(r, "sv.inspection.title"), http.StatusOK)
}

func (wb *Web) renderInspection(w http.ResponseWriter, r *http.Request, p *Page, status int) {
	a := httpx.Actor(r)
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	n, err := wb.Supervision.Inspection(ctx, a, id)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Active = "sv_inspections"
	p.Heading = n.InstitutionName
	d := svInspectionData{Inspection: n, Results: n.Results, Outcomes: []string{supervision.OutcomePass, supervision.OutcomeFail, supervision.OutcomeNA},
		CanConduct: a.Can(authz.InspectionConduct) && slices.Contains(n.Inspectors, a.UserID) && n.Status != supervision.StatusCompleted}
	for _, f := range n.Findings {
		if f.OrderID == nil {
			d.Unordered = append(d.Unordered, f)
		}
	}
	d.CanOrder = len(d.Unordered) > 0 && a.Can(authz.OrderIssue) && a.Can(n.Kind.Permission())
	if n.Latitude != nil {
		d.Position = strconv.FormatFloat(*n.Latitude, 'f', 5, 64) + ", " + strconv.FormatFloat(*n.Longitude, 'f', 5, 64)
	}
	if a.Can(authz.TemplateView) {
		t, err := wb.Supervision.Template(ctx, a, n.TemplateID)
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		in, err := wb.svc.Institution(ctx, a, n.InstitutionID)
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		got := map[string]supervision.ItemResult{}
		for _, res := range n.Results {
			got[res.ItemCode] = res
		}
		for _, it := range t.Items {
			if !it.AppliesTo(in.Kind) {
				continue
			}
			row := svItemRow{Item: it, Text: it.TextZh, BasisText: it.Basis.Document + " " + it.Basis.Clause}
			if p.Lang == "en" {
				row.Text = it.TextEn
			}
			row.Result, row.Done = got[it.Code]
			if row.Done {
				d.Done++
			}
			d.Items = append(d.Items, row)
		}
		d.Todo = len(d.Items) - d.Done
	}
	p.Data = d
	wb.render(w, r, status, "supervision_inspection", p)
}

// wantsJSON: the page's script asks for JSON; a plain form gets a page.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

// svJSON answers the page's script: ok, or the problems by field, translated.
func svJSON(w http.ResponseWriter, r *http.Request, status int, body map[string]any, err error) {
	if err != nil {
		e := httpx.Public(err)
		status = httpx.Status(e)
		lang := i18n.FromRequest(r)
		fields := map[string]string{}
		for k, v := range e.Fields {
			fields[k] = svLabel(lang, k) + ": " + svReason(lang, v)
		}
		msg := i18n.T(lang, "sv.inspection.not_saved")
		if status == http.StatusNotFound || status == http.StatusForbidden || status == http.StatusConflict {
			msg = i18n.T(lang, errorKeys[e.Code])
		}
		body = map[string]any{"error": msg, "fields": fields}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// svPosition reads the browser's position of a form, when given.
func svPosition(v interface{ Get(string) string }) supervision.Position {
	var pos supervision.Position
	lat, err1 := strconv.ParseFloat(v.Get("latitude"), 64)
	lng, err2 := strconv.ParseFloat(v.Get("longitude"), 64)
	if err1 == nil && err2 == nil {
		pos.Latitude, pos.Longitude = &lat, &lng
	}
	return pos
}

func (wb *Web) svItemSave(w http.ResponseWriter, r *http.Request) {
	id, ok := wb.svPostedOn(w, r)
	if !ok {
		return
	}
	v := r.PostForm
	in := supervision.ItemSave{ItemCode: v.Get("item_code"), Outcome: v.Get("outcome"), Note: v.Get("note"), Position: svPosition(v)}
	n, err := wb.Supervision.SaveItem(r.Context(), httpx.Actor(r), id, in)
	if wantsJSON(r) {
		body := map[string]any{}
		if err == nil {
			body = map[string]any{"item_code": in.ItemCode, "outcome": in.Outcome, "status": n.Status, "saved": len(n.Results)}
		}
		svJSON(w, r, http.StatusOK, body, err)
		return
	}
	if err != nil {
		wb.svInspectionRefused(w, r, err)
		return
	}
	redirect(w, r, "/supervision/inspections/"+itoa64(id)+"?msg=sv_item_saved#item-"+idSafe(in.ItemCode))
}

// svInspectionRefused shows a refused item or photo on the inspection page
// (a plain form's answer; the script gets JSON).
func (wb *Web) svInspectionRefused(w http.ResponseWriter, r *http.Request, err error) {
	p := newPage(r, "sv.inspection.title")
	status, ok := opsRefused(p, err, nil)
	if !ok {
		wb.WriteError(w, r, err)
		return
	}
	p.Problem = "sv.inspection.not_saved"
	wb.renderInspection(w, r, p, status)
}

func (wb *Web) svPhotoAdd(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	var fid int64
	_, name, content, err := httpx.ReadUpload(w, r)
	code := ""
	if err == nil {
		code = r.FormValue("item_code")
		fid, err = wb.Supervision.AddPhoto(r.Context(), httpx.Actor(r), id, code, name, content)
	}
	if wantsJSON(r) {
		svJSON(w, r, http.StatusCreated, map[string]any{"id": fid, "item_code": code, "url": "/supervision/files/" + itoa64(fid)}, err)
		return
	}
	if err != nil {
		wb.svInspectionRefused(w, r, err)
		return
	}
	redirect(w, r, "/supervision/inspections/"+itoa64(id)+"?msg=sv_photo_added#item-"+idSafe(code))
}

func (wb *Web) svInspectionComplete(w http.ResponseWriter, r *http.Request) {
	id, ok := wb.svPostedOn(w, r)
	if !ok {
		return
	}
	v := r.PostForm
	c := supervision.Completion{Representative: v.Get("representative"), Refused: checked(v, "refused"), RefusalNote: v.Get("refusal_note"),
		Summary: v.Get("summary"), Position: svPosition(v)}
	if _, err := wb.Supervision.CompleteInspection(r.Context(), httpx.Actor(r), id, c); err != nil {
		p := newPage(r, "sv.inspection.title")
		p.Form = v
		status, ok := opsRefused(p, err, nil)
		if !ok {
			wb.WriteError(w, r, err)
			return
		}
		wb.renderInspection(w, r, p, status)
		return
	}
	redirect(w, r, "/supervision/inspections/"+itoa64(id)+"?msg=sv_inspection_completed")
}

func (wb *Web) svInspectionFile(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	f, err := wb.Supervision.InspectionFile(r.Context(), httpx.Actor(r), id)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	httpx.SendUpload(w, f.ContentType, f.Content)
}

// ---- findings ----

type svFindingsData struct {
	Items      []supervision.FindingRow
	Pager      Pager
	Kinds      []Option
	Severities []Option
	ExportURL  string
}

func svFindingFilter(r *http.Request) supervision.FindingFilter {
	q := r.URL.Query()
	return supervision.FindingFilter{Kind: supervision.Kind(q.Get("kind")), Severity: q.Get("severity"), Open: checked(q, "open")}
}

func (wb *Web) svFindings(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "sv.findings.title")
	p.Active = "sv_inspections"
	for _, k := range []string{"kind", "severity", "open"} {
		p.Form.Set(k, r.URL.Query().Get(k))
	}
	pg := pageOf(r, 20)
	items, total, err := wb.Supervision.Findings(r.Context(), httpx.Actor(r), svFindingFilter(r), pg)
	status := http.StatusOK
	if fe := fieldErrors(err); fe != nil {
		p.Errors, p.Problem, status = fe, "error.filter", http.StatusUnprocessableEntity
	} else if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = svFindingsData{Items: items, Pager: newPager(r, pg, total), Kinds: svKinds(p.Lang),
		Severities: svOptions(p.Lang, "sv.severity.", []string{supervision.SeverityGeneral, supervision.SeveritySerious}), ExportURL: svExportURL(r, "/supervision/findings.xlsx")}
	wb.render(w, r, status, "supervision_findings", p)
}

func (wb *Web) svFindingsExport(w http.ResponseWriter, r *http.Request) {
	svExport(wb, w, r, svSheet[supervision.FindingRow]{title: "sv.findings.title", file: "findings.xlsx",
		columns: []string{"sv.x.institution", "sv.f.kind", "sv.x.completed_on", "sv.x.item_code", "sv.x.item", "sv.f.severity", "sv.f.note", "sv.x.ordered"},
		fetch: func(pg domain.Page) ([]supervision.FindingRow, int, error) {
			return wb.Supervision.Findings(r.Context(), httpx.Actor(r), svFindingFilter(r), pg)
		},
		row: func(lang string, f supervision.FindingRow) []any {
			text, done := f.TextZh, ""
			if lang == "en" {
				text = f.TextEn
			}
			if f.CompletedAt != nil {
				done = chinaTime(*f.CompletedAt).Format("2006-01-02")
			}
			return []any{f.InstitutionName, i18n.T(lang, "sv.kind."+string(f.Kind)), done, f.ItemCode, text, i18n.T(lang, "sv.severity."+f.Severity), f.Note, f.OrderID != nil}
		}})
}
