package authz

import (
	"strconv"
	"strings"

	"tuoyu/internal/domain"
)

const scopeNothing domain.ScopeKind = "nothing"

// Scope confines queries to the records an actor may see; the store turns
// it into SQL.
type Scope struct {
	kind        domain.ScopeKind
	region      string
	institution int64
	user        int64
}

// Kind says which kind of scope this is.
func (s Scope) Kind() domain.ScopeKind { return s.kind }

// RegionCode is the region of a region scope ("" otherwise).
func (s Scope) RegionCode() string { return s.region }

// InstitutionID is the institution of an institution scope (0 otherwise).
func (s Scope) InstitutionID() int64 { return s.institution }

// UserID is the user the scope was made for (0 for the platform itself
// and for nobody).
func (s Scope) UserID() int64 { return s.user }

// ContainsRegion reports whether a county or township code lies in scope.
func (s Scope) ContainsRegion(code string) bool {
	switch s.kind {
	case domain.ScopeDeployment:
		return true
	case domain.ScopeRegion:
		if len(s.region) == 9 {
			return code == s.region
		}
		lo, hi, ok := RegionRange(s.region)
		if !ok || len(code) < 6 {
			return false
		}
		c := code[:6]
		if lo == hi {
			return c == lo
		}
		return c >= lo && c < hi
	default:
		return false
	}
}

// RegionRange gives the half-open range [lo, hi) of six-digit county codes
// under a six-digit province, city or county code (GB/T 2260: province
// 610000, city 610600, county 610602). For a county lo == hi.
func RegionRange(code string) (lo, hi string, ok bool) {
	if len(code) != 6 {
		return "", "", false
	}
	n, err := strconv.Atoi(code)
	if err != nil {
		return "", "", false
	}
	switch {
	case strings.HasSuffix(code, "0000"):
		return code, strconv.Itoa(n + 10000), true
	case strings.HasSuffix(code, "00"):
		return code, strconv.Itoa(n + 100), true
	default:
		return code, code, true
	}
}

// regionLevels are the levels of region a role's scope may sit at.
var regionLevels = map[domain.Role][]string{
	domain.RoleCityRegulator:   {"city", "province"},
	domain.RoleCountyRegulator: {"county"},
	domain.RolePartner:         {"province", "city", "county"},
	domain.RoleGuide:           {"township"},
}

// RegionLevels lists the levels of region an account of the role may be
// scoped to (none for roles without a region scope).
func RegionLevels(r domain.Role) []string { return regionLevels[r] }
