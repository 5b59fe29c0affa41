package growth

import "math"

// LMS holds the Box-Cox power L, the median M and the coefficient of variation S of one table row.
type LMS struct {
	L, M, S float64
}

// Z is the plain LMS z-score of the measurement y (WHO 2006, Methods and development, ch. 7):
// ((y/M)^L − 1)/(L·S), or ln(y/M)/S when L = 0.
func (p LMS) Z(y float64) float64 {
	switch p.L {
	case 1:
		return (y/p.M - 1) / p.S
	case 0:
		return math.Log(y/p.M) / p.S
	}
	return (math.Pow(y/p.M, p.L) - 1) / (p.L * p.S)
}

// Value is the measurement at z-score z on the LMS curve: M·(1 + L·S·z)^(1/L), or M·exp(S·z) when
// L = 0. It is NaN where the curve is undefined (1 + L·S·z ≤ 0), which happens only far beyond ±5 SD.
func (p LMS) Value(z float64) float64 {
	switch p.L {
	case 1:
		return p.M * (1 + p.S*z)
	case 0:
		return p.M * math.Exp(p.S*z)
	}
	base := 1 + p.L*p.S*z
	if base <= 0 {
		return math.NaN()
	}
	return p.M * math.Pow(base, 1/p.L)
}

// ZRestricted is WHO's restricted application of the LMS method: inside ±3 SD it equals Z; beyond,
// distance is measured in units of the gap between the 2 SD and 3 SD curves on the measurement
// scale, so that z = 3 + (y − SD3)/(SD3 − SD2) and z = −3 + (y − SD−3)/(SD−2 − SD−3). The test on
// ±3 uses the unrounded plain z, as WHO's software does (anthro, compute_zscore_adjusted).
func (p LMS) ZRestricted(y float64) float64 {
	z := p.Z(y)
	switch {
	case z > 3:
		sd3, sd2 := p.Value(3), p.Value(2)
		return 3 + (y-sd3)/(sd3-sd2)
	case z < -3:
		sd3, sd2 := p.Value(-3), p.Value(-2)
		return -3 + (y-sd3)/(sd2-sd3)
	}
	return z
}

// ValueRestricted is the inverse of ZRestricted: the measurement whose restricted z-score is z.
func (p LMS) ValueRestricted(z float64) float64 {
	switch {
	case z > 3:
		sd3, sd2 := p.Value(3), p.Value(2)
		return sd3 + (z-3)*(sd3-sd2)
	case z < -3:
		sd3, sd2 := p.Value(-3), p.Value(-2)
		return sd3 + (z+3)*(sd2-sd3)
	}
	return p.Value(z)
}

// Percentile converts a z-score to a percentile: 100·Φ(z), Φ the standard normal distribution.
func Percentile(z float64) float64 {
	return 50 * math.Erfc(-z/math.Sqrt2)
}
