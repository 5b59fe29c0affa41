package domain

import "time"

// Class types (班型) follow the setting-up standard (rules.ClassType).
const (
	ClassInfant       = "infant"        // 乳儿班, 6–12 months
	ClassToddlerYoung = "toddler_young" // 托小班, 12–24 months
	ClassToddlerOlder = "toddler_older" // 托大班, 24–36 months
	ClassMixed        = "mixed"         // 混合班, from 18 months
)

var ClassTypes = []string{ClassInfant, ClassToddlerYoung, ClassToddlerOlder, ClassMixed}

// StaffRef names a staff member assigned to a class.
type StaffRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// RuleFinding is one result of a rules-engine check, with the rule's ID and
// its legal basis (document and clause, rules.LegalBasis), as shown to users.
type RuleFinding struct {
	RuleID    string `json:"rule_id"`
	Severity  string `json:"severity"` // "violation" or "warning"
	Title     string `json:"title"`
	TitleEN   string `json:"title_en"`
	Message   string `json:"message"`
	MessageEN string `json:"message_en"`
	Source    string `json:"source"`
	SourceEN  string `json:"source_en"`
}

// Text is the finding's message in a language ("zh" or "en").
func (f RuleFinding) Text(lang string) string {
	if lang == "en" {
		return f.MessageEN
	}
	return f.Message
}

// Basis is the finding's legal basis in a language.
func (f RuleFinding) Basis(lang string) string {
	if lang == "en" {
		return f.SourceEN
	}
	return f.Source
}

// Class is a class (班级) of an institution. The limits are those of the
// rules engine for the class type (a home care point has its own).
type Class struct {
	ID            int64      `json:"id"`
	InstitutionID int64      `json:"institution_id"`
	Name          string     `json:"name"`
	Type          string     `json:"type"`
	Capacity      int        `json:"capacity"`
	Caregivers    []StaffRef `json:"caregivers"`
	Enrolled      int        `json:"enrolled"`
	Archived      bool       `json:"archived"`
	// Limits of the class type (filled in by the service).
	MinAgeMonths         int `json:"min_age_months"`
	MaxAgeMonths         int `json:"max_age_months"`
	MaxChildren          int `json:"max_children"`
	ChildrenPerCaregiver int `json:"children_per_caregiver"`
	// Findings of the rules engine on the class as it stands (detail only).
	Findings  []RuleFinding `json:"findings,omitempty"`
	CreatedAt time.Time     `json:"created_at"`
	UpdatedAt time.Time     `json:"updated_at"`
}

// ClassMember is a child placed in a class, for the rules checks.
type ClassMember struct {
	ChildID   int64
	BirthDate string
}
