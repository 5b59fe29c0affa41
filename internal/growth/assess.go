package growth

import (
	"fmt"
	"math"
	"time"
)

// AssessInput is one measurement of one child, as received from the calculator API. Give either
// age_days, or birth_date and date (both YYYY-MM-DD); if all three are given they must agree.
// Measurements are optional: an indicator whose inputs are missing is left out of the output.
type AssessInput struct {
	Sex           string   `json:"sex"` // "male" or "female"
	AgeDays       *int     `json:"age_days"`
	BirthDate     string   `json:"birth_date"`
	Date          string   `json:"date"` // date of measurement
	WeightKg      *float64 `json:"weight_kg"`
	LengthCm      *float64 `json:"length_cm"` // recumbent length or standing height
	Measured      string   `json:"measured"`  // "recumbent", "standing", or "" for the expected position at the age
	HeadCm        *float64 `json:"head_cm"`
	MUACCm        *float64 `json:"muac_cm"` // mid-upper arm circumference
	TricepsMm     *float64 `json:"triceps_mm"`
	SubscapularMm *float64 `json:"subscapular_mm"`
}

// IndicatorResult is a WHO z-score. Z is not rounded (WHO software reports 2 decimals).
// Percentile is 100·Φ(Z). Flag marks a biologically implausible value (Config.Flags); the z-score is
// still given.
type IndicatorResult struct {
	Z          float64 `json:"z"`
	Percentile float64 `json:"percentile"`
	Flag       bool    `json:"flag"`
	// Table is set for "wflh" only: "wfl" (weight-for-length, under 731 days) or "wfh"
	// (weight-for-height, from 731 days).
	Table string `json:"table,omitempty"`
}

// Indicators holds the WHO results; an indicator whose inputs are missing or outside the WHO tables
// is nil (omitted from JSON). Arm circumference and skinfolds start at 91 days.
type Indicators struct {
	WFA  *IndicatorResult `json:"wfa,omitempty"`
	LHFA *IndicatorResult `json:"lhfa,omitempty"`
	WFLH *IndicatorResult `json:"wflh,omitempty"`
	BFA  *IndicatorResult `json:"bfa,omitempty"`
	HCFA *IndicatorResult `json:"hcfa,omitempty"`
	ACFA *IndicatorResult `json:"acfa,omitempty"`
	TSFA *IndicatorResult `json:"tsfa,omitempty"`
	SSFA *IndicatorResult `json:"ssfa,omitempty"`
}

// Notes that Assess may add to its output.
const (
	// NotePositionAdjusted: the length/height was corrected by ±0.7 cm because the position did not
	// fit the age (length_used_cm differs from length_cm).
	NotePositionAdjusted = "position_adjusted"
	// NoteStandingUnder9Months: measured standing before 9 months, which WHO anthro ≥ 1.1.0 treats as
	// implausible (see Config.StandingUnder9MonthsUnadjusted).
	NoteStandingUnder9Months = "standing_under_9_months"
	// NoteBeyondWHOAge: the age is past Config.WHOMaxAgeDays, so no WHO z-scores were computed.
	NoteBeyondWHOAge = "beyond_who_age"
)

// AssessOutput is the result of Assess.
type AssessOutput struct {
	AgeDays int `json:"age_days"`
	// Measured is the position taken for the length/height: the input, or the expected position at
	// the age when the input left it out. Omitted without a length.
	Measured string `json:"measured,omitempty"`
	// LengthUsedCm is the length/height after the position adjustment, used for length/height-for-age,
	// weight-for-length/height and BMI.
	LengthUsedCm *float64     `json:"length_used_cm,omitempty"`
	BMI          *float64     `json:"bmi,omitempty"` // kg/m², from weight and LengthUsedCm
	Indicators   Indicators   `json:"indicators"`
	WST423       WST423Result `json:"wst423"`
	WHOClass     WHOClass     `json:"who_class"`
	Notes        []string     `json:"notes,omitempty"`
}

// Assess computes everything for one measurement with DefaultConfig. Bad input gives an
// *InputError naming the JSON field.
func Assess(in AssessInput) (AssessOutput, error) {
	return DefaultConfig().Assess(in)
}

