package service

import (
	"context"
	"strconv"
	"strings"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// CreateFiling starts a new filing version for an institution: the first
// filing, or a change filing once the institution is filed.
func (s *Service) CreateFiling(ctx context.Context, a authz.Actor, institutionID int64, d domain.FilingData) (domain.Filing, error) {
	if err := a.Require(authz.FilingEdit); err != nil {
		return domain.Filing{}, err
	}
	var id int64
	err := s.DB.Tx(ctx, func(q store.Q) error {
		in, err := q.Institution(ctx, a.Scope(), institutionID)
		if err != nil {
			return err
		}
		if domain.StatusEnded(in.Status) {
			return domain.Conflict("the institution's filing is cancelled")
		}
		if open, ok, err := q.OpenFiling(ctx, a.Scope(), in.ID); err != nil {
			return err
		} else if ok {
			return &domain.Error{Code: domain.CodeConflict, Message: "this institution already has a filing in progress (version " + strconv.Itoa(open.Version) + ")"}
		}
		kind, prev, lastID := domain.FilingInitial, (*domain.FilingData)(nil), int64(0)
		if last, ok, err := q.LastFiled(ctx, a.Scope(), in.ID); err != nil {
			return err
		} else if ok {
			kind, prev, lastID = domain.FilingChange, &last.Data, last.ID
		}
		county, err := s.prepareFilingData(ctx, q, in, &d, prev)
		if err != nil {
			return err
		}
		version, err := q.MaxFilingVersion(ctx, in.ID)
		if err != nil {
			return err
		}
		f := domain.Filing{InstitutionID: in.ID, RegionCode: county, Version: version + 1, Kind: kind, Status: domain.FilingDraft, Data: d}
		id, err = q.CreateFiling(ctx, f, a.UserID, s.Now())
		if err != nil {
			return err
		}
		detail := map[string]any{"version": f.Version, "kind": kind}
		if lastID != 0 {
			// A change filing keeps the filed version's materials; the
			// director replaces only what changed.
			kept, err := q.InheritMaterials(ctx, lastID, id)
			if err != nil {
				return err
			}
			detail["materials_kept"] = kept
		}
		return s.audit(ctx, q, a, audit.FilingCreate, "filing", id, county, in.ID, detail)
	})
	if err != nil {
		return domain.Filing{}, err
	}
	return s.Filing(ctx, a, id)
}

// UpdateFiling replaces the form of a draft or returned filing.
func (s *Service) UpdateFiling(ctx context.Context, a authz.Actor, id int64, d domain.FilingData) (domain.Filing, error) {
	if err := a.Require(authz.FilingEdit); err != nil {
		return domain.Filing{}, err
	}
	err := s.DB.Tx(ctx, func(q store.Q) error {
		f, in, err := s.editableFiling(ctx, q, a, id)
		if err != nil {
			return err
		}
		county, err := s.prepareFilingData(ctx, q, in, &d, &f.Data)
		if err != nil {
			return err
		}
		changes := domain.Diff(f.Data, d)
		f.Data, f.RegionCode = d, county
		if err := q.UpdateFiling(ctx, f, 0, s.Now()); err != nil {
			return err
		}
		fields := make([]string, len(changes))
		for i, c := range changes {
			fields[i] = c.Field
		}
		return s.audit(ctx, q, a, audit.FilingUpdate, "filing", id, county, in.ID, map[string]any{"fields": fields})
	})
	if err != nil {
		return domain.Filing{}, err
	}
	return s.Filing(ctx, a, id)
}

// WithdrawFiling discards a draft or returned filing.
func (s *Service) WithdrawFiling(ctx context.Context, a authz.Actor, id int64) (domain.Filing, error) {
	if err := a.Require(authz.FilingEdit); err != nil {
		return domain.Filing{}, err
	}
	err := s.DB.Tx(ctx, func(q store.Q) error {
		f, in, err := s.editableFiling(ctx, q, a, id)
		if err != nil {
			return err
		}
		f.Status = domain.FilingWithdrawn
		if err := q.UpdateFiling(ctx, f, 0, s.Now()); err != nil {
			return err
		}
		if in.Status == domain.StatusReturned {
			if err := q.SetInstitutionStatus(ctx, in.ID, domain.StatusUnfiled, s.Now()); err != nil {
				return err
			}
		}
		return s.audit(ctx, q, a, audit.FilingWithdraw, "filing", id, f.RegionCode, in.ID, nil)
	})
	if err != nil {
		return domain.Filing{}, err
	}
	return s.Filing(ctx, a, id)
}

// editableFiling loads a filing the actor may still change.
func (s *Service) editableFiling(ctx context.Context, q store.Q, a authz.Actor, id int64) (domain.Filing, domain.Institution, error) {
	f, err := q.Filing(ctx, a.Scope(), id)
	if err != nil {
		return f, domain.Institution{}, err
	}
	if f.Status != domain.FilingDraft && f.Status != domain.FilingReturned {
		return f, domain.Institution{}, domain.Conflict("only a draft or a returned filing can be changed")
	}
	if f.Kind == domain.FilingCancel {
		return f, domain.Institution{}, domain.Conflict("a cancellation has no form to change")
	}
	in, err := q.Institution(ctx, a.Scope(), f.InstitutionID)
	return f, in, err
}

// prepareFilingData normalises and validates the form, encrypts the legal
// representative's ID number and returns the county of the township.
func (s *Service) prepareFilingData(ctx context.Context, q store.Q, in domain.Institution, d *domain.FilingData, prev *domain.FilingData) (string, error) {
	d.Normalise()
	p := domain.Problems{}
	d.Validate(s.Today(), p)
	if d.CreditCode != "" {
		d.CreditCode, _ = checkCreditCode(d.CreditCode, d.Nature, p)
	}
	county := in.RegionCode
	if d.TownshipCode != "" && p["township_code"] == "" {
		c, err := checkTownship(ctx, q, d.TownshipCode, in.RegionCode, p)
		if err != nil {
			return "", err
		}
		county = c
	}
	d.LegalRepIDEnc, d.LegalRepIDMasked = "", ""
	switch {
	case d.LegalRepID != "":
		id, err := cnid.ParseResidentID(strings.ToUpper(d.LegalRepID), s.Today())
		if err != nil {
			p.Add("legal_rep_id", reasonFor(err))
		} else {
			d.LegalRepIDEnc, d.LegalRepIDMasked = s.Keys.Encrypt(id.Number), cnid.Mask(id.Number)
		}
	case prev != nil:
		d.LegalRepIDEnc, d.LegalRepIDMasked = prev.LegalRepIDEnc, prev.LegalRepIDMasked
	}
	d.LegalRepID = ""
	return county, p.Err()
}
