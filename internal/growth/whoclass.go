package growth

// WHO classification of an individual child from the z-scores, after WHO's Training Course on Child
// Growth Assessment (2008), module C "Interpreting growth indicators", and the WHO/UNICEF cut-offs
// used for prevalence (stunting, underweight and wasting below −2 SD, severe below −3 SD; overweight
// above +2 SD; obesity above +3 SD). WHO's cut-offs are strict: a z-score of exactly −2 is not
// stunted, exactly +2 is not overweight.
//
// Wasting, overweight and obesity use weight-for-length/height; when it is not available (length
// outside the table) BMI-for-age is used instead, as WHO notes the two give very similar results.

// WHOFinding is one condition of the WHO classification.
type WHOFinding struct {
	// Indicator is the indicator the finding is based on: "lhfa", "wfa", "wflh" or "bfa".
	Indicator string `json:"indicator"`
	// Present is true when the child has the condition.
	Present bool `json:"present"`
	// Severity is "moderate" (−3 ≤ z < −2) or "severe" (z < −3) for stunting, underweight and
	// wasting when present. WHO defines no severity grades for overweight and obesity: obesity is
	// itself the severe degree of excess weight, so it is reported as its own condition.
	Severity string `json:"severity,omitempty"`
	// Code is one of: none; stunted, severely_stunted; underweight, severely_underweight; wasted,
	// severely_wasted; possible_risk_of_overweight (+1 < z ≤ +2, not a condition: Present is false),
	// overweight (+2 < z ≤ +3); obese (z > +3).
	Code    string `json:"code"`
	LabelEN string `json:"label_en"`
	LabelZH string `json:"label_zh"`
}

// WHOClass is the WHO classification; a condition is omitted when its indicator is unavailable.
type WHOClass struct {
	Stunting    *WHOFinding `json:"stunting,omitempty"`
	Underweight *WHOFinding `json:"underweight,omitempty"`
	Wasting     *WHOFinding `json:"wasting,omitempty"`
	Overweight  *WHOFinding `json:"overweight,omitempty"`
	Obesity     *WHOFinding `json:"obesity,omitempty"`
}

type whoLabels struct{ code, en, zh string }

func undernutrition(indicator string, z float64, none, moderate, severe whoLabels) *WHOFinding {
	f := &WHOFinding{Indicator: indicator, Code: none.code, LabelEN: none.en, LabelZH: none.zh}
	switch {
	case z < -3:
		f.Present, f.Severity, f.Code, f.LabelEN, f.LabelZH = true, "severe", severe.code, severe.en, severe.zh
	case z < -2:
		f.Present, f.Severity, f.Code, f.LabelEN, f.LabelZH = true, "moderate", moderate.code, moderate.en, moderate.zh
	}
	return f
}

// ClassifyWHO classifies from the z-scores; pass nil for an unavailable z-score. wflhZ is the
// weight-for-length or weight-for-height z-score, bfaZ the BMI-for-age z-score (used for wasting,
// overweight and obesity only when wflhZ is nil).
func ClassifyWHO(lhfaZ, wfaZ, wflhZ, bfaZ *float64) WHOClass {
	var c WHOClass
	if lhfaZ != nil {
		c.Stunting = undernutrition("lhfa", *lhfaZ,
			whoLabels{"none", "not stunted", "无生长迟缓"},
			whoLabels{"stunted", "stunted", "生长迟缓"},
			whoLabels{"severely_stunted", "severely stunted", "重度生长迟缓"})
	}
	if wfaZ != nil {
		c.Underweight = undernutrition("wfa", *wfaZ,
			whoLabels{"none", "not underweight", "无低体重"},
			whoLabels{"underweight", "underweight", "低体重"},
			whoLabels{"severely_underweight", "severely underweight", "重度低体重"})
	}
	ind, z := "wflh", wflhZ
	if z == nil {
		ind, z = "bfa", bfaZ
	}
	if z == nil {
		return c
	}
	c.Wasting = undernutrition(ind, *z,
		whoLabels{"none", "not wasted", "无消瘦"},
		whoLabels{"wasted", "wasted", "消瘦"},
		whoLabels{"severely_wasted", "severely wasted", "重度消瘦"})
	c.Overweight = &WHOFinding{Indicator: ind, Code: "none", LabelEN: "not overweight", LabelZH: "无超重"}
	c.Obesity = &WHOFinding{Indicator: ind, Code: "none", LabelEN: "not obese", LabelZH: "无肥胖"}
	switch {
	case *z > 3:
		c.Obesity.Present, c.Obesity.Code, c.Obesity.LabelEN, c.Obesity.LabelZH = true, "obese", "obese", "肥胖"
	case *z > 2:
		c.Overweight.Present, c.Overweight.Code, c.Overweight.LabelEN, c.Overweight.LabelZH = true, "overweight", "overweight", "超重"
	case *z > 1:
		c.Overweight.Code, c.Overweight.LabelEN, c.Overweight.LabelZH = "possible_risk_of_overweight", "possible risk of overweight", "有超重风险"
	}
	return c
}
