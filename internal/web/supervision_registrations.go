package web

import (
	"net/http"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/service"
	"tuoyu/internal/supervision"
)

// supervisionRegistrationRoutes: registrations pushed by the registration
// authority, one at a time or as a batch, with their filing deadlines.
func (wb *Web) supervisionRegistrationRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/supervision/registrations", Permission: authz.RegistrationView, Summary: "Registrations with push and filing deadlines: filters (q, overdue), pages", Handler: wb.svRegistrations},
		{Method: "GET", Pattern: "/supervision/registrations.xlsx", Permission: authz.RegistrationView, Summary: "Registrations as Excel, same filters", Handler: wb.svRegistrationsExport},
		{Method: "GET", Pattern: "/supervision/registrations/new", Permission: authz.RegistrationRecord, Summary: "Record a registration: form", Handler: wb.svRegistrationForm},
		{Method: "POST", Pattern: "/supervision/registrations", Permission: authz.RegistrationRecord, Summary: "Record a registration", Handler: wb.svRegistrationCreate},
		{Method: "GET", Pattern: "/supervision/registrations/import", Permission: authz.RegistrationRecord, Summary: "Registration batch import form", Handler: wb.svRegistrationImportForm},
		{Method: "GET", Pattern: "/supervision/registrations/import/template.xlsx", Permission: authz.RegistrationRecord, Summary: "Empty registration batch with its columns", Handler: wb.svRegistrationTemplate},
		{Method: "POST", Pattern: "/supervision/registrations/import", Permission: authz.RegistrationRecord, Summary: "Preview or import a registration batch (multipart: dry_run, file); all or nothing, errors by row and column", Handler: wb.svRegistrationImport},
	}
}

type svRegistrationsData struct {
	Items     []supervision.Registration
	Pager     Pager
	Names     *regionNames
	ExportURL string
	CanRecord bool
}

func svRegistrationFilter(r *http.Request) supervision.RegistrationFilter {
	q := r.URL.Query()
	return supervision.RegistrationFilter{Q: strings.TrimSpace(q.Get("q")), Overdue: checked(q, "overdue")}
}

func (wb *Web) svRegistrations(w http.ResponseWriter, r *http.Request) {
	a := httpx.Actor(r)
	p := newPage(r, "sv.registrations.title")
	p.Active = "sv_registrations"
	q := r.URL.Query()
	p.Form.Set("q", q.Get("q"))
	p.Form.Set("overdue", q.Get("overdue"))
	pg := pageOf(r, 20)
	status := http.StatusOK
	items, total, err := wb.Supervision.Registrations(r.Context(), a, svRegistrationFilter(r), pg)
	if fe := fieldErrors(err); fe != nil {
		p.Errors, p.Problem, status = fe, "error.filter", http.StatusUnprocessableEntity
	} else if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = svRegistrationsData{Items: items, Pager: newPager(r, pg, total), Names: wb.names(r.Context()),
		ExportURL: svExportURL(r, "/supervision/registrations.xlsx"), CanRecord: authz.Has(a.Role, authz.RegistrationRecord)}
	wb.render(w, r, status, "supervision_registrations", p)
}

func (wb *Web) svRegistrationsExport(w http.ResponseWriter, r *http.Request) {
	names := wb.names(r.Context())
	svExport(wb, w, r, svSheet[supervision.Registration]{title: "sv.registrations.title", file: "registrations.xlsx",
		columns: []string{"sv.col.credit_code", "sv.col.name", "sv.col.nature", "sv.col.registered_on", "sv.col.authority", "sv.col.township_code",
			"sv.col.address", "sv.x.pushed_on", "sv.x.push_late", "sv.x.filing_due", "sv.x.institution_status", "sv.x.overdue"},
		fetch: func(pg domain.Page) ([]supervision.Registration, int, error) {
			return wb.Supervision.Registrations(r.Context(), httpx.Actor(r), svRegistrationFilter(r), pg)
		},
		row: func(lang string, g supervision.Registration) []any {
			return []any{g.CreditCode, g.Name, i18n.T(lang, g.Nature), g.RegisteredOn.String(), i18n.T(lang, "sv.authority."+g.Authority),
				names.Name(g.TownshipCode), g.Address, g.PushedOn.String(), g.PushLate, g.FilingDue.String(), i18n.T(lang, g.InstitutionStatus), g.Overdue}
		}})
}

