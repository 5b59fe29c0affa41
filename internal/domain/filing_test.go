package domain

import (
	"testing"
	"time"
)

func validData() FilingData {
	return FilingData{Name: "托育中心", CreditCode: "52610602000001000X", LegalRep: "张三", PersonInCharge: "李四", Phone: "0911-2345678",
		FoundedOn: "2024-01-01", Kind: KindCentre, Nature: NaturePrivate, PremisesNature: "leased", LeaseEnd: "2030-01-01",
		TownshipCode: "610602001", Address: "某路1号", BuildingArea: 500, LivingArea: 300, RoomFloor: 1, FullTimeStaff: 10, Caregivers: 6,
		Places: 60, Vacancies: 10, Enrolled: 50, PuhuiPlaces: 20, PuhuiEnrolled: 10, CareTypes: []CareOffer{{Type: CareFullDay, Fee: 1800}}, Commitment: true}
}

func TestValidateAcceptsAValidForm(t *testing.T) {
	p := Problems{}
	d := validData()
	d.Validate(time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC), p)
	if len(p) != 0 {
		t.Fatalf("valid form refused: %v", p)
	}
}

func TestValidateNamesEachBadField(t *testing.T) {
	today := time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		field  string
		reason string
		change func(*FilingData)
	}{
		{"name", ReasonRequired, func(d *FilingData) { d.Name = "" }},
		{"phone", ReasonPhone, func(d *FilingData) { d.Phone = "12345" }},
		{"founded_on", ReasonFuture, func(d *FilingData) { d.FoundedOn = "2026-10-01" }},
		{"founded_on", ReasonDate, func(d *FilingData) { d.FoundedOn = "2026-02-30" }},
		{"kind", ReasonNotAllowed, func(d *FilingData) { d.Kind = "school" }},
		{"lease_end", ReasonRequired, func(d *FilingData) { d.LeaseEnd = "" }},
		{"township_code", ReasonTownship, func(d *FilingData) { d.TownshipCode = "610602" }},
		{"places", ReasonRange, func(d *FilingData) { d.Places = 0 }},
		{"vacancies", ReasonExceeds, func(d *FilingData) { d.Vacancies = 61 }},
		{"puhui_enrolled", ReasonExceeds, func(d *FilingData) { d.PuhuiEnrolled = 51 }},
		{"places", ReasonHomeLimit, func(d *FilingData) {
			d.Kind = KindHome
			d.Places = 6
			d.Vacancies = 0
			d.Enrolled = 5
			d.PuhuiPlaces = 0
			d.PuhuiEnrolled = 0
		}},
		{"care_types", ReasonRequired, func(d *FilingData) { d.CareTypes = nil }},
		{"care_types[1].type", ReasonDuplicate, func(d *FilingData) { d.CareTypes = append(d.CareTypes, CareOffer{Type: CareFullDay}) }},
		{"care_types[0].fee", ReasonNegative, func(d *FilingData) { d.CareTypes[0].Fee = -1 }},
		{"care_types[0].fee", ReasonRange, func(d *FilingData) { d.CareTypes[0].Fee = 200000 }},
		{"kind", ReasonRequired, func(d *FilingData) { d.Kind = "" }},
		{"kind", ReasonNotAllowed, func(d *FilingData) { d.Kind = "shop" }},
		{"room_floor", ReasonRequired, func(d *FilingData) { d.RoomFloor = 0 }},
		{"room_floor", ReasonRange, func(d *FilingData) { d.RoomFloor = 101 }},
	}
	for _, c := range cases {
		d := validData()
		c.change(&d)
		p := Problems{}
		d.Validate(today, p)
		if p[c.field] != c.reason {
			t.Errorf("%s: got %v, want %s=%s", c.field, p, c.field, c.reason)
		}
	}
	d := validData()
	d.Commitment = false
	p := Problems{}
	d.ReadyToSubmit(p)
	if p["commitment"] != ReasonCommitment {
		t.Errorf("commitment: %v", p)
	}
}

func TestDiffListsChangedFieldsOnly(t *testing.T) {
	a, b := validData(), validData()
	b.Places, b.Address = 80, "新地址"
	b.LegalRepIDEnc = "v1:other-ciphertext"
	changes := Diff(a, b)
	if len(changes) != 2 || changes[0].Field != "address" || changes[1].Field != "places" || changes[1].Old != "60" || changes[1].New != "80" {
		t.Fatalf("diff: %+v", changes)
	}
	if len(Diff(a, a)) != 0 {
		t.Fatal("identical forms differ")
	}
}

func TestRequiredMaterials(t *testing.T) {
	d := validData()
	if len(RequiredMaterials(d)) != 5 {
		t.Fatalf("without food: %v", RequiredMaterials(d))
	}
	d.ServesFood = true
	if got := RequiredMaterials(d); got[len(got)-1] != MaterialFoodLicence {
		t.Fatalf("with food: %v", got)
	}
}
