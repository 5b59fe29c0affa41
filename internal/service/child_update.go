package service

import (
	"context"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// ChildPatch changes what may change in a child's record. The name, sex,
// birth date and certificate follow the certificate and are not edited
// here apart from the name.
type ChildPatch struct {
	Name            *string `json:"name"`
	HouseholdRegion *string `json:"household_region"`
	Allergies       *string `json:"allergies"`
	SpecialNeeds    *string `json:"special_needs"`
}

// UpdateChild changes a child's record (the director of the institution
// where the child is enrolled).
func (s *Service) UpdateChild(ctx context.Context, a authz.Actor, id int64, in ChildPatch) (domain.Child, error) {
	if err := a.Require(authz.ChildEdit); err != nil {
		return domain.Child{}, err
	}
	err := s.DB.Tx(ctx, func(q store.Q) error {
		c, err := q.Child(ctx, a.Scope(), id)
		if err != nil {
			return err
		}
		old := c
		p := domain.Problems{}
		if in.Name != nil {
			c.Name = textField(p, "name", *in.Name, 50, true)
		}
		if in.Allergies != nil {
			c.Allergies = textField(p, "allergies", *in.Allergies, 500, false)
		}
		if in.SpecialNeeds != nil {
			c.SpecialNeeds = textField(p, "special_needs", *in.SpecialNeeds, 500, false)
		}
		if in.HouseholdRegion != nil {
			c.HouseholdRegion = textField(p, "household_region", *in.HouseholdRegion, 12, false)
			if err := checkRegionCode(ctx, q, c.HouseholdRegion, "household_region", p); err != nil {
				return err
			}
		}
		if err := p.Err(); err != nil {
			return err
		}
		if err := q.UpdateChild(ctx, c, s.Now()); err != nil {
			return err
		}
		changed := []string{}
		if c.Name != old.Name {
			changed = append(changed, "name")
		}
		if c.Allergies != old.Allergies {
			changed = append(changed, "allergies")
		}
		if c.SpecialNeeds != old.SpecialNeeds {
			changed = append(changed, "special_needs")
		}
		if c.HouseholdRegion != old.HouseholdRegion {
			changed = append(changed, "household_region")
		}
		region, inst, err := s.childPlace(ctx, q, c)
		if err != nil {
			return err
		}
		return s.audit(ctx, q, a, audit.ChildUpdate, "child", id, region, inst, map[string]any{"changed": changed})
	})
	if err != nil {
		return domain.Child{}, err
	}
	return s.Child(ctx, a, id)
}
