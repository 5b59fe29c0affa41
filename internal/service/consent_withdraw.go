package service

import (
	"context"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// WithdrawConsent is a guardian withdrawing a consent given for their
// child (by themselves or another guardian of the child). Only a current
// guardian of that child may; any other account finds no such consent.
func (s *Service) WithdrawConsent(ctx context.Context, a authz.Actor, consentID int64) (domain.Consent, error) {
	if err := a.Require(authz.OwnChildren); err != nil {
		return domain.Consent{}, err
	}
	err := s.DB.Tx(ctx, func(q store.Q) error {
		n, err := q.Consent(ctx, a.Scope(), consentID)
		if err != nil {
			return err
		}
		g, err := q.GuardianOfUser(ctx, a.Scope(), n.ChildID, a.UserID)
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return domain.NotFound("consent")
		}
		if err != nil {
			return err
		}
		if !n.Active {
			return domain.Conflict("the consent has already been withdrawn")
		}
		c, err := q.Child(ctx, a.Scope(), n.ChildID)
		if err != nil {
			return err
		}
		region, inst, err := s.childPlace(ctx, q, c)
		if err != nil {
			return err
		}
		if err := q.WithdrawConsent(ctx, consentID, s.Now()); err != nil {
			return err
		}
		return s.audit(ctx, q, a, audit.ConsentWithdraw, "child", n.ChildID, region, inst,
			map[string]any{"consent_id": consentID, "purpose": n.Purpose, "given_by_guardian_id": n.GuardianID, "withdrawn_by_guardian_id": g.ID})
	})
	if err != nil {
		return domain.Consent{}, err
	}
	return s.DB.Read().Consent(ctx, a.Scope(), consentID)
}
