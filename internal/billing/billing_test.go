package billing

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"tuoyu/internal/workday"
)

// september2026 is the official calendar around September 2026: Sunday
// 09-20 is a make-up working day, 09-25 (Friday) to 09-27 the Mid-Autumn
// holiday. September 2026 has 22 working days: 22 weekdays, less Friday
// the 25th, plus Sunday the 20th.
func september2026() *workday.Calendar {
	d := func(s string, off bool) workday.Day {
		t, _ := time.Parse(time.DateOnly, s)
		return workday.Day{Date: t, OffDay: off}
	}
	return workday.New([]workday.Day{d("2026-09-20", false), d("2026-09-25", true), d("2026-09-26", true), d("2026-09-27", true),
		d("2026-10-01", true), d("2026-10-02", true), d("2026-10-03", true), d("2026-10-04", true), d("2026-10-05", true),
		d("2026-10-06", true), d("2026-10-07", true), d("2026-10-10", false)})
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func at(s string) *time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	t = t.Add(-8 * time.Hour) // as if entered in China time and stored in UTC
	return &t
}

var sep = Month{Year: 2026, Month: time.September}

func input(e ...Enrolment) Input {
	return Input{Month: sep, Today: date("2026-09-30"), Calendar: september2026(), Enrolments: e, Settings: DefaultSettings,
		Schedules: []Schedule{
			{CareType: "full_day", Unit: UnitMonthly, AmountFen: 180000, MealFeeFen: 1500, EffectiveFrom: date("2026-01-01")},
			{CareType: "half_day", Unit: UnitDaily, AmountFen: 6000, MealFeeFen: 800, EffectiveFrom: date("2026-01-01")},
			{CareType: "hourly", Unit: UnitHourly, AmountFen: 3000, EffectiveFrom: date("2026-01-01")},
		}}
}

func compute(t *testing.T, in Input) Result {
	t.Helper()
	r, err := Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	for _, l := range r.Lines {
		sum += l.AmountFen
	}
	if sum != r.TotalFen {
		t.Fatalf("total %d is not the sum of the lines %d", r.TotalFen, sum)
	}
	return r
}

func line(t *testing.T, r Result, kind string) Line {
	t.Helper()
	for _, l := range r.Lines {
		if l.Kind == kind {
			return l
		}
	}
	t.Fatalf("no %s line in %+v", kind, r.Lines)
	return Line{}
}

func hasLine(r Result, kind string) bool {
	for _, l := range r.Lines {
		if l.Kind == kind {
			return true
		}
	}
	return false
}

func TestSeptember2026Has22Workdays(t *testing.T) {
	n := 0
	cal := september2026()
	for _, d := range sep.Days() {
		if cal.IsWorkday(d) {
			n++
		}
	}
	if n != 22 {
		t.Fatalf("September 2026 has %d working days, want 22", n)
	}
}

func TestFullMonth(t *testing.T) {
	in := input(Enrolment{ID: 1, CareType: "full_day", Start: date("2026-03-01")})
	in.Schedules[0].MealFeeFen = 0
	r := compute(t, in)
	if len(r.Lines) != 1 {
		t.Fatalf("lines %+v", r.Lines)
	}
	l := r.Lines[0]
	if l.Kind != KindMonthlyFull || !reflect.DeepEqual(l.Rules, []string{RuleMonthlyFee}) || l.AmountFen != 180000 || l.Quantity() != 1 ||
		l.Detail.EnrolledWorkdays != 22 || l.Detail.MonthWorkdays != 22 {
		t.Fatalf("full month: %+v", l)
	}
	if r.TotalFen != 180000 {
		t.Fatalf("total %d", r.TotalFen)
	}
}

func TestFullMonthWhenEnrolledOnEveryWorkingDay(t *testing.T) {
	// Enrolled from the first to the last day of the month.
	in := input(Enrolment{ID: 1, CareType: "full_day", Start: date("2026-09-01"), End: date("2026-09-30")})
	in.Schedules[0].MealFeeFen = 0
	if l := compute(t, in).Lines[0]; l.Kind != KindMonthlyFull || l.AmountFen != 180000 {
		t.Fatalf("%+v", l)
	}
}

