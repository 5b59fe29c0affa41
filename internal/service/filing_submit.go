package service

import (
	"context"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// SubmitFiling sends a draft or returned filing to the county for review.
// The due date is the county's receipt deadline (the standard's
// Filing.ReceiptWorkingDays) in working days after the submission date on
// the official calendar.
func (s *Service) SubmitFiling(ctx context.Context, a authz.Actor, id int64) (domain.Filing, error) {
	if err := a.Require(authz.FilingEdit); err != nil {
		return domain.Filing{}, err
	}
	err := s.DB.Tx(ctx, func(q store.Q) error {
		f, in, err := s.editableFiling(ctx, q, a, id)
		if err != nil {
			return err
		}
		p := domain.Problems{}
		f.Data.Validate(s.Today(), p)
		f.Data.ReadyToSubmit(p)
		for _, t := range missingMaterials(f) {
			p.Add("materials."+t, domain.ReasonRequired)
		}
		if err := p.Err(); err != nil {
			return err
		}
		return s.submit(ctx, q, a, &f, in)
	})
	if err != nil {
		return domain.Filing{}, err
	}
	return s.Filing(ctx, a, id)
}

func (s *Service) submit(ctx context.Context, q store.Q, a authz.Actor, f *domain.Filing, in domain.Institution) error {
	std, err := s.standardFor(in.RegionCode)
	if err != nil {
		return err
	}
	now := s.Now()
	due, fallback := s.Calendar.AddWorkdays(s.Today(), std.Filing.ReceiptWorkingDays)
	resubmitted := f.Status == domain.FilingReturned
	f.Status, f.SubmittedAt, f.DueDate, f.DueFallback = domain.FilingSubmitted, &now, due.Format("2006-01-02"), fallback
	f.DecidedAt = nil
	if err := q.UpdateFiling(ctx, *f, 0, now); err != nil {
		return err
	}
	if f.Kind == domain.FilingInitial && in.Status != domain.StatusFiled {
		if err := q.SetInstitutionStatus(ctx, in.ID, domain.StatusSubmitted, now); err != nil {
			return err
		}
	}
	return s.audit(ctx, q, a, audit.FilingSubmit, "filing", f.ID, f.RegionCode, in.ID,
		map[string]any{"due_date": f.DueDate, "weekends_only": fallback, "resubmitted": resubmitted, "kind": f.Kind})
}

// RequestCancellation submits a cancellation (注销备案) of a filed institution.
func (s *Service) RequestCancellation(ctx context.Context, a authz.Actor, institutionID int64, reason string) (domain.Filing, error) {
	if err := a.Require(authz.FilingEdit); err != nil {
		return domain.Filing{}, err
	}
	if reason == "" {
		return domain.Filing{}, domain.Invalid("reason", domain.ReasonRequired)
	}
	var id int64
	err := s.DB.Tx(ctx, func(q store.Q) error {
		in, err := q.Institution(ctx, a.Scope(), institutionID)
		if err != nil {
			return err
		}
		last, ok, err := q.LastFiled(ctx, a.Scope(), in.ID)
		if err != nil {
			return err
		}
		if !ok || in.Status != domain.StatusFiled {
			return domain.Conflict("only a filed institution can cancel its filing")
		}
		if _, open, err := q.OpenFiling(ctx, a.Scope(), in.ID); err != nil {
			return err
		} else if open {
			return domain.Conflict("finish or withdraw the filing in progress first")
		}
		version, err := q.MaxFilingVersion(ctx, in.ID)
		if err != nil {
			return err
		}
		f := domain.Filing{InstitutionID: in.ID, RegionCode: in.RegionCode, Version: version + 1, Kind: domain.FilingCancel, Status: domain.FilingDraft, Data: last.Data}
		f.ID, err = q.CreateFiling(ctx, f, a.UserID, s.Now())
		if err != nil {
			return err
		}
		id = f.ID
		if err := s.audit(ctx, q, a, audit.FilingCreate, "filing", f.ID, f.RegionCode, in.ID, map[string]any{"version": f.Version, "kind": f.Kind, "reason": reason}); err != nil {
			return err
		}
		f.ReturnReason = ""
		return s.submit(ctx, q, a, &f, in)
	})
	if err != nil {
		return domain.Filing{}, err
	}
	return s.Filing(ctx, a, id)
}
