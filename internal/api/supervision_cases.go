package api

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/supervision"
	"tuoyu/internal/xlsx"
)

// supervisionCaseRoutes: annual reviews and closures, complaints, the CCTV
// register and footage, quality assessment, demonstration institutions,
// the public record and notices.
func (a *API) supervisionCaseRoutes() []httpx.Route {
	ok, created := http.StatusOK, http.StatusCreated
	sv := func() *supervision.Service { return a.Supervision }
	complaintQuery := []string{"status", "category", "source", "region", "overdue", "q", "page", "per_page"}
	return []httpx.Route{
		{Method: "GET", Pattern: "/api/v1/annual-reviews", Permission: authz.ReviewView, Summary: "Annual reviews in scope (?institution=&year=&result=)", Handler: a.handle(ok, a.listReviews), Query: []string{"institution", "year", "result", "page", "per_page"}, Response: List[supervision.AnnualReview]{}},
		{Method: "POST", Pattern: "/api/v1/institutions/{id}/annual-reviews", Permission: authz.ReviewRecord, Summary: "Record a year's annual review; two failed years in a row raise a closure proposal", Handler: a.withBody(created, onIDWithBody(func(ctx context.Context, ac authz.Actor, id int64, in supervision.ReviewInput) (supervision.ReviewOutcome, error) {
			return sv().RecordReview(ctx, ac, id, in)
		})), Request: supervision.ReviewInput{}, Response: supervision.ReviewOutcome{}},
		{Method: "GET", Pattern: "/api/v1/closures", Permission: authz.ReviewView, Summary: "Closure proposals in scope (?status=proposed|closed|kept)", Handler: a.handle(ok, a.listClosures), Query: []string{"status", "page", "per_page"}, Response: List[supervision.ClosureProposal]{}},
		{Method: "GET", Pattern: "/api/v1/closures/{id}", Permission: authz.ReviewView, Summary: "One closure proposal", Handler: a.handle(ok, onID(func(ctx context.Context, ac authz.Actor, id int64) (supervision.ClosureProposal, error) {
			return sv().Closure(ctx, ac, id)
		})), Response: supervision.ClosureProposal{}},
		{Method: "POST", Pattern: "/api/v1/closures/{id}/decision", Permission: authz.ClosureDecide, Summary: "Close (the filing ends, a notice is published) or keep, with a reason", Handler: a.withBody(ok, onIDWithBody(func(ctx context.Context, ac authz.Actor, id int64, d supervision.ClosureDecision) (supervision.ClosureProposal, error) {
			return sv().DecideClosure(ctx, ac, id, d)
		})), Request: supervision.ClosureDecision{}, Response: supervision.ClosureProposal{}},
		{Method: "POST", Pattern: "/api/v1/closures/{id}/appeal", Permission: authz.ClosureDecide, Summary: "Note an appeal against a closure", Handler: a.withBody(ok, onIDWithBody(func(ctx context.Context, ac authz.Actor, id int64, in supervision.AppealInput) (supervision.ClosureProposal, error) {
			return sv().NoteAppeal(ctx, ac, id, in)
		})), Request: supervision.AppealInput{}, Response: supervision.ClosureProposal{}},

		{Method: "POST", Pattern: "/api/v1/public/complaints", Permission: authz.Public, Summary: "A complaint from the public (no login); returns the receipt code", Handler: a.withBody(created, a.publicComplaint), Request: supervision.NewComplaint{}, Response: supervision.ComplaintProgress{}},
		{Method: "POST", Pattern: "/api/v1/public/complaints/progress", Permission: authz.Public, Summary: "Follow a complaint with its receipt code and the same phone", Handler: a.withBody(ok, a.complaintProgress), Request: progressRequest{}, Response: supervision.ComplaintProgress{}},
		{Method: "POST", Pattern: "/api/v1/public/complaints/rating", Permission: authz.Public, Summary: "Rate the answer (receipt code, phone, satisfaction); closes the complaint", Handler: a.withBody(ok, a.complaintRating), Request: progressRequest{}, Response: supervision.ComplaintProgress{}},
		{Method: "GET", Pattern: "/api/v1/public/notices", Permission: authz.Public, Summary: "Closure notices in their publication period", Handler: a.handle(ok, a.publicNotices), Query: []string{"page", "per_page"}, Response: List[supervision.ClosureNotice]{}},
		{Method: "GET", Pattern: "/api/v1/public/plans", Permission: authz.Public, Summary: "Inspection plans that have started (双随机一公开): the draw's seed, the institutions drawn of those eligible, the inspectors' names (?region=county, ?institution=id)", Handler: a.handle(ok, a.publicPlans), Query: []string{"region", "institution", "page", "per_page"}, Response: List[supervision.PublicPlan]{}},
		{Method: "GET", Pattern: "/api/v1/public/institutions/{id}/record", Permission: authz.Public, Summary: "An institution's public record: filing, inspection, rectifications, grade, demonstration, notices", Handler: a.handle(ok, a.publicRecord), Response: supervision.PublicRecord{}},
		{Method: "GET", Pattern: "/api/v1/complaints", Permission: authz.ComplaintHandle, Summary: "Complaints worklist in scope (?overdue=true: escalations)", Handler: a.handle(ok, a.listComplaints), Query: complaintQuery, Response: List[supervision.Complaint]{}},
		{Method: "GET", Pattern: "/api/v1/complaints.xlsx", Permission: authz.ComplaintHandle, Summary: "Excel export of the worklist (same filters, no complainants)", Handler: a.exportComplaints, Query: complaintQuery},
		{Method: "POST", Pattern: "/api/v1/complaints", Permission: authz.ComplaintHandle, Summary: "Enter a 12345 hotline work order", Handler: a.withBody(created, a.hotlineComplaint), Request: supervision.NewComplaint{}, Response: supervision.Complaint{}},
		{Method: "GET", Pattern: "/api/v1/complaints/{id}", Permission: authz.ComplaintHandle, Summary: "One complaint with its complainant (regulators handling it)", Handler: a.handle(ok, onID(func(ctx context.Context, ac authz.Actor, id int64) (supervision.Complaint, error) {
			return sv().Complaint(ctx, ac, id)
		})), Response: supervision.Complaint{}},
		{Method: "POST", Pattern: "/api/v1/complaints/{id}/inspections", Permission: authz.InspectSpecial, Summary: "Start a special inspection of the complaint's institution, with the complaint as its origin", Handler: a.withBody(created, onIDWithBody(func(ctx context.Context, ac authz.Actor, id int64, in complaintInspectionRequest) (supervision.Inspection, error) {
			return sv().StartComplaintInspection(ctx, ac, id, in.Inspectors, in.DueBy)
		})), Request: complaintInspectionRequest{}, Response: supervision.Inspection{}},
		{Method: "GET", Pattern: "/api/v1/complaints/{id}/footage-requests", Permission: authz.ComplaintHandle, Summary: "The footage preservation requests made for a complaint", Handler: a.handle(ok, onID(func(ctx context.Context, ac authz.Actor, id int64) ([]supervision.FootageRequest, error) {
			return sv().ComplaintFootage(ctx, ac, id)
		})), Response: []supervision.FootageRequest{}},
		{Method: "POST", Pattern: "/api/v1/complaints/{id}/triage", Permission: authz.ComplaintHandle, Summary: "Category, severity and officer; signs the complaint for", Handler: a.withBody(ok, onIDWithBody(func(ctx context.Context, ac authz.Actor, id int64, t supervision.Triage) (supervision.Complaint, error) {
			return sv().TriageComplaint(ctx, ac, id, t)
		})), Request: supervision.Triage{}, Response: supervision.Complaint{}},
		{Method: "POST", Pattern: "/api/v1/complaints/{id}/answer", Permission: authz.ComplaintHandle, Summary: "Outcome and reply to the complainant", Handler: a.withBody(ok, onIDWithBody(func(ctx context.Context, ac authz.Actor, id int64, in supervision.Answer) (supervision.Complaint, error) {
			return sv().AnswerComplaint(ctx, ac, id, in)
		})), Request: supervision.Answer{}, Response: supervision.Complaint{}},
		{Method: "POST", Pattern: "/api/v1/complaints/{id}/satisfaction", Permission: authz.ComplaintHandle, Summary: "The complainant's satisfaction as heard by staff; closes the complaint", Handler: a.withBody(ok, onIDWithBody(func(ctx context.Context, ac authz.Actor, id int64, in satisfactionRequest) (supervision.Complaint, error) {
			return sv().RecordSatisfaction(ctx, ac, id, in.Satisfaction)
		})), Request: satisfactionRequest{}, Response: supervision.Complaint{}},
		{Method: "POST", Pattern: "/api/v1/complaints/{id}/forward", Permission: authz.ComplaintHandle, Summary: "Forward to the institution (without the complainant)", Handler: a.withBody(ok, onIDWithBody(func(ctx context.Context, ac authz.Actor, id int64, in noteRequest) (supervision.Complaint, error) {
			return sv().ForwardComplaint(ctx, ac, id, in.Note)
		})), Request: noteRequest{}, Response: supervision.Complaint{}},
		{Method: "GET", Pattern: "/api/v1/me/complaints", Permission: authz.ComplaintOwn, Summary: "A guardian's own complaints", Handler: a.handle(ok, func(r *http.Request) (any, error) { return sv().OwnComplaints(r.Context(), httpx.Actor(r)) }), Response: []supervision.Complaint{}},
		{Method: "POST", Pattern: "/api/v1/me/complaints", Permission: authz.ComplaintOwn, Summary: "A guardian's complaint about their child's institution", Handler: a.withBody(created, a.guardianComplaint), Request: supervision.NewComplaint{}, Response: supervision.Complaint{}},
		{Method: "GET", Pattern: "/api/v1/forwarded-complaints", Permission: authz.ComplaintForwarded, Summary: "Complaints forwarded to the director's institution (no complainant)", Handler: a.handle(ok, func(r *http.Request) (any, error) { return sv().ForwardedComplaints(r.Context(), httpx.Actor(r)) }), Response: []supervision.ForwardedComplaint{}},
		{Method: "POST", Pattern: "/api/v1/forwarded-complaints/{id}/response", Permission: authz.ComplaintForwarded, Summary: "The institution's response to a forwarded complaint", Handler: a.withBody(ok, onIDWithBody(func(ctx context.Context, ac authz.Actor, id int64, in noteRequest) (supervision.ForwardedComplaint, error) {
			return sv().RespondToForwarded(ctx, ac, id, in.Note)
		})), Request: noteRequest{}, Response: supervision.ForwardedComplaint{}},

		{Method: "GET", Pattern: "/api/v1/institutions/{id}/cctv", Permission: authz.CCTVView, Summary: "An institution's CCTV register with its coverage gaps", Handler: a.handle(ok, onID(func(ctx context.Context, ac authz.Actor, id int64) (supervision.CCTVRegister, error) {
			return sv().Register(ctx, ac, id)
		})), Response: supervision.CCTVRegister{}},
		{Method: "POST", Pattern: "/api/v1/institutions/{id}/cctv", Permission: authz.CCTVEdit, Summary: "Add a camera to the register", Handler: a.withBody(created, onIDWithBody(func(ctx context.Context, ac authz.Actor, id int64, in supervision.CameraInput) (supervision.Camera, error) {
			return sv().SaveCamera(ctx, ac, id, 0, in)
		})), Request: supervision.CameraInput{}, Response: supervision.Camera{}},
		{Method: "PUT", Pattern: "/api/v1/institutions/{id}/cctv/{camera}", Permission: authz.CCTVEdit, Summary: "Change a camera", Handler: a.withBody(ok, a.updateCamera), Request: supervision.CameraInput{}, Response: supervision.Camera{}},
		{Method: "DELETE", Pattern: "/api/v1/institutions/{id}/cctv/{camera}", Permission: authz.CCTVEdit, Summary: "Remove a camera from the register", Handler: a.handle(ok, a.removeCamera)},
		{Method: "GET", Pattern: "/api/v1/footage-requests", Permission: authz.CCTVView, Summary: "Footage preservation requests in scope, unconfirmed first", Handler: a.handle(ok, func(r *http.Request) (any, error) {
			inst, _ := strconv.ParseInt(r.URL.Query().Get("institution"), 10, 64)
			return sv().FootageRequests(r.Context(), httpx.Actor(r), inst)
		}), Query: []string{"institution"}, Response: []supervision.FootageRequest{}},
		{Method: "POST", Pattern: "/api/v1/footage-requests", Permission: authz.FootageRequest, Summary: "Ask an institution to preserve footage for a time range (complaint or incident)", Handler: a.withBody(created, func(r *http.Request, w http.ResponseWriter) (any, error) {
			var n supervision.NewFootageRequest
			if err := decode(w, r, &n); err != nil {
				return nil, err
			}
			return sv().RequestFootage(r.Context(), httpx.Actor(r), n)
		}), Request: supervision.NewFootageRequest{}, Response: supervision.FootageRequest{}},
		{Method: "POST", Pattern: "/api/v1/footage-requests/{id}/confirm", Permission: authz.FootageConfirm, Summary: "The institution confirms the footage is preserved", Handler: a.withBody(ok, onIDWithBody(func(ctx context.Context, ac authz.Actor, id int64, in noteRequest) (supervision.FootageRequest, error) {
			return sv().ConfirmFootage(ctx, ac, id, in.Note)
		})), Request: noteRequest{}, Response: supervision.FootageRequest{}},

		{Method: "GET", Pattern: "/api/v1/quality/template", Permission: authz.QualityView, Summary: "The WS/T 821 template new assessments use (points, veto items, grade cut-offs)", Handler: a.handle(ok, func(r *http.Request) (any, error) { return sv().CurrentQualityTemplate(r.Context(), httpx.Actor(r)) }), Response: supervision.QualityTemplate{}},
		{Method: "POST", Pattern: "/api/v1/quality/template", Permission: authz.QualityReview, Summary: "A new version of the template (the city)", Handler: a.withBody(created, func(r *http.Request, w http.ResponseWriter) (any, error) {
			var in supervision.TemplateInput
			if err := decode(w, r, &in); err != nil {
				return nil, err
			}
			return sv().SaveQualityTemplate(r.Context(), httpx.Actor(r), in)
		}), Request: supervision.TemplateInput{}, Response: supervision.QualityTemplate{}},
		{Method: "GET", Pattern: "/api/v1/quality/assessments", Permission: authz.QualityView, Summary: "Assessments in scope (?year=&status=&institution=)", Handler: a.handle(ok, a.listAssessments), Query: []string{"year", "status", "institution", "page", "per_page"}, Response: List[supervision.QualityAssessment]{}},
		{Method: "GET", Pattern: "/api/v1/quality/assessments/{id}", Permission: authz.QualityView, Summary: "An assessment with each stage's answers", Handler: a.handle(ok, onID(func(ctx context.Context, ac authz.Actor, id int64) (supervision.QualityAssessment, error) {
			return sv().Assessment(ctx, ac, id)
		})), Response: supervision.QualityAssessment{}},
		{Method: "POST", Pattern: "/api/v1/institutions/{id}/quality/{year}/self", Permission: authz.QualitySelf, Summary: "The director's self-assessment for a year; sends it to the county", Handler: a.withBody(ok, a.selfAssessment), Request: supervision.StageInput{}, Response: supervision.QualityAssessment{}},
		{Method: "POST", Pattern: "/api/v1/quality/assessments/{id}/county", Permission: authz.QualityAssess, Summary: "The county's assessment", Handler: a.withBody(ok, onIDWithBody(func(ctx context.Context, ac authz.Actor, id int64, in supervision.StageInput) (supervision.QualityAssessment, error) {
			return sv().AssessByCounty(ctx, ac, id, in)
		})), Request: supervision.StageInput{}, Response: supervision.QualityAssessment{}},
		{Method: "POST", Pattern: "/api/v1/quality/assessments/{id}/city", Permission: authz.QualityReview, Summary: "The city's review (no answers: the county's confirmed); the final grade", Handler: a.withBody(ok, onIDWithBody(func(ctx context.Context, ac authz.Actor, id int64, in supervision.StageInput) (supervision.QualityAssessment, error) {
			return sv().ReviewByCity(ctx, ac, id, in)
		})), Request: supervision.StageInput{}, Response: supervision.QualityAssessment{}},
		{Method: "GET", Pattern: "/api/v1/demonstrations", Permission: authz.QualityView, Summary: "Demonstration institutions in scope", Handler: a.handle(ok, func(r *http.Request) (any, error) { return sv().Demonstrations(r.Context(), httpx.Actor(r)) }), Response: []supervision.Demonstration{}},
		{Method: "GET", Pattern: "/api/v1/institutions/{id}/demonstration-eligibility", Permission: authz.QualityView, Summary: "Which demonstration criteria the institution meets", Handler: a.handle(ok, onID(func(ctx context.Context, ac authz.Actor, id int64) (supervision.Eligibility, error) {
			return sv().Eligibility(ctx, ac, id)
		})), Response: supervision.Eligibility{}},
		{Method: "POST", Pattern: "/api/v1/institutions/{id}/demonstration", Permission: authz.DemonstrationDesignate, Summary: "Designate a demonstration institution (criteria checked)", Handler: a.withBody(created, onIDWithBody(func(ctx context.Context, ac authz.Actor, id int64, in noteRequest) (supervision.Demonstration, error) {
			return sv().Designate(ctx, ac, id, in.Note)
		})), Request: noteRequest{}, Response: supervision.Demonstration{}},
		{Method: "GET", Pattern: "/api/v1/case-settings", Permission: authz.ComplaintHandle, Summary: "Complaint deadlines, notice period, CCTV retention, demonstration criteria", Handler: a.handle(ok, func(r *http.Request) (any, error) { return sv().Settings(r.Context()) }), Response: supervision.CaseSettings{}},
		{Method: "PUT", Pattern: "/api/v1/case-settings", Permission: authz.CaseSettingsEdit, Summary: "Change the case settings (the city)", Handler: a.withBody(ok, func(r *http.Request, w http.ResponseWriter) (any, error) {
			var in supervision.CaseSettings
			if err := decode(w, r, &in); err != nil {
				return nil, err
			}
			return sv().SetSettings(r.Context(), httpx.Actor(r), in)
		}), Request: supervision.CaseSettings{}, Response: supervision.CaseSettings{}},
	}
}

