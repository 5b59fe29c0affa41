package rules

import (
	"fmt"
	"time"
)

// OutdoorDay is one class's (or child's) outdoor activity on one day.
type OutdoorDay struct {
	Subject  string
	Date     time.Time
	Minutes  int
	Boarding bool
	// WeatherAdjusted: the time was cut for cold, heat or bad weather, which
	// the rule allows.
	WeatherAdjusted bool
}

// CheckOutdoor checks a day's outdoor time against Outdoor.MinutesPerDay
// (boarding: BoardingMinutesPerDay). A weather-adjusted day gives no finding.
func (s Standard) CheckOutdoor(d OutdoorDay) ([]Finding, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if d.Date.IsZero() {
		return nil, fieldErr("date", ErrRequired)
	}
	if d.Minutes < 0 {
		return nil, fieldErr("minutes", ErrNegative)
	}
	need := s.Outdoor.MinutesPerDay
	if d.Boarding {
		need = s.Outdoor.BoardingMinutesPerDay
	}
	if d.WeatherAdjusted || d.Minutes >= need {
		return nil, nil
	}
	f := findings{s: s}
	date := d.Date.Format(time.DateOnly)
	f.add(RuleOutdoorTime, Violation, d.Subject,
		fmt.Sprintf("%s户外活动%d分钟，不足%d分钟", date, d.Minutes, need),
		fmt.Sprintf("%s: %d minutes outdoors, less than %d", date, d.Minutes, need))
	return f.out, nil
}
