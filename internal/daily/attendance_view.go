package daily

import (
	"context"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// AttendanceSheet is the class grid of an institution in scope for a date
// ("" today): every child enrolled that day with their record, and for those
// who record attendance, who may collect each child.
func (s *Service) AttendanceSheet(ctx context.Context, a authz.Actor, institutionID int64, date string, classID int64) (domain.AttendanceSheet, error) {
	if err := a.Require(authz.DailyView); err != nil {
		return domain.AttendanceSheet{}, err
	}
	d, reason := domain.ParseDayDate(date, s.core.Today())
	if reason != "" {
		return domain.AttendanceSheet{}, domain.Invalid("date", reason)
	}
	q := s.db.Read()
	if _, err := q.Institution(ctx, a.Scope(), institutionID); err != nil {
		return domain.AttendanceSheet{}, err
	}
	sheet := domain.AttendanceSheet{InstitutionID: institutionID, Date: d.Format(time.DateOnly)}
	items, err := q.AttendanceSheet(ctx, a.Scope(), store.AttendanceFilter{InstitutionID: institutionID, Date: sheet.Date, ClassID: classID})
	if err != nil {
		return sheet, err
	}
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ChildID
	}
	options, err := q.PickupOptions(ctx, a.Scope(), ids)
	if err != nil {
		return sheet, err
	}
	record := a.SeesPickupOptions()
	for i := range items {
		it := &items[i]
		for _, o := range options[it.ChildID] {
			if o.Key == it.PickedUpBy {
				it.PickedUpByName = o.Name
			}
		}
		if record {
			it.PickupOptions = options[it.ChildID]
		}
		switch it.Status {
		case domain.AttendancePresent:
			sheet.Present++
		case domain.AttendanceLeft:
			sheet.Left++
		case domain.AttendanceAbsent:
			sheet.Absent++
		default:
			sheet.NotIn++
		}
	}
	sheet.Expected, sheet.Items = len(items), items
	return sheet, nil
}

// ChildAttendanceMonth is a guardian's view of their child's attendance in
// a month ("YYYY-MM", "" the current one). Another's child is not found.
func (s *Service) ChildAttendanceMonth(ctx context.Context, a authz.Actor, childID int64, month string) (domain.AttendanceMonth, error) {
	if err := a.Require(authz.OwnChildren); err != nil {
		return domain.AttendanceMonth{}, err
	}
	today := s.core.Today()
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	if month != "" {
		m, err := time.Parse("2006-01", month)
		if err != nil {
			return domain.AttendanceMonth{}, domain.Invalid("month", domain.ReasonDate)
		}
		if m.After(today) {
			return domain.AttendanceMonth{}, domain.Invalid("month", domain.ReasonFuture)
		}
		first = m
	}
	q := s.db.Read()
	if _, err := q.DailyChildInScope(ctx, a.Scope(), childID); err != nil {
		return domain.AttendanceMonth{}, err
	}
	last := first.AddDate(0, 1, -1)
	days, err := q.ChildAttendance(ctx, a.Scope(), childID, first.Format(time.DateOnly), last.Format(time.DateOnly))
	if err != nil {
		return domain.AttendanceMonth{}, err
	}
	out := domain.AttendanceMonth{ChildID: childID, Month: first.Format("2006-01"), Days: days}
	for i := range days {
		d := &days[i]
		if d.PickedUpBy != "" {
			if d.PickedUpByName, err = q.PickupName(ctx, a.Scope(), childID, d.PickedUpBy); err != nil {
				return out, err
			}
		}
		switch d.Status {
		case domain.AttendanceAbsent:
			out.AbsentDays++
		case domain.AttendancePresent, domain.AttendanceLeft:
			out.PresentDays++
		}
	}
	return out, nil
}