type progressRequest struct {
	ReceiptCode  string `json:"receipt_code"`
	Phone        string `json:"phone"`
	Satisfaction string `json:"satisfaction,omitempty"`
}

type satisfactionRequest struct {
	Satisfaction string `json:"satisfaction"`
}

type noteRequest struct {
	Note string `json:"note"`
}

func (a *API) listReviews(r *http.Request) (any, error) {
	q := r.URL.Query()
	f := supervision.ReviewFilter{Result: q.Get("result")}
	f.InstitutionID, _ = strconv.ParseInt(q.Get("institution"), 10, 64)
	f.Year, _ = strconv.Atoi(q.Get("year"))
	p := page(r)
	items, total, err := a.Supervision.Reviews(r.Context(), httpx.Actor(r), f, p)
	return list(items, total, p), err
}

func (a *API) listClosures(r *http.Request) (any, error) {
	p := page(r)
	items, total, err := a.Supervision.Closures(r.Context(), httpx.Actor(r), r.URL.Query().Get("status"), p)
	return list(items, total, p), err
}

func (a *API) publicComplaint(r *http.Request, w http.ResponseWriter) (any, error) {
	var n supervision.NewComplaint
	if err := decode(w, r, &n); err != nil {
		return nil, err
	}
	return a.Supervision.SubmitPublicComplaint(r.Context(), httpx.Actor(r), n)
}

