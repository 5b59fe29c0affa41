package web

// What the supervision pages (supervision_*.go) share: fields labelled
// from "sv.f.*" catalog keys (falling back to the operations labels),
// refusals translated from "sv.reason.*", Excel downloads of a list and
// the numbers of a form.

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"tuoyu/internal/domain"
	"tuoyu/internal/i18n"
	"tuoyu/internal/xlsx"
)

// svLabel names a field of a supervision form.
func svLabel(lang, name string) string {
	if i18n.Has("sv.f." + name) {
		return i18n.T(lang, "sv.f."+name)
	}
	if item, ok := strings.CutPrefix(name, "items."); ok {
		code, field, _ := strings.Cut(item, ".")
		if i18n.Has("sv.tpl.f." + field) {
			return i18n.T(lang, "sv.f.item", code) + " · " + i18n.T(lang, "sv.tpl.f."+field)
		}
		return i18n.T(lang, "sv.f.item", code)
	}
	return opsLabel(lang, name)
}

// svReason translates a refusal of a supervision form.
func svReason(lang, reason string) string {
	if i18n.Has("sv.reason." + reason) {
		return i18n.T(lang, "sv.reason."+reason)
	}
	return opsReason(lang, reason)
}

// SvField is an input of a supervision form.
func (p *Page) SvField(name, typ string) Field {
	f := Field{Name: name, Type: typ, Label: svLabel(p.Lang, name), Value: p.Val(name), Checked: p.Checked(name)}
	if e := p.Err(name); e != "" {
		f.Error = svReason(p.Lang, e)
	}
	return f
}

// SvSelect is a select of a supervision form.
func (p *Page) SvSelect(name string, opts []Option, blank string) Field {
	f := p.SvField(name, "select")
	f.Options = opts
	if blank != "" {
		f.Blank = i18n.T(p.Lang, blank)
	}
	return f
}

// SvGroups is a select of grouped choices (townships by county).
func (p *Page) SvGroups(name string, groups []OptGroup, blank string) Field {
	f := p.SvSelect(name, nil, blank)
	f.Groups = groups
	return f
}

// SvErrors lists a refused form's problems, translated, in the form's order.
func (p *Page) SvErrors() []OpsProblem {
	out := make([]OpsProblem, 0, len(p.Errors))
	for _, k := range sortedKeys(p.Errors) {
		out = append(out, OpsProblem{Field: k, Label: svLabel(p.Lang, k), Reason: svReason(p.Lang, p.Errors[k])})
	}
	if order, ok := p.Data.(interface{ FieldOrder() []string }); ok {
		rank := func(f string) int {
			if i := slices.Index(order.FieldOrder(), f); i >= 0 {
				return i
			}
			return len(order.FieldOrder())
		}
		slices.SortStableFunc(out, func(a, b OpsProblem) int { return rank(a.Field) - rank(b.Field) })
	}
	return out
}

// svOptions are the choices of a list of codes labelled "prefix.code".
func svOptions[T ~string](lang, prefix string, codes []T) []Option {
	out := make([]Option, len(codes))
	for i, c := range codes {
		out[i] = Option{Value: string(c), Label: i18n.T(lang, prefix+string(c))}
	}
	return out
}

