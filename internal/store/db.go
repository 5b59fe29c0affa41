// Package store keeps Tuoyu's data in SQLite (embedded) or PostgreSQL
// (production) through database/sql. Queries are written once with ?
// placeholders; methods that return people or institutions take an
// authz.Scope.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"tuoyu/internal/domain"
)

// Dialect names the database in use.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB holds a writer pool and a reader pool. For SQLite the writer has one
// connection, so writes queue instead of failing with SQLITE_BUSY; for
// PostgreSQL both are the same pool.
type DB struct {
	Dialect Dialect
	writer  *sql.DB
	reader  *sql.DB
	relaxed atomic.Bool            // see Relax
	bulk    atomic.Pointer[bulkTx] // see Bulk
	// committed are told what each committed transaction wrote (see
	// AfterCommit).
	committed atomic.Pointer[[]func([]Written)]
}

// Written is what a committed transaction wrote, as its audit events name
// it: the action, and the institution and region it concerns.
type Written struct {
	Action        string
	InstitutionID int64
	RegionCode    string
}

// AfterCommit registers fn to be called after every committed transaction
// that appended audit events, with what they name, before Tx returns. Every
// write appends its audit event in its transaction, so a value derived from
// the records (a cache) can be dropped when a write that changes it is
// committed. fn must be quick and must not write.
func (db *DB) AfterCommit(fn func([]Written)) {
	for {
		old := db.committed.Load()
		var next []func([]Written)
		if old != nil {
			next = append(next, *old...)
		}
		next = append(next, fn)
		if db.committed.CompareAndSwap(old, &next) {
			return
		}
	}
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to dsn: a postgres:// URL or a SQLite file path.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if IsPostgres(dsn) {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(20)
		db.SetMaxIdleConns(10)
		if err := db.PingContext(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
		}
		return &DB{Dialect: Postgres, writer: db, reader: db}, nil
	}
	pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)"
	path := "file:" + (&url.URL{Path: dsn}).EscapedPath()
	writer, err := sql.Open("sqlite", path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	writer.SetMaxOpenConns(1)
	if err := writer.PingContext(ctx); err != nil {
		writer.Close()
		return nil, fmt.Errorf("open SQLite database %s: %w", dsn, err)
	}
	reader, err := sql.Open("sqlite", path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		writer.Close()
		return nil, err
	}
	reader.SetMaxOpenConns(max(4, runtime.NumCPU()*2))
	return &DB{Dialect: SQLite, writer: writer, reader: reader}, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	err := db.writer.Close()
	if db.reader != db.writer {
		err = errors.Join(err, db.reader.Close())
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.reader.PingContext(ctx); err != nil {
		return err
	}
	var one int
	return db.reader.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Relax lowers durability while generated data is written (the demo's
// first start): SQLite syncs at checkpoints rather than at every commit,
// PostgreSQL commits without waiting for its WAL to reach the disk. A
// crash of the machine may lose the last transactions but never leaves
// the database inconsistent. The function returned restores full
// durability (synchronous=FULL, docs/design.md §4.5).
func (db *DB) Relax(ctx context.Context) (restore func() error, err error) {
	if db.Dialect == SQLite {
		if _, err := db.writer.ExecContext(ctx, "PRAGMA synchronous = NORMAL"); err != nil {
			return nil, err
		}
		return func() error {
			_, err := db.writer.ExecContext(context.WithoutCancel(ctx), "PRAGMA synchronous = FULL")
			return err
		}, nil
	}
	db.relaxed.Store(true)
	return func() error { db.relaxed.Store(false); return nil }, nil
}

// Read returns a querier over the reader pool (over the open transaction
// while Bulk runs).
func (db *DB) Read() Q {
	if b := db.bulk.Load(); b != nil {
		return b.q
	}
	return Q{q: db.reader, dialect: db.Dialect}
}

// Tx runs fn in a write transaction, committing when fn returns nil and
// rolling back otherwise. Every write and its audit event go through here.
//
// While Bulk runs, the transaction is a savepoint of the bulk transaction:
// what fn writes is released into it when fn returns nil and rolled back
// to the savepoint otherwise, so a refused use case changes nothing there
// either.
func (db *DB) Tx(ctx context.Context, fn func(Q) error) error {
	if b := db.bulk.Load(); b != nil {
		return b.savepoint(ctx, fn)
	}
	tx, q, err := db.begin(ctx)
	if err != nil {
		return err
	}
	var wrote []Written
	q.wrote = &wrote
	if err := fn(q); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return translate(err)
	}
	db.committedWrites(wrote)
	return nil
}

// committedWrites tells the AfterCommit functions what was committed.
func (db *DB) committedWrites(wrote []Written) {
	if fns := db.committed.Load(); fns != nil && len(wrote) > 0 {
		for _, fn := range *fns {
			fn(wrote)
		}
	}
}

// begin opens a write transaction and its querier: on SQLite with a
// cache of the statements it prepares (each parsed once per transaction),
// on PostgreSQL (whose driver keeps prepared statements per connection)
// without commit waiting for the WAL while relaxed.
func (db *DB) begin(ctx context.Context) (*sql.Tx, Q, error) {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return nil, Q{}, err
	}
	if db.Dialect == Postgres && db.relaxed.Load() {
		if _, err := tx.ExecContext(ctx, "SET LOCAL synchronous_commit = off"); err != nil {
			_ = tx.Rollback()
			return nil, Q{}, err
		}
	}
	q := Q{q: tx, dialect: db.Dialect}
	if db.Dialect == SQLite {
		q.stmts = &stmtCache{tx: tx, m: map[string]*sql.Stmt{}}
	}
	return tx, q, nil
}

// stmtCache holds the statements a SQLite transaction has prepared for
// exec and queryRow (whose use ends before the caller's next query), by
// query text; they close with the transaction. Parsing was about a third
// of the demo generation's time when each execution prepared its
// statement afresh. Queries whose text varies (IN lists of any length)
// stop being cached once maxCached distinct texts are held.
type stmtCache struct {
	tx *sql.Tx
	m  map[string]*sql.Stmt
}

const maxCached = 200

// stmt returns the prepared statement of query, or nil when the cache is
// full (the query then runs unprepared).
func (c *stmtCache) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := c.m[query]; ok {
		return st, nil
	}
	if len(c.m) >= maxCached {
		return nil, nil
	}
	st, err := c.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, translate(err)
	}
	c.m[query] = st
	return st, nil
}