func (a *API) complaintProgress(r *http.Request, w http.ResponseWriter) (any, error) {
	var in progressRequest
	if err := decode(w, r, &in); err != nil {
		return nil, err
	}
	return a.Supervision.Progress(r.Context(), in.ReceiptCode, in.Phone)
}

func (a *API) complaintRating(r *http.Request, w http.ResponseWriter) (any, error) {
	var in progressRequest
	if err := decode(w, r, &in); err != nil {
		return nil, err
	}
	return a.Supervision.RateByComplainant(r.Context(), httpx.Actor(r), in.ReceiptCode, in.Phone, in.Satisfaction)
}

func (a *API) publicNotices(r *http.Request) (any, error) {
	p := page(r)
	items, total, err := a.Supervision.PublicNotices(r.Context(), p)
	return list(items, total, p), err
}

func (a *API) publicPlans(r *http.Request) (any, error) {
	p := page(r)
	f := supervision.PublicPlanFilter{Region: r.URL.Query().Get("region")}
	if v := r.URL.Query().Get("institution"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return nil, domain.Invalid("institution", domain.ReasonNotAllowed)
		}
		f.Institution = id
	}
	items, total, err := a.Supervision.PublicPlans(r.Context(), f, p)
	return list(items, total, p), err
}

func (a *API) publicRecord(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return a.Supervision.PublicRecord(r.Context(), id)
}

