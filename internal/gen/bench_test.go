package gen_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"slices"
	"testing"
	"time"

	"tuoyu/internal/app"
	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/gen"
	"tuoyu/internal/secure"
	"tuoyu/internal/stats"
)

// BenchmarkProvince measures the statistics on a generated province
// (`tuoyu gen -province 610000 -db postgres://…/tuoyu_province`):
//
//   - the city (610100 西安) and province dashboards as the dashboard page
//     reads them from the roll-ups (stats.Dashboard for the headlines, the
//     chosen indicator's trend and its values by the level below), p95 over
//     dashboardRuns runs of each of two indicators;
//   - the same figures computed by a naive scan of the raw rows in the
//     same run (gen.Scan for each month of the trend, grouped by county),
//     p95 over scanRuns runs, and the ratio of the two;
//   - the time of a full rebuild of the 12 months, and the database size.
//
// It runs once whatever b.N is:
//
//	TUOYU_BENCH_PROVINCE_DB='postgres://postgres@127.0.0.1:5432/tuoyu_province?sslmode=disable' \
//	  go test -run '^$' -bench Province -benchtime 1x -timeout 60m ./internal/gen
//
// TUOYU_BENCH_REBUILD=0 skips the rebuild.
func BenchmarkProvince(b *testing.B) {
	dsn := os.Getenv("TUOYU_BENCH_PROVINCE_DB")
	if dsn == "" {
		b.Skip("TUOYU_BENCH_PROVINCE_DB names no generated province")
	}
	ctx := context.Background()
	cfg := app.Config{DB: dsn, SecretKey: os.Getenv("TUOYU_SECRET_KEY")}
	if cfg.SecretKey == "" {
		cfg.SecretKey = secure.NewSecret() // nothing is decrypted
	}
	if v := os.Getenv("TUOYU_NOW"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			b.Fatal(err)
		}
		cfg.Now = t
	}
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	now := cfg.Clock()()
	today := civil.InChina(now)
	current := today.MonthOf()
	const dashboardRuns, scanRuns = 100, 3

	for _, level := range []struct{ name, region, prefix string }{{"city", "610100", "6101"}, {"province", "610000", "61"}} {
		actor := authz.Actor{UserID: 1, Username: "bench", Role: domain.RoleCityRegulator, RegionCode: level.region}
		// The dashboard page, from the roll-ups.
		var page []time.Duration
		for i := range 2 * dashboardRuns {
			indicator := []string{"places_per_1000", "attendance_rate"}[i%2]
			start := time.Now()
			d, err := a.Stats.Dashboard(ctx, actor, level.region, "")
			if err != nil {
				b.Fatal(err)
			}
			if _, err := a.Stats.Trend(ctx, actor, stats.Query{Indicator: indicator, Region: level.region, Period: d.Period}); err != nil {
				b.Fatal(err)
			}
			if _, err := a.Stats.Values(ctx, actor, stats.Query{Indicator: indicator, Region: level.region, Period: d.Period, Level: d.Below}); err != nil {
				b.Fatal(err)
			}
			page = append(page, time.Since(start))
		}
		// The same months and regions, scanned from the raw rows.
		var scan []time.Duration
		var last map[string]int64
		for range scanRuns {
			start := time.Now()
			for i := stats.TrendMonths - 1; i >= 0; i-- {
				m := current.Add(-i)
				asOf := m.Last()
				if asOf.After(today) {
					asOf = today
				}
				byCounty, err := gen.Scan(ctx, a.DB.Read(), level.prefix, m, asOf)
				if err != nil {
					b.Fatal(err)
				}
				if i == 0 {
					last = gen.Sum(byCounty)
				}
			}
			scan = append(scan, time.Since(start))
		}
		// The scan and the roll-ups agree.
		for _, measure := range gen.ScanMeasures {
			var got int64
			if err := a.DB.Read().QueryRow(ctx, "SELECT COALESCE(SUM(value), 0) FROM stats_region_values WHERE region_code = ? AND month = ? AND measure = ?",
				level.region, current.String(), measure).Scan(&got); err != nil {
				b.Fatal(err)
			}
			if got != last[measure] {
				b.Errorf("%s %s: roll-up %d, scan %d", level.region, measure, got, last[measure])
			}
		}
		p95, scan95 := percentile(page, 0.95), percentile(scan, 0.95)
		b.ReportMetric(ms(p95), level.name+"_p95_ms")
		b.ReportMetric(ms(percentile(page, 0.5)), level.name+"_p50_ms")
		b.ReportMetric(ms(scan95), level.name+"_scan_p95_ms")
		b.ReportMetric(float64(scan95)/float64(p95), level.name+"_scan/dashboard")
		b.Logf("%s %s: dashboard p50 %s p95 %s; scan of %d months p95 %s", level.name, level.region,
			percentile(page, 0.5).Round(time.Microsecond), p95.Round(time.Microsecond), stats.TrendMonths, scan95.Round(time.Millisecond))
	}

	if os.Getenv("TUOYU_BENCH_REBUILD") != "0" {
		start := time.Now()
		for i := 11; i >= 0; i-- {
			if err := a.Stats.Rebuild(ctx, current.Add(-i), nil); err != nil {
				b.Fatal(err)
			}
		}
		took := time.Since(start)
		b.ReportMetric(took.Seconds(), "rebuild_12_months_s")
		b.Logf("rebuild of 12 months: %s", took.Round(time.Second))
	}
	var size int64
	if err := a.DB.Read().QueryRow(ctx, "SELECT pg_database_size(current_database())").Scan(&size); err == nil {
		b.ReportMetric(float64(size)/(1<<20), "db_MiB")
	}
	var rows int64
	if err := a.DB.Read().QueryRow(ctx, "SELECT COUNT(*) FROM attendance").Scan(&rows); err == nil {
		b.ReportMetric(float64(rows), "attendance_rows")
	}
}

func percentile(ds []time.Duration, p float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
