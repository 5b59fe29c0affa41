package civil

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"time"
)

// ErrMonthFormat is returned for text that is not a month "YYYY-MM".
var ErrMonthFormat = errors.New("civil: not a month in the form YYYY-MM")

// Month is a calendar month: the period of a bill or a monthly report.
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth reads "2006-01" strictly.
func ParseMonth(s string) (Month, error) {
	if len(s) != 7 {
		return Month{}, ErrMonthFormat
	}
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, ErrMonthFormat
	}
	return Month{t.Year(), t.Month()}, nil
}

func (m Month) IsZero() bool { return m == Month{} }

// First and Last are the month's first and last days.
func (m Month) First() Date { return Date{m.Year, m.Month, 1} }
func (m Month) Last() Date  { return Date{m.Year, m.Month, DaysIn(m.Year, m.Month)} }

// Add moves by n months.
func (m Month) Add(n int) Month { return m.First().AddMonths(n).MonthOf() }

func (m Month) Compare(o Month) int {
	switch {
	case m.Year != o.Year:
		return cmpInt(m.Year, o.Year)
	default:
		return cmpInt(int(m.Month), int(o.Month))
	}
}

func (m Month) Before(o Month) bool { return m.Compare(o) < 0 }
func (m Month) After(o Month) bool  { return m.Compare(o) > 0 }

// Contains reports whether the date falls in the month.
func (m Month) Contains(d Date) bool { return d.y == m.Year && d.m == m.Month }

// Days lists the month's dates in order.
func (m Month) Days() []Date {
	out := make([]Date, 0, 31)
	for d := m.First(); m.Contains(d); d = d.AddDays(1) {
		out = append(out, d)
	}
	return out
}

// String writes "2006-01", or "" for the zero Month.
func (m Month) String() string {
	if m.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month))
}

func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

func (m *Month) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*m = Month{}
		return nil
	}
	v, err := ParseMonth(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Value stores the month as text, the zero Month as NULL.
func (m Month) Value() (driver.Value, error) {
	if m.IsZero() {
		return nil, nil
	}
	return m.String(), nil
}

// Scan reads text or bytes "YYYY-MM", and NULL.
func (m *Month) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*m = Month{}
		return nil
	case string:
		return m.UnmarshalText([]byte(x))
	case []byte:
		return m.UnmarshalText(x)
	}
	return fmt.Errorf("civil: cannot scan %T into a Month", v)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
