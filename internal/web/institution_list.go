package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
)

// listFilters are the query parameters the lists share with the JSON API.
var listFilters = []string{"q", "county", "township", "status", "kind", "nature", "care_type", "puhui"}

type institutionListData struct {
	Items     []domain.Institution
	Pager     Pager
	Names     *regionNames
	Counties  []Option
	Townships []Option
	Statuses  []Option
	Kinds     []Option
	Natures   []Option
	CareTypes []Option
	ExportURL string
}

// institutionFilter reads the list filters; county and township become
// one region code as the API's "region" and "township" do.
func institutionFilter(q url.Values) (domain.InstitutionFilter, map[string]string) {
	f := domain.InstitutionFilter{Region: regionFilter(q.Get("county"), q.Get("township")), Status: q.Get("status"), Kind: q.Get("kind"),
		Nature: q.Get("nature"), CareType: q.Get("care_type"), Q: strings.TrimSpace(q.Get("q"))}
	if v := q.Get("puhui"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return f, map[string]string{"puhui": "not_boolean"}
		}
		f.Puhui = &b
	}
	return f, nil
}

// exportURL is the API's Excel export with the same filters.
func exportURL(f domain.InstitutionFilter) string {
	v := url.Values{}
	for k, s := range map[string]string{"region": f.Region, "status": f.Status, "kind": f.Kind, "nature": f.Nature, "care_type": f.CareType, "q": f.Q} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if f.Puhui != nil {
		v.Set("puhui", strconv.FormatBool(*f.Puhui))
	}
	if len(v) == 0 {
		return "/api/v1/institutions.xlsx"
	}
	return "/api/v1/institutions.xlsx?" + v.Encode()
}

// institutionList lists the institutions in scope with filters, pages and
// a link to the Excel export of the same selection.
func (wb *Web) institutionList(w http.ResponseWriter, r *http.Request) {
	a := httpx.Actor(r)
	ctx := r.Context()
	q := r.URL.Query()
	p := newPage(r, "institutions.title")
	p.Active = "institutions"
	for _, k := range listFilters {
		p.Form.Set(k, q.Get(k))
	}
	counties, townships, err := wb.filterRegions(ctx, wb.baseRegion(a), q.Get("county"))
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d := institutionListData{Names: wb.names(ctx), Counties: counties, Townships: townships,
		Statuses: enumOptions(p.Lang, domain.InstitutionStatuses), Kinds: enumOptions(p.Lang, domain.Kinds),
		Natures: enumOptions(p.Lang, domain.Natures), CareTypes: enumOptions(p.Lang, domain.CareTypes)}
	f, errs := institutionFilter(q)
	pg := pageOf(r, 20)
	status := http.StatusOK
	if errs == nil {
		d.Items, d.Pager.Total, err = wb.svc.Institutions(ctx, a, f, pg)
		errs = fieldErrors(err)
		if err != nil && errs == nil {
			wb.WriteError(w, r, err)
			return
		}
	}
	if errs != nil {
		p.Errors, p.Problem, status = errs, "error.filter", http.StatusUnprocessableEntity
		d.Items = nil
		d.Pager.Total = 0
	}
	d.Pager = newPager(r, pg, d.Pager.Total)
	d.ExportURL = exportURL(f)
	p.Data = d
	wb.render(w, r, status, "institutions", p)
}
