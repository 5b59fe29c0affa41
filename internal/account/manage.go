package account

import (
	"context"
	"database/sql"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/secure"
	"tuoyu/internal/store"
)

var usernameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{2,31}$`)

// Account is an account as its manager sees it.
type Account struct {
	domain.User
	InstitutionName string    `json:"institution_name,omitempty"`
	RegionName      string    `json:"region_name,omitempty"`
	CreatedAt       time.Time `json:"created_at"`
}

// Filter narrows the account list.
type Filter struct {
	Role domain.Role `json:"role"`
	// Status is "active", "disabled" or "" for both.
	Status string `json:"status"`
	// Name matches the username or the display name.
	Name string `json:"name"`
}

// Statuses an account list may be filtered by.
var Statuses = []string{"active", "disabled"}

const accountColumns = `u.id, u.username, u.display_name, u.role, u.region_code, u.department, u.institution_id, u.disabled, u.must_change_password,
	COALESCE(i.name, ''), COALESCE(rg.name, ''), u.created_at`

const accountFrom = ` FROM users u LEFT JOIN institutions i ON i.id = u.institution_id LEFT JOIN regions rg ON rg.code = u.region_code`

func scanAccount(r interface{ Scan(...any) error }) (Account, error) {
	var a Account
	var inst sql.NullInt64
	err := r.Scan(&a.ID, &a.Username, &a.DisplayName, &a.Role, &a.RegionCode, &a.Department, &inst, &a.Disabled, &a.MustChangePassword,
		&a.InstitutionName, &a.RegionName, &a.CreatedAt)
	if inst.Valid {
		a.InstitutionID = &inst.Int64
	}
	a.CreatedAt = a.CreatedAt.UTC()
	return a, err
}

// reach is the SQL condition keeping the accounts u the actor manages: of
// a role ManageTable gives the actor, not the actor's own, and lying in the
// actor's scope (an institution's account through its institution, any
// other through its region).
func reach(a authz.Actor) (string, []any) {
	roles := a.ManageableRoles()
	if len(roles) == 0 {
		return "1=0", nil
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(roles)), ", ")
	args := make([]any, 0, len(roles)+4)
	for _, r := range roles {
		args = append(args, r)
	}
	args = append(args, a.UserID)
	region, rargs := store.ScopeRegion(a.Scope(), "u.region_code")
	inst, iargs := store.ScopeInstitutions(a.Scope(), "ri")
	args = append(append(args, rargs...), iargs...)
	return "u.role IN (" + marks + ") AND u.id <> ? AND ((u.institution_id IS NULL AND " + region + ") OR EXISTS (SELECT 1 FROM institutions ri WHERE ri.id = u.institution_id AND " + inst + "))", args
}

// accountIn reads one account in the actor's reach; any other is not found.
func accountIn(ctx context.Context, q store.Q, a authz.Actor, id int64) (Account, error) {
	where, args := reach(a)
	acc, err := scanAccount(q.QueryRow(ctx, "SELECT "+accountColumns+accountFrom+" WHERE u.id = ? AND "+where,
		append([]any{id}, args...)...))
	return acc, notFound(err, "account")
}

// Account returns one account the actor manages (404 outside the reach).
func (s *Service) Account(ctx context.Context, a authz.Actor, id int64) (Account, error) {
	if err := a.Require(authz.AccountManage); err != nil {
		return Account{}, err
	}
	return accountIn(ctx, s.db.Read(), a, id)
}

// Accounts lists the accounts the actor manages, by username, a page at a time.
func (s *Service) Accounts(ctx context.Context, a authz.Actor, f Filter, page domain.Page) ([]Account, int, error) {
	if err := a.Require(authz.AccountManage); err != nil {
		return nil, 0, err
	}
	page = page.Normalised()
	where, args := reach(a)
	if f.Role != "" {
		where += " AND u.role = ?"
		args = append(args, f.Role)
	}
	switch f.Status {
	case "active":
		where += " AND u.disabled = ?"
		args = append(args, false)
	case "disabled":
		where += " AND u.disabled = ?"
		args = append(args, true)
	}
	if n := strings.ToLower(trim(f.Name)); n != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(n) + "%"
		where += ` AND (LOWER(u.username) LIKE ? ESCAPE '\' OR LOWER(u.display_name) LIKE ? ESCAPE '\')`
		args = append(args, like, like)
	}
	q := s.db.Read()
	var total int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM users u WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, "SELECT "+accountColumns+accountFrom+" WHERE "+where+
		" ORDER BY u.username LIMIT ? OFFSET ?", append(args, page.PerPage, page.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Account{}
	for rows.Next() {
		acc, err := scanAccount(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, acc)
	}
	return out, total, rows.Err()
}

