package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
)

func (wb *Web) enrolRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/institutions/{id}/children/new", Permission: authz.ChildEdit, Summary: "Enrolment form: child, guardians, pick-up persons, class, fee, consents", Handler: wb.enrolForm},
		{Method: "POST", Pattern: "/institutions/{id}/children", Permission: authz.ChildEdit, Summary: "Enrol a child (422 at the field, 409 full class or enrolled elsewhere)", Handler: wb.enrolSubmit},
	}
}

// The enrolment form offers two guardians and two pick-up persons; more
// are added on the child's page.
const (
	enrolGuardianSlots = 2
	enrolPickupSlots   = 2
)

// opsCertTypes are the identity documents a child or person may have.
var opsCertTypes = []string{string(cnid.CertResidentID), string(cnid.CertResidencePermit), string(cnid.CertBirthCertificate),
	string(cnid.CertPassport), string(cnid.CertForeignPermanentResidence), string(cnid.CertOther)}

var personFields = []string{"name", "relation", "phone", "id_type", "id_number"}

type enrolFormData struct {
	Institution domain.Institution
	Classes     []Option
	CareTypes   []Option
	CertTypes   []Option
	Sexes       []Option
	Relations   []Option
	Purposes    []Option
	// Households are the household region's choices, by name.
	Households []OptGroup
	Guardians  []opsSlot
	Pickups    []opsSlot
	// Warnings are the rules' findings on the class after an enrolment.
	Warnings []domain.RuleFinding
}

// FieldOrder is the order of the form's fields, for the problem summary.
func (enrolFormData) FieldOrder() []string {
	out := []string{"child.name", "child.cert_type", "child.cert_number", "child.sex", "child.birth_date", "child.household_region",
		"child.allergies", "child.special_needs", "class_id", "care_type", "start_date", "puhui", "fee", "guardians"}
	for i := 0; i < enrolGuardianSlots; i++ {
		for _, f := range personFields {
			out = append(out, fmt.Sprintf("guardians[%d].%s", i, f))
		}
	}
	out = append(out, "pickup_persons")
	for i := 0; i < enrolPickupSlots; i++ {
		for _, f := range personFields {
			out = append(out, fmt.Sprintf("pickup_persons[%d].%s", i, f))
		}
	}
	return append(out, "consents", "institution")
}

func (wb *Web) enrolForm(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "ops.enrol.title", "children")
	if !ok {
		return
	}
	p.Form.Set("start_date", wb.opsToday())
	p.Form.Set("child.cert_type", string(cnid.CertResidentID))
	for i := 0; i < enrolGuardianSlots; i++ {
		p.Form.Set(fmt.Sprintf("guardians[%d].id_type", i), string(cnid.CertResidentID))
	}
	for i := 0; i < enrolPickupSlots; i++ {
		p.Form.Set(fmt.Sprintf("pickup_persons[%d].id_type", i), string(cnid.CertResidentID))
	}
	if c := r.URL.Query().Get("class_id"); c != "" {
		p.Form.Set("class_id", c)
	}
	if len(in.CareTypes) == 1 {
		p.Form.Set("care_type", in.CareTypes[0].Type)
	}
	p.Form["consents"] = []string{domain.ConsentEnrolment}
	wb.renderEnrolForm(w, r, p, http.StatusOK, in)
}

func (wb *Web) renderEnrolForm(w http.ResponseWriter, r *http.Request, p *Page, status int, in domain.Institution) {
	classes, _, err := wb.opsClassOptions(r, in.ID, false)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	care := domain.CareTypes
	if len(in.CareTypes) > 0 {
		care = nil
		for _, c := range in.CareTypes {
			care = append(care, c.Type)
		}
	}
	d := enrolFormData{Institution: in, Classes: classes, CareTypes: enumOptions(p.Lang, care),
		CertTypes: opsOptions(p.Lang, "cert_type.", opsCertTypes), Sexes: opsOptions(p.Lang, "sex.", domain.Sexes),
		Relations: opsOptions(p.Lang, "relation.", domain.Relations), Purposes: opsOptions(p.Lang, "consent.", domain.ConsentPurposes)}
	d.Guardians, d.Pickups = opsSlots(enrolGuardianSlots), opsSlots(enrolPickupSlots)
	if d.Households, err = wb.householdGroups(r.Context(), p.Lang, p.Form.Get("child.household_region")); err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = d
	wb.render(w, r, status, "ops_enrol", p)
}

