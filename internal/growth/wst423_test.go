package growth

import (
	"math"
	"testing"
)

// Reference rows of WS/T 423—2022 Appendix B used below (shared/data/wst423/*.csv, transcribed from
// the official PDF; columns −3SD, −2SD, −1SD, median, +1SD, +2SD, +3SD):
//
//	B.1 boys weight-for-age, 0 months:    2.4 2.7 3.1 3.5 3.9 4.3 4.7
//	B.1 boys weight-for-age, 1 month:     3.2 3.6 4.1 4.6 5.1 5.6 6.2
//	B.3 boys length-for-age, 22 months:   78.0 81.0 84.0 87.0 90.1 93.1 96.1
//	B.3 boys length-for-age, 23 months:   78.8 81.9 84.9 88.0 91.0 94.1 97.2
//	B.3 boys height-for-age, 24 months:   78.9 82.0 85.1 88.2 91.3 94.4 97.5
//	B.5 boys weight-for-length, 45 cm:    1.8 2.0 2.1 2.3 2.5 2.8 3.0
//	B.5 boys weight-for-length, 46 cm:    1.9 2.1 2.3 2.5 2.7 3.0 3.3
//	B.9 boys BMI-for-age, 0 months:       10.2 11.1 12.1 13.2 14.4 15.7 17.1
//	B.12 girls head circumference, 36 m:  44.7 45.9 47.2 48.5 49.9 51.2 52.7
var (
	b1Boys0  = [7]float64{2.4, 2.7, 3.1, 3.5, 3.9, 4.3, 4.7}
	b1Boys1  = [7]float64{3.2, 3.6, 4.1, 4.6, 5.1, 5.6, 6.2}
	b3Boys22 = [7]float64{78.0, 81.0, 84.0, 87.0, 90.1, 93.1, 96.1}
	b3Boys23 = [7]float64{78.8, 81.9, 84.9, 88.0, 91.0, 94.1, 97.2}
	b3Boys24 = [7]float64{78.9, 82.0, 85.1, 88.2, 91.3, 94.4, 97.5}
	b5Boys45 = [7]float64{1.8, 2.0, 2.1, 2.3, 2.5, 2.8, 3.0}
	b5Boys46 = [7]float64{1.9, 2.1, 2.3, 2.5, 2.7, 3.0, 3.3}
)

func nearly(a, b [7]float64) bool {
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-9 {
			return false
		}
	}
	return true
}

