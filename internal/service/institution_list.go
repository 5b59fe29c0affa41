package service

import (
	"context"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// Institutions lists the institutions in the actor's scope.
func (s *Service) Institutions(ctx context.Context, a authz.Actor, f domain.InstitutionFilter, page domain.Page) ([]domain.Institution, int, error) {
	if err := a.Require(authz.InstitutionList); err != nil {
		return nil, 0, err
	}
	if err := checkFilter(f); err != nil {
		return nil, 0, err
	}
	q := s.DB.Read()
	list, total, err := q.ListInstitutions(ctx, a.Scope(), f, page)
	if err != nil {
		return nil, 0, err
	}
	return list, total, s.withFigures(ctx, q, a.Scope(), list)
}

// Institution returns one institution; out of scope is not found.
func (s *Service) Institution(ctx context.Context, a authz.Actor, id int64) (domain.Institution, error) {
	if err := a.Require(authz.InstitutionView); err != nil {
		return domain.Institution{}, err
	}
	q := s.DB.Read()
	in, err := q.Institution(ctx, a.Scope(), id)
	if err != nil {
		return in, err
	}
	list := []domain.Institution{in}
	err = s.withFigures(ctx, q, a.Scope(), list)
	return list[0], err
}

func checkFilter(f domain.InstitutionFilter) error {
	p := domain.Problems{}
	if f.Status != "" && !contains(domain.InstitutionStatuses, f.Status) {
		p.Add("status", domain.ReasonNotAllowed)
	}
	if f.Kind != "" && !contains(domain.Kinds, f.Kind) {
		p.Add("kind", domain.ReasonNotAllowed)
	}
	if f.Nature != "" && !contains(domain.Natures, f.Nature) {
		p.Add("nature", domain.ReasonNotAllowed)
	}
	if f.CareType != "" && !contains(domain.CareTypes, f.CareType) {
		p.Add("care_type", domain.ReasonNotAllowed)
	}
	if f.Region != "" && len(f.Region) != 6 && len(f.Region) != 9 {
		p.Add("region", "unknown_region")
	}
	if len([]rune(f.Q)) > 100 {
		p.Add("q", domain.ReasonTooLong)
	}
	return p.Err()
}

// InstitutionCounts counts the institutions in scope per county and status.
func (s *Service) InstitutionCounts(ctx context.Context, a authz.Actor) (map[string]map[string]int, error) {
	if err := a.Require(authz.InstitutionList); err != nil {
		return nil, err
	}
	return s.DB.Read().CountInstitutions(ctx, a.Scope())
}

// PublicDirectory lists filed institutions with their public facts; no login needed.
func (s *Service) PublicDirectory(ctx context.Context, f domain.InstitutionFilter, page domain.Page) ([]domain.PublicInstitution, int, error) {
	f.Status, f.Kind, f.Nature = "", "", ""
	if err := checkFilter(f); err != nil {
		return nil, 0, err
	}
	q := s.DB.Read()
	list, total, err := q.PublicInstitutions(ctx, f, page)
	if err != nil {
		return nil, 0, err
	}
	return list, total, s.withPublicFigures(ctx, q, list)
}

// Regions lists the children of a division with their latest population.
func (s *Service) Regions(ctx context.Context, parent string) ([]domain.Region, error) {
	if parent != "" {
		if _, err := s.DB.Read().Region(ctx, parent); err != nil {
			return nil, err
		}
	}
	return s.DB.Read().Regions(ctx, parent)
}

// Region returns one division.
func (s *Service) Region(ctx context.Context, code string) (domain.Region, error) {
	return s.DB.Read().Region(ctx, code)
}
