package workday

import (
	"math"
	"testing"
	"time"
)

// Behaviour tests on small hand-made calendars. The official 2019–2026
// calendars are tested in official_test.go.

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// The day-number arithmetic must agree with the time package (Unix days) and
// its weekdays, over four centuries either side of the data.
func TestDayNumbersMatchTimePackage(t *testing.T) {
	for d := date(1600, 1, 1); d.Year() <= 2400; d = d.AddDate(0, 0, 1) {
		n := dayNumber(d)
		if want := d.Unix() / 86400; n != want {
			t.Fatalf("%s: day number %d, want %d", d.Format(time.DateOnly), n, want)
		}
		if back := dateOf(n, time.UTC); !back.Equal(d) {
			t.Fatalf("%s: round trip gave %s", d.Format(time.DateOnly), back.Format(time.DateOnly))
		}
		wantWeekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
		if isWeekend(n) != wantWeekend {
			t.Fatalf("%s (%s): isWeekend = %v", d.Format(time.DateOnly), d.Weekday(), isWeekend(n))
		}
	}
}

func TestWeekdaysBeforeCountsMondayToFriday(t *testing.T) {
	var count int64
	for n := int64(-30); n <= 30; n++ {
		// count = weekdays in [-30, n)
		if got := weekdaysBefore(n) - weekdaysBefore(-30); got != count {
			t.Fatalf("weekdays in [-30, %d) = %d, want %d", n, got, count)
		}
		if !isWeekend(n) {
			count++
		}
	}
}

func TestIsWorkday(t *testing.T) {
	cal := New([]Day{
		{Date: date(2030, 10, 1), OffDay: true, Name: "holiday on a Tuesday"},
		{Date: date(2030, 10, 5), OffDay: true, Name: "holiday on a Saturday"},
		{Date: date(2030, 10, 12), OffDay: false, Name: "make-up Saturday"},
	})
	cases := []struct {
		day  time.Time
		want bool
	}{
		{date(2030, 9, 30), true},   // Monday
		{date(2030, 10, 1), false},  // Tuesday, holiday
		{date(2030, 10, 5), false},  // Saturday, holiday
		{date(2030, 10, 6), false},  // Sunday
		{date(2030, 10, 12), true},  // Saturday, make-up day
		{date(2030, 10, 13), false}, // Sunday
	}
	for _, c := range cases {
		if got := cal.IsWorkday(c.day); got != c.want {
			t.Errorf("IsWorkday(%s %s) = %v, want %v", c.day.Format(time.DateOnly), c.day.Weekday(), got, c.want)
		}
	}
	if d, ok := cal.Entry(date(2030, 10, 12)); !ok || d.Name != "make-up Saturday" {
		t.Errorf("Entry(2030-10-12) = %+v, %v", d, ok)
	}
	if _, ok := cal.Entry(date(2030, 10, 2)); ok {
		t.Error("Entry(2030-10-02) found an entry")
	}
}

// Only the calendar date in the time's own location matters, both for the
// entries and for the questions.
func TestDatesAreCalendarDatesInTheirOwnLocation(t *testing.T) {
	beijing := time.FixedZone("UTC+8", 8*3600)
	cal := New([]Day{{Date: time.Date(2030, 10, 1, 23, 30, 0, 0, beijing), OffDay: true}}) // Tuesday
	// 2030-10-02 00:30 in UTC+8 is 2030-10-01 16:30 UTC.
	instant := time.Date(2030, 10, 2, 0, 30, 0, 0, beijing)
	if !cal.IsWorkday(instant) {
		t.Error("2030-10-02 (UTC+8) should be a working day")
	}
	if cal.IsWorkday(instant.UTC()) {
		t.Error("2030-10-01 (UTC) is the holiday")
	}
	due, _ := cal.AddWorkdays(time.Date(2030, 9, 30, 18, 45, 0, 0, beijing), 1)
	if want := time.Date(2030, 10, 2, 0, 0, 0, 0, beijing); !due.Equal(want) || due.Location() != beijing {
		t.Errorf("due = %v, want %v in the start's location", due, want)
	}
}

func TestAddWorkdaysZeroAndNegative(t *testing.T) {
	cal := New([]Day{
		{Date: date(2030, 10, 1), OffDay: true},
		{Date: date(2030, 10, 12), OffDay: false},
	})
	// n = 0 is the start date itself; nothing is counted, so no fallback
	// even in an unpublished year.
	for _, start := range []time.Time{date(2030, 10, 5), time.Date(2031, 3, 8, 15, 4, 0, 0, time.UTC)} {
		due, fallback := cal.AddWorkdays(start, 0)
		y, m, d := start.Date()
		if !due.Equal(date(y, m, d)) || fallback {
			t.Errorf("AddWorkdays(%s, 0) = %s, %v", start, due, fallback)
		}
	}
	cases := []struct {
		start time.Time
		n     int
		want  time.Time
	}{
		{date(2030, 10, 2), -1, date(2030, 9, 30)},   // skips the Tuesday holiday
		{date(2030, 10, 14), -1, date(2030, 10, 12)}, // make-up Saturday counts
		{date(2030, 10, 13), -1, date(2030, 10, 12)},
		{date(2030, 10, 14), -2, date(2030, 10, 11)},
		{date(2030, 9, 30), 1, date(2030, 10, 2)},
		{date(2030, 10, 11), 1, date(2030, 10, 12)},
	}
	for _, c := range cases {
		due, fallback := cal.AddWorkdays(c.start, c.n)
		if !due.Equal(c.want) || fallback {
			t.Errorf("AddWorkdays(%s, %d) = %s, %v; want %s, false", c.start.Format(time.DateOnly), c.n, due.Format(time.DateOnly), fallback, c.want.Format(time.DateOnly))
		}
	}
}

