package web

import (
	"net/http"
	"strconv"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/supervision"
)

// supervisionReviewRoutes: annual reviews (年度检查结果) and the closure
// proposals two failed years in a row raise (连续两年年审不合格者予以关闭),
// decided by the county, with appeals noted.
func (wb *Web) supervisionReviewRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/supervision/reviews", Permission: authz.ReviewView, Summary: "Annual reviews in scope: filters (year, result), pages; the county's entry form", Handler: wb.svReviews},
		{Method: "GET", Pattern: "/supervision/reviews.xlsx", Permission: authz.ReviewView, Summary: "Annual reviews as Excel, same filters", Handler: wb.svReviewsExport},
		{Method: "POST", Pattern: "/supervision/reviews", Permission: authz.ReviewRecord, Summary: "Record a year's annual review; two failed years in a row raise a closure proposal", Handler: wb.svReviewRecord},
		{Method: "GET", Pattern: "/supervision/closures", Permission: authz.ReviewView, Summary: "Closure proposals in scope, undecided first: filter by status, pages", Handler: wb.svClosures},
		{Method: "GET", Pattern: "/supervision/closures/{id}", Permission: authz.ReviewView, Summary: "A closure proposal; the county's decision and appeal forms", Handler: wb.svClosurePage},
		{Method: "POST", Pattern: "/supervision/closures/{id}/decision", Permission: authz.ClosureDecide, Summary: "Close (ends the filing, publishes a notice) or keep, with a reason", Handler: wb.svClosureDecide},
		{Method: "POST", Pattern: "/supervision/closures/{id}/appeal", Permission: authz.ClosureDecide, Summary: "Note an appeal against a closure", Handler: wb.svClosureAppeal},
	}
}

type svReviewsData struct {
	Items        []supervision.AnnualReview
	Pager        Pager
	Results      []Option
	Institutions []Option
	ExportURL    string
	CanRecord    bool
}

// FieldOrder is the order of the form's fields, for the problem summary.
func (svReviewsData) FieldOrder() []string {
	return []string{"institution_id", "year", "result", "reasons"}
}

func svReviewFilter(r *http.Request) supervision.ReviewFilter {
	q := r.URL.Query()
	f := supervision.ReviewFilter{Result: q.Get("result")}
	f.Year, _ = strconv.Atoi(q.Get("year"))
	return f
}

func (wb *Web) svReviews(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "cases.reviews.title")
	for _, k := range []string{"year", "result"} {
		p.Form.Set(k, r.URL.Query().Get(k))
	}
	p.Form.Set("year", r.URL.Query().Get("year"))
	wb.renderReviews(w, r, p, http.StatusOK)
}

func (wb *Web) renderReviews(w http.ResponseWriter, r *http.Request, p *Page, status int) {
	a := httpx.Actor(r)
	p.Active = "sv_reviews"
	pg := pageOf(r, 20)
	items, total, err := wb.Supervision.Reviews(r.Context(), a, svReviewFilter(r), pg)
	if fe := fieldErrors(err); fe != nil && status == http.StatusOK {
		p.Errors, p.Problem, status = fe, "error.filter", http.StatusUnprocessableEntity
	} else if err != nil && fe == nil {
		wb.WriteError(w, r, err)
		return
	}
	d := svReviewsData{Items: items, Pager: newPager(r, pg, total), Results: svOptions(p.Lang, "sv.review.", supervision.ReviewResults),
		ExportURL: svExportURL(r, "/supervision/reviews.xlsx"), CanRecord: a.Can(authz.ReviewRecord)}
	if d.CanRecord {
		list, _, err := wb.svc.Institutions(r.Context(), a, domain.InstitutionFilter{Status: domain.StatusFiled}, domain.Page{Page: 1, PerPage: 200})
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		for _, in := range list {
			d.Institutions = append(d.Institutions, Option{Value: itoa64(in.ID), Label: in.Name})
		}
	}
	p.Data = d
	wb.render(w, r, status, "supervision_reviews", p)
}

func (wb *Web) svReviewsExport(w http.ResponseWriter, r *http.Request) {
	svExport(wb, w, r, svSheet[supervision.AnnualReview]{title: "cases.reviews.title", file: "reviews.xlsx",
		columns: []string{"sv.x.institution", "sv.f.year", "sv.f.result", "sv.f.reasons"},
		fetch: func(pg domain.Page) ([]supervision.AnnualReview, int, error) {
			return wb.Supervision.Reviews(r.Context(), httpx.Actor(r), svReviewFilter(r), pg)
		},
		row: func(lang string, rv supervision.AnnualReview) []any {
			return []any{rv.InstitutionName, rv.Year, i18n.T(lang, "sv.review."+rv.Result), rv.Reasons}
		}})
}

