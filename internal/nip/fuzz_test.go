package nip

import (
	"testing"
	"time"
)

// FuzzCheck feeds arbitrary dates and records to Check: it must never panic, and a
// result must be consistent with itself.
func FuzzCheck(f *testing.F) {
	f.Add(int64(0), uint16(400), []byte{0, 1, 0, 1, 1, 0})
	f.Add(int64(-9000), uint16(3000), []byte{8, 1, 200, 9, 1, 210, 12, 1, 255, 4, 5, 100})
	f.Add(int64(20000), uint16(0), []byte{99, 0, 0})
	f.Fuzz(func(t *testing.T, birthOffset int64, ageDays uint16, data []byte) {
		codes := append(append([]string{}, cat(t).vaccineOrder...), "??")
		if birthOffset > 3e6 || birthOffset < -3e6 {
			birthOffset %= 3e6
		}
		birth := time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(birthOffset))
		asOf := birth.AddDate(0, 0, int(ageDays)-100)
		var recs []Record
		for i := 0; i+2 < len(data) && len(recs) < 40; i += 3 {
			date := birth.AddDate(0, 0, int(data[i+2])*12-10).Format(dateLayout)
			if data[i+2] == 255 {
				date = "not a date"
			}
			recs = append(recs, Record{Vaccine: codes[int(data[i])%len(codes)], Dose: int(data[i+1]%7) - 1, Date: date})
		}
		res, err := Check(birth, asOf, recs)
		if err != nil {
			if len(FieldErrors(err)) == 0 {
				t.Fatalf("error without field: %v", err)
			}
			return
		}
		missing := 0
		for _, d := range res.Doses {
			switch d.Status {
			case StatusDone:
				if d.GivenDate == "" {
					t.Fatalf("done without date: %+v", d)
				}
			case StatusDue, StatusOverdue, StatusUpcoming:
				if d.GivenDate != "" || d.GivenAs != "" {
					t.Fatalf("not done but given: %+v", d)
				}
			default:
				t.Fatalf("bad status %+v", d)
			}
			if _, err := time.Parse(dateLayout, d.Earliest); err != nil {
				t.Fatalf("bad earliest %+v", d)
			}
			if d.Status == StatusDue && d.Earliest > asOf.Format(dateLayout) {
				t.Fatalf("due before its earliest date: %+v as of %s", d, asOf.Format(dateLayout))
			}
		}
		for _, d := range res.CatchUp {
			if d.Status == StatusDone {
				t.Fatalf("catch-up lists a done dose: %+v", d)
			}
			missing++
		}
		if res.Complete != (missing == 0) {
			t.Fatalf("complete=%v with %d catch-up doses", res.Complete, missing)
		}
	})
}

func cat(t testing.TB) *catalog {
	c, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func BenchmarkCheck(b *testing.B) {
	birth, asOf := day(b, "2025-03-01"), day(b, "2026-05-01")
	recs := onTime2025()
	for b.Loop() {
		if _, err := Check(birth, asOf, recs); err != nil {
			b.Fatal(err)
		}
	}
}
