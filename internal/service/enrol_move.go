package service

import (
	"context"
	"time"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Move asks to move a child to another class of the same institution.
type Move struct {
	ClassID int64 `json:"class_id"`
}

// MoveChild moves a child in scope to another class of their institution.
// The target class's age band (on today's date) and capacity apply as on
// enrolment: a child who does not fit is refused (422, rule class.age), a
// full class is a conflict (409).
func (s *Service) MoveChild(ctx context.Context, a authz.Actor, childID int64, m Move) (domain.Child, error) {
	if err := a.Require(authz.ChildEdit); err != nil {
		return domain.Child{}, err
	}
	err := s.DB.Tx(ctx, func(q store.Q) error {
		c, err := q.Child(ctx, a.Scope(), childID)
		if err != nil {
			return err
		}
		if c.Enrolment == nil {
			return domain.Conflict("the child is not enrolled")
		}
		inst, err := q.Institution(ctx, a.Scope(), c.Enrolment.InstitutionID)
		if err != nil {
			return err
		}
		p := domain.Problems{}
		target, err := s.enrolClass(ctx, q, a, inst, m.ClassID, "class_id", p)
		if err != nil {
			return err
		}
		if target.ID != 0 && target.ID == c.Enrolment.ClassID {
			p.Add("class_id", "same_class")
		}
		if err := p.Err(); err != nil {
			return err
		}
		std, err := s.standardFor(inst.RegionCode)
		if err != nil {
			return err
		}
		birth, err := time.Parse(time.DateOnly, c.BirthDate)
		if err != nil {
			return err
		}
		on := s.Today()
		if start, err := time.Parse(time.DateOnly, c.Enrolment.StartDate); err == nil && start.After(on) {
			on = start
		}
		f, err := ageFits(std, inst, target, birth, on)
		if err != nil {
			return err
		}
		if f != nil {
			return ruleRefusal(domain.CodeInvalid, []domain.RuleFinding{*f}, func(string) string { return "class_id" }, nil)
		}
		if err := q.LockInstitution(ctx, inst.ID); err != nil {
			return err
		}
		if err := q.LockClass(ctx, target.ID); err != nil {
			return err
		}
		enrolled, err := q.CountClassEnrolled(ctx, target.ID)
		if err != nil {
			return err
		}
		if enrolled >= target.Capacity {
			// The class alone counts: the child already holds a place at the institution.
			return classFull(std, inst, target, enrolled)
		}
		if err := q.SetEnrolmentClass(ctx, c.Enrolment.ID, target.ID); err != nil {
			return err
		}
		return s.audit(ctx, q, a, audit.ChildMove, "child", childID, inst.RegionCode, inst.ID,
			map[string]any{"enrolment_id": c.Enrolment.ID, "from_class_id": c.Enrolment.ClassID, "to_class_id": target.ID})
	})
	if err != nil {
		return domain.Child{}, err
	}
	return s.Child(ctx, a, childID)
}
