package authz

import "tuoyu/internal/domain"

// Reach says which accounts of the roles a manager manages lie in its
// reach. The store turns it into SQL through the manager's Scope.
type Reach string

const (
	// ReachAll: every account (the administrator).
	ReachAll Reach = "all"
	// ReachRegion: accounts whose region, or whose institution's county,
	// lies in the manager's region.
	ReachRegion Reach = "region"
	// ReachInstitution: accounts of the manager's own institution.
	ReachInstitution Reach = "institution"
)

// ManageRule is one row of ManageTable: the roles a manager may create,
// disable, reset and change, and where those accounts must lie.
type ManageRule struct {
	Roles []domain.Role
	Reach Reach
}

// ManageTable says who manages whose accounts (issue 9 §1): the
// administrator every account; a city regulator the regulators of its
// counties; a county regulator its partner departments' staff and its
// institutions' directors; a director its staff's logins. It is data,
// walked by a test; a role without a row manages nobody.
var ManageTable = map[domain.Role]ManageRule{
	domain.RoleAdmin:           {Roles: domain.Roles, Reach: ReachAll},
	domain.RoleCityRegulator:   {Roles: []domain.Role{domain.RoleCountyRegulator}, Reach: ReachRegion},
	domain.RoleCountyRegulator: {Roles: []domain.Role{domain.RolePartner, domain.RoleDirector}, Reach: ReachRegion},
	domain.RoleDirector:        {Roles: []domain.Role{domain.RoleCaregiver}, Reach: ReachInstitution},
}

// ManageableRoles lists the roles whose accounts the actor manages (none
// without AccountManage). The platform itself manages every role.
func (a Actor) ManageableRoles() []domain.Role {
	if a.system {
		return domain.Roles
	}
	if !a.Can(AccountManage) {
		return nil
	}
	return ManageTable[a.Role].Roles
}

// Manages reports whether the actor manages accounts of role r (where they
// lie is the scope's business).
func (a Actor) Manages(r domain.Role) bool {
	for _, x := range a.ManageableRoles() {
		if x == r {
			return true
		}
	}
	return false
}
