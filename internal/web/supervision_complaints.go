package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/supervision"
)

// supervisionComplaintRoutes: complaints (投诉举报) from the public without a
// login and followed with the receipt code and the same phone, 12345 work
// orders entered by county staff, the regulators' handling, and what the
// institution is forwarded (never the complainant).
func (wb *Web) supervisionComplaintRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/complain", Permission: authz.Public, Summary: "Public complaint form (no login)", Handler: wb.svComplainForm},
		{Method: "POST", Pattern: "/complain", Permission: authz.Public, Summary: "Submit a public complaint; shows the receipt code", Handler: wb.svComplain},
		{Method: "GET", Pattern: "/complain/follow", Permission: authz.Public, Summary: "Follow a complaint: receipt code and phone form", Handler: wb.svFollowForm},
		{Method: "POST", Pattern: "/complain/follow", Permission: authz.Public, Summary: "A complaint's progress for its receipt code and phone; a wrong phone reveals nothing", Handler: wb.svFollow},
		{Method: "POST", Pattern: "/complain/rate", Permission: authz.Public, Summary: "Rate the answer (receipt code, phone, satisfaction)", Handler: wb.svRate},
		{Method: "GET", Pattern: "/supervision/complaints", Permission: authz.ComplaintHandle, Summary: "Complaints worklist in scope: filters (status, category, source, overdue, q), pages", Handler: wb.svComplaints},
		{Method: "GET", Pattern: "/supervision/complaints/new", Permission: authz.ComplaintHandle, Summary: "Enter a 12345 hotline work order: form", Handler: wb.svHotlineForm},
		{Method: "POST", Pattern: "/supervision/complaints", Permission: authz.ComplaintHandle, Summary: "Enter a 12345 hotline work order", Handler: wb.svHotline},
		{Method: "GET", Pattern: "/supervision/complaints/{id}", Permission: authz.ComplaintHandle, Summary: "A complaint with its complainant; triage, answer, satisfaction and forwarding forms", Handler: wb.svComplaintPage},
		{Method: "POST", Pattern: "/supervision/complaints/{id}/{step}", Permission: authz.ComplaintHandle, Summary: "Triage, answer, record satisfaction or forward (step: triage, answer, satisfaction, forward)", Handler: wb.svComplaintStep},
		{Method: "POST", Pattern: "/supervision/complaints/{id}/inspection", Permission: authz.InspectSpecial, Summary: "Start a special inspection of the complaint's institution (inspectors, due_by); it links back to the complaint", Handler: wb.svComplaintInspection},
		{Method: "POST", Pattern: "/supervision/complaints/{id}/footage", Permission: authz.FootageRequest, Summary: "Ask the complaint's institution to preserve footage for a time range (from, to, reason)", Handler: wb.svComplaintFootage},
		{Method: "GET", Pattern: "/supervision/forwarded", Permission: authz.ComplaintForwarded, Summary: "Complaints forwarded to the director's institution, without the complainant", Handler: wb.svForwarded},
		{Method: "POST", Pattern: "/supervision/forwarded/{id}", Permission: authz.ComplaintForwarded, Summary: "The institution's response to a forwarded complaint", Handler: wb.svForwardedRespond},
	}
}

func svComplaintOptions(lang string) (categories, severities, statuses, sources, satisfactions []Option) {
	return svOptions(lang, "complaint.category.", supervision.ComplaintCategories), svOptions(lang, "complaint.severity.", supervision.ComplaintSeverities),
		svOptions(lang, "complaint.status.", supervision.ComplaintStatuses), svOptions(lang, "complaint.source.", supervision.ComplaintSources),
		svOptions(lang, "complaint.satisfaction.", supervision.Satisfactions)
}

// svComplaintFields are the forms' names of the service's fields.
var svComplaintFields = map[string]string{"name": "complainant_name", "outcome": "outcome_text"}

// ---- the public ----

type svComplainData struct {
	Institutions []Option
	Categories   []Option
	Receipt      string
}

// FieldOrder is the order of the form's fields, for the problem summary.
func (svComplainData) FieldOrder() []string {
	return []string{"work_order_no", "institution_id", "category", "text", "complainant_name", "phone"}
}

