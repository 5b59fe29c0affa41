package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

func (wb *Web) staffRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/institutions/{id}/staff", Permission: authz.StaffView, Summary: "An institution's staff with certificates; expiring certificates", Handler: wb.staffList},
		{Method: "GET", Pattern: "/institutions/{id}/staff/new", Permission: authz.StaffEdit, Summary: "Hiring form", Handler: wb.staffNewForm},
		{Method: "POST", Pattern: "/institutions/{id}/staff", Permission: authz.StaffEdit, Summary: "Hire a person (409 employed elsewhere or blacklisted, shown on the form)", Handler: wb.staffHire},
		{Method: "GET", Pattern: "/staff/{id}", Permission: authz.StaffView, Summary: "A staff member: employments and certificates", Handler: wb.staffDetail},
		{Method: "POST", Pattern: "/staff/{id}/certificates", Permission: authz.StaffEdit, Summary: "Add a certificate or training record", Handler: wb.staffCertificate},
		{Method: "POST", Pattern: "/staff/{id}/leave", Permission: authz.StaffEdit, Summary: "End the person's employment here", Handler: wb.staffLeave},
	}
}

// hireCertSlots is how many certificates the hiring form takes; more are
// added on the person's page.
const hireCertSlots = 2

var certFields = []string{"kind", "name", "number", "issued_on", "expires_on", "hours"}

func storeStaffFilter(institutionID int64, post string) store.StaffFilter {
	return store.StaffFilter{InstitutionID: institutionID, Post: post}
}

type staffListData struct {
	Institution domain.Institution
	Items       []domain.Staff
	Pager       Pager
	Posts       []Option
	Expiring    []domain.ExpiringDocument
	ExportURL   string
	CanHire     bool
	Today       string
}

func (wb *Web) staffList(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "staff.title", "staff")
	if !ok {
		return
	}
	a := httpx.Actor(r)
	q := r.URL.Query()
	p.Form.Set("post", q.Get("post"))
	p.Form.Set("include_ended", q.Get("include_ended"))
	d := staffListData{Institution: in, Posts: opsOptions(p.Lang, "post.", domain.Posts), CanHire: authz.Has(a.Role, authz.StaffEdit), Today: wb.opsToday()}
	f := storeStaffFilter(in.ID, q.Get("post"))
	f.IncludeEnded = checked(q, "include_ended")
	pg := pageOf(r, 30)
	items, total, err := wb.svc.InstitutionStaff(r.Context(), a, f, pg)
	status := http.StatusOK
	if fe := fieldErrors(err); fe != nil {
		p.Errors, p.Problem, status = fe, "error.filter", http.StatusUnprocessableEntity
	} else if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d.Items, d.Pager = items, newPager(r, pg, total)
	exp, err := wb.svc.ExpiringCertificates(r.Context(), a, 30)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	for _, e := range exp {
		if e.InstitutionID == in.ID {
			d.Expiring = append(d.Expiring, e)
		}
	}
	d.ExportURL = opsExport(p, httpx.StaffExport, in.ID, q)
	p.Data = d
	wb.render(w, r, status, "ops_staff", p)
}

type staffFormData struct {
	Institution domain.Institution
	Posts       []Option
	Educations  []Option
	CertKinds   []Option
	Certs       []opsSlot
}

// FieldOrder is the order of the form's fields, for the problem summary.
func (staffFormData) FieldOrder() []string {
	out := []string{"name", "id_number", "phone", "education", "management_years", "post", "full_time", "hire.start_date"}
	for i := 0; i < hireCertSlots; i++ {
		for _, f := range certFields {
			out = append(out, fmt.Sprintf("certificates[%d].%s", i, f))
		}
	}
	return out
}

func (wb *Web) staffNewForm(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "ops.staff.new_title", "staff")
	if !ok {
		return
	}
	p.Form.Set("full_time", "on")
	p.Form.Set("hire.start_date", wb.opsToday())
	p.Form.Set("certificates[0].kind", domain.CertHealth)
	p.Form.Set("certificates[1].kind", domain.CertNoCriminalRecord)
	wb.renderStaffForm(w, r, p, http.StatusOK, in)
}

func (wb *Web) renderStaffForm(w http.ResponseWriter, r *http.Request, p *Page, status int, in domain.Institution) {
	d := staffFormData{Institution: in, Posts: opsOptions(p.Lang, "post.", domain.Posts), Educations: opsOptions(p.Lang, "edu.", domain.EducationLevels),
		CertKinds: opsOptions(p.Lang, "cert.", domain.CertKinds)}
	d.Certs = opsSlots(hireCertSlots)
	p.Data = d
	wb.render(w, r, status, "ops_staff_form", p)
}

// certInput reads a certificate whose inputs are named prefix+field; a
// block with nothing but its kind is blank.
func certInput(v url.Values, prefix string, errs map[string]string) (service.NewCertificate, bool) {
	get := func(f string) string { return strings.TrimSpace(v.Get(prefix + f)) }
	c := service.NewCertificate{Kind: get("kind"), Name: get("name"), Number: get("number"), IssuedOn: get("issued_on"), ExpiresOn: get("expires_on")}
	if h := get("hours"); h != "" {
		f, err := strconv.ParseFloat(h, 64)
		if err != nil {
			errs[prefix+"hours"] = reasonNotNumber
		}
		c.Hours = f
	}
	blank := c.Name == "" && c.Number == "" && c.IssuedOn == "" && c.ExpiresOn == "" && get("hours") == ""
	return c, blank
}

