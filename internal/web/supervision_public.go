package web

import (
	"net/http"
	"strconv"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/supervision"
)

// supervisionPublicRoutes: the public record of an institution (信息公示)
// and the closure notices (公告), without a login, with no personal data
// and no complaint.
func (wb *Web) supervisionPublicRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/public/institutions/{id}", Permission: authz.Public, Summary: "An institution's public record: filing, latest inspection, rectifications, grade, demonstration, closure notices", Handler: wb.svPublicRecord},
		{Method: "GET", Pattern: "/public/plans", Permission: authz.Public, Summary: "Inspection plans that have started, with their draw (双随机一公开), by county, pages", Handler: wb.svPublicPlans},
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

type svPublicPlansData struct {
	Items       []supervision.PublicPlan
	Pager       Pager
	Counties    []Option
	Institution int64
}

// svPublicPlans lists the plans that have started (双随机一公开): the draw's
// seed, the institutions drawn of those eligible and the inspectors; by
// county, or the plans one institution was drawn in.
func (wb *Web) svPublicPlans(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	p := newPage(r, "sv.public_plans.title")
	p.Active = "sv_public_plans"
	p.Form.Set("county", q.Get("county"))
	counties, _, err := wb.filterRegions(ctx, wb.DeploymentRegion, "")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	f := supervision.PublicPlanFilter{Region: q.Get("county")}
	if v := q.Get("institution"); v != "" {
		if f.Institution, err = strconv.ParseInt(v, 10, 64); err != nil || f.Institution <= 0 {
			wb.WriteError(w, r, domain.NotFound("institution"))
			return
		}
	}
	pg := pageOf(r, 10)
	items, total, err := wb.Supervision.PublicPlans(ctx, f, pg)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = svPublicPlansData{Items: items, Pager: newPager(r, pg, total), Counties: counties, Institution: f.Institution}
	wb.render(w, r, http.StatusOK, "supervision_public_plans", p)
}
