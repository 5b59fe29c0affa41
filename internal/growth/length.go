package growth

// Position is how a length/height was measured.
type Position uint8

const (
	PositionUnknown Position = iota
	Recumbent                // lying down: length (身长)
	Standing                 // standing: height (身高)
)

// StandingFromDays is the first age (in days) at which WHO expects a standing height: 731 days,
// i.e. 24 months (24 × 30.4375 = 730.5 rounded up). Under it the expected measurement is recumbent
// length. (WHO anthro: "below 24 months (i.e. below 731 days)".)
const StandingFromDays = 731

// daysPerMonth converts between days and months as WHO does (365.25 / 12).
const daysPerMonth = 30.4375

// String returns "recumbent", "standing" or "".
func (p Position) String() string {
	switch p {
	case Recumbent:
		return "recumbent"
	case Standing:
		return "standing"
	}
	return ""
}

// ParsePosition accepts "recumbent", "standing" and "" (unknown).
func ParsePosition(s string) (Position, bool) {
	switch s {
	case "recumbent":
		return Recumbent, true
	case "standing":
		return Standing, true
	case "":
		return PositionUnknown, true
	}
	return PositionUnknown, false
}

// ExpectedPosition is the position WHO expects at an age: recumbent under 731 days, standing from
// 731 days.
func ExpectedPosition(ageDays int) Position {
	if ageDays < StandingFromDays {
		return Recumbent
	}
	return Standing
}

// standingTooYoung reports anthro's "c9mo" condition: standing measurement, age in months < 9.
func standingTooYoung(ageDays int, measured Position) bool {
	return measured == Standing && float64(ageDays)/daysPerMonth < 9
}

// AdjustLength converts a measured length/height to the one the WHO tables expect at the age: add
// PositionAdjustmentCM to a standing height under 731 days, subtract it from a recumbent length from
// 731 days, otherwise (right position, or position unknown) leave it. With
// StandingUnder9MonthsUnadjusted, a standing measurement under 9 months is left unadjusted.
func (c Config) AdjustLength(ageDays int, measured Position, lengthCm float64) float64 {
	switch {
	case measured == Standing && ageDays < StandingFromDays:
		if c.StandingUnder9MonthsUnadjusted && standingTooYoung(ageDays, measured) {
			return lengthCm
		}
		return lengthCm + c.PositionAdjustmentCM
	case measured == Recumbent && ageDays >= StandingFromDays:
		return lengthCm - c.PositionAdjustmentCM
	}
	return lengthCm
}

// WeightForLengthOrHeight chooses the WHO table for weight against length/height. With a known age
// (ageDays ≥ 0) the age decides: WeightForLength under 731 days, WeightForHeight from 731 days. With
// an unknown age (ageDays < 0) the position decides, and if that is unknown too the length: under
// 87 cm WeightForLength, otherwise WeightForHeight (WHO anthro, anthro_zscore_weight_for_lenhei).
func WeightForLengthOrHeight(ageDays int, measured Position, lengthCm float64) Indicator {
	switch {
	case ageDays >= 0:
		if ageDays < StandingFromDays {
			return WeightForLength
		}
		return WeightForHeight
	case measured == Recumbent:
		return WeightForLength
	case measured == Standing:
		return WeightForHeight
	case lengthCm < 87:
		return WeightForLength
	}
	return WeightForHeight
}
