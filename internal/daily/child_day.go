package daily

import (
	"context"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

// ChildDay is the guardian's view of their child's day ("" today): the
// check-in and check-out times and who collected the child, the morning and
// midday checks, and the published care log entries for the child or the
// whole class (meals, sleep, nappies, mood, notes). A whole-class entry is
// shown only when the child was there at its time (see presentFor).
// Unpublished entries are not shown; another's child is not found.
func (s *Service) ChildDay(ctx context.Context, a authz.Actor, childID int64, date string) (domain.ChildDay, error) {
	if err := a.Require(authz.OwnChildren); err != nil {
		return domain.ChildDay{}, err
	}
	d, reason := domain.ParseDayDate(date, s.core.Today())
	if reason != "" {
		return domain.ChildDay{}, domain.Invalid("date", reason)
	}
	q := s.db.Read()
	name, err := q.DailyChildInScope(ctx, a.Scope(), childID)
	if err != nil {
		return domain.ChildDay{}, err
	}
	day := domain.ChildDay{ChildID: childID, ChildName: name, Date: d.Format(time.DateOnly),
		Meals: []domain.CareLog{}, Sleep: []domain.CareLog{}, Toilet: []domain.CareLog{}, Mood: []domain.CareLog{}, Notes: []domain.CareLog{}}
	att, err := q.ChildAttendance(ctx, a.Scope(), childID, day.Date, day.Date)
	if err != nil {
		return day, err
	}
	if len(att) > 0 {
		day.Attendance = &att[0]
		if day.Attendance.PickedUpByName, err = q.PickupName(ctx, a.Scope(), childID, day.Attendance.PickedUpBy); err != nil {
			return day, err
		}
	}
	checks, err := q.HealthChecks(ctx, a.Scope(), store.HealthCheckFilter{ChildID: childID, Date: day.Date})
	if err != nil {
		return day, err
	}
	for i := range checks {
		switch checks[i].Kind {
		case domain.CheckMorning:
			day.MorningCheck = &checks[i]
		case domain.CheckMidday:
			day.MiddayCheck = &checks[i]
		}
	}
	logs, err := q.ChildCareLogs(ctx, a.Scope(), childID, day.Date)
	if err != nil {
		return day, err
	}
	for _, l := range logs {
		if l.WholeClass && !presentFor(day.Attendance, l) {
			continue
		}
		switch l.Kind {
		case domain.CareMeal:
			day.Meals = append(day.Meals, l)
		case domain.CareSleep:
			day.Sleep = append(day.Sleep, l)
		case domain.CareToilet:
			day.Toilet = append(day.Toilet, l)
		case domain.CareMood:
			day.Mood = append(day.Mood, l)
		default:
			day.Notes = append(day.Notes, l)
		}
	}
	return day, nil
}

// presentFor reports whether a whole-class entry concerns a child with this
// attendance record: the child was there at the entry's time (a sleep's
// span, otherwise the moment it was written down). An entry written down on
// a later day has no known time; it concerns every child who came that day.
// An absent child, or one never checked in, has no class entries.
func presentFor(att *domain.Attendance, l domain.CareLog) bool {
	date, err := time.Parse(time.DateOnly, l.Date)
	if err != nil {
		return false
	}
	if from, ok := domain.ParseHHMM(l.Detail.From); ok && l.Kind == domain.CareSleep {
		start := domain.AtMinutes(date, from, service.China)
		end := start
		if to, ok := domain.ParseHHMM(l.Detail.To); ok {
			end = domain.AtMinutes(date, to, service.China)
		}
		return att.PresentDuring(start, end)
	}
	if l.CreatedAt.In(service.China).Format(time.DateOnly) == l.Date {
		return att.PresentDuring(l.CreatedAt, l.CreatedAt)
	}
	return att.Attended()
}