func TestFallbackOnlyForYearsCrossed(t *testing.T) {
	cal := New([]Day{{Date: date(2030, 10, 1), OffDay: true}})
	cases := []struct {
		start        time.Time
		n            int
		want         time.Time
		wantFallback bool
	}{
		{date(2030, 12, 30), 1, date(2030, 12, 31), false},
		{date(2030, 12, 31), 1, date(2031, 1, 1), true}, // 2031 has no calendar
		// Start in an unpublished year, but every day examined is in 2030.
		{date(2029, 12, 31), 1, date(2030, 1, 1), false},
		{date(2029, 12, 31), 0, date(2029, 12, 31), false},
		{date(2031, 1, 1), -1, date(2030, 12, 31), false},
		{date(2031, 1, 2), -1, date(2031, 1, 1), true},
		// 1 (Mon 2029-12-31, a weekday) + 260 (2030: 261 weekdays minus the
		// holiday) + 23 (January 2031) + 16 (Feb 3–7, 10–14, 17–21, 24).
		{date(2029, 12, 28), 300, date(2031, 2, 24), true},
	}
	for _, c := range cases {
		due, fallback := cal.AddWorkdays(c.start, c.n)
		if !due.Equal(c.want) || fallback != c.wantFallback {
			t.Errorf("AddWorkdays(%s, %d) = %s, %v; want %s, %v", c.start.Format(time.DateOnly), c.n,
				due.Format(time.DateOnly), fallback, c.want.Format(time.DateOnly), c.wantFallback)
		}
	}
	if !cal.Published(2030) || cal.Published(2029) || cal.Published(2031) {
		t.Error("Published: want only 2030")
	}
}

func TestWorkdaysBetween(t *testing.T) {
	cal := New([]Day{
		{Date: date(2030, 10, 1), OffDay: true},
		{Date: date(2030, 10, 12), OffDay: false},
	})
	cases := []struct {
		from, to     time.Time
		want         int
		wantFallback bool
	}{
		{date(2030, 10, 1), date(2030, 10, 1), 0, false},
		{date(2030, 9, 30), date(2030, 10, 1), 0, false},  // (Mon, Tue holiday]
		{date(2030, 9, 30), date(2030, 10, 2), 1, false},  // Wednesday
		{date(2030, 10, 4), date(2030, 10, 13), 6, false}, // (Fri, Sun]: Mon–Fri plus make-up Saturday
		{date(2030, 10, 13), date(2030, 10, 4), -6, false},
		{date(2030, 12, 31), date(2031, 1, 1), 1, true},
		{date(2031, 1, 1), date(2030, 12, 31), -1, true},
		{date(2029, 12, 31), date(2030, 1, 1), 1, false}, // (2029-12-31, 2030-01-01] is all 2030
	}
	for _, c := range cases {
		got, fallback := cal.WorkdaysBetween(c.from, c.to)
		if got != c.want || fallback != c.wantFallback {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, %v; want %d, %v", c.from.Format(time.DateOnly), c.to.Format(time.DateOnly),
				got, fallback, c.want, c.wantFallback)
		}
	}
}

func TestLaterEntryWins(t *testing.T) {
	cal := New([]Day{
		{Date: date(2030, 10, 12), OffDay: true, Name: "first"},
		{Date: date(2030, 10, 12), OffDay: false, Name: "correction"},
	})
	if !cal.IsWorkday(date(2030, 10, 12)) {
		t.Error("the later entry (a make-up day) should win")
	}
	if n, _ := cal.WorkdaysBetween(date(2030, 10, 11), date(2030, 10, 12)); n != 1 {
		t.Errorf("WorkdaysBetween over the corrected day = %d, want 1", n)
	}
}

// A nil or zero Calendar has no published year: weekends only, always fallback.
func TestEmptyCalendars(t *testing.T) {
	for name, cal := range map[string]*Calendar{"nil": nil, "zero": {}, "New(nil)": New(nil)} {
		if cal.IsWorkday(date(2030, 10, 5)) || !cal.IsWorkday(date(2030, 10, 7)) {
			t.Errorf("%s: weekend/weekday wrong", name)
		}
		due, fallback := cal.AddWorkdays(date(2030, 10, 4), 1) // Friday → Monday
		if !due.Equal(date(2030, 10, 7)) || !fallback {
			t.Errorf("%s: AddWorkdays = %s, %v", name, due, fallback)
		}
		if n, fallback := cal.WorkdaysBetween(date(2030, 10, 4), date(2030, 10, 11)); n != 5 || !fallback {
			t.Errorf("%s: WorkdaysBetween = %d, %v", name, n, fallback)
		}
		if cal.Published(2030) || len(cal.PublishedYears()) != 0 {
			t.Errorf("%s: reports a published year", name)
		}
		if _, ok := cal.Entry(date(2030, 10, 4)); ok {
			t.Errorf("%s: has an entry", name)
		}
	}
}