// people reads the person blocks of a list ("guardians[0].name" …); blocks
// left blank are skipped. index maps the service's list index back to the
// form's block.
func people(v url.Values, list string, slots int) (out []service.PersonInput, index []int) {
	for i := 0; i < slots; i++ {
		get := func(f string) string { return strings.TrimSpace(v.Get(fmt.Sprintf("%s[%d].%s", list, i, f))) }
		p := service.PersonInput{Name: get("name"), Relation: get("relation"), Phone: get("phone"), IDType: get("id_type"), IDNumber: get("id_number")}
		if p.Name == "" && p.Relation == "" && p.Phone == "" && p.IDNumber == "" {
			continue
		}
		out = append(out, p)
		index = append(index, i)
	}
	return out, index
}

// peopleRename maps the service's "guardians[1].phone" to the form block
// the person came from.
func peopleRename(rename map[string]string, list string, index []int) {
	for svcIdx, formIdx := range index {
		for _, f := range personFields {
			rename[fmt.Sprintf("%s[%d].%s", list, svcIdx, f)] = fmt.Sprintf("%s[%d].%s", list, formIdx, f)
		}
	}
}

// enrolInput reads the enrolment form.
func enrolInput(v url.Values) (service.Enrolment, map[string]string, map[string]string) {
	errs := map[string]string{}
	e := service.Enrolment{
		Child: service.ChildInput{Name: v.Get("child.name"), Sex: v.Get("child.sex"), BirthDate: v.Get("child.birth_date"),
			CertType: v.Get("child.cert_type"), CertNumber: v.Get("child.cert_number"), HouseholdRegion: v.Get("child.household_region"),
			Allergies: v.Get("child.allergies"), SpecialNeeds: v.Get("child.special_needs")},
		ClassID: opsID(v, "class_id"), CareType: v.Get("care_type"), StartDate: v.Get("start_date"), Puhui: checked(v, "puhui"),
		FeeFen: opsYuanToFen(v, "fee", errs), Consents: v["consents"],
	}
	rename := map[string]string{"fee_fen": "fee"}
	var gi, pi []int
	e.Guardians, gi = people(v, "guardians", enrolGuardianSlots)
	e.PickupPersons, pi = people(v, "pickup_persons", enrolPickupSlots)
	peopleRename(rename, "guardians", gi)
	peopleRename(rename, "pickup_persons", pi)
	if e.Consents == nil {
		e.Consents = []string{}
	}
	return e, errs, rename
}

// enrolSubmit enrols the child; a refusal comes back at its fields.
func (wb *Web) enrolSubmit(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "ops.enrol.title", "children")
	if !ok || !opsParse(w, r, wb) {
		return
	}
	p.Form = r.PostForm
	e, errs, rename := enrolInput(r.PostForm)
	if _, bad := errs["fee"]; bad {
		// A fee that is not an amount: the service is still asked, with a
		// fee it is sure to refuse, so the form shows every problem at once.
		e.FeeFen = -1
	}
	res, err := wb.svc.Enrol(r.Context(), httpx.Actor(r), in.ID, e)
	if err == nil && len(errs) > 0 {
		wb.WriteError(w, r, fmt.Errorf("enrolment with a bad fee was accepted"))
		return
	}
	if err != nil {
		if status, ok := opsRefused(p, err, rename); ok {
			p.Errors = mergeErrors(errs, p.Errors)
			wb.renderEnrolForm(w, r, p, status, in)
			return
		}
		wb.WriteError(w, r, err)
		return
	}
	to := "/children/" + itoa64(res.ID) + "?msg=enrolled"
	if len(res.Warnings) > 0 {
		to += "&rules=1"
	}
	redirect(w, r, to)
}
