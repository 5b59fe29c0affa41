package growth

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

func days(n int) *int { return &n }

// Worked examples from the tests of WHO's R package anthro (WorldHealthOrganization/anthro,
// tests/testthat/test-zscores.R and test-zscore-weight-for-age.R), which WHO checks against its
// published output (z rounded to 2 decimals).
func TestAssessAnthroExamples(t *testing.T) {
	// Girl, 1522 days, 17 kg: weight-for-age z = 0.24, not flagged.
	out, err := Assess(AssessInput{Sex: "female", AgeDays: days(1522), WeightKg: ptr(17.0)})
	if err != nil || round2(out.Indicators.WFA.Z) != 0.24 || out.Indicators.WFA.Flag {
		t.Errorf("wfa: %+v %v", out.Indicators.WFA, err)
	}
	// Boy, 987 days, 72.86 cm measured lying: 0.7 cm subtracted, z = −6.09, flagged (|z| > 6).
	out, err = Assess(AssessInput{Sex: "male", AgeDays: days(987), LengthCm: ptr(72.86), Measured: "recumbent"})
	if err != nil || round2(out.Indicators.LHFA.Z) != -6.09 || !out.Indicators.LHFA.Flag {
		t.Errorf("lhfa 987: %+v %v", out.Indicators.LHFA, err)
	}
	if math.Abs(*out.LengthUsedCm-72.16) > 1e-9 || out.Notes[0] != NotePositionAdjusted {
		t.Errorf("length used %v, notes %v", *out.LengthUsedCm, out.Notes)
	}
	// Girl, 24 months (731 days), 77.5 cm, position not given: height expected, no adjustment,
	// z = −2.55.
	out, err = Assess(AssessInput{Sex: "female", AgeDays: days(731), LengthCm: ptr(77.5)})
	if err != nil || round2(out.Indicators.LHFA.Z) != -2.55 || out.Measured != "standing" || *out.LengthUsedCm != 77.5 {
		t.Errorf("lhfa 731: %+v %+v %v", out.Indicators.LHFA, out, err)
	}
	// Boy, 9 months (274 days), 60 cm standing: 0.7 cm added, z = −5.02 (anthro "young children
	// with measured standing will be adjusted").
	out, _ = Assess(AssessInput{Sex: "male", AgeDays: days(274), LengthCm: ptr(60.0), Measured: "standing"})
	if round2(out.Indicators.LHFA.Z) != -5.02 || math.Abs(*out.LengthUsedCm-60.7) > 1e-9 {
		t.Errorf("9 months: %+v %v", out.Indicators.LHFA, *out.LengthUsedCm)
	}
}

