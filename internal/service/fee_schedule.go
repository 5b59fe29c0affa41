package service

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/billing"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// NewFee is a fee schedule row as the director enters it: amounts in yuan
// with at most two decimals (a JSON number or string), stored in fen.
type NewFee struct {
	CareType      string           `json:"care_type"`
	Unit          string           `json:"unit"` // monthly, daily or hourly
	Amount        billing.YuanText `json:"amount"`
	MealFeeDaily  billing.YuanText `json:"meal_fee_daily"`
	EffectiveFrom string           `json:"effective_from"`
}

// FeeScheduleView is an institution's fee schedule with the county's 普惠
// price caps and the institution's billing settings.
type FeeScheduleView struct {
	InstitutionID int64                  `json:"institution_id"`
	RegionCode    string                 `json:"region_code"`
	Puhui         bool                   `json:"puhui"`
	Items         []domain.FeeSchedule   `json:"items"`
	PriceCaps     []domain.PriceCap      `json:"price_caps"`
	Settings      domain.BillingSettings `json:"settings"`
}

// unitsFor lists the fee units a care type may be priced in: 计时托 by the
// hour; full- and half-day care by the month or the day; temporary care by
// the day or the hour.
func unitsFor(careType string) []string {
	switch careType {
	case domain.CareHourly:
		return []string{domain.FeeHourly}
	case domain.CareTemporary:
		return []string{domain.FeeDaily, domain.FeeHourly}
	default:
		return []string{domain.FeeMonthly, domain.FeeDaily}
	}
}

// yuan reads an amount field into fen, recording a problem.
func yuan(field string, v billing.YuanText, required, positive bool, p domain.Problems) int64 {
	if strings.TrimSpace(string(v)) == "" {
		if required {
			p.Add(field, domain.ReasonRequired)
		}
		return 0
	}
	fen, err := billing.ParseYuan(string(v))
	switch {
	case errors.Is(err, billing.ErrAmountNegative):
		p.Add(field, domain.ReasonNegative)
	case errors.Is(err, billing.ErrAmountTooLarge):
		p.Add(field, domain.ReasonRange)
	case err != nil:
		p.Add(field, domain.ReasonBillAmount)
	case positive && fen == 0:
		p.Add(field, domain.ReasonBillNotPositive)
	}
	return fen
}

// dateField reads a required date field.
func dateField(field, v string, p domain.Problems) (time.Time, bool) {
	if strings.TrimSpace(v) == "" {
		p.Add(field, domain.ReasonRequired)
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(v))
	if err != nil {
		p.Add(field, domain.ReasonDate)
		return time.Time{}, false
	}
	return t, true
}

// FeeSchedule returns an institution's fee schedule, the county's caps and
// the billing settings; out of scope is not found.
func (s *Service) FeeSchedule(ctx context.Context, a authz.Actor, institutionID int64) (FeeScheduleView, error) {
	if err := a.Require(authz.BillView); err != nil {
		return FeeScheduleView{}, err
	}
	q := s.DB.Read()
	in, err := q.Institution(ctx, a.Scope(), institutionID)
	if err != nil {
		return FeeScheduleView{}, err
	}
	rows, err := q.FeeSchedules(ctx, a.Scope(), in.ID)
	if err != nil {
		return FeeScheduleView{}, err
	}
	today := s.Today().Format(time.DateOnly)
	inForce := map[string]bool{}
	for i := range rows { // newest first per care type
		f := &rows[i]
		f.Amount, f.MealFeeDaily = billing.FormatYuan(f.AmountFen), billing.FormatYuan(f.MealFeeDailyFen)
		if f.EffectiveFrom <= today && !inForce[f.CareType] {
			f.InForce, inForce[f.CareType] = true, true
		}
	}
	caps, err := q.CountyPriceCaps(ctx, in.RegionCode)
	if err != nil {
		return FeeScheduleView{}, err
	}
	markCapsInForce(caps, today)
	settings, err := s.billingSettings(ctx, q, a.Scope(), in.ID)
	if err != nil {
		return FeeScheduleView{}, err
	}
	return FeeScheduleView{InstitutionID: in.ID, RegionCode: in.RegionCode, Puhui: in.Puhui, Items: rows, PriceCaps: caps, Settings: settings}, nil
}

