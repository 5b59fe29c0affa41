package web

import (
	"net/http"
	"strconv"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/supervision"
)

// supervisionQualityRoutes: quality assessments (WS/T 821—2023) as read:
// the list and one assessment with each stage's totals by dimension. The
// scoring forms are not pages yet (the API takes them).
func (wb *Web) supervisionQualityRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/supervision/quality", Permission: authz.QualityView, Summary: "Quality assessments in scope: filters (year, status), pages", Handler: wb.svQuality},
		{Method: "GET", Pattern: "/supervision/quality.xlsx", Permission: authz.QualityView, Summary: "Quality assessments as Excel, same filters", Handler: wb.svQualityExport},
		{Method: "GET", Pattern: "/supervision/quality/{id}", Permission: authz.QualityView, Summary: "One assessment: each stage's total, grade and dimensions", Handler: wb.svAssessmentPage},
	}
}

type svQualityData struct {
	Items     []supervision.QualityAssessment
	Pager     Pager
	Statuses  []Option
	ExportURL string
}

func svAssessmentFilter(r *http.Request) supervision.AssessmentFilter {
	q := r.URL.Query()
	f := supervision.AssessmentFilter{Status: q.Get("status")}
	f.Year, _ = strconv.Atoi(q.Get("year"))
	return f
}

func (wb *Web) svQuality(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "cases.quality.title")
	p.Active = "sv_quality"
	for _, k := range []string{"year", "status"} {
		p.Form.Set(k, r.URL.Query().Get(k))
	}
	pg := pageOf(r, 20)
	items, total, err := wb.Supervision.Assessments(r.Context(), httpx.Actor(r), svAssessmentFilter(r), pg)
	status := http.StatusOK
	if fe := fieldErrors(err); fe != nil {
		p.Errors, p.Problem, status = fe, "error.filter", http.StatusUnprocessableEntity
	} else if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = svQualityData{Items: items, Pager: newPager(r, pg, total), Statuses: svOptions(p.Lang, "sv.quality.", supervision.QualityStatuses),
		ExportURL: svExportURL(r, "/supervision/quality.xlsx")}
	wb.render(w, r, status, "supervision_quality", p)
}

func (wb *Web) svQualityExport(w http.ResponseWriter, r *http.Request) {
	svExport(wb, w, r, svSheet[supervision.QualityAssessment]{title: "cases.quality.title", file: "quality.xlsx",
		columns: []string{"sv.x.institution", "sv.f.year", "sv.f.status", "sv.x.total", "sv.x.grade"},
		fetch: func(pg domain.Page) ([]supervision.QualityAssessment, int, error) {
			return wb.Supervision.Assessments(r.Context(), httpx.Actor(r), svAssessmentFilter(r), pg)
		},
		row: func(lang string, qa supervision.QualityAssessment) []any {
			total := ""
			if qa.Total != nil {
				total = strconv.FormatFloat(*qa.Total, 'f', 1, 64)
			}
			return []any{qa.InstitutionName, qa.Year, i18n.T(lang, "sv.quality."+qa.Status), total, qa.Grade}
		}})
}

func (wb *Web) svAssessmentPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	qa, err := wb.Supervision.Assessment(r.Context(), httpx.Actor(r), id)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p := newPage(r, "cases.quality.title")
	p.Active = "sv_quality"
	p.Heading = qa.InstitutionName
	p.Data = qa
	wb.render(w, r, http.StatusOK, "supervision_assessment", p)
}

// supervisionQualityScoringRoutes: the scoring forms of the three stages.
func (wb *Web) supervisionQualityScoringRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/institutions/{id}/quality/{year}", Permission: authz.QualitySelf, Summary: "The director's self-assessment form for a year", Handler: wb.svSelfForm},
		{Method: "POST", Pattern: "/institutions/{id}/quality/{year}", Permission: authz.QualitySelf, Summary: "Submit the self-assessment (points and evidence per scored part)", Handler: wb.svSelfSubmit},
		{Method: "GET", Pattern: "/supervision/quality/{id}/county", Permission: authz.QualityAssess, Summary: "The county's assessment form", Handler: wb.svStageForm},
		{Method: "GET", Pattern: "/supervision/quality/{id}/city", Permission: authz.QualityReview, Summary: "The city's review form", Handler: wb.svStageForm},
		{Method: "POST", Pattern: "/supervision/quality/{id}/county", Permission: authz.QualityAssess, Summary: "The county's assessment (points and evidence per scored part)", Handler: wb.svStageSubmit},
		{Method: "POST", Pattern: "/supervision/quality/{id}/city", Permission: authz.QualityReview, Summary: "The city's review (a note; points when it rescores)", Handler: wb.svStageSubmit},
	}
}

// svScoreRow is one scored part of the template: an item with points of
// its own, or a dimension scored as a whole.
type svScoreRow struct {
	ID, Label string
	Max       int
	Veto      bool
}