type svRegistrationFormData struct {
	Natures     []Option
	Authorities []Option
	Townships   []OptGroup
}

// FieldOrder is the order of the form's fields, for the problem summary.
func (svRegistrationFormData) FieldOrder() []string { return supervision.RegistrationColumnKeys }

func (wb *Web) svRegistrationForm(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "sv.registration.new")
	p.Form.Set("registered_on", wb.opsToday())
	wb.renderRegistrationForm(w, r, p, http.StatusOK)
}

func (wb *Web) renderRegistrationForm(w http.ResponseWriter, r *http.Request, p *Page, status int) {
	p.Active = "sv_registrations"
	towns, err := wb.townshipGroups(r.Context(), wb.baseRegion(httpx.Actor(r)))
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = svRegistrationFormData{Natures: enumOptions(p.Lang, domain.Natures), Authorities: svOptions(p.Lang, "sv.authority.", supervision.Authorities), Townships: towns}
	wb.render(w, r, status, "supervision_registration_form", p)
}

func (wb *Web) svRegistrationCreate(w http.ResponseWriter, r *http.Request) {
	if !opsParse(w, r, wb) {
		return
	}
	v := r.PostForm
	p := newPage(r, "sv.registration.new")
	p.Form = v
	n := supervision.NewRegistration{CreditCode: v.Get("credit_code"), Name: v.Get("name"), Nature: v.Get("nature"), Authority: v.Get("authority"),
		Address: v.Get("address"), TownshipCode: v.Get("township_code")}
	if s := strings.TrimSpace(v.Get("registered_on")); s != "" {
		d, err := civil.Parse(s)
		if err != nil {
			p.Errors = map[string]string{"registered_on": "bad_date"}
			wb.renderRegistrationForm(w, r, p, http.StatusUnprocessableEntity)
			return
		}
		n.RegisteredOn = d
	}
	if _, err := wb.Supervision.RecordRegistration(r.Context(), httpx.Actor(r), n); err != nil {
		status, ok := opsRefused(p, err, nil)
		if !ok {
			wb.WriteError(w, r, err)
			return
		}
		wb.renderRegistrationForm(w, r, p, status)
		return
	}
	redirect(w, r, "/supervision/registrations?msg=sv_registration_recorded")
}

type svImportData struct {
	Result *service.ImportResult
}

// FieldOrder is the order of the form's fields, for the problem summary.
func (svImportData) FieldOrder() []string { return []string{"file"} }

func (wb *Web) svRegistrationImportForm(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "sv.import.title")
	p.Active = "sv_registrations"
	p.Form.Set("dry_run", "on")
	p.Data = svImportData{}
	wb.render(w, r, http.StatusOK, "supervision_registration_import", p)
}

func (wb *Web) svRegistrationTemplate(w http.ResponseWriter, r *http.Request) {
	lang := i18n.FromRequest(r)
	keys := make([]string, len(supervision.RegistrationColumnKeys))
	for i, k := range supervision.RegistrationColumnKeys {
		keys[i] = "sv.col." + k
	}
	wb.svWriteSheet(w, r, lang, "sv.import.sheet", "registrations-template.xlsx", svHeader(lang, keys...), nil)
}

func (wb *Web) svRegistrationImport(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "sv.import.title")
	p.Active = "sv_registrations"
	show := func(status int, res *service.ImportResult) {
		p.Data = svImportData{Result: res}
		wb.render(w, r, status, "supervision_registration_import", p)
	}
	name, data, status, err := readImportFile(w, r, p)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	if status != 0 {
		show(status, nil)
		return
	}
	dry := checked(p.Form, "dry_run")
	res, err := wb.Supervision.ImportRegistrations(r.Context(), httpx.Actor(r), name, data, dry, p.Lang)
	if err != nil {
		e := httpx.Public(err)
		if e.Code == domain.CodeTooLarge || (e.Code == domain.CodeInvalid && e.Fields["file"] != "") {
			p.Errors = map[string]string{"file": e.Fields["file"]}
			show(httpx.Status(e), nil)
			return
		}
		wb.WriteError(w, r, err)
		return
	}
	status = http.StatusOK
	switch {
	case len(res.Errors) > 0:
		status = http.StatusUnprocessableEntity
	case !dry:
		p.Flash = "flash.imported"
	}
	show(status, &res)
}
