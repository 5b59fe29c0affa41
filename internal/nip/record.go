package nip

import (
	"strconv"
	"time"
)

// Record is one dose on the vaccination certificate. Dose numbers follow the
// schedule table (§6.2): polio doses are numbered 1-4 across IPV and bOPV (IPV 1-2,
// bOPV 3-4), MPSV-AC doses 1-2.
type Record struct {
	Vaccine string `json:"vaccine"`
	Dose    int    `json:"dose"`
	Date    string `json:"date"` // YYYY-MM-DD
}

// given is a validated record.
type given struct {
	key  doseKey
	date time.Time
}

// Dates outside these years cannot be written as YYYY-MM-DD or are not a child's.
const (
	minYear = 1900
	maxYear = 9999
)

func checkDay(field string, d time.Time) *InputError {
	if y := d.Year(); y < minYear || y > maxYear {
		return inputErrorf(field, "date must be between %d and %d", minYear, maxYear)
	}
	return nil
}

// validateInput checks every input and returns one error per problem found.
func (cat *catalog) validateInput(birth time.Time, sex Sex, asOf time.Time, records []Record) ([]given, []error) {
	var errs []error
	birthOK, asOfOK := true, true
	if e := checkDay("birth", birth); e != nil {
		errs, birthOK = append(errs, e), false
	}
	if e := checkDay("as_of", asOf); e != nil {
		errs, asOfOK = append(errs, e), false
	}
	if birthOK && asOfOK && asOf.Before(birth) {
		errs = append(errs, inputErrorf("as_of", "as_of %s is before the birth date %s", formatDate(asOf), formatDate(birth)))
	}
	if sex != SexUnknown && sex != SexFemale && sex != SexMale {
		errs = append(errs, inputErrorf("sex", "sex must be %q, %q or empty", SexFemale, SexMale))
	}
	out := make([]given, 0, len(records))
	seen := make(map[doseKey]int, len(records))
	for i, r := range records {
		prefix := "records[" + strconv.Itoa(i) + "]"
		ok := true
		v, known := cat.vaccines[r.Vaccine]
		if !known {
			errs, ok = append(errs, inputErrorf(prefix+".vaccine", "unknown vaccine code %q", r.Vaccine)), false
		} else if r.Dose < 1 || r.Dose > v.MaxDose {
			errs, ok = append(errs, inputErrorf(prefix+".dose", "%s dose must be 1 to %d, got %d", r.Vaccine, v.MaxDose, r.Dose)), false
		}
		d, err := time.Parse(dateLayout, r.Date)
		switch {
		case err != nil:
			errs, ok = append(errs, inputErrorf(prefix+".date", "date must be YYYY-MM-DD, got %q", r.Date)), false
		case checkDay(prefix+".date", d) != nil:
			errs, ok = append(errs, checkDay(prefix+".date", d)), false
		case birthOK && d.Before(birth):
			errs, ok = append(errs, inputErrorf(prefix+".date", "date %s is before the birth date %s", r.Date, formatDate(birth))), false
		case asOfOK && d.After(asOf):
			errs, ok = append(errs, inputErrorf(prefix+".date", "date %s is after as_of %s", r.Date, formatDate(asOf))), false
		}
		if !ok {
			continue
		}
		k := doseKey{r.Vaccine, r.Dose}
		if j, dup := seen[k]; dup {
			errs = append(errs, inputErrorf(prefix, "%s dose %d is already recorded in records[%d]", r.Vaccine, r.Dose, j))
			continue
		}
		seen[k] = i
		out = append(out, given{key: k, date: d})
	}
	return out, errs
}
