package service

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"tuoyu/internal/billing"
	"tuoyu/internal/domain"
	"tuoyu/internal/i18n"
)

// describeLine states a computed line's rule with its figures, in one language.
func describeLine(lang, month string, l billing.Line) string {
	d := l.Detail
	care := i18n.T(lang, l.CareType)
	var s string
	switch l.Kind {
	case billing.KindMonthlyFull:
		s = i18n.T(lang, "bill.line.monthly_full", care, month, d.EnrolledWorkdays)
	case billing.KindMonthlyProrated:
		s = i18n.T(lang, "bill.line.monthly_prorated", care, d.EnrolledWorkdays, d.MonthWorkdays, d.From, d.To)
	case billing.KindDaily:
		s = i18n.T(lang, "bill.line.daily", care, d.Days)
	case billing.KindHourly:
		s = i18n.T(lang, "bill.line.hourly", care, hoursText(d.BilledMinutes), d.RoundingMinutes, d.Days)
	case billing.KindHourlyMissing:
		s = i18n.T(lang, "bill.line.hourly_missing", d.Days, strings.Join(d.Dates, ", "))
	case billing.KindMealExpected:
		s = i18n.T(lang, "bill.line.meal_expected", d.Days)
	case billing.KindMealAttended:
		s = i18n.T(lang, "bill.line.meal_attended", d.Days)
	case billing.KindMealRefund:
		s = i18n.T(lang, "bill.line.meal_refund", d.Days, strings.Join(d.Dates, ", "))
	default:
		s = strings.Join(l.Rules, ", ")
	}
	if d.AgreedFen > 0 {
		s += i18n.T(lang, "bill.line.agreed", billing.FormatYuan(d.AgreedFen), billing.FormatYuan(d.ScheduleFen))
	}
	if d.CapFen > 0 {
		s += i18n.T(lang, "bill.line.capped", billing.FormatYuan(d.CapFen), d.CapSource, d.CapFrom)
	}
	return s
}

// hoursText writes minutes as hours with at most two decimals: 210 → "3.5".
func hoursText(minutes int64) string {
	h, rem := minutes/60, minutes%60
	if rem == 0 {
		return fmt.Sprint(h)
	}
	frac := (rem*100*2 + 60) / 120
	s := fmt.Sprintf("%d.%02d", h, frac)
	return strings.TrimSuffix(s, "0")
}

// billLines turns computed lines into stored lines with descriptions in
// both languages.
func billLines(month string, lines []billing.Line) []domain.BillLine {
	out := make([]domain.BillLine, 0, len(lines))
	for _, l := range lines {
		var detail map[string]any
		if b, err := json.Marshal(l.Detail); err == nil {
			_ = json.Unmarshal(b, &detail)
		}
		out = append(out, domain.BillLine{CareType: l.CareType, Rules: l.Rules, Description: describeLine("zh", month, l),
			DescriptionEN: describeLine("en", month, l), Quantity: math.Round(l.Quantity()*10000) / 10000,
			UnitPriceFen: l.UnitPriceFen, AmountFen: l.AmountFen, Amount: billing.FormatYuan(l.AmountFen), Detail: detail})
	}
	return out
}

// finishBill fills in what is derived: the outstanding amount and the
// amounts in yuan.
func finishBill(b *domain.Bill) {
	if b.Status == domain.BillIssued || b.Status == domain.BillPartPaid {
		b.OutstandingFen = max(b.TotalFen-b.PaidFen, 0)
	}
	b.Total, b.Paid, b.Outstanding = billing.FormatYuan(b.TotalFen), billing.FormatYuan(b.PaidFen), billing.FormatYuan(b.OutstandingFen)
	for i := range b.Lines {
		b.Lines[i].Amount = billing.FormatYuan(b.Lines[i].AmountFen)
	}
	for i := range b.Payments {
		b.Payments[i].Amount = billing.FormatYuan(b.Payments[i].AmountFen)
	}
}
