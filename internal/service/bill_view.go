package service

import (
	"context"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/billing"
	"tuoyu/internal/domain"
)

func checkBillFilter(f *domain.BillFilter) error {
	p := domain.Problems{}
	f.Month, f.Status = strings.TrimSpace(f.Month), strings.TrimSpace(f.Status)
	if f.Month != "" {
		m, err := billing.ParseMonth(f.Month)
		if err != nil {
			p.Add("month", domain.ReasonBillMonth)
		} else {
			f.Month = m.String()
		}
	}
	if f.Status != "" && !contains(domain.BillStatuses, f.Status) {
		p.Add("status", domain.ReasonNotAllowed)
	}
	return p.Err()
}

// InstitutionBills lists an institution's bills, optionally of one month
// and state; an institution out of scope is not found.
func (s *Service) InstitutionBills(ctx context.Context, a authz.Actor, institutionID int64, f domain.BillFilter, page domain.Page) ([]domain.Bill, int, error) {
	if err := a.Require(authz.BillView); err != nil {
		return nil, 0, err
	}
	q := s.DB.Read()
	in, err := q.Institution(ctx, a.Scope(), institutionID)
	if err != nil {
		return nil, 0, err
	}
	if err := checkBillFilter(&f); err != nil {
		return nil, 0, err
	}
	bills, total, err := q.ListBills(ctx, a.Scope(), in.ID, f, page, false)
	for i := range bills {
		finishBill(&bills[i])
	}
	return bills, total, err
}

// Bill returns a bill with its lines and payments; out of scope is not found.
func (s *Service) Bill(ctx context.Context, a authz.Actor, id int64) (domain.Bill, error) {
	if err := a.Require(authz.BillView); err != nil {
		return domain.Bill{}, err
	}
	q := s.DB.Read()
	b, err := q.Bill(ctx, a.Scope(), id)
	if err != nil {
		return domain.Bill{}, err
	}
	finishBill(&b)
	// How to pay, as the institution wrote it (none: the page's general words).
	st, err := s.billingSettings(ctx, q, a.Scope(), b.InstitutionID)
	if err != nil {
		return domain.Bill{}, err
	}
	b.HowToPay = st.PaymentInstructions
	return b, nil
}

// OwnBills lists the bills of a guardian's own children, with their lines
// and payments.
func (s *Service) OwnBills(ctx context.Context, a authz.Actor, f domain.BillFilter, page domain.Page) ([]domain.Bill, int, error) {
	if err := a.Require(authz.OwnChildren); err != nil {
		return nil, 0, err
	}
	if err := checkBillFilter(&f); err != nil {
		return nil, 0, err
	}
	bills, total, err := s.DB.Read().ListBills(ctx, a.Scope(), 0, f, page, true)
	for i := range bills {
		finishBill(&bills[i])
	}
	return bills, total, err
}

// OwnBill returns one bill of a guardian's own child; any other is not found.
func (s *Service) OwnBill(ctx context.Context, a authz.Actor, id int64) (domain.Bill, error) {
	if err := a.Require(authz.OwnChildren); err != nil {
		return domain.Bill{}, err
	}
	q := s.DB.Read()
	b, err := q.Bill(ctx, a.Scope(), id)
	if err != nil {
		return domain.Bill{}, err
	}
	finishBill(&b)
	// How to pay, as the institution wrote it (none: the page's general words).
	st, err := s.billingSettings(ctx, q, a.Scope(), b.InstitutionID)
	if err != nil {
		return domain.Bill{}, err
	}
	b.HowToPay = st.PaymentInstructions
	return b, nil
}

// BillMonthTotals adds up an institution's bills per month, the latest
// twelve months or the month of the filter; out of scope is not found.
func (s *Service) BillMonthTotals(ctx context.Context, a authz.Actor, institutionID int64, f domain.BillFilter) ([]domain.BillMonthTotal, error) {
	if err := a.Require(authz.BillView); err != nil {
		return nil, err
	}
	q := s.DB.Read()
	in, err := q.Institution(ctx, a.Scope(), institutionID)
	if err != nil {
		return nil, err
	}
	if err := checkBillFilter(&f); err != nil {
		return nil, err
	}
	out, err := q.BillMonthTotals(ctx, a.Scope(), in.ID, f.Month, 12)
	for i := range out {
		t := &out[i]
		t.Billed, t.Collected, t.Outstanding, t.Waived = billing.FormatYuan(t.BilledFen), billing.FormatYuan(t.CollectedFen), billing.FormatYuan(t.OutstandingFen), billing.FormatYuan(t.WaivedFen)
	}
	return out, err
}
