package stats_test

import (
	"math"
	"testing"
	"time"

	"tuoyu/internal/stats"
	"tuoyu/internal/testkit"
)

// Planning: a township's need is its residents × the year's target per
// 1,000 (the city's setting), against the places its institutions count;
// 普惠 places against its children under 3; the townships without an
// institution; the city's table is by county; scope holds.
func TestPlanning(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newMonthlyFixture(t, b)
			s, ctx := f.a.Stats, f.ctx
			now := time.Now().UTC()
			for kind, v := range map[string]int64{stats.PopulationResident: 50000, stats.PopulationUnder3: 1500} {
				f.exec(`INSERT INTO stats_population (region_code, year, kind, value, version, source, imported_at) VALUES ('610602001', 2026, ?, ?, 1, '测试', ?)`, kind, v, now)
			}
			if _, err := s.Refresh(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := s.SaveSettings(ctx, f.county, stats.SettingsChange{DeadlineWorkday: "5", Year: "2026", Target: "4.5"}); err == nil {
				t.Fatal("a county changed the settings")
			}
			if _, err := s.SaveSettings(ctx, f.city, stats.SettingsChange{DeadlineWorkday: "5", Year: "2026", Target: "abc"}); err == nil {
				t.Fatal("a target that is no number")
			}
			if _, err := s.SaveSettings(ctx, f.city, stats.SettingsChange{DeadlineWorkday: "5", Year: "2026", Target: "4.5"}); err != nil {
				t.Fatal(err)
			}
			if n := f.count("SELECT COUNT(*) FROM audit_events WHERE action = ?", stats.ActionSettingsEdit); n != 1 {
				t.Fatalf("settings audit events: %d", n)
			}
			pl, err := s.Planning(ctx, f.county, "", 2026)
			if err != nil {
				t.Fatal(err)
			}
			if pl.Level != "township" || pl.Target != 4.5 || !pl.TargetSet {
				t.Fatalf("planning: %+v", pl)
			}
			var row *stats.PlanningRow
			for i := range pl.Rows {
				if pl.Rows[i].Code == "610602001" {
					row = &pl.Rows[i]
				}
			}
			if row == nil || row.Needed == nil || *row.Needed != 225 || row.PlacesFiled != 60 || row.PlacesCounted != 60 || *row.Gap != 165 ||
				row.PlacesPuhui != 20 || row.PuhuiPer100 == nil || math.Abs(*row.PuhuiPer100-20.0/15) > 1e-9 || row.Institutions != 1 {
				t.Fatalf("township row: %+v", row)
			}
			if len(pl.NoInstitution) != len(pl.Rows)-1 {
				t.Fatalf("townships without an institution: %d of %d", len(pl.NoInstitution), len(pl.Rows))
			}
			for _, r := range pl.NoInstitution {
				if r.Code == "610602001" {
					t.Fatal("a township with an institution is listed as without")
				}
			}
			city, err := s.Planning(ctx, f.city, "610600", 2026)
			if err != nil || city.Level != "county" || len(city.Rows) != 13 || city.Total.PlacesCounted != 120 {
				t.Fatalf("city planning: %+v %v", city, err)
			}
			for _, r := range city.Rows {
				if r.Code == "610602" && (r.Population == nil || r.Needed == nil || *r.Needed != int64(math.Ceil(float64(*r.Population)*4.5/1000))) {
					t.Fatalf("county row: %+v", r)
				}
			}
			if _, err := s.Planning(ctx, f.county, "610603", 2026); !isNotFound(err) {
				t.Fatalf("another county: %v", err)
			}
			if _, err := s.Planning(ctx, f.director, "", 2026); err == nil {
				t.Fatal("a director read the planning table")
			}
			if _, err := s.Planning(ctx, f.city, "610600", 2030); err == nil {
				t.Fatal("a future year")
			}
		})
	}
}
