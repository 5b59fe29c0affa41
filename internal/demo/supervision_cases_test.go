package demo_test

import (
	"context"
	"testing"
	"time"

	"tuoyu/internal/demo"
	"tuoyu/internal/service"
	"tuoyu/internal/testkit"
)

// TestSupervisionCases checks the demo's annual reviews, closure,
// complaints, CCTV registers, assessments and demonstration institutions.
func TestSupervisionCases(t *testing.T) {
	a := testkit.NewApp(t, testkit.Backends()[0], time.Date(2026, 11, 20, 10, 0, 0, 0, service.China))
	ctx := context.Background()
	if _, err := demo.Ensure(ctx, a.Service, demo.Options{Seed: 3, Scale: 0.3, Days: 2}); err != nil {
		t.Fatal(err)
	}
	count := func(q string) int {
		var n int
		if err := a.DB.Read().QueryRow(ctx, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for q, min := range map[string]int{
		"SELECT COUNT(DISTINCT year) FROM annual_reviews":                  3,
		"SELECT COUNT(*) FROM closure_proposals WHERE status = 'closed'":   1,
		"SELECT COUNT(*) FROM closure_proposals WHERE status = 'proposed'": 1,
		"SELECT COUNT(*) FROM institutions WHERE status = 'closed'":        1,
		"SELECT COUNT(DISTINCT status) FROM complaints":                    4,
		"SELECT COUNT(*) FROM cctv_cameras":                                3,
		"SELECT COUNT(*) FROM footage_requests":                            1,
		"SELECT COUNT(*) FROM quality_assessments WHERE status = 'done'":   2,
		"SELECT COUNT(*) FROM demonstrations":                              1,
	} {
		if n := count(q); n < min {
			t.Errorf("%s: %d, want at least %d", q, n, min)
		}
	}
}