// The 9-month rule of anthro ≥ 1.1.0: boy, 8 months (244 days), 60 cm standing: with the setting the
// position counts as unknown, nothing is added and z = −4.81; by default 0.7 cm is added. Either way
// the note is given.
func TestStandingUnder9Months(t *testing.T) {
	in := AssessInput{Sex: "male", AgeDays: days(244), LengthCm: ptr(60.0), Measured: "standing"}
	out, _ := Assess(in)
	if math.Abs(*out.LengthUsedCm-60.7) > 1e-9 || !contains(out.Notes, NoteStandingUnder9Months) {
		t.Errorf("default: %v %v", *out.LengthUsedCm, out.Notes)
	}
	c := DefaultConfig()
	c.StandingUnder9MonthsUnadjusted = true
	out, _ = c.Assess(in)
	if *out.LengthUsedCm != 60 || round2(out.Indicators.LHFA.Z) != -4.81 || contains(out.Notes, NotePositionAdjusted) {
		t.Errorf("anthro rule: %v %+v %v", *out.LengthUsedCm, out.Indicators.LHFA, out.Notes)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// The 0.7 cm rule (WHO anthro adjust_lenhei): standing under 731 days adds 0.7, lying from 731 days
// subtracts 0.7, the expected position or an unknown one changes nothing.
func TestPositionAdjustment(t *testing.T) {
	c := DefaultConfig()
	for _, tc := range []struct {
		age  int
		pos  Position
		want float64
	}{
		{730, Standing, 80.7}, {730, Recumbent, 80}, {730, PositionUnknown, 80},
		{731, Recumbent, 79.3}, {731, Standing, 80}, {731, PositionUnknown, 80},
		{0, Standing, 80.7},
	} {
		if got := c.AdjustLength(tc.age, tc.pos, 80); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("age %d %v: %v, want %v", tc.age, tc.pos, got, tc.want)
		}
	}
	c.PositionAdjustmentCM = 1
	if got := c.AdjustLength(800, Recumbent, 80); got != 79 {
		t.Errorf("configured adjustment: %v", got)
	}
}

// Weight-for-length under 731 days, weight-for-height from 731 days; unknown age: by position, then
// by length (< 87 cm length) — WHO anthro anthro_zscore_weight_for_lenhei.
func TestWeightForLengthOrHeight(t *testing.T) {
	for _, tc := range []struct {
		age    int
		pos    Position
		length float64
		want   Indicator
	}{
		{730, Standing, 100, WeightForLength}, {731, Recumbent, 70, WeightForHeight},
		{-1, Recumbent, 100, WeightForLength}, {-1, Standing, 70, WeightForHeight},
		{-1, PositionUnknown, 86.9, WeightForLength}, {-1, PositionUnknown, 87, WeightForHeight},
	} {
		if got := WeightForLengthOrHeight(tc.age, tc.pos, tc.length); got != tc.want {
			t.Errorf("%+v: %v", tc, got)
		}
	}
	// In Assess: a girl of 730 days at 80 cm uses weight-for-length, of 731 days weight-for-height.
	a, _ := Assess(AssessInput{Sex: "female", AgeDays: days(730), WeightKg: ptr(10.0), LengthCm: ptr(80.0)})
	b, _ := Assess(AssessInput{Sex: "female", AgeDays: days(731), WeightKg: ptr(10.0), LengthCm: ptr(80.0)})
	if a.Indicators.WFLH.Table != "wfl" || b.Indicators.WFLH.Table != "wfh" {
		t.Errorf("tables: %q %q", a.Indicators.WFLH.Table, b.Indicators.WFLH.Table)
	}
	za, _ := ZScore(WeightForLength, Female, 80, 10)
	zb, _ := ZScore(WeightForHeight, Female, 80, 10)
	if a.Indicators.WFLH.Z != za || b.Indicators.WFLH.Z != zb {
		t.Errorf("z: %v %v, want %v %v", a.Indicators.WFLH.Z, b.Indicators.WFLH.Z, za, zb)
	}
}

func TestAssessInputErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    AssessInput
		field string
	}{
		{"unknown sex", AssessInput{Sex: "m", AgeDays: days(10)}, "sex"},
		{"empty sex", AssessInput{AgeDays: days(10)}, "sex"},
		{"no age", AssessInput{Sex: "male"}, "age_days"},
		{"negative age", AssessInput{Sex: "male", AgeDays: days(-1)}, "age_days"},
		{"too old", AssessInput{Sex: "male", AgeDays: days(1857)}, "age_days"},
		{"birth after date", AssessInput{Sex: "male", BirthDate: "2024-05-02", Date: "2024-05-01"}, "birth_date"},
		{"too old by dates", AssessInput{Sex: "male", BirthDate: "2019-01-01", Date: "2024-05-01"}, "birth_date"},
		{"bad birth date", AssessInput{Sex: "male", BirthDate: "2024-02-30", Date: "2024-05-01"}, "birth_date"},
		{"bad date", AssessInput{Sex: "male", BirthDate: "2024-02-01", Date: "1.5.2024"}, "date"},
		{"date without birth", AssessInput{Sex: "male", Date: "2024-05-01"}, "birth_date"},
		{"birth without date", AssessInput{Sex: "male", BirthDate: "2024-05-01"}, "date"},
		{"age mismatch", AssessInput{Sex: "male", AgeDays: days(5), BirthDate: "2024-05-01", Date: "2024-05-07"}, "age_days"},
		{"zero weight", AssessInput{Sex: "male", AgeDays: days(5), WeightKg: ptr(0.0)}, "weight_kg"},
		{"negative length", AssessInput{Sex: "male", AgeDays: days(5), LengthCm: ptr(-50.0)}, "length_cm"},
		{"absurd weight", AssessInput{Sex: "male", AgeDays: days(5), WeightKg: ptr(500.0)}, "weight_kg"},
		{"NaN head", AssessInput{Sex: "male", AgeDays: days(5), HeadCm: ptr(math.NaN())}, "head_cm"},
		{"Inf muac", AssessInput{Sex: "male", AgeDays: days(500), MUACCm: ptr(math.Inf(1))}, "muac_cm"},
		{"tiny triceps", AssessInput{Sex: "male", AgeDays: days(500), TricepsMm: ptr(0.5)}, "triceps_mm"},
		{"huge subscapular", AssessInput{Sex: "male", AgeDays: days(500), SubscapularMm: ptr(99.0)}, "subscapular_mm"},
		{"bad position", AssessInput{Sex: "male", AgeDays: days(5), Measured: "sitting"}, "measured"},
	} {
		_, err := Assess(tc.in)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != tc.field || ie.Message == "" {
			t.Errorf("%s: error %v, want field %s", tc.name, err, tc.field)
		}
	}
}

