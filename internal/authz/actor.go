package authz

import (
	"tuoyu/internal/domain"
)

// Actor is who is asking: a logged-in user, or nobody.
type Actor struct {
	UserID   int64
	Username string
	// DisplayName is the name people are greeted by ("" when none was given).
	DisplayName string
	Role        domain.Role
	RegionCode  string
	// Department is a partner's department; it bounds what the partner may do.
	Department    Duty
	InstitutionID int64
	IP            string
	SessionID     int64
	// MustChangePassword: the guard sends the actor to the password form
	// until they have set their own.
	MustChangePassword bool
	system             bool
}

// Anonymous is the actor of a request without a login.
func Anonymous(ip string) Actor { return Actor{IP: ip} }

// System is the actor for work the platform does itself (migrations, demo
// data, scheduled jobs); it has deployment scope.
func System(name string) Actor { return Actor{Username: name, system: true} }

// ForUser makes the actor of a logged-in user.
func ForUser(u domain.User, ip string, sessionID int64) Actor {
	a := Actor{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName, MustChangePassword: u.MustChangePassword, Role: u.Role, RegionCode: u.RegionCode, Department: Duty(u.Department), IP: ip, SessionID: sessionID}
	if u.InstitutionID != nil {
		a.InstitutionID = *u.InstitutionID
	}
	return a
}

// LoggedIn reports whether the actor is a user (or the system).
func (a Actor) LoggedIn() bool { return a.UserID != 0 || a.system }

// Require returns nil when the actor holds p, an unauthorized error when the
// actor is not logged in, and a forbidden error otherwise.
func (a Actor) Require(p Permission) error {
	if p == Public || a.system {
		return nil
	}
	if !a.LoggedIn() {
		return domain.Unauthorized("login required")
	}
	if !Allows(a.Role, a.Department, p) {
		return domain.Forbidden("your role may not do this")
	}
	return nil
}

// Scope is the set of records the actor may see. Only this package builds
// one, so a store method that takes a Scope cannot be called unscoped.
func (a Actor) Scope() Scope {
	if a.system {
		return Scope{kind: domain.ScopeDeployment}
	}
	if !a.LoggedIn() {
		return Scope{kind: scopeNothing}
	}
	switch domain.ScopeKindOf(a.Role) {
	case domain.ScopeDeployment:
		return Scope{kind: domain.ScopeDeployment, user: a.UserID}
	case domain.ScopeRegion:
		return Scope{kind: domain.ScopeRegion, region: a.RegionCode, user: a.UserID}
	case domain.ScopeInstitution:
		return Scope{kind: domain.ScopeInstitution, institution: a.InstitutionID, user: a.UserID}
	default:
		return Scope{kind: domain.ScopeOwnChildren, user: a.UserID}
	}
}
