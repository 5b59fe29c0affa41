package account

import (
	"context"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

// Director is the login a county creates with a new institution.
type Director struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
}

// Registered is a new institution and, when one was asked for, its
// director's login with the first password to hand over, shown once.
type Registered struct {
	Institution domain.Institution `json:"institution"`
	Director    *Handover          `json:"director,omitempty"`
}

// RegisterInstitution registers an institution in the county regulator's
// region and, when a director's username is given, creates the director's
// login with a first password that must be changed at the first login;
// both in one transaction. The director's problems are reported at
// director.username and director.display_name beside the institution's.
func (s *Service) RegisterInstitution(ctx context.Context, a authz.Actor, n service.NewInstitution, d Director) (Registered, error) {
	if err := a.Require(authz.InstitutionCreate); err != nil {
		return Registered{}, err
	}
	var out Registered
	err := s.db.Tx(ctx, func(q store.Q) error {
		withDirector := trim(d.Username) != "" || trim(d.DisplayName) != ""
		early := domain.Problems{}
		if withDirector {
			if !usernameRe.MatchString(trim(d.Username)) {
				early.Add("director.username", "bad_username")
			}
			checkName(trim(d.DisplayName), "director.display_name", early)
		}
		in, err := s.core.CreateInstitutionIn(ctx, q, a, n, early)
		if err != nil {
			return err
		}
		out.Institution = in
		if !withDirector {
			return nil
		}
		h, err := s.createIn(ctx, q, a, NewAccount{Username: d.Username, DisplayName: d.DisplayName, Role: domain.RoleDirector, InstitutionID: in.ID}, "director.", domain.Problems{})
		if err != nil {
			return err
		}
		out.Director = &h
		return nil
	})
	return out, err
}
