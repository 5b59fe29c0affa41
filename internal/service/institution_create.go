package service

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// NewInstitution is a registry entry to create: the basic facts, which the
// first filing completes.
type NewInstitution struct {
	Name           string             `json:"name"`
	CreditCode     string             `json:"credit_code"`
	Kind           string             `json:"kind"`
	Nature         string             `json:"nature"`
	ForProfit      bool               `json:"for_profit"`
	RegionCode     string             `json:"region_code"`
	TownshipCode   string             `json:"township_code"`
	Address        string             `json:"address"`
	Phone          string             `json:"phone"`
	LegalRep       string             `json:"legal_rep"`
	PersonInCharge string             `json:"person_in_charge"`
	Places         int                `json:"places"`
	CareTypes      []domain.CareOffer `json:"care_types"`
}

// validate checks the basic facts with the same rules as the filing form.
func (n *NewInstitution) validate(ctx context.Context, q store.Q, p domain.Problems) (domain.Institution, []string, error) {
	d := domain.FilingData{Name: n.Name, CreditCode: n.CreditCode, Kind: n.Kind, Nature: n.Nature, TownshipCode: n.TownshipCode,
		Address: n.Address, Phone: n.Phone, LegalRep: n.LegalRep, PersonInCharge: n.PersonInCharge}
	d.Normalise()
	text := map[string]string{"name": d.Name, "address": d.Address, "legal_rep": d.LegalRep, "person_in_charge": d.PersonInCharge}
	for f, v := range text {
		if v == "" {
			p.Add(f, domain.ReasonRequired)
		} else if len([]rune(v)) > 200 {
			p.Add(f, domain.ReasonTooLong)
		}
	}
	p.Choice("kind", d.Kind, domain.Kinds)
	p.Choice("nature", d.Nature, domain.Natures)
	p.Amount("places", float64(n.Places), 100000)
	if d.Kind == domain.KindHome && n.Places > domain.HomePointMaxPlaces {
		p.Add("places", domain.ReasonHomeLimit)
	}
	code, warnings := checkCreditCode(d.CreditCode, d.Nature, p)
	county, err := checkTownship(ctx, q, d.TownshipCode, strings.TrimSpace(n.RegionCode), p)
	if err != nil {
		return domain.Institution{}, nil, err
	}
	for i, c := range n.CareTypes {
		f := fmt.Sprintf("care_types[%d]", i)
		p.Choice(f+".type", c.Type, domain.CareTypes)
		p.Amount(f+".fee", c.Fee, 100000)
	}
	return domain.Institution{Name: d.Name, CreditCode: code, Kind: d.Kind, Nature: d.Nature, ForProfit: n.ForProfit, RegionCode: county,
		TownshipCode: d.TownshipCode, Address: d.Address, Phone: d.Phone, LegalRep: d.LegalRep, PersonInCharge: d.PersonInCharge,
		Places: n.Places, CareTypes: n.CareTypes, Status: domain.StatusUnfiled}, warnings, nil
}

// CreateInstitution registers an institution in the regulator's county.
func (s *Service) CreateInstitution(ctx context.Context, a authz.Actor, n NewInstitution) (domain.Institution, error) {
	var out domain.Institution
	err := s.DB.Tx(ctx, func(q store.Q) error {
		var err error
		out, err = s.CreateInstitutionIn(ctx, q, a, n, nil)
		return err
	})
	return out, err
}

// CreateInstitutionIn registers the institution inside the caller's
// transaction (the account context adds its director's login in the same
// one). more holds problems the caller found in its own fields, so the
// form shows every problem at once.
func (s *Service) CreateInstitutionIn(ctx context.Context, q store.Q, a authz.Actor, n NewInstitution, more domain.Problems) (domain.Institution, error) {
	if err := a.Require(authz.InstitutionCreate); err != nil {
		return domain.Institution{}, err
	}
	if n.RegionCode == "" {
		n.RegionCode = a.RegionCode
	}
	p := domain.Problems{}
	for k, v := range more {
		p.Add(k, v)
	}
	in, warnings, err := n.validate(ctx, q, p)
	if err != nil {
		return in, err
	}
	if in.RegionCode != "" && !a.Scope().ContainsRegion(in.RegionCode) {
		p.Add("region_code", "outside_your_region")
	}
	if err := p.Err(); err != nil {
		return in, err
	}
	out, err := s.insertInstitution(ctx, q, a, in)
	out.Warnings = warnings
	return out, err
}

