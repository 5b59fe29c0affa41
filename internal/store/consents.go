package store

import (
	"context"
	"database/sql"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

const consentColumns = `n.id, n.child_id, n.guardian_id, g.name, n.purpose, n.given_at, n.withdrawn_at`

func scanConsent(row Row) (domain.Consent, error) {
	var c domain.Consent
	var withdrawn sql.NullTime
	err := row.Scan(&c.ID, &c.ChildID, &c.GuardianID, &c.GuardianName, &c.Purpose, &c.GivenAt, &withdrawn)
	c.GivenAt = c.GivenAt.UTC()
	if withdrawn.Valid {
		t := withdrawn.Time.UTC()
		c.WithdrawnAt = &t
	}
	c.Active = !withdrawn.Valid
	return c, err
}

// AddConsent records a guardian's consent to a purpose.
func (q Q) AddConsent(ctx context.Context, childID, guardianID int64, purpose string, at time.Time) (int64, error) {
	return q.insert(ctx, "INSERT INTO consents (child_id, guardian_id, purpose, given_at) VALUES (?, ?, ?, ?)", childID, guardianID, purpose, at.UTC())
}

// Consents lists the consent records of a child in scope, newest first.
func (q Q) Consents(ctx context.Context, scope authz.Scope, childID int64) ([]domain.Consent, error) {
	where, args := scopeWhere(scope, scopeOn{Child: "n.child_id"})
	rows, err := q.query(ctx, "SELECT "+consentColumns+" FROM consents n JOIN guardians g ON g.id = n.guardian_id WHERE n.child_id = ? AND "+where+
		" ORDER BY n.given_at DESC, n.id DESC", append([]any{childID}, args...)...)
	return Collect(rows, err, scanConsent)
}

// Consent returns one consent record whose child is in scope.
func (q Q) Consent(ctx context.Context, scope authz.Scope, id int64) (domain.Consent, error) {
	where, args := scopeWhere(scope, scopeOn{Child: "c.id"})
	c, err := scanConsent(q.queryRow(ctx, "SELECT "+consentColumns+" FROM consents n JOIN guardians g ON g.id = n.guardian_id JOIN children c ON c.id = n.child_id WHERE n.id = ? AND "+where,
		append([]any{id}, args...)...))
	return c, notFound(err, "consent")
}

// ActiveConsentBy reports whether a guardian's consent to a purpose stands.
func (q Q) ActiveConsentBy(ctx context.Context, childID, guardianID int64, purpose string) (bool, error) {
	var n int
	err := q.queryRow(ctx, "SELECT COUNT(*) FROM consents WHERE child_id = ? AND guardian_id = ? AND purpose = ? AND withdrawn_at IS NULL",
		childID, guardianID, purpose).Scan(&n)
	return n > 0, err
}

// HasConsent reports whether any current guardian's consent to a purpose
// stands for a child (for the use cases that need it, such as sharing
// health data with the regulator).
func (q Q) HasConsent(ctx context.Context, childID int64, purpose string) (bool, error) {
	var n int
	err := q.queryRow(ctx, `SELECT COUNT(*) FROM consents n JOIN guardians g ON g.id = n.guardian_id
		WHERE n.child_id = ? AND n.purpose = ? AND n.withdrawn_at IS NULL AND g.removed_at IS NULL`, childID, purpose).Scan(&n)
	return n > 0, err
}

// WithdrawConsent marks a consent withdrawn; one already withdrawn is a conflict.
func (q Q) WithdrawConsent(ctx context.Context, id int64, at time.Time) error {
	res, err := q.exec(ctx, "UPDATE consents SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL", at.UTC(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Conflict("the consent has already been withdrawn")
	}
	return nil
}
