package service

import (
	"context"
	"errors"
	"strings"
	"time"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/billing"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Reasons a child's bill was left alone when generating a month.
const (
	SkipStatus          = "status"          // paid, part paid or waived
	SkipPayment         = "payment"         // issued but a payment is recorded
	SkipNoFeeSchedule   = "no_fee_schedule" // no fee schedule in force for the care type
	SkipNothingToBill   = "nothing_to_bill" // the rules give nothing to pay
	SkipBilledElsewhere = "billed_elsewhere"
)

// GenerateBills computes and issues the month's bill (YYYY-MM, not after
// the current month) for every child enrolled at the institution during
// the month, by the rules of internal/billing. It is idempotent:
// regenerating a month replaces only the bills still issued with no
// payment; paid, part-paid and waived bills are never touched and are
// reported as skipped, with the reason. Each bill written and the run
// itself are audited in the same transaction.
func (s *Service) GenerateBills(ctx context.Context, a authz.Actor, institutionID int64, month string) (domain.BillRun, error) {
	if err := a.Require(authz.BillEdit); err != nil {
		return domain.BillRun{}, err
	}
	if _, err := s.DB.Read().Institution(ctx, a.Scope(), institutionID); err != nil {
		return domain.BillRun{}, err
	}
	m, err := billing.ParseMonth(strings.TrimSpace(month))
	if err != nil {
		if strings.TrimSpace(month) == "" {
			return domain.BillRun{}, domain.Invalid("month", domain.ReasonRequired)
		}
		return domain.BillRun{}, domain.Invalid("month", domain.ReasonBillMonth)
	}
	if m.After(billing.MonthOf(s.Today())) {
		return domain.BillRun{}, domain.Invalid("month", domain.ReasonFuture)
	}
	run := domain.BillRun{InstitutionID: institutionID, Month: m.String(), Created: []domain.BillOutcome{}, Replaced: []domain.BillOutcome{},
		Withdrawn: []domain.BillOutcome{}, Skipped: []domain.BillOutcome{}}
	err = s.DB.Tx(ctx, func(q store.Q) error {
		in, err := q.Institution(ctx, a.Scope(), institutionID)
		if err != nil {
			return err
		}
		from, to := m.First().Format(time.DateOnly), m.Last().Format(time.DateOnly)
		enrolments, err := q.BillingEnrolments(ctx, a.Scope(), in.ID, from, to)
		if err != nil {
			return err
		}
		attendance, err := q.BillingAttendance(ctx, a.Scope(), in.ID, from, to)
		if err != nil {
			return err
		}
		feeRows, err := q.FeeSchedules(ctx, a.Scope(), in.ID)
		if err != nil {
			return err
		}
		capRows, err := q.CountyPriceCaps(ctx, in.RegionCode)
		if err != nil {
			return err
		}
		st, err := s.billingSettings(ctx, q, a.Scope(), in.ID)
		if err != nil {
			return err
		}
		base := billing.Input{Month: m, Today: s.Today(), Calendar: s.Calendar, Schedules: schedulesOf(feeRows), Caps: capsOf(capRows),
			Settings: billing.Settings{RefundMealFeeOnAbsence: st.RefundMealFeeOnAbsence, HourlyRoundingMinutes: st.HourlyRoundingMinutes}}

		var order []int64
		names := map[int64]string{}
		byChild := map[int64][]billing.Enrolment{}
		for _, e := range enrolments {
			if _, seen := byChild[e.ChildID]; !seen {
				order = append(order, e.ChildID)
				names[e.ChildID] = e.ChildName
			}
			be, err := enrolmentOf(e)
			if err != nil {
				return err
			}
			byChild[e.ChildID] = append(byChild[e.ChildID], be)
		}
		attByChild := map[int64][]billing.Attendance{}
		for _, r := range attendance {
			d, err := time.Parse(time.DateOnly, r.Date)
			if err != nil {
				continue
			}
			attByChild[r.ChildID] = append(attByChild[r.ChildID], billing.Attendance{Date: d, CheckIn: r.CheckIn, CheckOut: r.CheckOut})
		}
		existing, err := q.MonthBills(ctx, a.Scope(), m.String(), order)
		if err != nil {
			return err
		}
		now := s.Now()
		for _, child := range order {
			o := domain.BillOutcome{ChildID: child, ChildName: names[child]}
			h, has := existing[child]
			if has {
				o.BillID, o.Status, o.TotalFen = h.ID, h.Status, h.TotalFen
				switch {
				case h.InstitutionID != in.ID:
					o.BillID, o.Status, o.TotalFen, o.Reason = 0, "", 0, SkipBilledElsewhere
				case h.Status != domain.BillIssued:
					o.Reason = SkipStatus
				case h.PaidFen > 0 || h.Payments > 0:
					o.Reason = SkipPayment
				}
				if o.Reason != "" {
					run.Skipped = append(run.Skipped, o)
					continue
				}
			}
			input := base
			input.Enrolments, input.Attendance = byChild[child], attByChild[child]
			res, err := billing.Compute(input)
			var nse *billing.NoScheduleError
			if errors.As(err, &nse) {
				o.Reason, o.CareType = SkipNoFeeSchedule, nse.CareType
				run.Skipped = append(run.Skipped, o)
				continue
			}
			if err != nil {
				return err
			}
			lines := billLines(m.String(), res.Lines)
			detail := map[string]any{"month": m.String(), "child_id": child, "total_fen": res.TotalFen, "rules": ruleCodes(lines)}
			switch {
			case res.TotalFen <= 0 && has:
				ok, err := q.DeleteIssuedBill(ctx, h.ID)
				if err != nil {
					return err
				}
				if !ok {
					return domain.Conflict("a bill changed while the month was being generated; try again")
				}
				detail["old_total_fen"] = h.TotalFen
				if err := s.audit(ctx, q, a, audit.BillWithdraw, "bill", h.ID, in.RegionCode, in.ID, detail); err != nil {
					return err
				}
				o.Status, o.TotalFen = "", 0
				run.Withdrawn = append(run.Withdrawn, o)
			case res.TotalFen <= 0:
				o.Reason = SkipNothingToBill
				run.Skipped = append(run.Skipped, o)
			case has:
				ok, err := q.ReplaceIssuedBill(ctx, h.ID, res.TotalFen, now)
				if err != nil {
					return err
				}
				if !ok {
					return domain.Conflict("a bill changed while the month was being generated; try again")
				}
				if err := q.AddBillLines(ctx, h.ID, lines); err != nil {
					return err
				}
				detail["old_total_fen"] = h.TotalFen
				if err := s.audit(ctx, q, a, audit.BillReissue, "bill", h.ID, in.RegionCode, in.ID, detail); err != nil {
					return err
				}
				o.Status, o.TotalFen = domain.BillIssued, res.TotalFen
				run.Replaced = append(run.Replaced, o)
			default:
				id, err := q.CreateBill(ctx, domain.Bill{InstitutionID: in.ID, ChildID: child, Month: m.String(), TotalFen: res.TotalFen}, now)
				if err != nil {
					return err
				}
				if err := q.AddBillLines(ctx, id, lines); err != nil {
					return err
				}
				if err := s.audit(ctx, q, a, audit.BillIssue, "bill", id, in.RegionCode, in.ID, detail); err != nil {
					return err
				}
				o.BillID, o.Status, o.TotalFen = id, domain.BillIssued, res.TotalFen
				run.Created = append(run.Created, o)
			}
		}
		skipped := map[string]int{}
		for _, o := range run.Skipped {
			skipped[o.Reason]++
		}
		return s.audit(ctx, q, a, audit.BillsGenerate, "institution", in.ID, in.RegionCode, in.ID, map[string]any{"month": m.String(),
			"created": len(run.Created), "replaced": len(run.Replaced), "withdrawn": len(run.Withdrawn), "skipped": skipped})
	})
	if err != nil {
		return domain.BillRun{}, err
	}
	return run, nil
}

func enrolmentOf(e store.BillingEnrolment) (billing.Enrolment, error) {
	start, err := time.Parse(time.DateOnly, e.StartDate)
	if err != nil {
		return billing.Enrolment{}, err
	}
	var end time.Time
	if e.EndDate != "" {
		if end, err = time.Parse(time.DateOnly, e.EndDate); err != nil {
			return billing.Enrolment{}, err
		}
	}
	return billing.Enrolment{ID: e.ID, CareType: e.CareType, Start: start, End: end, Puhui: e.Puhui, FeeFen: e.FeeFen}, nil
}

func schedulesOf(rows []domain.FeeSchedule) []billing.Schedule {
	out := make([]billing.Schedule, 0, len(rows))
	for _, r := range rows {
		from, err := time.Parse(time.DateOnly, r.EffectiveFrom)
		if err != nil {
			continue
		}
		out = append(out, billing.Schedule{CareType: r.CareType, Unit: r.Unit, AmountFen: r.AmountFen, MealFeeFen: r.MealFeeDailyFen, EffectiveFrom: from})
	}
	return out
}

func ruleCodes(lines []domain.BillLine) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, l := range lines {
		for _, r := range l.Rules {
			if !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	return out
}
