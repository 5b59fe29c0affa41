package demo_test

import (
	"context"
	"testing"
	"time"

	"tuoyu/internal/demo"
	"tuoyu/internal/service"
	"tuoyu/internal/testkit"
)

// TestEnsureAnyDay starts the demo on awkward days: during the National
// Day holiday before dawn, and on the first working day of a month before
// its bills are generated. Every step the plan keeps must pass the
// service's checks (nothing in the future, no date before an enrolment).
func TestEnsureAnyDay(t *testing.T) {
	clocks := []time.Time{
		time.Date(2026, 10, 5, 7, 30, 0, 0, service.China),
		time.Date(2026, 6, 1, 9, 0, 0, 0, service.China),
	}
	if raceDetector {
		clocks = clocks[:1]
	}
	for _, now := range clocks {
		t.Run(now.Format("2006-01-02T15:04"), func(t *testing.T) {
			a := testkit.NewApp(t, testkit.Backends()[0], now)
			sum, err := demo.Ensure(context.Background(), a.Service, demo.Options{Seed: 2, Scale: 0.1, Days: 3})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Children == 0 || sum.Attendance == 0 || sum.Bills == 0 {
				t.Errorf("on %s: %s", now, sum)
			}
		})
	}
}
