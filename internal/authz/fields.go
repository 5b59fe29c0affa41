package authz

import (
	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
)

// Which fields of a person the actor sees in full. Identity numbers are
// stored masked; the full number needs ChildRevealID and is audited.

// SeesPhones reports whether the actor sees guardians' and pick-up
// persons' phones in full: those who run the deployment, care for the
// child or are the guardian. Regulators see them masked.
func (a Actor) SeesPhones() bool {
	switch a.Scope().Kind() {
	case domain.ScopeDeployment, domain.ScopeInstitution, domain.ScopeOwnChildren:
		return true
	}
	return false
}

// Phone is a phone number as the actor may see it.
func (a Actor) Phone(p string) string {
	if a.SeesPhones() {
		return p
	}
	return cnid.Mask(p)
}

// SeesInvitations reports whether the actor sees when a guardian's
// invitation expires (staff and regulators; a guardian does not).
func (a Actor) SeesInvitations() bool { return a.Scope().Kind() != domain.ScopeOwnChildren }

// SeesPickupOptions reports whether the actor sees who may collect a child:
// those who record the day.
func (a Actor) SeesPickupOptions() bool { return Has(a.Role, DailyRecord) }
