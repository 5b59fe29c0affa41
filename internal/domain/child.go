package domain

import "time"

// Sexes of a child.
const (
	SexMale   = "male"
	SexFemale = "female"
)

var Sexes = []string{SexMale, SexFemale}

// Relations of a guardian or pick-up person to the child.
const (
	RelationFather      = "father"
	RelationMother      = "mother"
	RelationGrandparent = "grandparent"
	RelationRelative    = "relative"
	RelationOther       = "other"
)

var Relations = []string{RelationFather, RelationMother, RelationGrandparent, RelationRelative, RelationOther}

// Consent purposes (PIPL art. 31: a guardian consents per purpose).
const (
	ConsentEnrolment     = "enrolment"      // enrolment data kept by the institution
	ConsentHealthSharing = "health_sharing" // health data shared with the regulator
	ConsentPhotos        = "photos"         // photos and video
)

var ConsentPurposes = []string{ConsentEnrolment, ConsentHealthSharing, ConsentPhotos}

// InvitationDays is how long a guardian invitation code stays valid.
const InvitationDays = 14

// Child is a child's record. The certificate number is never shown in
// full: CertMasked only (610602********123X); revealing it is a separate,
// audited action.
type Child struct {
	ID              int64          `json:"id"`
	Name            string         `json:"name"`
	Sex             string         `json:"sex"`
	BirthDate       string         `json:"birth_date"`
	AgeMonths       int            `json:"age_months"`
	CertType        string         `json:"cert_type"`
	CertMasked      string         `json:"cert_masked"`
	HouseholdRegion string         `json:"household_region"`
	Allergies       string         `json:"allergies"`
	SpecialNeeds    string         `json:"special_needs"`
	Enrolment       *Enrolment     `json:"enrolment"`
	Guardians       []Guardian     `json:"guardians,omitempty"`
	PickupPersons   []PickupPerson `json:"pickup_persons,omitempty"`
	Consents        []Consent      `json:"consents,omitempty"`
	CreatedAt       time.Time      `json:"created_at"`
	UpdatedAt       time.Time      `json:"updated_at"`
}

// Enrolment places a child in a class of an institution. Money in fen.
type Enrolment struct {
	ID              int64  `json:"id"`
	ChildID         int64  `json:"child_id"`
	InstitutionID   int64  `json:"institution_id"`
	InstitutionName string `json:"institution_name"`
	ClassID         int64  `json:"class_id"`
	ClassName       string `json:"class_name"`
	ClassType       string `json:"class_type"`
	CareType        string `json:"care_type"`
	StartDate       string `json:"start_date"`
	EndDate         string `json:"end_date,omitempty"`
	EndReason       string `json:"end_reason,omitempty"`
	Puhui           bool   `json:"puhui"`
	FeeFen          int64  `json:"fee_fen"`
}

// Guardian is a parent or other guardian. Linked says whether a guardian
// account has claimed this guardian through an invitation.
type Guardian struct {
	ID              int64      `json:"id"`
	ChildID         int64      `json:"child_id"`
	Name            string     `json:"name"`
	Relation        string     `json:"relation"`
	Phone           string     `json:"phone"`
	IDType          string     `json:"id_type,omitempty"`
	IDMasked        string     `json:"id_masked,omitempty"`
	Linked          bool       `json:"linked"`
	InviteExpiresAt *time.Time `json:"invite_expires_at,omitempty"`
	CreatedAt       time.Time  `json:"created_at"`
}

// PickupPerson is someone authorised to collect the child.
type PickupPerson struct {
	ID        int64     `json:"id"`
	ChildID   int64     `json:"child_id"`
	Name      string    `json:"name"`
	Relation  string    `json:"relation"`
	Phone     string    `json:"phone"`
	IDType    string    `json:"id_type,omitempty"`
	IDMasked  string    `json:"id_masked,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Consent is a guardian's consent to one purpose, with when it was given
// and, if so, withdrawn.
type Consent struct {
	ID           int64      `json:"id"`
	ChildID      int64      `json:"child_id"`
	GuardianID   int64      `json:"guardian_id"`
	GuardianName string     `json:"guardian_name"`
	Purpose      string     `json:"purpose"`
	GivenAt      time.Time  `json:"given_at"`
	WithdrawnAt  *time.Time `json:"withdrawn_at,omitempty"`
	Active       bool       `json:"active"`
}

// ChildFilter narrows a list of children.
type ChildFilter struct {
	ClassID int64
	Q       string // part of the name
	// Status: "" or "enrolled" (current enrolments), "withdrawn" (past
	// enrolments at the institution).
	Status string
}
