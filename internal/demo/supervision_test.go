package demo_test

import (
	"context"
	"testing"
	"time"

	"tuoyu/internal/demo"
	"tuoyu/internal/service"
	"tuoyu/internal/testkit"
)

// TestSupervisionStory checks the demo's supervision year: registrations
// (some overdue), a drawn plan with its seed, completed inspections, and
// orders in several states.
func TestSupervisionStory(t *testing.T) {
	a := testkit.NewApp(t, testkit.Backends()[0], time.Date(2026, 11, 20, 15, 0, 0, 0, service.China))
	ctx := context.Background()
	if _, err := demo.Ensure(ctx, a.Service, demo.Options{Seed: 3, Scale: 0.25, Days: 3}); err != nil {
		t.Fatal(err)
	}
	q := a.DB.Read()
	count := func(query string, args ...any) int {
		var n int
		if err := q.QueryRow(ctx, query, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count("SELECT COUNT(*) FROM sv_registrations WHERE filing_due < ?", "2026-11-20"); n == 0 {
		t.Error("no registration overdue for filing")
	}
	if n := count("SELECT COUNT(*) FROM sv_plans WHERE method = 'draw' AND seed <> ''"); n == 0 {
		t.Error("no drawn plan")
	}
	if n := count("SELECT COUNT(*) FROM sv_inspections WHERE status = 'completed'"); n == 0 {
		t.Error("no completed inspection")
	}
	if n := count("SELECT COUNT(DISTINCT status) FROM sv_orders"); n < 3 {
		t.Errorf("orders in %d states", n)
	}
}