func (wb *Web) staffHire(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "ops.staff.new_title", "staff")
	if !ok || !opsParse(w, r, wb) {
		return
	}
	v := r.PostForm
	p.Form = v
	errs := map[string]string{}
	full := checked(v, "full_time")
	n := service.NewStaff{Name: v.Get("name"), IDNumber: v.Get("id_number"), Phone: v.Get("phone"), Education: v.Get("education"),
		ManagementYears: opsInt(v, "management_years", errs), Post: v.Get("post"), FullTime: &full, StartDate: v.Get("hire.start_date"),
		Certificates: []service.NewCertificate{}}
	rename := map[string]string{"start_date": "hire.start_date"}
	for i := 0; i < hireCertSlots; i++ {
		c, blank := certInput(v, fmt.Sprintf("certificates[%d].", i), errs)
		if blank {
			continue
		}
		for _, f := range certFields {
			rename[fmt.Sprintf("certificates[%d].%s", len(n.Certificates), f)] = fmt.Sprintf("certificates[%d].%s", i, f)
		}
		n.Certificates = append(n.Certificates, c)
	}
	if len(errs) > 0 {
		p.Errors = errs
		wb.renderStaffForm(w, r, p, http.StatusUnprocessableEntity, in)
		return
	}
	s, err := wb.svc.HireStaff(r.Context(), httpx.Actor(r), in.ID, n)
	if err != nil {
		if status, ok := opsRefused(p, err, rename); ok {
			wb.renderStaffForm(w, r, p, status, in)
			return
		}
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, "/staff/"+itoa64(s.ID)+"?msg=staff_hired")
}

type staffData struct {
	Staff     domain.Staff
	CertKinds []Option
	// Current is the open employment in the viewer's scope, if any.
	Current bool
	Open    string
	Today   string
}

// FieldOrder is the order of the page's fields, for the problem summary.
func (staffData) FieldOrder() []string {
	return []string{"ct.kind", "ct.name", "ct.number", "ct.issued_on", "ct.expires_on", "ct.hours", "l.end_date", "l.reason"}
}

func (wb *Web) staffPage(w http.ResponseWriter, r *http.Request) (*Page, *staffData, bool) {
	a := httpx.Actor(r)
	id, err := pathID(r, "id")
	var s domain.Staff
	if err == nil {
		s, err = wb.svc.StaffMember(r.Context(), a, id)
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return nil, nil, false
	}
	p := newPage(r, "ops.staff.title")
	p.Heading = s.Name
	p.Active = opsActive(a, "staff")
	if s.InstitutionID != 0 {
		p.Tabs = opsTabs(a, s.InstitutionID, "staff")
	}
	p.Form.Set("l.end_date", wb.opsToday())
	d := &staffData{Staff: s, CertKinds: opsOptions(p.Lang, "cert.", domain.CertKinds), Current: s.EndDate == "", Today: wb.opsToday()}
	return p, d, true
}

func (wb *Web) staffDetail(w http.ResponseWriter, r *http.Request) {
	p, d, ok := wb.staffPage(w, r)
	if !ok {
		return
	}
	p.Data = *d
	wb.render(w, r, http.StatusOK, "ops_staff_member", p)
}

func (wb *Web) staffRefused(w http.ResponseWriter, r *http.Request, p *Page, d *staffData, err error, errs map[string]string, open string, rename map[string]string) {
	status := http.StatusUnprocessableEntity
	if err != nil {
		var ok bool
		if status, ok = opsRefused(p, err, rename); !ok {
			wb.WriteError(w, r, err)
			return
		}
	} else {
		p.Errors = errs
	}
	for k, vs := range r.PostForm {
		p.Form[k] = vs
	}
	d.Open = open
	p.Data = *d
	wb.render(w, r, status, "ops_staff_member", p)
}

func (wb *Web) staffCertificate(w http.ResponseWriter, r *http.Request) {
	p, d, ok := wb.staffPage(w, r)
	if !ok || !opsParse(w, r, wb) {
		return
	}
	errs := map[string]string{}
	c, _ := certInput(r.PostForm, "ct.", errs)
	if len(errs) > 0 {
		wb.staffRefused(w, r, p, d, nil, errs, "cert", nil)
		return
	}
	if _, err := wb.svc.AddStaffCertificate(r.Context(), httpx.Actor(r), d.Staff.ID, c); err != nil {
		rename := map[string]string{}
		for _, f := range certFields {
			rename[f] = "ct." + f
		}
		wb.staffRefused(w, r, p, d, err, nil, "cert", rename)
		return
	}
	redirect(w, r, "/staff/"+itoa64(d.Staff.ID)+"?msg=certificate_added")
}

func (wb *Web) staffLeave(w http.ResponseWriter, r *http.Request) {
	p, d, ok := wb.staffPage(w, r)
	if !ok || !opsParse(w, r, wb) {
		return
	}
	l := service.Leave{EndDate: r.PostForm.Get("l.end_date"), Reason: r.PostForm.Get("l.reason")}
	if _, err := wb.svc.EndEmployment(r.Context(), httpx.Actor(r), d.Staff.ID, l); err != nil {
		wb.staffRefused(w, r, p, d, err, nil, "leave", map[string]string{"end_date": "l.end_date", "reason": "l.reason"})
		return
	}
	redirect(w, r, "/institutions/"+itoa64(d.Staff.InstitutionID)+"/staff?msg=staff_left")
}
