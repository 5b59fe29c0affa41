package daily

import (
	"context"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// CareLogs lists the care log entries of an institution in scope on a date
// ("" today), published or not, optionally of one class.
func (s *Service) CareLogs(ctx context.Context, a authz.Actor, institutionID int64, date string, classID int64) ([]domain.CareLog, error) {
	if err := a.Require(authz.DailyView); err != nil {
		return nil, err
	}
	d, reason := domain.ParseDayDate(date, s.core.Today())
	if reason != "" {
		return nil, domain.Invalid("date", reason)
	}
	q := s.db.Read()
	if _, err := q.Institution(ctx, a.Scope(), institutionID); err != nil {
		return nil, err
	}
	return q.CareLogs(ctx, a.Scope(), store.CareLogFilter{InstitutionID: institutionID, Date: d.Format(time.DateOnly), ClassID: classID})
}
