package account

import (
	"context"
	"strings"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/secure"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

// SignUp is a parent with an invitation code making their account; the
// mobile number is the username.
type SignUp struct {
	Code        string `json:"code"`
	DisplayName string `json:"display_name"`
	Mobile      string `json:"mobile"`
	Password    string `json:"password"`
}

// SignedUp is the new guardian account and the child it was linked to.
type SignedUp struct {
	User    domain.User `json:"user"`
	ChildID int64       `json:"child_id"`
}

// SignUpGuardian creates a guardian account and redeems the invitation
// code for it in one transaction: a bad code leaves no account behind.
// No login is needed; the caller logs the new account in.
func (s *Service) SignUpGuardian(ctx context.Context, ip string, in SignUp) (SignedUp, error) {
	var out SignedUp
	err := s.db.Tx(ctx, func(q store.Q) error {
		set, err := settings(ctx, q)
		if err != nil {
			return err
		}
		p := domain.Problems{}
		usable, err := s.core.InvitationUsable(ctx, q, in.Code)
		switch {
		case err != nil:
			return err
		case strings.TrimSpace(in.Code) == "":
			p.Add("code", domain.ReasonRequired)
		case !usable:
			p.Add("code", "invitation_invalid")
		}
		u := domain.User{DisplayName: trim(in.DisplayName), Role: domain.RoleGuardian}
		checkName(u.DisplayName, "display_name", p)
		if trim(in.Mobile) == "" {
			p.Add("mobile", domain.ReasonRequired)
		} else if m, err := cnid.NormaliseMobile(in.Mobile); err != nil {
			p.Add("mobile", domain.ReasonPhone)
		} else {
			u.Username = m
		}
		checkPassword(set, u.Username, in.Password, "password", p)
		if err := p.Err(); err != nil {
			return err
		}
		id, err := q.CreateUser(ctx, u, secure.HashPassword(in.Password), s.now())
		if domain.ErrorCode(err) == domain.CodeConflict {
			return domain.Invalid("mobile", "mobile_has_account")
		}
		if err != nil {
			return err
		}
		u.ID = id
		a := authz.ForUser(u, ip, 0)
		if err := s.audit(ctx, q, a, audit.GuardianSignUp, id, "", 0, map[string]string{"username": u.Username}); err != nil {
			return err
		}
		child, err := s.core.ClaimInvitationIn(ctx, q, a, service.Claim{Code: in.Code})
		if err != nil {
			return err
		}
		out = SignedUp{User: u, ChildID: child}
		return nil
	})
	return out, err
}
