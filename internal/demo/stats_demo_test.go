package demo_test

import (
	"context"
	"testing"

	"tuoyu/internal/civil"
	"tuoyu/internal/stats"
	"tuoyu/internal/testkit"
)

// The demo's statistics pages have something to show: 宝塔区's township
// gap has numbers (the demo township population), and the institution
// monthly reports of 宝塔区 are in several approval states.
func TestDemoTownshipGapAndInstitutionReports(t *testing.T) {
	ctx := context.Background()
	a, _ := generated(t, testkit.DefaultNow, ensureOptions()) // TestEnsure's generation
	today := civil.InChina(testkit.DefaultNow)
	p, err := a.Stats.Planning(ctx, system, "610602", today.Year())
	if err != nil {
		t.Fatal(err)
	}
	withGap := 0
	for _, r := range p.Rows {
		if r.Population != nil && r.Gap != nil && r.Under3 != nil {
			withGap++
		}
	}
	if len(p.Rows) == 0 || withGap != len(p.Rows) {
		t.Fatalf("宝塔区: %d of %d townships with a gap", withGap, len(p.Rows))
	}
	states := map[string]int{}
	for k := 1; k <= 12; k++ {
		list, err := a.Stats.InstitutionReports(ctx, system, "610602", today.MonthOf().Add(-k).String())
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range list {
			states[r.Status]++
		}
	}
	for _, s := range []string{stats.ReportOpen, stats.ReportSubmitted, stats.ReportApproved, stats.ReportReturned} {
		if states[s] == 0 {
			t.Errorf("no institution report of 宝塔区 %s in the last year: %v", s, states)
		}
	}
	t.Logf("宝塔区's institution reports of the last year by state: %v", states)
}
