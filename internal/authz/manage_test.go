package authz

import (
	"testing"

	"tuoyu/internal/domain"
)

// TestManageTable walks the table of who manages whom: every manager holds
// AccountManage and every role that holds it has a row; each row's reach
// fits the manager's scope; and the expected pairs, from issue 9 §1, hold
// and no other.
func TestManageTable(t *testing.T) {
	want := map[domain.Role][]domain.Role{
		domain.RoleAdmin:           domain.Roles,
		domain.RoleCityRegulator:   {domain.RoleCountyRegulator},
		domain.RoleCountyRegulator: {domain.RolePartner, domain.RoleDirector},
		domain.RoleDirector:        {domain.RoleCaregiver},
	}
	reach := map[domain.ScopeKind]Reach{domain.ScopeDeployment: ReachAll, domain.ScopeRegion: ReachRegion, domain.ScopeInstitution: ReachInstitution}
	for role, rule := range ManageTable {
		if !Has(role, AccountManage) {
			t.Errorf("%s has a row in ManageTable but does not hold %s", role, AccountManage)
		}
		if rule.Reach != reach[domain.ScopeKindOf(role)] {
			t.Errorf("%s reaches %q, but its scope is %s", role, rule.Reach, domain.ScopeKindOf(role))
		}
	}
	inst := int64(3)
	for _, manager := range domain.Roles {
		if Has(manager, AccountManage) {
			if _, ok := ManageTable[manager]; !ok {
				t.Errorf("%s holds %s but has no row", manager, AccountManage)
			}
		}
		a := ForUser(domain.User{ID: 1, Role: manager, RegionCode: "610602", InstitutionID: &inst}, "", 1)
		for _, target := range domain.Roles {
			expected := false
			for _, x := range want[manager] {
				expected = expected || x == target
			}
			if got := a.Manages(target); got != expected {
				t.Errorf("%s manages %s: %v, want %v", manager, target, got, expected)
			}
		}
	}
	if !System("test").Manages(domain.RoleGuardian) {
		t.Error("the platform manages every account")
	}
	if Anonymous("").Manages(domain.RoleCaregiver) {
		t.Error("nobody manages without a login")
	}
}
