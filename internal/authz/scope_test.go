package authz

import (
	"testing"

	"tuoyu/internal/domain"
)

func TestRegionRange(t *testing.T) {
	cases := []struct{ code, lo, hi string }{
		{"610000", "610000", "620000"}, // province
		{"610600", "610600", "610700"}, // city
		{"610602", "610602", "610602"}, // county
	}
	for _, c := range cases {
		lo, hi, ok := RegionRange(c.code)
		if !ok || lo != c.lo || hi != c.hi {
			t.Errorf("RegionRange(%s) = %s, %s, %v", c.code, lo, hi, ok)
		}
	}
	for _, bad := range []string{"", "6106", "61060x", "610602001"} {
		if _, _, ok := RegionRange(bad); ok {
			t.Errorf("RegionRange(%q) accepted", bad)
		}
	}
}

func TestScopeOfEachRole(t *testing.T) {
	inst := int64(7)
	cases := []struct {
		user     domain.User
		in, out  []string
		instance int64
	}{
		{domain.User{ID: 1, Role: domain.RoleAdmin}, []string{"110101", "610602"}, nil, 0},
		{domain.User{ID: 2, Role: domain.RoleCityRegulator, RegionCode: "610600"}, []string{"610602", "610681"}, []string{"610100", "610700", "620102"}, 0},
		{domain.User{ID: 3, Role: domain.RoleCountyRegulator, RegionCode: "610602"}, []string{"610602", "610602001"}, []string{"610603", "610600"}, 0},
		{domain.User{ID: 4, Role: domain.RoleGuide, RegionCode: "610602001"}, []string{"610602001"}, []string{"610602002", "610602"}, 0},
		{domain.User{ID: 5, Role: domain.RoleDirector, InstitutionID: &inst}, nil, []string{"610602"}, 7},
		{domain.User{ID: 6, Role: domain.RoleGuardian}, nil, []string{"610602"}, 0},
	}
	for _, c := range cases {
		s := ForUser(c.user, "", 0).Scope()
		for _, code := range c.in {
			if !s.ContainsRegion(code) {
				t.Errorf("%s should contain %s", c.user.Role, code)
			}
		}
		for _, code := range c.out {
			if s.ContainsRegion(code) {
				t.Errorf("%s should not contain %s", c.user.Role, code)
			}
		}
		if s.InstitutionID() != c.instance {
			t.Errorf("%s institution %d", c.user.Role, s.InstitutionID())
		}
	}
	if Anonymous("").Scope().Kind() == domain.ScopeDeployment {
		t.Fatal("anonymous must not get deployment scope")
	}
	if u := Anonymous("").Scope().UserID(); u != 0 {
		t.Fatalf("anonymous scope belongs to user %d", u)
	}
}

func TestRequire(t *testing.T) {
	if err := Anonymous("").Require(InstitutionList); domain.ErrorCode(err) != domain.CodeUnauthorized {
		t.Fatalf("anonymous: %v", err)
	}
	if err := Anonymous("").Require(Public); err != nil {
		t.Fatalf("public: %v", err)
	}
	g := ForUser(domain.User{ID: 1, Role: domain.RoleGuardian}, "", 0)
	if err := g.Require(FilingReview); domain.ErrorCode(err) != domain.CodeForbidden {
		t.Fatalf("guardian reviewing: %v", err)
	}
	c := ForUser(domain.User{ID: 1, Role: domain.RoleCountyRegulator, RegionCode: "610602"}, "", 0)
	if err := c.Require(FilingReview); err != nil {
		t.Fatalf("county regulator reviewing: %v", err)
	}
}
