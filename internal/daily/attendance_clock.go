package daily

import (
	"context"
	"time"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// ClockRequest names whom to clock in or out. A caregiver clocks
// themselves (the staff member linked to their account through
// employments.user_id) and leaves StaffID empty; a director may clock in a
// caregiver whose account is not linked by giving the staff ID.
type ClockRequest struct {
	StaffID int64 `json:"staff_id,omitempty"`
}

// clockTarget resolves the class (in scope) and the staff member to clock,
// who must be a caregiver of that class with an open employment there.
func (s *Service) clockTarget(ctx context.Context, q store.Q, a authz.Actor, classID int64, req ClockRequest) (store.DailyClass, int64, string, error) {
	c, err := q.DailyClassInScope(ctx, a.Scope(), classID)
	if err != nil {
		return c, 0, "", err
	}
	own, linked, err := q.StaffOfUser(ctx, a.UserID, c.InstitutionID)
	if err != nil {
		return c, 0, "", err
	}
	staffID := own
	switch {
	case req.StaffID != 0 && req.StaffID != own && !authz.Has(a.Role, authz.DailyClockOthers):
		return c, 0, "", domain.Forbidden("only the director may clock in someone else")
	case req.StaffID != 0:
		staffID = req.StaffID
	case !linked:
		if authz.Has(a.Role, authz.DailyClockOthers) {
			return c, 0, "", domain.Invalid("staff_id", domain.ReasonRequired)
		}
		return c, 0, "", domain.Invalid("staff_id", domain.ReasonStaffNotLinked)
	}
	name, ok, err := q.StaffAssignedToClass(ctx, a.Scope(), c.ID, staffID)
	if err != nil {
		return c, 0, "", err
	}
	if !ok {
		if req.StaffID == 0 || staffID == own {
			return c, 0, "", domain.Forbidden("you are not a caregiver of this class")
		}
		return c, 0, "", domain.Invalid("staff_id", domain.ReasonNotAssigned)
	}
	return c, staffID, name, nil
}

// ClockIn records that a caregiver is with a class from now. One open
// clock-in per person and day: clock out of another class first.
func (s *Service) ClockIn(ctx context.Context, a authz.Actor, classID int64, req ClockRequest) (domain.StaffAttendance, error) {
	if err := a.Require(authz.DailyRecord); err != nil {
		return domain.StaffAttendance{}, err
	}
	now := s.core.Now()
	date := s.core.Today().Format(time.DateOnly)
	var out domain.StaffAttendance
	err := s.db.Tx(ctx, func(q store.Q) error {
		c, staffID, name, err := s.clockTarget(ctx, q, a, classID, req)
		if err != nil {
			return err
		}
		if c.Archived {
			return domain.Conflict("the class is archived")
		}
		if open, found, err := q.OpenClockIn(ctx, a.Scope(), staffID, date); err != nil {
			return err
		} else if found {
			if open.ClassID == c.ID {
				return domain.Conflict("already clocked in to this class")
			}
			return domain.Conflict("clocked in to another class: clock out there first")
		}
		out = domain.StaffAttendance{StaffID: staffID, StaffName: name, InstitutionID: c.InstitutionID, ClassID: c.ID, Date: date, ClockIn: now.UTC()}
		if out.ID, err = q.ClockIn(ctx, out); err != nil {
			return err
		}
		return s.core.Audit(ctx, q, a, audit.StaffAttendanceClockIn, "staff_attendance", out.ID, c.RegionCode, c.InstitutionID,
			map[string]any{"staff_id": staffID, "class_id": c.ID, "date": date})
	})
	return out, err
}

// ClockOut ends a caregiver's clock-in to the class today.
func (s *Service) ClockOut(ctx context.Context, a authz.Actor, classID int64, req ClockRequest) (domain.StaffAttendance, error) {
	if err := a.Require(authz.DailyRecord); err != nil {
		return domain.StaffAttendance{}, err
	}
	now := s.core.Now()
	date := s.core.Today().Format(time.DateOnly)
	var out domain.StaffAttendance
	err := s.db.Tx(ctx, func(q store.Q) error {
		c, staffID, _, err := s.clockTarget(ctx, q, a, classID, req)
		if err != nil {
			return err
		}
		open, found, err := q.OpenClockIn(ctx, a.Scope(), staffID, date)
		if err != nil {
			return err
		}
		if !found || open.ClassID != c.ID {
			return domain.Conflict("not clocked in to this class")
		}
		if err := q.ClockOut(ctx, open.ID, now); err != nil {
			return err
		}
		t := now.UTC()
		open.ClockOut = &t
		out = open
		return s.core.Audit(ctx, q, a, audit.StaffAttendanceClockOut, "staff_attendance", open.ID, c.RegionCode, c.InstitutionID,
			map[string]any{"staff_id": staffID, "class_id": c.ID, "date": date})
	})
	return out, err
}
