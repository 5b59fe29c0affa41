package service

import (
	"context"
	"strings"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// ConsentInput records a consent: the purpose and, when the institution
// records it from a signed form, the guardian who gave it.
type ConsentInput struct {
	Purpose    string `json:"purpose"`
	GuardianID int64  `json:"guardian_id,omitempty"`
}

// RecordConsent records, for a child in scope, a consent that one of the
// child's guardians gave on paper (the director; guardian_id names who).
func (s *Service) RecordConsent(ctx context.Context, a authz.Actor, childID int64, in ConsentInput) (domain.Consent, error) {
	if err := a.Require(authz.ChildEdit); err != nil {
		return domain.Consent{}, err
	}
	return s.consentFor(ctx, a, childID, in, func(q store.Q) (store.GuardianRecord, error) {
		if in.GuardianID == 0 {
			return store.GuardianRecord{}, domain.Invalid("guardian_id", domain.ReasonRequired)
		}
		g, err := q.Guardian(ctx, a.Scope(), childID, in.GuardianID)
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return g, domain.Invalid("guardian_id", "unknown_guardian")
		}
		return g, err
	}, "staff")
}

// GiveConsent is a guardian giving consent for their own child, as the
// guardian linked to their account.
func (s *Service) GiveConsent(ctx context.Context, a authz.Actor, childID int64, in ConsentInput) (domain.Consent, error) {
	if err := a.Require(authz.OwnChildren); err != nil {
		return domain.Consent{}, err
	}
	return s.consentFor(ctx, a, childID, in, func(q store.Q) (store.GuardianRecord, error) {
		return q.GuardianOfUser(ctx, a.Scope(), childID, a.UserID)
	}, "guardian")
}

func (s *Service) consentFor(ctx context.Context, a authz.Actor, childID int64, in ConsentInput, guardian func(store.Q) (store.GuardianRecord, error), via string) (domain.Consent, error) {
	purpose := strings.TrimSpace(in.Purpose)
	if purpose == "" {
		return domain.Consent{}, domain.Invalid("purpose", domain.ReasonRequired)
	}
	if !contains(domain.ConsentPurposes, purpose) {
		return domain.Consent{}, domain.Invalid("purpose", domain.ReasonNotAllowed)
	}
	var id int64
	err := s.DB.Tx(ctx, func(q store.Q) error {
		c, err := q.Child(ctx, a.Scope(), childID)
		if err != nil {
			return err
		}
		g, err := guardian(q)
		if err != nil {
			return err
		}
		region, inst, err := s.childPlace(ctx, q, c)
		if err != nil {
			return err
		}
		active, err := q.ActiveConsentBy(ctx, childID, g.ID, purpose)
		if err != nil {
			return err
		}
		if active {
			return &domain.Error{Code: domain.CodeConflict, Message: "this guardian's consent to this purpose is already recorded", Fields: map[string]string{"purpose": "already_given"}}
		}
		id, err = s.insertConsent(ctx, q, a, childID, g.ID, purpose, region, inst, via)
		return err
	})
	if err != nil {
		return domain.Consent{}, err
	}
	return s.DB.Read().Consent(ctx, a.Scope(), id)
}

// giveConsent records a consent unless the guardian's consent to the
// purpose already stands (enrolment form of a child re-enrolled).
func (s *Service) giveConsent(ctx context.Context, q store.Q, a authz.Actor, childID, guardianID int64, purpose, region string, inst int64, via string) error {
	active, err := q.ActiveConsentBy(ctx, childID, guardianID, purpose)
	if err != nil || active {
		return err
	}
	_, err = s.insertConsent(ctx, q, a, childID, guardianID, purpose, region, inst, via)
	return err
}

func (s *Service) insertConsent(ctx context.Context, q store.Q, a authz.Actor, childID, guardianID int64, purpose, region string, inst int64, via string) (int64, error) {
	id, err := q.AddConsent(ctx, childID, guardianID, purpose, s.Now())
	if err != nil {
		return 0, err
	}
	return id, s.audit(ctx, q, a, audit.ConsentGive, "child", childID, region, inst,
		map[string]any{"consent_id": id, "guardian_id": guardianID, "purpose": purpose, "recorded_via": via})
}

// childPlace is the region and institution of a child's open enrolment, for
// audit events ("" and 0 when not enrolled).
func (s *Service) childPlace(ctx context.Context, q store.Q, c domain.Child) (string, int64, error) {
	if c.Enrolment == nil {
		return "", 0, nil
	}
	in, err := q.Institution(ctx, authz.System("audit").Scope(), c.Enrolment.InstitutionID)
	if err != nil {
		return "", 0, err
	}
	return in.RegionCode, in.ID, nil
}
