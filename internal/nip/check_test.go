package nip

import "testing"

// Expected values in this file are derived by hand from docs/domain-reference.md §6:
// earliest = birth + the table's minimum age (§6.2), or the previous dose + the
// minimum interval of §6.3 when later; complete before = birth + the §6.3 推荐年龄前完成
// age (exclusive). Month arithmetic clamps to month ends (see doc.go).

// Born 2025-03-01, under the 2021 edition with the DTaP change in force since
// 2025-01-01; every dose given on the first day allowed.
func onTime2025() []Record {
	return []Record{
		{HepB, 1, "2025-03-01"}, {BCG, 1, "2025-03-01"}, {HepB, 2, "2025-04-01"},
		{IPV, 1, "2025-05-01"}, {DTaP, 1, "2025-05-01"}, {IPV, 2, "2025-06-01"},
		{BOPV, 3, "2025-07-01"}, {DTaP, 2, "2025-07-01"}, {HepB, 3, "2025-09-01"},
		{DTaP, 3, "2025-09-01"}, {MPSVA, 1, "2025-09-01"}, {MMR, 1, "2025-11-01"},
		{JEL, 1, "2025-11-01"}, {MPSVA, 2, "2025-12-01"},
	}
}

func TestBornUnderDTaPChangeFullSchedule(t *testing.T) {
	res := mustCheck(t, "2025-03-01", "2026-05-01", onTime2025())
	if res.Edition != "2025-dtap" {
		t.Errorf("edition = %q, want 2025-dtap (2026 edition not yet in force on 2026-05-01, §6.1)", res.Edition)
	}
	assertDoses(t, res.Doses, []want{
		// §6.3: HepB 1 within 24 h of birth → complete before birth + 2 days (doc.go).
		{HepB, 1, "2025-03-01", "2025-03-03", StatusDone, "2025-03-01", ""},
		// §6.3: BCG < 3 months.
		{BCG, 1, "2025-03-01", "2025-06-01", StatusDone, "2025-03-01", ""},
		// §6.2 HepB 2 at 1 month; 1→2 ≥ 28 days (2025-03-29) is earlier.
		{HepB, 2, "2025-04-01", "", StatusDone, "2025-04-01", ""},
		// §6.2 IPV 1 and DTaP 1 (from 2025-01-01) at 2 months; no §6.3 deadline.
		{IPV, 1, "2025-05-01", "", StatusDone, "2025-05-01", ""},
		{DTaP, 1, "2025-05-01", "", StatusDone, "2025-05-01", ""},
		{IPV, 2, "2025-06-01", "", StatusDone, "2025-06-01", ""},
		// §6.3 polio 3 < 12 months.
		{BOPV, 3, "2025-07-01", "2026-03-01", StatusDone, "2025-07-01", ""},
		{DTaP, 2, "2025-07-01", "", StatusDone, "2025-07-01", ""},
		// §6.3 HepB 3 < 12 months, ≥ 60 days after dose 2 (2025-05-31).
		{HepB, 3, "2025-09-01", "2026-03-01", StatusDone, "2025-09-01", ""},
		{DTaP, 3, "2025-09-01", "2026-03-01", StatusDone, "2025-09-01", ""},
		{MPSVA, 1, "2025-09-01", "2026-03-01", StatusDone, "2025-09-01", ""},
		{MMR, 1, "2025-11-01", "2026-03-01", StatusDone, "2025-11-01", ""},
		{JEL, 1, "2025-11-01", "2026-03-01", StatusDone, "2025-11-01", ""},
		// §6.3 (2021 and the 2025 change): MPSV-A 2 < 18 months; 1→2 ≥ 3 months.
		{MPSVA, 2, "2025-12-01", "2026-09-01", StatusDone, "2025-12-01", ""},
		// §6.2 18 months; §6.3 DTaP 4 < 24 months and ≥ 6 months after dose 3.
		{DTaP, 4, "2026-09-01", "2027-03-01", StatusUpcoming, "", ""},
		{MMR, 2, "2026-09-01", "2027-03-01", StatusUpcoming, "", ""},
		{HepAL, 1, "2026-09-01", "2027-03-01", StatusUpcoming, "", ""},
		// §6.2 JE-L 2 at 2 years; §6.3 < 3 years.
		{JEL, 2, "2027-03-01", "2028-03-01", StatusUpcoming, "", ""},
		// §6.3 MPSV-AC 1 < 4 years.
		{MPSVAC, 1, "2028-03-01", "2029-03-01", StatusUpcoming, "", ""},
		// §6.3 polio 4 < 5 years.
		{BOPV, 4, "2029-03-01", "2030-03-01", StatusUpcoming, "", ""},
		// §6.2 DTaP 5 at 6 years (from 2025-01-01); §6.3 < 7 years.
		{DTaP, 5, "2031-03-01", "2032-03-01", StatusUpcoming, "", ""},
		// §6.3 MPSV-AC 2 < 7 years, ≥ 3 years after AC 1.
		{MPSVAC, 2, "2031-03-01", "2032-03-01", StatusUpcoming, "", ""},
	})
	if !res.Complete || len(res.CatchUp) != 0 {
		t.Errorf("admission check: complete=%v catch-up=%s, want complete", res.Complete, describe(res.CatchUp))
	}
}