func (wb *Web) svReviewRecord(w http.ResponseWriter, r *http.Request) {
	if !opsParse(w, r, wb) {
		return
	}
	v := r.PostForm
	p := newPage(r, "cases.reviews.title")
	p.Form = v
	errs := map[string]string{}
	in := supervision.ReviewInput{Year: svInt(v, "year", errs), Result: v.Get("result"), Reasons: v.Get("reasons")}
	inst, _ := strconv.ParseInt(v.Get("institution_id"), 10, 64)
	var out supervision.ReviewOutcome
	var err error
	switch {
	case len(errs) > 0:
		err = &domain.Error{Code: domain.CodeInvalid, Validation: true, Message: "invalid review", Fields: errs}
	case inst == 0:
		err = domain.Invalid("institution_id", domain.ReasonRequired)
	default:
		out, err = wb.Supervision.RecordReview(r.Context(), httpx.Actor(r), inst, in)
	}
	if domain.ErrorCode(err) == domain.CodeNotFound {
		err = domain.Invalid("institution_id", "unknown_institution")
	}
	if err != nil {
		status, ok := opsRefused(p, err, nil)
		if !ok {
			wb.WriteError(w, r, err)
			return
		}
		wb.renderReviews(w, r, p, status)
		return
	}
	if out.Proposal != nil {
		redirect(w, r, "/supervision/closures/"+itoa64(out.Proposal.ID)+"?msg=sv_closure_proposed")
		return
	}
	redirect(w, r, "/supervision/reviews?msg=sv_review_recorded")
}

type svClosuresData struct {
	Items    []supervision.ClosureProposal
	Pager    Pager
	Statuses []Option
}

func (wb *Web) svClosures(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "cases.closures.title")
	p.Active = "sv_reviews"
	p.Form.Set("status", r.URL.Query().Get("status"))
	pg := pageOf(r, 20)
	items, total, err := wb.Supervision.Closures(r.Context(), httpx.Actor(r), r.URL.Query().Get("status"), pg)
	status := http.StatusOK
	if fe := fieldErrors(err); fe != nil {
		p.Errors, p.Problem, status = fe, "error.filter", http.StatusUnprocessableEntity
	} else if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = svClosuresData{Items: items, Pager: newPager(r, pg, total), Statuses: svOptions(p.Lang, "sv.closure.", supervision.ClosureStatuses)}
	wb.render(w, r, status, "supervision_closures", p)
}

type svClosureData struct {
	Closure   supervision.ClosureProposal
	Decisions []Option
	CanDecide bool
}

// FieldOrder is the order of the page's fields, for the problem summary.
func (svClosureData) FieldOrder() []string { return []string{"decision", "reason", "appeal"} }

func (wb *Web) svClosurePage(w http.ResponseWriter, r *http.Request) {
	wb.renderClosure(w, r, newPage(r, "cases.closure.decide"), http.StatusOK)
}

func (wb *Web) renderClosure(w http.ResponseWriter, r *http.Request, p *Page, status int) {
	a := httpx.Actor(r)
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	c, err := wb.Supervision.Closure(r.Context(), a, id)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Active = "sv_reviews"
	p.Heading = c.InstitutionName
	p.Data = svClosureData{Closure: c, CanDecide: a.Can(authz.ClosureDecide), Decisions: svOptions(p.Lang, "sv.closure.decision.", []string{"close", "keep"})}
	wb.render(w, r, status, "supervision_closure", p)
}

func (wb *Web) svClosureDecide(w http.ResponseWriter, r *http.Request) {
	id, ok := wb.svPostedOn(w, r)
	if !ok {
		return
	}
	_, err := wb.Supervision.DecideClosure(r.Context(), httpx.Actor(r), id, supervision.ClosureDecision{Decision: r.PostForm.Get("decision"), Reason: r.PostForm.Get("reason")})
	wb.svClosureDone(w, r, id, err, "sv_closure_decided")
}

func (wb *Web) svClosureAppeal(w http.ResponseWriter, r *http.Request) {
	id, ok := wb.svPostedOn(w, r)
	if !ok {
		return
	}
	_, err := wb.Supervision.NoteAppeal(r.Context(), httpx.Actor(r), id, supervision.AppealInput{Appeal: r.PostForm.Get("appeal")})
	wb.svClosureDone(w, r, id, err, "sv_appeal_noted")
}

func (wb *Web) svClosureDone(w http.ResponseWriter, r *http.Request, id int64, err error, msg string) {
	wb.svDone(w, r, err, "cases.closure.decide", func(p *Page, status int) { wb.renderClosure(w, r, p, status) }, "/supervision/closures/"+itoa64(id)+"?msg="+msg)
}
