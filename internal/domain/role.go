package domain

// Role is what an account is for (docs/design.md §1).
type Role string

const (
	RoleAdmin           Role = "admin"
	RoleCityRegulator   Role = "city_regulator"
	RoleCountyRegulator Role = "county_regulator"
	RolePartner         Role = "partner"
	RoleDirector        Role = "director"
	RoleCaregiver       Role = "caregiver"
	RoleGuardian        Role = "guardian"
	RoleGuide           Role = "guide"
)

// Roles lists every role, in the order the interface shows them.
var Roles = []Role{RoleAdmin, RoleCityRegulator, RoleCountyRegulator, RolePartner, RoleDirector, RoleCaregiver, RoleGuardian, RoleGuide}

func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// ScopeKind says what an account of this role is confined to.
type ScopeKind string

const (
	ScopeDeployment  ScopeKind = "deployment"
	ScopeRegion      ScopeKind = "region"
	ScopeInstitution ScopeKind = "institution"
	ScopeOwnChildren ScopeKind = "own_children"
)

// ScopeKindOf gives the kind of scope a role carries.
func ScopeKindOf(r Role) ScopeKind {
	switch r {
	case RoleAdmin:
		return ScopeDeployment
	case RoleCityRegulator, RoleCountyRegulator, RolePartner, RoleGuide:
		return ScopeRegion
	case RoleDirector, RoleCaregiver:
		return ScopeInstitution
	default:
		return ScopeOwnChildren
	}
}

// User is an account.
type User struct {
	ID          int64  `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        Role   `json:"role"`
	RegionCode  string `json:"region_code,omitempty"`
	// Department is a partner account's department (authz.Duty).
	Department    string `json:"department,omitempty"`
	InstitutionID *int64 `json:"institution_id"`
	Disabled      bool   `json:"disabled"`
	// MustChangePassword: the password was set by someone else (a first
	// password, a reset code); every page but the change form waits for a
	// new one.
	MustChangePassword bool `json:"must_change_password"`
}