// svExportURL is a list's Excel download with the same filters.
func svExportURL(r *http.Request, path string) string {
	v := url.Values{}
	for k, vs := range r.URL.Query() {
		if k != "page" && k != "per_page" && k != "msg" && len(vs) > 0 && vs[0] != "" {
			v.Set(k, vs[0])
		}
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// svExportPages is how many rows an export reads at a time.
const svExportPages = 200

// svWriteSheet sends rows as a one-sheet workbook. The rows are read
// before anything is sent, so a refusal is still an error page.
func (wb *Web) svWriteSheet(w http.ResponseWriter, r *http.Request, lang, title, filename string, header []string, rows [][]any) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
	name := svSheetName(i18n.T(lang, title))
	x, err := xlsx.NewWriter(w, name)
	if err == nil {
		err = x.StartSheet(name, xlsx.Sheet{Header: header})
	}
	for _, row := range rows {
		if err != nil {
			break
		}
		err = x.WriteRow(row...)
	}
	if err == nil {
		err = x.Close()
	}
	if err != nil {
		wb.log.Error("export failed while sending", "path", r.URL.Path, "err", err)
		panic(http.ErrAbortHandler)
	}
}

// svSheetName makes a title a valid sheet name: without []:*?/\ and at
// most 31 characters.
func svSheetName(title string) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return ' '
		}
		return r
	}, title)
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	name = strings.Trim(strings.TrimSpace(name), "'")
	if xlsx.ValidSheetName(name) != nil {
		return "Sheet1"
	}
	return name
}

// svHeader translates a sheet's column keys.
func svHeader(lang string, keys ...string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = i18n.T(lang, k)
	}
	return out
}

// svInt reads a whole number of a form, recording a problem.
func svInt(v url.Values, name string, errs map[string]string) int {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		errs[name] = "not_number"
	}
	return n
}

// svIDs reads the ids of a multi-valued field.
func svIDs(v url.Values, name string, errs map[string]string) []int64 {
	var out []int64
	for _, s := range v[name] {
		for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '，' }) {
			id, err := strconv.ParseInt(part, 10, 64)
			if err != nil {
				errs[name] = "not_number"
				continue
			}
			out = append(out, id)
		}
	}
	return out
}

// SvReason translates a refusal for a template.
func (p *Page) SvReason(reason string) string { return svReason(p.Lang, reason) }

// SvArea is a text area of a supervision form.
func (p *Page) SvArea(name string) Field { return p.SvField(name, "textarea") }

// svSheet is a list's Excel export: its title and file, its column
// headings (catalog keys), how to read a page of the list and how one
// item becomes a row.
type svSheet[T any] struct {
	title, file string
	columns     []string
	fetch       func(domain.Page) ([]T, int, error)
	row         func(lang string, item T) []any
}

// svExport reads the whole list page by page and sends it as a workbook.
func svExport[T any](wb *Web, w http.ResponseWriter, r *http.Request, s svSheet[T]) {
	lang := i18n.FromRequest(r)
	var rows [][]any
	for page := 1; ; page++ {
		items, total, err := s.fetch(domain.Page{Page: page, PerPage: svExportPages})
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		for _, it := range items {
			rows = append(rows, s.row(lang, it))
		}
		if len(items) == 0 || page*svExportPages >= total {
			break
		}
	}
	wb.svWriteSheet(w, r, lang, s.title, s.file, svHeader(lang, s.columns...), rows)
}

// SvScore is a field of one scored part of a quality form: its points
// (out of max), whether a veto item is failed, or its evidence.
func (p *Page) SvScore(kind, id string, max int) Field {
	name := kind + "." + id
	typ := map[string]string{"points": "decimal", "failed": "checkbox", "evidence": "textarea"}[kind]
	f := p.SvField(name, typ)
	f.Label = i18n.T(p.Lang, "sv.quality.f."+kind)
	if kind == "points" {
		f.Label = i18n.T(p.Lang, "sv.quality.f.points", max)
	}
	return f
}

// svDone ends a supervision form's post: a refusal shows the form's page
// again (render, with the posted values and the problems named); success
// goes on to next. Other errors are error pages.
func (wb *Web) svDone(w http.ResponseWriter, r *http.Request, err error, title string, render func(p *Page, status int), next string) {
	if err == nil {
		redirect(w, r, next)
		return
	}
	p := newPage(r, title)
	p.Form = r.PostForm
	status, ok := opsRefused(p, err, nil)
	if !ok {
		wb.WriteError(w, r, err)
		return
	}
	p.Form = r.PostForm
	render(p, status)
}
