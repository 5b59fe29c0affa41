package service

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Leave ends an employment.
type Leave struct {
	// EndDate is the last day of work; it defaults to today and may not be
	// later (or, for someone whose start lies ahead, later than the start).
	EndDate string `json:"end_date"`
	Reason  string `json:"reason"`
}

// EndEmployment ends the person's open employment at the director's
// institution, which frees them to be hired elsewhere.
func (s *Service) EndEmployment(ctx context.Context, a authz.Actor, staffID int64, l Leave) (domain.Staff, error) {
	if err := a.Require(authz.StaffEdit); err != nil {
		return domain.Staff{}, err
	}
	today := s.Today()
	l.EndDate, l.Reason = strings.TrimSpace(l.EndDate), strings.TrimSpace(l.Reason)
	var out domain.Staff
	err := s.DB.Tx(ctx, func(q store.Q) error {
		e, err := q.OpenEmployment(ctx, a.Scope(), staffID)
		if err != nil {
			return err
		}
		p := domain.Problems{}
		if utf8.RuneCountInString(l.Reason) > 500 {
			p.Add("reason", domain.ReasonTooLong)
		}
		latest := today
		if start, ok := staffDate(e.StartDate); ok && start.After(latest) {
			latest = start
		}
		if l.EndDate == "" {
			l.EndDate = latest.Format(time.DateOnly)
		} else if end, ok := staffDate(l.EndDate); !ok {
			p.Add("end_date", domain.ReasonDate)
		} else if end.After(latest) {
			p.Add("end_date", domain.ReasonFuture)
		} else if l.EndDate < e.StartDate {
			p.Add("end_date", ReasonBeforeStart)
		}
		if err := p.Err(); err != nil {
			return err
		}
		if err := q.EndEmployment(ctx, e.ID, l.EndDate); err != nil {
			return err
		}
		if err := s.audit(ctx, q, a, audit.StaffLeave, "staff", staffID, e.RegionCode, e.InstitutionID, map[string]any{
			"employment_id": e.ID, "post": e.Post, "end_date": l.EndDate, "reason": l.Reason}); err != nil {
			return err
		}
		out, err = q.StaffInScope(ctx, a.Scope(), staffID)
		return err
	})
	return out, err
}