// renderComplain draws the complaint form: the public's, or the hotline
// entry (page supervision_hotline) for regulators.
func (wb *Web) renderComplain(w http.ResponseWriter, r *http.Request, p *Page, status int, page string) {
	d := svComplainData{}
	d.Categories, _, _, _, _ = svComplaintOptions(p.Lang)
	var err error
	if page == "supervision_hotline" {
		var list []domain.Institution
		list, _, err = wb.svc.Institutions(r.Context(), httpx.Actor(r), domain.InstitutionFilter{Status: domain.StatusFiled}, domain.Page{Page: 1, PerPage: 200})
		for _, in := range list {
			d.Institutions = append(d.Institutions, Option{Value: itoa64(in.ID), Label: in.Name})
		}
	} else {
		var list []domain.PublicInstitution
		list, _, err = wb.svc.PublicDirectory(r.Context(), domain.InstitutionFilter{Q: strings.TrimSpace(r.URL.Query().Get("q"))}, domain.Page{Page: 1, PerPage: 200})
		for _, in := range list {
			d.Institutions = append(d.Institutions, Option{Value: itoa64(in.ID), Label: in.Name})
		}
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	if rc := p.Form.Get("receipt"); rc != "" {
		d.Receipt = rc
	}
	p.Data = d
	wb.render(w, r, status, page, p)
}

func (wb *Web) svComplainForm(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "cases.complain.title")
	p.Active = "sv_complain"
	p.Form.Set("institution_id", r.URL.Query().Get("institution"))
	wb.renderComplain(w, r, p, http.StatusOK, "supervision_complain")
}

func svNewComplaint(v url.Values) supervision.NewComplaint {
	n := supervision.NewComplaint{Category: v.Get("category"), Text: v.Get("text"), Name: v.Get("complainant_name"), Phone: v.Get("phone"), WorkOrderNo: v.Get("work_order_no")}
	n.InstitutionID, _ = strconv.ParseInt(v.Get("institution_id"), 10, 64)
	return n
}

func (wb *Web) svComplain(w http.ResponseWriter, r *http.Request) {
	if !opsParse(w, r, wb) {
		return
	}
	p := newPage(r, "cases.complain.title")
	p.Active = "sv_complain"
	p.Form = r.PostForm
	pr, err := wb.Supervision.SubmitPublicComplaint(r.Context(), httpx.Actor(r), svNewComplaint(r.PostForm))
	if err != nil {
		status, ok := opsRefused(p, err, svComplaintFields)
		if !ok {
			wb.WriteError(w, r, err)
			return
		}
		wb.renderComplain(w, r, p, status, "supervision_complain")
		return
	}
	p.Form = url.Values{"receipt": {pr.ReceiptCode}}
	wb.renderComplain(w, r, p, http.StatusCreated, "supervision_complain")
}

type svFollowData struct {
	Progress      *supervision.ComplaintProgress
	NotFound      bool
	Satisfactions []Option
}

func (wb *Web) svFollowForm(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "cases.follow.title")
	p.Active = "sv_follow"
	p.Form.Set("receipt_code", r.URL.Query().Get("code"))
	_, _, _, _, sat := svComplaintOptions(p.Lang)
	p.Data = svFollowData{Satisfactions: sat}
	wb.render(w, r, http.StatusOK, "supervision_follow", p)
}

// showProgress draws the progress for a code and phone; a wrong pair
// says only that nothing matches.
func (wb *Web) showProgress(w http.ResponseWriter, r *http.Request, p *Page, pr supervision.ComplaintProgress, err error) {
	p.Active = "sv_follow"
	_, _, _, _, sat := svComplaintOptions(p.Lang)
	d := svFollowData{Satisfactions: sat}
	status := http.StatusOK
	switch {
	case domain.ErrorCode(err) == domain.CodeNotFound:
		d.NotFound, status = true, http.StatusNotFound
	case err != nil:
		var ok bool
		if status, ok = opsRefused(p, err, nil); !ok {
			wb.WriteError(w, r, err)
			return
		}
	default:
		d.Progress = &pr
	}
	p.Data = d
	wb.render(w, r, status, "supervision_follow", p)
}

