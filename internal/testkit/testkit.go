// Package testkit gives tests a real, migrated database with reference data:
// SQLite always, and PostgreSQL when TUOYU_TEST_POSTGRES holds a URL. Each
// test gets its own copy of a template made once per test process.
package testkit

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"tuoyu/internal/app"
	"tuoyu/internal/secure"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

// Test apps hash passwords cheaply: suites create dozens of accounts each,
// and the production cost is checked in internal/secure's own tests.
func init() { secure.LowerCostForTests() }

// Secret is the key every test app uses.
const Secret = "test-secret-key-0123456789abcdef-0123456789"

// DefaultNow is the clock of test apps unless a test sets another:
// 2026-09-30 10:00 in China, the working-day example.
var DefaultNow = time.Date(2026, 9, 30, 10, 0, 0, 0, service.China)

// Backend is a database to run a suite against.
type Backend struct {
	Name string
	// New returns the DSN of a fresh migrated database with reference data.
	New func(t testing.TB) string
}

// Backends lists SQLite and, when TUOYU_TEST_POSTGRES is set, PostgreSQL.
func Backends() []Backend {
	b := []Backend{{Name: "sqlite", New: newSQLite}}
	if os.Getenv("TUOYU_TEST_POSTGRES") != "" {
		b = append(b, Backend{Name: "postgres", New: newPostgres})
	}
	return b
}

var (
	sqliteOnce     sync.Once
	sqliteTemplate string
	sqliteErr      error
	pgOnce         sync.Once
	pgTemplate     string
	pgErr          error
	logDiscard     = slog.New(slog.NewTextHandler(io.Discard, nil))
)

func prepare(ctx context.Context, dsn string) error {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	_, err = service.LoadReferenceData(ctx, db)
	return err
}

func newSQLite(t testing.TB) string {
	sqliteOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tuoyu-template-")
		if err != nil {
			sqliteErr = err
			return
		}
		sqliteTemplate = filepath.Join(dir, "template.db")
		sqliteErr = prepare(context.Background(), sqliteTemplate)
		if sqliteErr == nil {
			// fold the WAL into the main file so a plain copy is complete
			db, err := sql.Open("sqlite", sqliteTemplate)
			if err == nil {
				_, sqliteErr = db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
				db.Close()
			}
		}
	})
	if sqliteErr != nil {
		t.Fatalf("sqlite template: %v", sqliteErr)
	}
	b, err := os.ReadFile(sqliteTemplate)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "tuoyu.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func withDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + name
	return u.String()
}

func newPostgres(t testing.TB) string {
	base := os.Getenv("TUOYU_TEST_POSTGRES")
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	pgOnce.Do(func() {
		pgTemplate = fmt.Sprintf("tuoyu_tmpl_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)
		if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+pgTemplate); err != nil {
			pgErr = fmt.Errorf("PostgreSQL at TUOYU_TEST_POSTGRES is unreachable or refuses CREATE DATABASE: %w", err)
			return
		}
		pgErr = prepare(ctx, withDatabase(base, pgTemplate))
	})
	if pgErr != nil {
		t.Fatalf("postgres template: %v", pgErr)
	}
	name := fmt.Sprintf("tuoyu_t_%d_%d", os.Getpid(), time.Now().UnixNano())
	// A template cannot be copied while a connection to it is open; retry briefly.
	for i := 0; ; i++ {
		_, err = admin.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE "+pgTemplate)
		if err == nil || i > 50 || !strings.Contains(err.Error(), "being accessed") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err == nil {
			a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			a.Close()
		}
	})
	return withDatabase(base, name)
}

// NewApp opens an app on a fresh database of the backend, with the clock at now.
func NewApp(t testing.TB, b Backend, now time.Time) *app.App {
	t.Helper()
	a, err := app.Open(context.Background(), app.Config{DB: b.New(t), SecretKey: Secret, Now: now}, logDiscard)
	if err != nil {
		t.Fatalf("open app: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// Keys returns the test keys.
func Keys() *secure.Keys {
	k, _ := secure.NewKeys(Secret)
	return k
}
