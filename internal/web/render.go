package web

import (
	"bytes"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/service"
)

// pageTemplate is one page: the layout, the shared partials and the page's
// own "content".
type pageTemplate = *template.Template

// sharedTemplates are parsed into every page.
var sharedTemplates = []string{"templates/layout.html", "templates/partials.html", "templates/ops_partials.html", "templates/supervision_partials.html"}

// parsedTemplates parses the embedded templates once per process: they do not
// depend on the Web they serve, and a parsed template is safe to share.
var parsedTemplates = sync.OnceValues(parseTemplates)

func parseTemplates() (map[string]map[string]pageTemplate, error) {
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]pageTemplate{}
	for _, lang := range i18n.Languages {
		out[lang] = map[string]pageTemplate{}
		for _, name := range names {
			if slices.Contains(sharedTemplates, name) {
				continue
			}
			files := append(append([]string{}, sharedTemplates...), name)
			t, err := template.New("layout.html").Funcs(funcs(lang)).ParseFS(templateFiles, files...)
			if err != nil {
				return nil, err
			}
			out[lang][strings.TrimSuffix(path.Base(name), ".html")] = t
		}
	}
	return out, nil
}

// Page is what every template receives: the common frame and the page's
// own Data.
type Page struct {
	Lang  string
	Title string // catalog key
	// Heading is shown after the title, e.g. an institution's name.
	Heading string
	Actor   authz.Actor
	// Path is the request URI, to come back to after switching language.
	Path string
	// Flash is a catalog key of a message about what just happened.
	Flash string
	// Warnings are catalog keys of advisory findings.
	Warnings []string
	Active   string // the nav item to highlight
	// Form is the user's input, shown again when a form is refused.
	Form url.Values
	// Errors maps a form field to the catalog key of its problem.
	Errors map[string]string
	// Problem is a catalog key of a message about the whole form.
	Problem string
	// Review maps a form field to the reviewer's note about it.
	Review map[string]string
	// Notes maps a form field to a note shown under it (what the records
	// or the last filing say, where it differs).
	Notes map[string]string
	// Tabs link the parts of one record (an institution's classes,
	// children, staff …), shown under the title.
	Tabs []Tab
	// Scripts are further static scripts the page loads (charts).
	Scripts []string
	Data    any
}

// Tab is one link of a page's tab bar.
type Tab struct {
	Key, Href string
	Current   bool
}

// Can reports whether the viewer holds a permission (by its name).
func (p *Page) Can(perm string) bool {
	return p.Actor.LoggedIn() && authz.Has(p.Actor.Role, authz.Permission(perm))
}

// LoggedIn reports whether someone is logged in.
func (p *Page) LoggedIn() bool { return p.Actor.LoggedIn() }

// Val is the form's value of a field.
func (p *Page) Val(name string) string { return p.Form.Get(name) }

// Checked reports whether a checkbox of the form is ticked.
func (p *Page) Checked(name string) bool { return checked(p.Form, name) }

// Err is the catalog key of a field's problem ("" when none).
func (p *Page) Err(name string) string { return p.Errors[name] }

// ErrorList lists the form's problems in a stable order, for the summary
// at the top of a refused form.
func (p *Page) ErrorList() []FieldProblem {
	out := make([]FieldProblem, 0, len(p.Errors))
	for _, k := range sortedKeys(p.Errors) {
		out = append(out, FieldProblem{Field: k, Reason: p.Errors[k]})
	}
	sort.SliceStable(out, func(i, j int) bool { return formRank(out[i].Field) < formRank(out[j].Field) })
	return out
}

// FieldProblem is one entry of a form's problem summary.
type FieldProblem struct{ Field, Reason string }

// OtherLang is the language the switch offers.
func (p *Page) OtherLang() string {
	if p.Lang == "en" {
		return "zh"
	}
	return "en"
}

// newPage starts the frame of a page for a request.
func newPage(r *http.Request, title string) *Page {
	p := &Page{Lang: i18n.FromRequest(r), Title: title, Actor: httpx.Actor(r), Path: r.URL.RequestURI(),
		Form: url.Values{}, Errors: map[string]string{}, Review: map[string]string{}}
	if r.Method != http.MethodGet {
		// A refused form has no address of its own to come back to: use
		// the page the form was on.
		p.Path = "/"
		if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host {
			p.Path = localPath(ref.RequestURI())
		}
	}
	if m := r.URL.Query().Get("msg"); m != "" && i18n.Has("flash."+m) {
		p.Flash = "flash." + m
	}
	if w := r.URL.Query().Get("warn"); w != "" && i18n.Has(w) && strings.HasPrefix(w, "warn_") {
		p.Warnings = append(p.Warnings, w)
	}
	return p
}

