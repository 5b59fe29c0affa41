package daily

import (
	"context"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// ClockState says which caregivers of a class are clocked in today and
// since when, so a page shows the state and only the button that applies.
type ClockState struct {
	// Since is the clock-in instant of each of the class's caregivers
	// clocked in to this class now.
	Since map[int64]time.Time
	// Own is the viewer's staff member (0: their account is linked to none).
	Own int64
	// OwnOpen is the viewer's open clock-in today, to this class or another.
	OwnOpen *domain.StaffAttendance
}

// ClassClockState reads today's open clock-ins of the viewer and of the
// given caregivers of a class in scope.
func (s *Service) ClassClockState(ctx context.Context, a authz.Actor, classID int64, caregivers []int64) (ClockState, error) {
	if err := a.Require(authz.DailyView); err != nil {
		return ClockState{}, err
	}
	q := s.db.Read()
	c, err := q.DailyClassInScope(ctx, a.Scope(), classID)
	if err != nil {
		return ClockState{}, err
	}
	date := s.core.Today().Format(time.DateOnly)
	st := ClockState{Since: map[int64]time.Time{}}
	own, linked, err := q.StaffOfUser(ctx, a.UserID, c.InstitutionID)
	if err != nil {
		return st, err
	}
	ids := caregivers
	if linked {
		st.Own = own
		ids = append([]int64{own}, caregivers...)
	}
	for _, id := range ids {
		open, found, err := q.OpenClockIn(ctx, a.Scope(), id, date)
		if err != nil {
			return st, err
		}
		if !found {
			continue
		}
		if open.ClassID == c.ID {
			st.Since[id] = open.ClockIn
		}
		if linked && id == own && st.OwnOpen == nil {
			st.OwnOpen = &open
		}
	}
	return st, nil
}
