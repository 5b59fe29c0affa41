package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/supervision"
)

// supervisionTemplateRoutes: the checklists (current versions), one
// version with its items, legal basis, points, veto and photo flags and
// the list of its versions, and the city's form for the next version.
func (wb *Web) supervisionTemplateRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/supervision/templates", Permission: authz.TemplateView, Summary: "Checklist templates, current versions", Handler: wb.svTemplates},
		{Method: "GET", Pattern: "/supervision/templates/{id}", Permission: authz.TemplateView, Summary: "One version of a checklist with its items and the list of its versions", Handler: wb.svTemplatePage},
		{Method: "GET", Pattern: "/supervision/templates/{id}/edit", Permission: authz.TemplateEdit, Summary: "The next version's form, filled from this version (city regulator)", Handler: wb.svTemplateEditForm},
		{Method: "POST", Pattern: "/supervision/templates/{id}/versions", Permission: authz.TemplateEdit, Summary: "Make the next version of a checklist: names, items added, edited or removed", Handler: wb.svTemplateNewVersion},
	}
}

func (wb *Web) svTemplates(w http.ResponseWriter, r *http.Request) {
	ts, err := wb.Supervision.Templates(r.Context(), httpx.Actor(r))
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p := newPage(r, "sv.templates.title")
	p.Active = "sv_inspections"
	p.Data = ts
	wb.render(w, r, http.StatusOK, "supervision_templates", p)
}

// svTemplateData is one version of a checklist with every version of its code.
type svTemplateData struct {
	supervision.Template
	Versions []supervision.Template
	CanEdit  bool
}

// svTemplate reads the version in the path, with the page's heading.
func (wb *Web) svTemplate(w http.ResponseWriter, r *http.Request, p *Page) (supervision.Template, bool) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return supervision.Template{}, false
	}
	t, err := wb.Supervision.Template(r.Context(), httpx.Actor(r), id)
	if err != nil {
		wb.WriteError(w, r, err)
		return t, false
	}
	p.Active = "sv_inspections"
	p.Heading = t.NameZh
	if p.Lang == "en" && t.NameEn != "" {
		p.Heading = t.NameEn
	}
	return t, true
}

func (wb *Web) svTemplatePage(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "sv.templates.title")
	t, ok := wb.svTemplate(w, r, p)
	if !ok {
		return
	}
	a := httpx.Actor(r)
	vs, err := wb.Supervision.TemplateVersions(r.Context(), a, t.Code)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = svTemplateData{Template: t, Versions: vs, CanEdit: a.Can(authz.TemplateEdit)}
	wb.render(w, r, http.StatusOK, "supervision_template", p)
}

// svItemFields are the form fields of one item row (items.N.field).
var svItemFields = []string{"code", "zh", "en", "basis.document", "basis.clause", "dimension", "points"}

// svKindBox is one institution kind's checkbox of an item row.
type svKindBox struct {
	Value, Label string
	Checked      bool
}

// svTplRow is one item row of the version form, numbered from 1.
type svTplRow struct {
	N     int
	Kinds []svKindBox
	// Summary names the item when folded; Open unfolds a row with a
	// problem and the blank rows for new items.
	Summary string
	Open    bool
}

type svTemplateFormData struct {
	Template supervision.Template
	Rows     []svTplRow
}

// FieldOrder is the order of the form's fields, for the problem summary.
func (d svTemplateFormData) FieldOrder() []string {
	out := []string{"name_zh", "name_en", "source", "items"}
	for _, row := range d.Rows {
		for _, f := range append(svItemFields, "kinds") {
			out = append(out, "items."+itoa(row.N)+"."+f)
		}
	}
	return out
}

// SvItem is a field of one item row, labelled by what it holds.
func (p *Page) SvItem(n int, name, typ string) Field {
	f := p.SvField("items."+itoa(n)+"."+name, typ)
	f.Label = i18n.T(p.Lang, "sv.tpl.f."+name)
	return f
}

// svBlankRows is how many empty rows the form offers for new items.
const svBlankRows = 3

func (wb *Web) svTemplateEditForm(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "sv.tpl.new_version")
	t, ok := wb.svTemplate(w, r, p)
	if !ok {
		return
	}
	p.Form = url.Values{"name_zh": {t.NameZh}, "name_en": {t.NameEn}, "source": {t.Source}}
	for i, it := range t.Items {
		pre := "items." + itoa(i+1) + "."
		for k, v := range map[string]string{"code": it.Code, "zh": it.TextZh, "en": it.TextEn, "basis.document": it.Basis.Document,
			"basis.clause": it.Basis.Clause, "dimension": it.Dimension, "points": itoa(it.Points)} {
			p.Form.Set(pre+k, v)
		}
		p.Form[pre+"kinds"] = it.Kinds
		if it.Veto {
			p.Form.Set(pre+"veto", "on")
		}
		if it.Photo {
			p.Form.Set(pre+"photo", "on")
		}
	}
	p.Form.Set("rows", itoa(len(t.Items)+svBlankRows))
	wb.renderTemplateForm(w, r, p, t, http.StatusOK)
}

