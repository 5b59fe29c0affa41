package service

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"tuoyu/internal/domain"
	"tuoyu/internal/rules"
)

// ruleFinding turns a rules-engine finding into what users see, with the
// rule's title and its legal basis.
func ruleFinding(f rules.Finding) domain.RuleFinding {
	var title, titleEN string
	if r, ok := rules.RuleByID(f.RuleID); ok {
		title, titleEN = r.Title, r.TitleEN
	}
	return domain.RuleFinding{RuleID: f.RuleID, Severity: string(f.Severity), Title: title, TitleEN: titleEN,
		Message: f.Message, MessageEN: f.MessageEN, Source: f.Basis.Zh, SourceEN: f.Basis.En}
}

func newFinding(std rules.Standard, ruleID string, sev rules.Severity, zh, en string) domain.RuleFinding {
	return ruleFinding(rules.Finding{RuleID: ruleID, Severity: sev, Message: zh, MessageEN: en,
		Source: std.SourceFor(ruleID), Basis: std.BasisFor(ruleID)})
}

// ruleText is a finding in English for the API's message: what is wrong and
// its legal basis (the rule's code is in the error's findings).
func ruleText(f domain.RuleFinding) string {
	return fmt.Sprintf("%s (under %s)", f.MessageEN, f.SourceEN)
}

// ruleRefusal refuses a change that breaks rules: the error carries the
// findings (each message and legal basis in both languages) and its message
// says them in English; Fields maps the input field to "rule:<rule ID>",
// merged with any plain field problems.
func ruleRefusal(code domain.Code, fs []domain.RuleFinding, fieldOf func(ruleID string) string, p domain.Problems) error {
	fields := map[string]string{}
	for k, v := range p {
		fields[k] = v
	}
	msgs := make([]string, 0, len(fs))
	for _, f := range fs {
		field := fieldOf(f.RuleID)
		if _, ok := fields[field]; !ok {
			fields[field] = "rule:" + f.RuleID
		}
		msgs = append(msgs, ruleText(f))
	}
	msg := strings.Join(msgs, "; ")
	if msg == "" {
		msg = "some fields are invalid"
	}
	return &domain.Error{Code: code, Message: msg, Fields: fields, Validation: code == domain.CodeInvalid, Findings: fs}
}

func violations(fs []domain.RuleFinding) []domain.RuleFinding {
	var out []domain.RuleFinding
	for _, f := range fs {
		if f.Severity == string(rules.Violation) {
			out = append(out, f)
		}
	}
	return out
}

// classField is the class input field a class rule is about.
func classField(ruleID string) string {
	switch ruleID {
	case rules.RuleClassSize, rules.RuleHomePointCapacity:
		return "capacity"
	case rules.RuleClassAge:
		return "type"
	case rules.RuleClassRatio, rules.RuleClassMixedRatio, rules.RuleHomePointRatio:
		return "caregiver_ids"
	}
	return "class"
}

// homeAgeBand is the age band of a home care point: any age some class
// type of the standard takes (a home point groups its ≤ 5 children as one).
func homeAgeBand(std rules.Standard) (lo, hi int) {
	return std.Infant.MinAgeMonths, std.ToddlerOlder.MaxAgeMonths
}

// fillLimits sets the class type's limits on a class for display.
func fillLimits(std rules.Standard, in domain.Institution, c *domain.Class) {
	if in.Kind == domain.KindHome {
		c.MinAgeMonths, c.MaxAgeMonths = homeAgeBand(std)
		c.MaxChildren, c.ChildrenPerCaregiver = std.HomePoint.MaxChildren, std.HomePoint.ChildrenPerCarer
		return
	}
	if r, err := std.Class(rules.ClassType(c.Type)); err == nil {
		c.MinAgeMonths, c.MaxAgeMonths, c.MaxChildren, c.ChildrenPerCaregiver = r.MinAgeMonths, r.MaxAgeMonths, r.MaxChildren, r.ChildrenPerCaregiver
	}
}

// maxChildren is the most children a class of this type may take at this institution.
func maxChildren(std rules.Standard, in domain.Institution, classType string) int {
	if in.Kind == domain.KindHome {
		return std.HomePoint.MaxChildren
	}
	r, err := std.Class(rules.ClassType(classType))
	if err != nil {
		return 0
	}
	return r.MaxChildren
}

