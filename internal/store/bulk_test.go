package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// freshPostgres creates an empty database beside base's, dropped when the
// test ends, and returns its URL.
func freshPostgres(t *testing.T, base string) string {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("tuoyu_store_%d_%d", os.Getpid(), time.Now().UnixNano())
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		admin.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// A bulk load joins the write transactions into one: each is a savepoint
// (a refused one changes nothing, the others stay), reads see what the
// load wrote, Commit makes it durable and Close rolls back the rest.
func TestBulk(t *testing.T) {
	ctx := context.Background()
	dsns := map[string]string{"sqlite": filepath.Join(t.TempDir(), "bulk.db")}
	// PostgreSQL when TUOYU_TEST_POSTGRES names one (see TestRelax), in a
	// database of its own.
	if base := os.Getenv("TUOYU_TEST_POSTGRES"); base != "" {
		dsns["postgres"] = freshPostgres(t, base)
	}
	for name, dsn := range dsns {
		t.Run(name, func(t *testing.T) {
			db, err := Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			set := func(k, v string) error { return db.Tx(ctx, func(q Q) error { return q.SetSetting(ctx, k, v) }) }
			get := func(q Q, k string) string {
				v, err := q.Setting(ctx, k)
				if err != nil {
					t.Fatal(err)
				}
				return v
			}
			for _, k := range []string{"bulk_a", "bulk_b", "bulk_c"} {
				if err := set(k, ""); err != nil {
					t.Fatal(err)
				}
			}
			load, err := db.Bulk(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Bulk(ctx); err == nil {
				t.Error("a second bulk load opened while one is open")
			}
			if err := set("bulk_a", "1"); err != nil {
				t.Fatal(err)
			}
			refused := errors.New("refused")
			err = db.Tx(ctx, func(q Q) error {
				if err := q.SetSetting(ctx, "bulk_b", "written then refused"); err != nil {
					return err
				}
				return refused
			})
			if !errors.Is(err, refused) {
				t.Fatalf("refused use case: %v", err)
			}
			if a, b := get(db.Read(), "bulk_a"), get(db.Read(), "bulk_b"); a != "1" || b != "" {
				t.Errorf("inside the load: a=%q b=%q, want a=1 and b unchanged", a, b)
			}
			if err := load.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			if err := set("bulk_c", "lost"); err != nil {
				t.Fatal(err)
			}
			if err := load.Close(); err != nil {
				t.Fatal(err)
			}
			if a, b, c := get(db.Read(), "bulk_a"), get(db.Read(), "bulk_b"), get(db.Read(), "bulk_c"); a != "1" || b != "" || c != "" {
				t.Errorf("after the load: a=%q b=%q c=%q, want 1, unchanged, rolled back", a, b, c)
			}
			// After the load, transactions are the database's own again.
			if err := set("bulk_c", "2"); err != nil {
				t.Fatal(err)
			}
			if c := get(db.Read(), "bulk_c"); c != "2" {
				t.Errorf("after the load, c=%q", c)
			}
		})
	}
}