// Out-of-range n saturates at ±MaxWorkdays instead of overflowing.
func TestAddWorkdaysSaturates(t *testing.T) {
	cal := New([]Day{{Date: date(2030, 10, 1), OffDay: true}})
	start := date(2030, 9, 1)

	due, fallback := cal.AddWorkdays(start, math.MaxInt)
	if want, _ := cal.AddWorkdays(start, MaxWorkdays); !due.Equal(want) || !fallback {
		t.Errorf("AddWorkdays(MaxInt) = %s, %v; want %s, true", due, fallback, want)
	}
	if n, _ := cal.WorkdaysBetween(start, due); n != MaxWorkdays {
		t.Errorf("working days in (start, due] = %d, want %d", n, MaxWorkdays)
	}

	due, fallback = cal.AddWorkdays(start, math.MinInt)
	if want, _ := cal.AddWorkdays(start, -MaxWorkdays); !due.Equal(want) || !fallback {
		t.Errorf("AddWorkdays(MinInt) = %s, %v; want %s, true", due, fallback, want)
	}
	// Going back, the due date is counted and the start is not: [due, start).
	if n, _ := cal.WorkdaysBetween(due.AddDate(0, 0, -1), start.AddDate(0, 0, -1)); n != MaxWorkdays {
		t.Errorf("working days in [due, start) = %d, want %d", n, MaxWorkdays)
	}
}

// bruteAddWorkdays steps one day at a time using IsWorkday and Published:
// the definition the fast search must agree with.
func bruteAddWorkdays(c *Calendar, start time.Time, n int) (time.Time, bool) {
	y, m, d := start.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, start.Location())
	step, left := 1, n
	if n < 0 {
		step, left = -1, -n
	}
	fallback := false
	for left > 0 {
		day = day.AddDate(0, 0, step)
		if !c.Published(day.Year()) {
			fallback = true
		}
		if c.IsWorkday(day) {
			left--
		}
	}
	return day, fallback
}

func bruteWorkdaysBetween(c *Calendar, from, to time.Time) (int, bool) {
	sign := 1
	if to.Before(from) {
		from, to, sign = to, from, -1
	}
	count, fallback := 0, false
	for d := from.AddDate(0, 0, 1); !d.After(to); d = d.AddDate(0, 0, 1) {
		if !c.Published(d.Year()) {
			fallback = true
		}
		if c.IsWorkday(d) {
			count++
		}
	}
	return sign * count, fallback
}

// FuzzAddWorkdays builds a calendar from fuzz bytes (entries in 2030–2031,
// possibly every day off) and checks the fast search against stepping.
func FuzzAddWorkdays(f *testing.F) {
	f.Add([]byte{1, 2, 3, 200, 100}, uint16(270), int16(5))
	f.Add([]byte{}, uint16(0), int16(-7))
	f.Add([]byte{0xff, 0xfe, 0x10, 0x20, 0x30, 0x40}, uint16(700), int16(120))
	f.Fuzz(func(t *testing.T, entries []byte, startOffset uint16, n int16) {
		base := date(2030, 1, 1)
		var days []Day
		for i := 0; i+1 < len(entries) && i < 400; i += 2 {
			offset := (int(entries[i])<<8 | int(entries[i+1])) % 730
			days = append(days, Day{Date: base.AddDate(0, 0, offset), OffDay: entries[i]&1 == 0})
		}
		cal := New(days)
		start := base.AddDate(0, 0, int(startOffset%1000)-100)
		k := int(n) % 400

		due, fallback := cal.AddWorkdays(start, k)
		wantDue, wantFallback := bruteAddWorkdays(cal, start, k)
		if !due.Equal(wantDue) || fallback != wantFallback {
			t.Fatalf("AddWorkdays(%s, %d) = %s, %v; stepping gives %s, %v", start.Format(time.DateOnly), k,
				due.Format(time.DateOnly), fallback, wantDue.Format(time.DateOnly), wantFallback)
		}
		to := start.AddDate(0, 0, int(n)%500)
		count, fallback := cal.WorkdaysBetween(start, to)
		wantCount, wantFallback := bruteWorkdaysBetween(cal, start, to)
		if count != wantCount || fallback != wantFallback {
			t.Fatalf("WorkdaysBetween(%s, %s) = %d, %v; stepping gives %d, %v", start.Format(time.DateOnly), to.Format(time.DateOnly),
				count, fallback, wantCount, wantFallback)
		}
		if k > 0 {
			if between, _ := cal.WorkdaysBetween(start, due); between != k {
				t.Fatalf("WorkdaysBetween(start, AddWorkdays(start, %d)) = %d", k, between)
			}
		}
	})
}
