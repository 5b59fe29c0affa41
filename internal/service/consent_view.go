package service

import (
	"context"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// Consents lists the consent records of a child in scope (institution
// staff and regulators).
func (s *Service) Consents(ctx context.Context, a authz.Actor, childID int64) ([]domain.Consent, error) {
	if err := a.Require(authz.ChildView); err != nil {
		return nil, err
	}
	return s.consents(ctx, a, childID)
}

// OwnConsents lists the consent records of a guardian's own child.
func (s *Service) OwnConsents(ctx context.Context, a authz.Actor, childID int64) ([]domain.Consent, error) {
	if err := a.Require(authz.OwnChildren); err != nil {
		return nil, err
	}
	return s.consents(ctx, a, childID)
}

func (s *Service) consents(ctx context.Context, a authz.Actor, childID int64) ([]domain.Consent, error) {
	q := s.DB.Read()
	if _, err := q.Child(ctx, a.Scope(), childID); err != nil {
		return nil, err
	}
	return q.Consents(ctx, a.Scope(), childID)
}

// ChildHasConsent reports whether a current guardian's consent to a
// purpose stands for a child (domain.ConsentHealthSharing before health
// data goes to the regulator, domain.ConsentPhotos before photos are
// shared). The caller has loaded the child through its scope.
func (s *Service) ChildHasConsent(ctx context.Context, childID int64, purpose string) (bool, error) {
	return s.DB.Read().HasConsent(ctx, childID, purpose)
}
