package rules

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Class bands, sizes and ratios: 设置标准 第19条/第20条, domain-reference
// §1.1, §1.2 and §12 (乳儿班 6–12 m ≤10 1:3; 托小班 12–24 m ≤15 1:5;
// 托大班 24–36 m ≤20 1:7; 混合班 ≥18 m ≤18, ratio a setting).

func TestClassTypeForBoundaries(t *testing.T) {
	s := National() // default bands are [min, max)
	for _, tc := range []struct {
		age  int
		want ClassType
	}{
		{6, ClassInfant}, {11, ClassInfant},
		{12, ClassToddlerYoung}, {23, ClassToddlerYoung},
		{24, ClassToddlerOlder}, {35, ClassToddlerOlder},
	} {
		got, err := s.ClassTypeFor(tc.age)
		if err != nil || got != tc.want {
			t.Errorf("ClassTypeFor(%d) = %q, %v; want %q", tc.age, got, err, tc.want)
		}
	}
	for _, age := range []int{0, 5, 36, 40} {
		_, err := s.ClassTypeFor(age)
		wantField(t, err, "age_months", ErrNoClassForAge)
	}
	_, err := s.ClassTypeFor(-1)
	wantField(t, err, "age_months", ErrNegative)
}

func TestAgeBandSettings(t *testing.T) {
	set := DefaultSettings()
	set.Ages = AgePolicy{UpperInclusive: true, AdmitUnderSixMonths: true}
	s, err := NationalWith(set)
	if err != nil {
		t.Fatal(err)
	}
	// Inclusive upper bound: 12 months fits both 乳儿班 and 托小班; the
	// younger class is returned.
	if got, _ := s.ClassTypeFor(12); got != ClassInfant {
		t.Errorf("inclusive ClassTypeFor(12) = %q, want infant", got)
	}
	if ok, _ := s.AgeFits(ClassToddlerYoung, 12); !ok {
		t.Error("inclusive: 12 months does not fit 托小班")
	}
	if got, _ := s.ClassTypeFor(36); got != ClassToddlerOlder {
		t.Errorf("inclusive ClassTypeFor(36) = %q", got)
	}
	if got, _ := s.ClassTypeFor(3); got != ClassInfant {
		t.Errorf("under-six admitted: ClassTypeFor(3) = %q", got)
	}
	n := National()
	for _, tc := range []struct {
		t    ClassType
		age  int
		want bool
	}{
		{ClassMixed, 17, false}, {ClassMixed, 18, true}, {ClassMixed, 35, true}, {ClassMixed, 36, false},
		{ClassInfant, 5, false}, {ClassInfant, 6, true}, {ClassInfant, 12, false},
	} {
		got, err := n.AgeFits(tc.t, tc.age)
		if err != nil || got != tc.want {
			t.Errorf("AgeFits(%s, %d) = %v, %v; want %v", tc.t, tc.age, got, err, tc.want)
		}
	}
	_, err = n.AgeFits("big", 12)
	wantField(t, err, "class_type", ErrUnknownClassType)
}

