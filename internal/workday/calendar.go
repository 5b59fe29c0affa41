// Package workday counts working days (工作日) under China's official holiday
// calendar: public holidays (放假) are days off even on weekdays, and make-up
// working days (调休上班), which fall on weekends, are working days. Outside
// the official entries, Monday to Friday are working days.
//
// The calendar for a year is published by the State Council late in the
// previous year, so a caller may ask about a year that has no calendar yet.
// Such a year is counted with weekends only and the answer carries a
// fallback flag so the caller can show that the date is provisional.
//
// All inputs are calendar dates: only the year, month and day of a
// time.Time in its own location matter.
package workday

import (
	"cmp"
	"slices"
	"sort"
	"time"
)

// Day is one entry of an official holiday calendar.
type Day struct {
	Date   time.Time // calendar date; only its year-month-day in its own location is used
	OffDay bool      // true: holiday (no work); false: make-up working day (调休上班)
	Name   string    // holiday name, e.g. 国庆节
}

// MaxWorkdays bounds n in AddWorkdays. Larger magnitudes are treated as
// ±MaxWorkdays (about 38,000 years), which keeps every result a
// representable date; no real deadline comes near it.
const MaxWorkdays = 10_000_000

// Calendar answers working-day questions. Build it with New; a nil or zero
// Calendar has no published year and counts weekends only. A Calendar is
// read-only after New and safe for concurrent use.
type Calendar struct {
	entries []entry // sorted by day, one per day
	// adjustBefore[i] is the sum of entries[:i].adjust: how many working
	// days the official entries add to or remove from a plain
	// Monday–Friday count up to entry i.
	adjustBefore []int64
	years        []int64 // published years, sorted
}

type entry struct {
	day    int64
	adjust int64 // -1 holiday on a weekday, +1 make-up day on a weekend, else 0
	info   Day
}

// New builds a calendar from official entries. A year is published when at
// least one entry falls in it. When two entries give the same date, the later
// one wins (so a correction can be appended).
func New(days []Day) *Calendar {
	byDay := make(map[int64]Day, len(days))
	for _, d := range days {
		byDay[dayNumber(d.Date)] = d
	}
	c := &Calendar{entries: make([]entry, 0, len(byDay))}
	years := make(map[int64]bool)
	for n, d := range byDay {
		var adjust int64
		switch {
		case d.OffDay && !isWeekend(n):
			adjust = -1
		case !d.OffDay && isWeekend(n):
			adjust = 1
		}
		c.entries = append(c.entries, entry{day: n, adjust: adjust, info: d})
		years[yearOf(n)] = true
	}
	slices.SortFunc(c.entries, func(a, b entry) int { return cmp.Compare(a.day, b.day) })
	c.adjustBefore = make([]int64, len(c.entries)+1)
	for i, e := range c.entries {
		c.adjustBefore[i+1] = c.adjustBefore[i] + e.adjust
	}
	for y := range years {
		c.years = append(c.years, y)
	}
	slices.Sort(c.years)
	return c
}

// Published reports whether the calendar has official entries for year.
func (c *Calendar) Published(year int) bool {
	if c == nil {
		return false
	}
	_, found := slices.BinarySearch(c.years, int64(year))
	return found
}

// PublishedYears lists the years with official entries, ascending.
func (c *Calendar) PublishedYears() []int {
	if c == nil {
		return nil
	}
	out := make([]int, len(c.years))
	for i, y := range c.years {
		out[i] = int(y)
	}
	return out
}

// Entry returns the official entry for date d, if there is one; callers use
// it to say why a date is (not) a working day.
func (c *Calendar) Entry(d time.Time) (Day, bool) {
	if e, ok := c.lookup(dayNumber(d)); ok {
		return e.info, true
	}
	return Day{}, false
}

// IsWorkday reports whether d is a working day: official entries first, then
// Monday to Friday.
func (c *Calendar) IsWorkday(d time.Time) bool {
	n := dayNumber(d)
	if e, ok := c.lookup(n); ok {
		return !e.info.OffDay
	}
	return !isWeekend(n)
}

// AddWorkdays returns the date of the n-th working day after start (start
// itself does not count), at midnight in start's location. For negative n it
// returns the |n|-th working day before start; for n = 0, start's date.
// fallback is true when a day examined lies in a year without a published
// calendar, where only weekends were taken as days off.
func (c *Calendar) AddWorkdays(start time.Time, n int) (due time.Time, fallback bool) {
	s := dayNumber(start)
	k := int64(max(min(n, MaxWorkdays), -MaxWorkdays))
	var d int64
	switch {
	case k == 0:
		return dateOf(s, start.Location()), false
	case k > 0:
		d = c.forward(s, k)
		fallback = !c.coversYears(s+1, d)
	default:
		d = c.backward(s, -k)
		fallback = !c.coversYears(d, s-1)
	}
	return dateOf(d, start.Location()), fallback
}

// WorkdaysBetween counts the working days in (from, to]; when to is before
// from it returns minus the count in (to, from]. fallback is true when a day
// counted lies in a year without a published calendar.
func (c *Calendar) WorkdaysBetween(from, to time.Time) (count int, fallback bool) {
	a, b := dayNumber(from), dayNumber(to)
	switch {
	case a < b:
		return int(c.workdaysUpTo(b) - c.workdaysUpTo(a)), !c.coversYears(a+1, b)
	case b < a:
		return -int(c.workdaysUpTo(a) - c.workdaysUpTo(b)), !c.coversYears(b+1, a)
	}
	return 0, false
}

// forward finds the smallest day d > s with k working days in (s, d].
func (c *Calendar) forward(s, k int64) int64 {
	target := c.workdaysUpTo(s) + k
	// Grow the window until it holds k working days, then bisect. Beyond the
	// last official entry five days in seven are working days, so it ends.
	lo, step := s, k*7/5+7
	hi := s + step
	for c.workdaysUpTo(hi) < target {
		lo, step = hi, step*2
		hi = s + step
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if c.workdaysUpTo(mid) >= target {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// backward finds the largest day d < s with k working days in [d, s).
func (c *Calendar) backward(s, k int64) int64 {
	// Working days in [d, s) = workdaysUpTo(s-1) - workdaysUpTo(d-1).
	target := c.workdaysUpTo(s-1) - k
	hi, step := s, k*7/5+7
	lo := s - step
	for c.workdaysUpTo(lo-1) > target {
		hi, step = lo, step*2
		lo = s - step
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if c.workdaysUpTo(mid-1) <= target {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// workdaysUpTo counts working days in [day 0, n] (negative below day 0);
// only differences between two values are meaningful.
func (c *Calendar) workdaysUpTo(n int64) int64 {
	count := weekdaysBefore(n + 1)
	if c == nil || len(c.entries) == 0 {
		return count
	}
	i := sort.Search(len(c.entries), func(i int) bool { return c.entries[i].day > n })
	return count + c.adjustBefore[i]
}

// coversYears reports whether every year from day a's to day b's (a <= b) is
// published.
func (c *Calendar) coversYears(a, b int64) bool {
	if c == nil {
		return false
	}
	first, last := yearOf(a), yearOf(b)
	i, _ := slices.BinarySearch(c.years, first)
	j, _ := slices.BinarySearch(c.years, last+1)
	return int64(j-i) == last-first+1
}

func (c *Calendar) lookup(n int64) (entry, bool) {
	if c == nil {
		return entry{}, false
	}
	i, found := slices.BinarySearchFunc(c.entries, n, func(e entry, n int64) int { return cmp.Compare(e.day, n) })
	if !found {
		return entry{}, false
	}
	return c.entries[i], true
}
