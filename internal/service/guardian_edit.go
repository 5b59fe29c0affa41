package service

import (
	"context"
	"slices"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// AddGuardian adds a guardian to a child in scope.
func (s *Service) AddGuardian(ctx context.Context, a authz.Actor, childID int64, in PersonInput) (domain.Guardian, error) {
	if err := a.Require(authz.ChildEdit); err != nil {
		return domain.Guardian{}, err
	}
	var out domain.Guardian
	err := s.DB.Tx(ctx, func(q store.Q) error {
		c, err := q.Child(ctx, a.Scope(), childID)
		if err != nil {
			return err
		}
		existing, err := q.Guardians(ctx, a.Scope(), childID)
		if err != nil {
			return err
		}
		phones := make([]string, len(existing))
		for i, g := range existing {
			phones[i] = g.Phone
		}
		x, err := s.checkAddedPerson(in, phones, MaxGuardians, "guardians")
		if err != nil {
			return err
		}
		g := store.GuardianRecord{Guardian: domain.Guardian{ChildID: childID, Name: x.Name, Relation: x.Relation, Phone: x.Phone, IDType: x.IDType, IDMasked: x.IDMasked}, IDEnc: x.IDEnc}
		if g.ID, err = q.AddGuardian(ctx, g, s.Now()); err != nil {
			return err
		}
		if g, err = q.Guardian(ctx, a.Scope(), childID, g.ID); err != nil {
			return err
		}
		out = g.Guardian
		region, inst, err := s.childPlace(ctx, q, c)
		if err != nil {
			return err
		}
		return s.audit(ctx, q, a, audit.GuardianAdd, "child", childID, region, inst,
			map[string]any{"guardian_id": g.ID, "relation": g.Relation, "id_masked": g.IDMasked})
	})
	return out, err
}

// checkAddedPerson checks a guardian or pick-up person added to a child
// whose others have the given phones: at most max of them (listField
// names the list), no phone twice.
func (s *Service) checkAddedPerson(in PersonInput, phones []string, max int, listField string) (person, error) {
	p := domain.Problems{}
	x := s.checkPerson(in, "", p)
	if len(phones) >= max {
		p.Add(listField, domain.ReasonRange)
	}
	if slices.Contains(phones, x.Phone) {
		p.Add("phone", domain.ReasonDuplicate)
	}
	return x, p.Err()
}

// RemoveGuardian removes a guardian from a child in scope. A child keeps at
// least one guardian. The guardian's account, if linked, loses access to
// the child; the consents they gave stay on record.
func (s *Service) RemoveGuardian(ctx context.Context, a authz.Actor, childID, guardianID int64) error {
	if err := a.Require(authz.ChildEdit); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(q store.Q) error {
		c, err := q.Child(ctx, a.Scope(), childID)
		if err != nil {
			return err
		}
		g, err := q.Guardian(ctx, a.Scope(), childID, guardianID)
		if err != nil {
			return err
		}
		all, err := q.Guardians(ctx, a.Scope(), childID)
		if err != nil {
			return err
		}
		if len(all) <= 1 {
			return &domain.Error{Code: domain.CodeConflict, Message: "a child keeps at least one guardian; add another before removing this one",
				Fields: map[string]string{"guardian": "last_guardian"}}
		}
		if err := q.RemoveGuardian(ctx, g.ID, s.Now()); err != nil {
			return err
		}
		region, inst, err := s.childPlace(ctx, q, c)
		if err != nil {
			return err
		}
		return s.audit(ctx, q, a, audit.GuardianRemove, "child", childID, region, inst,
			map[string]any{"guardian_id": g.ID, "was_linked": g.Linked})
	})
}

// AddPickup authorises a pick-up person for a child in scope.
func (s *Service) AddPickup(ctx context.Context, a authz.Actor, childID int64, in PersonInput) (domain.PickupPerson, error) {
	if err := a.Require(authz.ChildEdit); err != nil {
		return domain.PickupPerson{}, err
	}
	var out domain.PickupPerson
	err := s.DB.Tx(ctx, func(q store.Q) error {
		c, err := q.Child(ctx, a.Scope(), childID)
		if err != nil {
			return err
		}
		existing, err := q.Pickups(ctx, a.Scope(), childID)
		if err != nil {
			return err
		}
		phones := make([]string, len(existing))
		for i, e := range existing {
			phones[i] = e.Phone
		}
		x, err := s.checkAddedPerson(in, phones, MaxPickupPersons, "pickup_persons")
		if err != nil {
			return err
		}
		r := store.PickupRecord{PickupPerson: domain.PickupPerson{ChildID: childID, Name: x.Name, Relation: x.Relation, Phone: x.Phone,
			IDType: x.IDType, IDMasked: x.IDMasked}, IDEnc: x.IDEnc}
		if r.ID, err = q.AddPickup(ctx, r, s.Now()); err != nil {
			return err
		}
		r.CreatedAt = s.Now().UTC()
		out = r.PickupPerson
		region, inst, err := s.childPlace(ctx, q, c)
		if err != nil {
			return err
		}
		return s.audit(ctx, q, a, audit.PickupAdd, "child", childID, region, inst,
			map[string]any{"pickup_id": r.ID, "relation": r.Relation, "id_masked": r.IDMasked})
	})
	return out, err
}

// RemovePickup withdraws a pick-up person's authorisation.
func (s *Service) RemovePickup(ctx context.Context, a authz.Actor, childID, pickupID int64) error {
	if err := a.Require(authz.ChildEdit); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(q store.Q) error {
		c, err := q.Child(ctx, a.Scope(), childID)
		if err != nil {
			return err
		}
		if err := q.RemovePickup(ctx, childID, pickupID); err != nil {
			return err
		}
		region, inst, err := s.childPlace(ctx, q, c)
		if err != nil {
			return err
		}
		return s.audit(ctx, q, a, audit.PickupRemove, "child", childID, region, inst, map[string]any{"pickup_id": pickupID})
	})
}