// Born 2026-05-01, before the 2026 edition's date; checked after it, so the 2026
// edition governs the remaining doses (doc.go, §6.1).
func TestBornBefore2026EditionCheckedAfterIt(t *testing.T) {
	res := mustCheck(t, "2026-05-01", "2026-08-20", []Record{
		{HepB, 1, "2026-05-01"}, {BCG, 1, "2026-05-01"}, {HepB, 2, "2026-06-01"},
		{IPV, 1, "2026-07-01"}, {DTaP, 1, "2026-07-01"},
	})
	if res.Edition != "2026" {
		t.Errorf("edition = %q, want 2026", res.Edition)
	}
	assertDoses(t, res.Doses, []want{
		{HepB, 1, "2026-05-01", "2026-05-03", StatusDone, "2026-05-01", ""},
		{BCG, 1, "2026-05-01", "2026-08-01", StatusDone, "2026-05-01", ""},
		{HepB, 2, "2026-06-01", "", StatusDone, "2026-06-01", ""},
		{IPV, 1, "2026-07-01", "", StatusDone, "2026-07-01", ""},
		{DTaP, 1, "2026-07-01", "", StatusDone, "2026-07-01", ""},
		// §6.2 IPV 2 at 3 months; ≥ 28 days after IPV 1 (2026-07-29): due.
		{IPV, 2, "2026-08-01", "", StatusDue, "", ""},
		// bOPV 3 at 4 months, but ≥ 28 days after IPV 2, which can be given from the
		// as-of date 2026-08-20 at the soonest: 2026-09-17.
		{BOPV, 3, "2026-09-17", "2027-05-01", StatusUpcoming, "", ""},
		{DTaP, 2, "2026-09-01", "", StatusUpcoming, "", ""},
		{HepB, 3, "2026-11-01", "2027-05-01", StatusUpcoming, "", ""},
		{DTaP, 3, "2026-11-01", "2027-05-01", StatusUpcoming, "", ""},
		{MPSVA, 1, "2026-11-01", "2027-05-01", StatusUpcoming, "", ""},
		{MMR, 1, "2027-01-01", "2027-05-01", StatusUpcoming, "", ""},
		{JEL, 1, "2027-01-01", "2027-05-01", StatusUpcoming, "", ""},
		// §6.3 (2026): MPSV-A 2 < 24 months.
		{MPSVA, 2, "2027-02-01", "2028-05-01", StatusUpcoming, "", ""},
		{DTaP, 4, "2027-11-01", "2028-05-01", StatusUpcoming, "", ""},
		{MMR, 2, "2027-11-01", "2028-05-01", StatusUpcoming, "", ""},
		{HepAL, 1, "2027-11-01", "2028-05-01", StatusUpcoming, "", ""},
		{JEL, 2, "2028-05-01", "2029-05-01", StatusUpcoming, "", ""},
		{MPSVAC, 1, "2029-05-01", "2030-05-01", StatusUpcoming, "", ""},
		{BOPV, 4, "2030-05-01", "2031-05-01", StatusUpcoming, "", ""},
		{DTaP, 5, "2032-05-01", "2033-05-01", StatusUpcoming, "", ""},
		{MPSVAC, 2, "2032-05-01", "2033-05-01", StatusUpcoming, "", ""},
	})
	if res.Complete {
		t.Error("complete = true with IPV 2 missing")
	}
	if len(res.CatchUp) != 1 || res.CatchUp[0].Vaccine != IPV || res.CatchUp[0].Dose != 2 {
		t.Errorf("catch-up = %s, want IPV 2 only", describe(res.CatchUp))
	}
}

