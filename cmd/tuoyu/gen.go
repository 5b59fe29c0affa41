package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"tuoyu/internal/app"
	"tuoyu/internal/gen"
	"tuoyu/internal/store"
)

// runGen writes a synthetic province in bulk (internal/gen) and builds the
// statistics of its months from the raw rows, as `stats rebuild` does.
func runGen(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	o := gen.Options{}
	rebuild := true
	cfg, err := parseCommon("gen", args, getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&o.Province, "province", "610000", "province code, or 000000 for the whole country")
		fs.IntVar(&o.Institutions, "institutions", 3000, "institutions to generate (126000 for the national size)")
		fs.IntVar(&o.Places, "places", 0, "total filed places (default 60 an institution)")
		fs.IntVar(&o.Months, "months", 12, "months of enrolment and daily attendance up to this month; 0 writes institutions and classes only")
		fs.Uint64Var(&o.Seed, "seed", 1, "random seed")
		fs.BoolVar(&rebuild, "rebuild", true, "rebuild the statistics of the months after writing")
	})
	if err != nil {
		return err
	}
	if cfg.SecretKey == "" {
		if store.IsPostgres(cfg.DB) {
			if err := requireKey(cfg); err != nil {
				return err
			}
		} else if cfg.SecretKey, err = demoKey(cfg.DB); err != nil {
			return err
		}
	}
	if err := requireKey(cfg); err != nil {
		return err
	}
	o.Now = cfg.Clock()()
	a, err := app.Open(ctx, cfg, logger(io.Discard))
	if err != nil {
		return err
	}
	defer a.Close()
	restore, err := a.DB.Relax(ctx)
	if err != nil {
		return err
	}
	defer restore()
	var bar *progressbar.ProgressBar
	o.Progress = func(done, total int64) {
		if bar == nil {
			bar = progressbar.NewOptions64(total, progressbar.OptionSetWriter(stdout), progressbar.OptionSetDescription("rows"),
				progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionThrottle(200*time.Millisecond))
		}
		bar.ChangeMax64(total)
		_ = bar.Set64(done)
	}
	start := time.Now()
	counts, err := gen.Generate(ctx, gen.Deps{DB: a.DB, DSN: cfg.DB, Keys: a.Service.Keys, Calendar: a.Service.Calendar}, o)
	if err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Fprintf(stdout, "\nwrote %d rows in %s (%.0f rows/s):", counts.Total(), took.Round(time.Second), float64(counts.Total())/took.Seconds())
	for _, t := range []string{"institutions", "classes", "staff", "staff_certificates", "children", "enrolments", "attendance"} {
		fmt.Fprintf(stdout, " %s %d", t, counts[t])
	}
	fmt.Fprintln(stdout)
	if !rebuild {
		fmt.Fprintln(stdout, "statistics left to the stats worker (every month is marked)")
		return nil
	}
	start = time.Now()
	for _, m := range o.MonthsCovered() {
		if err := rebuildMonth(ctx, a, m, stdout); err != nil {
			return err
		}
		if err := gen.AnalyzeStats(ctx, a.DB); err != nil {
			return err
		}
		fmt.Fprintln(stdout)
	}
	if err := gen.ClearMarks(ctx, a.DB); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "rebuilt %d months in %s\n", len(o.MonthsCovered()), time.Since(start).Round(time.Second))
	if rss, ok := peakRSS(); ok {
		fmt.Fprintf(stdout, "peak RSS %d MiB\n", rss>>20)
	}
	return nil
}

// peakRSS reads the process's peak resident set (Linux).
func peakRSS() (int64, bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}
