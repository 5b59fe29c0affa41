package rules

import "time"

// civil is a calendar date. Dates are read with time.Time.Date, in the
// location the caller chose (Asia/Shanghai in Tuoyu); the time of day is
// ignored.
type civil struct {
	y int
	m time.Month
	d int
}

func dateOf(t time.Time) civil {
	y, m, d := t.Date()
	return civil{y, m, d}
}

func (c civil) time() time.Time { return time.Date(c.y, c.m, c.d, 0, 0, 0, 0, time.UTC) }

func (c civil) before(o civil) bool {
	if c.y != o.y {
		return c.y < o.y
	}
	if c.m != o.m {
		return c.m < o.m
	}
	return c.d < o.d
}

func (c civil) after(o civil) bool { return o.before(c) }

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// addMonths moves by whole months, keeping the day of month but clamping it
// to the end of a shorter month (31 Jan + 1 month = 28 or 29 Feb), unlike
// time.AddDate, which would spill into March.
func (c civil) addMonths(n int) civil {
	total := c.y*12 + int(c.m-1) + n
	y := total / 12
	if total%12 < 0 {
		y--
	}
	m := time.Month(total - y*12 + 1)
	d := min(c.d, daysIn(y, m))
	return civil{y, m, d}
}

func (c civil) addDays(n int) civil { return dateOf(c.time().AddDate(0, 0, n)) }

// completedMonths counts the monthly anniversaries of from reached by to.
// The anniversary of a day that a month lacks (the 29th–31st) is that
// month's last day, so a child born on 31 January completes one month on
// 28 (or 29) February. Requires !to.before(from).
func completedMonths(from, to civil) int {
	m := (to.y-from.y)*12 + int(to.m-from.m)
	if to.d < min(from.d, daysIn(to.y, to.m)) {
		m--
	}
	return m
}

// CompletedMonths returns the age in completed months on the date on of a
// child born on birth (月龄), by the anniversary rule of completedMonths.
func CompletedMonths(birth, on time.Time) (int, error) {
	if birth.IsZero() {
		return 0, fieldErr("birth_date", ErrRequired)
	}
	if on.IsZero() {
		return 0, fieldErr("as_of", ErrRequired)
	}
	b, o := dateOf(birth), dateOf(on)
	if o.before(b) {
		return 0, fieldErr("birth_date", ErrDateOrder)
	}
	return completedMonths(b, o), nil
}
