// Package billing computes a child's monthly bill from the enrolment, the
// attendance, the institution's fee schedule, its billing settings and the
// county's 普惠 price caps. It is pure: no database, no clock, no floats in
// any computation; money is integer fen.
//
// The rules (each line of a bill names the rules that produced it):
//
//   - monthly fee ("monthly_fee"): the full fee when the child is enrolled on
//     every working day of the month; otherwise pro-rated by working days
//     ("prorated_enrolment"): fee × enrolled working days ÷ working days of
//     the month, rounded to the fen (half up). Working days follow the
//     official calendar (holidays off, make-up days on).
//   - daily fee ("daily_attendance"): per day attended (a check-in recorded).
//   - hourly fee, 计时托 ("hourly_attendance"): by the time recorded each day
//     (check-out − check-in), rounded up to the institution's rounding unit
//     (30 minutes by default). A day with a check-in but no check-out is not
//     billed and is listed ("hourly_missing_check_out").
//   - meal fee: monthly care pays it for each working day the child is
//     expected ("meal_fee_expected_days"); daily and hourly care for each day
//     attended ("meal_fee_attended_days").
//   - absence refund ("meal_refund_absence", a setting of the institution,
//     on by default): the meal fee of each working day the child was
//     expected and did not come. A day counts as absent once it has passed
//     without a check-in, or when an absence was recorded for it.
//   - agreed fee ("enrolment_agreed_fee"): an enrolment with its own fee
//     (fee_fen > 0) is billed at that fee, in the unit of the schedule.
//   - 普惠 cap ("puhui_price_cap"): a 普惠 enrolment is never billed above the
//     county's cap in force for its care type and unit.
//
// The fee schedule and cap that apply to an enrolment are those in force on
// the first day of the month it is enrolled; a change later in the month
// applies from the next month. When a child changes class or care type
// within a month, each day belongs to the enrolment that started last
// among those covering it, and each enrolment is billed for its own days.
package billing

import (
	"fmt"
	"strings"
	"time"
)

// Fee units.
const (
	UnitMonthly = "monthly"
	UnitDaily   = "daily"
	UnitHourly  = "hourly"
)

// Units lists the fee units.
var Units = []string{UnitMonthly, UnitDaily, UnitHourly}

// Rule codes carried by bill lines.
const (
	RuleMonthlyFee            = "monthly_fee"
	RuleProrated              = "prorated_enrolment"
	RuleDaily                 = "daily_attendance"
	RuleHourly                = "hourly_attendance"
	RuleHourlyMissingCheckOut = "hourly_missing_check_out"
	RuleMealExpected          = "meal_fee_expected_days"
	RuleMealAttended          = "meal_fee_attended_days"
	RuleMealRefund            = "meal_refund_absence"
	RuleAgreedFee             = "enrolment_agreed_fee"
	RulePriceCap              = "puhui_price_cap"
)

// Line kinds name the description template of a line.
const (
	KindMonthlyFull     = "monthly_full"
	KindMonthlyProrated = "monthly_prorated"
	KindDaily           = "daily"
	KindHourly          = "hourly"
	KindHourlyMissing   = "hourly_missing"
	KindMealExpected    = "meal_expected"
	KindMealAttended    = "meal_attended"
	KindMealRefund      = "meal_refund"
)

// Settings are an institution's billing settings.
type Settings struct {
	// RefundMealFeeOnAbsence refunds the meal fee of each absent working
	// day on which the child was expected.
	RefundMealFeeOnAbsence bool `json:"refund_meal_fee_on_absence"`
	// HourlyRoundingMinutes: recorded time is rounded up to a multiple of it.
	HourlyRoundingMinutes int `json:"hourly_rounding_minutes"`
}

// DefaultSettings apply until an institution sets its own.
var DefaultSettings = Settings{RefundMealFeeOnAbsence: true, HourlyRoundingMinutes: 30}

// RoundingChoices are the allowed rounding units, in minutes.
var RoundingChoices = []int{1, 5, 10, 15, 30, 60}

// ValidRounding reports whether m is an allowed rounding unit.
func ValidRounding(m int) bool {
	for _, c := range RoundingChoices {
		if c == m {
			return true
		}
	}
	return false
}