func TestPartialMonthWithAHoliday(t *testing.T) {
	// From Monday 09-21: 21–24 and 28–30 are working days; Friday 25 is the
	// Mid-Autumn holiday. 7 of 22 working days: 1800.00 × 7/22 = 572.7272… → 572.73.
	in := input(Enrolment{ID: 1, CareType: "full_day", Start: date("2026-09-21")})
	in.Schedules[0].MealFeeFen = 0
	r := compute(t, in)
	l := line(t, r, KindMonthlyProrated)
	if !reflect.DeepEqual(l.Rules, []string{RuleMonthlyFee, RuleProrated}) || l.Detail.EnrolledWorkdays != 7 || l.Detail.MonthWorkdays != 22 ||
		l.AmountFen != 57273 || l.QuantityNum != 7 || l.QuantityDen != 22 || l.UnitPriceFen != 180000 || l.Detail.From != "2026-09-21" || l.Detail.To != "2026-09-30" {
		t.Fatalf("prorated: %+v", l)
	}
	// From Saturday 09-19: Sunday 09-20 is a make-up working day, so 8/22.
	in.Enrolments[0].Start = date("2026-09-19")
	if l := line(t, compute(t, in), KindMonthlyProrated); l.Detail.EnrolledWorkdays != 8 || l.AmountFen != 65455 {
		t.Fatalf("with make-up day: %+v", l)
	}
	// Leaving on 09-04 (last day): 4 working days → 1800 × 4/22 = 327.2727… → 327.27.
	in.Enrolments[0] = Enrolment{ID: 1, CareType: "full_day", Start: date("2025-09-01"), End: date("2026-09-04")}
	if l := line(t, compute(t, in), KindMonthlyProrated); l.Detail.EnrolledWorkdays != 4 || l.AmountFen != 32727 {
		t.Fatalf("leaving: %+v", l)
	}
}

func TestHourlyRounding(t *testing.T) {
	in := input(Enrolment{ID: 1, CareType: "hourly", Start: date("2026-09-01")})
	in.Attendance = []Attendance{
		{Date: date("2026-09-01"), CheckIn: at("2026-09-01 08:00"), CheckOut: at("2026-09-01 10:10")}, // 2h10 → 2h30
		{Date: date("2026-09-02"), CheckIn: at("2026-09-02 14:00"), CheckOut: at("2026-09-02 15:00")}, // 1h exactly
		{Date: date("2026-09-03"), CheckIn: at("2026-09-03 09:00")},                                   // no check-out
		{Date: date("2026-09-04")}, // absent
	}
	r := compute(t, in)
	l := line(t, r, KindHourly)
	if !reflect.DeepEqual(l.Rules, []string{RuleHourly}) || l.Detail.BilledMinutes != 210 || l.Detail.RecordedMinutes != 190 || l.Quantity() != 3.5 ||
		l.AmountFen != 10500 || l.Detail.Days != 2 || l.Detail.RoundingMinutes != 30 {
		t.Fatalf("hourly: %+v", l)
	}
	m := line(t, r, KindHourlyMissing)
	if m.AmountFen != 0 || !reflect.DeepEqual(m.Detail.Dates, []string{"2026-09-03"}) || m.Rules[0] != RuleHourlyMissingCheckOut {
		t.Fatalf("missing check-out: %+v", m)
	}
	if r.TotalFen != 10500 {
		t.Fatalf("total %d", r.TotalFen)
	}
	// Rounding to 15 minutes: 2h10 → 2h15; 1h stays: 3.25 h × 30.00 = 97.50.
	in.Settings.HourlyRoundingMinutes = 15
	if l := line(t, compute(t, in), KindHourly); l.Detail.BilledMinutes != 195 || l.AmountFen != 9750 {
		t.Fatalf("15-minute rounding: %+v", l)
	}
	// One second over the hour rounds up to the next unit.
	in.Settings.HourlyRoundingMinutes = 30
	out := in.Attendance[1].CheckOut.Add(time.Second)
	in.Attendance[1].CheckOut = &out
	if l := line(t, compute(t, in), KindHourly); l.Detail.BilledMinutes != 240 {
		t.Fatalf("a second over: %+v", l)
	}
	// Half a fen rounds half up: 25.01/h × 0.5 h = 12.505 → 12.51.
	in.Attendance = in.Attendance[:1]
	in.Attendance[0].CheckOut = at("2026-09-01 08:20")
	in.Schedules[2].AmountFen = 2501
	if l := line(t, compute(t, in), KindHourly); l.AmountFen != 1251 {
		t.Fatalf("half fen: %+v", l)
	}
	in.Settings.HourlyRoundingMinutes = 7
	if _, err := Compute(in); err == nil {
		t.Fatal("a rounding of 7 minutes was accepted")
	}
}

