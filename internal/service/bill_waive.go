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

// WaiveBill waives what is outstanding on an issued or part-paid bill,
// with a reason; payments already recorded stay.
func (s *Service) WaiveBill(ctx context.Context, a authz.Actor, billID int64, reason string) (domain.Bill, error) {
	if err := a.Require(authz.BillEdit); err != nil {
		return domain.Bill{}, err
	}
	reason = strings.TrimSpace(reason)
	p := domain.Problems{}
	switch {
	case reason == "":
		p.Add("reason", domain.ReasonRequired)
	case utf8.RuneCountInString(reason) > 500:
		p.Add("reason", domain.ReasonTooLong)
	}
	err := s.DB.Tx(ctx, func(q store.Q) error {
		b, err := q.Bill(ctx, a.Scope(), billID)
		if err != nil {
			return err
		}
		if err := p.Err(); err != nil {
			return err
		}
		switch b.Status {
		case domain.BillPaid:
			return domain.Conflict("the bill is paid")
		case domain.BillWaived:
			return domain.Conflict("the bill is already waived")
		}
		ok, err := q.WaiveBill(ctx, b.ID, reason, a.UserID, s.Now())
		if err != nil {
			return err
		}
		if !ok {
			return domain.Conflict("the bill changed meanwhile; reload it")
		}
		return s.audit(ctx, q, a, audit.BillWaive, "bill", b.ID, b.RegionCode, b.InstitutionID, map[string]any{
			"reason": reason, "total_fen": b.TotalFen, "paid_fen": b.PaidFen, "waived_fen": b.TotalFen - b.PaidFen,
			"status": map[string]string{"old": b.Status, "new": domain.BillWaived}})
	})
	if err != nil {
		return domain.Bill{}, err
	}
	return s.Bill(ctx, a, billID)
}
