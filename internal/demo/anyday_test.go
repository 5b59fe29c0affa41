package demo_test

import (
	"testing"
	"time"

	"tuoyu/internal/demo"
	"tuoyu/internal/service"
)

// anyDayOptions are TestEnsureAnyDay's generations (the first of which
// TestEnsure's Deterministic generates again).
var anyDayOptions = demo.Options{Seed: 2, Scale: 0.1, Days: 3}

// anyDayClocks are the days TestEnsureAnyDay starts the demo on.
var anyDayClocks = []time.Time{
	time.Date(2026, 10, 5, 7, 30, 0, 0, service.China),
	time.Date(2026, 6, 1, 9, 0, 0, 0, service.China),
}

// TestEnsureAnyDay starts the demo on awkward days: during the National
// Day holiday before dawn, and on the first working day of a month before
// its bills are generated. Every step the plan keeps must pass the
// service's checks (nothing in the future, no date before an enrolment).
func TestEnsureAnyDay(t *testing.T) {
	clocks := anyDayClocks
	if raceDetector {
		clocks = clocks[:1]
	}
	for _, now := range clocks {
		t.Run(now.Format("2006-01-02T15:04"), func(t *testing.T) {
			_, sum := generated(t, now, anyDayOptions)
			if sum.Children == 0 || sum.Attendance == 0 || sum.Bills == 0 {
				t.Errorf("on %s: %s", now, sum)
			}
		})
	}
}
