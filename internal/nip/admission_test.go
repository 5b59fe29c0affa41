package nip

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// Admission check (入托查验, §2.2, §6.5): complete means every dose whose minimum age
// has been reached is done; later doses are upcoming, not missing.
func TestAdmissionCheckCompleteAtTwoYears(t *testing.T) {
	recs := append(onTime2025(),
		Record{DTaP, 4, "2026-09-01"}, Record{MMR, 2, "2026-09-01"}, Record{HepAL, 1, "2026-09-01"},
		Record{JEL, 2, "2027-03-01"})
	res := mustCheck(t, "2025-03-01", "2027-03-10", recs)
	if !res.Complete || len(res.CatchUp) != 0 {
		t.Fatalf("complete=%v catch-up=%s, want complete", res.Complete, describe(res.CatchUp))
	}
	// Doses at 3, 4 and 6 years are upcoming, not missing.
	for _, d := range []want{
		{MPSVAC, 1, "2028-03-01", "2029-03-01", StatusUpcoming, "", ""},
		{BOPV, 4, "2029-03-01", "2030-03-01", StatusUpcoming, "", ""},
		{DTaP, 5, "2031-03-01", "2032-03-01", StatusUpcoming, "", ""},
		{MPSVAC, 2, "2031-03-01", "2032-03-01", StatusUpcoming, "", ""},
	} {
		assertDose(t, res, d)
	}
}

// A child of 2 years 3 months with nothing recorded: every dose up to the 2-year
// doses of §6.2 is to be caught up, in age order; the 3, 4 and 6-year doses are not.
func TestAdmissionCheckListsCatchUpDoses(t *testing.T) {
	res := mustCheck(t, "2024-06-10", "2026-09-01", nil)
	if res.Complete {
		t.Fatal("complete with no records")
	}
	var got []string
	for _, d := range res.CatchUp {
		got = append(got, d.Vaccine+" "+strconv.Itoa(d.Dose))
	}
	expected := []string{
		"HepB 1", "BCG 1", "HepB 2", "IPV 1", "DTaP 1", "IPV 2", "bOPV 3", "DTaP 2",
		"HepB 3", "DTaP 3", "MPSV-A 1", "MMR 1", "JE-L 1", "MPSV-A 2", "DTaP 4", "MMR 2",
		"HepA-L 1", "JE-L 2",
	}
	if strings.Join(got, ", ") != strings.Join(expected, ", ") {
		t.Errorf("catch-up:\n got  %s\n want %s", strings.Join(got, ", "), strings.Join(expected, ", "))
	}
	// BCG at 2 years: overdue (< 3 months), still caught up (3 months-3 years, §6.3).
	assertDose(t, res, want{BCG, 1, "2024-06-10", "2024-09-10", StatusOverdue, "", ""})
	// The first doses are due now; the ones behind them wait for their intervals.
	assertDose(t, res, want{HepB, 2, "2026-09-29", "", StatusUpcoming, "", ""})
	assertDose(t, res, want{HepB, 1, "2024-06-10", "2024-06-12", StatusOverdue, "", ""})
	assertDose(t, res, want{IPV, 1, "2024-08-10", "", StatusDue, "", ""})
}

func TestResultJSONShape(t *testing.T) {
	res := mustCheck(t, "2025-03-01", "2026-05-01", onTime2025())
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, part := range []string{`"edition":"2025-dtap"`, `"complete":true`, `"catch_up":[]`,
		`{"vaccine":"HepB","dose":1,"earliest":"2025-03-01","complete_before":"2025-03-03","status":"done","given_date":"2025-03-01"}`,
		`{"vaccine":"DTaP","dose":4,"earliest":"2026-09-01","complete_before":"2027-03-01","status":"upcoming"}`} {
		if !strings.Contains(s, part) {
			t.Errorf("JSON lacks %s:\n%s", part, s)
		}
	}
}