func (wb *Web) svFollow(w http.ResponseWriter, r *http.Request) {
	if !opsParse(w, r, wb) {
		return
	}
	p := newPage(r, "cases.follow.title")
	p.Form = r.PostForm
	pr, err := wb.Supervision.Progress(r.Context(), r.PostForm.Get("receipt_code"), r.PostForm.Get("phone"))
	wb.showProgress(w, r, p, pr, err)
}

func (wb *Web) svRate(w http.ResponseWriter, r *http.Request) {
	if !opsParse(w, r, wb) {
		return
	}
	v := r.PostForm
	p := newPage(r, "cases.follow.title")
	p.Form = v
	pr, err := wb.Supervision.RateByComplainant(r.Context(), httpx.Actor(r), v.Get("receipt_code"), v.Get("phone"), v.Get("satisfaction"))
	if err == nil {
		p.Flash = "flash.sv_rated"
	}
	wb.showProgress(w, r, p, pr, err)
}

// ---- the regulators ----

type svComplaintsData struct {
	Items                         []supervision.Complaint
	Pager                         Pager
	Statuses, Categories, Sources []Option
	ExportURL                     string
}

func (wb *Web) svComplaints(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "cases.complaints.title")
	p.Active = "sv_complaints"
	q := r.URL.Query()
	for _, k := range []string{"status", "category", "source", "overdue", "q"} {
		p.Form.Set(k, q.Get(k))
	}
	f := supervision.ComplaintFilter{Status: q.Get("status"), Category: q.Get("category"), Source: q.Get("source"), Overdue: checked(q, "overdue"), Q: strings.TrimSpace(q.Get("q"))}
	pg := pageOf(r, 20)
	items, total, err := wb.Supervision.Complaints(r.Context(), httpx.Actor(r), f, pg)
	status := http.StatusOK
	if fe := fieldErrors(err); fe != nil {
		p.Errors, p.Problem, status = fe, "error.filter", http.StatusUnprocessableEntity
	} else if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d := svComplaintsData{Items: items, Pager: newPager(r, pg, total)}
	d.Categories, _, d.Statuses, d.Sources, _ = svComplaintOptions(p.Lang)
	ex := url.Values{"lang": {p.Lang}}
	for k, v := range map[string]string{"status": f.Status, "category": f.Category, "source": f.Source, "q": f.Q} {
		if v != "" {
			ex.Set(k, v)
		}
	}
	if f.Overdue {
		ex.Set("overdue", "true")
	}
	d.ExportURL = "/api/v1/complaints.xlsx?" + ex.Encode()
	p.Data = d
	wb.render(w, r, status, "supervision_complaints", p)
}

func (wb *Web) svHotlineForm(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "sv.hotline.title")
	p.Active = "sv_complaints"
	wb.renderComplain(w, r, p, http.StatusOK, "supervision_hotline")
}

func (wb *Web) svHotline(w http.ResponseWriter, r *http.Request) {
	if !opsParse(w, r, wb) {
		return
	}
	p := newPage(r, "sv.hotline.title")
	p.Active = "sv_complaints"
	p.Form = r.PostForm
	c, err := wb.Supervision.EnterHotlineComplaint(r.Context(), httpx.Actor(r), svNewComplaint(r.PostForm))
	if err != nil {
		status, ok := opsRefused(p, err, svComplaintFields)
		if !ok {
			wb.WriteError(w, r, err)
			return
		}
		wb.renderComplain(w, r, p, status, "supervision_hotline")
		return
	}
	redirect(w, r, "/supervision/complaints/"+itoa64(c.ID)+"?msg=sv_complaint_entered")
}

type svComplaintData struct {
	Complaint                             supervision.Complaint
	Categories, Severities, Satisfactions []Option
	Officers                              []Option
	// Inspections and Footage are what the complaint started; Inspectors
	// those who may carry out a special inspection, when the reader may
	// start one.
	Inspections []supervision.Inspection
	Footage     []supervision.FootageRequest
	Inspectors  []supervision.InspectorRef
	CanInspect  bool
	CanFootage  bool
}

