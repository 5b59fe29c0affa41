package service

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/rules"
	"tuoyu/internal/store"
)

// ClassInput is a class to create, or the whole of a class to replace (PUT).
type ClassInput struct {
	Name string `json:"name"`
	// Type is a class type code (infant, toddler_young, toddler_older,
	// mixed) or its Chinese name (乳儿班, 托小班, 托大班, 混合班).
	Type string `json:"type"`
	// Capacity is the class's places; 0 takes the most the rules allow.
	Capacity int `json:"capacity"`
	// CaregiverIDs are staff with an open employment at the institution.
	CaregiverIDs []int64 `json:"caregiver_ids"`
}

// ClassPatch changes some of a class's settings (PATCH).
type ClassPatch struct {
	Name         *string  `json:"name"`
	Type         *string  `json:"type"`
	Capacity     *int     `json:"capacity"`
	CaregiverIDs *[]int64 `json:"caregiver_ids"`
	Archived     *bool    `json:"archived"`
}

// CreateClass adds a class to an institution in scope. A class that breaks
// a rule of the setting-up standard (class size for its type; a home care
// point's limit) is refused with the rule named.
func (s *Service) CreateClass(ctx context.Context, a authz.Actor, institutionID int64, in ClassInput) (domain.Class, error) {
	if err := a.Require(authz.ClassEdit); err != nil {
		return domain.Class{}, err
	}
	var id int64
	err := s.DB.Tx(ctx, func(q store.Q) error {
		inst, err := q.Institution(ctx, a.Scope(), institutionID)
		if err != nil {
			return err
		}
		if domain.StatusEnded(inst.Status) {
			return domain.Conflict("the institution's filing is cancelled")
		}
		std, err := s.standardFor(inst.RegionCode)
		if err != nil {
			return err
		}
		c := domain.Class{InstitutionID: inst.ID, Archived: false}
		p := domain.Problems{}
		if err := s.applyClassInput(ctx, q, std, inst, &c, ClassPatch{Name: &in.Name, Type: &in.Type, Capacity: &in.Capacity, CaregiverIDs: &in.CaregiverIDs}, p); err != nil {
			return err
		}
		if err := p.Err(); err != nil {
			return err
		}
		if err := q.LockInstitution(ctx, inst.ID); err != nil {
			return err
		}
		if err := s.refuseClassViolations(ctx, q, a.Scope(), std, inst, c, nil, false); err != nil {
			return err
		}
		id, err = q.CreateClass(ctx, c, s.Now())
		if domain.ErrorCode(err) == domain.CodeConflict {
			return &domain.Error{Code: domain.CodeConflict, Message: "a class with this name already exists", Fields: map[string]string{"name": "taken"}}
		}
		if err != nil {
			return err
		}
		if err := q.SetClassCaregivers(ctx, id, staffIDs(c.Caregivers)); err != nil {
			return err
		}
		return s.audit(ctx, q, a, audit.ClassCreate, "class", id, inst.RegionCode, inst.ID,
			map[string]any{"name": c.Name, "type": c.Type, "capacity": c.Capacity, "caregiver_ids": staffIDs(c.Caregivers)})
	})
	if err != nil {
		return domain.Class{}, err
	}
	return s.Class(ctx, a, id)
}

func staffIDs(refs []domain.StaffRef) []int64 {
	out := make([]int64, len(refs))
	for i, r := range refs {
		out[i] = r.ID
	}
	return out
}

// applyClassInput validates the fields present in the patch and sets them
// on c. An omitted or zero capacity takes the most the rules allow.
func (s *Service) applyClassInput(ctx context.Context, q store.Q, std rules.Standard, inst domain.Institution, c *domain.Class, in ClassPatch, p domain.Problems) error {
	if in.Name != nil {
		name := strings.TrimSpace(*in.Name)
		switch {
		case name == "":
			p.Add("name", domain.ReasonRequired)
		case utf8.RuneCountInString(name) > 50:
			p.Add("name", domain.ReasonTooLong)
		}
		c.Name = name
	}
	if in.Type != nil {
		t, err := rules.ParseClassType(*in.Type)
		switch {
		case strings.TrimSpace(*in.Type) == "":
			p.Add("type", domain.ReasonRequired)
		case err != nil:
			p.Add("type", domain.ReasonNotAllowed)
		default:
			c.Type = string(t)
		}
	}
	if in.Capacity != nil {
		switch {
		case *in.Capacity < 0:
			p.Add("capacity", domain.ReasonNegative)
		case *in.Capacity == 0:
			c.Capacity = maxChildren(std, inst, c.Type)
		default:
			c.Capacity = *in.Capacity
		}
	}
	if in.CaregiverIDs != nil {
		ids := slices.Clone(*in.CaregiverIDs)
		slices.Sort(ids)
		ids = slices.Compact(ids)
		if len(ids) > 50 {
			p.Add("caregiver_ids", domain.ReasonRange)
			return nil
		}
		employed, err := q.EmployedAt(ctx, inst.ID, ids)
		if err != nil {
			return err
		}
		refs := make([]domain.StaffRef, 0, len(ids))
		for _, id := range ids {
			if !employed[id] {
				p.Add("caregiver_ids", "not_employed_here")
			}
			refs = append(refs, domain.StaffRef{ID: id})
		}
		c.Caregivers = refs
	}
	if in.Archived != nil {
		c.Archived = *in.Archived
	}
	return nil
}

// refuseClassViolations checks the class as it would stand with its
// children and refuses violations that the change brings (before is the
// class's findings before the change; nil for a new class).
func (s *Service) refuseClassViolations(ctx context.Context, q store.Q, scope authz.Scope, std rules.Standard, inst domain.Institution, c domain.Class, before []domain.RuleFinding, fewerCaregivers bool) error {
	var members []domain.ClassMember
	if c.ID != 0 {
		var err error
		if members, err = q.ClassMembers(ctx, scope, c.ID); err != nil {
			return err
		}
	}
	after, err := checkClass(std, inst, c, members, s.Today())
	if err != nil {
		return err
	}
	if bad := newViolations(before, after, fewerCaregivers); len(bad) > 0 {
		return ruleRefusal(domain.CodeInvalid, bad, classField, nil)
	}
	return nil
}