// render executes a page into a buffer first, so a template failure becomes
// an error page instead of half a page.
func (wb *Web) render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	set, ok := wb.pages[p.Lang]
	if !ok {
		set = wb.pages["zh"]
	}
	t, ok := set[name]
	if !ok {
		wb.log.Error("unknown template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		wb.log.Error("render page", "template", name, "path", r.URL.Path, "err", err)
		if name != "error" {
			wb.renderError(w, r, http.StatusInternalServerError, "error.internal")
			return
		}
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", map[string]string{"zh": "zh-CN", "en": "en"}[p.Lang])
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorKeys are the friendly messages per error code.
var errorKeys = map[domain.Code]string{
	domain.CodeInvalid:      "error.invalid",
	domain.CodeUnauthorized: "error.unauthorized",
	domain.CodeForbidden:    "error.forbidden",
	domain.CodeNotFound:     "error.not_found",
	domain.CodeConflict:     "error.conflict",
	domain.CodeTooLarge:     "error.too_large",
	domain.CodeRateLimited:  "error.rate_limited",
	domain.CodeBusy:         "error.busy",
	domain.CodeInternal:     "error.internal",
	// A form posted by an account that must change its password first.
	domain.CodePasswordChange: "account.password.must_change",
}

// WriteError renders a refusal as a page. A page that needs a login sends
// an anonymous reader to the login form; every other refusal is a page with
// the right status and a translated message that never shows the cause.
func (wb *Web) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	e := httpx.Public(err)
	if e.Code == domain.CodeUnauthorized && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if e.Code == domain.CodePasswordChange && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		http.Redirect(w, r, "/me/password", http.StatusSeeOther)
		return
	}
	status := httpx.Status(e)
	httpx.RetryAfter(w, e)
	if status == http.StatusInternalServerError {
		wb.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	wb.renderError(w, r, status, errorKeys[e.Code])
}

func (wb *Web) renderError(w http.ResponseWriter, r *http.Request, status int, key string) {
	if key == "" {
		key = "error.internal"
	}
	p := newPage(r, "error.title")
	p.Flash = ""
	// A refusal by the guard comes before the actor is known: look the
	// reader up again so the page keeps their menu.
	if tok := httpx.Token(r); !p.Actor.LoggedIn() && tok != "" && status != http.StatusInternalServerError {
		if a, err := wb.svc.Authenticate(r.Context(), tok, httpx.ClientIP(r)); err == nil {
			p.Actor = a
		}
	}
	p.Data = struct {
		Status  int
		Message string
	}{status, key}
	wb.render(w, r, status, "error", p)
}

// notFound answers every path no route claims.
func (wb *Web) notFound(w http.ResponseWriter, r *http.Request) {
	wb.WriteError(w, r, domain.NotFound("page"))
}

// redirect sends the browser on after a successful POST (303 See Other).
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// localPath accepts only a path on this site, so ?next= and ?back= cannot
// send the reader elsewhere.
func localPath(s string) string {
	if s == "" || s[0] != '/' || strings.HasPrefix(s, "//") || strings.ContainsAny(s, "\\\r\n\t") {
		return "/"
	}
	u, err := url.Parse(s)
	if err != nil || u.IsAbs() || u.Host != "" {
		return "/"
	}
	return s
}

// pathID reads a numeric path parameter; anything else is not found.
var pathID = httpx.PathID

// fieldErrors returns the per-field problems of an error, or nil when the
// error is not about fields.
func fieldErrors(err error) map[string]string {
	e := httpx.Public(err)
	if len(e.Fields) == 0 {
		return nil
	}
	out := make(map[string]string, len(e.Fields))
	for k, v := range e.Fields {
		out[k] = v
	}
	return out
}

func checked(v url.Values, name string) bool {
	switch v.Get(name) {
	case "on", "1", "true", "yes":
		return true
	}
	return false
}

func chinaTime(t time.Time) time.Time { return t.In(service.China) }
