package web

import (
	"net/http"
	"net/url"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
)

// fieldGroup is one section of the filing form (备案书), by JSON field name.
type fieldGroup struct {
	Key    string
	Fields []string
}

// filingGroups is the filing form's layout; the review screen and the
// per-item return reasons follow it too.
var filingGroups = []fieldGroup{
	{"group.identity", []string{"name", "intro", "credit_code", "legal_rep", "legal_rep_id", "person_in_charge", "phone", "founded_on"}},
	{"group.classification", []string{"kind", "nature", "for_profit", "registration_authority", "premises_nature"}},
	{"group.location", []string{"township_code", "address", "lng", "lat"}},
	{"group.space", []string{"building_area", "outdoor_area", "living_area", "room_floor", "lease_end"}},
	{"group.staffing", []string{"full_time_staff", "caregivers", "security_staff"}},
	{"group.capacity", []string{"places", "vacancies", "enrolled", "puhui_places", "puhui_enrolled"}},
	{"group.fees", []string{"care_types", "serves_food"}},
	{"group.commitment", []string{"commitment"}},
}

// filingFromForm reads the filing form. Inputs that are not numbers are
// reported by field and read as zero.
func filingFromForm(v url.Values) (domain.FilingData, map[string]string) {
	np := &numberParser{form: v, errs: map[string]string{}}
	d := domain.FilingData{
		Name: v.Get("name"), Intro: v.Get("intro"), CreditCode: v.Get("credit_code"), LegalRep: v.Get("legal_rep"),
		LegalRepID: v.Get("legal_rep_id"), PersonInCharge: v.Get("person_in_charge"), Phone: v.Get("phone"), FoundedOn: v.Get("founded_on"),
		Kind: v.Get("kind"), Nature: v.Get("nature"), ForProfit: checked(v, "for_profit"), RegistrationAuthority: v.Get("registration_authority"),
		PremisesNature: v.Get("premises_nature"), TownshipCode: v.Get("township_code"), Address: v.Get("address"),
		Lng: np.optFloat("lng"), Lat: np.optFloat("lat"),
		BuildingArea: np.float("building_area"), OutdoorArea: np.float("outdoor_area"), LivingArea: np.float("living_area"),
		RoomFloor: np.int("room_floor"), LeaseEnd: v.Get("lease_end"),
		FullTimeStaff: np.int("full_time_staff"), Caregivers: np.int("caregivers"), SecurityStaff: np.int("security_staff"),
		Places: np.int("places"), Vacancies: np.int("vacancies"), Enrolled: np.int("enrolled"),
		PuhuiPlaces: np.int("puhui_places"), PuhuiEnrolled: np.int("puhui_enrolled"),
		ServesFood: checked(v, "serves_food"), Commitment: checked(v, "commitment"),
	}
	d.CareTypes = np.careOffers()
	return d, np.errs
}

// filingForm puts filed facts into the form. The ID number is never put
// back: only its masked form is shown beside the input.
func filingForm(d domain.FilingData) url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	for k, s := range map[string]string{"name": d.Name, "intro": d.Intro, "credit_code": d.CreditCode, "legal_rep": d.LegalRep,
		"person_in_charge": d.PersonInCharge, "phone": d.Phone, "founded_on": d.FoundedOn, "kind": d.Kind, "nature": d.Nature,
		"registration_authority": d.RegistrationAuthority, "premises_nature": d.PremisesNature, "township_code": d.TownshipCode,
		"address": d.Address, "lease_end": d.LeaseEnd} {
		set(k, s)
	}
	if d.Lng != nil {
		v.Set("lng", ftoa(*d.Lng))
	}
	if d.Lat != nil {
		v.Set("lat", ftoa(*d.Lat))
	}
	for k, f := range map[string]float64{"building_area": d.BuildingArea, "outdoor_area": d.OutdoorArea, "living_area": d.LivingArea} {
		v.Set(k, ftoa(f))
	}
	for k, n := range map[string]int{"room_floor": d.RoomFloor, "full_time_staff": d.FullTimeStaff, "caregivers": d.Caregivers,
		"security_staff": d.SecurityStaff, "places": d.Places, "vacancies": d.Vacancies, "enrolled": d.Enrolled,
		"puhui_places": d.PuhuiPlaces, "puhui_enrolled": d.PuhuiEnrolled} {
		v.Set(k, itoa(n))
	}
	for k, b := range map[string]bool{"for_profit": d.ForProfit, "serves_food": d.ServesFood, "commitment": d.Commitment} {
		if b {
			v.Set(k, "on")
		}
	}
	careFields(v, "", d.CareTypes)
	return v
}

