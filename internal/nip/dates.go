package nip

import (
	"fmt"
	"strconv"
	"time"
)

const dateLayout = "2006-01-02"

// calendarDate drops the clock and zone: the schedule works on calendar dates.
func calendarDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func formatDate(t time.Time) string { return t.Format(dateLayout) }

func laterOf(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// addMonths adds calendar months, clamping the day to the end of a shorter month
// (2024-01-31 + 1 month = 2024-02-29), so a child reaches "1 month" at the end of
// February rather than in March.
func addMonths(d time.Time, n int) time.Time {
	y, m, day := d.Date()
	total := int(m) - 1 + n
	y += floorDiv(total, 12)
	month := time.Month(total - floorDiv(total, 12)*12 + 1)
	if last := daysIn(y, month); day > last {
		day = last
	}
	return time.Date(y, month, day, 0, 0, 0, 0, time.UTC)
}

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// span is an age or an interval as written in the edition files: "28d", "6m", "4y".
type span struct {
	months int
	days   int
	text   string
}

func parseSpan(s string) (span, error) {
	if len(s) < 2 {
		return span{}, fmt.Errorf("span %q: want a number and d, m or y", s)
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 0 || n > 1200 {
		return span{}, fmt.Errorf("span %q: bad number", s)
	}
	switch s[len(s)-1] {
	case 'd':
		return span{days: n, text: s}, nil
	case 'm':
		return span{months: n, text: s}, nil
	case 'y':
		return span{months: 12 * n, text: s}, nil
	}
	return span{}, fmt.Errorf("span %q: unit must be d, m or y", s)
}

func daysSpan(n int) span { return span{days: n, text: strconv.Itoa(n) + "d"} }

// after returns the date span after d.
func (s span) after(d time.Time) time.Time {
	if s.months != 0 {
		d = addMonths(d, s.months)
	}
	if s.days != 0 {
		d = d.AddDate(0, 0, s.days)
	}
	return d
}

func (s span) isZero() bool { return s.months == 0 && s.days == 0 }
