package service

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/billing"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// NewPayment is a payment recorded by hand (there is no payment gateway):
// amount in yuan (more than zero, at most what is outstanding), the date
// paid (not in the future) and the method.
type NewPayment struct {
	Amount billing.YuanText `json:"amount"`
	PaidOn string           `json:"paid_on"`
	Method string           `json:"method"` // cash, bank_transfer, wechat, alipay, other
	Note   string           `json:"note"`
}

// RecordPayment records a payment against a bill: part paid until the
// payments reach the total, then paid. Overpayment is refused; a paid or
// waived bill takes no payment.
func (s *Service) RecordPayment(ctx context.Context, a authz.Actor, billID int64, n NewPayment) (domain.Bill, error) {
	if err := a.Require(authz.BillEdit); err != nil {
		return domain.Bill{}, err
	}
	p := domain.Problems{}
	pay := domain.Payment{BillID: billID, Method: strings.TrimSpace(n.Method), Note: strings.TrimSpace(n.Note)}
	pay.AmountFen = yuan("amount", n.Amount, true, true, p)
	if d, ok := dateField("paid_on", n.PaidOn, p); ok {
		if d.After(s.Today()) {
			p.Add("paid_on", domain.ReasonFuture)
		}
		pay.PaidOn = d.Format(time.DateOnly)
	}
	switch {
	case pay.Method == "":
		p.Add("method", domain.ReasonRequired)
	case !contains(domain.PaymentMethods, pay.Method):
		p.Add("method", domain.ReasonNotAllowed)
	}
	if utf8.RuneCountInString(pay.Note) > 500 {
		p.Add("note", domain.ReasonTooLong)
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
			return domain.Conflict("the bill is waived")
		}
		owed := b.TotalFen - b.PaidFen
		if pay.AmountFen > owed {
			return &domain.Error{Code: domain.CodeInvalid, Validation: true, Fields: map[string]string{"amount": domain.ReasonBillExceedsOwed},
				Message: fmt.Sprintf("%s yuan is more than the %s yuan outstanding", billing.FormatYuan(pay.AmountFen), billing.FormatYuan(owed))}
		}
		now := s.Now()
		paid, status, ok, err := q.ApplyPayment(ctx, b.ID, pay.AmountFen, now)
		if err != nil {
			return err
		}
		if !ok {
			return domain.Conflict("the bill changed meanwhile; reload it")
		}
		id, err := q.AddPayment(ctx, pay, a.UserID, now)
		if err != nil {
			return err
		}
		return s.audit(ctx, q, a, audit.BillPayment, "bill", b.ID, b.RegionCode, b.InstitutionID, map[string]any{
			"payment_id": id, "amount_fen": pay.AmountFen, "paid_on": pay.PaidOn, "method": pay.Method, "note": pay.Note,
			"paid_fen": paid, "total_fen": b.TotalFen, "status": map[string]string{"old": b.Status, "new": status}})
	})
	if err != nil {
		return domain.Bill{}, err
	}
	return s.Bill(ctx, a, billID)
}
