package billing

import (
	"fmt"
	"time"
)

// Month is a calendar month, the period of a bill.
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth reads "2026-09".
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil || len(s) != 7 {
		return Month{}, fmt.Errorf("billing: month %q is not YYYY-MM", s)
	}
	return Month{Year: t.Year(), Month: t.Month()}, nil
}

// MonthOf is the month of a date.
func MonthOf(d time.Time) Month { return Month{Year: d.Year(), Month: d.Month()} }

// String writes "2026-09".
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// First is the first day of the month, at midnight UTC.
func (m Month) First() time.Time { return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC) }

// Last is the last day of the month, at midnight UTC.
func (m Month) Last() time.Time { return m.First().AddDate(0, 1, -1) }

// After reports whether m comes after o.
func (m Month) After(o Month) bool {
	return m.Year > o.Year || (m.Year == o.Year && m.Month > o.Month)
}

// Days lists the days of the month.
func (m Month) Days() []time.Time {
	var out []time.Time
	for d := m.First(); d.Month() == m.Month; d = d.AddDate(0, 0, 1) {
		out = append(out, d)
	}
	return out
}