func TestAssessAgeFromDates(t *testing.T) {
	// 2024 is a leap year: 2024-02-29 to 2025-02-28 is 365 days; to 2024-03-01 is 1 day.
	for _, tc := range []struct {
		birth, date string
		want        int
	}{{"2024-02-29", "2025-02-28", 365}, {"2024-02-29", "2024-03-01", 1}, {"2024-05-01", "2024-05-01", 0}} {
		out, err := Assess(AssessInput{Sex: "female", BirthDate: tc.birth, Date: tc.date})
		if err != nil || out.AgeDays != tc.want {
			t.Errorf("%s → %s: %d %v, want %d", tc.birth, tc.date, out.AgeDays, err, tc.want)
		}
	}
	// age_days that agrees with the dates is accepted.
	if _, err := Assess(AssessInput{Sex: "male", AgeDays: days(6), BirthDate: "2024-05-01", Date: "2024-05-07"}); err != nil {
		t.Error(err)
	}
	// 1856 days (the last day of the WHO tables) is accepted, and WHO z-scores are given.
	out, err := Assess(AssessInput{Sex: "male", AgeDays: days(1856), WeightKg: ptr(18.0)})
	if err != nil || out.Indicators.WFA == nil {
		t.Errorf("1856 days: %+v %v", out, err)
	}
	// anthro's current limit (< 60 months, ≤ 1826 days) as a setting.
	c := DefaultConfig()
	c.WHOMaxAgeDays = 1826
	out, _ = c.Assess(AssessInput{Sex: "male", AgeDays: days(1830), WeightKg: ptr(18.0)})
	if out.Indicators.WFA != nil || !contains(out.Notes, NoteBeyondWHOAge) || out.WST423.WFA == nil {
		t.Errorf("beyond WHO age: %+v", out)
	}
}

// Indicators whose inputs are missing or outside the tables are left out of the JSON.
func TestAssessOmitsAndJSON(t *testing.T) {
	// 60 days: arm circumference starts at 91 days; WS/T has no arm table.
	out, err := Assess(AssessInput{Sex: "male", AgeDays: days(60), WeightKg: ptr(5.0), MUACCm: ptr(12.0)})
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	ind := m["indicators"].(map[string]any)
	if _, ok := ind["wfa"]; !ok {
		t.Errorf("wfa missing: %s", data)
	}
	for _, k := range []string{"acfa", "lhfa", "wflh", "bfa", "hcfa", "tsfa", "ssfa"} {
		if _, ok := ind[k]; ok {
			t.Errorf("%s present: %s", k, data)
		}
	}
	wfa := ind["wfa"].(map[string]any)
	for _, k := range []string{"z", "percentile", "flag"} {
		if _, ok := wfa[k]; !ok {
			t.Errorf("wfa.%s missing: %s", k, data)
		}
	}
	if _, ok := m["length_used_cm"]; ok {
		t.Errorf("length_used_cm without a length: %s", data)
	}
	for _, k := range []string{"age_days", "wst423", "who_class"} {
		if _, ok := m[k]; !ok {
			t.Errorf("%s missing: %s", k, data)
		}
	}
	if !strings.Contains(string(data), `"standard":"WS/T 423—2022"`) {
		t.Errorf("wst423 standard: %s", data)
	}
	// A 3-year-old at 121 cm is beyond the weight-for-height table (120 cm): wflh is omitted, the
	// other length indicators stay; WS/T weight-for-height (to 130 cm) still applies.
	out, _ = Assess(AssessInput{Sex: "female", AgeDays: days(1100), WeightKg: ptr(25.0), LengthCm: ptr(121.0)})
	if out.Indicators.WFLH != nil || out.Indicators.LHFA == nil || out.Indicators.BFA == nil || out.WST423.WFLH == nil {
		t.Errorf("121 cm: %+v", out.Indicators)
	}
	// Wasting etc. then come from BMI-for-age.
	if out.WHOClass.Wasting == nil || out.WHOClass.Wasting.Indicator != "bfa" {
		t.Errorf("who_class fallback: %+v", out.WHOClass)
	}
}

// A full assessment ties the parts together: boy 0 days, 2.69 kg, 51.2 cm lying, head 34.3 cm.
// WS/T 423 (B.1 row 0): 2.69 kg < −2SD 2.7 → 下 and 低体重; B.3 row 0 median 51.2 → 中;
// B.11 row 0 median 34.3 → 中.
func TestAssessWST423(t *testing.T) {
	out, err := Assess(AssessInput{Sex: "male", AgeDays: days(0), WeightKg: ptr(2.69), LengthCm: ptr(51.2), HeadCm: ptr(34.3)})
	if err != nil {
		t.Fatal(err)
	}
	w := out.WST423
	if w.AgeMonths != 0 || w.WFA.Level != "lower" || w.WFA.Status != "underweight" || w.WFA.Table != "B.1" {
		t.Errorf("wfa: %+v", w.WFA)
	}
	if w.LHFA.Level != "middle" || w.LHFA.Status != "" || math.Abs(w.LHFA.SDScore) > 1e-9 {
		t.Errorf("lhfa: %+v", w.LHFA)
	}
	if w.HCFA.Level != "middle" || w.HCFA.Table != "B.11" {
		t.Errorf("hcfa: %+v", w.HCFA)
	}
	if w.WFLH == nil || w.WFLH.Table != "B.5" || w.BFA == nil || w.BFA.Table != "B.9" {
		t.Errorf("wflh/bfa: %+v %+v", w.WFLH, w.BFA)
	}
	// WHO: 2.69 kg at birth for a boy is z ≈ −1.7: not underweight by WHO.
	if out.WHOClass.Underweight.Present {
		t.Errorf("WHO underweight: %+v", out.WHOClass.Underweight)
	}
}