// Calendar says which days are working days (workday.Calendar does).
type Calendar interface {
	IsWorkday(d time.Time) bool
}

// Enrolment is a child's enrolment at the institution. End is the last day
// enrolled (zero: still enrolled).
type Enrolment struct {
	ID       int64
	CareType string
	Start    time.Time
	End      time.Time
	Puhui    bool
	FeeFen   int64
}

// Attendance is the day's record of a child; a record without CheckIn is a
// recorded absence.
type Attendance struct {
	Date     time.Time
	CheckIn  *time.Time
	CheckOut *time.Time
}

// Schedule is one row of the institution's fee schedule.
type Schedule struct {
	CareType      string
	Unit          string
	AmountFen     int64
	MealFeeFen    int64
	EffectiveFrom time.Time
}

// Cap is a county's 普惠 price cap for a care type, in a unit.
type Cap struct {
	RegionCode    string
	CareType      string
	Unit          string
	AmountFen     int64
	EffectiveFrom time.Time
	Source        string
}

// Input is what one child's bill for a month is computed from.
type Input struct {
	Month Month
	// Today: days before it have happened (for absences).
	Today      time.Time
	Calendar   Calendar
	Enrolments []Enrolment  // the child's enrolments at the institution
	Attendance []Attendance // the child's records at the institution
	Schedules  []Schedule   // the institution's fee schedule (all rows)
	Caps       []Cap        // the county's caps (all rows)
	Settings   Settings
}

// Detail is what a line was computed from, so that the bill can state it.
type Detail struct {
	From             string   `json:"from,omitempty"`
	To               string   `json:"to,omitempty"`
	EnrolledWorkdays int      `json:"enrolled_workdays,omitempty"`
	MonthWorkdays    int      `json:"month_workdays,omitempty"`
	Days             int      `json:"days,omitempty"`
	RecordedMinutes  int64    `json:"recorded_minutes,omitempty"`
	BilledMinutes    int64    `json:"billed_minutes,omitempty"`
	RoundingMinutes  int      `json:"rounding_minutes,omitempty"`
	Dates            []string `json:"dates,omitempty"`
	ScheduleFen      int64    `json:"schedule_fen,omitempty"`
	AgreedFen        int64    `json:"agreed_fen,omitempty"`
	CapFen           int64    `json:"cap_fen,omitempty"`
	CapRegion        string   `json:"cap_region,omitempty"`
	CapSource        string   `json:"cap_source,omitempty"`
	CapFrom          string   `json:"cap_effective_from,omitempty"`
}

// Line is one line of a bill.
type Line struct {
	Kind     string
	Rules    []string
	CareType string
	Unit     string
	// Quantity is QuantityNum/QuantityDen: days, hours (minutes/60) or the
	// pro-rated fraction of a month.
	QuantityNum  int64
	QuantityDen  int64
	UnitPriceFen int64
	AmountFen    int64
	Detail       Detail
}

// Quantity is the line's quantity for display (never used to compute money).
func (l Line) Quantity() float64 {
	if l.QuantityDen == 0 {
		return 0
	}
	return float64(l.QuantityNum) / float64(l.QuantityDen)
}

// Result is a computed bill.
type Result struct {
	Lines    []Line
	TotalFen int64
}

// NoScheduleError says that no fee schedule was in force for a care type.
type NoScheduleError struct {
	CareType string
	On       time.Time
}

func (e *NoScheduleError) Error() string {
	return fmt.Sprintf("billing: no fee schedule for %s in force on %s", e.CareType, e.On.Format(time.DateOnly))
}

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func dateStr(t time.Time) string { return t.Format(time.DateOnly) }

func covers(e Enrolment, d time.Time) bool {
	return !day(e.Start).After(d) && (e.End.IsZero() || !d.After(day(e.End)))
}

// ScheduleOn returns the schedule row for a care type in force on a day.
func ScheduleOn(rows []Schedule, careType string, on time.Time) (Schedule, bool) {
	var best Schedule
	found := false
	for _, s := range rows {
		if s.CareType != careType || day(s.EffectiveFrom).After(on) {
			continue
		}
		if !found || s.EffectiveFrom.After(best.EffectiveFrom) {
			best, found = s, true
		}
	}
	return best, found
}

