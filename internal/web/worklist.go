package web

import (
	"net/http"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
)

// filingStatuses are the worklist's status choices.
var filingStatuses = []string{domain.FilingSubmitted, domain.FilingReturned, domain.FilingDraft, domain.FilingFiled, domain.FilingWithdrawn}

type worklistData struct {
	Items    []domain.Filing
	Pager    Pager
	Status   string
	Statuses []Option
	Today    string
}

// worklist lists filings in scope by status. Reviewers start on the
// submitted ones, which come by due date with the overdue ones marked.
func (wb *Web) worklist(w http.ResponseWriter, r *http.Request) {
	a := httpx.Actor(r)
	q := r.URL.Query()
	status := q.Get("status")
	if !q.Has("status") && authz.Has(a.Role, authz.FilingReview) {
		status = domain.FilingSubmitted
	}
	p := newPage(r, "worklist.title")
	if !authz.Has(a.Role, authz.FilingReview) {
		p.Title = "filings.title"
	}
	p.Active = "filings"
	pg := pageOf(r, 20)
	items, total, err := wb.svc.FilingWorklist(r.Context(), a, status, pg)
	if err != nil {
		if fe := fieldErrors(err); fe != nil {
			p.Errors = fe
			p.Problem = "error.filter"
			p.Data = worklistData{Status: status, Statuses: enumOptions(p.Lang, filingStatuses), Pager: newPager(r, pg, 0)}
			wb.render(w, r, httpx.Status(err), "worklist", p)
			return
		}
		wb.WriteError(w, r, err)
		return
	}
	p.Form.Set("status", status)
	p.Data = worklistData{Items: items, Pager: newPager(r, pg, total), Status: status, Statuses: enumOptions(p.Lang, filingStatuses),
		Today: wb.svc.Today().Format("2006-01-02")}
	wb.render(w, r, http.StatusOK, "worklist", p)
}
