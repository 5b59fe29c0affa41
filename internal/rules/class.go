package rules

import (
	"fmt"
	"strings"
	"time"
)

// ClassType is a class type (班型) of the setting-up standard.
type ClassType string

const (
	ClassInfant       ClassType = "infant"        // 乳儿班
	ClassToddlerYoung ClassType = "toddler_young" // 托小班
	ClassToddlerOlder ClassType = "toddler_older" // 托大班
	ClassMixed        ClassType = "mixed"         // 混合班
)

// ClassTypes lists the class types, youngest first, mixed last.
func ClassTypes() []ClassType {
	return []ClassType{ClassInfant, ClassToddlerYoung, ClassToddlerOlder, ClassMixed}
}

// Chinese returns the Chinese name, or "" for an unknown type.
func (t ClassType) Chinese() string {
	switch t {
	case ClassInfant:
		return "乳儿班"
	case ClassToddlerYoung:
		return "托小班"
	case ClassToddlerOlder:
		return "托大班"
	case ClassMixed:
		return "混合班"
	}
	return ""
}

// English returns the English name ("young toddler"), or "" for an
// unknown type.
func (t ClassType) English() string {
	switch t {
	case ClassInfant:
		return "infant"
	case ClassToddlerYoung:
		return "young toddler"
	case ClassToddlerOlder:
		return "older toddler"
	case ClassMixed:
		return "mixed-age"
	}
	return ""
}

// ParseClassType accepts a code ("infant") or a Chinese name ("乳儿班").
func ParseClassType(s string) (ClassType, error) {
	s = strings.TrimSpace(s)
	for _, t := range ClassTypes() {
		if s == string(t) || s == t.Chinese() {
			return t, nil
		}
	}
	return "", ErrUnknownClassType
}

// fits reports whether a child of ageMonths belongs in a class of rule r.
func (s Standard) fits(r ClassRule, ageMonths int) bool {
	low := ageMonths >= r.MinAgeMonths ||
		(r.Type == ClassInfant && s.Ages.AdmitUnderSixMonths && ageMonths >= 0)
	high := ageMonths < r.MaxAgeMonths || (s.Ages.UpperInclusive && ageMonths == r.MaxAgeMonths)
	return low && high
}

// AgeFits reports whether a child of ageMonths completed months fits the
// class type's age band.
func (s Standard) AgeFits(t ClassType, ageMonths int) (bool, error) {
	r, err := s.Class(t)
	if err != nil {
		return false, fieldErr("class_type", err)
	}
	if ageMonths < 0 {
		return false, fieldErr("age_months", ErrNegative)
	}
	return s.fits(r, ageMonths), nil
}

// ClassTypeFor returns the single-age class type for a child of ageMonths
// completed months: 乳儿班, 托小班 or 托大班 (a child of 18 months or more may
// also go to a 混合班; see AgeFits). With Ages.UpperInclusive a boundary age
// fits two bands and the younger one is returned. Ages with no class give
// ErrNoClassForAge.
func (s Standard) ClassTypeFor(ageMonths int) (ClassType, error) {
	if ageMonths < 0 {
		return "", fieldErr("age_months", ErrNegative)
	}
	for _, r := range []ClassRule{s.Infant, s.ToddlerYoung, s.ToddlerOlder} {
		if s.fits(r, ageMonths) {
			return r.Type, nil
		}
	}
	return "", fieldErr("age_months", ErrNoClassForAge)
}

// caregiversNeeded is the fewest caregivers that keep n children within a
// ratio of perCaregiver children each.
func caregiversNeeded(n, perCaregiver int) int {
	if n <= 0 {
		return 0
	}
	need := n / perCaregiver
	if n%perCaregiver != 0 {
		need++
	}
	return need
}

func (t ClassType) ratioRule() string {
	if t == ClassMixed {
		return RuleClassMixedRatio
	}
	return RuleClassRatio
}

// ChildInClass is a child placed in a class.
type ChildInClass struct {
	ID        string
	BirthDate time.Time
}

// Class is a class as it stands: its type, an optional set capacity, the
// children placed in it and the caregivers assigned to it.
type Class struct {
	Name       string
	Type       ClassType
	Capacity   int // places set for the class; 0 = not set
	Children   []ChildInClass
	Caregivers int
}