// Assess computes everything for one measurement with the settings of c.
func (c Config) Assess(in AssessInput) (AssessOutput, error) {
	var out AssessOutput
	sex, ok := ParseSex(in.Sex)
	if !ok {
		return out, inputErr("sex", `must be "male" or "female"`)
	}
	age, err := c.ageDays(in)
	if err != nil {
		return out, err
	}
	measured, ok := ParsePosition(in.Measured)
	if !ok {
		return out, inputErr("measured", `must be "recumbent", "standing" or empty`)
	}
	for _, m := range []struct {
		field string
		v     *float64
		r     Range
	}{
		{"weight_kg", in.WeightKg, c.WeightKg},
		{"length_cm", in.LengthCm, c.LengthCm},
		{"head_cm", in.HeadCm, c.HeadCm},
		{"muac_cm", in.MUACCm, c.ArmCm},
		{"triceps_mm", in.TricepsMm, c.SkinfoldMm},
		{"subscapular_mm", in.SubscapularMm, c.SkinfoldMm},
	} {
		if err := checkMeasurement(m.field, m.v, m.r); err != nil {
			return out, err
		}
	}

	out.AgeDays = age
	who := age <= c.WHOMaxAgeDays
	if !who {
		out.Notes = append(out.Notes, NoteBeyondWHOAge)
	}
	x := float64(age)
	ageMonths := x / daysPerMonth
	out.WST423 = WST423Result{Standard: WST423Standard, AgeMonths: ageMonths}
	wst := func(ind Indicator, at, v float64) *WST423Indicator {
		if r, ok := c.WST423Classify(ind, sex, at, v); ok {
			return &r
		}
		return nil
	}

	weight := in.WeightKg
	if weight != nil {
		if who {
			out.Indicators.WFA = c.indicator(WeightForAge, sex, x, *weight)
		}
		out.WST423.WFA = wst(WeightForAge, ageMonths, *weight)
	}

	if in.LengthCm != nil {
		raw := *in.LengthCm
		if measured == PositionUnknown {
			measured = ExpectedPosition(age)
		}
		out.Measured = measured.String()
		if standingTooYoung(age, measured) {
			out.Notes = append(out.Notes, NoteStandingUnder9Months)
		}
		used := c.AdjustLength(age, measured, raw)
		if used != raw {
			out.Notes = append(out.Notes, NotePositionAdjusted)
		}
		if used > 0 {
			out.LengthUsedCm = &used
		}
		wstLength := raw
		if c.WST423UseAdjustedLength {
			wstLength = used
		}
		wflh := WeightForLengthOrHeight(age, measured, used)
		if who && used > 0 {
			out.Indicators.LHFA = c.indicator(LengthHeightForAge, sex, x, used)
			if weight != nil {
				if r := c.indicator(wflh, sex, used, *weight); r != nil {
					r.Table = wflh.Code()
					out.Indicators.WFLH = r
				}
			}
		}
		out.WST423.LHFA = wst(LengthHeightForAge, ageMonths, wstLength)
		if weight != nil {
			out.WST423.WFLH = wst(wflh, wstLength, *weight)
			if used > 0 {
				bmi := *weight / (used / 100 * used / 100)
				out.BMI = &bmi
				if who {
					out.Indicators.BFA = c.indicator(BMIForAge, sex, x, bmi)
				}
			}
			if wstLength > 0 {
				out.WST423.BFA = wst(BMIForAge, ageMonths, *weight/(wstLength/100*wstLength/100))
			}
		}
	}

	if in.HeadCm != nil {
		if who {
			out.Indicators.HCFA = c.indicator(HeadCircumferenceForAge, sex, x, *in.HeadCm)
		}
		out.WST423.HCFA = wst(HeadCircumferenceForAge, ageMonths, *in.HeadCm)
	}
	if who {
		if in.MUACCm != nil {
			out.Indicators.ACFA = c.indicator(ArmCircumferenceForAge, sex, x, *in.MUACCm)
		}
		if in.TricepsMm != nil {
			out.Indicators.TSFA = c.indicator(TricepsSkinfoldForAge, sex, x, *in.TricepsMm)
		}
		if in.SubscapularMm != nil {
			out.Indicators.SSFA = c.indicator(SubscapularSkinfoldForAge, sex, x, *in.SubscapularMm)
		}
	}

	z := func(r *IndicatorResult) *float64 {
		if r == nil {
			return nil
		}
		return &r.Z
	}
	ind := &out.Indicators
	out.WHOClass = ClassifyWHO(z(ind.LHFA), z(ind.WFA), z(ind.WFLH), z(ind.BFA))
	return out, nil
}

func (c Config) indicator(ind Indicator, sex Sex, x, y float64) *IndicatorResult {
	z, ok := ZScore(ind, sex, x, y)
	if !ok {
		return nil
	}
	return &IndicatorResult{Z: z, Percentile: Percentile(z), Flag: c.Flag(ind, z)}
}

func checkMeasurement(field string, v *float64, r Range) error {
	if v == nil {
		return nil
	}
	switch x := *v; {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return inputErr(field, "must be a number")
	case x <= 0:
		return inputErr(field, "must be greater than zero")
	case x < r.Min:
		return inputErr(field, fmt.Sprintf("implausibly small (less than %g)", r.Min))
	case x > r.Max:
		return inputErr(field, fmt.Sprintf("implausibly large (more than %g)", r.Max))
	}
	return nil
}

const dateLayout = "2006-01-02"

// ageDays returns the age in completed days from age_days or from birth_date and date.
func (c Config) ageDays(in AssessInput) (int, error) {
	fromDates := -1
	if in.BirthDate != "" || in.Date != "" {
		if in.BirthDate == "" {
			return 0, inputErr("birth_date", "required with date")
		}
		if in.Date == "" {
			return 0, inputErr("date", "required with birth_date")
		}
		birth, err := time.Parse(dateLayout, in.BirthDate)
		if err != nil {
			return 0, inputErr("birth_date", "must be a date written YYYY-MM-DD")
		}
		date, err := time.Parse(dateLayout, in.Date)
		if err != nil {
			return 0, inputErr("date", "must be a date written YYYY-MM-DD")
		}
		if date.Before(birth) {
			return 0, inputErr("birth_date", "is after the date of measurement")
		}
		// Both are midnight UTC, so the difference is a whole number of days.
		days := (date.Unix() - birth.Unix()) / 86400
		if days > int64(c.MaxAgeDays) {
			return 0, inputErr("birth_date", fmt.Sprintf("the child is older than %d days on the date of measurement; the growth standards stop there", c.MaxAgeDays))
		}
		fromDates = int(days)
	}
	switch {
	case in.AgeDays == nil && fromDates < 0:
		return 0, inputErr("age_days", "required: give age_days, or birth_date and date")
	case in.AgeDays == nil:
		return fromDates, nil
	case *in.AgeDays < 0:
		return 0, inputErr("age_days", "must not be negative")
	case *in.AgeDays > c.MaxAgeDays:
		return 0, inputErr("age_days", fmt.Sprintf("more than %d days; the growth standards stop there", c.MaxAgeDays))
	case fromDates >= 0 && *in.AgeDays != fromDates:
		return 0, inputErr("age_days", fmt.Sprintf("does not match birth_date and date (%d days)", fromDates))
	}
	return *in.AgeDays, nil
}
