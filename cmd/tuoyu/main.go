// Command tuoyu runs Tuoyu (托育), the information system for care services
// for children under 3.
//
//	tuoyu demo                 serve with the Yan'an demo data (embedded SQLite by default)
//	tuoyu serve                serve in production (needs TUOYU_SECRET_KEY)
//	tuoyu migrate              create or update the database schema and reference data
//	tuoyu user add -username U -role R [-region C | -institution ID]
//	tuoyu stats rebuild -period 2026-09
//	tuoyu gen -province 610000 [-institutions N] [-months M] [-seed S] [-rebuild=false]
//
// Flags and environment: -addr / TUOYU_ADDR (127.0.0.1:8080), -db / TUOYU_DB
// (a file path for SQLite, or a postgres:// URL), TUOYU_SECRET_KEY, TUOYU_NOW.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := Run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "tuoyu:", err)
		os.Exit(1)
	}
}

const usage = `usage: tuoyu <command> [flags]

commands:
  demo      create the database with the Yan'an demo data and serve it
  serve     serve in production (requires TUOYU_SECRET_KEY)
  migrate   create or update the schema and load reference data
  user add  create an account with a role and a scope
  stats rebuild -period 2026-09   recompute a month's indicators from the records
  gen -province 610000 [-institutions 3000] [-months 12] [-seed 1] [-rebuild=false]
            write a synthetic province in bulk (into an empty database) and build its statistics

common flags (or environment):
  -addr   TUOYU_ADDR        listen address (default 127.0.0.1:8080)
  -db     TUOYU_DB          SQLite file path (default tuoyu.db) or postgres:// URL
  -deployment TUOYU_REGION  division the deployment serves (default 610600, Yan'an)
          TUOYU_SECRET_KEY  key for encryption and keyed hashes (32+ characters)
          TUOYU_NOW         fix the clock (RFC 3339), for demos and tests
`

// Run is the program, separated from main so tests can drive it.
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given")
	}
	switch args[0] {
	case "demo":
		return runDemo(ctx, args[1:], getenv, stdout)
	case "serve":
		return runServe(ctx, args[1:], getenv, stdout)
	case "migrate":
		return runMigrate(ctx, args[1:], getenv, stdout)
	case "user":
		if len(args) < 2 || args[1] != "add" {
			return fmt.Errorf("usage: tuoyu user add -username U -role R [-region CODE | -institution ID] [-name NAME]")
		}
		return runUserAdd(ctx, args[2:], getenv, stdin, stdout)
	case "stats":
		if len(args) < 2 || args[1] != "rebuild" {
			return fmt.Errorf("usage: tuoyu stats rebuild -period 2026-09")
		}
		return runStatsRebuild(ctx, args[2:], getenv, stdout)
	case "gen":
		return runGen(ctx, args[1:], getenv, stdout)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", args[0])
	}
}