// CapOn returns the cap for a care type in force on a day. ok is false when
// the county has none.
func CapOn(caps []Cap, careType string, on time.Time) (Cap, bool) {
	var best Cap
	found := false
	for _, c := range caps {
		if c.CareType != careType || day(c.EffectiveFrom).After(on) {
			continue
		}
		if !found || c.EffectiveFrom.After(best.EffectiveFrom) {
			best, found = c, true
		}
	}
	return best, found
}

// Compute works out one child's bill for a month.
func Compute(in Input) (Result, error) {
	settings := in.Settings
	if !ValidRounding(settings.HourlyRoundingMinutes) {
		return Result{}, fmt.Errorf("billing: rounding of %d minutes is not allowed", settings.HourlyRoundingMinutes)
	}
	today := day(in.Today)
	days := in.Month.Days()
	monthWorkdays := 0
	for _, d := range days {
		if in.Calendar.IsWorkday(d) {
			monthWorkdays++
		}
	}
	// Each day belongs to the covering enrolment that started last.
	segments := map[int][]time.Time{}
	var order []int
	for _, d := range days {
		owner := -1
		for i, e := range in.Enrolments {
			if !covers(e, d) {
				continue
			}
			if owner < 0 || e.Start.After(in.Enrolments[owner].Start) ||
				(e.Start.Equal(in.Enrolments[owner].Start) && e.ID > in.Enrolments[owner].ID) {
				owner = i
			}
		}
		if owner < 0 {
			continue
		}
		if _, seen := segments[owner]; !seen {
			order = append(order, owner)
		}
		segments[owner] = append(segments[owner], d)
	}
	att := map[string]Attendance{}
	for _, a := range in.Attendance {
		att[dateStr(day(a.Date))] = a
	}
	var res Result
	for _, idx := range order {
		e, segDays := in.Enrolments[idx], segments[idx]
		lines, err := segmentLines(in, settings, e, segDays, monthWorkdays, att, today)
		if err != nil {
			return Result{}, err
		}
		res.Lines = append(res.Lines, lines...)
	}
	for _, l := range res.Lines {
		res.TotalFen += l.AmountFen
	}
	return res, nil
}