func complaintFilter(r *http.Request) supervision.ComplaintFilter {
	q := r.URL.Query()
	return supervision.ComplaintFilter{Status: q.Get("status"), Category: q.Get("category"), Source: q.Get("source"), Region: q.Get("region"),
		Overdue: q.Get("overdue") == "true" || q.Get("overdue") == "1", Q: strings.TrimSpace(q.Get("q"))}
}

func (a *API) listComplaints(r *http.Request) (any, error) {
	p := page(r)
	items, total, err := a.Supervision.Complaints(r.Context(), httpx.Actor(r), complaintFilter(r), p)
	return list(items, total, p), err
}

func (a *API) exportComplaints(w http.ResponseWriter, r *http.Request) {
	lang := i18n.FromRequest(r)
	t := func(k string) string { return i18n.T(lang, k) }
	a.stream(w, r, xlsxType, "complaints.xlsx", func(out io.Writer) error {
		var x *xlsx.Writer
		err := a.Supervision.ExportComplaints(r.Context(), httpx.Actor(r), complaintFilter(r), func(c supervision.Complaint) error {
			if x == nil {
				if err := startComplaintSheet(&x, out, t); err != nil {
					return err
				}
			}
			return x.WriteRow(c.ReceiptCode, t("complaint.source."+c.Source), c.WorkOrderNo, c.InstitutionName, t("complaint.category."+c.Category),
				t("complaint.severity."+c.Severity), t("complaint.status."+c.Status), c.ReceivedOn.String(), c.AnswerDue.String(), c.Overdue, c.Outcome)
		})
		if err != nil {
			return err
		}
		if x == nil {
			if err := startComplaintSheet(&x, out, t); err != nil {
				return err
			}
		}
		return x.Close()
	})
}

