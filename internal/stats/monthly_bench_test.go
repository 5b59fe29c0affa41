package stats_test

import (
	"context"
	"testing"

	"tuoyu/internal/authz"
	"tuoyu/internal/demo"
	"tuoyu/internal/testkit"
)

// BenchmarkInstitutionReport computes the largest demo institution's
// report for the month before the clock's (a month of daily records),
// read as the city regulator would; and the city's planning table.
func BenchmarkInstitutionReport(b *testing.B) {
	for _, be := range testkit.Backends() {
		b.Run(be.Name, func(b *testing.B) {
			a := testkit.NewApp(b, be, testkit.DefaultNow)
			ctx := context.Background()
			if _, err := demo.Ensure(ctx, a.Service, demo.Options{Seed: 1, Scale: 1, Days: 40}); err != nil {
				b.Fatal(err)
			}
			if _, err := a.Stats.Refresh(ctx); err != nil {
				b.Fatal(err)
			}
			var inst int64
			if err := a.DB.Read().QueryRow(ctx, `SELECT institution_id FROM attendance WHERE date >= '2026-08-01' AND date <= '2026-08-31'
				GROUP BY institution_id ORDER BY COUNT(*) DESC LIMIT 1`).Scan(&inst); err != nil {
				b.Fatal(err)
			}
			sys := authz.System("bench")
			b.Run("report", func(b *testing.B) {
				for b.Loop() {
					if _, err := a.Stats.InstitutionReport(ctx, sys, inst, "2026-08"); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("planning", func(b *testing.B) {
				for b.Loop() {
					if _, err := a.Stats.Planning(ctx, sys, "610600", 2026); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
