package service

import (
	"context"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/rules"
	"tuoyu/internal/store"
)

// Child returns a child in scope (enrolled now at an institution in
// scope) with guardians, pick-up persons and consents. Identity numbers
// are masked; regulators also see phones masked.
func (s *Service) Child(ctx context.Context, a authz.Actor, id int64) (domain.Child, error) {
	if err := a.Require(authz.ChildView); err != nil {
		return domain.Child{}, err
	}
	return s.childDetail(ctx, s.DB.Read(), a, id)
}

// OwnChild returns a guardian's own child; any other child is not found.
func (s *Service) OwnChild(ctx context.Context, a authz.Actor, id int64) (domain.Child, error) {
	if err := a.Require(authz.OwnChildren); err != nil {
		return domain.Child{}, err
	}
	return s.childDetail(ctx, s.DB.Read(), a, id)
}

func (s *Service) childDetail(ctx context.Context, q store.Q, a authz.Actor, id int64) (domain.Child, error) {
	c, err := q.Child(ctx, a.Scope(), id)
	if err != nil {
		return c, err
	}
	gs, err := q.Guardians(ctx, a.Scope(), id)
	if err != nil {
		return c, err
	}
	ps, err := q.Pickups(ctx, a.Scope(), id)
	if err != nil {
		return c, err
	}
	if c.Consents, err = q.Consents(ctx, a.Scope(), id); err != nil {
		return c, err
	}
	c.Guardians = make([]domain.Guardian, len(gs))
	for i, g := range gs {
		c.Guardians[i] = g.Guardian
	}
	c.PickupPersons = make([]domain.PickupPerson, len(ps))
	for i, p := range ps {
		c.PickupPersons[i] = p.PickupPerson
	}
	s.presentChild(a, &c)
	return c, nil
}

// presentChild fills in the age and hides what the reader should not see.
func (s *Service) presentChild(a authz.Actor, c *domain.Child) {
	if b, err := time.Parse(time.DateOnly, c.BirthDate); err == nil {
		if m, err := rules.CompletedMonths(b, s.Today()); err == nil {
			c.AgeMonths = m
		}
	}
	for i := range c.Guardians {
		c.Guardians[i].Phone = a.Phone(c.Guardians[i].Phone)
		if !a.SeesInvitations() {
			c.Guardians[i].InviteExpiresAt = nil
		}
	}
	for i := range c.PickupPersons {
		c.PickupPersons[i].Phone = a.Phone(c.PickupPersons[i].Phone)
	}
	if c.Guardians == nil {
		c.Guardians = []domain.Guardian{}
	}
	if c.PickupPersons == nil {
		c.PickupPersons = []domain.PickupPerson{}
	}
	if c.Consents == nil {
		c.Consents = []domain.Consent{}
	}
}

// Children lists an institution's children (in scope), filtered by class
// and name, by page. Status "withdrawn" lists those whose last enrolment
// there has ended.
func (s *Service) Children(ctx context.Context, a authz.Actor, institutionID int64, f domain.ChildFilter, page domain.Page) ([]domain.Child, int, error) {
	if err := a.Require(authz.ChildView); err != nil {
		return nil, 0, err
	}
	switch f.Status {
	case "", "enrolled", "withdrawn":
	default:
		return nil, 0, domain.Invalid("status", domain.ReasonNotAllowed)
	}
	q := s.DB.Read()
	if _, err := q.Institution(ctx, a.Scope(), institutionID); err != nil {
		return nil, 0, err
	}
	items, total, err := q.ListChildren(ctx, a.Scope(), institutionID, f, page)
	for i := range items {
		s.presentChild(a, &items[i])
	}
	return items, total, err
}

// OwnChildren lists a guardian's own children with their class,
// institution and guardians (ID numbers masked).
func (s *Service) OwnChildren(ctx context.Context, a authz.Actor, page domain.Page) ([]domain.Child, int, error) {
	if err := a.Require(authz.OwnChildren); err != nil {
		return nil, 0, err
	}
	q := s.DB.Read()
	items, total, err := q.ListChildrenInScope(ctx, a.Scope(), domain.ChildFilter{}, page)
	if err != nil {
		return nil, 0, err
	}
	for i := range items {
		gs, err := q.Guardians(ctx, a.Scope(), items[i].ID)
		if err != nil {
			return nil, 0, err
		}
		items[i].Guardians = make([]domain.Guardian, len(gs))
		for j, g := range gs {
			items[i].Guardians[j] = g.Guardian
		}
		s.presentChild(a, &items[i])
	}
	return items, total, nil
}
