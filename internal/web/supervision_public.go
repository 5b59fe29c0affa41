package web

import (
	"net/http"

	"tuoyu/internal/authz"
	"tuoyu/internal/httpx"
)

// supervisionPublicRoutes: the public record of an institution (信息公示)
// and the closure notices (公告), without a login, with no personal data
// and no complaint.
func (wb *Web) supervisionPublicRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/public/institutions/{id}", Permission: authz.Public, Summary: "An institution's public record: filing, latest inspection, rectifications, grade, demonstration, closure notices", Handler: wb.svPublicRecord},
		{Method: "GET", Pattern: "/public/notices", Permission: authz.Public, Summary: "Closure notices in their publication period, pages", Handler: wb.svNotices},
	}
}

func (wb *Web) svPublicRecord(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	rec, err := wb.Supervision.PublicRecord(r.Context(), id)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p := newPage(r, "cases.record.title")
	p.Heading = rec.Name
	p.Active = "public"
	p.Data = rec
	wb.render(w, r, http.StatusOK, "supervision_record", p)
}

type svNoticesData struct {
	Items any
	Pager Pager
}

func (wb *Web) svNotices(w http.ResponseWriter, r *http.Request) {
	pg := pageOf(r, 20)
	items, total, err := wb.Supervision.PublicNotices(r.Context(), pg)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p := newPage(r, "cases.notices.title")
	p.Active = "sv_notices"
	p.Data = svNoticesData{Items: items, Pager: newPager(r, pg, total)}
	wb.render(w, r, http.StatusOK, "supervision_notices", p)
}
