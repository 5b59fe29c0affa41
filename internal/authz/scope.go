package authz

import (
	"strconv"
	"strings"

	"tuoyu/internal/domain"
)

const scopeNothing domain.ScopeKind = "nothing"

// Scope confines queries to the records an actor may see.
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

// Institutions returns an SQL condition (with ? placeholders) that keeps the
// institutions in scope. alias is the institutions table alias; its columns
// region_code (county), township_code and id are used.
func (s Scope) Institutions(alias string) (string, []any) {
	col := func(c string) string { return alias + "." + c }
	switch s.kind {
	case domain.ScopeDeployment:
		return "1=1", nil
	case domain.ScopeRegion:
		if len(s.region) == 9 {
			return col("township_code") + " = ?", []any{s.region}
		}
		lo, hi, ok := RegionRange(s.region)
		if !ok {
			return "1=0", nil
		}
		if lo == hi {
			return col("region_code") + " = ?", []any{lo}
		}
		return col("region_code") + " >= ? AND " + col("region_code") + " < ?", []any{lo, hi}
	case domain.ScopeInstitution:
		return col("id") + " = ?", []any{s.institution}
	case domain.ScopeOwnChildren:
		// A guardian reaches the institutions where their children are enrolled.
		return col("id") + ` IN (SELECT e.institution_id FROM enrolments e JOIN guardians g ON g.child_id = e.child_id
			WHERE g.user_id = ? AND g.removed_at IS NULL AND e.end_date IS NULL)`, []any{s.user}
	default:
		return "1=0", nil
	}
}

// Children returns an SQL condition keeping the children in scope. alias is
// the children table alias (column id is used). A child belongs to the
// institution of their open enrolment; a guardian sees their own children.
func (s Scope) Children(alias string) (string, []any) {
	switch s.kind {
	case domain.ScopeDeployment:
		return "1=1", nil
	case domain.ScopeOwnChildren:
		return alias + ".id IN (SELECT g.child_id FROM guardians g WHERE g.user_id = ? AND g.removed_at IS NULL)", []any{s.user}
	case domain.ScopeRegion, domain.ScopeInstitution:
		where, args := s.Institutions("si")
		return "EXISTS (SELECT 1 FROM enrolments se JOIN institutions si ON si.id = se.institution_id WHERE se.child_id = " + alias +
			".id AND se.end_date IS NULL AND " + where + ")", args
	default:
		return "1=0", nil
	}
}

// UserID is the guardian of an own-children scope (0 otherwise).
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

// Region returns an SQL condition keeping rows whose county-level region
// code column lies in scope (used for audit events and filings). Institution
// and guardian scopes see no region-keyed rows through it.
func (s Scope) Region(col string) (string, []any) {
	switch s.kind {
	case domain.ScopeDeployment:
		return "1=1", nil
	case domain.ScopeRegion:
		code := s.region
		if len(code) == 9 {
			code = code[:6]
		}
		lo, hi, ok := RegionRange(code)
		if !ok {
			return "1=0", nil
		}
		if lo == hi {
			return col + " = ?", []any{lo}
		}
		return col + " >= ? AND " + col + " < ?", []any{lo, hi}
	default:
		return "1=0", nil
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
