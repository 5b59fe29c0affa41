package growth

// Sex uses WHO's coding: 1 for boys, 2 for girls.
type Sex uint8

const (
	Male   Sex = 1
	Female Sex = 2
)

// Valid reports whether s is Male or Female.
func (s Sex) Valid() bool { return s == Male || s == Female }

// String returns "male" or "female" (the API spelling), or "" for an invalid value.
func (s Sex) String() string {
	switch s {
	case Male:
		return "male"
	case Female:
		return "female"
	}
	return ""
}

// ParseSex accepts the API spellings "male" and "female".
func ParseSex(s string) (Sex, bool) {
	switch s {
	case "male":
		return Male, true
	case "female":
		return Female, true
	}
	return 0, false
}

// Indicator is one of the nine WHO anthropometric indicators. Weight-for-length and
// weight-for-height are separate tables; the calculator reports whichever applies as "wflh".
type Indicator uint8

const (
	WeightForAge Indicator = iota
	LengthHeightForAge
	WeightForLength
	WeightForHeight
	BMIForAge
	HeadCircumferenceForAge
	ArmCircumferenceForAge
	TricepsSkinfoldForAge
	SubscapularSkinfoldForAge

	// NumIndicators is the number of indicators; valid indicators are 0 … NumIndicators−1.
	NumIndicators = 9
)

type indicatorInfo struct {
	code       string // short code used in the API and in WHO's software
	nameEN     string
	nameZH     string
	unit       string
	byLength   bool // x is length/height in cm (0.1 cm rows), not age in days
	restricted bool // WHO's restricted application beyond ±3 SD
	file       string
}

var indicatorInfos = [NumIndicators]indicatorInfo{
	WeightForAge:              {"wfa", "Weight-for-age", "年龄别体重", "kg", false, true, "weight_for_age.csv"},
	LengthHeightForAge:        {"lhfa", "Length/height-for-age", "年龄别身长/身高", "cm", false, false, "length_height_for_age.csv"},
	WeightForLength:           {"wfl", "Weight-for-length", "身长别体重", "kg", true, true, "weight_for_length.csv"},
	WeightForHeight:           {"wfh", "Weight-for-height", "身高别体重", "kg", true, true, "weight_for_height.csv"},
	BMIForAge:                 {"bfa", "BMI-for-age", "年龄别BMI", "kg/m²", false, true, "bmi_for_age.csv"},
	HeadCircumferenceForAge:   {"hcfa", "Head circumference-for-age", "年龄别头围", "cm", false, false, "head_circumference_for_age.csv"},
	ArmCircumferenceForAge:    {"acfa", "Arm circumference-for-age", "年龄别上臂围", "cm", false, true, "arm_circumference_for_age.csv"},
	TricepsSkinfoldForAge:     {"tsfa", "Triceps skinfold-for-age", "年龄别三头肌皮褶厚度", "mm", false, true, "triceps_skinfold_for_age.csv"},
	SubscapularSkinfoldForAge: {"ssfa", "Subscapular skinfold-for-age", "年龄别肩胛下皮褶厚度", "mm", false, true, "subscapular_skinfold_for_age.csv"},
}

// Valid reports whether ind is one of the nine indicators.
func (ind Indicator) Valid() bool { return ind < NumIndicators }

// Code returns the short code ("wfa", "lhfa", "wfl", "wfh", "bfa", "hcfa", "acfa", "tsfa", "ssfa").
func (ind Indicator) Code() string {
	if !ind.Valid() {
		return ""
	}
	return indicatorInfos[ind].code
}

// String returns the English name.
func (ind Indicator) String() string {
	if !ind.Valid() {
		return "invalid indicator"
	}
	return indicatorInfos[ind].nameEN
}

// NameZH returns the Chinese name.
func (ind Indicator) NameZH() string {
	if !ind.Valid() {
		return ""
	}
	return indicatorInfos[ind].nameZH
}

// Unit is the unit of the measurement (and of the table's M).
func (ind Indicator) Unit() string {
	if !ind.Valid() {
		return ""
	}
	return indicatorInfos[ind].unit
}

// ByLength reports whether the indicator is looked up by length/height in cm rather than by age in
// days (weight-for-length and weight-for-height).
func (ind Indicator) ByLength() bool { return ind.Valid() && indicatorInfos[ind].byLength }

// Restricted reports whether WHO's restricted formula applies beyond ±3 SD. It does for every
// indicator whose L is not 1: all except length/height-for-age and head circumference-for-age.
func (ind Indicator) Restricted() bool { return ind.Valid() && indicatorInfos[ind].restricted }