func TestParseClassType(t *testing.T) {
	for in, want := range map[string]ClassType{"乳儿班": ClassInfant, "托小班": ClassToddlerYoung, "托大班": ClassToddlerOlder, "混合班": ClassMixed, "mixed": ClassMixed, " infant ": ClassInfant} {
		if got, err := ParseClassType(in); err != nil || got != want {
			t.Errorf("ParseClassType(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseClassType("大班"); err != ErrUnknownClassType {
		t.Errorf("ParseClassType(大班) err = %v", err)
	}
}

func TestClassSizeBoundaries(t *testing.T) {
	s := National()
	for _, tc := range []struct {
		typ ClassType
		age int
		max int
	}{
		{ClassInfant, 8, 10}, {ClassToddlerYoung, 18, 15}, {ClassToddlerOlder, 30, 20}, {ClassMixed, 24, 18},
	} {
		for _, n := range []int{tc.max - 1, tc.max, tc.max + 1} {
			c := Class{Name: "x", Type: tc.typ, Children: children(testAsOf, repeatAge(tc.age, n)...), Caregivers: n}
			fs, err := s.CheckClass(c, testAsOf)
			if err != nil {
				t.Fatal(err)
			}
			want := 0
			if n > tc.max {
				want = 1
			}
			if got := count(fs, RuleClassSize, Violation); got != want {
				t.Errorf("%s with %d children: %d size violations, want %d (%v)", tc.typ, n, got, want, fs)
			}
			if len(fs) != want {
				t.Errorf("%s with %d children: unexpected findings %v", tc.typ, n, fs)
			}
		}
		c := Class{Name: "x", Type: tc.typ, Capacity: tc.max + 1}
		fs, _ := s.CheckClass(c, testAsOf)
		if count(fs, RuleClassSize, Violation) != 1 {
			t.Errorf("%s capacity %d accepted", tc.typ, tc.max+1)
		}
	}
}

func TestClassRatioBoundaries(t *testing.T) {
	s := National()
	// Minimum caregivers for a full class, docs/domain-reference.md §1.2:
	// ceil(10/3)=4, ceil(15/5)=3, ceil(20/7)=3; mixed at the default 1:5, ceil(18/5)=4.
	for _, tc := range []struct {
		typ     ClassType
		age     int
		full    int
		minCare int
		rule    string
	}{
		{ClassInfant, 8, 10, 4, RuleClassRatio},
		{ClassToddlerYoung, 18, 15, 3, RuleClassRatio},
		{ClassToddlerOlder, 30, 20, 3, RuleClassRatio},
		{ClassMixed, 24, 18, 4, RuleClassMixedRatio},
	} {
		kids := children(testAsOf, repeatAge(tc.age, tc.full)...)
		for _, care := range []int{tc.minCare - 1, tc.minCare, tc.minCare + 1} {
			fs, err := s.CheckClass(Class{Name: "x", Type: tc.typ, Children: kids, Caregivers: care}, testAsOf)
			if err != nil {
				t.Fatal(err)
			}
			want := 0
			if care < tc.minCare {
				want = 1
			}
			if got := count(fs, tc.rule, Violation); got != want {
				t.Errorf("%s full (%d) with %d caregivers: %d ratio violations, want %d", tc.typ, tc.full, care, got, want)
			}
		}
	}
	// 1:3 at its edge: 3 infants with 1 caregiver is lawful, 4 is not.
	for n, want := range map[int]int{3: 0, 4: 1} {
		fs, _ := s.CheckClass(Class{Type: ClassInfant, Children: children(testAsOf, repeatAge(8, n)...), Caregivers: 1}, testAsOf)
		if got := count(fs, RuleClassRatio, Violation); got != want {
			t.Errorf("%d infants, 1 caregiver: %d violations, want %d", n, got, want)
		}
	}
	// No children, no caregivers: nothing to report.
	if fs, _ := s.CheckClass(Class{Type: ClassInfant}, testAsOf); len(fs) != 0 {
		t.Errorf("empty class: %v", fs)
	}
}

func TestClassAges(t *testing.T) {
	s := National()
	for _, tc := range []struct {
		typ      ClassType
		age      int
		sev      Severity
		findings int
	}{
		{ClassInfant, 5, Violation, 1}, {ClassInfant, 6, "", 0}, {ClassInfant, 11, "", 0}, {ClassInfant, 12, Warning, 1},
		{ClassToddlerYoung, 11, Violation, 1}, {ClassToddlerYoung, 12, "", 0}, {ClassToddlerYoung, 24, Warning, 1},
		{ClassToddlerOlder, 23, Violation, 1}, {ClassToddlerOlder, 35, "", 0}, {ClassToddlerOlder, 36, Warning, 1},
		{ClassMixed, 17, Violation, 1}, {ClassMixed, 18, "", 0},
	} {
		c := Class{Name: "班", Type: tc.typ, Children: children(testAsOf, tc.age), Caregivers: 1}
		fs, err := s.CheckClass(c, testAsOf)
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != tc.findings || (tc.findings == 1 && (fs[0].RuleID != RuleClassAge || fs[0].Severity != tc.sev)) {
			t.Errorf("%s, child of %d months: %v", tc.typ, tc.age, fs)
		}
	}
	// A child one day short of 6 months is 5 completed months old.
	birth := day(2026, time.March, 2)
	fs, _ := s.CheckClass(Class{Type: ClassInfant, Children: []ChildInClass{{ID: "x", BirthDate: birth}}, Caregivers: 1}, day(2026, time.September, 1))
	if count(fs, RuleClassAge, Violation) != 1 {
		t.Errorf("5 months 30 days in 乳儿班: %v", fs)
	}
	fs, _ = s.CheckClass(Class{Type: ClassInfant, Children: []ChildInClass{{ID: "x", BirthDate: birth}}, Caregivers: 1}, day(2026, time.September, 2))
	if len(fs) != 0 {
		t.Errorf("exactly 6 months in 乳儿班: %v", fs)
	}
}

func TestCheckClassInputErrors(t *testing.T) {
	s := National()
	_, err := s.CheckClass(Class{Type: "big"}, testAsOf)
	wantField(t, err, "type", ErrUnknownClassType)
	_, err = s.CheckClass(Class{Type: ClassInfant, Caregivers: -1}, testAsOf)
	wantField(t, err, "caregivers", ErrNegative)
	_, err = s.CheckClass(Class{Type: ClassInfant, Capacity: -1}, testAsOf)
	wantField(t, err, "capacity", ErrNegative)
	_, err = s.CheckClass(Class{Type: ClassInfant}, time.Time{})
	wantField(t, err, "as_of", ErrRequired)
	_, err = s.CheckClass(Class{Type: ClassInfant, Children: []ChildInClass{{}, {BirthDate: testAsOf.AddDate(0, 0, 1)}}}, testAsOf)
	wantField(t, err, "children[0].birth_date", ErrRequired)
	_, err = s.CheckClass(Class{Type: ClassInfant, Children: []ChildInClass{{BirthDate: testAsOf}, {BirthDate: testAsOf.AddDate(0, 0, 1)}}}, testAsOf)
	wantField(t, err, "children[1].birth_date", ErrDateOrder)
}

func TestRatioStatus(t *testing.T) {
	s := National()
	// 乳儿班 1:3 with one caregiver: limit 3; amber from limit-1.
	for n, want := range map[int]RatioColour{0: RatioGreen, 1: RatioGreen, 2: RatioAmber, 3: RatioAmber, 4: RatioRed} {
		got, err := s.RatioStatus("乳儿班", n, 1)
		if err != nil || got != want {
			t.Errorf("乳儿班 %d children, 1 caregiver = %s, %v; want %s", n, got, err, want)
		}
	}
	// 托大班 1:7 with three caregivers: limit 21.
	for n, want := range map[int]RatioColour{19: RatioGreen, 20: RatioAmber, 21: RatioAmber, 22: RatioRed} {
		if got, _ := s.RatioStatus("toddler_older", n, 3); got != want {
			t.Errorf("托大班 %d children, 3 caregivers = %s, want %s", n, got, want)
		}
	}
	// 托小班 1:5, two caregivers: limit 10.
	for n, want := range map[int]RatioColour{8: RatioGreen, 9: RatioAmber, 10: RatioAmber, 11: RatioRed} {
		if got, _ := s.RatioStatus("托小班", n, 2); got != want {
			t.Errorf("托小班 %d children, 2 caregivers = %s, want %s", n, got, want)
		}
	}
	if got, _ := s.RatioStatus("混合班", 1, 0); got != RatioRed {
		t.Errorf("child with no caregiver = %s", got)
	}
	for _, tc := range []struct {
		typ        string
		n, c       int
		field      string
		wantTarget error
	}{
		{"x", 1, 1, "class_type", ErrUnknownClassType},
		{"乳儿班", -1, 1, "children_present", ErrNegative},
		{"乳儿班", 1, -1, "caregivers_present", ErrNegative},
	} {
		_, err := s.RatioStatus(tc.typ, tc.n, tc.c)
		wantField(t, err, tc.field, tc.wantTarget)
	}
	// A margin of 0 makes only the limit itself amber.
	set := DefaultSettings()
	set.Warnings.RatioAmberMargin = 0
	s0, _ := NationalWith(set)
	if got, _ := s0.RatioStatus("乳儿班", 2, 1); got != RatioGreen {
		t.Errorf("margin 0: 2 of 3 = %s", got)
	}
	if got, _ := s0.RatioStatus("乳儿班", 3, 1); got != RatioAmber {
		t.Errorf("margin 0: 3 of 3 = %s", got)
	}
}

func TestFindingsCarrySource(t *testing.T) {
	fs, _ := National().CheckClass(Class{Name: "乳一", Type: ClassInfant, Children: children(testAsOf, repeatAge(8, 11)...), Caregivers: 3}, testAsOf)
	if len(fs) != 2 {
		t.Fatalf("findings = %v", fs)
	}
	for _, f := range fs {
		if f.Subject != "乳一" || f.Message == "" || f.MessageEN == "" {
			t.Errorf("finding lacks subject or message: %+v", f)
		}
		if !strings.Contains(f.Source, "托育机构设置标准") {
			t.Errorf("finding source %q does not name the setting-up standard", f.Source)
		}
	}
	if !strings.Contains(fs[0].Message, "10") || !strings.Contains(fs[1].Message, fmt.Sprint(4)) {
		t.Errorf("messages lack the figures: %q / %q", fs[0].Message, fs[1].Message)
	}
}