// FieldOrder is the order of the page's fields, for the problem summary.
func (svComplaintData) FieldOrder() []string {
	return []string{"category", "severity", "assigned_to", "outcome_text", "reply", "satisfaction", "note", "inspectors", "due_by", "from", "to", "reason"}
}

func (wb *Web) svComplaintPage(w http.ResponseWriter, r *http.Request) {
	wb.renderComplaint(w, r, newPage(r, "cases.complaint.title"), http.StatusOK)
}

func (wb *Web) renderComplaint(w http.ResponseWriter, r *http.Request, p *Page, status int) {
	a := httpx.Actor(r)
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	c, err := wb.Supervision.Complaint(r.Context(), a, id)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Active = "sv_complaints"
	p.Heading = c.ReceiptCode
	d := svComplaintData{Complaint: c}
	d.Categories, d.Severities, _, _, d.Satisfactions = svComplaintOptions(p.Lang)
	// The officers: the county's inspectors when the reader plans; the reader otherwise.
	d.Officers = []Option{{Value: itoa64(a.UserID), Label: a.Username}}
	if a.Can(authz.PlanEdit) {
		people, err := wb.Supervision.Inspectors(r.Context(), a, "")
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		d.Officers = nil
		for _, u := range people {
			label := u.DisplayName
			if label == "" {
				label = u.Username
			}
			d.Officers = append(d.Officers, Option{Value: itoa64(u.ID), Label: label})
		}
	}
	if p.Form.Get("category") == "" {
		p.Form.Set("category", c.Category)
		p.Form.Set("severity", c.Severity)
	}
	if err := wb.complaintLinks(r, a, &d); err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = d
	wb.render(w, r, status, "supervision_complaint", p)
}

func (wb *Web) svComplaintStep(w http.ResponseWriter, r *http.Request) {
	id, ok := wb.svPostedOn(w, r)
	if !ok {
		return
	}
	a := httpx.Actor(r)
	v := r.PostForm
	var err error
	switch r.PathValue("step") {
	case "triage":
		assigned, _ := strconv.ParseInt(v.Get("assigned_to"), 10, 64)
		_, err = wb.Supervision.TriageComplaint(r.Context(), a, id, supervision.Triage{Category: v.Get("category"), Severity: v.Get("severity"), AssignedTo: assigned})
	case "answer":
		_, err = wb.Supervision.AnswerComplaint(r.Context(), a, id, supervision.Answer{Outcome: v.Get("outcome_text"), Reply: v.Get("reply")})
	case "satisfaction":
		_, err = wb.Supervision.RecordSatisfaction(r.Context(), a, id, v.Get("satisfaction"))
	case "forward":
		_, err = wb.Supervision.ForwardComplaint(r.Context(), a, id, v.Get("note"))
	default:
		wb.WriteError(w, r, domain.NotFound("step"))
		return
	}
	if err != nil {
		p := newPage(r, "cases.complaint.title")
		p.Form = v
		status, ok := opsRefused(p, err, svComplaintFields)
		if !ok {
			wb.WriteError(w, r, err)
			return
		}
		wb.renderComplaint(w, r, p, status)
		return
	}
	redirect(w, r, "/supervision/complaints/"+itoa64(id)+"?msg="+svComplaintFlash[r.PathValue("step")])
}

// complaintLinks reads what the complaint started (special inspections,
// footage requests) and who may carry out a special inspection.
func (wb *Web) complaintLinks(r *http.Request, a authz.Actor, d *svComplaintData) error {
	ctx, id := r.Context(), d.Complaint.ID
	var err error
	if a.Can(authz.InspectionView) {
		if d.Inspections, _, err = wb.Supervision.Inspections(ctx, a, supervision.InspectionFilter{ComplaintID: id}, domain.Page{Page: 1, PerPage: 50}); err != nil {
			return err
		}
	}
	if d.Footage, err = wb.Supervision.ComplaintFootage(ctx, a, id); err != nil {
		return err
	}
	d.CanFootage = a.Can(authz.FootageRequest)
	d.CanInspect = a.Can(authz.InspectSpecial) && a.Can(authz.InspectionConduct)
	if d.CanInspect {
		d.Inspectors, err = wb.Supervision.Inspectors(ctx, a, supervision.KindSpecial)
	}
	return err
}