// bulkTx is the transaction of a Bulk load.
type bulkTx struct {
	mu sync.Mutex // one savepoint at a time
	tx *sql.Tx
	q  Q
}

func (b *bulkTx) savepoint(ctx context.Context, fn func(Q) error) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, err := b.q.exec(ctx, "SAVEPOINT use_case"); err != nil {
		return err
	}
	if err := fn(b.q); err != nil {
		if _, rerr := b.q.exec(context.WithoutCancel(ctx), "ROLLBACK TO SAVEPOINT use_case"); rerr != nil {
			return errors.Join(err, rerr)
		}
		_, rerr := b.q.exec(context.WithoutCancel(ctx), "RELEASE SAVEPOINT use_case")
		return errors.Join(err, rerr)
	}
	_, err := b.q.exec(ctx, "RELEASE SAVEPOINT use_case")
	return err
}

// Bulk is a load of generated data (the demo's first start) in large
// transactions: while it is open, every write transaction of db (Tx) is a
// savepoint of one transaction, and every read (Read) reads that
// transaction, so the use cases run unchanged (their checks, their audit
// events) but commit together. Commit makes what was written durable and
// goes on in a new transaction; Close ends the load, rolling back what was
// written since the last Commit.
//
// Nothing else may use db while a Bulk is open: other sessions would
// read and write inside the load's transaction.
type Bulk struct {
	db     *DB
	b      *bulkTx
	closed bool
}

// Bulk opens a bulk load (see the type).
func (db *DB) Bulk(ctx context.Context) (*Bulk, error) {
	if db.bulk.Load() != nil {
		return nil, errors.New("store: a bulk load is already open")
	}
	l := &Bulk{db: db}
	if db.Dialect == SQLite {
		// A savepoint keeps the original of each page it changes in a
		// statement journal, a temporary file unless temporary storage is
		// in memory; a large page cache keeps the load's pages from
		// spilling into the WAL before commit. Both return to their
		// defaults with Close.
		for _, p := range []string{"PRAGMA temp_store = MEMORY", "PRAGMA cache_size = -16384"} {
			if _, err := db.writer.ExecContext(ctx, p); err != nil {
				return nil, err
			}
		}
	}
	if err := l.open(ctx); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *Bulk) open(ctx context.Context) error {
	tx, q, err := l.db.begin(ctx)
	if err != nil {
		return err
	}
	l.b = &bulkTx{tx: tx, q: q}
	l.db.bulk.Store(l.b)
	return nil
}

