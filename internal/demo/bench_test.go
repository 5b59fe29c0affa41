package demo_test

import (
	"context"
	"testing"

	"tuoyu/internal/demo"
	"tuoyu/internal/testkit"
)

// BenchmarkEnsure generates the demo data into a fresh SQLite database:
// go test ./internal/demo -run '^$' -bench Ensure -benchtime 1x
func BenchmarkEnsure(b *testing.B) {
	for _, bc := range []struct {
		name  string
		scale float64
	}{{"scale1", 1}, {"scale10", 10}} {
		b.Run(bc.name, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				a := testkit.NewApp(b, testkit.Backends()[0], testkit.DefaultNow)
				b.StartTimer()
				sum, err := demo.Ensure(context.Background(), a.Service, demo.Options{Seed: 1, Scale: bc.scale})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(sum.AccountsCreated), "accounts")
			}
		})
	}
}
