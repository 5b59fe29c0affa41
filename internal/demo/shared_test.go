package demo_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"tuoyu/internal/app"
	"tuoyu/internal/demo"
	"tuoyu/internal/testkit"
)

// A generation on SQLite is kept for the test process, by clock and
// options: the tests that need the same demo each get a copy of its file
// rather than generating it again.
type generation struct {
	once sync.Once
	path string // the database file, its WAL folded in
	sum  demo.Summary
	err  error
}

var (
	generationsMu sync.Mutex
	generations   = map[string]*generation{}
)

// generated opens an app on a copy of the SQLite demo of opt at now,
// generated once per test process, and returns it with the summary of
// that generation.
func generated(t *testing.T, now time.Time, opt demo.Options) (*app.App, demo.Summary) {
	t.Helper()
	key := fmt.Sprintf("%s %+v", now.Format(time.RFC3339), opt)
	generationsMu.Lock()
	g := generations[key]
	if g == nil {
		g = &generation{}
		generations[key] = g
	}
	generationsMu.Unlock()
	g.once.Do(func() { g.path, g.sum, g.err = generate(t, now, opt) })
	if g.err != nil {
		t.Fatalf("generate %s: %v", key, g.err)
	}
	b, err := os.ReadFile(g.path)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "demo.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(context.Background(), app.Config{DB: path, SecretKey: testkit.Secret, Now: now}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("open the copy of %s: %v", key, err)
	}
	t.Cleanup(func() { a.Close() })
	return a, g.sum
}

// generate writes the demo into a fresh database of t and keeps a copy
// of the file in a directory of the test process (removed by TestMain).
func generate(t *testing.T, now time.Time, opt demo.Options) (string, demo.Summary, error) {
	ctx := context.Background()
	src := testkit.Backends()[0].New(t)
	a, err := app.Open(ctx, app.Config{DB: src, SecretKey: testkit.Secret, Now: now}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return "", demo.Summary{}, err
	}
	sum, err := demo.Ensure(ctx, a.Service, opt)
	if cerr := a.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", demo.Summary{}, err
	}
	// fold the WAL into the main file so a plain copy is complete
	db, err := sql.Open("sqlite", src)
	if err != nil {
		return "", demo.Summary{}, err
	}
	_, err = db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", demo.Summary{}, err
	}
	b, err := os.ReadFile(src)
	if err != nil {
		return "", demo.Summary{}, err
	}
	dir, err := keptDir()
	if err != nil {
		return "", demo.Summary{}, err
	}
	f, err := os.CreateTemp(dir, "demo-*.db")
	if err != nil {
		return "", demo.Summary{}, err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return f.Name(), sum, err
}

var (
	keptOnce sync.Once
	kept     string
	keptErr  error
)

// keptDir is the directory of the kept generations.
func keptDir() (string, error) {
	keptOnce.Do(func() { kept, keptErr = os.MkdirTemp("", "tuoyu-demo-") })
	return kept, keptErr
}

func TestMain(m *testing.M) {
	code := m.Run()
	if kept != "" {
		os.RemoveAll(kept)
	}
	os.Exit(code)
}