// §6.3: MPSV-A 2 < 18 months in 2021 (and with the 2025 change), < 24 months in 2026.
// The edition in force on the as-of date decides the deadline of a dose not given.
func TestMPSVA2DeadlineFollowsEditionInForce(t *testing.T) {
	recs := onTime2025()[:13] // without MPSV-A 2
	cases := []struct {
		asOf, edition, completeBefore string
	}{
		{"2026-05-01", "2025-dtap", "2026-09-01"}, // 18 months
		{"2026-06-16", "2025-dtap", "2026-09-01"},
		{"2026-06-17", "2026", "2027-03-01"}, // 24 months
		{"2026-08-01", "2026", "2027-03-01"},
	}
	for _, c := range cases {
		res := mustCheck(t, "2025-03-01", c.asOf, recs)
		if res.Edition != c.edition {
			t.Errorf("as of %s: edition %q, want %q", c.asOf, res.Edition, c.edition)
		}
		assertDose(t, res, want{MPSVA, 2, "2025-12-01", c.completeBefore, StatusDue, "", ""})
	}
}

// Born 2024-06-10 under the 2021 edition (DTaP at 3, 4, 5, 18 months, DT at 6
// years); DTaP under way when the change took effect on 2025-01-01 (§6.1).
func TestDTaPUnderWayAtTheChange(t *testing.T) {
	started := []Record{{DTaP, 1, "2024-09-10"}, {DTaP, 2, "2024-10-10"}}

	t.Run("before the change", func(t *testing.T) {
		res := mustCheck(t, "2024-06-10", "2024-12-01", started)
		if res.Edition != "2021" {
			t.Errorf("edition %q, want 2021", res.Edition)
		}
		// 2021: DTaP 3 at 5 months (2024-11-10), < 12 months.
		assertDose(t, res, want{DTaP, 3, "2024-11-10", "2025-06-10", StatusDue, "", ""})
		assertDose(t, res, want{DTaP, 4, "2025-12-10", "2026-06-10", StatusUpcoming, "", ""})
		// 2021: DT at 6 years, < 7 years.
		assertDose(t, res, want{DT, 1, "2030-06-10", "2031-06-10", StatusUpcoming, "", ""})
		if hasDose(res, DTaP, 5) {
			t.Error("DTaP 5 listed under the 2021 edition")
		}
	})

	t.Run("after the change", func(t *testing.T) {
		res := mustCheck(t, "2024-06-10", "2025-01-15", started)
		if res.Edition != "2025-dtap" {
			t.Errorf("edition %q, want 2025-dtap", res.Edition)
		}
		// Doses given keep the 2021 dates they were given under.
		assertDose(t, res, want{DTaP, 1, "2024-09-10", "", StatusDone, "2024-09-10", ""})
		assertDose(t, res, want{DTaP, 2, "2024-10-10", "", StatusDone, "2024-10-10", ""})
		// Remaining doses follow the new schedule: dose 3 at 6 months, dose 5 at 6 years.
		assertDose(t, res, want{DTaP, 3, "2024-12-10", "2025-06-10", StatusDue, "", ""})
		assertDose(t, res, want{DTaP, 4, "2025-12-10", "2026-06-10", StatusUpcoming, "", ""})
		assertDose(t, res, want{DTaP, 5, "2030-06-10", "2031-06-10", StatusUpcoming, "", ""})
		if hasDose(res, DT, 1) {
			t.Error("DT listed after the change (§6.1: the 6-year DT dose is replaced by DTaP)")
		}
	})

	t.Run("dose 3 given under 2021, dose 4 under the change", func(t *testing.T) {
		recs := append(append([]Record{}, started...), Record{DTaP, 3, "2024-11-10"}, Record{DTaP, 4, "2025-12-10"})
		res := mustCheck(t, "2024-06-10", "2026-09-01", recs)
		if res.Edition != "2026" {
			t.Errorf("edition %q, want 2026", res.Edition)
		}
		assertDose(t, res, want{DTaP, 3, "2024-11-10", "2025-06-10", StatusDone, "2024-11-10", ""})
		assertDose(t, res, want{DTaP, 4, "2025-12-10", "2026-06-10", StatusDone, "2025-12-10", ""})
		assertDose(t, res, want{DTaP, 5, "2030-06-10", "2031-06-10", StatusUpcoming, "", ""})
	})
}

