package web

import (
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"tuoyu/internal/domain"
	"tuoyu/internal/growth"
	"tuoyu/internal/i18n"
)

// The growth calculator: one measurement of one child against the WHO
// Child Growth Standards and WS/T 423—2022, with the WHO charts. Anyone may
// use it and nothing is stored. The form is sent with GET, so a result has
// an address that can be bookmarked or shared.

// calcInput is one input of a calculator form. The calculators label their
// inputs with their own catalog keys, not "field.<name>".
type calcInput struct {
	name, typ, label string
	options          []Option
	blank            string // catalog key of the empty choice of a select
	// where names the input in the problem summary when the label alone is
	// ambiguous (the row of a repeated input).
	where string
}

// calcForm is what a calculator template draws its inputs from: the
// fields for the "field" partial and a summary of the problems.
type calcForm struct {
	Fields   map[string]Field
	Problems []calcProblem
}

// calcProblem is one line of a calculator form's problem summary.
type calcProblem struct{ ID, Label, Message string }

// calcProblems maps an input to its problem, already in the reader's
// language: the calculators' messages carry numbers (limits, row numbers),
// which Page.Errors, a map to catalog keys, cannot.
type calcProblems map[string]string

// add keeps the first problem found for an input.
func (cp calcProblems) add(lang, name, key string, args ...any) {
	if _, ok := cp[name]; !ok {
		cp[name] = i18n.T(lang, key, args...)
	}
}

func buildCalcForm(lang string, form url.Values, inputs []calcInput, problems calcProblems) calcForm {
	out := calcForm{Fields: make(map[string]Field, len(inputs))}
	for _, in := range inputs {
		f := Field{Name: in.name, Type: in.typ, Label: i18n.T(lang, in.label), Value: form.Get(in.name),
			Options: in.options, Error: problems[in.name]}
		if in.blank != "" {
			f.Blank = i18n.T(lang, in.blank)
		}
		out.Fields[in.name] = f
		if f.Error != "" {
			out.Problems = append(out.Problems, calcProblem{ID: f.ID(), Label: in.where + f.Label, Message: f.Error})
		}
	}
	return out
}

// growthInputs are the growth form's inputs in the order they appear.
func growthInputs(lang string) []calcInput {
	sexes := []Option{{"female", i18n.T(lang, "calc.sex.female")}, {"male", i18n.T(lang, "calc.sex.male")}}
	positions := []Option{{"recumbent", i18n.T(lang, "calc.pos.recumbent")}, {"standing", i18n.T(lang, "calc.pos.standing")}}
	return []calcInput{
		{name: "sex", typ: "select", label: "calc.f.sex", options: sexes, blank: "form.choose"},
		{name: "birth_date", typ: "date", label: "calc.f.birth_date"},
		{name: "date", typ: "date", label: "calc.f.measure_date"},
		{name: "age_days", typ: "int", label: "calc.f.age_days"},
		{name: "weight_kg", typ: "decimal", label: "calc.f.weight_kg"},
		{name: "length_cm", typ: "decimal", label: "calc.f.length_cm"},
		{name: "measured", typ: "select", label: "calc.f.measured", options: positions, blank: "calc.pos.auto"},
		{name: "head_cm", typ: "decimal", label: "calc.f.head_cm"},
		{name: "muac_cm", typ: "decimal", label: "calc.f.muac_cm"},
		{name: "triceps_mm", typ: "decimal", label: "calc.f.triceps_mm"},
		{name: "subscapular_mm", typ: "decimal", label: "calc.f.subscapular_mm"},
	}
}

type growthData struct {
	Form   calcForm
	Result *growthResult
}

// growthResult is an assessment ready to show: numbers formatted, codes
// translated.
type growthResult struct {
	Sex, BirthDate, Date, Age string
	// LengthUsed is empty without a length; Adjustment tells the length
	// measured when the 0.7 cm position adjustment changed it.
	LengthUsed, Measured, Adjustment string
	BMI                              string
	Indicators                       []growthRow
	WST                              []wstRow
	WHO                              []whoRow
	Notes                            []string
	Charts                           []growthChart
}

