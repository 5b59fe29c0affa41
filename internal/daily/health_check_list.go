package daily

import (
	"context"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// HealthChecks lists the checks of an institution in scope on a date (""
// today), optionally of one kind.
func (s *Service) HealthChecks(ctx context.Context, a authz.Actor, institutionID int64, date, kind string) ([]domain.HealthCheck, error) {
	if err := a.Require(authz.DailyView); err != nil {
		return nil, err
	}
	d, reason := domain.ParseDayDate(date, s.core.Today())
	if reason != "" {
		return nil, domain.Invalid("date", reason)
	}
	if kind != "" && kind != domain.CheckMorning && kind != domain.CheckMidday {
		return nil, domain.Invalid("kind", domain.ReasonNotAllowed)
	}
	q := s.db.Read()
	if _, err := q.Institution(ctx, a.Scope(), institutionID); err != nil {
		return nil, err
	}
	return q.HealthChecks(ctx, a.Scope(), store.HealthCheckFilter{InstitutionID: institutionID, Date: d.Format(time.DateOnly), Kind: kind})
}
