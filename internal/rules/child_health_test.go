package rules

import (
	"testing"
	"time"
)

// Away ≥ 3 months → re-examine (管理规范 第11条, 76号令 第18条; docs/domain-reference.md §2.2, §12).
func TestReexamRequired(t *testing.T) {
	s := National()
	last := day(2026, 1, 10)
	for _, tc := range []struct {
		back time.Time
		want bool
	}{{day(2026, 4, 9), false}, {day(2026, 4, 10), true}, {day(2026, 6, 1), true}, {last, false}} {
		got, err := s.ReexamRequired(last, tc.back)
		if err != nil || got != tc.want {
			t.Errorf("away %s → %s: %v, %v; want %v", last.Format(time.DateOnly), tc.back.Format(time.DateOnly), got, err, tc.want)
		}
	}
	_, err := s.ReexamRequired(last, day(2026, 1, 9))
	wantField(t, err, "returning", ErrDateOrder)
	_, err = s.ReexamRequired(time.Time{}, last)
	wantField(t, err, "last_attended", ErrRequired)
}

// 1–3 years twice a year 6 months apart, ≥ 3 years yearly (2012 规范, P-szft);
// under 1 at 3, 6, 8, 12 months (P-yanliang). docs/domain-reference.md §5.2, §12.
func TestNextPeriodicExam(t *testing.T) {
	s := National()
	birth := day(2024, 5, 20)
	for _, tc := range []struct {
		last, want time.Time
	}{
		{day(2024, 8, 20), day(2024, 11, 20)}, // 3 m → 6 m visit
		{day(2024, 11, 25), day(2025, 1, 20)}, // 6 m → 8 m visit
		{day(2025, 2, 1), day(2025, 5, 20)},   // 8 m → 12 m visit
		{day(2025, 5, 20), day(2025, 11, 20)}, // 12 m → every 6 months
		{day(2027, 5, 19), day(2027, 11, 19)}, // 35 m
		{day(2027, 5, 20), day(2028, 5, 20)},  // 36 m → yearly
	} {
		got, err := s.NextPeriodicExam(birth, tc.last)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("last exam %s: next %s, %v; want %s", tc.last.Format(time.DateOnly), got.Format(time.DateOnly), err, tc.want.Format(time.DateOnly))
		}
	}
	_, err := s.NextPeriodicExam(birth, time.Time{})
	wantField(t, err, "last_exam", ErrRequired)
	if got, _ := s.NextHaemoglobinTest(day(2025, 8, 31)); !got.Equal(day(2026, 8, 31)) {
		t.Errorf("next Hb = %s", got)
	}
}

// Check within 30 days of joining; re-check by 31 December (查验办法;
// docs/domain-reference.md §6.5, §12).
func TestVaccinationDeadlines(t *testing.T) {
	s := National()
	if got, _ := s.VaccinationCheckDue(day(2026, 9, 1)); !got.Equal(day(2026, 10, 1)) {
		t.Errorf("check due = %s, want 2026-10-01", got.Format(time.DateOnly))
	}
	if got, _ := VaccinationRecheckDue(day(2026, 9, 20)); !got.Equal(day(2026, 12, 31)) {
		t.Errorf("re-check due = %s", got.Format(time.DateOnly))
	}
	_, err := s.VaccinationCheckDue(time.Time{})
	wantField(t, err, "joined", ErrRequired)
}

func TestCheckChild(t *testing.T) {
	s := National()
	asOf := day(2026, 9, 1)
	good := ChildHealthFacts{
		ID: "c", BirthDate: day(2024, 9, 1), Joined: day(2025, 9, 1),
		LastExam: day(2026, 3, 1), LastHaemoglobin: day(2025, 9, 1), VaccinationCheckedOn: day(2025, 9, 10),
	}
	if fs, err := s.CheckChild(good, asOf); err != nil || len(fs) != 0 {
		t.Fatalf("good child: %v, %v", fs, err)
	}
	for _, tc := range []struct {
		name string
		edit func(*ChildHealthFacts)
		rule string
	}{
		{"exam overdue (due 2026-08-28)", func(c *ChildHealthFacts) { c.LastExam = day(2026, 2, 28) }, RuleChildPeriodicExam},
		{"no exam since joining a year ago", func(c *ChildHealthFacts) { c.LastExam = time.Time{} }, RuleChildPeriodicExam},
		{"Hb a day late", func(c *ChildHealthFacts) { c.LastHaemoglobin = day(2025, 8, 31) }, RuleChildHaemoglobin},
		{"certificate never checked", func(c *ChildHealthFacts) { c.VaccinationCheckedOn = time.Time{} }, RuleVaccinationCheck},
		{"catch-up not re-checked", func(c *ChildHealthFacts) { c.CatchUpNeeded = true }, RuleVaccinationRecheck},
		{"back after 3 months without exam", func(c *ChildHealthFacts) {
			c.AbsentFrom, c.ReturnedOn = day(2026, 4, 20), day(2026, 7, 20)
		}, RuleChildReexam},
	} {
		c := good
		tc.edit(&c)
		fs, err := s.CheckChild(c, asOf)
		if err != nil || len(fs) != 1 || fs[0].RuleID != tc.rule || fs[0].Subject != "c" {
			t.Errorf("%s: %v, %v", tc.name, fs, err)
		}
	}
	// Not overdue yet / done in time.
	for _, tc := range []struct {
		name string
		edit func(*ChildHealthFacts)
	}{
		{"joined 30 days ago, not yet checked", func(c *ChildHealthFacts) {
			c.Joined, c.VaccinationCheckedOn, c.LastExam, c.LastHaemoglobin = day(2026, 8, 2), time.Time{}, day(2026, 8, 1), day(2026, 8, 1)
		}},
		{"catch-up re-check pending within the year", func(c *ChildHealthFacts) {
			c.VaccinationCheckedOn, c.CatchUpNeeded = day(2026, 8, 20), true
		}},
		{"catch-up re-checked", func(c *ChildHealthFacts) { c.CatchUpNeeded, c.RecheckedOn = true, day(2025, 11, 1) }},
		{"back after 3 months, examined", func(c *ChildHealthFacts) {
			c.AbsentFrom, c.ReturnedOn, c.ReexamOn = day(2026, 4, 20), day(2026, 7, 20), day(2026, 7, 18)
		}},
		{"back after 2 months", func(c *ChildHealthFacts) { c.AbsentFrom, c.ReturnedOn = day(2026, 4, 20), day(2026, 7, 19) }},
	} {
		c := good
		tc.edit(&c)
		if fs, err := s.CheckChild(c, asOf); err != nil || len(fs) != 0 {
			t.Errorf("%s: %v, %v", tc.name, fs, err)
		}
	}
	bad := good
	bad.ReturnedOn = day(2026, 7, 1)
	_, err := s.CheckChild(bad, asOf)
	wantField(t, err, "absent_from", ErrRequired)
	bad = good
	bad.Joined = day(2020, 1, 1)
	_, err = s.CheckChild(bad, asOf)
	wantField(t, err, "joined", ErrDateOrder)
}