// NewAccount is an account a manager creates; its holder logs in with a
// first password shown once and changes it at once.
type NewAccount struct {
	Username    string      `json:"username"`
	DisplayName string      `json:"display_name"`
	Role        domain.Role `json:"role"`
	RegionCode  string      `json:"region_code"`
	// InstitutionID: for a director's staff, the director's own institution
	// when 0.
	InstitutionID int64  `json:"institution_id"`
	Department    string `json:"department"`
}

// Placement is a role and the scope that goes with it.
type Placement struct {
	Role          domain.Role `json:"role"`
	RegionCode    string      `json:"region_code"`
	InstitutionID int64       `json:"institution_id"`
	Department    string      `json:"department"`
}

// place checks a role and its scope against the actor's reach and fills
// the user's scope fields; problems go to p.
func place(ctx context.Context, q store.Q, a authz.Actor, pl Placement, u *domain.User, p domain.Problems) error {
	u.Role, u.RegionCode, u.InstitutionID, u.Department = pl.Role, "", nil, ""
	if !pl.Role.Valid() || !a.Manages(pl.Role) {
		p.Add("role", domain.ReasonNotAllowed)
		return nil
	}
	switch {
	case pl.Role == domain.RolePartner && !authz.Duty(pl.Department).Valid():
		p.Add("department", domain.ReasonRequired)
	case pl.Role == domain.RolePartner:
		u.Department = pl.Department
	}
	switch domain.ScopeKindOf(pl.Role) {
	case domain.ScopeRegion:
		code := trim(pl.RegionCode)
		r, err := q.Region(ctx, code)
		switch {
		case code == "":
			p.Add("region_code", domain.ReasonRequired)
		case domain.ErrorCode(err) == domain.CodeNotFound:
			p.Add("region_code", "unknown_region")
		case err != nil:
			return err
		case !contains(authz.RegionLevels(pl.Role), r.Level):
			p.Add("region_code", "wrong_region_level")
		case !a.Scope().ContainsRegion(code):
			p.Add("region_code", "outside_your_region")
		default:
			u.RegionCode = code
		}
	case domain.ScopeInstitution:
		id := pl.InstitutionID
		if id == 0 {
			id = a.InstitutionID
		}
		in, err := q.Institution(ctx, a.Scope(), id)
		switch {
		case id == 0:
			p.Add("institution_id", domain.ReasonRequired)
		case domain.ErrorCode(err) == domain.CodeNotFound:
			p.Add("institution_id", "unknown_institution")
		case err != nil:
			return err
		default:
			u.InstitutionID, u.RegionCode = &in.ID, in.RegionCode
		}
	}
	return nil
}

func checkName(name, field string, p domain.Problems) {
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		p.Add(field, domain.ReasonRequired)
	case n > 50:
		p.Add(field, domain.ReasonTooLong)
	}
}

// Create makes an account in the actor's reach with a first password.
func (s *Service) Create(ctx context.Context, a authz.Actor, n NewAccount) (Handover, error) {
	if err := a.Require(authz.AccountManage); err != nil {
		return Handover{}, err
	}
	var out Handover
	err := s.db.Tx(ctx, func(q store.Q) error {
		var err error
		out, err = s.createIn(ctx, q, a, n, "", domain.Problems{})
		return err
	})
	return out, err
}

