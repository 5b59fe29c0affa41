// Package civil holds calendar dates and months: what a date means on a
// form, a bill or a report, without a time of day or a time zone. Both
// databases store a Date as the text "2006-01-02" and a Month as "2006-01".
package civil

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"time"
)

// China keeps one time zone and no daylight saving since 1991, so a fixed
// offset is exact for every date the platform handles.
var China = time.FixedZone("CST", 8*3600)

// ErrFormat is returned for text that is not a date (or month) in ISO form.
var ErrFormat = errors.New("civil: not a date in the form YYYY-MM-DD")

// Date is a calendar date. The zero Date is "no date".
type Date struct {
	y int
	m time.Month
	d int
}

// New returns the date; out-of-range days and months normalise as
// time.Date does (2026-02-30 is 2026-03-02).
func New(y int, m time.Month, d int) Date { return Of(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) }

// Of is the date of t in t's own location.
func Of(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// InChina is the date of the instant t in China.
func InChina(t time.Time) Date { return Of(t.In(China)) }

// Today is the date in China by the clock.
func Today(clock func() time.Time) Date { return InChina(clock()) }

// Parse reads "2006-01-02" strictly (two-digit month and day).
func Parse(s string) (Date, error) {
	if len(s) != len(time.DateOnly) {
		return Date{}, ErrFormat
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, ErrFormat
	}
	return Of(t), nil
}

// MustParse is Parse for constants in code and tests; it panics on bad text.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(fmt.Sprintf("civil.MustParse(%q): %v", s, err))
	}
	return d
}

func (d Date) Year() int             { return d.y }
func (d Date) Month() time.Month     { return d.m }
func (d Date) Day() int              { return d.d }
func (d Date) IsZero() bool          { return d == Date{} }
func (d Date) Weekday() time.Weekday { return d.Time().Weekday() }

// Time is the date at midnight UTC, for arithmetic and for packages that
// take a time.Time.
func (d Date) Time() time.Time { return time.Date(d.y, d.m, d.d, 0, 0, 0, 0, time.UTC) }

// Start is the first instant of the date in China.
func (d Date) Start() time.Time { return time.Date(d.y, d.m, d.d, 0, 0, 0, 0, China) }

// At is the instant of the date at hour:minute in China.
func (d Date) At(hour, minute int) time.Time {
	return time.Date(d.y, d.m, d.d, hour, minute, 0, 0, China)
}

// AddDays moves by n days.
func (d Date) AddDays(n int) Date { return Of(d.Time().AddDate(0, 0, n)) }

// AddMonths moves by whole months, clamping the day to the end of a shorter
// month (31 Jan + 1 month = 28 or 29 Feb), unlike time.AddDate.
func (d Date) AddMonths(n int) Date {
	total := d.y*12 + int(d.m-1) + n
	y := total / 12
	if total%12 < 0 {
		y--
	}
	m := time.Month(total - y*12 + 1)
	return Date{y, m, min(d.d, DaysIn(y, m))}
}

// DaysSince counts the days from o to d (negative when d is earlier).
func (d Date) DaysSince(o Date) int { return int(d.Time().Sub(o.Time()).Hours() / 24) }

// Compare returns -1, 0 or +1.
func (d Date) Compare(o Date) int { return d.Time().Compare(o.Time()) }

func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }
func (d Date) After(o Date) bool  { return d.Compare(o) > 0 }

// MonthOf is the month the date falls in.
func (d Date) MonthOf() Month { return Month{d.y, d.m} }

// String writes "2006-01-02", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.y, int(d.m), d.d)
}

// MarshalText writes the ISO form; the zero Date is empty text.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads the ISO form; empty text is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value stores the date as text, the zero Date as NULL.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads text, bytes or a time (PostgreSQL DATE columns) and NULL.
func (d *Date) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		*d = Of(x)
		return nil
	case string:
		return d.scanText(x)
	case []byte:
		return d.scanText(string(x))
	}
	return fmt.Errorf("civil: cannot scan %T into a Date", v)
}

func (d *Date) scanText(s string) error {
	if len(s) > len(time.DateOnly) { // a timestamp's text: keep its date part
		s = s[:len(time.DateOnly)]
	}
	return d.UnmarshalText([]byte(s))
}

// DaysIn is the number of days in the month.
func DaysIn(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }
