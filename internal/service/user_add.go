package service

import (
	"context"
	"regexp"
	"strings"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/secure"
	"tuoyu/internal/store"
)

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

var usernameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{2,31}$`)

// NewUser is an account to create.
type NewUser struct {
	Username      string      `json:"username"`
	DisplayName   string      `json:"display_name"`
	Password      string      `json:"password"`
	Role          domain.Role `json:"role"`
	RegionCode    string      `json:"region_code"`
	InstitutionID int64       `json:"institution_id"`
	// Department is required for a partner account and refused otherwise.
	Department string `json:"department"`
}

// AddUser creates an account with a role and a scope.
func (s *Service) AddUser(ctx context.Context, a authz.Actor, n NewUser) (domain.User, error) {
	if err := a.Require(authz.UserManage); err != nil {
		return domain.User{}, err
	}
	var u domain.User
	err := s.DB.Tx(ctx, func(q store.Q) error {
		var err error
		u, err = s.addUser(ctx, q, a, n)
		return err
	})
	return u, err
}

func (s *Service) addUser(ctx context.Context, q store.Q, a authz.Actor, n NewUser) (domain.User, error) {
	p := domain.Problems{}
	n.Username = strings.ToLower(strings.TrimSpace(n.Username))
	if !usernameRe.MatchString(n.Username) {
		p.Add("username", "bad_username")
	}
	if err := s.checkNewPassword(ctx, n.Username, n.Password, p); err != nil {
		return domain.User{}, err
	}
	u := domain.User{Username: n.Username, DisplayName: strings.TrimSpace(n.DisplayName), Role: n.Role}
	if !n.Role.Valid() {
		p.Add("role", domain.ReasonNotAllowed)
	}
	switch {
	case n.Role == domain.RolePartner && !authz.Duty(n.Department).Valid():
		p.Add("department", domain.ReasonNotAllowed)
	case n.Role != domain.RolePartner && n.Department != "":
		p.Add("department", domain.ReasonNotAllowed)
	default:
		u.Department = n.Department
	}
	switch domain.ScopeKindOf(n.Role) {
	case domain.ScopeRegion:
		r, err := q.Region(ctx, n.RegionCode)
		switch {
		case domain.ErrorCode(err) == domain.CodeNotFound:
			p.Add("region_code", "unknown_region")
		case err != nil:
			return u, err
		case !contains(authz.RegionLevels(n.Role), r.Level):
			p.Add("region_code", "wrong_region_level")
		}
		u.RegionCode = n.RegionCode
	case domain.ScopeInstitution:
		in, err := q.Institution(ctx, authz.System("users").Scope(), n.InstitutionID)
		switch {
		case domain.ErrorCode(err) == domain.CodeNotFound:
			p.Add("institution_id", "unknown_institution")
		case err != nil:
			return u, err
		default:
			u.InstitutionID = &in.ID
			u.RegionCode = in.RegionCode
		}
	}
	if err := p.Err(); err != nil {
		return u, err
	}
	id, err := q.CreateUser(ctx, u, secure.HashPassword(n.Password), s.Now())
	if domain.ErrorCode(err) == domain.CodeConflict {
		return u, &domain.Error{Code: domain.CodeConflict, Message: "username taken", Fields: map[string]string{"username": "taken"}}
	}
	if err != nil {
		return u, err
	}
	u.ID = id
	return u, s.audit(ctx, q, a, audit.UserCreate, "user", id, u.RegionCode, instOf(u), map[string]any{"username": u.Username, "role": u.Role, "department": u.Department})
}

// SetUserDisabled disables an account, ending all its sessions, or enables it again.
func (s *Service) SetUserDisabled(ctx context.Context, a authz.Actor, id int64, disabled bool) error {
	if err := a.Require(authz.UserManage); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(q store.Q) error {
		u, err := q.UserByID(ctx, id)
		if err != nil {
			return err
		}
		if err := q.SetUserDisabled(ctx, id, disabled); err != nil {
			return err
		}
		action := audit.UserEnable
		if disabled {
			action = audit.UserDisable
			if err := q.EndAllSessions(ctx, id, s.Now()); err != nil {
				return err
			}
		}
		return s.audit(ctx, q, a, action, "user", id, u.RegionCode, instOf(u.User), nil)
	})
}

// Users lists accounts for administrators.
func (s *Service) Users(ctx context.Context, a authz.Actor, page domain.Page) ([]domain.User, int, error) {
	if err := a.Require(authz.UserManage); err != nil {
		return nil, 0, err
	}
	return s.DB.Read().ListUsers(ctx, page)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
