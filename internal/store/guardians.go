package store

import (
	"context"
	"database/sql"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// GuardianRecord is a guardian row with what is never shown: the encrypted
// ID number and the linked account.
type GuardianRecord struct {
	domain.Guardian
	IDEnc  string
	UserID int64 // 0 = no account linked
}

const guardianColumns = `g.id, g.child_id, g.name, g.relation, g.phone, g.id_type, g.id_enc, g.id_masked, g.user_id, g.invite_expires, g.created_at`

func scanGuardian(row Row) (GuardianRecord, error) {
	var g GuardianRecord
	var user sql.NullInt64
	var expires sql.NullTime
	err := row.Scan(&g.ID, &g.ChildID, &g.Name, &g.Relation, &g.Phone, &g.IDType, &g.IDEnc, &g.IDMasked, &user, &expires, &g.CreatedAt)
	g.UserID, g.Linked = user.Int64, user.Valid
	g.CreatedAt = g.CreatedAt.UTC()
	if expires.Valid {
		t := expires.Time.UTC()
		g.InviteExpiresAt = &t
	}
	return g, err
}

// AddGuardian adds a guardian to a child.
func (q Q) AddGuardian(ctx context.Context, g GuardianRecord, now time.Time) (int64, error) {
	return q.insert(ctx, `INSERT INTO guardians (child_id, name, relation, phone, id_type, id_enc, id_masked, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		g.ChildID, g.Name, g.Relation, g.Phone, g.IDType, g.IDEnc, g.IDMasked, now.UTC())
}

// UpdateGuardian saves a guardian's name, relation, phone and ID number.
func (q Q) UpdateGuardian(ctx context.Context, g GuardianRecord) error {
	_, err := q.exec(ctx, "UPDATE guardians SET name = ?, relation = ?, phone = ?, id_type = ?, id_enc = ?, id_masked = ? WHERE id = ?",
		g.Name, g.Relation, g.Phone, g.IDType, g.IDEnc, g.IDMasked, g.ID)
	return err
}

// guardianOf keeps the guardian rows (g) of a child in scope.
func guardianOf(scope authz.Scope) (string, []any) {
	return scopeWhere(scope, scopeOn{Child: "g.child_id"})
}

// Guardians lists the current guardians of a child in scope (none when the
// child is out of scope).
func (q Q) Guardians(ctx context.Context, scope authz.Scope, childID int64) ([]GuardianRecord, error) {
	where, args := guardianOf(scope)
	rows, err := q.query(ctx, "SELECT "+guardianColumns+" FROM guardians g WHERE g.child_id = ? AND g.removed_at IS NULL AND "+where+" ORDER BY g.id",
		append([]any{childID}, args...)...)
	return Collect(rows, err, scanGuardian)
}

// Guardian returns one current guardian of a child in scope.
func (q Q) Guardian(ctx context.Context, scope authz.Scope, childID, id int64) (GuardianRecord, error) {
	where, args := guardianOf(scope)
	g, err := scanGuardian(q.queryRow(ctx, "SELECT "+guardianColumns+" FROM guardians g WHERE g.id = ? AND g.child_id = ? AND g.removed_at IS NULL AND "+where,
		append([]any{id, childID}, args...)...))
	return g, notFound(err, "guardian")
}

// GuardianOfUser returns the current guardian row of a child in scope
// linked to an account.
func (q Q) GuardianOfUser(ctx context.Context, scope authz.Scope, childID, userID int64) (GuardianRecord, error) {
	where, args := guardianOf(scope)
	g, err := scanGuardian(q.queryRow(ctx, "SELECT "+guardianColumns+" FROM guardians g WHERE g.child_id = ? AND g.user_id = ? AND g.removed_at IS NULL AND "+where+
		" ORDER BY g.id LIMIT 1", append([]any{childID, userID}, args...)...))
	return g, notFound(err, "guardian")
}

// RemoveGuardian marks a guardian removed: the linked account loses access
// and any invitation lapses; the consents they gave stay on record.
func (q Q) RemoveGuardian(ctx context.Context, id int64, now time.Time) error {
	_, err := q.exec(ctx, "UPDATE guardians SET removed_at = ?, user_id = NULL, invite_hash = NULL, invite_expires = NULL WHERE id = ? AND removed_at IS NULL",
		now.UTC(), id)
	return err
}

// SetInvitation stores the keyed hash of a new invitation code and its expiry,
// replacing any earlier one.
func (q Q) SetInvitation(ctx context.Context, id int64, hash string, expires time.Time) error {
	_, err := q.exec(ctx, "UPDATE guardians SET invite_hash = ?, invite_expires = ? WHERE id = ?", hash, expires.UTC(), id)
	return err
}

// GuardianByInvitation finds the current guardian holding an invitation
// code (by its keyed hash); expiry is the caller's to check.
func (q Q) GuardianByInvitation(ctx context.Context, hash string) (GuardianRecord, error) {
	g, err := scanGuardian(q.queryRow(ctx, "SELECT "+guardianColumns+" FROM guardians g WHERE g.invite_hash = ? AND g.removed_at IS NULL", hash))
	return g, notFound(err, "invitation")
}

// LinkGuardian links an account to a guardian and spends the invitation.
func (q Q) LinkGuardian(ctx context.Context, id, userID int64) error {
	_, err := q.exec(ctx, "UPDATE guardians SET user_id = ?, invite_hash = NULL, invite_expires = NULL WHERE id = ?", userID, id)
	return err
}

// PickupRecord is a pick-up person row with the encrypted ID number.
type PickupRecord struct {
	domain.PickupPerson
	IDEnc string
}

// AddPickup authorises a pick-up person for a child.
func (q Q) AddPickup(ctx context.Context, p PickupRecord, now time.Time) (int64, error) {
	return q.insert(ctx, `INSERT INTO pickup_persons (child_id, name, relation, phone, id_type, id_enc, id_masked, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ChildID, p.Name, p.Relation, p.Phone, p.IDType, p.IDEnc, p.IDMasked, now.UTC())
}

// Pickups lists the authorised pick-up persons of a child in scope.
func (q Q) Pickups(ctx context.Context, scope authz.Scope, childID int64) ([]PickupRecord, error) {
	where, args := scopeWhere(scope, scopeOn{Child: "p.child_id"})
	rows, err := q.query(ctx, `SELECT p.id, p.child_id, p.name, p.relation, p.phone, p.id_type, p.id_enc, p.id_masked, p.created_at FROM pickup_persons p
		WHERE p.child_id = ? AND `+where+` ORDER BY p.id`, append([]any{childID}, args...)...)
	return Collect(rows, err, func(r Row) (PickupRecord, error) {
		var p PickupRecord
		err := r.Scan(&p.ID, &p.ChildID, &p.Name, &p.Relation, &p.Phone, &p.IDType, &p.IDEnc, &p.IDMasked, &p.CreatedAt)
		p.CreatedAt = p.CreatedAt.UTC()
		return p, err
	})
}

// RemovePickup withdraws a pick-up person's authorisation.
func (q Q) RemovePickup(ctx context.Context, childID, id int64) error {
	res, err := q.exec(ctx, "DELETE FROM pickup_persons WHERE id = ? AND child_id = ?", id, childID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.NotFound("pick-up person")
	}
	return nil
}
