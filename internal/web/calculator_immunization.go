package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"tuoyu/internal/domain"
	"tuoyu/internal/i18n"
	"tuoyu/internal/nip"
)

// The vaccination calculator: the National Immunization Programme schedule
// of one child from the doses on the vaccination certificate, and the
// nursery admission check (入托查验). Anyone may use it and nothing is
// stored; the form is sent with GET like the growth calculator's.

// The dose rows of the form: vaccine_<i>, dose_<i>, date_<i>. The form
// offers doseRowsDefault rows, and doseRowsSpare more than are filled in
// once it has been sent; the "add rows" button asks for doseRowsSpare more.
// The schedule has about 30 doses, so doseRowsMax leaves room for extras.
const (
	doseRowsDefault = 8
	doseRowsSpare   = 4
	doseRowsMax     = 40
)

func doseRowNames(i int) (vaccine, dose, date string) {
	n := strconv.Itoa(i)
	return "vaccine_" + n, "dose_" + n, "date_" + n
}

// vaccineOptions offers the programme's vaccines by their Chinese names, as
// the vaccination certificate writes them, with the code (and, in English,
// the English name).
func vaccineOptions(lang string) []Option {
	vs := nip.Vaccines()
	out := make([]Option, len(vs))
	for i, v := range vs {
		label := v.NameZh + " " + v.Code
		if lang == "en" {
			label += " (" + v.NameEn + ")"
		}
		out[i] = Option{Value: v.Code, Label: label}
	}
	return out
}

type immunizationData struct {
	Form calcForm
	Rows []doseRowFields
	// MoreRows is the number of rows the "add rows" button asks for.
	MoreRows int
	Result   *immunizationResult
}

type doseRowFields struct {
	No                  int
	Vaccine, Dose, Date Field
}

type immunizationResult struct {
	AsOf, Edition, EditionFrom string
	Complete                   bool
	CatchUp, Doses             []doseView
}

// doseView is one dose of the schedule ready to show.
type doseView struct {
	Vaccine, Code, Dose, Earliest, CompleteBefore string
	Status, StatusLabel, Given, GivenAs           string
}

// immunizationPage shows the form and, when it was sent, the schedule and
// the admission check.
func (wb *Web) immunizationPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := newPage(r, "calc.imm.title")
	p.Active = "calc_immunization"
	lang := p.Lang
	for _, name := range []string{"birth_date", "as_of", "sex"} {
		p.Form.Set(name, strings.TrimSpace(q.Get(name)))
	}
	present, filled := 0, 0
	for i := 0; i < doseRowsMax; i++ {
		for _, name := range []string{"vaccine_" + strconv.Itoa(i), "dose_" + strconv.Itoa(i), "date_" + strconv.Itoa(i)} {
			if !q.Has(name) {
				continue
			}
			present = i + 1
			v := strings.TrimSpace(q.Get(name))
			p.Form.Set(name, v)
			if v != "" {
				filled = i + 1
			}
		}
	}
	rows := max(doseRowsDefault, filled+doseRowsSpare)
	adding := q.Has("rows")
	if adding {
		n, _ := strconv.Atoi(q.Get("rows"))
		rows = max(rows, present, n)
	}
	rows = min(rows, doseRowsMax)
	if p.Form.Get("as_of") == "" {
		p.Form.Set("as_of", wb.svc.Today().Format(time.DateOnly))
	}

	problems := calcProblems{}
	status := http.StatusOK
	var d immunizationData
	if q.Has("birth_date") && !adding {
		var err error
		d.Result, err = checkImmunization(lang, p.Form, present, problems)
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		if d.Result == nil {
			status = http.StatusUnprocessableEntity
		}
	}

	sexes := []Option{{"female", i18n.T(lang, "calc.sex.female")}, {"male", i18n.T(lang, "calc.sex.male")}}
	inputs := []calcInput{
		{name: "birth_date", typ: "date", label: "calc.f.birth_date"},
		{name: "as_of", typ: "date", label: "calc.f.as_of"},
		{name: "sex", typ: "select", label: "calc.f.sex_optional", options: sexes, blank: "calc.sex.unknown"},
	}
	vaccines := vaccineOptions(lang)
	for i := 0; i < rows; i++ {
		v, n, dt := doseRowNames(i)
		where := i18n.T(lang, "calc.imm.row", i+1) + " · "
		inputs = append(inputs,
			calcInput{name: v, typ: "select", label: "calc.f.vaccine", options: vaccines, blank: "form.choose", where: where},
			calcInput{name: n, typ: "int", label: "calc.f.dose", where: where},
			calcInput{name: dt, typ: "date", label: "calc.f.given_on", where: where})
	}
	d.Form = buildCalcForm(lang, p.Form, inputs, problems)
	for i := 0; i < rows; i++ {
		v, n, dt := doseRowNames(i)
		d.Rows = append(d.Rows, doseRowFields{No: i + 1, Vaccine: d.Form.Fields[v], Dose: d.Form.Fields[n], Date: d.Form.Fields[dt]})
	}
	d.MoreRows = min(rows+doseRowsSpare, doseRowsMax)
	p.Data = d
	wb.render(w, r, status, "immunization", p)
}

