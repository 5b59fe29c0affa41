package growth

import "math"

func table(ind Indicator, sex Sex) *lmsTable {
	if !ind.Valid() || !sex.Valid() {
		return nil
	}
	return &whoTables[ind][sex-1]
}

// LMSAt returns the WHO L, M, S of an indicator at x: the age in completed days (fractions are
// truncated) or, for WeightForLength and WeightForHeight, the length/height in cm (interpolated
// between 0.1 cm rows). ok is false outside the table's range or for an invalid indicator or sex.
func LMSAt(ind Indicator, sex Sex, x float64) (LMS, bool) {
	t := table(ind, sex)
	if t == nil {
		return LMS{}, false
	}
	return t.at(x)
}

// ZScore returns the WHO z-score of measurement y (kg, cm, kg/m² or mm, see Indicator.Unit) at x
// (age in days, or length/height in cm for WeightForLength/WeightForHeight), using WHO's
// restricted formula beyond ±3 SD where it applies. x must already be the adjusted length/height
// (see Config.AdjustLength). ok is false if x is outside the table or y is not a positive finite
// number. The z-score is not rounded. It does not allocate.
func ZScore(ind Indicator, sex Sex, x, y float64) (z float64, ok bool) {
	p, ok := LMSAt(ind, sex, x)
	if !ok || !(y > 0) || math.IsInf(y, 1) {
		return 0, false
	}
	if indicatorInfos[ind].restricted {
		return p.ZRestricted(y), true
	}
	return p.Z(y), true
}

// ValueAt is the inverse of ZScore: the measurement at z-score z (for drawing SD and centile
// curves: use z = Φ⁻¹(p) for a centile p). Beyond ±3 SD it follows the restricted formula for the
// indicators it applies to.
func ValueAt(ind Indicator, sex Sex, x, z float64) (float64, bool) {
	p, ok := LMSAt(ind, sex, x)
	if !ok || math.IsNaN(z) || math.IsInf(z, 0) {
		return 0, false
	}
	var v float64
	if indicatorInfos[ind].restricted {
		v = p.ValueRestricted(z)
	} else {
		v = p.Value(z)
	}
	if math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// TableRange returns the first and last x of an indicator's table (the same for both sexes): days for
// age-based indicators (0–1856, or 91–1856 for arm circumference and skinfolds), cm for
// WeightForLength (45–110) and WeightForHeight (65–120).
func TableRange(ind Indicator) (first, last float64, ok bool) {
	t := table(ind, Male)
	if t == nil {
		return 0, 0, false
	}
	return t.first, t.last, true
}
