package growth

import (
	"math"
	"testing"
)

// The embedded tables must have the shape documented in shared/data/who-growth/README.md: age tables
// 0–1856 days (arm circumference and skinfolds 91–1856), weight-for-length 45.0–110.0 cm and
// weight-for-height 65.0–120.0 cm, both sexes.
func TestTableShapes(t *testing.T) {
	want := map[Indicator][2]float64{
		WeightForAge: {0, 1856}, LengthHeightForAge: {0, 1856}, BMIForAge: {0, 1856},
		HeadCircumferenceForAge: {0, 1856}, ArmCircumferenceForAge: {91, 1856},
		TricepsSkinfoldForAge: {91, 1856}, SubscapularSkinfoldForAge: {91, 1856},
		WeightForLength: {45, 110}, WeightForHeight: {65, 120},
	}
	for ind, r := range want {
		first, last, ok := TableRange(ind)
		if !ok || first != r[0] || last != r[1] {
			t.Errorf("%v: range %v–%v, want %v–%v", ind, first, last, r[0], r[1])
		}
		for _, sex := range []Sex{Male, Female} {
			tab := table(ind, sex)
			n := int(math.Round((r[1]-r[0])*tab.perUnit)) + 1
			if len(tab.rows) != n {
				t.Errorf("%v %v: %d rows, want %d", ind, sex, len(tab.rows), n)
			}
		}
	}
	if _, _, ok := TableRange(Indicator(NumIndicators)); ok {
		t.Error("invalid indicator has a range")
	}
}

// Spot values from the reference files (shared/data/who-growth/*.csv, copied from WHO anthro).
func TestTableSpotValues(t *testing.T) {
	for _, tc := range []struct {
		ind  Indicator
		sex  Sex
		x    float64
		want LMS
	}{
		{WeightForAge, Male, 0, LMS{0.3487, 3.3464, 0.14602}},
		{WeightForAge, Female, 1856, LMS{-0.3531, 18.389, 0.14892}},
		{WeightForAge, Male, 30, LMS{0.2303, 4.4525, 0.13413}},
		{LengthHeightForAge, Female, 1856, LMS{1, 109.9352, 0.04358}},
		{BMIForAge, Male, 1, LMS{-0.1867, 13.3976, 0.09597}},
		{HeadCircumferenceForAge, Male, 1, LMS{1, 34.562, 0.03656}},
		{ArmCircumferenceForAge, Male, 91, LMS{0.3933, 13.4779, 0.07474}},
		{TricepsSkinfoldForAge, Female, 1856, LMS{-0.2372, 8.8528, 0.26008}},
		{SubscapularSkinfoldForAge, Male, 92, LMS{-0.3039, 7.6853, 0.17022}},
		{WeightForLength, Male, 45.1, LMS{-0.3521, 2.4577, 0.09176}},
		{WeightForHeight, Female, 120, LMS{-0.3833, 22.8173, 0.09828}},
	} {
		got, ok := LMSAt(tc.ind, tc.sex, tc.x)
		if !ok || got != tc.want {
			t.Errorf("%v %v %v: %v, want %v", tc.ind, tc.sex, tc.x, got, tc.want)
		}
	}
}

// Lengths between the 0.1 cm rows are interpolated linearly in L, M and S (WHO anthro,
// anthro_zscore_weight_for_lenhei), and a value on a row uses that row even when binary rounding
// puts it a hair below (84.8 × 10 = 847.9999…).
func TestLengthInterpolation(t *testing.T) {
	lo, _ := LMSAt(WeightForLength, Male, 75.3)
	hi, _ := LMSAt(WeightForLength, Male, 75.4)
	mid, ok := LMSAt(WeightForLength, Male, 75.35)
	want := LMS{(lo.L + hi.L) / 2, (lo.M + hi.M) / 2, (lo.S + hi.S) / 2}
	if !ok || math.Abs(mid.M-want.M) > 1e-12 || math.Abs(mid.S-want.S) > 1e-12 || math.Abs(mid.L-want.L) > 1e-12 {
		t.Errorf("75.35 cm: %v, want %v", mid, want)
	}
	quarter, _ := LMSAt(WeightForLength, Male, 75.325)
	if wantM := lo.M + 0.25*(hi.M-lo.M); math.Abs(quarter.M-wantM) > 1e-9 {
		t.Errorf("75.325 cm: M = %v, want %v", quarter.M, wantM)
	}
	// z for 10 kg at 75.35 cm lies between the z at the two rows.
	zLo, _ := ZScore(WeightForLength, Male, 75.3, 10)
	zHi, _ := ZScore(WeightForLength, Male, 75.4, 10)
	zMid, _ := ZScore(WeightForLength, Male, 75.35, 10)
	if !(zMid < zLo && zMid > zHi) || math.Abs(zMid-(zLo+zHi)/2) > 0.001 {
		t.Errorf("z at 75.35 = %v, rows %v and %v", zMid, zLo, zHi)
	}
	// Row values from the reference file: boys 84.8 cm, M = 11.4529 (weight_for_length.csv).
	row, ok := LMSAt(WeightForLength, Male, 84.8)
	if !ok || row.M != 11.4529 {
		t.Errorf("84.8 cm: %v", row)
	}
	if _, ok := LMSAt(WeightForLength, Male, 110); !ok {
		t.Error("110 cm is the last row")
	}
	for _, x := range []float64{44.99, 110.01, math.NaN(), math.Inf(1)} {
		if _, ok := LMSAt(WeightForLength, Male, x); ok {
			t.Errorf("%v cm accepted", x)
		}
	}
	// Age tables use the completed day: 100.9 days is day 100.
	a, _ := LMSAt(WeightForAge, Female, 100.9)
	b, _ := LMSAt(WeightForAge, Female, 100)
	if a != b {
		t.Errorf("day 100.9 = %v, day 100 = %v", a, b)
	}
	for _, x := range []float64{-1, 1857, math.NaN()} {
		if _, ok := LMSAt(WeightForAge, Female, x); ok {
			t.Errorf("age %v accepted", x)
		}
	}
}

func TestZScoreRejects(t *testing.T) {
	for _, tc := range []struct {
		ind  Indicator
		sex  Sex
		x, y float64
	}{
		{WeightForAge, Male, 10, 0},
		{WeightForAge, Male, 10, -3},
		{WeightForAge, Male, 10, math.NaN()},
		{WeightForAge, Male, 10, math.Inf(1)},
		{WeightForAge, 3, 10, 5},
		{Indicator(99), Male, 10, 5},
		{ArmCircumferenceForAge, Female, 90, 12},
	} {
		if z, ok := ZScore(tc.ind, tc.sex, tc.x, tc.y); ok {
			t.Errorf("%+v: z = %v, want rejection", tc, z)
		}
	}
}

// Φ(−2) = 0.02275, Φ(1.8808) = 0.97 (standard normal distribution; WHO: −2 SD is the 2.3rd percentile).
func TestPercentile(t *testing.T) {
	for _, tc := range []struct{ z, p float64 }{{0, 50}, {-2, 2.275013}, {2, 97.724987}, {1.880794, 97}, {-1.880794, 3}} {
		if got := Percentile(tc.z); math.Abs(got-tc.p) > 1e-5 {
			t.Errorf("Percentile(%v) = %v, want %v", tc.z, got, tc.p)
		}
	}
}