func TestMealRefund(t *testing.T) {
	in := input(Enrolment{ID: 1, CareType: "full_day", Start: date("2026-03-01")})
	cal := september2026()
	absentDays := map[string]bool{"2026-09-10": true, "2026-09-15": true, "2026-09-16": true}
	for _, d := range sep.Days() {
		s := d.Format(time.DateOnly)
		switch {
		case !cal.IsWorkday(d) || s >= "2026-09-30":
			// weekends, holidays and today: nothing recorded
		case s == "2026-09-10":
			in.Attendance = append(in.Attendance, Attendance{Date: d}) // recorded absence
		case absentDays[s]:
			// passed without a check-in
		default:
			in.Attendance = append(in.Attendance, Attendance{Date: d, CheckIn: at(s + " 08:00"), CheckOut: at(s + " 17:00")})
		}
	}
	r := compute(t, in)
	meal := line(t, r, KindMealExpected)
	if meal.AmountFen != 22*1500 || meal.Detail.Days != 22 || meal.Rules[0] != RuleMealExpected {
		t.Fatalf("meal fee: %+v", meal)
	}
	refund := line(t, r, KindMealRefund)
	if refund.AmountFen != -3*1500 || refund.UnitPriceFen != 1500 || refund.QuantityNum != 3 ||
		!reflect.DeepEqual(refund.Detail.Dates, []string{"2026-09-10", "2026-09-15", "2026-09-16"}) || !reflect.DeepEqual(refund.Rules, []string{RuleMealRefund}) {
		t.Fatalf("refund (today, 09-30, is not yet absent): %+v", refund)
	}
	if r.TotalFen != 180000+33000-4500 {
		t.Fatalf("total %d", r.TotalFen)
	}
	// The setting off: no refund.
	in.Settings.RefundMealFeeOnAbsence = false
	r = compute(t, in)
	if hasLine(r, KindMealRefund) || r.TotalFen != 180000+33000 {
		t.Fatalf("refund with the setting off: %+v", r.Lines)
	}
	// A recorded absence on a day yet to come counts.
	in.Settings.RefundMealFeeOnAbsence = true
	in.Today = date("2026-09-12")
	r = compute(t, in)
	if l := line(t, r, KindMealRefund); !reflect.DeepEqual(l.Detail.Dates, []string{"2026-09-10"}) {
		t.Fatalf("as of 09-12: %+v", l)
	}
}

func TestDailyCountsDaysAttended(t *testing.T) {
	in := input(Enrolment{ID: 1, CareType: "half_day", Start: date("2026-09-01")})
	in.Attendance = []Attendance{
		{Date: date("2026-09-01"), CheckIn: at("2026-09-01 08:00")},
		{Date: date("2026-09-02"), CheckIn: at("2026-09-02 08:00")},
		{Date: date("2026-09-03")},
	}
	r := compute(t, in)
	if l := line(t, r, KindDaily); l.AmountFen != 12000 || l.Detail.Days != 2 || l.Rules[0] != RuleDaily {
		t.Fatalf("daily: %+v", l)
	}
	if l := line(t, r, KindMealAttended); l.AmountFen != 1600 {
		t.Fatalf("meals: %+v", l)
	}
	if r.TotalFen != 13600 {
		t.Fatalf("total %d", r.TotalFen)
	}
}

func TestPuhuiCapAndAgreedFee(t *testing.T) {
	in := input(Enrolment{ID: 1, CareType: "full_day", Start: date("2026-03-01"), Puhui: true})
	in.Schedules[0].MealFeeFen = 0
	in.Caps = []Cap{
		{RegionCode: "610602", CareType: "full_day", Unit: UnitMonthly, AmountFen: 200000, EffectiveFrom: date("2025-01-01"), Source: "old"},
		{RegionCode: "610602", CareType: "full_day", Unit: UnitMonthly, AmountFen: 150000, EffectiveFrom: date("2026-09-01"), Source: "延发改价格〔2026〕1号"},
		{RegionCode: "610602", CareType: "full_day", Unit: UnitMonthly, AmountFen: 100000, EffectiveFrom: date("2026-10-01"), Source: "later"},
	}
	l := compute(t, in).Lines[0]
	if l.AmountFen != 150000 || !reflect.DeepEqual(l.Rules, []string{RuleMonthlyFee, RulePriceCap}) || l.Detail.CapSource != "延发改价格〔2026〕1号" ||
		l.Detail.ScheduleFen != 180000 || l.Detail.CapFen != 150000 {
		t.Fatalf("capped: %+v", l)
	}
	// Not 普惠: the schedule applies.
	in.Enrolments[0].Puhui = false
	if l := compute(t, in).Lines[0]; l.AmountFen != 180000 || len(l.Rules) != 1 {
		t.Fatalf("not puhui: %+v", l)
	}
	// An agreed fee below the cap.
	in.Enrolments[0] = Enrolment{ID: 1, CareType: "full_day", Start: date("2026-03-01"), Puhui: true, FeeFen: 120000}
	if l := compute(t, in).Lines[0]; l.AmountFen != 120000 || !reflect.DeepEqual(l.Rules, []string{RuleMonthlyFee, RuleAgreedFee}) {
		t.Fatalf("agreed: %+v", l)
	}
	// A cap in another unit is not compared.
	in.Enrolments[0].FeeFen = 0
	in.Caps = []Cap{{CareType: "full_day", Unit: UnitDaily, AmountFen: 5000, EffectiveFrom: date("2025-01-01")}}
	if l := compute(t, in).Lines[0]; l.AmountFen != 180000 {
		t.Fatalf("cap in another unit: %+v", l)
	}
}

