package service

import (
	"context"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// InstitutionFigures computes the live figures (enrolled, vacancies per
// class type, fees in force today) of the institutions in scope among ids,
// in a constant number of grouped queries. It is the one place these
// figures come from: the public directory, the institution page and the
// regulators' lists all read it.
func (s *Service) InstitutionFigures(ctx context.Context, q store.Q, scope authz.Scope, ids []int64) (map[int64]domain.Figures, error) {
	return q.InstitutionFigures(ctx, scope, ids, s.Today().Format(time.DateOnly))
}

// withFigures puts the live figures on registry entries.
func (s *Service) withFigures(ctx context.Context, q store.Q, scope authz.Scope, list []domain.Institution) error {
	ids := make([]int64, len(list))
	for i, in := range list {
		ids[i] = in.ID
	}
	figs, err := s.InstitutionFigures(ctx, q, scope, ids)
	if err != nil {
		return err
	}
	for i := range list {
		f := figs[list[i].ID]
		f.Places = list[i].Places
		f.Vacancies = domain.Vacant(f.Places, f.Enrolled)
		list[i].Vacancies, list[i].Enrolled, list[i].Bands, list[i].Fees = f.Vacancies, f.Enrolled, orBands(f.Bands), orFees(f.Fees)
	}
	return nil
}

// withPublicFigures puts the live figures on public directory entries.
func (s *Service) withPublicFigures(ctx context.Context, q store.Q, list []domain.PublicInstitution) error {
	ids := make([]int64, len(list))
	for i, in := range list {
		ids[i] = in.ID
	}
	figs, err := s.InstitutionFigures(ctx, q, authz.System("public").Scope(), ids)
	if err != nil {
		return err
	}
	for i := range list {
		f := figs[list[i].ID]
		list[i].Vacancies, list[i].Enrolled, list[i].Bands, list[i].Fees = domain.Vacant(list[i].Places, f.Enrolled), f.Enrolled, orBands(f.Bands), orFees(f.Fees)
	}
	return nil
}

func orBands(b []domain.BandFigures) []domain.BandFigures {
	if b == nil {
		return []domain.BandFigures{}
	}
	return b
}

func orFees(f []domain.FeeInForce) []domain.FeeInForce {
	if f == nil {
		return []domain.FeeInForce{}
	}
	return f
}
