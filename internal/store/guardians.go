package store

import (
	"context"
	"database/sql"
	"time"

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

func scanGuardian(row interface{ Scan(...any) error }) (GuardianRecord, error) {
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

// Guardians lists a child's current guardians (the child's scope is checked
// by the caller, which loaded the child through it).
func (q Q) Guardians(ctx context.Context, childID int64) ([]GuardianRecord, error) {
	rows, err := q.query(ctx, "SELECT "+guardianColumns+" FROM guardians g WHERE g.child_id = ? AND g.removed_at IS NULL ORDER BY g.id", childID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []GuardianRecord
	for rows.Next() {
		g, err := scanGuardian(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// Guardian returns one current guardian of a child.
func (q Q) Guardian(ctx context.Context, childID, id int64) (GuardianRecord, error) {
	g, err := scanGuardian(q.queryRow(ctx, "SELECT "+guardianColumns+" FROM guardians g WHERE g.id = ? AND g.child_id = ? AND g.removed_at IS NULL", id, childID))
	return g, notFound(err, "guardian")
}

// GuardianOfUser returns the current guardian row of a child linked to an account.
func (q Q) GuardianOfUser(ctx context.Context, childID, userID int64) (GuardianRecord, error) {
	g, err := scanGuardian(q.queryRow(ctx, "SELECT "+guardianColumns+" FROM guardians g WHERE g.child_id = ? AND g.user_id = ? AND g.removed_at IS NULL ORDER BY g.id LIMIT 1",
		childID, userID))
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

// Pickups lists a child's authorised pick-up persons.
func (q Q) Pickups(ctx context.Context, childID int64) ([]PickupRecord, error) {
	rows, err := q.query(ctx, `SELECT id, child_id, name, relation, phone, id_type, id_enc, id_masked, created_at FROM pickup_persons
		WHERE child_id = ? ORDER BY id`, childID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PickupRecord
	for rows.Next() {
		var p PickupRecord
		if err := rows.Scan(&p.ID, &p.ChildID, &p.Name, &p.Relation, &p.Phone, &p.IDType, &p.IDEnc, &p.IDMasked, &p.CreatedAt); err != nil {
			return nil, err
		}
		p.CreatedAt = p.CreatedAt.UTC()
		out = append(out, p)
	}
	return out, rows.Err()
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
