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
