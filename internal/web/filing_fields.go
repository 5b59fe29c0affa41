package web

import (
	"net/url"

	"tuoyu/internal/domain"
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
