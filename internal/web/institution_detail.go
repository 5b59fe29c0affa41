package web

import (
	"net/http"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
)

type institutionData struct {
	Institution domain.Institution
	County      string
	Township    string
	Filings     []domain.Filing
	Pager       Pager
	// Open is the filing in progress, if any.
	Open *domain.Filing
	// What the director may do now.
	CanStart, CanChange, CanCancel bool
}

// institutionDetail shows an institution's registry facts, its filings
// and what the reader may do next.
func (wb *Web) institutionDetail(w http.ResponseWriter, r *http.Request) {
	in, ok := wb.institutionFor(w, r)
	if !ok {
		return
	}
	a := httpx.Actor(r)
	ctx := r.Context()
	names := wb.names(ctx)
	p := newPage(r, "institution.title")
	p.Heading = in.Name
	p.Active = "institutions"
	p.Tabs = opsTabs(a, in.ID, "overview")
	d := institutionData{Institution: in, County: names.Name(in.RegionCode), Township: names.Name(in.TownshipCode)}
	if authz.Has(a.Role, authz.FilingView) {
		pg := pageOf(r, 20)
		list, total, err := wb.svc.Filings(ctx, a, in.ID, pg)
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		d.Filings, d.Pager = list, newPager(r, pg, total)
		if f, open, err := wb.openFiling(r, in.ID); err != nil {
			wb.WriteError(w, r, err)
			return
		} else if open {
			d.Open = &f
		}
	}
	if authz.Has(a.Role, authz.FilingEdit) && d.Open == nil && !domain.StatusEnded(in.Status) {
		d.CanStart = in.Status != domain.StatusFiled
		d.CanChange = in.Status == domain.StatusFiled
		d.CanCancel = in.Status == domain.StatusFiled
	}
	p.Data = d
	wb.render(w, r, http.StatusOK, "institution", p)
}
