package service

import (
	"context"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// LinkStaffAccount links an existing caregiver account of the institution
// to a person's current employment there, so the account acts as that
// person (clocking in to classes).
func (s *Service) LinkStaffAccount(ctx context.Context, a authz.Actor, staffID, userID int64) error {
	if err := a.Require(authz.StaffEdit); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(q store.Q) error {
		st, err := q.StaffInScope(ctx, a.Scope(), staffID)
		if err != nil {
			return err
		}
		u, err := q.UserByID(ctx, userID)
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return domain.Invalid("user_id", "unknown_user")
		}
		if err != nil {
			return err
		}
		if st.EndDate != "" || st.EmploymentID == 0 || u.InstitutionID == nil || *u.InstitutionID != st.InstitutionID || !authz.Has(u.Role, authz.StaffAccount) {
			return domain.Invalid("user_id", "not_caregiver_here")
		}
		if err := q.SetEmploymentUser(ctx, st.EmploymentID, u.ID); err != nil {
			return err
		}
		return s.audit(ctx, q, a, audit.StaffLinkAccount, "staff", staffID, u.RegionCode, st.InstitutionID, map[string]any{"user_id": u.ID, "username": u.Username})
	})
}
