package web

import (
	"net/url"
	"testing"

	"tuoyu/internal/domain"
)

func TestPlaceErrorsPutsCareProblemsAtTheirInputs(t *testing.T) {
	offers := []domain.CareOffer{{Type: domain.CareFullDay, Fee: 1}, {Type: domain.CareHourly, Fee: -1}}
	got := placeErrors(map[string]string{"care_types[1].fee": "out_of_range", "care_types[0].type": "duplicate", "care_types[7].fee": "x", "name": "required"}, "", offers)
	want := map[string]string{"fee_hourly": "out_of_range", "care_full_day": "duplicate", "care_types": "x", "name": "required"}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q want %q (all: %v)", k, got[k], v, got)
		}
	}
	pre := placeErrors(map[string]string{"institution.care_types[0].fee": "out_of_range"}, "institution.", offers)
	if pre["institution.fee_full_day"] != "out_of_range" {
		t.Errorf("prefixed: %v", pre)
	}
}

func TestFilingFormRoundTrip(t *testing.T) {
	lng := 109.49
	d := domain.FilingData{Name: "甲", CreditCode: "91440300708461136T", Kind: "centre", Nature: "private", ForProfit: true, Lng: &lng,
		BuildingArea: 600.5, RoomFloor: -1, Places: 60, CareTypes: []domain.CareOffer{{Type: "half_day", Fee: 1200}, {Type: "hourly", Fee: 25.5}}, Commitment: true}
	back, errs := filingFromForm(filingForm(d))
	if len(errs) != 0 {
		t.Fatalf("errors %v", errs)
	}
	if back.Name != d.Name || back.BuildingArea != 600.5 || back.RoomFloor != -1 || back.Lng == nil || *back.Lng != lng || back.Lat != nil ||
		!back.ForProfit || back.ServesFood || !back.Commitment || len(back.CareTypes) != 2 || back.CareTypes[1] != d.CareTypes[1] {
		t.Errorf("round trip changed the form: %+v", back)
	}
	_, errs = filingFromForm(url.Values{"places": {"六十"}, "lng": {"east"}, "care_full_day": {"on"}})
	if errs["places"] != reasonNotWhole || errs["lng"] != reasonNotNumber || errs["fee_full_day"] != domain.ReasonRequired {
		t.Errorf("errors %v", errs)
	}
}

func TestLocalPathStaysOnSite(t *testing.T) {
	for in, want := range map[string]string{
		"/filings?status=submitted": "/filings?status=submitted",
		"":                          "/",
		"//evil.example/x":          "/",
		"https://evil.example/":     "/",
		"/\\evil.example":           "/",
		"filings":                   "/",
		"/ok\r\nSet-Cookie: x=1":    "/",
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFieldLabels(t *testing.T) {
	for name, want := range map[string]string{
		"credit_code":             "统一社会信用代码",
		"institution.credit_code": "统一社会信用代码",
		"materials.fire_safety":   "消防安全证明",
		"fee_hourly":              "计时托收费",
		"care_full_day":           "全日托",
		"care_types[1].fee":       "服务形式与收费 2",
		"no_such_field":           "no_such_field",
	} {
		if got := fieldLabel("zh", name); got != want {
			t.Errorf("fieldLabel(%q) = %q, want %q", name, got, want)
		}
	}
	if got := fieldLabel("en", "fee_hourly"); got != "Hourly fee" {
		t.Errorf("en fee label %q", got)
	}
}
