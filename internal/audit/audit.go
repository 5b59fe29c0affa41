// Package audit names the actions the audit trail records. Each is declared
// once here; Actions lists them all for the audit page's filter and the
// catalog test. The values are stored: never change one.
package audit

// Action is what an audit event records that someone did.
type Action string

const (
	// Accounts and sessions.
	Login          Action = "login"
	LoginFailed    Action = "login.failed"
	LoginLocked    Action = "login.locked"
	SessionEnd     Action = "session.end"
	APITokenCreate Action = "api_token.create"
	UserCreate     Action = "user.create"
	UserDisable    Action = "user.disable"
	UserEnable     Action = "user.enable"
	// Accounts (internal/account): a role or scope changed, own password
	// changed, a reset code issued, a guardian signing up with a code, the
	// password policy's settings.
	UserUpdate            Action = "user.update"
	UserPasswordChange    Action = "user.password_change"
	UserPasswordReset     Action = "user.password_reset"
	GuardianSignUp        Action = "guardian.sign_up"
	AccountSettingsUpdate Action = "account_settings.update"

	// Institutions and filings.
	InstitutionCreate    Action = "institution.create"
	InstitutionExport    Action = "institution.export"
	FilingCreate         Action = "filing.create"
	FilingUpdate         Action = "filing.update"
	FilingMaterialAdd    Action = "filing.material_add"
	FilingMaterialDelete Action = "filing.material_delete"
	FilingSubmit         Action = "filing.submit"
	FilingWithdraw       Action = "filing.withdraw"
	FilingFile           Action = "filing.file"
	FilingReturn         Action = "filing.return"

	// Classes, children and the people around them.
	ClassCreate     Action = "class.create"
	ClassUpdate     Action = "class.update"
	ChildEnrol      Action = "child.enrol"
	ChildUpdate     Action = "child.update"
	ChildWithdraw   Action = "child.withdraw"
	ChildMove       Action = "child.move"
	ChildRevealId   Action = "child.reveal_id"
	GuardianAdd     Action = "guardian.add"
	GuardianRemove  Action = "guardian.remove"
	GuardianInvite  Action = "guardian.invite"
	GuardianClaim   Action = "guardian.claim"
	PickupAdd       Action = "pickup.add"
	PickupRemove    Action = "pickup.remove"
	ConsentGive     Action = "consent.give"
	ConsentWithdraw Action = "consent.withdraw"

	// The day: attendance, staff clock, checks, care log, notifications.
	AttendanceRecord        Action = "attendance.record"
	StaffAttendanceClockIn  Action = "staff_attendance.clock_in"
	StaffAttendanceClockOut Action = "staff_attendance.clock_out"
	HealthCheckRecord       Action = "health_check.record"
	CareLogCreate           Action = "care_log.create"
	CareLogPublish          Action = "care_log.publish"
	NotificationRead        Action = "notification.read"
	DailySettingsUpdate     Action = "daily_settings.update"

	// Staff and the blacklist.
	StaffHire                   Action = "staff.hire"
	StaffLeave                  Action = "staff.leave"
	StaffCertificateAdd         Action = "staff.certificate_add"
	StaffLinkAccount            Action = "staff.link_account"
	StandardOverrideSet         Action = "standard.override.set"
	StandardOverrideRemove      Action = "standard.override.remove"
	StaffHireRefusedBlacklisted Action = "staff.hire_refused_blacklisted"
	BlacklistAdd                Action = "blacklist.add"
	BlacklistLift               Action = "blacklist.lift"

	// Fees and bills.
	FeeCreate             Action = "fee.create"
	BillingSettingsUpdate Action = "billing_settings.update"
	BillsGenerate         Action = "bills.generate"
	BillIssue             Action = "bill.issue"
	BillReissue           Action = "bill.reissue"
	BillWithdraw          Action = "bill.withdraw"
	BillPayment           Action = "bill.payment"
	BillWaive             Action = "bill.waive"
	PriceCapSet           Action = "price_cap.set"

	// Imports and exports.
	ImportChildren   Action = "import.children"
	ImportStaff      Action = "import.staff"
	ExportChildren   Action = "export.children"
	ExportStaff      Action = "export.staff"
	ExportAttendance Action = "export.attendance"
	AuditExport      Action = "audit.export"
)

// Group is a labelled set of actions, as the audit page's filter offers
// them; Key names its catalog label ("audit.group."+Key).
type Group struct {
	Key     string
	Actions []Action
}

// Groups lists every action once, grouped as the audit page offers them.
var Groups = []Group{
	{"accounts", []Action{Login, LoginFailed, LoginLocked, SessionEnd, APITokenCreate, UserCreate, UserDisable, UserEnable,
		UserUpdate, UserPasswordChange, UserPasswordReset, GuardianSignUp, AccountSettingsUpdate}},
	{"filings", []Action{InstitutionCreate, InstitutionExport, FilingCreate, FilingUpdate, FilingMaterialAdd, FilingMaterialDelete, FilingSubmit, FilingWithdraw, FilingFile, FilingReturn}},
	{"children", []Action{ClassCreate, ClassUpdate, ChildEnrol, ChildUpdate, ChildWithdraw, ChildMove, ChildRevealId, GuardianAdd, GuardianRemove, GuardianInvite, GuardianClaim, PickupAdd, PickupRemove, ConsentGive, ConsentWithdraw}},
	{"day", []Action{AttendanceRecord, StaffAttendanceClockIn, StaffAttendanceClockOut, HealthCheckRecord, CareLogCreate, CareLogPublish, NotificationRead, DailySettingsUpdate}},
	{"staff", []Action{StandardOverrideSet, StandardOverrideRemove, StaffHire, StaffLeave, StaffCertificateAdd, StaffLinkAccount, StaffHireRefusedBlacklisted, BlacklistAdd, BlacklistLift}},
	{"money", []Action{FeeCreate, BillingSettingsUpdate, BillsGenerate, BillIssue, BillReissue, BillWithdraw, BillPayment, BillWaive, PriceCapSet}},
	{"data", []Action{ImportChildren, ImportStaff, ExportChildren, ExportStaff, ExportAttendance, AuditExport}},
}

// Actions lists every action, in the order the audit page offers them.
var Actions = flatten(Groups)

// Reveals are the actions that show someone a full ID number.
var Reveals = []Action{ChildRevealId}

func flatten(gs []Group) []Action {
	var out []Action
	for _, g := range gs {
		out = append(out, g.Actions...)
	}
	return out
}