type growthRow struct {
	Name, Value, Z, Percentile string
	Flag                       bool // biologically implausible
	Outside                    bool // beyond ±2 SD
}

type wstRow struct {
	Name, Level, Status, Table string
	Finding                    bool // a nutritional status was found
}

type whoRow struct {
	Condition, Finding, Basis string
	Present, Risk             bool
}

type growthChart struct {
	Title string
	SVG   template.HTML
}

// growthPage shows the form and, when it was sent, the assessment.
func (wb *Web) growthPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := newPage(r, "calc.growth.title")
	p.Active = "calc_growth"
	inputs := growthInputs(p.Lang)
	sent := false
	for _, in := range inputs {
		if q.Has(in.name) {
			sent = true
			p.Form.Set(in.name, strings.TrimSpace(q.Get(in.name)))
		}
	}
	status := http.StatusOK
	problems := calcProblems{}
	var d growthData
	if sent {
		var err error
		d.Result, err = wb.assessGrowth(p, problems)
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		if d.Result == nil {
			status = http.StatusUnprocessableEntity
		}
	} else {
		p.Form.Set("date", wb.svc.Today().Format(time.DateOnly))
	}
	d.Form = buildCalcForm(p.Lang, p.Form, inputs, problems)
	p.Data = d
	wb.render(w, r, status, "growth", p)
}

// assessGrowth reads the form and assesses it. A refused form gives a nil
// result with its problems in problems (or p.Problem); err is for failures
// that are not the reader's.
func (wb *Web) assessGrowth(p *Page, problems calcProblems) (*growthResult, error) {
	lang, form := p.Lang, p.Form
	in := growth.AssessInput{Sex: form.Get("sex"), BirthDate: form.Get("birth_date"), Date: form.Get("date"), Measured: form.Get("measured")}
	if in.Sex == "" {
		problems.add(lang, "sex", domain.ReasonRequired)
	}
	for _, name := range []string{"birth_date", "date"} {
		if v := form.Get(name); v != "" {
			if _, err := time.Parse(time.DateOnly, v); err != nil {
				problems.add(lang, name, domain.ReasonDate)
			}
		}
	}
	if s := form.Get("age_days"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			problems.add(lang, "age_days", reasonNotWhole)
		}
		in.AgeDays = &n
		// The date of measurement starts filled in with today: with an age
		// in days and no birth date it is not part of the input.
		if in.BirthDate == "" {
			in.Date = ""
		}
	}
	np := numberParser{form: form, errs: map[string]string{}}
	in.WeightKg, in.LengthCm, in.HeadCm = np.optFloat("weight_kg"), np.optFloat("length_cm"), np.optFloat("head_cm")
	in.MUACCm, in.TricepsMm, in.SubscapularMm = np.optFloat("muac_cm"), np.optFloat("triceps_mm"), np.optFloat("subscapular_mm")
	for name, reason := range np.errs {
		problems.add(lang, name, reason)
	}
	if len(problems) > 0 {
		return nil, nil
	}
	if in.WeightKg == nil && in.LengthCm == nil && in.HeadCm == nil && in.MUACCm == nil && in.TricepsMm == nil && in.SubscapularMm == nil {
		p.Problem = "calc.err.need_measurement"
		return nil, nil
	}
	out, err := growth.Assess(in)
	var ie *growth.InputError
	if errors.As(err, &ie) {
		key, args := growthProblem(ie)
		problems.add(lang, ie.Field, key, args...)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return growthView(lang, in, out), nil
}

