package store

import (
	"context"
	"database/sql"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// SessionRecord is a live session or API token with its user.
type SessionRecord struct {
	domain.Session
	User UserRecord
}

// CreateSession stores a session or API token by the hash of its token.
func (q Q) CreateSession(ctx context.Context, userID int64, kind, name, tokenHash string, now, expires time.Time, userAgent, ip string) (int64, error) {
	return q.insert(ctx, `INSERT INTO sessions (user_id, kind, name, token_hash, created_at, last_seen_at, expires_at, user_agent, ip)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, userID, kind, name, tokenHash, now.UTC(), now.UTC(), expires.UTC(), userAgent, ip)
}

// SessionByTokenHash finds a session that has not been ended. Expiry is the
// caller's decision.
func (q Q) SessionByTokenHash(ctx context.Context, hash string) (SessionRecord, error) {
	var s SessionRecord
	row := q.queryRow(ctx, `SELECT s.id, s.kind, s.name, s.created_at, s.last_seen_at, s.expires_at, s.user_agent, s.ip, `+userColumns+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.ended_at IS NULL`, hash)
	var inst sql.NullInt64
	var locked sql.NullTime
	err := row.Scan(&s.ID, &s.Kind, &s.Name, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt, &s.UserAgent, &s.IP,
		&s.User.ID, &s.User.Username, &s.User.DisplayName, &s.User.Role, &s.User.RegionCode, &s.User.Department, &inst, &s.User.Disabled, &s.User.PasswordHash, &s.User.FailedLogins, &locked, &s.User.MustChangePassword)
	if inst.Valid {
		s.User.InstitutionID = &inst.Int64
	}
	return s, notFound(err, "session")
}

// TouchSession records activity on a session.
func (q Q) TouchSession(ctx context.Context, id int64, now time.Time) error {
	_, err := q.exec(ctx, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", now.UTC(), id)
	return err
}

// EndSession ends one of the user's own sessions; another user's session is not found.
func (q Q) EndSession(ctx context.Context, userID, id int64, now time.Time) error {
	r, err := q.exec(ctx, "UPDATE sessions SET ended_at = ? WHERE id = ? AND user_id = ? AND ended_at IS NULL", now.UTC(), id, userID)
	if err != nil {
		return err
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return domain.NotFound("session")
	}
	return nil
}

// EndAllSessions ends every session and token of a user.
func (q Q) EndAllSessions(ctx context.Context, userID int64, now time.Time) error {
	_, err := q.exec(ctx, "UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL", now.UTC(), userID)
	return err
}

// ListSessions lists the live sessions and tokens of the scope's own
// account, newest first.
func (q Q) ListSessions(ctx context.Context, scope authz.Scope, now time.Time) ([]domain.Session, error) {
	where, args := scopeWhere(scope, scopeOn{User: "s.user_id"})
	rows, err := q.query(ctx, `SELECT s.id, s.kind, s.name, s.created_at, s.last_seen_at, s.expires_at, s.user_agent, s.ip FROM sessions s
		WHERE s.ended_at IS NULL AND s.expires_at > ? AND `+where+` ORDER BY s.created_at DESC, s.id DESC`, append([]any{now.UTC()}, args...)...)
	return Collect(rows, err, func(r Row) (domain.Session, error) {
		var s domain.Session
		err := r.Scan(&s.ID, &s.Kind, &s.Name, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt, &s.UserAgent, &s.IP)
		return s, err
	})
}
