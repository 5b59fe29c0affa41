package authz

import (
	"testing"

	"tuoyu/internal/domain"
)

// TestFieldVisibility is the table of roles × fields: which fields of a
// person each role sees in full.
func TestFieldVisibility(t *testing.T) {
	const phone = "13800138000"
	cases := []struct {
		role                        domain.Role
		phones, invitations, pickup bool
	}{
		{domain.RoleAdmin, true, true, false},
		{domain.RoleCityRegulator, false, true, false},
		{domain.RoleCountyRegulator, false, true, false},
		{domain.RolePartner, false, true, false},
		{domain.RoleGuide, false, true, false},
		{domain.RoleDirector, true, true, true},
		{domain.RoleCaregiver, true, true, true},
		{domain.RoleGuardian, true, false, false},
	}
	seen := map[domain.Role]bool{}
	for _, c := range cases {
		seen[c.role] = true
		inst := int64(7)
		a := ForUser(domain.User{ID: 1, Role: c.role, RegionCode: "610602", InstitutionID: &inst}, "", 1)
		wantPhone := phone
		if !c.phones {
			wantPhone = "138******00"
		}
		if got := a.Phone(phone); got != wantPhone || a.SeesPhones() != c.phones {
			t.Errorf("%s: phone %q (sees %v), want %q", c.role, got, a.SeesPhones(), wantPhone)
		}
		if a.SeesInvitations() != c.invitations {
			t.Errorf("%s: sees invitations %v, want %v", c.role, a.SeesInvitations(), c.invitations)
		}
		if a.SeesPickupOptions() != c.pickup {
			t.Errorf("%s: sees pick-up options %v, want %v", c.role, a.SeesPickupOptions(), c.pickup)
		}
	}
	for _, r := range domain.Roles {
		if !seen[r] {
			t.Errorf("role %s has no row in the field table", r)
		}
	}
	if got := Anonymous("").Phone(phone); got == phone {
		t.Errorf("anonymous sees the full phone %q", got)
	}
	if got := System("test").Phone(phone); got != phone {
		t.Errorf("the system sees %q, want the full phone", got)
	}
}