// growthProblem turns an input error of the growth package into a catalog
// key and its arguments. The package's messages are English sentences; the
// limits they quote are read from the same configuration Assess uses.
func growthProblem(ie *growth.InputError) (string, []any) {
	c := growth.DefaultConfig()
	limits := map[string]growth.Range{"weight_kg": c.WeightKg, "length_cm": c.LengthCm, "head_cm": c.HeadCm,
		"muac_cm": c.ArmCm, "triceps_mm": c.SkinfoldMm, "subscapular_mm": c.SkinfoldMm}
	m := ie.Message
	switch {
	case ie.Field == "sex" || ie.Field == "measured":
		return domain.ReasonNotAllowed, nil
	case strings.HasPrefix(m, "must be a number"):
		return reasonNotNumber, nil
	case strings.HasPrefix(m, "must be greater than zero"):
		return "calc.err.positive", nil
	case strings.HasPrefix(m, "implausibly small"):
		return "calc.err.too_small", []any{ftoa(limits[ie.Field].Min)}
	case strings.HasPrefix(m, "implausibly large"):
		return "calc.err.too_large", []any{ftoa(limits[ie.Field].Max)}
	case strings.HasPrefix(m, "required with"):
		return domain.ReasonRequired, nil
	case strings.HasPrefix(m, "required:"):
		return "calc.err.age_required", nil
	case strings.HasPrefix(m, "must be a date"):
		return domain.ReasonDate, nil
	case strings.HasPrefix(m, "is after the date"):
		return "calc.err.birth_after_date", nil
	case strings.Contains(m, "growth standards stop"):
		return "calc.err.too_old", []any{c.MaxAgeDays}
	case strings.HasPrefix(m, "must not be negative"):
		return domain.ReasonNegative, nil
	case strings.HasPrefix(m, "does not match"):
		var days int
		if i := strings.LastIndex(m, "("); i >= 0 {
			_, _ = fmt.Sscanf(m[i:], "(%d days)", &days)
		}
		return "calc.err.age_mismatch", []any{days}
	}
	return "calc.err.invalid", nil
}

