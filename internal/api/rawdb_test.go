package api_test

import (
	"database/sql"
	"strconv"
	"strings"
	"testing"

	"tuoyu/internal/store"
)

// rawDB is a second connection to an env's database for fixture rows
// written with plain SQL, so a test does not depend on the use cases of
// other capabilities. Queries use ? placeholders, rebound for PostgreSQL.
type rawDB struct {
	t  testing.TB
	db *sql.DB
	pg bool
}

func newRawDB(e *env) *rawDB {
	e.t.Helper()
	dsn, driver := e.app.Config.DB, "sqlite"
	pg := store.IsPostgres(dsn)
	if pg {
		driver = "pgx"
	} else {
		dsn = "file:" + dsn + "?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		e.t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	e.t.Cleanup(func() { db.Close() })
	return &rawDB{t: e.t, db: db, pg: pg}
}

// bind rewrites ? placeholders for PostgreSQL.
func (f *rawDB) bind(q string) string {
	if !f.pg {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// insert runs an INSERT and returns the new row's id.
func (f *rawDB) insert(q string, args ...any) int64 {
	f.t.Helper()
	var id int64
	if err := f.db.QueryRow(f.bind(q+" RETURNING id"), args...).Scan(&id); err != nil {
		f.t.Fatalf("fixture %s: %v", q, err)
	}
	return id
}

func (f *rawDB) exec(q string, args ...any) {
	f.t.Helper()
	if _, err := f.db.Exec(f.bind(q), args...); err != nil {
		f.t.Fatalf("fixture %s: %v", q, err)
	}
}

func (f *rawDB) count(q string, args ...any) int {
	f.t.Helper()
	var n int
	if err := f.db.QueryRow(f.bind(q), args...).Scan(&n); err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
	return n
}