func (wb *Web) renderTemplateForm(w http.ResponseWriter, r *http.Request, p *Page, t supervision.Template, status int) {
	d := svTemplateFormData{Template: t}
	rows := min(max(svAtoi(p.Form.Get("rows")), 0), svMaxRows)
	kinds := enumOptions(p.Lang, domain.Kinds)
	for n := 1; n <= rows; n++ {
		pre := "items." + itoa(n) + "."
		text := p.Form.Get(pre + "zh")
		if en := p.Form.Get(pre + "en"); p.Lang == "en" && en != "" {
			text = en
		}
		row := svTplRow{N: n, Summary: strings.TrimSpace(p.Form.Get(pre+"code") + " " + text)}
		row.Open = row.Summary == ""
		for k := range p.Errors {
			row.Open = row.Open || strings.HasPrefix(k, pre)
		}
		for _, k := range kinds {
			row.Kinds = append(row.Kinds, svKindBox{Value: k.Value, Label: k.Label, Checked: slices.Contains(p.Form[pre+"kinds"], k.Value)})
		}
		d.Rows = append(d.Rows, row)
	}
	p.Data = d
	wb.render(w, r, status, "supervision_template_form", p)
}

// svMaxRows bounds the rows a posted form may hold.
const svMaxRows = 500

func svAtoi(s string) int { n, _ := strconv.Atoi(strings.TrimSpace(s)); return n }

// svRowsNeeded is how many rows a refused form shows again: every row up to
// the last one with something in it (row numbers name the problems), then
// svBlankRows blank ones, so a refused save neither piles up blank rows nor
// leaves none for a new item.
func svRowsNeeded(v url.Values) int {
	rows := min(max(svAtoi(v.Get("rows")), 0), svMaxRows)
	last := 0
	for n := 1; n <= rows; n++ {
		pre := "items." + itoa(n) + "."
		filled := checked(v, pre+"remove") || checked(v, pre+"veto") || checked(v, pre+"photo") || len(v[pre+"kinds"]) > 0
		for _, f := range svItemFields {
			filled = filled || strings.TrimSpace(v.Get(pre+f)) != ""
		}
		if filled {
			last = n
		}
	}
	return min(last+svBlankRows, svMaxRows)
}

// svTemplateEdit reads the version form: the rows not removed and not left
// empty become items, in order; rowOf gives each item's row number.
func svTemplateEdit(v url.Values, errs map[string]string) (e supervision.TemplateEdit, rowOf []int) {
	e = supervision.TemplateEdit{NameZh: v.Get("name_zh"), NameEn: v.Get("name_en"), Source: v.Get("source"), Items: []supervision.Item{}}
	rows := min(max(svAtoi(v.Get("rows")), 0), svMaxRows)
	for n := 1; n <= rows; n++ {
		pre := "items." + itoa(n) + "."
		get := func(f string) string { return strings.TrimSpace(v.Get(pre + f)) }
		if checked(v, pre+"remove") {
			continue
		}
		empty := !checked(v, pre+"veto") && !checked(v, pre+"photo") && len(v[pre+"kinds"]) == 0
		for _, f := range svItemFields {
			empty = empty && get(f) == ""
		}
		if empty {
			continue
		}
		it := supervision.Item{Code: get("code"), TextZh: get("zh"), TextEn: get("en"), Basis: supervision.Basis{Document: get("basis.document"), Clause: get("basis.clause")},
			Dimension: get("dimension"), Points: svInt(v, pre+"points", errs), Veto: checked(v, pre+"veto"), Photo: checked(v, pre+"photo"), Kinds: v[pre+"kinds"]}
		if it.Kinds == nil {
			it.Kinds = []string{}
		}
		e.Items = append(e.Items, it)
		rowOf = append(rowOf, n)
	}
	return e, rowOf
}

// svRowErrors renames the service's problems of item I to the form's row.
func svRowErrors(err error, rowOf []int) error {
	fe := fieldErrors(err)
	if fe == nil {
		return err
	}
	out := domain.Problems{}
	for k, reason := range fe {
		if rest, ok := strings.CutPrefix(k, "items."); ok {
			i, f, _ := strings.Cut(rest, ".")
			if n, err := strconv.Atoi(i); err == nil && n >= 0 && n < len(rowOf) {
				k = "items." + itoa(rowOf[n]) + "." + f
			}
		}
		out.Add(k, reason)
	}
	return out.Err()
}

func (wb *Web) svTemplateNewVersion(w http.ResponseWriter, r *http.Request) {
	id, ok := wb.svPostedOn(w, r)
	if !ok {
		return
	}
	errs := map[string]string{}
	e, rowOf := svTemplateEdit(r.PostForm, errs)
	var err error
	var t supervision.Template
	if len(errs) > 0 {
		err = domain.Problems(errs).Err()
	} else if t, err = wb.Supervision.NewTemplateVersion(r.Context(), httpx.Actor(r), id, e); err != nil {
		err = svRowErrors(err, rowOf)
	}
	wb.svDone(w, r, err, "sv.tpl.new_version", func(p *Page, status int) {
		if cur, ok := wb.svTemplate(w, r, p); ok {
			p.Form.Set("rows", itoa(svRowsNeeded(p.Form)))
			wb.renderTemplateForm(w, r, p, cur, status)
		}
	}, "/supervision/templates/"+itoa64(t.ID)+"?msg=sv_template_version")
}
