package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"tuoyu/internal/billing"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
)

// billingPlan is the month billed: the last full month, billed on the
// first working day of the next at 10:00.
type billingPlan struct {
	Month billing.Month
	Run   time.Time
}

// payment is how a family pays last month's bill.
type payment struct {
	Share  float64 // of the total: 1 paid, 0.5 part paid, 0 not yet
	Method string
	After  int // days after the bills are issued
	Minute int // of the day, China time
}

// billingMonth is the last month whose bills are due by now.
func (g *generator) billingMonth() billingPlan {
	m := billing.MonthOf(g.cal.today)
	for {
		m = billing.MonthOf(m.First().AddDate(0, 0, -1))
		first := m.Last().AddDate(0, 0, 1)
		run := first
		if !g.cal.cal.IsWorkday(run) {
			run = g.cal.after(run, 1)
		}
		if p := (billingPlan{Month: m, Run: at(run, 10, 0)}); !p.Run.After(g.now) {
			return p
		}
	}
}

// planFees sets the fee schedule from the filed fees, in force from the
// day the institution opens: full- and half-day care by the month (with a
// daily meal fee where food is served), hourly care by the hour.
func (g *generator) planFees(op *operation) {
	r := newRand(g.seed, streamBills, op.in.Index)
	d := op.in.Data
	for _, o := range d.CareTypes {
		f := service.NewFee{CareType: o.Type, Unit: domain.FeeMonthly, Amount: billing.YuanText(fmt.Sprintf("%.2f", o.Fee)),
			EffectiveFrom: op.opened.Format(time.DateOnly)}
		switch o.Type {
		case domain.CareHourly:
			f.Unit = domain.FeeHourly
		case domain.CareTemporary:
			f.Unit = domain.FeeDaily
		case domain.CareFullDay:
			if d.ServesFood {
				f.MealFeeDaily = billing.YuanText(fmt.Sprint(between(r, 10, 16)))
			}
		case domain.CareHalfDay:
			if d.ServesFood {
				f.MealFeeDaily = billing.YuanText(fmt.Sprint(between(r, 5, 8)))
			}
		}
		op.fees = append(op.fees, f)
	}
}

// planPayment draws how a family pays: about three in four in full, one
// in ten part, the rest not yet.
func (g *generator) planPayment(r *rand.Rand) payment {
	p := payment{Method: pick(r, []string{domain.PayWechat, domain.PayWechat, domain.PayAlipay, domain.PayBankTransfer, domain.PayCash}),
		After: between(r, 0, 12), Minute: between(r, 8*60, 21*60)}
	switch x := r.Float64(); {
	case x < 0.75:
		p.Share = 1
	case x < 0.86:
		p.Share = 0.5
	}
	return p
}

// createFees has the director enter the fee schedule, in force since the
// institution opened, on the day operations start. An institution with
// 普惠 places then (its filing, or a change filing, may have added them)
// prices each care type at most at its county's cap.
func (g *generator) createFees(op *operation) {
	when := at(op.live, 11, 40)
	for _, f := range op.fees {
		when = when.Add(time.Minute)
		g.add(op, when, func(ctx context.Context, svc *service.Service) error {
			in, err := svc.Institution(ctx, op.in.Director, op.in.ID)
			if err != nil {
				return op.errorf("fee for %s: %w", f.CareType, err)
			}
			if c := demoCap(in.RegionCode, f.CareType); in.Puhui && c > 0 {
				if amount, _ := strconv.ParseFloat(string(f.Amount), 64); amount > c {
					f.Amount = billing.YuanText(fmt.Sprintf("%.2f", c))
				}
			}
			if _, err := svc.CreateFee(ctx, op.in.Director, op.in.ID, f); err != nil {
				return op.errorf("fee for %s: %w", f.CareType, err)
			}
			return nil
		})
	}
}

// bills has the director generate last month's bills on the first working
// day of this month; families then pay through the month, in the app or at
// the desk, as the director records.
func (g *generator) bills(op *operation) {
	b := g.billing
	billed := false
	for _, ch := range op.children {
		billed = billed || !ch.Start.After(b.Month.Last())
	}
	if !billed {
		return
	}
	issued := map[int64]domain.BillOutcome{} // by child id
	g.add(op, b.Run.Add(time.Duration(op.in.Index)*time.Second), func(ctx context.Context, svc *service.Service) error {
		run, err := svc.GenerateBills(ctx, op.in.Director, op.in.ID, b.Month.String())
		if err != nil {
			return op.errorf("bills of %s: %w", b.Month, err)
		}
		for _, o := range run.Created {
			issued[o.ChildID] = o
		}
		return nil
	})
	for _, ch := range op.children {
		p := ch.Pay
		if p.Share == 0 || ch.Start.After(b.Month.Last()) {
			continue
		}
		day := dayOf(b.Run).AddDate(0, 0, p.After)
		when := at(day, 0, p.Minute)
		if when.After(g.now) || !when.After(b.Run) {
			when = b.Run.Add(time.Duration(30+ch.Index%600) * time.Minute)
		}
		g.add(op, when, func(ctx context.Context, svc *service.Service) error {
			o, ok := issued[ch.ID]
			if !ok || o.TotalFen <= 0 {
				return nil // nothing billed
			}
			amount := o.TotalFen
			if p.Share < 1 {
				amount = max(100, o.TotalFen/2/1000*1000) // about half, in tens of yuan
			}
			if amount > o.TotalFen {
				return nil
			}
			paidOn := dayOf(when).Format(time.DateOnly)
			if _, err := svc.RecordPayment(ctx, op.in.Director, o.BillID, service.NewPayment{Amount: billing.YuanText(billing.FormatYuan(amount)),
				PaidOn: paidOn, Method: p.Method}); err != nil {
				return op.errorf("payment of %s's bill: %w", ch.Name, err)
			}
			return nil
		})
	}
}