// Born 2020-03-15 (before the 2021 edition; older editions are not modelled), with
// every dose of the 2021 table up to 3 years given on time.
func TestBorn2020(t *testing.T) {
	recs := []Record{
		{HepB, 1, "2020-03-15"}, {BCG, 1, "2020-03-15"}, {HepB, 2, "2020-04-15"},
		{IPV, 1, "2020-05-15"}, {IPV, 2, "2020-06-15"}, {DTaP, 1, "2020-06-15"},
		{BOPV, 3, "2020-07-15"}, {DTaP, 2, "2020-07-15"}, {DTaP, 3, "2020-08-15"},
		{HepB, 3, "2020-09-15"}, {MPSVA, 1, "2020-09-15"}, {MMR, 1, "2020-11-15"},
		{JEL, 1, "2020-11-15"}, {MPSVA, 2, "2020-12-15"}, {DTaP, 4, "2021-09-15"},
		{MMR, 2, "2021-09-15"}, {HepAL, 1, "2021-09-15"}, {JEL, 2, "2022-03-15"},
		{MPSVAC, 1, "2023-03-15"},
	}

	t.Run("at 4 years, 2021 edition", func(t *testing.T) {
		res := mustCheck(t, "2020-03-15", "2024-06-01", recs)
		if res.Edition != "2021" {
			t.Errorf("edition %q, want 2021", res.Edition)
		}
		// 2021 DTaP 1 at 3 months.
		assertDose(t, res, want{DTaP, 1, "2020-06-15", "", StatusDone, "2020-06-15", ""})
		// §6.2 bOPV 4 at 4 years; §6.3 polio 4 < 5 years.
		assertDose(t, res, want{BOPV, 4, "2024-03-15", "2025-03-15", StatusDue, "", ""})
		assertDose(t, res, want{DT, 1, "2026-03-15", "2027-03-15", StatusUpcoming, "", ""})
		// MPSV-AC 2 at 6 years, ≥ 3 years after AC 1 (2026-03-15).
		assertDose(t, res, want{MPSVAC, 2, "2026-03-15", "2027-03-15", StatusUpcoming, "", ""})
		if res.Complete || len(res.CatchUp) != 1 || res.CatchUp[0].Vaccine != BOPV {
			t.Errorf("catch-up %s, want bOPV 4 only", describe(res.CatchUp))
		}
	})

	t.Run("at 6 years, 2026 edition: the 6-year dose is DTaP", func(t *testing.T) {
		res := mustCheck(t, "2020-03-15", "2026-09-01", append(append([]Record{}, recs...), Record{BOPV, 4, "2024-06-20"}))
		if res.Edition != "2026" {
			t.Errorf("edition %q, want 2026", res.Edition)
		}
		assertDose(t, res, want{DTaP, 5, "2026-03-15", "2027-03-15", StatusDue, "", ""})
		assertDose(t, res, want{MPSVAC, 2, "2026-03-15", "2027-03-15", StatusDue, "", ""})
		if hasDose(res, DT, 1) || hasDose(res, HPV, 1) {
			t.Errorf("unexpected DT or HPV row:%s", describe(res.Doses))
		}
		if res.Complete || len(res.CatchUp) != 2 {
			t.Errorf("catch-up %s, want DTaP 5 and MPSV-AC 2", describe(res.CatchUp))
		}
	})
}

// §6.1: the 6-year DT dose is replaced by DTaP, so a DT dose given at 6 years under
// the 2021 edition fills DTaP 5 afterwards, with the 2021 DT dates.
func TestDTGivenUnder2021CountsAsDTaP5(t *testing.T) {
	res := mustCheck(t, "2018-08-01", "2025-06-01", []Record{{DT, 1, "2024-08-05"}})
	assertDose(t, res, want{DTaP, 5, "2024-08-01", "2025-08-01", StatusDone, "2024-08-05", DT})
}

// HPV is for girls at 13 in the 2026 edition (§6.1): 2 doses 6 months apart, the
// first before 14 (§6.3).
func TestHPVForGirls(t *testing.T) {
	s := DefaultSettings()
	birth, asOf := day(t, "2013-03-01"), day(t, "2026-09-01")

	girl, err := s.Check(birth, SexFemale, asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	assertDose(t, girl, want{HPV, 1, "2026-03-01", "2027-03-01", StatusDue, "", ""})
	// Dose 2 ≥ 6 months after dose 1, which can be given from the as-of date.
	assertDose(t, girl, want{HPV, 2, "2027-03-01", "", StatusUpcoming, "", ""})

	boy, err := s.Check(birth, SexMale, asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	if hasDose(boy, HPV, 1) || hasDose(boy, HPV, 2) {
		t.Error("HPV listed for a boy")
	}

	unknown := mustCheck(t, "2013-03-01", "2026-09-01", nil)
	if hasDose(unknown, HPV, 1) {
		t.Error("HPV listed for a child of unknown sex with no HPV record")
	}
	recorded := mustCheck(t, "2013-03-01", "2026-09-01", []Record{{HPV, 1, "2026-04-01"}})
	assertDose(t, recorded, want{HPV, 1, "2026-03-01", "2027-03-01", StatusDone, "2026-04-01", ""})
	assertDose(t, recorded, want{HPV, 2, "2026-10-01", "", StatusUpcoming, "", ""})

	before2026, err := s.Check(birth, SexFemale, day(t, "2026-05-01"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if hasDose(before2026, HPV, 1) {
		t.Error("HPV listed before the 2026 edition")
	}
}
