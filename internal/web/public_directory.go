package web

import (
	"net/http"

	"tuoyu/internal/domain"
)

type publicData struct {
	Items     []domain.PublicInstitution
	Pager     Pager
	Counties  []Option
	Townships []Option
	CareTypes []Option
}

// publicDirectory lists filed institutions with their public facts, for
// anyone: search by county, township, care type, 普惠 and name.
func (wb *Web) publicDirectory(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	p := newPage(r, "public.title")
	p.Active = "public"
	for _, k := range []string{"q", "county", "township", "care_type", "puhui"} {
		p.Form.Set(k, q.Get(k))
	}
	counties, townships, err := wb.filterRegions(ctx, wb.DeploymentRegion, q.Get("county"))
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d := publicData{Counties: counties, Townships: townships, CareTypes: enumOptions(p.Lang, domain.CareTypes)}
	f, errs := institutionFilter(q)
	pg := pageOf(r, 20)
	total := 0
	status := http.StatusOK
	if errs == nil {
		d.Items, total, err = wb.svc.PublicDirectory(ctx, f, pg)
		errs = fieldErrors(err)
		if err != nil && errs == nil {
			wb.WriteError(w, r, err)
			return
		}
	}
	if errs != nil {
		p.Errors, p.Problem, status = errs, "error.filter", http.StatusUnprocessableEntity
		d.Items, total = nil, 0
	}
	d.Pager = newPager(r, pg, total)
	p.Data = d
	wb.render(w, r, status, "public", p)
}
