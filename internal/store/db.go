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
	relaxed atomic.Bool // see Relax
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

// Read returns a querier over the reader pool.
func (db *DB) Read() Q { return Q{q: db.reader, dialect: db.Dialect} }

// Tx runs fn in a write transaction, committing when fn returns nil and
// rolling back otherwise. Every write and its audit event go through here.
func (db *DB) Tx(ctx context.Context, fn func(Q) error) error {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if db.Dialect == Postgres && db.relaxed.Load() {
		if _, err := tx.ExecContext(ctx, "SET LOCAL synchronous_commit = off"); err != nil {
			_ = tx.Rollback()
			return err
		}
	}
	var wrote []Written
	if err := fn(Q{q: tx, dialect: db.Dialect, wrote: &wrote}); err != nil {
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

type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Q runs queries written with ? placeholders on either database.
type Q struct {
	q       querier
	dialect Dialect
	// wrote collects the audit events' Written of a write transaction (nil
	// on the reader).
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
	r, err := q.q.ExecContext(ctx, q.rebind(query), args...)
	return r, translate(err)
}

func (q Q) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	r, err := q.q.QueryContext(ctx, q.rebind(query), args...)
	return r, translate(err)
}

func (q Q) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
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
