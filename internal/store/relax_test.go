package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// Relax lowers durability only until it is restored: SQLite's writer goes
// from synchronous=FULL (2) to NORMAL (1) and back; on PostgreSQL each
// write transaction commits without waiting for the WAL while relaxed.
func TestRelax(t *testing.T) {
	ctx := context.Background()
	t.Run("sqlite", func(t *testing.T) {
		db, err := Open(ctx, filepath.Join(t.TempDir(), "relax.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		sync := func() int {
			var n int
			if err := db.writer.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := sync(); n != 2 {
			t.Fatalf("synchronous = %d at open, want 2 (FULL)", n)
		}
		restore, err := db.Relax(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n := sync(); n != 1 {
			t.Errorf("synchronous = %d relaxed, want 1 (NORMAL)", n)
		}
		if err := restore(); err != nil {
			t.Fatal(err)
		}
		if n := sync(); n != 2 {
			t.Errorf("synchronous = %d restored, want 2 (FULL)", n)
		}
	})
	// PostgreSQL when TUOYU_TEST_POSTGRES names one, as for every suite
	// (internal/testkit, which this package cannot import).
	dsn := os.Getenv("TUOYU_TEST_POSTGRES")
	if dsn == "" {
		return
	}
	t.Run("postgres", func(t *testing.T) {
		db, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		commit := func() string {
			var v string
			if err := db.Tx(ctx, func(q Q) error { return q.queryRow(ctx, "SHOW synchronous_commit").Scan(&v) }); err != nil {
				t.Fatal(err)
			}
			return v
		}
		if v := commit(); v != "on" {
			t.Fatalf("synchronous_commit = %s, want on", v)
		}
		restore, err := db.Relax(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v := commit(); v != "off" {
			t.Errorf("synchronous_commit = %s relaxed, want off", v)
		}
		if err := restore(); err != nil {
			t.Fatal(err)
		}
		if v := commit(); v != "on" {
			t.Errorf("synchronous_commit = %s restored, want on", v)
		}
	})
}