func startComplaintSheet(x **xlsx.Writer, out io.Writer, t func(string) string) error {
	w, err := xlsx.NewWriter(out, t("cases.complaints.title"))
	if err != nil {
		return err
	}
	*x = w
	return w.StartSheet(t("cases.complaints.title"), xlsx.Sheet{Header: []string{t("cases.x.receipt"), t("cases.x.source"), t("cases.x.work_order"),
		t("cases.x.institution"), t("cases.x.category"), t("cases.x.severity"), t("cases.x.status"), t("cases.x.received"), t("cases.x.answer_due"),
		t("cases.overdue"), t("cases.x.outcome")}})
}

func (a *API) hotlineComplaint(r *http.Request, w http.ResponseWriter) (any, error) {
	var n supervision.NewComplaint
	if err := decode(w, r, &n); err != nil {
		return nil, err
	}
	return a.Supervision.EnterHotlineComplaint(r.Context(), httpx.Actor(r), n)
}

func (a *API) guardianComplaint(r *http.Request, w http.ResponseWriter) (any, error) {
	var n supervision.NewComplaint
	if err := decode(w, r, &n); err != nil {
		return nil, err
	}
	return a.Supervision.SubmitGuardianComplaint(r.Context(), httpx.Actor(r), n)
}

func (a *API) updateCamera(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	cam, err := pathID(r, "camera")
	if err != nil {
		return nil, err
	}
	var in supervision.CameraInput
	if err := decode(w, r, &in); err != nil {
		return nil, err
	}
	return a.Supervision.SaveCamera(r.Context(), httpx.Actor(r), id, cam, in)
}