func TestWST423Cutoffs(t *testing.T) {
	mix := func(a, b [7]float64, f float64) (out [7]float64) {
		for i := range a {
			out[i] = a[i] + f*(b[i]-a[i])
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		ind   Indicator
		x     float64
		want  [7]float64
		table string
	}{
		{"row 0", WeightForAge, 0, b1Boys0, "B.1"},
		{"row 1", WeightForAge, 1, b1Boys1, "B.1"},
		{"half a month", WeightForAge, 0.5, mix(b1Boys0, b1Boys1, 0.5), "B.1"},
		{"length row 23", LengthHeightForAge, 23, b3Boys23, "B.3"},
		// Under 24 months the length rows are extended from 22 and 23, not blended with the
		// height-based row 24.
		{"23.5 months (length)", LengthHeightForAge, 23.5, mix(b3Boys22, b3Boys23, 1.5), "B.3"},
		{"height row 24", LengthHeightForAge, 24, b3Boys24, "B.3"},
		{"45.5 cm", WeightForLength, 45.5, mix(b5Boys45, b5Boys46, 0.5), "B.5"},
	} {
		got, table, ok := WST423Cutoffs(tc.ind, Male, tc.x)
		if !ok || !nearly(got, tc.want) || table != tc.table {
			t.Errorf("%s: %v %q, want %v %q", tc.name, got, table, tc.want, tc.table)
		}
	}
	if got, table, _ := WST423Cutoffs(HeadCircumferenceForAge, Female, 36); table != "B.12" || got[0] != 44.7 || got[6] != 52.7 {
		t.Errorf("B.12 row 36: %v %s", got, table)
	}
	for _, tc := range []struct {
		ind Indicator
		x   float64
	}{
		{HeadCircumferenceForAge, 36.1}, // head circumference stops at 36 months
		{WeightForLength, 44.9},         // B.5 starts at 45 cm
		{WeightForLength, 100.5},        // and ends at 100 cm
		{WeightForHeight, 74.5},         // B.7 starts at 75 cm
		{WeightForAge, 81.5},            // the last age row is 81 months
		{ArmCircumferenceForAge, 12},    // WS/T 423 has no arm-circumference table
		{WeightForAge, math.NaN()},
	} {
		if _, _, ok := WST423Cutoffs(tc.ind, Male, tc.x); ok {
			t.Errorf("%v at %v: want no cut-offs", tc.ind, tc.x)
		}
	}
}

// Boundaries per WS/T 423—2022 section 4 (表2, 表3): each band includes its lower bound.
func TestWST423ClassifyBoundaries(t *testing.T) {
	c := DefaultConfig()
	for _, tc := range []struct {
		ind           Indicator
		x, v          float64
		level, status string
	}{
		// B.1 boys, 0 months.
		{WeightForAge, 0, 4.7, "upper", ""},
		{WeightForAge, 0, 4.3, "upper", ""}, // exactly +2SD: 上
		{WeightForAge, 0, 4.29, "upper_middle", ""},
		{WeightForAge, 0, 3.9, "upper_middle", ""}, // exactly +1SD: 中上
		{WeightForAge, 0, 3.89, "middle", ""},
		{WeightForAge, 0, 3.1, "middle", ""}, // exactly −1SD: 中
		{WeightForAge, 0, 3.09, "lower_middle", ""},
		{WeightForAge, 0, 2.7, "lower_middle", ""}, // exactly −2SD: 中下, not 低体重
		{WeightForAge, 0, 2.69, "lower", "underweight"},
		{WeightForAge, 0, 2.4, "lower", "underweight"}, // exactly −3SD: 低体重, not 重度
		{WeightForAge, 0, 2.39, "lower", "severe_underweight"},
		// B.5 boys, 45 cm.
		{WeightForLength, 45, 3.0, "upper", "severe_obesity"}, // exactly +3SD
		{WeightForLength, 45, 2.99, "upper", "obesity"},
		{WeightForLength, 45, 2.8, "upper", "obesity"}, // exactly +2SD
		{WeightForLength, 45, 2.79, "upper_middle", "overweight"},
		{WeightForLength, 45, 2.5, "upper_middle", "overweight"}, // exactly +1SD
		{WeightForLength, 45, 2.49, "middle", ""},
		{WeightForLength, 45, 1.99, "lower", "wasting"},
		{WeightForLength, 45, 1.8, "lower", "wasting"},
		{WeightForLength, 45, 1.79, "lower", "severe_wasting"},
		// B.3 boys, 23 months: stunting at 81.89 cm (< −2SD 81.9), severe below 78.8.
		{LengthHeightForAge, 23, 81.9, "lower_middle", ""},
		{LengthHeightForAge, 23, 81.89, "lower", "stunting"},
		{LengthHeightForAge, 23, 78.79, "lower", "severe_stunting"},
		// B.9 boys BMI, 0 months: +1SD 14.4 is 超重.
		{BMIForAge, 0, 14.4, "upper_middle", "overweight"},
		{BMIForAge, 0, 11.0, "lower", "wasting"},
	} {
		got, ok := c.WST423Classify(tc.ind, Male, tc.x, tc.v)
		if !ok || got.Level != tc.level || got.Status != tc.status {
			t.Errorf("%v x=%v v=%v: %s/%s, want %s/%s", tc.ind, tc.x, tc.v, got.Level, got.Status, tc.level, tc.status)
		}
	}
	// Chinese labels.
	got, _ := c.WST423Classify(WeightForAge, Male, 0, 2.39)
	if got.LevelZH != "下" || got.StatusZH != "重度低体重" || got.Table != "B.1" {
		t.Errorf("labels: %+v", got)
	}
	got, _ = c.WST423Classify(WeightForLength, Male, 45, 3.0)
	if got.LevelZH != "上" || got.StatusZH != "重度肥胖" {
		t.Errorf("labels: %+v", got)
	}
	// Head circumference has growth levels only (表2), no nutritional status (表3).
	hc, _ := c.WST423Classify(HeadCircumferenceForAge, Female, 36, 44.0)
	if hc.Level != "lower" || hc.Status != "" {
		t.Errorf("head circumference: %+v", hc)
	}
}

// With WST423BoundaryInUpperBand off, a value at a positive cut-off joins the band nearer the median
// (docs/domain-reference.md §7.2 wording "> M+2SD"); negative cut-offs are unchanged.
func TestWST423BoundarySetting(t *testing.T) {
	c := DefaultConfig()
	c.WST423BoundaryInUpperBand = false
	for _, tc := range []struct {
		v             float64
		level, status string
	}{
		{3.0, "upper", "obesity"}, // at +3SD: 肥胖, not 重度肥胖
		{2.8, "upper_middle", "overweight"},
		{2.5, "middle", ""},
		{2.0, "lower_middle", ""}, // at −2SD: unchanged
		{1.8, "lower", "wasting"}, // at −3SD: unchanged
	} {
		got, _ := c.WST423Classify(WeightForLength, Male, 45, tc.v)
		if got.Level != tc.level || got.Status != tc.status {
			t.Errorf("v=%v: %s/%s, want %s/%s", tc.v, got.Level, got.Status, tc.level, tc.status)
		}
	}
}

func TestWST423SDScore(t *testing.T) {
	c := DefaultConfig()
	for _, tc := range []struct{ v, want float64 }{
		{3.5, 0}, {4.3, 2}, {4.5, 2.5}, {4.7, 3}, {5.1, 4}, {2.4, -3}, {2.1, -4}, {2.55, -2.5},
	} {
		got, _ := c.WST423Classify(WeightForAge, Male, 0, tc.v)
		if math.Abs(got.SDScore-tc.want) > 1e-9 {
			t.Errorf("v=%v: sd_score %v, want %v", tc.v, got.SDScore, tc.want)
		}
	}
}
