package demo_test

import (
	"context"
	"testing"

	"tuoyu/internal/demo"
	"tuoyu/internal/testkit"
)

// BenchmarkEnsure generates the demo data into a fresh SQLite database:
// go test ./internal/demo -run '^$' -bench Ensure -benchtime 1x
// (Yan'an with 60 school days of history; ten times Yan'an with a week).
func BenchmarkEnsure(b *testing.B) {
	for _, bc := range []struct {
		name string
		opt  demo.Options
	}{{"scale1", demo.Options{Seed: 1, Scale: 1}}, {"scale10-days5", demo.Options{Seed: 1, Scale: 10, Days: 5}}} {
		b.Run(bc.name, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				a := testkit.NewApp(b, testkit.Backends()[0], testkit.DefaultNow)
				b.StartTimer()
				sum, err := demo.Ensure(context.Background(), a.Service, bc.opt)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(sum.AccountsCreated), "accounts")
				b.ReportMetric(float64(sum.Children), "children")
				b.ReportMetric(float64(sum.Attendance), "attendance")
			}
		})
	}
}
