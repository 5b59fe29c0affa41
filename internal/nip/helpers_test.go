package nip

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func day(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(dateLayout, s)
	if err != nil {
		t.Fatalf("bad test date %q: %v", s, err)
	}
	return d
}

func mustCheck(t testing.TB, birth, asOf string, recs []Record) Result {
	t.Helper()
	res, err := Check(day(t, birth), day(t, asOf), recs)
	if err != nil {
		t.Fatalf("Check(%s, %s): %v", birth, asOf, err)
	}
	return res
}

func findDose(t testing.TB, res Result, vaccine string, dose int) Dose {
	t.Helper()
	for _, d := range res.Doses {
		if d.Vaccine == vaccine && d.Dose == dose {
			return d
		}
	}
	t.Fatalf("no %s %d in result %s", vaccine, dose, describe(res.Doses))
	return Dose{}
}

func hasDose(res Result, vaccine string, dose int) bool {
	for _, d := range res.Doses {
		if d.Vaccine == vaccine && d.Dose == dose {
			return true
		}
	}
	return false
}

func describe(ds []Dose) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "\n  %s %d earliest=%s before=%s %s given=%s as=%s",
			d.Vaccine, d.Dose, d.Earliest, d.CompleteBefore, d.Status, d.GivenDate, d.GivenAs)
	}
	return b.String()
}

// want is an expected dose row: vaccine, dose, earliest, complete before, status,
// given date, given as.
type want struct {
	vaccine        string
	dose           int
	earliest       string
	completeBefore string
	status         string
	given          string
	givenAs        string
}

func (w want) asDose() Dose {
	return Dose{Vaccine: w.vaccine, Dose: w.dose, Earliest: w.earliest, CompleteBefore: w.completeBefore,
		Status: w.status, GivenDate: w.given, GivenAs: w.givenAs}
}

func assertDoses(t *testing.T, got []Dose, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Fatalf("got %d doses, want %d:%s", len(got), len(wants), describe(got))
	}
	for i, w := range wants {
		if got[i] != w.asDose() {
			t.Errorf("row %d:\n got  %+v\n want %+v", i, got[i], w.asDose())
		}
	}
}

func assertDose(t *testing.T, res Result, w want) {
	t.Helper()
	if got := findDose(t, res, w.vaccine, w.dose); got != w.asDose() {
		t.Errorf("%s %d:\n got  %+v\n want %+v", w.vaccine, w.dose, got, w.asDose())
	}
}