// CheckClass checks one class on the date asOf: the set capacity and the
// number of children against the class size, each child's age against the
// band, and the caregivers against the ratio.
//
// A child younger than the band is a violation; a child who has grown past
// the band is a warning (children age out day by day and are moved at the
// next regrouping).
func (s Standard) CheckClass(c Class, asOf time.Time) ([]Finding, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if asOf.IsZero() {
		return nil, fieldErr("as_of", ErrRequired)
	}
	r, err := s.Class(c.Type)
	if err != nil {
		return nil, fieldErr("type", err)
	}
	if c.Capacity < 0 {
		return nil, fieldErr("capacity", ErrNegative)
	}
	if c.Caregivers < 0 {
		return nil, fieldErr("caregivers", ErrNegative)
	}
	ages := make([]int, len(c.Children))
	for i, ch := range c.Children {
		m, err := CompletedMonths(ch.BirthDate, asOf)
		if err != nil {
			return nil, prefixed(fmt.Sprintf("children[%d]", i), err)
		}
		ages[i] = m
	}

	f := findings{s: s}
	subject := c.Name
	zhType, n := c.Type.Chinese(), len(c.Children)
	if c.Capacity > r.MaxChildren {
		f.add(RuleClassSize, Violation, subject,
			fmt.Sprintf("%s设定班额%d人，超过%d人上限", zhType, c.Capacity, r.MaxChildren),
			fmt.Sprintf("%s class capacity set to %d, above the limit of %d", c.Type.English(), c.Capacity, r.MaxChildren))
	}
	if n > r.MaxChildren {
		f.add(RuleClassSize, Violation, subject,
			fmt.Sprintf("%s现有%d人，超过%d人上限", zhType, n, r.MaxChildren),
			fmt.Sprintf("%s class has %d children, above the limit of %d", c.Type.English(), n, r.MaxChildren))
	}
	for i, ch := range c.Children {
		m := ages[i]
		if s.fits(r, m) {
			continue
		}
		id := ch.ID
		if id == "" {
			id = fmt.Sprintf("#%d", i+1)
		}
		if m < r.MinAgeMonths {
			f.add(RuleClassAge, Violation, subject,
				fmt.Sprintf("婴幼儿%s月龄%d个月，低于%s最低%d个月", id, m, zhType, r.MinAgeMonths),
				fmt.Sprintf("child %s is %d months old, younger than the %s class minimum of %d months", id, m, c.Type.English(), r.MinAgeMonths))
			continue
		}
		f.add(RuleClassAge, Warning, subject,
			fmt.Sprintf("婴幼儿%s月龄%d个月，已超出%s年龄段（%d—%d个月），应调整班级", id, m, zhType, r.MinAgeMonths, r.MaxAgeMonths),
			fmt.Sprintf("child %s is %d months old, past the %s class band (%d–%d months); move at regrouping", id, m, c.Type.English(), r.MinAgeMonths, r.MaxAgeMonths))
	}
	if need := caregiversNeeded(n, r.ChildrenPerCaregiver); c.Caregivers < need {
		f.add(c.Type.ratioRule(), Violation, subject,
			fmt.Sprintf("%s%d名婴幼儿按1:%d需保育人员%d名，现有%d名", zhType, n, r.ChildrenPerCaregiver, need, c.Caregivers),
			fmt.Sprintf("%s class: %d children at 1:%d need %d caregivers, has %d", c.Type.English(), n, r.ChildrenPerCaregiver, need, c.Caregivers))
	}
	return f.out, nil
}

// RatioColour is the live state of a class's ratio.
type RatioColour string

const (
	RatioGreen RatioColour = "green" // within the ratio with room to spare
	RatioAmber RatioColour = "amber" // at the limit, or within Warnings.RatioAmberMargin children below it
	RatioRed   RatioColour = "red"   // beyond the ratio
)

// RatioStatus colours the children present against the caregivers present.
// The limit is caregivers × children-per-caregiver; red is above it; amber
// is from (limit − RatioAmberMargin) up to the limit itself, which is still
// lawful ("不低于" is a floor on caregivers); green is below that. No children
// present is green.
//
// Example, 乳儿班 (1:3), one caregiver, margin 1: 0–1 children green, 2–3
// amber, 4 red.
func (s Standard) RatioStatus(classType string, childrenPresent, caregiversPresent int) (RatioColour, error) {
	t, err := ParseClassType(classType)
	if err != nil {
		return "", fieldErr("class_type", err)
	}
	if childrenPresent < 0 {
		return "", fieldErr("children_present", ErrNegative)
	}
	if caregiversPresent < 0 {
		return "", fieldErr("caregivers_present", ErrNegative)
	}
	if err := s.Validate(); err != nil {
		return "", err
	}
	r, _ := s.Class(t)
	if childrenPresent == 0 {
		return RatioGreen, nil
	}
	// Compared by division so that absurd counts cannot overflow.
	if caregiversNeeded(childrenPresent, r.ChildrenPerCaregiver) > caregiversPresent {
		return RatioRed, nil
	}
	// Amber when children + margin ≥ caregivers × ratio.
	reach := childrenPresent + s.Warnings.RatioAmberMargin
	if reach < childrenPresent || caregiversPresent <= reach/r.ChildrenPerCaregiver {
		return RatioAmber, nil
	}
	return RatioGreen, nil
}