func (wb *Web) svComplaintInspection(w http.ResponseWriter, r *http.Request) {
	id, ok := wb.svPostedOn(w, r)
	if !ok {
		return
	}
	v := r.PostForm
	errs := map[string]string{}
	inspectors := svIDs(v, "inspectors", errs)
	due, derr := civil.Parse(strings.TrimSpace(v.Get("due_by")))
	if derr != nil {
		errs["due_by"] = "bad_date"
	}
	var err error
	if len(errs) > 0 {
		err = domain.Problems(errs).Err()
	} else {
		_, err = wb.Supervision.StartComplaintInspection(r.Context(), httpx.Actor(r), id, inspectors, due)
	}
	wb.svComplaintDone(w, r, id, err, "sv_complaint_inspection")
}

func (wb *Web) svComplaintFootage(w http.ResponseWriter, r *http.Request) {
	id, ok := wb.svPostedOn(w, r)
	if !ok {
		return
	}
	a := httpx.Actor(r)
	c, err := wb.Supervision.Complaint(r.Context(), a, id)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	v := r.PostForm
	errs := map[string]string{}
	n := supervision.NewFootageRequest{InstitutionID: c.InstitutionID, ComplaintID: &c.ID, Reason: v.Get("reason"),
		From: svDateTime(v, "from", errs), To: svDateTime(v, "to", errs)}
	if len(errs) > 0 {
		err = domain.Problems(errs).Err()
	} else {
		_, err = wb.Supervision.RequestFootage(r.Context(), a, n)
	}
	wb.svComplaintDone(w, r, id, err, "sv_footage_requested")
}

// svComplaintDone shows a refusal on the complaint page, or goes back to it.
func (wb *Web) svComplaintDone(w http.ResponseWriter, r *http.Request, id int64, err error, msg string) {
	wb.svDone(w, r, err, "cases.complaint.title", func(p *Page, status int) { wb.renderComplaint(w, r, p, status) }, "/supervision/complaints/"+itoa64(id)+"?msg="+msg)
}

// svComplaintFlash is the message after each handling step.
var svComplaintFlash = map[string]string{"triage": "sv_complaint_triage", "answer": "sv_complaint_answer",
	"satisfaction": "sv_complaint_satisfaction", "forward": "sv_complaint_forward"}

// ---- the institution ----

type svForwardedData struct {
	Items []supervision.ForwardedComplaint
	// Refused is the complaint whose response was refused.
	Refused int64
}

func (wb *Web) svForwarded(w http.ResponseWriter, r *http.Request) {
	wb.renderForwarded(w, r, newPage(r, "cases.forwarded.title"), http.StatusOK, 0)
}

func (wb *Web) renderForwarded(w http.ResponseWriter, r *http.Request, p *Page, status int, refused int64) {
	items, err := wb.Supervision.ForwardedComplaints(r.Context(), httpx.Actor(r))
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Active = "sv_forwarded"
	p.Data = svForwardedData{Items: items, Refused: refused}
	wb.render(w, r, status, "supervision_forwarded", p)
}

func (wb *Web) svForwardedRespond(w http.ResponseWriter, r *http.Request) {
	id, ok := wb.svPostedOn(w, r)
	if !ok {
		return
	}
	if _, err := wb.Supervision.RespondToForwarded(r.Context(), httpx.Actor(r), id, r.PostForm.Get("response")); err != nil {
		p := newPage(r, "cases.forwarded.title")
		p.Form = r.PostForm
		status, ok := opsRefused(p, err, nil)
		if !ok {
			wb.WriteError(w, r, err)
			return
		}
		wb.renderForwarded(w, r, p, status, id)
		return
	}
	redirect(w, r, "/supervision/forwarded?msg=sv_forwarded_answered")
}
