package service

import (
	"context"
	"unicode/utf8"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Blacklist lists the bans added in the regulator's region, newest first.
func (s *Service) Blacklist(ctx context.Context, a authz.Actor, f store.BlacklistFilter, page domain.Page) ([]domain.BlacklistEntry, int, error) {
	if err := a.Require(authz.BlacklistView); err != nil {
		return nil, 0, err
	}
	if utf8.RuneCountInString(f.Q) > 50 {
		return nil, 0, domain.Invalid("q", domain.ReasonTooLong)
	}
	return s.DB.Read().ListBlacklist(ctx, a.Scope(), f, page)
}

// RefusedBlacklistedHires lists the refused attempts to hire a banned
// person at institutions in the regulator's region, newest first: the
// county regulator's home page.
func (s *Service) RefusedBlacklistedHires(ctx context.Context, a authz.Actor, page domain.Page) ([]domain.AuditEvent, int, error) {
	if err := a.Require(authz.BlacklistView); err != nil {
		return nil, 0, err
	}
	list, n, err := s.DB.Read().ListAudit(ctx, a.Scope(), store.AuditFilter{Action: string(audit.StaffHireRefusedBlacklisted)}, page)
	if list == nil {
		list = []domain.AuditEvent{}
	}
	return list, n, err
}
