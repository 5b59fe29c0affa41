package web

import (
	"net/http"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
)

// editable reports whether a filing's form may still change: a draft or a
// returned filing, and not a cancellation.
func editable(f domain.Filing) bool {
	return (f.Status == domain.FilingDraft || f.Status == domain.FilingReturned) && f.Kind != domain.FilingCancel
}

// openFiling finds the filing in progress (draft, submitted or returned):
// there is at most one, and it is the newest.
func (wb *Web) openFiling(r *http.Request, institutionID int64) (domain.Filing, bool, error) {
	list, _, err := wb.svc.Filings(r.Context(), httpx.Actor(r), institutionID, domain.Page{Page: 1, PerPage: 1})
	if err != nil || len(list) == 0 {
		return domain.Filing{}, false, err
	}
	f := list[0]
	open := f.Status == domain.FilingDraft || f.Status == domain.FilingSubmitted || f.Status == domain.FilingReturned
	return f, open, nil
}

func filingURL(f domain.Filing) string {
	if editable(f) {
		return "/filings/" + itoa64(f.ID) + "/edit"
	}
	return "/filings/" + itoa64(f.ID)
}

// lastFiled finds the newest filed version among an institution's filings.
func (wb *Web) lastFiled(r *http.Request, institutionID int64) (domain.Filing, bool, error) {
	if _, err := wb.svc.Institution(r.Context(), httpx.Actor(r), institutionID); err != nil {
		return domain.Filing{}, false, err
	}
	for page := 1; ; page++ {
		list, total, err := wb.svc.Filings(r.Context(), httpx.Actor(r), institutionID, domain.Page{Page: page, PerPage: 50})
		if err != nil {
			return domain.Filing{}, false, err
		}
		for _, f := range list {
			if f.Status == domain.FilingFiled && f.Kind != domain.FilingCancel {
				return f, true, nil
			}
		}
		if len(list) == 0 || page*50 >= total {
			return domain.Filing{}, false, nil
		}
	}
}

// institutionFor loads the institution of the path's {id}; out of scope is
// not found.
func (wb *Web) institutionFor(w http.ResponseWriter, r *http.Request) (domain.Institution, bool) {
	id, err := pathID(r, "id")
	if err == nil {
		var in domain.Institution
		in, err = wb.svc.Institution(r.Context(), httpx.Actor(r), id)
		if err == nil {
			return in, true
		}
	}
	wb.WriteError(w, r, err)
	return domain.Institution{}, false
}

// filingFor loads the filing of the path's {id} with its institution.
func (wb *Web) filingFor(w http.ResponseWriter, r *http.Request) (service.FilingView, domain.Institution, bool) {
	a := httpx.Actor(r)
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return service.FilingView{}, domain.Institution{}, false
	}
	v, err := wb.svc.FilingDetail(r.Context(), a, id)
	if err != nil {
		wb.WriteError(w, r, err)
		return v, domain.Institution{}, false
	}
	// Readers who may see filings but not the registry still need the
	// institution's county; the filing carries it.
	in := domain.Institution{ID: v.InstitutionID, Name: v.Institution, RegionCode: v.RegionCode}
	if authz.Has(a.Role, authz.InstitutionView) {
		if got, err := wb.svc.Institution(r.Context(), a, v.InstitutionID); err == nil {
			in = got
		} else if domain.ErrorCode(err) != domain.CodeNotFound {
			wb.WriteError(w, r, err)
			return v, in, false
		}
	}
	return v, in, true
}