// checkClass runs the rules engine on a class as it would stand: its type,
// capacity, children and number of caregivers. A home care point follows
// its own limits (≤ 5 children, 1 carer per 3).
func checkClass(std rules.Standard, in domain.Institution, c domain.Class, members []domain.ClassMember, asOf time.Time) ([]domain.RuleFinding, error) {
	var fs []rules.Finding
	if in.Kind == domain.KindHome {
		fs = std.CheckHomeGroup(c.Capacity, len(members), len(c.Caregivers))
	} else {
		var err error
		if fs, err = checkTypedClass(std, c, members, asOf); err != nil {
			return nil, err
		}
	}
	out := make([]domain.RuleFinding, len(fs))
	for i, f := range fs {
		out[i] = ruleFinding(f)
	}
	return out, nil
}

func checkTypedClass(std rules.Standard, c domain.Class, members []domain.ClassMember, asOf time.Time) ([]rules.Finding, error) {
	children := make([]rules.ChildInClass, 0, len(members))
	for _, m := range members {
		b, err := time.Parse(time.DateOnly, m.BirthDate)
		if err != nil {
			return nil, err
		}
		children = append(children, rules.ChildInClass{ID: fmt.Sprint(m.ChildID), BirthDate: b})
	}
	return std.CheckClass(rules.Class{Name: c.Name, Type: rules.ClassType(c.Type), Capacity: c.Capacity, Children: children, Caregivers: len(c.Caregivers)}, asOf)
}

// ageFits checks a child's age in completed months on a date against a
// class (or, at a home care point, the point's band). It returns the
// finding that refuses the placement, if any.
func ageFits(std rules.Standard, in domain.Institution, c domain.Class, birth, on time.Time) (*domain.RuleFinding, error) {
	months, err := rules.CompletedMonths(birth, on)
	if err != nil {
		return nil, err
	}
	if f := overCareAge(std, months); f != nil {
		return f, nil
	}
	if in.Kind == domain.KindHome {
		lo, hi := homeAgeBand(std)
		if std.Ages.AdmitUnderSixMonths {
			lo = 0
		}
		if months >= lo && (months < hi || (std.Ages.UpperInclusive && months == hi)) {
			return nil, nil
		}
		f := newFinding(std, rules.RuleClassAge, rules.Violation,
			fmt.Sprintf("婴幼儿月龄%d个月，不在家庭托育点收托年龄（%d—%d个月）内", months, lo, hi),
			fmt.Sprintf("the child is %d months old, outside the home care point's band (%d–%d months)", months, lo, hi))
		return &f, nil
	}
	t := rules.ClassType(c.Type)
	ok, err := std.AgeFits(t, months)
	if err != nil {
		return nil, err
	}
	if ok {
		return nil, nil
	}
	r, _ := std.Class(t)
	f := newFinding(std, rules.RuleClassAge, rules.Violation,
		fmt.Sprintf("婴幼儿月龄%d个月，不符合%s年龄段（%d—%d个月）", months, t.Chinese(), r.MinAgeMonths, r.MaxAgeMonths),
		fmt.Sprintf("the child is %d months old, outside the %s class band (%d–%d months)", months, t.English(), r.MinAgeMonths, r.MaxAgeMonths))
	return &f, nil
}

// overCareAge refuses a child older than every class type takes: childcare
// (托育) serves children under 3, so the refusal says that, not which band
// the class has.
func overCareAge(std rules.Standard, months int) *domain.RuleFinding {
	oldest := 0
	for _, t := range rules.ClassTypes() {
		if r, err := std.Class(t); err == nil && r.MaxAgeMonths > oldest {
			oldest = r.MaxAgeMonths
		}
	}
	if months < oldest || (std.Ages.UpperInclusive && months == oldest) {
		return nil
	}
	f := newFinding(std, rules.RuleClassAge, rules.Violation,
		fmt.Sprintf("婴幼儿月龄%d个月，超过3周岁，不属于托育服务对象", months),
		fmt.Sprintf("the child is %d months old, over 3 years: childcare does not take children of this age", months))
	return &f
}

// newViolations keeps the violations of after that are new against before:
// a rule not broken before, or a ratio rule broken before whose caregivers
// were cut further.
func newViolations(before, after []domain.RuleFinding, fewerCaregivers bool) []domain.RuleFinding {
	was := map[string]bool{}
	for _, f := range violations(before) {
		was[f.RuleID] = true
	}
	var out []domain.RuleFinding
	for _, f := range violations(after) {
		ratio := classField(f.RuleID) == "caregiver_ids"
		if !was[f.RuleID] || (ratio && fewerCaregivers) {
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].RuleID < out[j].RuleID })
	return out
}
