package gen

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"tuoyu/internal/store"
)

// sink writes generated rows into a table: COPY on PostgreSQL, multi-row
// INSERTs in large transactions on SQLite.
type sink interface {
	write(ctx context.Context, table string, cols []string, next func() ([]any, bool)) (int64, error)
	close(ctx context.Context) error
}

// pgSink copies rows over its own pgx connection. Its session runs with
// session_replication_role = replica when allowed, so the statistics
// triggers do not mark 30 million rows one by one (the generator marks or
// rebuilds the months itself) and foreign keys, which the generator keeps by
// construction, are not checked row by row.
type pgSink struct {
	conn *pgx.Conn
}

func newPGSink(ctx context.Context, dsn string) (*pgSink, error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("connect to PostgreSQL for COPY: %w", err)
	}
	// Without the privilege the triggers run: slower, still correct.
	_, _ = conn.Exec(ctx, "SET session_replication_role = replica")
	_, _ = conn.Exec(ctx, "SET synchronous_commit = off")
	return &pgSink{conn: conn}, nil
}

func (s *pgSink) write(ctx context.Context, table string, cols []string, next func() ([]any, bool)) (int64, error) {
	return s.conn.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromFunc(func() ([]any, error) {
		if row, ok := next(); ok {
			return row, nil
		}
		return nil, nil
	}))
}

func (s *pgSink) close(ctx context.Context) error { return s.conn.Close(ctx) }

// sqliteSink inserts rows in statements of many rows, txRows rows to a
// transaction, through the store's single writer.
type sqliteSink struct {
	db *store.DB
}

const (
	sqliteVars = 900     // bound parameters in one statement
	txRows     = 200_000 // rows in one transaction
)

func (s *sqliteSink) write(ctx context.Context, table string, cols []string, next func() ([]any, bool)) (int64, error) {
	per := max(1, sqliteVars/len(cols))
	row1 := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	var n int64
	done := false
	for !done {
		err := s.db.Tx(ctx, func(q store.Q) error {
			for inTx := 0; inTx < txRows; {
				args := make([]any, 0, per*len(cols))
				rows := 0
				for rows < per {
					r, ok := next()
					if !ok {
						done = true
						break
					}
					args = append(args, r...)
					rows++
				}
				if rows > 0 {
					stmt := head + strings.TrimSuffix(strings.Repeat(row1+", ", rows), ", ")
					if _, err := q.Exec(ctx, stmt, args...); err != nil {
						return fmt.Errorf("%s: %w", table, err)
					}
				}
				n += int64(rows)
				inTx += rows
				if done {
					return nil
				}
			}
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func (s *sqliteSink) close(context.Context) error { return nil }
