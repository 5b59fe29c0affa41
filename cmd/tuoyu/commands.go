package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"tuoyu/internal/app"
	"tuoyu/internal/authz"
	"tuoyu/internal/demo"
	"tuoyu/internal/domain"
	"tuoyu/internal/secure"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

func parseCommon(name string, args []string, getenv func(string) string, extra func(*flag.FlagSet)) (app.Config, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	cfg := app.Config{Addr: getenv("TUOYU_ADDR"), DB: getenv("TUOYU_DB"), SecretKey: getenv("TUOYU_SECRET_KEY"), Region: getenv("TUOYU_REGION")}
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:8080"
	}
	if cfg.DB == "" {
		cfg.DB = "tuoyu.db"
	}
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address")
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite file path or postgres:// URL")
	fs.StringVar(&cfg.Region, "deployment", cfg.Region, "division the deployment serves (default 610600, Yan'an)")
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if v := getenv("TUOYU_NOW"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return cfg, fmt.Errorf("TUOYU_NOW must be RFC 3339, e.g. 2026-09-30T10:00:00+08:00: %w", err)
		}
		cfg.Now = t
	}
	return cfg, nil
}

func logger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func requireKey(cfg app.Config) error {
	if len(cfg.SecretKey) < secure.MinSecretLength {
		return fmt.Errorf("TUOYU_SECRET_KEY must be set to a secret of at least %d characters (for example: openssl rand -base64 48)", secure.MinSecretLength)
	}
	return nil
}

func runServe(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cfg, err := parseCommon("serve", args, getenv, nil)
	if err != nil {
		return err
	}
	if err := requireKey(cfg); err != nil {
		return err
	}
	return serve(ctx, cfg, stdout, nil)
}

// serveMemoryLimit is the soft limit of the Go heap while serving.
const serveMemoryLimit = 80 << 20

func serve(ctx context.Context, cfg app.Config, stdout io.Writer, afterOpen func(*app.App) error) error {
	log := logger(stdout)
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	if afterOpen != nil {
		if err := afterOpen(a); err != nil {
			return err
		}
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// A soft limit on the Go heap while serving: under a burst of
		// requests the collector works harder near it instead of letting
		// the heap double (issue 9 §9: peak RSS under 150 MB). Set after
		// the demo data, whose generation needs more. GOMEMLIMIT overrides.
		debug.SetMemoryLimit(serveMemoryLimit)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Tuoyu is serving on http://%s/ (database: %s)\n", ln.Addr(), redact(cfg.DB))
	err = a.Serve(ctx, ln)
	log.Info("stopped", "err", err)
	return err
}

// redact hides a password in a database URL.
func redact(dsn string) string {
	if i := strings.Index(dsn, "@"); i > 0 && store.IsPostgres(dsn) {
		if j := strings.Index(dsn, "://"); j > 0 && j < i {
			if k := strings.Index(dsn[j+3:i], ":"); k >= 0 {
				return dsn[:j+3+k] + ":***" + dsn[i:]
			}
		}
	}
	return dsn
}

func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cfg, err := parseCommon("migrate", args, getenv, nil)
	if err != nil {
		return err
	}
	if cfg.SecretKey == "" {
		// Migration encrypts nothing; a throwaway key lets it run without one.
		cfg.SecretKey = secure.NewSecret()
	}
	a, err := app.Open(ctx, cfg, logger(stdout))
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintln(stdout, "database is up to date:", redact(cfg.DB))
	return nil
}

func runUserAdd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	var username, role, region, name, department string
	var inst int64
	cfg, err := parseCommon("user add", args, getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "login name")
		fs.StringVar(&role, "role", "", "role: "+roleList())
		fs.StringVar(&region, "region", "", "region code of a regulator, partner or guidance worker")
		fs.Int64Var(&inst, "institution", 0, "institution id of a director or caregiver")
		fs.StringVar(&name, "name", "", "display name")
		fs.StringVar(&department, "department", "", "department of a partner (approval, market, emergency, mch, …)")
	})
	if err != nil {
		return err
	}
	if cfg.SecretKey == "" {
		cfg.SecretKey = secure.NewSecret()
	}
	password := getenv("TUOYU_PASSWORD")
	if password == "" {
		fmt.Fprint(stdout, "password: ")
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		password = strings.TrimRight(line, "\r\n")
	}
	a, err := app.Open(ctx, cfg, logger(io.Discard))
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.Service.AddUser(ctx, authz.System("cli"), service.NewUser{Username: username, DisplayName: name, Password: password,
		Role: domain.Role(role), RegionCode: region, InstitutionID: inst, Department: department})
	if err != nil {
		var de *domain.Error
		if errors.As(err, &de) && len(de.Fields) > 0 {
			parts := []string{}
			for f, r := range de.Fields {
				parts = append(parts, f+": "+r)
			}
			return fmt.Errorf("%s (%s)", de.Message, strings.Join(parts, "; "))
		}
		return err
	}
	fmt.Fprintf(stdout, "created user %s (id %d, role %s)\n", u.Username, u.ID, u.Role)
	return nil
}

func roleList() string {
	s := make([]string, len(domain.Roles))
	for i, r := range domain.Roles {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

func runDemo(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	var seed int64
	var scale float64
	cfg, err := parseCommon("demo", args, getenv, func(fs *flag.FlagSet) {
		fs.Int64Var(&seed, "seed", 1, "seed of the demo data generator")
		fs.Float64Var(&scale, "scale", 1, "size of the demo data relative to Yan'an (1 ≈ 120 institutions)")
	})
	if err != nil {
		return err
	}
	if cfg.SecretKey == "" {
		key, err := demoKey(cfg.DB)
		if err != nil {
			return err
		}
		cfg.SecretKey = key
	}
	if cfg.Now.IsZero() {
		fmt.Fprintln(stdout, "tip: TUOYU_NOW=2026-09-30T10:00:00+08:00 fixes the demo clock")
	}
	return serve(ctx, cfg, stdout, func(a *app.App) error {
		sum, err := demo.Ensure(ctx, a.Service, demo.Options{Seed: seed, Scale: scale, Progress: os.Stderr})
		if err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		fmt.Fprint(stdout, sum)
		fmt.Fprintln(stdout, "\ndemo accounts (password "+demo.Password+"):")
		for _, acc := range demo.Accounts {
			fmt.Fprintf(stdout, "  %-10s %s\n", acc.Username, acc.Description)
		}
		return nil
	})
}

// demoKey reads or creates the demo's secret key beside the database file.
func demoKey(dsn string) (string, error) {
	path := "tuoyu-demo.key"
	if !store.IsPostgres(dsn) {
		path = dsn + ".key"
	}
	if b, err := os.ReadFile(path); err == nil {
		key := strings.TrimSpace(string(b))
		if len(key) >= secure.MinSecretLength {
			return key, nil
		}
		return "", fmt.Errorf("%s holds a key that is too short", path)
	}
	key := secure.NewSecret()
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return "", err
		}
	}
	if err := os.WriteFile(path, []byte(key+"\n"), 0o600); err != nil {
		return "", err
	}
	return key, nil
}