// growthView formats an assessment for the page.
func growthView(lang string, in growth.AssessInput, out growth.AssessOutput) *growthResult {
	tr := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	sex, _ := growth.ParseSex(in.Sex)
	res := &growthResult{Sex: tr("calc.sex." + in.Sex), BirthDate: in.BirthDate, Date: in.Date}
	if in.BirthDate == "" {
		res.Date = ""
	}
	months := int(float64(out.AgeDays) / 30.4375) // completed months, as WHO counts them (365.25 / 12 days)
	if months >= 12 {
		res.Age = tr("calc.growth.age_ym", out.AgeDays, months/12, months%12)
	} else {
		res.Age = tr("calc.growth.age_m", out.AgeDays, months)
	}
	pointLabel := res.Date
	if pointLabel == "" {
		pointLabel = tr("calc.growth.days", out.AgeDays)
	}

	var used float64
	position, _ := growth.ParsePosition(out.Measured)
	if out.LengthUsedCm != nil {
		used = *out.LengthUsedCm
		res.LengthUsed = ftoa(math.Round(used*100) / 100)
		res.Measured = tr("calc.pos." + out.Measured)
		if raw := *in.LengthCm; raw != used {
			how := tr("calc.growth.adjust_removed")
			if used > raw {
				how = tr("calc.growth.adjust_added")
			}
			res.Adjustment = tr("calc.growth.adjusted", ftoa(raw), how)
		}
	}
	if out.BMI != nil {
		res.BMI = fixed(*out.BMI, 2)
	}
	// wflh is weight-for-length under 2 years, weight-for-height from 2.
	wflh := growth.WeightForLengthOrHeight(out.AgeDays, position, used)

	age := float64(out.AgeDays)
	type measure struct {
		code  string
		ind   growth.Indicator
		r     *growth.IndicatorResult
		x, y  float64
		value string
	}
	val := func(v *float64, unit string) (float64, string) {
		if v == nil {
			return 0, ""
		}
		return *v, ftoa(*v) + " " + unit
	}
	var wt, bmi, head, arm, tri, sub float64
	var wtText, headText, armText, triText, subText string
	wt, wtText = val(in.WeightKg, "kg")
	head, headText = val(in.HeadCm, "cm")
	arm, armText = val(in.MUACCm, "cm")
	tri, triText = val(in.TricepsMm, "mm")
	sub, subText = val(in.SubscapularMm, "mm")
	if out.BMI != nil {
		bmi = *out.BMI
	}
	ind := out.Indicators
	measures := []measure{
		{"wfa", growth.WeightForAge, ind.WFA, age, wt, wtText},
		{"lhfa", growth.LengthHeightForAge, ind.LHFA, age, used, res.LengthUsed + " cm"},
		{wflh.Code(), wflh, ind.WFLH, used, wt, wtText},
		{"bfa", growth.BMIForAge, ind.BFA, age, bmi, res.BMI + " kg/m²"},
		{"hcfa", growth.HeadCircumferenceForAge, ind.HCFA, age, head, headText},
		{"acfa", growth.ArmCircumferenceForAge, ind.ACFA, age, arm, armText},
		{"tsfa", growth.TricepsSkinfoldForAge, ind.TSFA, age, tri, triText},
		{"ssfa", growth.SubscapularSkinfoldForAge, ind.SSFA, age, sub, subText},
	}
	for _, m := range measures {
		if m.r == nil {
			continue
		}
		name := tr("calc.ind." + m.code)
		res.Indicators = append(res.Indicators, growthRow{Name: name, Value: m.value, Z: fixed(m.r.Z, 2),
			Percentile: fixed(m.r.Percentile, 1), Flag: m.r.Flag, Outside: math.Abs(m.r.Z) > 2})
		// ChartSVG escapes every text it writes (the title, the axis and
		// tick labels and the point's label go through html.EscapeString)
		// and its attributes are numbers or fixed strings, so its output
		// can be embedded as it is.
		svg, err := growth.ChartSVG(m.ind, sex, []growth.Point{{X: m.x, Y: m.y, Label: pointLabel}})
		if err == nil {
			res.Charts = append(res.Charts, growthChart{Title: name, SVG: template.HTML(svg)})
		}
	}

	w := out.WST423
	for _, s := range []struct {
		code string
		r    *growth.WST423Indicator
	}{{"wfa", w.WFA}, {"lhfa", w.LHFA}, {wflh.Code(), w.WFLH}, {"bfa", w.BFA}, {"hcfa", w.HCFA}} {
		if s.r == nil {
			continue
		}
		row := wstRow{Name: tr("calc.ind." + s.code), Level: tr("calc.wst.level." + s.r.Level), Table: s.r.Table, Finding: s.r.Status != ""}
		switch {
		case s.r.Status != "":
			row.Status = tr("calc.wst.status." + s.r.Status)
		case s.code == "hcfa": // head circumference has growth levels only
			row.Status = "—"
		default:
			row.Status = tr("calc.wst.status.normal")
		}
		res.WST = append(res.WST, row)
	}

	c := out.WHOClass
	for _, f := range []struct {
		condition string
		f         *growth.WHOFinding
	}{{"stunting", c.Stunting}, {"underweight", c.Underweight}, {"wasting", c.Wasting}, {"overweight", c.Overweight}, {"obesity", c.Obesity}} {
		if f.f == nil {
			continue
		}
		finding := tr("calc.who." + f.f.Code)
		if f.f.Code == "none" {
			finding = tr("calc.who.none." + f.condition)
		}
		basis := f.f.Indicator
		if basis == "wflh" && ind.WFLH != nil {
			basis = ind.WFLH.Table
		}
		res.WHO = append(res.WHO, whoRow{Condition: tr("calc.who.cond." + f.condition), Finding: finding,
			Basis: tr("calc.ind." + basis), Present: f.f.Present, Risk: f.f.Code == "possible_risk_of_overweight"})
	}

	for _, n := range out.Notes {
		if n != growth.NotePositionAdjusted { // shown with the length
			res.Notes = append(res.Notes, tr("calc.note."+n))
		}
	}
	return res
}

// fixed writes v with the given decimals, never as "-0.00".
func fixed(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	return s
}
