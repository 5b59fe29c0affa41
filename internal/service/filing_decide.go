package service

import (
	"context"
	"strings"
	"unicode/utf8"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Decision is the county's answer to a submitted filing.
type Decision struct {
	Decision string `json:"decision"` // "file" or "return"
	Reason   string `json:"reason"`
	// ItemReasons gives a reason per form field or material type that must be corrected.
	ItemReasons map[string]string `json:"item_reasons"`
}

// DecideFiling files a submitted filing, issuing a receipt number, or
// returns it with reasons. Filing a cancellation cancels the institution.
func (s *Service) DecideFiling(ctx context.Context, a authz.Actor, id int64, d Decision) (domain.Filing, error) {
	if err := a.Require(authz.FilingReview); err != nil {
		return domain.Filing{}, err
	}
	p := domain.Problems{}
	d.Reason = strings.TrimSpace(d.Reason)
	switch d.Decision {
	case "file":
	case "return":
		if d.Reason == "" {
			p.Add("reason", domain.ReasonRequired)
		}
	default:
		p.Add("decision", domain.ReasonNotAllowed)
	}
	if utf8.RuneCountInString(d.Reason) > 2000 {
		p.Add("reason", domain.ReasonTooLong)
	}
	items := map[string]string{}
	for k, v := range d.ItemReasons {
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if v == "" {
			continue
		}
		if utf8.RuneCountInString(k) > 60 || utf8.RuneCountInString(v) > 500 {
			p.Add("item_reasons", domain.ReasonTooLong)
		}
		items[k] = v
	}
	if err := p.Err(); err != nil {
		return domain.Filing{}, err
	}
	err := s.DB.Tx(ctx, func(q store.Q) error {
		f, err := q.Filing(ctx, a.Scope(), id)
		if err != nil {
			return err
		}
		if f.Status != domain.FilingSubmitted {
			return domain.Conflict("only a submitted filing can be decided")
		}
		in, err := q.Institution(ctx, a.Scope(), f.InstitutionID)
		if err != nil {
			return err
		}
		now := s.Now()
		f.DecidedAt = &now
		today := s.Today()
		detail := map[string]any{"decision": d.Decision, "kind": f.Kind, "due_date": f.DueDate, "late": today.Format("2006-01-02") > f.DueDate}
		if d.Decision == "return" {
			f.Status, f.ReturnReason, f.ItemReasons = domain.FilingReturned, d.Reason, items
			if f.Kind == domain.FilingInitial && in.Status != domain.StatusFiled {
				if err := q.SetInstitutionStatus(ctx, in.ID, domain.StatusReturned, now); err != nil {
					return err
				}
			}
			detail["reason"], detail["item_reasons"] = d.Reason, items
		} else {
			f.Status, f.ReturnReason, f.ItemReasons = domain.FilingFiled, "", map[string]string{}
			switch f.Kind {
			case domain.FilingCancel:
				if err := q.SetInstitutionStatus(ctx, in.ID, domain.StatusCancelled, now); err != nil {
					return err
				}
			default:
				f.ReceiptNo, err = q.NextReceiptNo(ctx, f.RegionCode, today.Year())
				if err != nil {
					return err
				}
				if err := q.ApplyFiling(ctx, in.ID, f.Data, f.RegionCode, f.ReceiptNo, today.Format("2006-01-02"), now); err != nil {
					return err
				}
				detail["receipt_no"] = f.ReceiptNo
			}
		}
		if err := q.UpdateFiling(ctx, f, a.UserID, now); err != nil {
			return err
		}
		action := audit.FilingFile
		if d.Decision == "return" {
			action = audit.FilingReturn
		}
		return s.audit(ctx, q, a, action, "filing", f.ID, f.RegionCode, in.ID, detail)
	})
	if err != nil {
		return domain.Filing{}, err
	}
	return s.Filing(ctx, a, id)
}
