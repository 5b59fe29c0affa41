package daily

import (
	"context"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

// DailyAlerts are the home page's alerts of an institution in scope for a
// date ("" today):
//   - children expected but not checked in by the check-in deadline (a
//     setting, default 09:30 service.China time): enrolled full- or half-day, on a
//     working day of the official calendar, with no record or absence;
//   - children checked in and not checked out by closing time (default 18:00);
//   - checks of the day at or above the fever threshold.
//
// For today a list fills only once its time has passed; for a past date
// both times have passed.
func (s *Service) DailyAlerts(ctx context.Context, a authz.Actor, institutionID int64, date string) (domain.DailyAlerts, error) {
	if err := a.Require(authz.DailyView); err != nil {
		return domain.DailyAlerts{}, err
	}
	d, reason := domain.ParseDayDate(date, s.core.Today())
	if reason != "" {
		return domain.DailyAlerts{}, domain.Invalid("date", reason)
	}
	q := s.db.Read()
	if _, err := q.Institution(ctx, a.Scope(), institutionID); err != nil {
		return domain.DailyAlerts{}, err
	}
	set, err := dailySettings(ctx, q)
	if err != nil {
		return domain.DailyAlerts{}, err
	}
	out := domain.DailyAlerts{InstitutionID: institutionID, Date: d.Format(time.DateOnly), Settings: set,
		NotCheckedIn: []domain.AlertChild{}, NotCollected: []domain.AlertChild{}}
	now := s.core.Now()
	deadline, _ := domain.ParseHHMM(set.CheckinDeadline)
	closing, _ := domain.ParseHHMM(set.ClosingTime)
	out.CheckinDeadlinePassed = !now.Before(domain.AtMinutes(d, deadline, service.China))
	out.ClosingTimePassed = !now.Before(domain.AtMinutes(d, closing, service.China))
	sheet, err := q.AttendanceSheet(ctx, a.Scope(), store.AttendanceFilter{InstitutionID: institutionID, Date: out.Date})
	if err != nil {
		return out, err
	}
	workday := s.core.Calendar.IsWorkday(d)
	for _, it := range sheet {
		child := domain.AlertChild{ChildID: it.ChildID, ChildName: it.ChildName, ClassID: it.ClassID, ClassName: it.ClassName, CheckIn: it.CheckIn}
		switch {
		case it.Status == domain.AttendanceNotIn && out.CheckinDeadlinePassed && workday && expectedDaily(it.CareType):
			out.NotCheckedIn = append(out.NotCheckedIn, child)
		case it.Status == domain.AttendancePresent && out.ClosingTimePassed:
			out.NotCollected = append(out.NotCollected, child)
		}
	}
	out.Fever, err = q.HealthChecks(ctx, a.Scope(), store.HealthCheckFilter{InstitutionID: institutionID, Date: out.Date, FlaggedOnly: true})
	return out, err
}

// expectedDaily says whether a care type brings the child every working
// day: hourly and temporary care come when booked.
func expectedDaily(careType string) bool {
	return careType != domain.CareHourly && careType != domain.CareTemporary
}
