package service

import (
	"context"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// AddStaffCertificate records a certificate or training record of a person
// currently employed at the director's institution.
func (s *Service) AddStaffCertificate(ctx context.Context, a authz.Actor, staffID int64, c NewCertificate) (domain.StaffCertificate, error) {
	if err := a.Require(authz.StaffEdit); err != nil {
		return domain.StaffCertificate{}, err
	}
	var out domain.StaffCertificate
	err := s.DB.Tx(ctx, func(q store.Q) error {
		e, err := q.OpenEmployment(ctx, a.Scope(), staffID)
		if err != nil {
			return err
		}
		p := domain.Problems{}
		c.validate("", s.Today(), p)
		if err := p.Err(); err != nil {
			return err
		}
		out = c.record(staffID)
		out.CreatedAt = s.Now().UTC()
		if out.ID, err = q.AddStaffCertificate(ctx, out, s.Now()); err != nil {
			return err
		}
		return s.audit(ctx, q, a, audit.StaffCertificateAdd, "staff", staffID, e.RegionCode, e.InstitutionID, map[string]any{
			"certificate_id": out.ID, "kind": out.Kind, "name": out.Name, "issued_on": out.IssuedOn, "expires_on": out.ExpiresOn, "hours": out.Hours})
	})
	return out, err
}
