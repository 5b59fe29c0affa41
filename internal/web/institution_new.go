package web

import (
	"net/http"
	"net/url"

	"tuoyu/internal/account"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
)

type institutionFormData struct {
	// Prefix is "institution." on the registration form, whose account
	// fields sit beside the institution's.
	Prefix    string
	Kinds     []Option
	Natures   []Option
	Townships []OptGroup
}

// newInstitutionFromForm reads the institution's basic facts.
func newInstitutionFromForm(v url.Values, prefix string) (service.NewInstitution, map[string]string) {
	np := &numberParser{form: v, prefix: prefix, errs: map[string]string{}}
	n := service.NewInstitution{Name: v.Get(prefix + "name"), CreditCode: v.Get(prefix + "credit_code"), Kind: v.Get(prefix + "kind"),
		Nature: v.Get(prefix + "nature"), ForProfit: checked(v, prefix+"for_profit"), TownshipCode: v.Get(prefix + "township_code"),
		Address: v.Get(prefix + "address"), Phone: v.Get(prefix + "phone"), LegalRep: v.Get(prefix + "legal_rep"),
		PersonInCharge: v.Get(prefix + "person_in_charge"), Places: np.int("places")}
	n.CareTypes = np.careOffers()
	return n, np.errs
}

// institutionErrors puts the service's problems at the inputs: a county
// outside the regulator's region is shown at the township.
func institutionErrors(errs map[string]string, prefix string, offers []domain.CareOffer) map[string]string {
	out := placeErrors(errs, prefix, offers)
	if v, ok := out[prefix+"region_code"]; ok {
		delete(out, prefix+"region_code")
		out = mergeErrors(out, map[string]string{prefix + "township_code": v})
	}
	return out
}

func (wb *Web) institutionFormData(r *http.Request, p *Page, base, prefix string) (institutionFormData, error) {
	groups, err := wb.townshipGroups(r.Context(), base)
	return institutionFormData{Prefix: prefix, Kinds: enumOptions(p.Lang, domain.Kinds), Natures: enumOptions(p.Lang, domain.Natures),
		Townships: groups}, err
}

// institutionNewForm is the county regulator's form for a new registry entry.
func (wb *Web) institutionNewForm(w http.ResponseWriter, r *http.Request) {
	wb.renderInstitutionNew(w, r, newPage(r, "institution.new_title"), http.StatusOK)
}

func (wb *Web) renderInstitutionNew(w http.ResponseWriter, r *http.Request, p *Page, status int) {
	d, err := wb.institutionFormData(r, p, httpx.Actor(r).RegionCode, "")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Active = "institutions"
	p.Data = d
	wb.render(w, r, status, "institution_new", p)
}

// institutionCreate registers the institution in the regulator's county.
func (wb *Web) institutionCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		wb.WriteError(w, r, domain.BadRequest("malformed form"))
		return
	}
	p := newPage(r, "institution.new_title")
	p.Form = r.PostForm
	n, errs := newInstitutionFromForm(r.PostForm, "")
	if len(errs) > 0 {
		p.Errors = errs
		wb.renderInstitutionNew(w, r, p, http.StatusUnprocessableEntity)
		return
	}
	reg, err := wb.Account.RegisterInstitution(r.Context(), httpx.Actor(r), n,
		account.Director{Username: r.PostForm.Get("director.username"), DisplayName: r.PostForm.Get("director.display_name")})
	in := reg.Institution
	if err != nil {
		if fe := fieldErrors(err); fe != nil {
			p.Errors = institutionErrors(fe, "", n.CareTypes)
			wb.renderInstitutionNew(w, r, p, httpx.Status(err))
			return
		}
		wb.WriteError(w, r, err)
		return
	}
	if reg.Director != nil {
		// the director's first password is shown once, here
		w.Header().Set("Cache-Control", "no-store")
		p := newPage(r, "account.handover.title")
		p.Active = "institutions"
		p.Heading = in.Name
		p.Data = handoverData{Handover: *reg.Director, Hint: "account.handover.director", Back: "/institutions/" + itoa64(in.ID)}
		wb.render(w, r, http.StatusOK, "account_handover", p)
		return
	}
	to := "/institutions/" + itoa64(in.ID) + "?msg=institution_created"
	if len(in.Warnings) > 0 {
		to += "&warn=" + url.QueryEscape(in.Warnings[0])
	}
	redirect(w, r, to)
}
