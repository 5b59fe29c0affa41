package rules

// Severity of a finding.
type Severity string

const (
	// Violation: the rule is broken now.
	Violation Severity = "violation"
	// Warning: the rule is about to be broken, or a child or certificate has
	// moved out of what the rule expects and needs action soon.
	Warning Severity = "warning"
)

// Finding is one result of a check. Subject names what it is about, as the
// caller named it (a class name, a staff member's ID, a room), or
// "institution". Source is the rule's source with any local override sources.
type Finding struct {
	RuleID    string
	Severity  Severity
	Message   string // Chinese
	MessageEN string
	Subject   string
	Source    string
	// Basis is the legal basis as users read it (LegalBasis with the local
	// rules that tightened it).
	Basis Basis
}

// findings collects findings for one Standard.
type findings struct {
	s   Standard
	out []Finding
}

func (f *findings) add(ruleID string, sev Severity, subject, zh, en string) {
	if r, ok := remedies[ruleID]; ok {
		zh, en = zh+"，"+r[0], en+"; "+r[1]
	}
	f.out = append(f.out, Finding{
		RuleID: ruleID, Severity: sev, Message: zh, MessageEN: en,
		Subject: subject, Source: f.s.SourceFor(ruleID), Basis: f.s.BasisFor(ruleID),
	})
}
