package growth

// FlagLimits marks a z-score as biologically implausible when z < Low or z > High.
type FlagLimits struct {
	Low, High float64
}

// Range is a closed interval of plausible input values, used to reject data-entry errors.
type Range struct {
	Min, Max float64
}

// Config holds the settings of the calculator. Use DefaultConfig and change what you need. Settings
// whose value is not confirmed in docs/domain-reference.md (marked [U] there) are fields here, each
// with its documented default and source.
type Config struct {
	// PositionAdjustmentCM is added to a standing height under 731 days and subtracted from a
	// recumbent length from 731 days. Default 0.7 (WHO: anthro adjust_lenhei, igrowup; the WHO
	// growth-standards README; docs/domain-reference.md §7.1 marks the value [U]).
	PositionAdjustmentCM float64

	// StandingUnder9MonthsUnadjusted applies the rule of anthro ≥ 1.1.0: a standing measurement of a
	// child younger than 9 months (age in days / 30.4375 < 9, i.e. ≤ 273 days) is implausible, so the
	// position is treated as unknown and no 0.7 cm is added. Default false: the classic WHO rule
	// (igrowup, anthro < 1.1.0, and the original requirement) adds 0.7 cm. Either way the output carries the
	// note NoteStandingUnder9Months.
	StandingUnder9MonthsUnadjusted bool

	// Flags holds WHO's cut-offs for biologically implausible z-scores, by indicator. Defaults (WHO
	// anthro and igrowup): length/height-for-age |z| > 6; weight-for-age z < −6 or z > 5; all others
	// |z| > 5. Domain-reference §7.1 confirms only the weight-for-length/height cut-off and marks the
	// others [U].
	Flags [NumIndicators]FlagLimits

	// MaxAgeDays is the oldest age accepted by Assess; older ages are an InputError. Default 1856, the
	// last day of the WHO tables (the issue: "age beyond 60 months / 1856 days").
	MaxAgeDays int

	// WHOMaxAgeDays is the oldest age for which WHO z-scores are computed. Default 1856 (igrowup and
	// the end of WHO's tables). anthro since August 2025 stops below 60 months: set 1826 for that.
	WHOMaxAgeDays int

	// WST423UseAdjustedLength makes the WS/T 423 classification use the length/height after the
	// 0.7 cm position adjustment (the same value as WHO). The standard itself prescribes lying under
	// 2 years and standing from 2 years and does not mention an adjustment. Default true (project
	// choice: the adjustment removes the known bias of a measurement in the wrong position).
	WST423UseAdjustedLength bool

	// WST423BoundaryInUpperBand: a value exactly at a positive cut-off (+1SD, +2SD, +3SD) belongs to
	// the upper band (e.g. exactly +2SD is 上 and 肥胖). Default true: WS/T 423—2022 section 4 gives
	// each band an inclusive lower bound (shared/data/wst423/README.md, read from the PDF);
	// docs/domain-reference.md §7.2 marks the inclusivity [U] and quotes "> M+2SD". False puts a value at a
	// positive cut-off in the band nearer the median. Negative cut-offs behave the same either way
	// (exactly −2SD is 中下, not 下).
	WST423BoundaryInUpperBand bool

	// Input limits: Assess rejects values outside them as data-entry errors (an InputError). They are
	// wide on purpose (a plausible but extreme value is accepted and gets a z-score and a flag). They
	// are a project choice, not a WHO rule.
	WeightKg   Range // default 0.3–80 kg
	LengthCm   Range // default 25–150 cm
	HeadCm     Range // default 15–70 cm
	ArmCm      Range // default 4–40 cm
	SkinfoldMm Range // default 1–60 mm (triceps and subscapular)
}

// DefaultConfig returns the documented defaults.
func DefaultConfig() Config {
	c := Config{
		PositionAdjustmentCM:      0.7,
		MaxAgeDays:                1856,
		WHOMaxAgeDays:             1856,
		WST423UseAdjustedLength:   true,
		WST423BoundaryInUpperBand: true,
		WeightKg:                  Range{0.3, 80},
		LengthCm:                  Range{25, 150},
		HeadCm:                    Range{15, 70},
		ArmCm:                     Range{4, 40},
		SkinfoldMm:                Range{1, 60},
	}
	for i := range c.Flags {
		c.Flags[i] = FlagLimits{Low: -5, High: 5}
	}
	c.Flags[LengthHeightForAge] = FlagLimits{Low: -6, High: 6}
	c.Flags[WeightForAge] = FlagLimits{Low: -6, High: 5}
	return c
}

// Flag reports whether z is biologically implausible for the indicator under the configured limits.
func (c Config) Flag(ind Indicator, z float64) bool {
	if !ind.Valid() {
		return false
	}
	f := c.Flags[ind]
	return z < f.Low || z > f.High
}
