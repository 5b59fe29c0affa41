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

	// Institution operations.
	ClassView      Permission = "class.view"
	ClassEdit      Permission = "class.edit"
	ChildView      Permission = "child.view"
	ChildEdit      Permission = "child.edit"
	ChildRevealID  Permission = "child.reveal_id"
	OwnChildren    Permission = "own_children"
	DailyRecord    Permission = "daily.record"
	DailyView      Permission = "daily.view"
	StaffView      Permission = "staff.view"
	StaffEdit      Permission = "staff.edit"
	BlacklistView  Permission = "blacklist.view"
	BlacklistEdit  Permission = "blacklist.edit"
	ComplianceView Permission = "compliance.view"
	BillView       Permission = "bill.view"
	BillEdit       Permission = "bill.edit"
	PriceCapEdit   Permission = "price_cap.edit"
	ImportRun      Permission = "import.run"
	DataExport     Permission = "data.export"

	// Statistics: indicators, dashboards, the DHIS2 export.
	StatsView Permission = "stats.view"
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

	ClassView:      {domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RoleDirector, domain.RoleCaregiver},
	ClassEdit:      {domain.RoleDirector},
	ChildView:      {domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RoleDirector, domain.RoleCaregiver},
	ChildEdit:      {domain.RoleDirector},
	ChildRevealID:  {domain.RoleDirector},
	OwnChildren:    {domain.RoleGuardian},
	DailyRecord:    {domain.RoleDirector, domain.RoleCaregiver},
	DailyView:      {domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RoleDirector, domain.RoleCaregiver},
	StaffView:      {domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RoleDirector},
	StaffEdit:      {domain.RoleDirector},
	BlacklistView:  {domain.RoleCityRegulator, domain.RoleCountyRegulator},
	BlacklistEdit:  {domain.RoleCityRegulator, domain.RoleCountyRegulator},
	ComplianceView: {domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RolePartner, domain.RoleDirector},
	BillView:       {domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RoleDirector},
	BillEdit:       {domain.RoleDirector},
	PriceCapEdit:   {domain.RoleCityRegulator, domain.RoleCountyRegulator},
	ImportRun:      {domain.RoleDirector},
	DataExport:     {domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RoleDirector},

	StatsView: {domain.RoleAdmin, domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RolePartner, domain.RoleDirector},
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