// Commit commits what was written and opens the next transaction.
func (l *Bulk) Commit(ctx context.Context) error {
	if l.b == nil {
		return errors.New("store: the bulk load is closed")
	}
	l.db.bulk.Store(nil)
	tx := l.b.tx
	l.b = nil
	if err := translate(tx.Commit()); err != nil {
		return err
	}
	return l.open(ctx)
}

// Close ends the load: what was written since the last Commit is rolled
// back (commit first to keep it).
func (l *Bulk) Close() error {
	var err error
	if l.b != nil {
		l.db.bulk.Store(nil)
		err = l.b.tx.Rollback()
		l.b = nil
	}
	if l.db.Dialect == SQLite && !l.closed {
		l.closed = true
		for _, p := range []string{"PRAGMA temp_store = DEFAULT", "PRAGMA cache_size = -2000"} {
			_, perr := l.db.writer.ExecContext(context.Background(), p)
			err = errors.Join(err, perr)
		}
	}
	return err
}

type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Q runs queries written with ? placeholders on either database.
type Q struct {
	q       querier
	dialect Dialect
	stmts   *stmtCache // a SQLite write transaction's prepared statements
	// wrote collects the audit events' Written of a write transaction (nil
	// on the reader and in a Bulk load, which runs before anyone reads).
	wrote *[]Written
}

func (q Q) rebind(query string) string {
	if q.dialect != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

func (q Q) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if q.stmts != nil {
		st, err := q.stmts.stmt(ctx, query)
		if err != nil {
			return nil, err
		}
		if st != nil {
			r, err := st.ExecContext(ctx, args...)
			return r, translate(err)
		}
	}
	r, err := q.q.ExecContext(ctx, q.rebind(query), args...)
	return r, translate(err)
}

// query does not use the statement cache: SQLite steps one execution of a
// statement at a time, and a caller reading rows may run the same query
// again before it closes them.
func (q Q) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	r, err := q.q.QueryContext(ctx, q.rebind(query), args...)
	return r, translate(err)
}

func (q Q) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if q.stmts != nil {
		if st, err := q.stmts.stmt(ctx, query); err == nil && st != nil {
			return st.QueryRowContext(ctx, args...)
		}
	}
	return q.q.QueryRowContext(ctx, q.rebind(query), args...)
}

// insert runs an INSERT … RETURNING id.
func (q Q) insert(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := q.queryRow(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, translate(err)
}

// translate turns a unique violation on either database into a conflict.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &domain.Error{Code: domain.CodeConflict, Message: "a record with the same key already exists"}
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return &domain.Error{Code: domain.CodeConflict, Message: "a record with the same key already exists"}
	}
	return err
}

// notFound maps sql.ErrNoRows to a domain not-found error.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return domain.NotFound(what)
	}
	return err
}

// in builds "(?, ?, ?)" for n values.
func in(n int) string {
	return "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
}

// Savepoint marks a point in a write transaction that RollbackTo returns
// to, so that one part of a transaction (one request of a group commit) can
// fail without failing the others; Release forgets it. Both databases
// support nested SAVEPOINT … ROLLBACK TO … RELEASE.
type Savepoint struct {
	name  string
	wrote int
}

// Savepoint starts a savepoint of the given name (a plain identifier).
func (q Q) Savepoint(ctx context.Context, name string) (Savepoint, error) {
	sp := Savepoint{name: name}
	if q.wrote != nil {
		sp.wrote = len(*q.wrote)
	}
	_, err := q.exec(ctx, "SAVEPOINT "+name)
	return sp, err
}

// RollbackTo undoes what was written since the savepoint, and releases it.
func (q Q) RollbackTo(ctx context.Context, sp Savepoint) error {
	if _, err := q.exec(ctx, "ROLLBACK TO SAVEPOINT "+sp.name); err != nil {
		return err
	}
	if q.wrote != nil {
		*q.wrote = (*q.wrote)[:sp.wrote]
	}
	return q.Release(ctx, sp)
}

// Release keeps what was written since the savepoint and forgets it.
func (q Q) Release(ctx context.Context, sp Savepoint) error {
	_, err := q.exec(ctx, "RELEASE SAVEPOINT "+sp.name)
	return err
}
