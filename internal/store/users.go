package store

import (
	"context"
	"database/sql"
	"time"

	"tuoyu/internal/domain"
)

// UserRecord is a user with the fields only the login path needs.
type UserRecord struct {
	domain.User
	PasswordHash string
	FailedLogins int
	LockedUntil  *time.Time
}

const userColumns = `u.id, u.username, u.display_name, u.role, u.region_code, u.department, u.institution_id, u.disabled, u.password_hash, u.failed_logins, u.locked_until, u.must_change_password`

func scanUser(row Row) (UserRecord, error) {
	var u UserRecord
	var inst sql.NullInt64
	var locked sql.NullTime
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role, &u.RegionCode, &u.Department, &inst, &u.Disabled, &u.PasswordHash, &u.FailedLogins, &locked, &u.MustChangePassword)
	if inst.Valid {
		u.InstitutionID = &inst.Int64
	}
	if locked.Valid {
		t := locked.Time.UTC()
		u.LockedUntil = &t
	}
	return u, err
}

// CreateUser adds an account; a taken username is a conflict.
func (q Q) CreateUser(ctx context.Context, u domain.User, passwordHash string, now time.Time) (int64, error) {
	var inst any
	if u.InstitutionID != nil {
		inst = *u.InstitutionID
	}
	return q.insert(ctx, `INSERT INTO users (username, display_name, password_hash, role, region_code, department, institution_id, disabled, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, u.Username, u.DisplayName, passwordHash, u.Role, u.RegionCode, u.Department, inst, u.Disabled, now.UTC())
}

// UserByUsername finds an account for login.
func (q Q) UserByUsername(ctx context.Context, username string) (UserRecord, error) {
	u, err := scanUser(q.queryRow(ctx, "SELECT "+userColumns+" FROM users u WHERE u.username = ?", username))
	return u, notFound(err, "user")
}

// UserByID finds an account.
func (q Q) UserByID(ctx context.Context, id int64) (UserRecord, error) {
	u, err := scanUser(q.queryRow(ctx, "SELECT "+userColumns+" FROM users u WHERE u.id = ?", id))
	return u, notFound(err, "user")
}

// RecordLoginFailure counts a failed login and sets the lock when given.
func (q Q) RecordLoginFailure(ctx context.Context, id int64, failures int, lockedUntil *time.Time) error {
	var lock any
	if lockedUntil != nil {
		lock = lockedUntil.UTC()
	}
	_, err := q.exec(ctx, "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?", failures, lock, id)
	return err
}

// ClearLoginFailures resets the counter after a successful login.
func (q Q) ClearLoginFailures(ctx context.Context, id int64) error {
	_, err := q.exec(ctx, "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?", id)
	return err
}

// SetUserDisabled disables or enables an account.
func (q Q) SetUserDisabled(ctx context.Context, id int64, disabled bool) error {
	_, err := q.exec(ctx, "UPDATE users SET disabled = ? WHERE id = ?", disabled, id)
	return err
}

// SetPassword replaces the password hash.
func (q Q) SetPassword(ctx context.Context, id int64, hash string) error {
	_, err := q.exec(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", hash, id)
	return err
}

// ListUsers lists accounts for administrators, by username.
func (q Q) ListUsers(ctx context.Context, page domain.Page) ([]domain.User, int, error) {
	page = page.Normalised()
	var total int
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM users").Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.query(ctx, "SELECT "+userColumns+" FROM users u ORDER BY u.username LIMIT ? OFFSET ?", page.PerPage, page.Offset())
	out, err := Collect(rows, err, func(r Row) (domain.User, error) {
		u, err := scanUser(r)
		return u.User, err
	})
	return out, total, err
}

// CountUsers counts accounts.
func (q Q) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := q.queryRow(ctx, "SELECT COUNT(*) FROM users").Scan(&n)
	return n, err
}
