package growth

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
)

// FuzzAssess: Assess never panics; it returns either an *InputError or an output whose numbers are
// all finite (so it always marshals to JSON) and whose z-scores are in their percentile's range.
func FuzzAssess(f *testing.F) {
	f.Add("male", 400, "", "", uint8(0xff), 10.5, 76.0, "recumbent", 45.0, 14.0, 8.0, 6.0)
	f.Add("female", 0, "2024-02-29", "2025-02-28", uint8(0xfe), 3.0, 50.0, "", 34.0, 11.0, 5.0, 5.0)
	f.Add("female", 1856, "", "", uint8(0x7f), 80.0, 150.0, "standing", 70.0, 40.0, 60.0, 60.0)
	f.Add("male", 730, "", "", uint8(0x03), 0.3, 25.0, "standing", 15.0, 4.0, 1.0, 1.0)
	f.Add("x", -5, "2024-13-01", "bad", uint8(0x55), math.NaN(), math.Inf(-1), "sitting", -1.0, 0.0, 1e308, -1e-308)
	f.Fuzz(func(t *testing.T, sex string, age int, birth, date string, mask uint8,
		w, l float64, measured string, head, muac, tri, sub float64) {
		in := AssessInput{Sex: sex, BirthDate: birth, Date: date, Measured: measured}
		set := func(bit uint8, v float64) *float64 {
			if mask&bit != 0 {
				return &v
			}
			return nil
		}
		if mask&0x80 != 0 {
			in.AgeDays = &age
		}
		in.WeightKg, in.LengthCm = set(0x01, w), set(0x02, l)
		in.HeadCm, in.MUACCm, in.TricepsMm, in.SubscapularMm = set(0x04, head), set(0x08, muac), set(0x10, tri), set(0x20, sub)

		out, err := Assess(in)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field == "" {
				t.Fatalf("error %v is not an *InputError with a field", err)
			}
			return
		}
		if _, err := json.Marshal(out); err != nil {
			t.Fatalf("output does not marshal: %v (%+v)", err, out)
		}
		for _, r := range []*IndicatorResult{out.Indicators.WFA, out.Indicators.LHFA, out.Indicators.WFLH,
			out.Indicators.BFA, out.Indicators.HCFA, out.Indicators.ACFA, out.Indicators.TSFA, out.Indicators.SSFA} {
			if r != nil && (math.IsNaN(r.Z) || math.IsInf(r.Z, 0) || r.Percentile < 0 || r.Percentile > 100) {
				t.Fatalf("bad result %+v", r)
			}
		}
	})
}

// FuzzZScore: the low-level functions never panic and return finite values when ok.
func FuzzZScore(f *testing.F) {
	f.Add(uint8(0), uint8(1), 100.0, 7.0)
	f.Add(uint8(2), uint8(2), 84.8, 11.0)
	f.Add(uint8(3), uint8(1), 120.0, 1e6)
	f.Fuzz(func(t *testing.T, ind, sex uint8, x, y float64) {
		z, ok := ZScore(Indicator(ind), Sex(sex), x, y)
		if ok && (math.IsNaN(z) || math.IsInf(z, 0)) {
			t.Fatalf("ZScore(%d,%d,%v,%v) = %v", ind, sex, x, y, z)
		}
		if v, ok := ValueAt(Indicator(ind), Sex(sex), x, y); ok && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("ValueAt(%d,%d,%v,%v) = %v", ind, sex, x, y, v)
		}
		_, _, _ = WST423Cutoffs(Indicator(ind), Sex(sex), x)
	})
}
