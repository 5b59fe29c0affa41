package authz

import (
	"testing"

	"tuoyu/internal/domain"
)

// TestDutyBoundsPartners walks DutyTable: a partner holds a listed
// permission only with a listed department, other roles are unaffected, and
// permissions without a duty row follow Table alone.
func TestDutyBoundsPartners(t *testing.T) {
	for p, duties := range DutyTable {
		for _, d := range Duties {
			want := false
			for _, x := range duties {
				want = want || x == d
			}
			if got := Allows(domain.RolePartner, d, p); got != want {
				t.Errorf("partner %s, %s: %v, want %v", d, p, got, want)
			}
		}
		if Allows(domain.RolePartner, "", p) {
			t.Errorf("a partner without a department holds %s", p)
		}
		for _, r := range domain.Roles {
			if r != domain.RolePartner && Allows(r, DutyEmergency, p) != Has(r, p) {
				t.Errorf("%s: the department changed the answer for role %s", p, r)
			}
		}
	}
	for p := range Table {
		if _, bounded := DutyTable[p]; !bounded && Allows(domain.RolePartner, DutyWomen, p) != Has(domain.RolePartner, p) {
			t.Errorf("%s has no duty row but the department changed the answer", p)
		}
	}
	a := Actor{UserID: 1, Role: domain.RolePartner, Department: DutyApproval}
	if a.Require(RegistrationRecord) != nil || a.Require(InspectFireSafety) == nil {
		t.Error("行政审批 records registrations and does not run fire-safety inspections")
	}
	a.Department = DutyEmergency
	if a.Require(InspectFireSafety) != nil || a.Require(RegistrationRecord) == nil || a.Require(InspectFoodSafety) == nil {
		t.Error("应急管理 runs fire-safety inspections only")
	}
}
