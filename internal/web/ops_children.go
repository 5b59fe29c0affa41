package web

import (
	"net/http"
	"strconv"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
)

func (wb *Web) childListRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/institutions/{id}/children", Permission: authz.ChildView, Summary: "An institution's children by class: filters, pages, Excel export", Handler: wb.childList},
	}
}

type childListData struct {
	Institution domain.Institution
	Items       []domain.Child
	Pager       Pager
	Classes     []Option
	Statuses    []Option
	ExportURL   string
	CanEnrol    bool
}

// opsClassOptions lists an institution's classes as choices (archived
// ones only when asked).
func (wb *Web) opsClassOptions(r *http.Request, institutionID int64, archived bool) ([]Option, []domain.Class, error) {
	var classes []domain.Class
	for page := 1; page <= 10; page++ {
		items, total, err := wb.svc.Classes(r.Context(), httpx.Actor(r), institutionID, domain.Page{Page: page, PerPage: 100})
		if err != nil {
			return nil, nil, err
		}
		classes = append(classes, items...)
		if page*100 >= total {
			break
		}
	}
	var opts []Option
	for _, c := range classes {
		if c.Archived && !archived {
			continue
		}
		opts = append(opts, Option{Value: itoa64(c.ID), Label: c.Name})
	}
	return opts, classes, nil
}

// childList lists the children of an institution, by class and name.
func (wb *Web) childList(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "ops.children.title", "children")
	if !ok {
		return
	}
	a := httpx.Actor(r)
	q := r.URL.Query()
	for _, k := range []string{"class_id", "q", "status"} {
		p.Form.Set(k, q.Get(k))
	}
	classes, _, err := wb.opsClassOptions(r, in.ID, true)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d := childListData{Institution: in, Classes: classes, CanEnrol: authz.Has(a.Role, authz.ChildEdit),
		Statuses: []Option{{Value: "enrolled", Label: i18n.T(p.Lang, "enrolment.enrolled")}, {Value: "withdrawn", Label: i18n.T(p.Lang, "enrolment.withdrawn")}}}
	f := domain.ChildFilter{Q: strings.TrimSpace(q.Get("q")), Status: q.Get("status")}
	status := http.StatusOK
	if v := q.Get("class_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			p.Errors["class_id"] = reasonNotWhole
		}
		f.ClassID = n
	}
	pg := pageOf(r, 30)
	total := 0
	if len(p.Errors) == 0 {
		d.Items, total, err = wb.svc.Children(r.Context(), a, in.ID, f, pg)
		if fe := fieldErrors(err); fe != nil {
			p.Errors = fe
		} else if err != nil {
			wb.WriteError(w, r, err)
			return
		}
	}
	if len(p.Errors) > 0 {
		p.Problem, status = "error.filter", http.StatusUnprocessableEntity
		d.Items, total = nil, 0
	}
	d.Pager = newPager(r, pg, total)
	d.ExportURL = opsExport(p, httpx.ChildrenExport, in.ID, q)
	p.Data = d
	wb.render(w, r, status, "ops_children", p)
}
