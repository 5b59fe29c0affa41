package nip

import (
	"testing"
	"time"
)

// §6.3 general principles: late doses → catch up only the missing doses, never
// restart. HepB: 1→2 ≥ 28 days, 2→3 ≥ 60 days, dose 3 < 12 months.
func TestCatchUpNeverRestarts(t *testing.T) {
	res := mustCheck(t, "2024-06-10", "2025-08-01", []Record{{HepB, 1, "2024-06-10"}})
	assertDose(t, res, want{HepB, 1, "2024-06-10", "2024-06-12", StatusDone, "2024-06-10", ""})
	// Dose 2 (1 month, no deadline) is due, not dose 1 again.
	assertDose(t, res, want{HepB, 2, "2024-07-10", "", StatusDue, "", ""})
	// Dose 3: its deadline (12 months) has passed; it can be given 60 days after
	// dose 2, itself given from the as-of date at the soonest.
	assertDose(t, res, want{HepB, 3, "2025-09-30", "2025-06-10", StatusOverdue, "", ""})

	res = mustCheck(t, "2024-06-10", "2025-08-01", []Record{{HepB, 1, "2024-06-10"}, {HepB, 2, "2025-08-01"}})
	assertDose(t, res, want{HepB, 2, "2024-07-10", "", StatusDone, "2025-08-01", ""})
	assertDose(t, res, want{HepB, 3, "2025-09-30", "2025-06-10", StatusOverdue, "", ""})
	n := 0
	for _, d := range res.Doses {
		if d.Vaccine == HepB {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d HepB doses, want 3 (no extra doses on catch-up)", n)
	}

	// DTaP started late continues at dose 3 (2025 schedule: 6 months, < 12 months).
	res = mustCheck(t, "2024-06-10", "2025-08-01", []Record{{DTaP, 1, "2024-08-10"}, {DTaP, 2, "2024-10-10"}})
	assertDose(t, res, want{DTaP, 3, "2024-12-10", "2025-06-10", StatusOverdue, "", ""})
}

// A dose whose minimum interval after the previous dose has not elapsed is not yet
// due (issue rule; §6.3 DTaP primary doses ≥ 28 days apart).
func TestIntervalHoldsDoseBack(t *testing.T) {
	res := mustCheck(t, "2025-03-01", "2025-09-05", []Record{{DTaP, 1, "2025-08-20"}})
	assertDose(t, res, want{DTaP, 1, "2025-05-01", "", StatusDone, "2025-08-20", ""})
	// Minimum age 4 months (2025-07-01) reached, but 2025-08-20 + 28 days is later.
	assertDose(t, res, want{DTaP, 2, "2025-09-17", "", StatusUpcoming, "", ""})
	// 28 days after dose 2 at the soonest.
	assertDose(t, res, want{DTaP, 3, "2025-10-15", "2026-03-01", StatusUpcoming, "", ""})
	// Both are missing for the admission check: their minimum ages have passed.
	missing := map[int]bool{}
	for _, d := range res.CatchUp {
		if d.Vaccine == DTaP {
			missing[d.Dose] = true
		}
	}
	if !missing[2] || !missing[3] || missing[4] {
		t.Errorf("DTaP catch-up = %v, want doses 2 and 3", missing)
	}
}

// Where §6.3 gives no interval (MMR 1→2), Settings.UnstatedIntervalDays applies.
func TestUnstatedIntervalSetting(t *testing.T) {
	recs := []Record{{MMR, 1, "2026-08-20"}}
	res := mustCheck(t, "2025-03-01", "2026-09-01", recs)
	// Default 28 days: 2026-08-20 + 28 = 2026-09-17, later than 18 months (2026-09-01).
	assertDose(t, res, want{MMR, 2, "2026-09-17", "2027-03-01", StatusUpcoming, "", ""})

	s := DefaultSettings()
	s.UnstatedIntervalDays = 60
	res, err := s.Check(day(t, "2025-03-01"), SexUnknown, day(t, "2026-09-01"), recs)
	if err != nil {
		t.Fatal(err)
	}
	assertDose(t, res, want{MMR, 2, "2026-10-19", "2027-03-01", StatusUpcoming, "", ""})
}

// §6.3 [C]: two live injectable vaccines not given the same day must be ≥ 28 days
// apart.
func TestLiveVaccineGap(t *testing.T) {
	recs := append(onTime2025(), Record{MMR, 2, "2026-09-10"})
	// HepA-L is possible from 18 months (2026-09-01); MMR 2 on 2026-09-10 pushes it to
	// 2026-10-08.
	res := mustCheck(t, "2025-03-01", "2026-09-20", recs)
	assertDose(t, res, want{HepAL, 1, "2026-10-08", "2027-03-01", StatusUpcoming, "", ""})
	// On the day MMR 2 was given, HepA-L could be given the same day: due.
	res = mustCheck(t, "2025-03-01", "2026-09-10", recs)
	assertDose(t, res, want{HepAL, 1, "2026-09-01", "2027-03-01", StatusDue, "", ""})
	// DTaP is not live: not held back.
	res = mustCheck(t, "2025-03-01", "2026-09-20", recs)
	assertDose(t, res, want{DTaP, 4, "2026-09-01", "2027-03-01", StatusDue, "", ""})
}

// JE-L and HepA-L are the defaults; JE-I and HepA-I records count towards them and
// switch the series to the inactivated schedule (§6.2: JE-I 1,2 at 8 months 7-10
// days apart, 3 at 2 years, 4 at 6 years; HepA-I 1 at 18 months, 2 at 2 years;
// §6.3: JE-I 3 and HepA-I 2 < 3 years, JE-I 4 < 7 years, HepA-I 1→2 ≥ 6 months).
func TestInactivatedAlternativesCount(t *testing.T) {
	res := mustCheck(t, "2024-06-10", "2026-07-01", []Record{
		{JEI, 1, "2025-02-10"}, {JEI, 2, "2025-02-17"}, {HepAI, 1, "2025-12-10"},
	})
	assertDose(t, res, want{JEL, 1, "2025-02-10", "2025-06-10", StatusDone, "2025-02-10", JEI})
	assertDose(t, res, want{JEI, 2, "2025-02-17", "", StatusDone, "2025-02-17", ""})
	assertDose(t, res, want{JEL, 2, "2026-06-10", "2027-06-10", StatusDue, "", ""})
	assertDose(t, res, want{JEI, 4, "2030-06-10", "2031-06-10", StatusUpcoming, "", ""})
	assertDose(t, res, want{HepAL, 1, "2025-12-10", "2026-06-10", StatusDone, "2025-12-10", HepAI})
	assertDose(t, res, want{HepAI, 2, "2026-06-10", "2027-06-10", StatusDue, "", ""})

	// JE-I 3 then fills JE-L 2.
	res = mustCheck(t, "2024-06-10", "2026-07-01", []Record{
		{JEI, 1, "2025-02-10"}, {JEI, 2, "2025-02-17"}, {JEI, 3, "2026-06-15"},
	})
	assertDose(t, res, want{JEL, 2, "2026-06-10", "2027-06-10", StatusDone, "2026-06-15", JEI})

	// On the inactivated series the JE-L 1→2 interval of 12 months (§6.3, live) does
	// not apply: JE-I 3 follows JE-I 2 by the unstated-interval default.
	res = mustCheck(t, "2024-06-10", "2026-07-01", []Record{
		{JEI, 1, "2025-10-01"}, {JEI, 2, "2025-10-08"}, {JEI, 3, "2026-06-15"},
	})
	assertDose(t, res, want{JEL, 2, "2026-06-10", "2027-06-10", StatusDone, "2026-06-15", JEI})

	// Only JE-I 1 given: JE-I 2 is due 7 days later (§6.2: 7-10 days apart).
	res = mustCheck(t, "2024-06-10", "2025-02-12", []Record{{JEI, 1, "2025-02-10"}})
	assertDose(t, res, want{JEI, 2, "2025-02-17", "", StatusUpcoming, "", ""})

	// Without an inactivated record the live series applies and JE-I doses are absent.
	res = mustCheck(t, "2024-06-10", "2026-07-01", []Record{{JEL, 1, "2025-02-10"}})
	if hasDose(res, JEI, 2) || hasDose(res, JEI, 4) || hasDose(res, HepAI, 2) {
		t.Errorf("inactivated doses listed on the live series:%s", describe(res.Doses))
	}
	// §6.3: JE-L 1→2 ≥ 12 months.
	assertDose(t, res, want{JEL, 2, "2026-06-10", "2027-06-10", StatusDue, "", ""})
}

// Polio is one series of four doses (§6.2); §6.4: doses of IPV-containing vaccines
// count, and a polio dose given as bOPV under an older schedule counts too.
func TestPolioDosesOfEitherVaccineCount(t *testing.T) {
	res := mustCheck(t, "2025-03-01", "2025-08-01", []Record{
		{IPV, 1, "2025-05-01"}, {BOPV, 2, "2025-06-01"}, {IPV, 3, "2025-07-01"},
	})
	assertDose(t, res, want{IPV, 2, "2025-06-01", "", StatusDone, "2025-06-01", BOPV})
	assertDose(t, res, want{BOPV, 3, "2025-07-01", "2026-03-01", StatusDone, "2025-07-01", IPV})
}

// §6.3: BCG < 3 months direct, 3 months-3 years after a negative PPD test, ≥ 4 years
// no catch-up: a child of 4 without BCG has no BCG dose to catch up.
func TestBCGNotCaughtUpFrom4Years(t *testing.T) {
	res := mustCheck(t, "2020-03-15", "2023-06-01", nil)
	assertDose(t, res, want{BCG, 1, "2020-03-15", "2020-06-15", StatusOverdue, "", ""})
	res = mustCheck(t, "2020-03-15", "2024-03-15", nil)
	if hasDose(res, BCG, 1) {
		t.Error("BCG listed from 4 years")
	}
	// Given BCG stays listed as done at any age.
	res = mustCheck(t, "2020-03-15", "2024-06-01", []Record{{BCG, 1, "2020-03-16"}})
	assertDose(t, res, want{BCG, 1, "2020-03-15", "2020-06-15", StatusDone, "2020-03-16", ""})
}

// Month arithmetic clamps to the end of a shorter month (doc.go).
func TestMonthEndBirth(t *testing.T) {
	res := mustCheck(t, "2024-01-31", "2024-03-01", []Record{{HepB, 1, "2024-01-31"}, {BCG, 1, "2024-01-31"}})
	assertDose(t, res, want{HepB, 2, "2024-02-29", "", StatusDue, "", ""})
	assertDose(t, res, want{BCG, 1, "2024-01-31", "2024-04-30", StatusDone, "2024-01-31", ""})
	// 2021 edition (as of 2024): IPV 1 at 2 months, DTaP 1 at 3 months.
	assertDose(t, res, want{IPV, 1, "2024-03-31", "", StatusUpcoming, "", ""})
	assertDose(t, res, want{DTaP, 1, "2024-04-30", "", StatusUpcoming, "", ""})
	// 12 months: 2025-01-31.
	assertDose(t, res, want{HepB, 3, "2024-07-31", "2025-01-31", StatusUpcoming, "", ""})
}

func TestAddMonths(t *testing.T) {
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2024-01-31", 1, "2024-02-29"},
		{"2023-01-31", 1, "2023-02-28"},
		{"2024-03-31", 6, "2024-09-30"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2020-02-29", 48, "2024-02-29"},
		{"2024-12-15", 1, "2025-01-15"},
		{"2024-08-31", -6, "2024-02-29"},
		{"2025-01-15", -1, "2024-12-15"},
		{"2024-06-10", 0, "2024-06-10"},
	}
	for _, c := range cases {
		if got := formatDate(addMonths(day(t, c.from), c.n)); got != c.want {
			t.Errorf("%s + %d months = %s, want %s", c.from, c.n, got, c.want)
		}
	}
}

func TestParseSpan(t *testing.T) {
	base := day(t, "2024-01-31")
	for in, want := range map[string]string{"28d": "2024-02-28", "1m": "2024-02-29", "1y": "2025-01-31", "0d": "2024-01-31"} {
		s, err := parseSpan(in)
		if err != nil {
			t.Fatalf("parseSpan(%q): %v", in, err)
		}
		if got := formatDate(s.after(base)); got != want {
			t.Errorf("%s after 2024-01-31 = %s, want %s", in, got, want)
		}
	}
	for _, bad := range []string{"", "d", "3w", "-1m", "xm", "99999y"} {
		if _, err := parseSpan(bad); err == nil {
			t.Errorf("parseSpan(%q) accepted", bad)
		}
	}
}

// Times with a clock or a zone are taken as the calendar date they show.
func TestClockAndZoneIgnored(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	birth := time.Date(2025, 3, 1, 23, 30, 0, 0, shanghai)
	asOf := time.Date(2026, 5, 1, 0, 15, 0, 0, shanghai)
	res, err := Check(birth, asOf, onTime2025())
	if err != nil {
		t.Fatal(err)
	}
	want := mustCheck(t, "2025-03-01", "2026-05-01", onTime2025())
	if describe(res.Doses) != describe(want.Doses) {
		t.Errorf("zoned result differs:%s\nwant:%s", describe(res.Doses), describe(want.Doses))
	}
}