// svScoreRows lists what a stage scores, from the current template.
func (wb *Web) svScoreRows(r *http.Request, lang string) ([]svScoreRow, error) {
	t, err := wb.Supervision.CurrentQualityTemplate(r.Context(), httpx.Actor(r))
	if err != nil {
		return nil, err
	}
	var out []svScoreRow
	for _, d := range t.Template.Dimensions {
		name := d.Name
		if lang == "en" {
			name = d.NameEN
		}
		items := 0
		for _, it := range d.Items {
			if it.Points > 0 {
				title := it.Title
				if lang == "en" {
					title = it.TitleEN
				}
				out = append(out, svScoreRow{ID: it.ID, Label: name + " · " + title, Max: it.Points, Veto: it.Veto})
				items++
			}
		}
		if items == 0 {
			out = append(out, svScoreRow{ID: d.ID, Label: d.ID + " " + name, Max: d.Points})
		}
	}
	return out, nil
}

// svStageInput reads a scoring form: points.<id>, evidence.<id>, failed.<id>.
func svStageInput(r *http.Request, rows []svScoreRow, errs map[string]string) supervision.StageInput {
	v := r.PostForm
	in := supervision.StageInput{Note: v.Get("note")}
	for _, row := range rows {
		s := v.Get("points." + row.ID)
		if s == "" {
			continue
		}
		pts, err := strconv.ParseFloat(s, 64)
		if err != nil {
			errs["points."+row.ID] = "not_number"
		}
		in.Answers = append(in.Answers, supervision.QualityAnswer{ID: row.ID, Points: pts, Evidence: v.Get("evidence." + row.ID), Failed: checked(v, "failed."+row.ID)})
	}
	return in
}

type svScoreData struct {
	Action     string
	Rows       []svScoreRow
	Assessment *supervision.QualityAssessment
}

func (wb *Web) renderScore(w http.ResponseWriter, r *http.Request, p *Page, status int, action string, qa *supervision.QualityAssessment) {
	rows, err := wb.svScoreRows(r, p.Lang)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Active = "sv_quality"
	p.Data = svScoreData{Action: action, Rows: rows, Assessment: qa}
	wb.render(w, r, status, "supervision_score", p)
}

func (wb *Web) svSelfForm(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "sv.quality.stage.self", "overview")
	if !ok {
		return
	}
	wb.renderScore(w, r, p, http.StatusOK, "/institutions/"+itoa64(in.ID)+"/quality/"+r.PathValue("year"), nil)
}

// svScoreRefused shows a refused scoring form again, or the error page.
func (wb *Web) svScoreRefused(w http.ResponseWriter, r *http.Request, p *Page, err error, action string) {
	p.Form = r.PostForm
	status, ok := opsRefused(p, err, nil)
	if !ok {
		wb.WriteError(w, r, err)
		return
	}
	if len(p.Errors) > 0 && p.Problem == "" {
		p.Problem = "sv.quality.refused"
	}
	wb.renderScore(w, r, p, status, action, nil)
}

func (wb *Web) svSelfSubmit(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "sv.quality.stage.self", "overview")
	if !ok || !opsParse(w, r, wb) {
		return
	}
	action := "/institutions/" + itoa64(in.ID) + "/quality/" + r.PathValue("year")
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		wb.WriteError(w, r, domain.NotFound("year"))
		return
	}
	rows, err := wb.svScoreRows(r, p.Lang)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	errs := map[string]string{}
	input := svStageInput(r, rows, errs)
	var qa supervision.QualityAssessment
	if len(errs) > 0 {
		err = &domain.Error{Code: domain.CodeInvalid, Validation: true, Message: "invalid scores", Fields: errs}
	} else {
		qa, err = wb.Supervision.SubmitSelfAssessment(r.Context(), httpx.Actor(r), in.ID, year, input)
	}
	if err != nil {
		wb.svScoreRefused(w, r, p, err, action)
		return
	}
	redirect(w, r, "/supervision/quality/"+itoa64(qa.ID)+"?msg=sv_quality_saved")
}

func (wb *Web) svStageForm(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	qa, err := wb.Supervision.Assessment(r.Context(), httpx.Actor(r), id)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p := newPage(r, "cases.quality.title")
	p.Heading = qa.InstitutionName
	wb.renderScore(w, r, p, http.StatusOK, r.URL.Path, &qa)
}

func (wb *Web) svStageSubmit(w http.ResponseWriter, r *http.Request) {
	id, ok := wb.svPostedOn(w, r)
	if !ok {
		return
	}
	p := newPage(r, "cases.quality.title")
	rows, err := wb.svScoreRows(r, p.Lang)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	errs := map[string]string{}
	input := svStageInput(r, rows, errs)
	stage := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	switch {
	case len(errs) > 0:
		err = &domain.Error{Code: domain.CodeInvalid, Validation: true, Message: "invalid scores", Fields: errs}
	case stage == "county":
		_, err = wb.Supervision.AssessByCounty(r.Context(), httpx.Actor(r), id, input)
	default:
		_, err = wb.Supervision.ReviewByCity(r.Context(), httpx.Actor(r), id, input)
	}
	if err != nil {
		wb.svScoreRefused(w, r, p, err, r.URL.Path)
		return
	}
	redirect(w, r, "/supervision/quality/"+itoa64(id)+"?msg=sv_quality_saved")
}