// checkImmunization reads the form's first rows rows and applies the
// schedule. A refused form gives a nil result with its problems in
// problems; err is for failures that are not the reader's.
func checkImmunization(lang string, form url.Values, rows int, problems calcProblems) (*immunizationResult, error) {
	get := form.Get
	date := func(name string) time.Time {
		v := get(name)
		if v == "" {
			problems.add(lang, name, domain.ReasonRequired)
			return time.Time{}
		}
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			problems.add(lang, name, domain.ReasonDate)
		}
		return t
	}
	birth, asOf := date("birth_date"), date("as_of")
	var sex nip.Sex
	switch get("sex") {
	case "":
	case "female":
		sex = nip.SexFemale
	case "male":
		sex = nip.SexMale
	default:
		problems.add(lang, "sex", domain.ReasonNotAllowed)
	}
	var records []nip.Record
	var rowOf []int // the form row of each record
	for i := 0; i < rows; i++ {
		vName, nName, dName := doseRowNames(i)
		v, n, dt := get(vName), get(nName), get(dName)
		if v == "" && n == "" && dt == "" {
			continue
		}
		rec := nip.Record{Vaccine: v, Date: dt}
		if v == "" {
			problems.add(lang, vName, domain.ReasonRequired)
		}
		if n == "" {
			problems.add(lang, nName, domain.ReasonRequired)
		} else if dose, err := strconv.Atoi(n); err != nil {
			problems.add(lang, nName, reasonNotWhole)
		} else {
			rec.Dose = dose
		}
		if dt == "" {
			problems.add(lang, dName, domain.ReasonRequired)
		} else if _, err := time.Parse(time.DateOnly, dt); err != nil {
			problems.add(lang, dName, domain.ReasonDate)
		}
		records = append(records, rec)
		rowOf = append(rowOf, i)
	}
	if len(problems) > 0 {
		return nil, nil
	}
	res, err := nip.DefaultSettings().Check(birth, sex, asOf, records)
	if err != nil {
		fes := nip.FieldErrors(err)
		if len(fes) == 0 {
			return nil, err
		}
		for _, fe := range fes {
			name, key, args := nipProblem(fe, records, rowOf)
			problems.add(lang, name, key, args...)
		}
		return nil, nil
	}
	return immunizationView(lang, asOf, res), nil
}

var recordField = regexp.MustCompile(`^records\[(\d+)\](?:\.(vaccine|dose|date))?$`)
var recordRef = regexp.MustCompile(`records\[(\d+)\]`)

// nipProblem places an input error of the schedule on the form: the input
// it is about, a catalog key and its arguments. The package's messages are
// English sentences; the limits they quote are read from its data.
func nipProblem(fe *nip.InputError, records []nip.Record, rowOf []int) (string, string, []any) {
	m := fe.Message
	name := fe.Field
	part := ""
	k := -1
	switch fe.Field {
	case "birth":
		name = "birth_date"
	case "as_of", "sex":
	default:
		sm := recordField.FindStringSubmatch(fe.Field)
		if sm == nil {
			return "birth_date", "calc.err.invalid", nil
		}
		k, _ = strconv.Atoi(sm[1])
		if k >= len(rowOf) {
			return "birth_date", "calc.err.invalid", nil
		}
		part = sm[2]
		v, n, dt := doseRowNames(rowOf[k])
		name = map[string]string{"": v, "vaccine": v, "dose": n, "date": dt}[part]
	}
	switch {
	case fe.Field == "sex":
		return name, domain.ReasonNotAllowed, nil
	case strings.Contains(m, "must be between"):
		return name, domain.ReasonRange, nil
	case strings.Contains(m, "before the birth date"):
		return name, "calc.err.before_birth", nil
	case strings.Contains(m, "after as_of"):
		return name, "calc.err.after_as_of", nil
	case strings.Contains(m, "must be YYYY-MM-DD"):
		return name, domain.ReasonDate, nil
	case strings.Contains(m, "unknown vaccine"):
		return name, "calc.err.unknown_vaccine", nil
	case part == "dose" && strings.Contains(m, "dose must be"):
		for _, v := range nip.Vaccines() {
			if v.Code == records[k].Vaccine {
				return name, "calc.err.dose_range", []any{v.MaxDose}
			}
		}
	case part == "" && k >= 0 && strings.Contains(m, "already recorded"):
		if sm := recordRef.FindStringSubmatch(m); sm != nil {
			if j, _ := strconv.Atoi(sm[1]); j < len(rowOf) {
				return name, "calc.err.duplicate_dose", []any{rowOf[j] + 1}
			}
		}
		return name, domain.ReasonDuplicate, nil
	}
	return name, "calc.err.invalid", nil
}

// immunizationView translates a schedule for the page.
func immunizationView(lang string, asOf time.Time, res nip.Result) *immunizationResult {
	tr := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	names := map[string]string{}
	for _, v := range nip.Vaccines() {
		names[v.Code] = v.NameZh
		if lang == "en" {
			names[v.Code] = v.NameEn
		}
	}
	out := &immunizationResult{AsOf: asOf.Format(time.DateOnly), Edition: res.Edition, Complete: res.Complete}
	for _, e := range nip.Editions() {
		if e.ID == res.Edition {
			out.Edition = e.Title
			out.EditionFrom = tr("calc.imm.edition_from", e.Effective)
		}
	}
	if key := "calc.imm.edition." + res.Edition; i18n.Has(key) {
		out.Edition = tr(key)
	}
	view := func(ds []nip.Dose) []doseView {
		vs := make([]doseView, len(ds))
		for i, d := range ds {
			vs[i] = doseView{Vaccine: names[d.Vaccine], Code: d.Vaccine, Dose: tr("calc.imm.dose_n", d.Dose),
				Earliest: d.Earliest, CompleteBefore: d.CompleteBefore, Status: d.Status,
				StatusLabel: tr("calc.imm.status." + d.Status), Given: d.GivenDate}
			if d.GivenAs != "" {
				vs[i].GivenAs = names[d.GivenAs] + " " + d.GivenAs
			}
		}
		return vs
	}
	out.Doses, out.CatchUp = view(res.Doses), view(res.CatchUp)
	return out
}
