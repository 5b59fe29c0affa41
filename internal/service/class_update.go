package service

import (
	"context"
	"fmt"
	"slices"
	"time"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/rules"
	"tuoyu/internal/store"
)

// ReplaceClass sets every setting of a class (PUT); see UpdateClass.
func (s *Service) ReplaceClass(ctx context.Context, a authz.Actor, id int64, in ClassInput) (domain.Class, error) {
	ids := in.CaregiverIDs
	if ids == nil {
		ids = []int64{}
	}
	return s.UpdateClass(ctx, a, id, ClassPatch{Name: &in.Name, Type: &in.Type, Capacity: &in.Capacity, CaregiverIDs: &ids})
}

// UpdateClass changes a class's name, type, capacity, caregivers or
// archived flag. A change that breaks a rule for the class as it stands
// with its children (class size, the age band of the new type, the
// caregiver ratio) is refused with the rule named (422); a capacity below
// the children enrolled, or archiving a class with children, is a conflict
// (409).
func (s *Service) UpdateClass(ctx context.Context, a authz.Actor, id int64, in ClassPatch) (domain.Class, error) {
	if err := a.Require(authz.ClassEdit); err != nil {
		return domain.Class{}, err
	}
	err := s.DB.Tx(ctx, func(q store.Q) error {
		old, err := q.Class(ctx, a.Scope(), id)
		if err != nil {
			return err
		}
		inst, err := q.Institution(ctx, a.Scope(), old.InstitutionID)
		if err != nil {
			return err
		}
		if err := q.LockInstitution(ctx, inst.ID); err != nil {
			return err
		}
		if err := q.LockClass(ctx, id); err != nil {
			return err
		}
		std, err := s.standardFor(inst.RegionCode)
		if err != nil {
			return err
		}
		c := old
		c.Caregivers = slices.Clone(old.Caregivers)
		p := domain.Problems{}
		if err := s.applyClassInput(ctx, q, std, inst, &c, in, p); err != nil {
			return err
		}
		if err := p.Err(); err != nil {
			return err
		}
		enrolled, err := q.CountClassEnrolled(ctx, id)
		if err != nil {
			return err
		}
		if c.Capacity < enrolled {
			return &domain.Error{Code: domain.CodeConflict, Fields: map[string]string{"capacity": "below_enrolled"},
				Message: fmt.Sprintf("the capacity %d is below the %d children enrolled in the class", c.Capacity, enrolled)}
		}
		if c.Archived && !old.Archived && enrolled > 0 {
			return &domain.Error{Code: domain.CodeConflict, Fields: map[string]string{"archived": "class_not_empty"},
				Message: "a class with children enrolled cannot be archived; move or withdraw them first"}
		}
		members, err := q.ClassMembers(ctx, a.Scope(), id)
		if err != nil {
			return err
		}
		if c.Type != old.Type {
			if err := typeFitsMembers(std, inst, c, members, s.Today()); err != nil {
				return err
			}
		}
		before, err := checkClass(std, inst, old, members, s.Today())
		if err != nil {
			return err
		}
		if err := s.refuseClassViolations(ctx, q, a.Scope(), std, inst, c, before, len(c.Caregivers) < len(old.Caregivers)); err != nil {
			return err
		}
		if err := q.UpdateClass(ctx, c, s.Now()); err != nil {
			if domain.ErrorCode(err) == domain.CodeConflict {
				return &domain.Error{Code: domain.CodeConflict, Message: "a class with this name already exists", Fields: map[string]string{"name": "taken"}}
			}
			return err
		}
		if in.CaregiverIDs != nil {
			if err := q.SetClassCaregivers(ctx, id, staffIDs(c.Caregivers)); err != nil {
				return err
			}
		}
		changes := map[string]any{}
		if c.Name != old.Name {
			changes["name"] = []string{old.Name, c.Name}
		}
		if c.Type != old.Type {
			changes["type"] = []string{old.Type, c.Type}
		}
		if c.Capacity != old.Capacity {
			changes["capacity"] = []int{old.Capacity, c.Capacity}
		}
		if c.Archived != old.Archived {
			changes["archived"] = []bool{old.Archived, c.Archived}
		}
		was, now := staffIDs(old.Caregivers), staffIDs(c.Caregivers)
		slices.Sort(was)
		slices.Sort(now)
		if !slices.Equal(was, now) {
			changes["caregiver_ids"] = [][]int64{was, now}
		}
		return s.audit(ctx, q, a, audit.ClassUpdate, "class", id, inst.RegionCode, inst.ID, changes)
	})
	if err != nil {
		return domain.Class{}, err
	}
	return s.Class(ctx, a, id)
}

// typeFitsMembers refuses a new class type whose age band does not take
// every child enrolled in the class today (younger or older alike).
func typeFitsMembers(std rules.Standard, inst domain.Institution, c domain.Class, members []domain.ClassMember, today time.Time) error {
	var first *domain.RuleFinding
	misfits := 0
	for _, m := range members {
		birth, err := time.Parse(time.DateOnly, m.BirthDate)
		if err != nil {
			return err
		}
		f, err := ageFits(std, inst, c, birth, today)
		if err != nil {
			return err
		}
		if f != nil {
			misfits++
			if first == nil {
				first = f
			}
		}
	}
	if first == nil {
		return nil
	}
	f := *first
	f.Message = fmt.Sprintf("%d名在托婴幼儿不符合新班型的年龄段，例如：%s", misfits, f.Message)
	f.MessageEN = fmt.Sprintf("%d children enrolled do not fit the new type's band, for example: %s", misfits, f.MessageEN)
	return ruleRefusal(domain.CodeInvalid, []domain.RuleFinding{f}, classField, nil)
}