// institutionForm starts a first filing from the registry's basic facts.
func institutionForm(in domain.Institution) url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"name": in.Name, "credit_code": in.CreditCode, "kind": in.Kind, "nature": in.Nature,
		"township_code": in.TownshipCode, "address": in.Address, "phone": in.Phone, "legal_rep": in.LegalRep, "person_in_charge": in.PersonInCharge} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if in.ForProfit {
		v.Set("for_profit", "on")
	}
	if in.Places > 0 {
		v.Set("places", itoa(in.Places))
	}
	careFields(v, "", in.CareTypes)
	return v
}

type filingFormData struct {
	Institution domain.Institution
	// View is the filing being edited; nil on the form that starts one.
	View            *service.FilingView
	Action          string
	FilingKind      string
	Kinds           []Option
	Natures         []Option
	PremisesNatures []Option
	Townships       []Option
	CareTypes       []string
	MaterialTypes   []Option
	Groups          []fieldGroup
	MaskedID        string
}

// Editable reports whether the filing's form may still change.
func (d filingFormData) Editable() bool {
	return d.View == nil || editable(d.View.Filing)
}

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

// filingNewForm starts a first filing, or a change filing once filed. An
// institution with a filing in progress goes to that filing instead.
func (wb *Web) filingNewForm(w http.ResponseWriter, r *http.Request) {
	in, ok := wb.institutionFor(w, r)
	if !ok {
		return
	}
	if f, open, err := wb.openFiling(r, in.ID); err != nil {
		wb.WriteError(w, r, err)
		return
	} else if open {
		redirect(w, r, filingURL(f))
		return
	}
	if in.Status == domain.StatusCancelled {
		wb.WriteError(w, r, domain.Conflict("the institution's filing is cancelled"))
		return
	}
	p := newPage(r, "filing.new_title")
	p.Form = institutionForm(in)
	masked := ""
	if last, ok, err := wb.lastFiled(r, in.ID); err != nil {
		wb.WriteError(w, r, err)
		return
	} else if ok {
		p.Form, masked = filingForm(last.Data), last.Data.LegalRepIDMasked
	}
	wb.renderFilingForm(w, r, p, http.StatusOK, in, nil, masked)
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

// filingCreate saves the first draft and opens it for materials.
func (wb *Web) filingCreate(w http.ResponseWriter, r *http.Request) {
	in, ok := wb.institutionFor(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		wb.WriteError(w, r, domain.BadRequest("malformed form"))
		return
	}
	p := newPage(r, "filing.new_title")
	p.Form = r.PostForm
	d, errs := filingFromForm(r.PostForm)
	masked := ""
	if last, ok, err := wb.lastFiled(r, in.ID); err == nil && ok {
		masked = last.Data.LegalRepIDMasked
	}
	if len(errs) > 0 {
		p.Errors = placeErrors(mergeErrors(errs, localProblems(d, wb.svc.Today())), "", d.CareTypes)
		wb.renderFilingForm(w, r, p, http.StatusUnprocessableEntity, in, nil, masked)
		return
	}
	f, err := wb.svc.CreateFiling(r.Context(), httpx.Actor(r), in.ID, d)
	if err != nil {
		if fe := fieldErrors(err); fe != nil {
			p.Errors = placeErrors(fe, "", d.CareTypes)
			wb.renderFilingForm(w, r, p, formStatus(err), in, nil, masked)
			return
		}
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, "/filings/"+itoa64(f.ID)+"/edit?msg=draft_saved")
}

// filingEditForm shows a draft or returned filing's form with its
// materials; other filings are shown read-only on their own page.
func (wb *Web) filingEditForm(w http.ResponseWriter, r *http.Request) {
	v, in, ok := wb.filingFor(w, r)
	if !ok {
		return
	}
	if !editable(v.Filing) {
		redirect(w, r, "/filings/"+itoa64(v.ID))
		return
	}
	p := newPage(r, "filing.edit_title")
	p.Form = filingForm(v.Data)
	wb.renderFilingForm(w, r, p, http.StatusOK, in, &v, v.Data.LegalRepIDMasked)
}

// filingSave saves the form and, when the "submit" button was pressed,
// submits the filing for review.
func (wb *Web) filingSave(w http.ResponseWriter, r *http.Request) {
	v, in, ok := wb.filingFor(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		wb.WriteError(w, r, domain.BadRequest("malformed form"))
		return
	}
	p := newPage(r, "filing.edit_title")
	p.Form = r.PostForm
	d, errs := filingFromForm(r.PostForm)
	if len(errs) > 0 {
		p.Errors = placeErrors(mergeErrors(errs, localProblems(d, wb.svc.Today())), "", d.CareTypes)
		wb.renderFilingForm(w, r, p, http.StatusUnprocessableEntity, in, &v, v.Data.LegalRepIDMasked)
		return
	}
	a := httpx.Actor(r)
	if _, err := wb.svc.UpdateFiling(r.Context(), a, v.ID, d); err != nil {
		if fe := fieldErrors(err); fe != nil {
			p.Errors = placeErrors(fe, "", d.CareTypes)
			wb.renderFilingForm(w, r, p, formStatus(err), in, &v, v.Data.LegalRepIDMasked)
			return
		}
		wb.WriteError(w, r, err)
		return
	}
	if r.PostForm.Get("action") != "submit" {
		redirect(w, r, "/filings/"+itoa64(v.ID)+"/edit?msg=saved")
		return
	}
	wb.submitAndShow(w, r, v.ID, in, d.CareTypes)
}

// submitAndShow submits a filing; when something is missing the form is
// shown again with each problem at its field or material.
func (wb *Web) submitAndShow(w http.ResponseWriter, r *http.Request, id int64, in domain.Institution, offers []domain.CareOffer) {
	a := httpx.Actor(r)
	_, err := wb.svc.SubmitFiling(r.Context(), a, id)
	if err == nil {
		redirect(w, r, "/filings/"+itoa64(id)+"?msg=submitted")
		return
	}
	fe := fieldErrors(err)
	if fe == nil {
		wb.WriteError(w, r, err)
		return
	}
	v, err2 := wb.svc.FilingDetail(r.Context(), a, id)
	if err2 != nil {
		wb.WriteError(w, r, err2)
		return
	}
	p := newPage(r, "filing.edit_title")
	p.Form = filingForm(v.Data)
	if offers == nil {
		offers = v.Data.CareTypes
	}
	p.Errors = placeErrors(fe, "", offers)
	p.Problem = "filing.not_ready"
	wb.renderFilingForm(w, r, p, formStatus(err), in, &v, v.Data.LegalRepIDMasked)
}

// localProblems checks the form as far as it can without the service, for
// a form that cannot be sent because some numbers are not numbers.
func localProblems(d domain.FilingData, today time.Time) map[string]string {
	p := domain.Problems{}
	d.Normalise()
	d.Validate(today, p)
	return p
}

func (wb *Web) renderFilingForm(w http.ResponseWriter, r *http.Request, p *Page, status int, in domain.Institution, v *service.FilingView, masked string) {
	ctx := r.Context()
	townships, err := wb.regionOptions(ctx, in.RegionCode)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d := filingFormData{Institution: in, View: v, Kinds: enumOptions(p.Lang, domain.Kinds), Natures: enumOptions(p.Lang, domain.Natures),
		PremisesNatures: enumOptions(p.Lang, domain.PremisesNatures), Townships: townships, CareTypes: domain.CareTypes,
		MaterialTypes: enumOptions(p.Lang, domain.MaterialTypes), Groups: filingGroups, MaskedID: masked}
	p.Heading = in.Name
	p.Active = "filings"
	if v == nil {
		d.Action = "/institutions/" + itoa64(in.ID) + "/filings"
		d.FilingKind = domain.FilingInitial
		if in.Status == domain.StatusFiled {
			d.FilingKind = domain.FilingChange
		}
	} else {
		d.Action = "/filings/" + itoa64(v.ID) + "/edit"
		d.FilingKind = v.Kind
		for k, s := range v.ItemReasons {
			p.Review[k] = s
		}
		if v.Status == domain.FilingReturned && p.Problem == "" && len(p.Errors) == 0 {
			p.Problem = "filing.returned_note"
		}
	}
	p.Data = d
	wb.render(w, r, status, "filing_form", p)
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
