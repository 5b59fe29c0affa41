package nip

import (
	"errors"
	"testing"
	"time"
)

func TestInputErrors(t *testing.T) {
	birth, asOf := "2025-03-01", "2026-05-01"
	cases := []struct {
		name        string
		birth, asOf string
		records     []Record
		field       string
	}{
		{"as_of before birth", birth, "2025-02-28", nil, "as_of"},
		{"birth year out of range", "1800-01-01", asOf, nil, "birth"},
		{"unknown vaccine", birth, asOf, []Record{{HepB, 1, "2025-03-01"}, {BCG, 1, "2025-03-01"}, {"OPV", 1, "2025-05-01"}}, "records[2].vaccine"},
		{"lower-case code", birth, asOf, []Record{{"hepb", 1, "2025-03-01"}}, "records[0].vaccine"},
		{"dose 0", birth, asOf, []Record{{MMR, 0, "2025-11-01"}}, "records[0].dose"},
		{"dose above range", birth, asOf, []Record{{MMR, 3, "2025-11-01"}}, "records[0].dose"},
		{"bad date", birth, asOf, []Record{{MMR, 1, "2025-13-01"}}, "records[0].date"},
		{"date with time", birth, asOf, []Record{{MMR, 1, "2025-11-01T00:00:00Z"}}, "records[0].date"},
		{"date before birth", birth, asOf, []Record{{HepB, 1, "2025-02-28"}}, "records[0].date"},
		{"date after as_of", birth, asOf, []Record{{HepB, 1, "2026-05-02"}}, "records[0].date"},
		{"duplicate", birth, asOf, []Record{{HepB, 1, "2025-03-01"}, {HepB, 1, "2025-03-02"}}, "records[1]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Check(day(t, c.birth), day(t, c.asOf), c.records)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want *InputError", err)
			}
			if ie.Field != c.field || ie.Message == "" {
				t.Errorf("field %q (%s), want %q", ie.Field, ie.Message, c.field)
			}
		})
	}
}

func TestInputErrorsAllReported(t *testing.T) {
	_, err := Check(day(t, "2025-03-01"), day(t, "2026-05-01"), []Record{
		{"XX", 1, "2025-03-01"}, {HepB, 9, "2025-03-01"}, {BCG, 1, "2024-01-01"},
	})
	var fields []string
	for _, ie := range FieldErrors(err) {
		fields = append(fields, ie.Field)
	}
	want := []string{"records[0].vaccine", "records[1].dose", "records[2].date"}
	if len(fields) != len(want) {
		t.Fatalf("fields %v, want %v", fields, want)
	}
	for i := range want {
		if fields[i] != want[i] {
			t.Errorf("fields %v, want %v", fields, want)
		}
	}
	if FieldErrors(nil) != nil || FieldErrors(ErrSettings) != nil {
		t.Error("FieldErrors found input errors where there are none")
	}
}

func TestInvalidSex(t *testing.T) {
	_, err := DefaultSettings().Check(day(t, "2013-03-01"), Sex("X"), day(t, "2026-09-01"), nil)
	var ie *InputError
	if !errors.As(err, &ie) || ie.Field != "sex" {
		t.Errorf("err = %v, want field sex", err)
	}
}

// A record on the birth date and on the as-of date is accepted (bounds inclusive).
func TestRecordDateBoundsInclusive(t *testing.T) {
	res := mustCheck(t, "2025-03-01", "2025-04-01", []Record{{HepB, 1, "2025-03-01"}, {HepB, 2, "2025-04-01"}})
	assertDose(t, res, want{HepB, 2, "2025-04-01", "", StatusDone, "2025-04-01", ""})
	// Same day birth and as-of: the birth doses are due.
	res, err := Check(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), nil)
	if err != nil {
		t.Fatal(err)
	}
	assertDose(t, res, want{HepB, 1, "2025-03-01", "2025-03-03", StatusDue, "", ""})
}
