package workday

import "time"

// Dates are handled as day numbers: days since 1970-01-01 in the proleptic
// Gregorian calendar. The conversions are Howard Hinnant's days_from_civil and
// civil_from_days (https://howardhinnant.github.io/date_algorithms.html); they
// are exact for every year time.Time can hold and avoid time.Time arithmetic,
// so a date never shifts with a location's UTC offset or DST.

// dayNumber is the day number of t's calendar date in t's own location.
func dayNumber(t time.Time) int64 {
	y, m, d := t.Date()
	return daysFromCivil(int64(y), int64(m), int64(d))
}

// dateOf is midnight of day number n in loc.
func dateOf(n int64, loc *time.Location) time.Time {
	y, m, d := civilFromDays(n)
	return time.Date(int(y), time.Month(m), int(d), 0, 0, 0, 0, loc)
}

func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yearOfEra := y - era*400
	monthFromMarch := (m + 9) % 12
	dayOfYear := (153*monthFromMarch+2)/5 + d - 1
	dayOfEra := yearOfEra*365 + yearOfEra/4 - yearOfEra/100 + dayOfYear
	return era*146097 + dayOfEra - 719468
}

func civilFromDays(n int64) (y, m, d int64) {
	n += 719468
	era := floorDiv(n, 146097)
	dayOfEra := n - era*146097
	yearOfEra := (dayOfEra - dayOfEra/1460 + dayOfEra/36524 - dayOfEra/146096) / 365
	dayOfYear := dayOfEra - (365*yearOfEra + yearOfEra/4 - yearOfEra/100)
	monthFromMarch := (5*dayOfYear + 2) / 153
	d = dayOfYear - (153*monthFromMarch+2)/5 + 1
	if monthFromMarch < 10 {
		m = monthFromMarch + 3
	} else {
		m = monthFromMarch - 9
	}
	y = yearOfEra + era*400
	if m <= 2 {
		y++
	}
	return y, m, d
}

func yearOf(n int64) int64 {
	y, _, _ := civilFromDays(n)
	return y
}

// isWeekend reports whether day number n is a Saturday or Sunday.
// Day 0, 1970-01-01, was a Thursday.
func isWeekend(n int64) bool {
	w := floorMod(n+4, 7) // 0 = Sunday
	return w == 0 || w == 6
}

// weekdaysBefore counts Monday–Friday days among day numbers [0, n); it is
// negative for negative n, so differences give counts over any range.
func weekdaysBefore(n int64) int64 {
	// Weekdays among the first r days of a week that starts on a Thursday
	// (Thu, Fri, Sat, Sun, Mon, Tue, Wed).
	prefix := [7]int64{0, 1, 2, 2, 2, 3, 4}
	weeks := floorDiv(n, 7)
	return weeks*5 + prefix[n-weeks*7]
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 {
	return a - floorDiv(a, b)*b
}
