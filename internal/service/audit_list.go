package service

import (
	"context"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// AuditEvents lists audit events in the actor's scope, newest first.
func (s *Service) AuditEvents(ctx context.Context, a authz.Actor, f store.AuditFilter, page domain.Page) ([]domain.AuditEvent, int, error) {
	if err := a.Require(authz.AuditView); err != nil {
		return nil, 0, err
	}
	return s.DB.Read().ListAudit(ctx, a.Scope(), f, page)
}
