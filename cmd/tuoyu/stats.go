package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/schollz/progressbar/v3"

	"tuoyu/internal/app"
	"tuoyu/internal/civil"
	"tuoyu/internal/gen"
	"tuoyu/internal/secure"
)

// runStatsRebuild recomputes one month's indicators from the raw records,
// leaving the other months as they are.
func runStatsRebuild(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	var period string
	cfg, err := parseCommon("stats rebuild", args, getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&period, "period", "", "month to rebuild, e.g. 2026-09")
	})
	if err != nil {
		return err
	}
	m, err := civil.ParseMonth(period)
	if err != nil {
		return fmt.Errorf("-period must be a month such as 2026-09")
	}
	if cfg.SecretKey == "" {
		cfg.SecretKey = secure.NewSecret() // nothing is decrypted
	}
	a, err := app.Open(ctx, cfg, logger(io.Discard))
	if err != nil {
		return err
	}
	defer a.Close()
	// The planner's statistics of the roll-up tables, before (a table
	// filled since the last ANALYZE otherwise reads as empty) and after
	// (the month's rows replaced). Nothing on SQLite.
	if err := gen.AnalyzeStats(ctx, a.DB); err != nil {
		return err
	}
	if err := rebuildMonth(ctx, a, m, stdout); err != nil {
		return err
	}
	if err := gen.AnalyzeStats(ctx, a.DB); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nrebuilt %s\n", m)
	return nil
}

// rebuildMonth recomputes a month's indicators with a progress bar.
func rebuildMonth(ctx context.Context, a *app.App, m civil.Month, stdout io.Writer) error {
	var bar *progressbar.ProgressBar
	return a.Stats.Rebuild(ctx, m, func(done, total int) {
		if bar == nil {
			bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(stdout), progressbar.OptionSetDescription("rebuild "+m.String()),
				progressbar.OptionShowCount())
		}
		_ = bar.Set(done)
	})
}