// createIn creates the account inside the caller's transaction. Problems
// are reported at prefix+field; p holds the caller's own.
func (s *Service) createIn(ctx context.Context, q store.Q, a authz.Actor, n NewAccount, prefix string, p domain.Problems) (Handover, error) {
	sub := domain.Problems{}
	u := domain.User{Username: strings.ToLower(trim(n.Username)), DisplayName: trim(n.DisplayName)}
	if !usernameRe.MatchString(u.Username) {
		sub.Add("username", "bad_username")
	}
	checkName(u.DisplayName, "display_name", sub)
	if err := place(ctx, q, a, Placement{Role: n.Role, RegionCode: n.RegionCode, InstitutionID: n.InstitutionID, Department: n.Department}, &u, sub); err != nil {
		return Handover{}, err
	}
	for k, v := range sub {
		p.Add(prefix+k, v)
	}
	if err := p.Err(); err != nil {
		return Handover{}, err
	}
	code := newCode()
	now := s.now()
	id, err := q.CreateUser(ctx, u, secure.HashPassword(code), now)
	if domain.ErrorCode(err) == domain.CodeConflict {
		return Handover{}, domain.Invalid(prefix+"username", "taken")
	}
	if err != nil {
		return Handover{}, err
	}
	if _, err := q.Exec(ctx, "UPDATE users SET must_change_password = ? WHERE id = ?", true, id); err != nil {
		return Handover{}, err
	}
	u.ID, u.MustChangePassword = id, true
	return Handover{User: u, Password: code}, s.audit(ctx, q, a, audit.UserCreate, id, u.RegionCode, instOf(u),
		map[string]any{"username": u.Username, "role": u.Role, "department": u.Department, "first_password": true})
}

// Change is a new role and scope, and display name, for an account.
type Change struct {
	Placement
	DisplayName string `json:"display_name"`
}

// Update changes an account's role, scope or display name; both the
// account and its new place must lie in the actor's reach.
func (s *Service) Update(ctx context.Context, a authz.Actor, id int64, c Change) (Account, error) {
	if err := a.Require(authz.AccountManage); err != nil {
		return Account{}, err
	}
	var out Account
	err := s.db.Tx(ctx, func(q store.Q) error {
		before, err := accountIn(ctx, q, a, id)
		if err != nil {
			return err
		}
		p := domain.Problems{}
		u := before.User
		u.DisplayName = trim(c.DisplayName)
		checkName(u.DisplayName, "display_name", p)
		if err := place(ctx, q, a, c.Placement, &u, p); err != nil {
			return err
		}
		if err := p.Err(); err != nil {
			return err
		}
		var inst any
		if u.InstitutionID != nil {
			inst = *u.InstitutionID
		}
		if _, err := q.Exec(ctx, "UPDATE users SET display_name = ?, role = ?, region_code = ?, institution_id = ?, department = ? WHERE id = ?",
			u.DisplayName, u.Role, u.RegionCode, inst, u.Department, id); err != nil {
			return err
		}
		if out, err = accountIn(ctx, q, authz.System("accounts"), id); err != nil {
			return err
		}
		return s.audit(ctx, q, a, audit.UserUpdate, id, u.RegionCode, instOf(u), map[string]any{
			"before": map[string]any{"role": before.Role, "region_code": before.RegionCode, "institution_id": before.InstitutionID, "department": before.Department, "display_name": before.DisplayName},
			"after":  map[string]any{"role": u.Role, "region_code": u.RegionCode, "institution_id": u.InstitutionID, "department": u.Department, "display_name": u.DisplayName}})
	})
	return out, err
}

// SetDisabled disables an account in the actor's reach, ending its
// sessions, or enables it again.
func (s *Service) SetDisabled(ctx context.Context, a authz.Actor, id int64, disabled bool) error {
	if err := a.Require(authz.AccountManage); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(q store.Q) error {
		acc, err := accountIn(ctx, q, a, id)
		if err != nil {
			return err
		}
		if err := q.SetUserDisabled(ctx, id, disabled); err != nil {
			return err
		}
		action := audit.UserEnable
		if disabled {
			action = audit.UserDisable
			if err := q.EndAllSessions(ctx, id, s.now()); err != nil {
				return err
			}
		}
		return s.audit(ctx, q, a, action, id, acc.RegionCode, instOf(acc.User), map[string]string{"username": acc.Username})
	})
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
