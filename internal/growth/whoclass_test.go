package growth

import "testing"

func ptr[T any](v T) *T { return &v }

// Cut-offs: WHO Training Course on Child Growth Assessment (2008), "Interpreting growth indicators":
// below −2 stunted / underweight / wasted, below −3 severely; above +1 possible risk of overweight,
// above +2 overweight, above +3 obese. The comparisons are strict.
func TestClassifyWHO(t *testing.T) {
	for _, tc := range []struct {
		z                 float64
		severity, code    string
		present           bool
		overweight, obese string
	}{
		{-3.5, "severe", "severely_wasted", true, "none", "none"},
		{-3.0, "moderate", "wasted", true, "none", "none"},
		{-2.01, "moderate", "wasted", true, "none", "none"},
		{-2.0, "", "none", false, "none", "none"},
		{1.0, "", "none", false, "none", "none"},
		{1.5, "", "none", false, "possible_risk_of_overweight", "none"},
		{2.0, "", "none", false, "possible_risk_of_overweight", "none"},
		{2.5, "", "none", false, "overweight", "none"},
		{3.0, "", "none", false, "overweight", "none"},
		{3.01, "", "none", false, "none", "obese"},
	} {
		c := ClassifyWHO(nil, nil, ptr(tc.z), nil)
		if c.Wasting.Severity != tc.severity || c.Wasting.Code != tc.code || c.Wasting.Present != tc.present {
			t.Errorf("z=%v wasting: %+v", tc.z, *c.Wasting)
		}
		if c.Overweight.Code != tc.overweight || c.Obesity.Code != tc.obese {
			t.Errorf("z=%v: overweight %s, obesity %s", tc.z, c.Overweight.Code, c.Obesity.Code)
		}
		if c.Overweight.Present != (tc.overweight == "overweight") || c.Obesity.Present != (tc.obese == "obese") {
			t.Errorf("z=%v: present flags %+v %+v", tc.z, *c.Overweight, *c.Obesity)
		}
		if c.Stunting != nil || c.Underweight != nil {
			t.Errorf("z=%v: conditions without their indicator", tc.z)
		}
	}
	c := ClassifyWHO(ptr(-3.2), ptr(-2.5), nil, ptr(3.4))
	if c.Stunting.Code != "severely_stunted" || c.Stunting.LabelZH != "重度生长迟缓" || c.Stunting.Indicator != "lhfa" {
		t.Errorf("stunting: %+v", *c.Stunting)
	}
	if c.Underweight.Code != "underweight" || c.Underweight.Severity != "moderate" || c.Underweight.LabelZH != "低体重" {
		t.Errorf("underweight: %+v", *c.Underweight)
	}
	// Without weight-for-length/height, BMI-for-age is used.
	if c.Obesity.Indicator != "bfa" || !c.Obesity.Present || c.Wasting.Indicator != "bfa" {
		t.Errorf("bfa fallback: %+v %+v", *c.Obesity, *c.Wasting)
	}
	if empty := ClassifyWHO(nil, nil, nil, nil); empty != (WHOClass{}) {
		t.Errorf("no z-scores: %+v", empty)
	}
}
