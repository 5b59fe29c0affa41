package store

import (
	"context"
	"database/sql"

	"tuoyu/internal/authz"
)

// The exported querier methods serve the capability packages (supervision,
// stats, …) that keep their own SQL beside their use cases. Queries are
// written with ? placeholders, as in this package.

// Dialect is the database the querier runs on.
func (q Q) Dialect() Dialect { return q.dialect }

// Exec runs a statement.
func (q Q) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return q.exec(ctx, query, args...)
}

// Query runs a query returning rows.
func (q Q) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return q.query(ctx, query, args...)
}

// QueryRow runs a query returning at most one row.
func (q Q) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return q.queryRow(ctx, query, args...)
}

// Insert runs an INSERT and returns the new row's id.
func (q Q) Insert(ctx context.Context, query string, args ...any) (int64, error) {
	return q.insert(ctx, query, args...)
}

// ScopeInstitutions is the SQL condition (with ? placeholders) keeping the
// institutions (table alias alias) that the scope reaches.
func ScopeInstitutions(scope authz.Scope, alias string) (string, []any) {
	return scopeWhere(scope, scopeOn{Institution: alias})
}

// ForUpdate is the row-locking suffix of a SELECT on this database
// ("" on SQLite, whose write transactions already hold the writer).
func (q Q) ForUpdate() string { return q.forUpdate() }

// ScopeRegion is the SQL condition keeping rows whose county code column
// col lies in the scope (regulators' records keyed by region).
func ScopeRegion(scope authz.Scope, col string) (string, []any) {
	return scopeWhere(scope, scopeOn{Region: col})
}
