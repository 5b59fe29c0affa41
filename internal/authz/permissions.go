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
	// AccountManage: the account pages of a manager (ManageTable says whose).
	AccountManage Permission = "account.manage"

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

	// DailyClockOthers: clock a caregiver of a class in or out for them.
	DailyClockOthers Permission = "daily.clock_others"
	// StaffAccount: an account of this role may be linked to a staff record
	// and clocks in and out as that caregiver.
	StaffAccount Permission = "staff.account"
	// StandardEdit sets a city's or county's tightening of the national standard.
	StandardEdit Permission = "standard.edit"
	// Supervision: registrations pushed by the registration authority,
	// checklists, inspection plans, inspections by kind, rectification orders.
	RegistrationView    Permission = "supervision.registration.view"
	RegistrationRecord  Permission = "supervision.registration.record"
	TemplateView        Permission = "supervision.template.view"
	TemplateEdit        Permission = "supervision.template.edit"
	PlanView            Permission = "supervision.plan.view"
	PlanEdit            Permission = "supervision.plan.edit"
	InspectionView      Permission = "supervision.inspection.view"
	InspectionConduct   Permission = "supervision.inspection.conduct"
	InspectAnnual       Permission = "supervision.inspect.annual"
	InspectFireSafety   Permission = "supervision.inspect.fire_safety"
	InspectFoodSafety   Permission = "supervision.inspect.food_safety"
	InspectFees         Permission = "supervision.inspect.fees"
	InspectHealthCare   Permission = "supervision.inspect.health_care"
	InspectCCTV         Permission = "supervision.inspect.cctv"
	InspectSpecial      Permission = "supervision.inspect.special"
	OrderView           Permission = "supervision.order.view"
	OrderIssue          Permission = "supervision.order.issue"
	OrderRespond        Permission = "supervision.order.respond"
	SupervisionSettings Permission = "supervision.settings"
	// Supervision cases: annual review and closure, complaints, the CCTV
	// register and footage preservation, quality assessment, demonstration
	// institutions and their settings.
	ReviewView             Permission = "supervision.review.view"
	ReviewRecord           Permission = "supervision.review.record"
	ClosureDecide          Permission = "supervision.closure.decide"
	ComplaintHandle        Permission = "supervision.complaint.handle"
	ComplaintOwn           Permission = "supervision.complaint.own"
	ComplaintForwarded     Permission = "supervision.complaint.forwarded"
	CCTVView               Permission = "supervision.cctv.view"
	CCTVEdit               Permission = "supervision.cctv.edit"
	FootageRequest         Permission = "supervision.footage.request"
	FootageConfirm         Permission = "supervision.footage.confirm"
	QualityView            Permission = "supervision.quality.view"
	QualitySelf            Permission = "supervision.quality.self"
	QualityAssess          Permission = "supervision.quality.assess"
	QualityReview          Permission = "supervision.quality.review"
	DemonstrationDesignate Permission = "supervision.demonstration.designate"
	CaseSettingsEdit       Permission = "supervision.case_settings.edit"
	// Statistics: indicators, dashboards, the DHIS2 export.
	StatsView Permission = "stats.view"
	// Monthly reports: a county submits, the city approves, returns or
	// unlocks (DHIS2-style data approval).
	StatsReportSubmit  Permission = "stats.report.submit"
	StatsReportApprove Permission = "stats.report.approve"
	// Institution monthly reports: the director corrects and submits, the
	// county approves, returns or reopens; city and county track late and
	// missing ones.
	StatsMonthlySubmit  Permission = "stats.monthly.submit"
	StatsMonthlyApprove Permission = "stats.monthly.approve"
	StatsMonthlyTrack   Permission = "stats.monthly.track"
	// Planning: places needed against places filed; the city sets targets.
	StatsPlanning     Permission = "stats.planning"
	StatsSettingsEdit Permission = "stats.settings.edit"
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
	AccountManage:     {domain.RoleAdmin, domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RoleDirector},

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

	DailyClockOthers:       {domain.RoleDirector},
	StaffAccount:           {domain.RoleCaregiver},
	StandardEdit:           {domain.RoleAdmin, domain.RoleCityRegulator},
	RegistrationView:       {domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RolePartner},
	RegistrationRecord:     {domain.RoleCountyRegulator, domain.RolePartner},
	TemplateView:           {domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RolePartner},
	TemplateEdit:           {domain.RoleCityRegulator},
	PlanView:               {domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RolePartner},
	PlanEdit:               {domain.RoleCountyRegulator, domain.RolePartner},
	InspectionView:         {domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RolePartner, domain.RoleDirector},
	InspectionConduct:      {domain.RoleCountyRegulator, domain.RolePartner},
	InspectAnnual:          {domain.RoleCountyRegulator},
	InspectFireSafety:      {domain.RoleCountyRegulator, domain.RolePartner},
	InspectFoodSafety:      {domain.RoleCountyRegulator, domain.RolePartner},
	InspectFees:            {domain.RoleCountyRegulator, domain.RolePartner},
	InspectHealthCare:      {domain.RoleCountyRegulator, domain.RolePartner},
	InspectCCTV:            {domain.RoleCountyRegulator},
	InspectSpecial:         {domain.RoleCountyRegulator},
	OrderView:              {domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RolePartner, domain.RoleDirector},
	OrderIssue:             {domain.RoleCountyRegulator, domain.RolePartner},
	OrderRespond:           {domain.RoleDirector},
	SupervisionSettings:    {domain.RoleCityRegulator, domain.RoleCountyRegulator},
	ReviewView:             {domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RoleDirector},
	ReviewRecord:           {domain.RoleCountyRegulator},
	ClosureDecide:          {domain.RoleCountyRegulator},
	ComplaintHandle:        {domain.RoleCityRegulator, domain.RoleCountyRegulator},
	ComplaintOwn:           {domain.RoleGuardian},
	ComplaintForwarded:     {domain.RoleDirector},
	CCTVView:               {domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RoleDirector},
	CCTVEdit:               {domain.RoleDirector},
	FootageRequest:         {domain.RoleCityRegulator, domain.RoleCountyRegulator},
	FootageConfirm:         {domain.RoleDirector},
	QualityView:            {domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RoleDirector},
	QualitySelf:            {domain.RoleDirector},
	QualityAssess:          {domain.RoleCountyRegulator},
	QualityReview:          {domain.RoleCityRegulator},
	DemonstrationDesignate: {domain.RoleCityRegulator},
	CaseSettingsEdit:       {domain.RoleCityRegulator},
	StatsView:              {domain.RoleAdmin, domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RolePartner, domain.RoleDirector},
	StatsReportSubmit:      {domain.RoleCountyRegulator},
	StatsReportApprove:     {domain.RoleCityRegulator},
	StatsMonthlySubmit:     {domain.RoleDirector},
	StatsMonthlyApprove:    {domain.RoleCountyRegulator},
	StatsMonthlyTrack:      {domain.RoleCityRegulator, domain.RoleCountyRegulator},
	StatsPlanning:          {domain.RoleAdmin, domain.RoleCityRegulator, domain.RoleCountyRegulator, domain.RolePartner},
	StatsSettingsEdit:      {domain.RoleCityRegulator},
}

// inspectingDuties are the partner departments that inspect institutions.
var inspectingDuties = []Duty{DutyMarket, DutyEmergency, DutyMCH}

// DutyTable bounds a partner's permissions by its department: a partner
// holds a permission listed here only when its department is in the row
// (Allows). Permissions not listed are held by every partner that Table
// names. 行政审批 records registrations (托育机构登记和备案办法 第6条);
// 应急管理 runs fire-safety inspections; 市场监管 food-safety and fee checks;
// 妇幼保健 health-care checks.
var DutyTable = map[Permission][]Duty{
	RegistrationRecord: {DutyApproval},
	PlanEdit:           inspectingDuties,
	InspectionConduct:  inspectingDuties,
	OrderIssue:         inspectingDuties,
	InspectFireSafety:  {DutyEmergency},
	InspectFoodSafety:  {DutyMarket},
	InspectFees:        {DutyMarket},
	InspectHealthCare:  {DutyMCH},
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