// CreateFee adds a row to an institution's fee schedule. When the
// institution offers 普惠 places, or has 普惠 enrolments of the care type,
// the fee must not exceed the county's cap in force on its first day, and
// must be set in the cap's unit.
func (s *Service) CreateFee(ctx context.Context, a authz.Actor, institutionID int64, n NewFee) (domain.FeeSchedule, error) {
	if err := a.Require(authz.BillEdit); err != nil {
		return domain.FeeSchedule{}, err
	}
	p := domain.Problems{}
	n.CareType, n.Unit = strings.TrimSpace(n.CareType), strings.TrimSpace(n.Unit)
	switch {
	case n.CareType == "":
		p.Add("care_type", domain.ReasonRequired)
	case !contains(domain.CareTypes, n.CareType):
		p.Add("care_type", domain.ReasonNotAllowed)
	}
	switch {
	case n.Unit == "":
		p.Add("unit", domain.ReasonRequired)
	case !contains(domain.FeeUnits, n.Unit):
		p.Add("unit", domain.ReasonNotAllowed)
	case contains(domain.CareTypes, n.CareType) && !contains(unitsFor(n.CareType), n.Unit):
		p.Add("unit", domain.ReasonBillUnitForCare)
	}
	f := domain.FeeSchedule{InstitutionID: institutionID, CareType: n.CareType, Unit: n.Unit}
	f.AmountFen = yuan("amount", n.Amount, true, true, p)
	f.MealFeeDailyFen = yuan("meal_fee_daily", n.MealFeeDaily, false, false, p)
	from, ok := dateField("effective_from", n.EffectiveFrom, p)
	if ok {
		f.EffectiveFrom = from.Format(time.DateOnly)
	}
	// Scope first: an institution out of scope is not found, whatever the body.
	in, err := s.DB.Read().Institution(ctx, a.Scope(), institutionID)
	if err != nil {
		return domain.FeeSchedule{}, err
	}
	if err := p.Err(); err != nil {
		return domain.FeeSchedule{}, err
	}
	err = s.DB.Tx(ctx, func(q store.Q) error {
		in, err := q.Institution(ctx, a.Scope(), in.ID)
		if err != nil {
			return err
		}
		puhui := in.Puhui
		if !puhui {
			count, err := q.CountPuhuiEnrolments(ctx, in.ID, f.CareType, f.EffectiveFrom)
			if err != nil {
				return err
			}
			puhui = count > 0
		}
		if puhui {
			if err := s.CheckPuhuiFee(ctx, q, in.RegionCode, f.CareType, f.Unit, f.AmountFen, f.EffectiveFrom, "amount"); err != nil {
				return err
			}
		}
		now := s.Now()
		f.ID, err = q.CreateFeeSchedule(ctx, f, a.UserID, now)
		if err != nil {
			return err
		}
		f.CreatedAt = now.UTC()
		return s.audit(ctx, q, a, audit.FeeCreate, "fee_schedule", f.ID, in.RegionCode, in.ID, map[string]any{
			"care_type": f.CareType, "unit": f.Unit, "amount_fen": f.AmountFen, "meal_fee_daily_fen": f.MealFeeDailyFen,
			"effective_from": f.EffectiveFrom, "puhui_checked": puhui})
	})
	if err != nil {
		return domain.FeeSchedule{}, err
	}
	f.Amount, f.MealFeeDaily = billing.FormatYuan(f.AmountFen), billing.FormatYuan(f.MealFeeDailyFen)
	f.InForce = f.EffectiveFrom <= s.Today().Format(time.DateOnly)
	return f, nil
}

// CheckPuhuiFee refuses a 普惠 fee above the county's price cap for the
// care type in force on the date (YYYY-MM-DD), or set in another unit than
// the cap's. The refusal is a 422 on field whose message names the cap and
// its source. No cap for the county and care type: nothing to check.
// Enrolment can call it for a 普惠 enrolment's own fee.
func (s *Service) CheckPuhuiFee(ctx context.Context, q store.Q, county, careType, unit string, amountFen int64, on, field string) error {
	day, err := time.Parse(time.DateOnly, on)
	if err != nil {
		return domain.Invalid(field, domain.ReasonDate)
	}
	rows, err := q.CountyPriceCaps(ctx, county)
	if err != nil {
		return err
	}
	c, ok := billing.CapOn(capsOf(rows), careType, day)
	if !ok {
		return nil
	}
	name := fmt.Sprintf("the puhui price cap of %s yuan (%s) for %s care in county %s, in force from %s; source: %s",
		billing.FormatYuan(c.AmountFen), c.Unit, careType, county, c.EffectiveFrom.Format(time.DateOnly), c.Source)
	if c.Unit != unit {
		return &domain.Error{Code: domain.CodeInvalid, Validation: true, Fields: map[string]string{"unit": domain.ReasonBillCapUnit},
			Message: fmt.Sprintf("a puhui fee must be set %s to be checked against %s", c.Unit, name)}
	}
	if amountFen > c.AmountFen {
		return &domain.Error{Code: domain.CodeInvalid, Validation: true, Fields: map[string]string{field: domain.ReasonBillAboveCap},
			Message: fmt.Sprintf("%s yuan is above %s", billing.FormatYuan(amountFen), name)}
	}
	return nil
}

// capsOf converts stored caps for the billing rules.
func capsOf(rows []domain.PriceCap) []billing.Cap {
	out := make([]billing.Cap, 0, len(rows))
	for _, r := range rows {
		from, err := time.Parse(time.DateOnly, r.EffectiveFrom)
		if err != nil {
			continue
		}
		out = append(out, billing.Cap{RegionCode: r.RegionCode, CareType: r.CareType, Unit: r.Unit, AmountFen: r.AmountFen, EffectiveFrom: from, Source: r.Source})
	}
	return out
}

// markCapsInForce fills amounts in yuan and flags, per county and care
// type, the cap in force today. rows are newest first per county and care type.
func markCapsInForce(rows []domain.PriceCap, today string) {
	seen := map[string]bool{}
	for i := range rows {
		c := &rows[i]
		c.Amount = billing.FormatYuan(c.AmountFen)
		k := c.RegionCode + "/" + c.CareType
		if c.EffectiveFrom <= today && !seen[k] {
			c.InForce, seen[k] = true, true
		}
	}
}
