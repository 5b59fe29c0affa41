package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// CareLogRow is a care log entry to store; ChildID 0 is an entry for the
// whole class.
type CareLogRow struct {
	InstitutionID int64
	ClassID       int64
	ChildID       int64
	Date          string
	Kind          string
	Detail        domain.CareDetail
	Published     bool
	RecordedBy    int64
}

// CreateCareLog stores an entry.
func (q Q) CreateCareLog(ctx context.Context, r CareLogRow, now time.Time) (int64, error) {
	b, err := json.Marshal(r.Detail)
	if err != nil {
		return 0, err
	}
	var child, recorder, published any
	if r.ChildID != 0 {
		child = r.ChildID
	}
	if r.RecordedBy != 0 {
		recorder = r.RecordedBy
	}
	if r.Published {
		published = now.UTC()
	}
	return q.insert(ctx, `INSERT INTO care_logs (institution_id, class_id, child_id, date, kind, detail, published, published_at, recorded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.InstitutionID, r.ClassID, child, r.Date, r.Kind, string(b), r.Published, published, recorder, now.UTC())
}

const careLogColumns = `l.id, l.institution_id, COALESCE(l.class_id, 0), COALESCE(k.name, ''), COALESCE(l.child_id, 0), COALESCE(c.name, ''), l.date, l.kind,
	l.detail, l.published, l.published_at, l.created_at`

const careLogFrom = ` FROM care_logs l JOIN institutions i ON i.id = l.institution_id LEFT JOIN classes k ON k.id = l.class_id LEFT JOIN children c ON c.id = l.child_id`

func scanCareLog(row Row) (domain.CareLog, error) {
	var l domain.CareLog
	var detail string
	var pub sql.NullTime
	err := row.Scan(&l.ID, &l.InstitutionID, &l.ClassID, &l.ClassName, &l.ChildID, &l.ChildName, &l.Date, &l.Kind, &detail, &l.Published, &pub, &l.CreatedAt)
	if err != nil {
		return l, err
	}
	l.CreatedAt, l.PublishedAt, l.WholeClass = l.CreatedAt.UTC(), dailyTime(pub), l.ChildID == 0
	return l, json.Unmarshal([]byte(detail), &l.Detail)
}

// CareLogInScope returns an entry whose institution is in scope; out of
// scope is not found.
func (q Q) CareLogInScope(ctx context.Context, scope authz.Scope, id int64) (domain.CareLog, string, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	var region string
	row := q.queryRow(ctx, "SELECT "+careLogColumns+", i.region_code"+careLogFrom+" WHERE l.id = ? AND "+where, append([]any{id}, args...)...)
	var l domain.CareLog
	var detail string
	var pub sql.NullTime
	err := row.Scan(&l.ID, &l.InstitutionID, &l.ClassID, &l.ClassName, &l.ChildID, &l.ChildName, &l.Date, &l.Kind, &detail, &l.Published, &pub, &l.CreatedAt, &region)
	if err != nil {
		return l, "", notFound(err, "care log entry")
	}
	l.CreatedAt, l.PublishedAt, l.WholeClass = l.CreatedAt.UTC(), dailyTime(pub), l.ChildID == 0
	return l, region, json.Unmarshal([]byte(detail), &l.Detail)
}

// CareLogByID returns one entry whose institution is in scope, without its
// region (for returning an entry just written).
func (q Q) CareLogByID(ctx context.Context, scope authz.Scope, id int64) (domain.CareLog, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	l, err := scanCareLog(q.queryRow(ctx, "SELECT "+careLogColumns+careLogFrom+" WHERE l.id = ? AND "+where, append([]any{id}, args...)...))
	return l, notFound(err, "care log entry")
}

// PublishCareLog publishes an entry (publishing twice changes nothing).
func (q Q) PublishCareLog(ctx context.Context, id int64, now time.Time) error {
	_, err := q.exec(ctx, "UPDATE care_logs SET published = ?, published_at = ? WHERE id = ? AND published = ?", true, now.UTC(), id, false)
	return err
}

// CareLogFilter narrows an institution's care log.
type CareLogFilter struct {
	InstitutionID int64
	Date          string
	ClassID       int64
}

// CareLogs lists the entries of a date of an institution in scope.
func (q Q) CareLogs(ctx context.Context, scope authz.Scope, f CareLogFilter) ([]domain.CareLog, error) {
	where, args := "l.institution_id = ? AND l.date = ?", []any{f.InstitutionID, f.Date}
	if f.ClassID != 0 {
		where += " AND l.class_id = ?"
		args = append(args, f.ClassID)
	}
	sw, sargs := scopeWhere(scope, scopeOn{Institution: "i"})
	return q.careLogs(ctx, where+" AND "+sw+" ORDER BY l.created_at, l.id", append(args, sargs...))
}

// ChildCareLogs lists the entries a child's guardians may see for a date,
// for a child in scope: published, for the child or for the whole class
// the child was in that day (an enrolment covering the date).
func (q Q) ChildCareLogs(ctx context.Context, scope authz.Scope, childID int64, date string) ([]domain.CareLog, error) {
	sw, sargs := scopeWhere(scope, scopeOn{Child: "sc.id"})
	return q.careLogs(ctx, `l.date = ? AND l.published = ? AND (l.child_id = ? OR (l.child_id IS NULL AND l.class_id IN
		(SELECT e.class_id FROM enrolments e WHERE e.child_id = ? AND e.start_date <= ? AND (e.end_date IS NULL OR e.end_date >= ?))))
		AND EXISTS (SELECT 1 FROM children sc WHERE sc.id = ? AND `+sw+`)
		ORDER BY l.created_at, l.id`, append([]any{date, true, childID, childID, date, date, childID}, sargs...))
}

func (q Q) careLogs(ctx context.Context, where string, args []any) ([]domain.CareLog, error) {
	rows, err := q.query(ctx, "SELECT "+careLogColumns+careLogFrom+" WHERE "+where, args...)
	return Collect(rows, err, scanCareLog)
}
