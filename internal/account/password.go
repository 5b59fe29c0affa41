package account

import (
	"context"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/secure"
	"tuoyu/internal/store"
)

// PasswordChange is a user setting their own password.
type PasswordChange struct {
	Old string `json:"old_password"`
	New string `json:"new_password"`
}

// ChangePassword sets the actor's own password: the old one is required,
// the new one must pass the policy. It clears the must-change flag and ends
// the actor's other sessions and tokens.
func (s *Service) ChangePassword(ctx context.Context, a authz.Actor, c PasswordChange) error {
	if err := a.Require(authz.Authenticated); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(q store.Q) error {
		u, err := q.UserByID(ctx, a.UserID)
		if err != nil {
			return err
		}
		set, err := settings(ctx, q)
		if err != nil {
			return err
		}
		p := domain.Problems{}
		switch {
		case c.Old == "":
			p.Add("old_password", domain.ReasonRequired)
		case !secure.CheckPassword(u.PasswordHash, c.Old):
			p.Add("old_password", ReasonPasswordWrong)
		case c.New == c.Old:
			p.Add("new_password", ReasonPasswordSame)
		}
		checkPassword(set, u.Username, c.New, "new_password", p)
		if err := p.Err(); err != nil {
			return err
		}
		now := s.now().UTC()
		if _, err := q.Exec(ctx, "UPDATE users SET password_hash = ?, must_change_password = ?, password_changed_at = ? WHERE id = ?",
			secure.HashPassword(c.New), false, now, u.ID); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, "UPDATE sessions SET ended_at = ? WHERE user_id = ? AND id <> ? AND ended_at IS NULL", now, u.ID, a.SessionID); err != nil {
			return err
		}
		return s.audit(ctx, q, a, audit.UserPasswordChange, u.ID, u.RegionCode, instOf(u.User), map[string]bool{"was_required": u.MustChangePassword})
	})
}

// ResetPassword gives an account in the actor's reach a one-time code to
// log in with, shown once; the next login must change it. The account's
// sessions end and a lock from failed logins is lifted.
func (s *Service) ResetPassword(ctx context.Context, a authz.Actor, id int64) (Handover, error) {
	if err := a.Require(authz.AccountManage); err != nil {
		return Handover{}, err
	}
	var out Handover
	err := s.db.Tx(ctx, func(q store.Q) error {
		acc, err := accountIn(ctx, q, a, id)
		if err != nil {
			return err
		}
		code := newCode()
		if _, err := q.Exec(ctx, "UPDATE users SET password_hash = ?, must_change_password = ?, failed_logins = 0, locked_until = NULL WHERE id = ?",
			secure.HashPassword(code), true, id); err != nil {
			return err
		}
		if err := q.EndAllSessions(ctx, id, s.now()); err != nil {
			return err
		}
		acc.MustChangePassword = true
		out = Handover{User: acc.User, Password: code}
		return s.audit(ctx, q, a, audit.UserPasswordReset, id, acc.RegionCode, instOf(acc.User), map[string]string{"username": acc.Username})
	})
	return out, err
}