func (s *Service) insertInstitution(ctx context.Context, q store.Q, a authz.Actor, in domain.Institution) (domain.Institution, error) {
	id, err := q.CreateInstitution(ctx, in, s.Now())
	if domain.ErrorCode(err) == domain.CodeConflict {
		return in, &domain.Error{Code: domain.CodeConflict, Message: "an institution with this credit code is already registered",
			Fields: map[string]string{"credit_code": "taken"}}
	}
	if err != nil {
		return in, err
	}
	in.ID = id
	if err := s.audit(ctx, q, a, audit.InstitutionCreate, "institution", id, in.RegionCode, id, map[string]string{"name": in.Name, "credit_code": in.CreditCode}); err != nil {
		return in, err
	}
	return q.Institution(ctx, authz.System("create").Scope(), id)
}

// Registration is an operator registering their institution and their own
// director account in one step.
type Registration struct {
	Institution NewInstitution `json:"institution"`
	Username    string         `json:"username"`
	DisplayName string         `json:"display_name"`
	Password    string         `json:"password"`
}

// Register creates the institution and its director account; no login needed.
func (s *Service) Register(ctx context.Context, a authz.Actor, r Registration) (domain.Institution, domain.User, error) {
	var in domain.Institution
	var u domain.User
	err := s.DB.Tx(ctx, func(q store.Q) error {
		inst, warnings, p, err := s.registrationProblems(ctx, q, r)
		if err != nil {
			return err
		}
		if err := p.Err(); err != nil {
			return err
		}
		in, err = s.insertInstitution(ctx, q, a, inst)
		var de *domain.Error
		if errors.As(err, &de) && de.Fields != nil {
			de.Fields = map[string]string(prefixed(domain.Problems(de.Fields), "institution."))
		}
		if err != nil {
			return err
		}
		in.Warnings = warnings
		self := authz.System("registration")
		u, err = s.addUser(ctx, q, self, NewUser{Username: r.Username, DisplayName: r.DisplayName, Password: r.Password, Role: domain.RoleDirector, InstitutionID: in.ID})
		return err
	})
	return in, u, err
}

// CheckRegistration lists every problem of a registration without
// registering it, so a form refused for its own reasons (a number that is
// not one, passwords that differ) still shows all its problems at once.
func (s *Service) CheckRegistration(ctx context.Context, r Registration) (domain.Problems, error) {
	var p domain.Problems
	err := s.DB.Tx(ctx, func(q store.Q) error {
		var err error
		_, _, p, err = s.registrationProblems(ctx, q, r)
		return err
	})
	return p, err
}

// registrationProblems checks the institution (fields prefixed
// "institution.") and the account together: the form shows every problem
// at once.
func (s *Service) registrationProblems(ctx context.Context, q store.Q, r Registration) (domain.Institution, []string, domain.Problems, error) {
	p := domain.Problems{}
	inst, warnings, err := r.Institution.validate(ctx, q, p)
	if err != nil {
		return inst, nil, nil, err
	}
	if inst.RegionCode == "" {
		p.Add("institution.township_code", domain.ReasonRequired)
	}
	p = prefixed(p, "institution.")
	if !usernameRe.MatchString(strings.ToLower(strings.TrimSpace(r.Username))) {
		p.Add("username", "bad_username")
	}
	if err := s.checkNewPassword(ctx, r.Username, r.Password, p); err != nil {
		return inst, nil, nil, err
	}
	if n := len([]rune(strings.TrimSpace(r.DisplayName))); n > 50 {
		p.Add("display_name", domain.ReasonTooLong)
	}
	return inst, warnings, p, nil
}

func prefixed(p domain.Problems, prefix string) domain.Problems {
	out := domain.Problems{}
	for k, v := range p {
		if strings.HasPrefix(k, prefix) {
			out[k] = v
		} else {
			out[prefix+k] = v
		}
	}
	return out
}
