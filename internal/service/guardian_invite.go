package service

import (
	"context"
	"crypto/rand"
	"strings"
	"time"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Invitation is a one-time code a guardian types into their account to be
// linked to their child. Only its keyed hash is stored; the code is shown
// once, here.
type Invitation struct {
	GuardianID int64     `json:"guardian_id"`
	ChildID    int64     `json:"child_id"`
	Code       string    `json:"code"`
	ExpiresAt  time.Time `json:"expires_at"`
}

// inviteAlphabet has no 0/O, 1/I/L: 31 symbols, 12 of them ≈ 59 bits.
const inviteAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

func newInviteCode() string {
	b := make([]byte, 12)
	rand.Read(b)
	var sb strings.Builder
	for i, x := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		// 256 is not a multiple of 31: the slight bias costs well under a bit.
		sb.WriteByte(inviteAlphabet[int(x)%len(inviteAlphabet)])
	}
	return sb.String()
}

func normaliseInviteCode(code string) string {
	code = strings.ToUpper(code)
	return strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, code)
}

func (s *Service) inviteHash(code string) string {
	return s.Keys.LookupHash("guardian-invite:" + normaliseInviteCode(code))
}

// CreateInvitation makes a new invitation code for a guardian of a child in
// scope, valid for domain.InvitationDays; it replaces any earlier code. A
// guardian already linked to an account is a conflict.
func (s *Service) CreateInvitation(ctx context.Context, a authz.Actor, childID, guardianID int64) (Invitation, error) {
	if err := a.Require(authz.ChildEdit); err != nil {
		return Invitation{}, err
	}
	var out Invitation
	err := s.DB.Tx(ctx, func(q store.Q) error {
		c, err := q.Child(ctx, a.Scope(), childID)
		if err != nil {
			return err
		}
		g, err := q.Guardian(ctx, a.Scope(), childID, guardianID)
		if err != nil {
			return err
		}
		if g.Linked {
			return &domain.Error{Code: domain.CodeConflict, Message: "this guardian is already linked to an account", Fields: map[string]string{"guardian": "already_linked"}}
		}
		code := newInviteCode()
		expires := s.Now().Add(domain.InvitationDays * 24 * time.Hour).UTC()
		if err := q.SetInvitation(ctx, g.ID, s.inviteHash(code), expires); err != nil {
			return err
		}
		out = Invitation{GuardianID: g.ID, ChildID: childID, Code: code, ExpiresAt: expires}
		region, inst, err := s.childPlace(ctx, q, c)
		if err != nil {
			return err
		}
		return s.audit(ctx, q, a, audit.GuardianInvite, "child", childID, region, inst,
			map[string]any{"guardian_id": g.ID, "expires_at": expires})
	})
	return out, err
}

// Claim is a guardian account redeeming an invitation code.
type Claim struct {
	Code string `json:"code"`
}

// ClaimInvitation links the logged-in guardian account to the guardian the
// code was made for, and spends the code. An unknown, spent or expired
// code is refused alike.
func (s *Service) ClaimInvitation(ctx context.Context, a authz.Actor, cl Claim) (domain.Child, error) {
	if err := a.Require(authz.OwnChildren); err != nil {
		return domain.Child{}, err
	}
	var childID int64
	err := s.DB.Tx(ctx, func(q store.Q) error {
		var err error
		childID, err = s.ClaimInvitationIn(ctx, q, a, cl)
		return err
	})
	if err != nil {
		return domain.Child{}, err
	}
	return s.OwnChild(ctx, a, childID)
}

// ClaimInvitationIn redeems the code for the guardian account a inside the
// caller's transaction (the account context creates the account in the
// same one) and returns the child's ID.
func (s *Service) ClaimInvitationIn(ctx context.Context, q store.Q, a authz.Actor, cl Claim) (int64, error) {
	if err := a.Require(authz.OwnChildren); err != nil {
		return 0, err
	}
	code := normaliseInviteCode(cl.Code)
	if code == "" {
		return 0, domain.Invalid("code", domain.ReasonRequired)
	}
	invalid := domain.Invalid("code", "invitation_invalid")
	g, err := q.GuardianByInvitation(ctx, s.inviteHash(code))
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return 0, invalid
	}
	if err != nil {
		return 0, err
	}
	if g.InviteExpiresAt == nil || !s.Now().Before(*g.InviteExpiresAt) || g.Linked {
		return 0, invalid
	}
	if _, err := q.GuardianOfUser(ctx, a.Scope(), g.ChildID, a.UserID); err == nil {
		return 0, &domain.Error{Code: domain.CodeConflict, Message: "your account is already linked to this child", Fields: map[string]string{"code": "already_linked"}}
	} else if domain.ErrorCode(err) != domain.CodeNotFound {
		return 0, err
	}
	if err := q.LinkGuardian(ctx, g.ID, a.UserID); err != nil {
		return 0, err
	}
	c, err := q.Child(ctx, authz.System("claim").Scope(), g.ChildID)
	if err != nil {
		return 0, err
	}
	region, inst, err := s.childPlace(ctx, q, c)
	if err != nil {
		return 0, err
	}
	return g.ChildID, s.audit(ctx, q, a, audit.GuardianClaim, "child", g.ChildID, region, inst, map[string]any{"guardian_id": g.ID, "user_id": a.UserID})
}

// InvitationUsable reports, inside the caller's transaction, whether a code
// could be redeemed now (known, unspent, not expired), without spending it.
// The sign-up form checks it first, so that without a good code it tells
// nothing about which mobile numbers have accounts.
func (s *Service) InvitationUsable(ctx context.Context, q store.Q, code string) (bool, error) {
	code = normaliseInviteCode(code)
	if code == "" {
		return false, nil
	}
	g, err := q.GuardianByInvitation(ctx, s.inviteHash(code))
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return g.InviteExpiresAt != nil && s.Now().Before(*g.InviteExpiresAt) && !g.Linked, nil
}