func TestClassChangeSplitsTheMonth(t *testing.T) {
	// The first enrolment ends on 09-10 and the next starts that day: the
	// day belongs to the later one. 09-01..09-09: 7 working days; 09-10..30: 15.
	in := input(Enrolment{ID: 1, CareType: "full_day", Start: date("2026-03-01"), End: date("2026-09-10")},
		Enrolment{ID: 2, CareType: "half_day", Start: date("2026-09-10")})
	in.Schedules[0].MealFeeFen = 0
	in.Attendance = []Attendance{{Date: date("2026-09-10"), CheckIn: at("2026-09-10 08:00")}, {Date: date("2026-09-11"), CheckIn: at("2026-09-11 08:00")}}
	r := compute(t, in)
	m := line(t, r, KindMonthlyProrated)
	if m.Detail.EnrolledWorkdays != 7 || m.Detail.To != "2026-09-09" || m.AmountFen != divRound(180000*7, 22) {
		t.Fatalf("first part: %+v", m)
	}
	if d := line(t, r, KindDaily); d.Detail.Days != 2 || d.Detail.From != "2026-09-10" {
		t.Fatalf("second part: %+v", d)
	}
}

func TestScheduleInForceOnTheFirstDay(t *testing.T) {
	in := input(Enrolment{ID: 1, CareType: "full_day", Start: date("2026-03-01")})
	in.Schedules[0].MealFeeFen = 0
	in.Schedules = append(in.Schedules,
		Schedule{CareType: "full_day", Unit: UnitMonthly, AmountFen: 190000, EffectiveFrom: date("2026-09-01")},
		Schedule{CareType: "full_day", Unit: UnitMonthly, AmountFen: 250000, EffectiveFrom: date("2026-09-15")})
	if l := compute(t, in).Lines[0]; l.AmountFen != 190000 {
		t.Fatalf("schedule: %+v", l)
	}
	in.Enrolments[0].CareType = "temporary"
	_, err := Compute(in)
	var nse *NoScheduleError
	if !errors.As(err, &nse) || nse.CareType != "temporary" {
		t.Fatalf("no schedule: %v", err)
	}
}

func TestNotEnrolledInTheMonth(t *testing.T) {
	in := input(Enrolment{ID: 1, CareType: "full_day", Start: date("2026-10-08")})
	if r := compute(t, in); len(r.Lines) != 0 || r.TotalFen != 0 {
		t.Fatalf("%+v", r)
	}
}

func TestYuan(t *testing.T) {
	for s, want := range map[string]int64{"1800": 180000, "1800.5": 180050, "1800.50": 180050, "0.01": 1, "0": 0, " 12.3 ": 1230, "10000000": MaxFen} {
		got, err := ParseYuan(s)
		if err != nil || got != want {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	for s, want := range map[string]error{"": ErrAmountFormat, "1.234": ErrAmountFormat, "1e3": ErrAmountFormat, "1.": ErrAmountFormat, ".5": ErrAmountFormat,
		"abc": ErrAmountFormat, "-1": ErrAmountNegative, "10000000.01": ErrAmountTooLarge, "99999999999999": ErrAmountTooLarge, "+1": ErrAmountFormat, "1,000": ErrAmountFormat} {
		if _, err := ParseYuan(s); !errors.Is(err, want) {
			t.Errorf("ParseYuan(%q): %v, want %v", s, err, want)
		}
	}
	for fen, want := range map[int64]string{180050: "1800.50", 1: "0.01", 0: "0.00", -4500: "-45.00", 57273: "572.73"} {
		if got := FormatYuan(fen); got != want {
			t.Errorf("FormatYuan(%d) = %q, want %q", fen, got, want)
		}
	}
	if divRound(5, 2) != 3 || divRound(-5, 2) != -3 || divRound(4, 3) != 1 {
		t.Fatal("divRound")
	}
}

func TestMonth(t *testing.T) {
	m, err := ParseMonth("2026-02")
	if err != nil || m.Last().Day() != 28 || len(m.Days()) != 28 || m.String() != "2026-02" {
		t.Fatalf("%v %v", m, err)
	}
	for _, bad := range []string{"2026-13", "2026-9", "202609", "2026-09-01", ""} {
		if _, err := ParseMonth(bad); err == nil {
			t.Errorf("ParseMonth(%q) accepted", bad)
		}
	}
	if !(Month{2026, 10}).After(Month{2026, 9}) || (Month{2026, 9}).After(Month{2026, 9}) {
		t.Fatal("After")
	}
}
