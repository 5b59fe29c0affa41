// Package authz is the only place that decides access: who may do what
// (the permission table) and over which records (the scope).
package authz

import "tuoyu/internal/domain"

// Permission names an action. Every route names exactly one.
type Permission string

const (
	// Public needs no login.
	Public Permission = "public"
	// Authenticated needs a login and nothing more (own profile, own sessions).
	Authenticated Permission = "authenticated"

	InstitutionList   Permission = "institution.list"
	InstitutionView   Permission = "institution.view"
	InstitutionCreate Permission = "institution.create"
	InstitutionExport Permission = "institution.export"
	FilingView        Permission = "filing.view"
	FilingEdit        Permission = "filing.edit"
	FilingReview      Permission = "filing.review"
	AuditView         Permission = "audit.view"
	UserManage        Permission = "user.manage"
)

// Table is the permission table: which roles hold each permission. It is
// data, walked by tests; change access here and nowhere else.
var Table = map[Permission][]domain.Role{
	Public:        nil,
	Authenticated: domain.Roles,

	InstitutionList:   {domain.RoleAdmin, domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RolePartner, domain.RoleDirector, domain.RoleCaregiver},
	InstitutionView:   {domain.RoleAdmin, domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RolePartner, domain.RoleDirector, domain.RoleCaregiver},
	InstitutionCreate: {domain.RoleCountyRegulator},
	InstitutionExport: {domain.RoleAdmin, domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RolePartner},
	FilingView:        {domain.RoleAdmin, domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RolePartner, domain.RoleDirector},
	FilingEdit:        {domain.RoleDirector},
	FilingReview:      {domain.RoleCountyRegulator},
	AuditView:         {domain.RoleAdmin, domain.RoleCityRegulator, domain.RoleCountyRegulator},
	UserManage:        {domain.RoleAdmin},
}

// Has reports whether the role holds the permission.
func Has(r domain.Role, p Permission) bool {
	if p == Public {
		return true
	}
	for _, x := range Table[p] {
		if x == r {
			return true
		}
	}
	return false
}

// Known reports whether the permission has a row in the table.
func Known(p Permission) bool {
	_, ok := Table[p]
	return ok
}