func segmentLines(in Input, settings Settings, e Enrolment, segDays []time.Time, monthWorkdays int, att map[string]Attendance, today time.Time) ([]Line, error) {
	first := segDays[0]
	sched, ok := ScheduleOn(in.Schedules, e.CareType, first)
	if !ok {
		return nil, &NoScheduleError{CareType: e.CareType, On: first}
	}
	base := Detail{From: dateStr(first), To: dateStr(segDays[len(segDays)-1])}
	price := sched.AmountFen
	var priceRules []string
	if e.FeeFen > 0 && e.FeeFen != sched.AmountFen {
		price = e.FeeFen
		priceRules = append(priceRules, RuleAgreedFee)
		base.ScheduleFen, base.AgreedFen = sched.AmountFen, e.FeeFen
	}
	if e.Puhui {
		if c, ok := CapOn(in.Caps, e.CareType, first); ok && c.Unit == sched.Unit && price > c.AmountFen {
			if base.ScheduleFen == 0 {
				base.ScheduleFen = sched.AmountFen
			}
			price = c.AmountFen
			priceRules = append(priceRules, RulePriceCap)
			base.CapFen, base.CapRegion, base.CapSource, base.CapFrom = c.AmountFen, c.RegionCode, c.Source, dateStr(c.EffectiveFrom)
		}
	}
	rules := func(rs ...string) []string { return append(rs, priceRules...) }
	mk := func(kind string, rs []string, num, den, unitPrice, amount int64, d Detail) Line {
		return Line{Kind: kind, Rules: rs, CareType: e.CareType, Unit: sched.Unit, QuantityNum: num, QuantityDen: den,
			UnitPriceFen: unitPrice, AmountFen: amount, Detail: d}
	}

	var workdays, attended []time.Time
	var absent []string
	for _, d := range segDays {
		a, recorded := att[dateStr(d)]
		came := recorded && a.CheckIn != nil
		if came {
			attended = append(attended, d)
		}
		if in.Calendar.IsWorkday(d) {
			workdays = append(workdays, d)
			if !came && (recorded || d.Before(today)) {
				absent = append(absent, dateStr(d))
			}
		}
	}
	meal := sched.MealFeeFen
	var out []Line
	switch sched.Unit {
	case UnitMonthly:
		ew := len(workdays)
		if ew == monthWorkdays {
			d := base
			d.EnrolledWorkdays, d.MonthWorkdays = ew, monthWorkdays
			out = append(out, mk(KindMonthlyFull, rules(RuleMonthlyFee), 1, 1, price, price, d))
		} else if ew > 0 {
			d := base
			d.EnrolledWorkdays, d.MonthWorkdays = ew, monthWorkdays
			out = append(out, mk(KindMonthlyProrated, rules(RuleMonthlyFee, RuleProrated), int64(ew), int64(monthWorkdays), price,
				divRound(price*int64(ew), int64(monthWorkdays)), d))
		}
		if meal > 0 && ew > 0 {
			d := Detail{From: base.From, To: base.To, Days: ew}
			out = append(out, mk(KindMealExpected, []string{RuleMealExpected}, int64(ew), 1, meal, meal*int64(ew), d))
			if settings.RefundMealFeeOnAbsence && len(absent) > 0 {
				d := Detail{From: base.From, To: base.To, Days: len(absent), Dates: absent}
				out = append(out, mk(KindMealRefund, []string{RuleMealRefund}, int64(len(absent)), 1, meal, -meal*int64(len(absent)), d))
			}
		}
	case UnitDaily:
		n := int64(len(attended))
		if n > 0 {
			d := base
			d.Days = len(attended)
			out = append(out, mk(KindDaily, rules(RuleDaily), n, 1, price, price*n, d))
		}
		if meal > 0 && n > 0 {
			d := Detail{From: base.From, To: base.To, Days: len(attended)}
			out = append(out, mk(KindMealAttended, []string{RuleMealAttended}, n, 1, meal, meal*n, d))
		}
	case UnitHourly:
		unit := int64(settings.HourlyRoundingMinutes) * 60 // seconds
		var recordedSec, billedMin int64
		var missing []string
		billedDays := 0
		for _, d := range attended {
			a := att[dateStr(d)]
			if a.CheckOut == nil || a.CheckOut.Before(*a.CheckIn) {
				missing = append(missing, dateStr(d))
				continue
			}
			sec := int64(a.CheckOut.Sub(*a.CheckIn) / time.Second)
			recordedSec += sec
			units := (sec + unit - 1) / unit
			billedMin += units * unit / 60
			billedDays++
		}
		if billedDays > 0 {
			d := base
			d.Days, d.RecordedMinutes, d.BilledMinutes, d.RoundingMinutes = billedDays, (recordedSec+59)/60, billedMin, settings.HourlyRoundingMinutes
			out = append(out, mk(KindHourly, rules(RuleHourly), billedMin, 60, price, divRound(price*billedMin, 60), d))
		}
		if len(missing) > 0 {
			d := Detail{From: base.From, To: base.To, Days: len(missing), Dates: missing}
			out = append(out, mk(KindHourlyMissing, []string{RuleHourlyMissingCheckOut}, int64(len(missing)), 1, 0, 0, d))
		}
		if n := int64(len(attended)); meal > 0 && n > 0 {
			d := Detail{From: base.From, To: base.To, Days: len(attended)}
			out = append(out, mk(KindMealAttended, []string{RuleMealAttended}, n, 1, meal, meal*n, d))
		}
	default:
		return nil, fmt.Errorf("billing: unknown fee unit %q", sched.Unit)
	}
	return out, nil
}

// RuleList joins rule codes for storage; SplitRules reads them back.
func RuleList(rules []string) string { return strings.Join(rules, ",") }

// SplitRules reads a stored rule list.
func SplitRules(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}
