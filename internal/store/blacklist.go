package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// ActiveBlacklistID returns the active ban on the person with this ID-number
// hash. The check is deployment-wide whoever asks: a ban added by any
// regulator blocks hiring everywhere.
func (q Q) ActiveBlacklistID(ctx context.Context, hash string) (int64, bool, error) {
	var id int64
	err := q.queryRow(ctx, "SELECT id FROM blacklist WHERE id_hash = ? AND lifted_at IS NULL", hash).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, false, nil
	}
	return id, err == nil, err
}

// AddBlacklist stores a ban; a person already banned is a conflict.
func (q Q) AddBlacklist(ctx context.Context, e domain.BlacklistEntry, hash string, addedBy int64, now time.Time) (int64, error) {
	return q.insert(ctx, `INSERT INTO blacklist (id_hash, id_masked, name, region_code, reason, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		hash, e.IDMasked, e.Name, e.RegionCode, e.Reason, blacklistActor(addedBy), now.UTC())
}

// LiftBlacklist lifts an active ban; an already lifted one is a conflict.
func (q Q) LiftBlacklist(ctx context.Context, id, by int64, reason string, now time.Time) error {
	res, err := q.exec(ctx, "UPDATE blacklist SET lifted_at = ?, lifted_by = ?, lift_reason = ? WHERE id = ? AND lifted_at IS NULL",
		now.UTC(), blacklistActor(by), reason, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return domain.Conflict("this entry has already been lifted")
	}
	return nil
}

func blacklistActor(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const blacklistColumns = `b.id, b.name, b.id_masked, b.region_code, b.reason, COALESCE(ua.username, ''), b.added_at, b.lifted_at,
	COALESCE(ul.username, ''), b.lift_reason`

const blacklistFrom = ` FROM blacklist b LEFT JOIN users ua ON ua.id = b.added_by LEFT JOIN users ul ON ul.id = b.lifted_by`

func scanBlacklist(row Row) (domain.BlacklistEntry, error) {
	var e domain.BlacklistEntry
	var lifted sql.NullTime
	err := row.Scan(&e.ID, &e.Name, &e.IDMasked, &e.RegionCode, &e.Reason, &e.AddedBy, &e.AddedAt, &lifted, &e.LiftedBy, &e.LiftReason)
	e.AddedAt = e.AddedAt.UTC()
	if lifted.Valid {
		t := lifted.Time.UTC()
		e.LiftedAt = &t
	}
	e.Active = !lifted.Valid
	return e, err
}

// BlacklistEntry returns one entry whose region lies in scope.
func (q Q) BlacklistEntry(ctx context.Context, scope authz.Scope, id int64) (domain.BlacklistEntry, error) {
	where, args := scopeWhere(scope, scopeOn{Region: "b.region_code"})
	e, err := scanBlacklist(q.queryRow(ctx, "SELECT "+blacklistColumns+blacklistFrom+" WHERE b.id = ? AND "+where, append([]any{id}, args...)...))
	return e, notFound(err, "blacklist entry")
}

// BlacklistFilter narrows the blacklist.
type BlacklistFilter struct {
	Active *bool
	Q      string // part of the name
}

// ListBlacklist lists the entries added in scope, newest first.
func (q Q) ListBlacklist(ctx context.Context, scope authz.Scope, f BlacklistFilter, page domain.Page) ([]domain.BlacklistEntry, int, error) {
	page = page.Normalised()
	where, args := scopeWhere(scope, scopeOn{Region: "b.region_code"})
	if f.Active != nil {
		if *f.Active {
			where += " AND b.lifted_at IS NULL"
		} else {
			where += " AND b.lifted_at IS NOT NULL"
		}
	}
	if s := strings.TrimSpace(f.Q); s != "" {
		where += ` AND b.name LIKE ? ESCAPE '\'`
		args = append(args, "%"+likeEscape(s)+"%")
	}
	var total int
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM blacklist b WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.query(ctx, "SELECT "+blacklistColumns+blacklistFrom+" WHERE "+where+" ORDER BY b.added_at DESC, b.id DESC LIMIT ? OFFSET ?",
		append(args, page.PerPage, page.Offset())...)
	out, err := Collect(rows, err, scanBlacklist)
	return out, total, err
}
