package service

import (
	"context"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Classes lists an institution's classes with their limits and the number
// of children enrolled; the institution must be in scope.
func (s *Service) Classes(ctx context.Context, a authz.Actor, institutionID int64, page domain.Page) ([]domain.Class, int, error) {
	if err := a.Require(authz.ClassView); err != nil {
		return nil, 0, err
	}
	q := s.DB.Read()
	inst, err := q.Institution(ctx, a.Scope(), institutionID)
	if err != nil {
		return nil, 0, err
	}
	items, total, err := q.ListClasses(ctx, a.Scope(), institutionID, page)
	if err != nil {
		return nil, 0, err
	}
	std, err := s.standardFor(inst.RegionCode)
	if err != nil {
		return nil, 0, err
	}
	for i := range items {
		fillLimits(std, inst, &items[i])
	}
	return items, total, nil
}

// Class returns one class in scope with its limits and the rules engine's
// findings on it as it stands today (children's ages, size, ratio).
func (s *Service) Class(ctx context.Context, a authz.Actor, id int64) (domain.Class, error) {
	if err := a.Require(authz.ClassView); err != nil {
		return domain.Class{}, err
	}
	return s.class(ctx, s.DB.Read(), a.Scope(), id)
}

func (s *Service) class(ctx context.Context, q store.Q, scope authz.Scope, id int64) (domain.Class, error) {
	c, err := q.Class(ctx, scope, id)
	if err != nil {
		return c, err
	}
	inst, err := q.Institution(ctx, scope, c.InstitutionID)
	if err != nil {
		return c, err
	}
	std, err := s.standardFor(inst.RegionCode)
	if err != nil {
		return c, err
	}
	fillLimits(std, inst, &c)
	members, err := q.ClassMembers(ctx, scope, c.ID)
	if err != nil {
		return c, err
	}
	c.Findings, err = checkClass(std, inst, c, members, s.Today())
	return c, err
}
