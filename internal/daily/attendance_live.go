package daily

import (
	"context"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/rules"
)

// LiveClasses shows each class of an institution in scope right now:
// enrolled, children present (checked in, not out), caregivers present
// (clocked in, not out) and the ratio colour of the setting-up standard
// (the county's standard's RatioStatus: green, amber at the limit or within the
// margin below it, red beyond it), and whether the caller is one of the
// class's caregivers.
func (s *Service) LiveClasses(ctx context.Context, a authz.Actor, institutionID int64) ([]domain.ClassLive, error) {
	if err := a.Require(authz.DailyView); err != nil {
		return nil, err
	}
	q := s.db.Read()
	inst, err := q.Institution(ctx, a.Scope(), institutionID)
	if err != nil {
		return nil, err
	}
	std, err := s.core.Standards().For(inst.RegionCode)
	if err != nil {
		return nil, err
	}
	classes, err := q.LiveClasses(ctx, a.Scope(), institutionID, s.core.Today().Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	mine, err := q.ClassesOfUser(ctx, a.UserID, institutionID)
	if err != nil {
		return nil, err
	}
	for i := range classes {
		c := &classes[i]
		c.Mine = mine[c.ClassID]
		t, err := rules.ParseClassType(c.Type)
		if err != nil {
			continue // a class type the standard does not know has no ratio
		}
		if r, err := std.Class(t); err == nil {
			c.ChildrenPerCaregiver = r.ChildrenPerCaregiver
		}
		colour, err := std.RatioStatus(c.Type, c.Present, c.CaregiversPresent)
		if err != nil {
			return nil, err
		}
		c.Ratio = string(colour)
	}
	return classes, nil
}
