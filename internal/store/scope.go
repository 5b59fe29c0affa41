package store

import (
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// scopeOn names the columns that tie the rows of a query to what a scope
// reaches. Set the ones the query has:
//   - Institution: the alias of a joined institutions table (its id,
//     region_code and township_code are used): the row is kept by that
//     institution;
//   - Child: a child id column: the row is about that child;
//   - Region: a county-level region code column: the row belongs to a
//     county (audit events, bans, price caps);
//   - InstitutionID: with Region, an institution id column: an
//     institution scope sees the rows of its own institution (audit events);
//   - User: a user id column: the row belongs to that account, whatever
//     the scope's kind (notifications, sessions).
//
// With both Institution and Child (a record an institution keeps about a
// child: a bill, a check) a guardian reaches their own children's records
// and everyone else the records of the institutions in scope.
type scopeOn struct {
	Institution   string
	Child         string
	Region        string
	InstitutionID string
	User          string
}

// InstitutionRef is an institution reached through a scope. Only the
// store's scoped reads make one (its fields are unexported), so a batch
// write that takes it needs no join to know its rows are in scope.
type InstitutionRef struct {
	id     int64
	region string
}

// ID is the institution's row ID.
func (r InstitutionRef) ID() int64 { return r.id }

// RegionCode is the institution's county.
func (r InstitutionRef) RegionCode() string { return r.region }

// scopeWhere is the one place a scope becomes SQL: a condition with ?
// placeholders keeping the rows that the scope reaches through on.
func scopeWhere(s authz.Scope, on scopeOn) (string, []any) {
	if on.User != "" {
		if s.UserID() == 0 {
			return "1=0", nil
		}
		return on.User + " = ?", []any{s.UserID()}
	}
	switch s.Kind() {
	case domain.ScopeDeployment:
		return "1=1", nil
	case domain.ScopeOwnChildren:
		switch {
		case on.Child != "":
			return on.Child + " IN (SELECT g.child_id FROM guardians g WHERE g.user_id = ? AND g.removed_at IS NULL)", []any{s.UserID()}
		case on.Institution != "":
			// A guardian reaches the institutions where their children are enrolled.
			return on.Institution + `.id IN (SELECT e.institution_id FROM enrolments e JOIN guardians g ON g.child_id = e.child_id
			WHERE g.user_id = ? AND g.removed_at IS NULL AND e.end_date IS NULL)`, []any{s.UserID()}
		}
		return "1=0", nil
	case domain.ScopeRegion, domain.ScopeInstitution:
		switch {
		case on.Institution != "" && s.Kind() == domain.ScopeInstitution:
			return on.Institution + ".id = ?", []any{s.InstitutionID()}
		case on.Institution != "" && len(s.RegionCode()) == 9:
			return on.Institution + ".township_code = ?", []any{s.RegionCode()}
		case on.Institution != "":
			return regionRange(on.Institution+".region_code", s.RegionCode())
		case on.Child != "":
			// A child belongs to the institution of their open enrolment.
			where, args := scopeWhere(s, scopeOn{Institution: "si"})
			return "EXISTS (SELECT 1 FROM enrolments se JOIN institutions si ON si.id = se.institution_id WHERE se.child_id = " + on.Child +
				" AND se.end_date IS NULL AND " + where + ")", args
		case on.InstitutionID != "" && s.Kind() == domain.ScopeInstitution:
			return on.InstitutionID + " = ?", []any{s.InstitutionID()}
		case on.Region != "" && s.Kind() == domain.ScopeRegion:
			code := s.RegionCode()
			if len(code) == 9 {
				code = code[:6]
			}
			return regionRange(on.Region, code)
		}
		return "1=0", nil
	default:
		return "1=0", nil
	}
}

// regionRange keeps the county codes in col that lie under code.
func regionRange(col, code string) (string, []any) {
	lo, hi, ok := authz.RegionRange(code)
	if !ok {
		return "1=0", nil
	}
	if lo == hi {
		return col + " = ?", []any{lo}
	}
	return col + " >= ? AND " + col + " < ?", []any{lo, hi}
}