func (a *API) removeCamera(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	cam, err := pathID(r, "camera")
	if err != nil {
		return nil, err
	}
	return map[string]bool{"removed": true}, a.Supervision.RemoveCamera(r.Context(), httpx.Actor(r), id, cam)
}

func (a *API) listAssessments(r *http.Request) (any, error) {
	q := r.URL.Query()
	f := supervision.AssessmentFilter{Status: q.Get("status")}
	f.Year, _ = strconv.Atoi(q.Get("year"))
	f.InstitutionID, _ = strconv.ParseInt(q.Get("institution"), 10, 64)
	p := page(r)
	items, total, err := a.Supervision.Assessments(r.Context(), httpx.Actor(r), f, p)
	return list(items, total, p), err
}

func (a *API) selfAssessment(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return nil, domain.NotFound("year")
	}
	var in supervision.StageInput
	if err := decode(w, r, &in); err != nil {
		return nil, err
	}
	return a.Supervision.SubmitSelfAssessment(r.Context(), httpx.Actor(r), id, year, in)
}

// complaintInspectionRequest starts a special inspection from a complaint:
// at least two inspectors and the date it is due by.
type complaintInspectionRequest struct {
	Inspectors []int64    `json:"inspectors"`
	DueBy      civil.Date `json:"due_by"`
}
