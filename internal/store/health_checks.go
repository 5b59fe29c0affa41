package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"math"
	"sort"
	"time"

	"tuoyu/internal/domain"
)

// HealthCheckRow is a morning or midday check to store.
type HealthCheckRow struct {
	ChildID       int64
	InstitutionID int64
	Date          string
	Kind          string
	Temperature   float64
	Findings      map[string]domain.CheckFinding
	Action        string
	Note          string
	Flagged       bool
	SentHome      bool
	RecordedBy    int64
}

const healthCheckColumns = `h.id, h.child_id, c.name, h.institution_id, h.date, h.kind, h.temperature, h.findings, h.action, h.note, h.flagged, h.sent_home, h.created_at`

func scanHealthCheck(row interface{ Scan(...any) error }) (domain.HealthCheck, error) {
	var h domain.HealthCheck
	var temp sql.NullFloat64
	var findings string
	err := row.Scan(&h.ID, &h.ChildID, &h.ChildName, &h.InstitutionID, &h.Date, &h.Kind, &temp, &findings, &h.Action, &h.Note, &h.Flagged, &h.SentHome, &h.RecordedAt)
	if err != nil {
		return h, err
	}
	h.RecordedAt = h.RecordedAt.UTC()
	if temp.Valid {
		// PostgreSQL keeps REAL as float4: 37.3 reads back as 37.29999…
		t := math.Round(temp.Float64*10) / 10
		h.Temperature = &t
	}
	h.Findings = map[string]domain.CheckFinding{}
	if err := json.Unmarshal([]byte(findings), &h.Findings); err != nil {
		return h, err
	}
	h.Abnormal = []string{}
	for k, f := range h.Findings {
		if f.Status == domain.FindingAbnormal {
			h.Abnormal = append(h.Abnormal, k)
		}
	}
	sort.Strings(h.Abnormal)
	return h, nil
}

// HealthCheckState is what is already recorded for a child's check.
type HealthCheckState struct {
	ID       int64
	Flagged  bool
	SentHome bool
}

// HealthCheckStates returns the stored checks of the children on a date of
// a kind, keyed by child (locked for update on PostgreSQL).
func (q Q) HealthCheckStates(ctx context.Context, keys []AttendanceKey, kind string) (map[AttendanceKey]HealthCheckState, error) {
	out := map[AttendanceKey]HealthCheckState{}
	for _, k := range keys {
		var s HealthCheckState
		err := q.queryRow(ctx, "SELECT id, flagged, sent_home FROM health_checks WHERE child_id = ? AND date = ? AND kind = ?"+q.forUpdate(),
			k.ChildID, k.Date, kind).Scan(&s.ID, &s.Flagged, &s.SentHome)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[k] = s
	}
	return out, nil
}

// UpsertHealthCheck records a check, replacing the child's check of the
// same kind that day (a recheck); it returns the ID.
func (q Q) UpsertHealthCheck(ctx context.Context, r HealthCheckRow, now time.Time) (int64, error) {
	findings := r.Findings
	if findings == nil {
		findings = map[string]domain.CheckFinding{}
	}
	b, err := json.Marshal(findings)
	if err != nil {
		return 0, err
	}
	var recorder any
	if r.RecordedBy != 0 {
		recorder = r.RecordedBy
	}
	return q.insert(ctx, `INSERT INTO health_checks (child_id, institution_id, date, kind, temperature, findings, action, note, flagged, sent_home, recorded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (child_id, date, kind) DO UPDATE SET institution_id = excluded.institution_id, temperature = excluded.temperature,
		findings = excluded.findings, action = excluded.action, note = excluded.note, flagged = excluded.flagged, sent_home = excluded.sent_home,
		recorded_by = excluded.recorded_by, created_at = excluded.created_at`,
		r.ChildID, r.InstitutionID, r.Date, r.Kind, r.Temperature, string(b), r.Action, r.Note, r.Flagged, r.SentHome, recorder, now.UTC())
}

// HealthCheckFilter narrows a list of checks of an institution.
type HealthCheckFilter struct {
	InstitutionID int64
	ChildID       int64
	Date          string
	Kind          string
	FlaggedOnly   bool
}

// HealthChecks lists checks, by kind and child name. The institution or
// child is checked against the scope by the caller.
func (q Q) HealthChecks(ctx context.Context, f HealthCheckFilter) ([]domain.HealthCheck, error) {
	where, args := "h.date = ?", []any{f.Date}
	if f.InstitutionID != 0 {
		where += " AND h.institution_id = ?"
		args = append(args, f.InstitutionID)
	}
	if f.ChildID != 0 {
		where += " AND h.child_id = ?"
		args = append(args, f.ChildID)
	}
	if f.Kind != "" {
		where += " AND h.kind = ?"
		args = append(args, f.Kind)
	}
	if f.FlaggedOnly {
		where += " AND h.flagged = ?"
		args = append(args, true)
	}
	rows, err := q.query(ctx, "SELECT "+healthCheckColumns+" FROM health_checks h JOIN children c ON c.id = h.child_id WHERE "+where+
		" ORDER BY h.kind DESC, c.name, h.child_id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.HealthCheck{}
	for rows.Next() {
		h, err := scanHealthCheck(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// HealthCheckByID returns one check (no scope: the caller has just written it).
func (q Q) HealthCheckByID(ctx context.Context, id int64) (domain.HealthCheck, error) {
	h, err := scanHealthCheck(q.queryRow(ctx, "SELECT "+healthCheckColumns+" FROM health_checks h JOIN children c ON c.id = h.child_id WHERE h.id = ?", id))
	return h, notFound(err, "health check")
}

// GuardianUsers lists the user accounts linked to the child's guardians
// (not removed), each once.
func (q Q) GuardianUsers(ctx context.Context, childID int64) ([]int64, error) {
	rows, err := q.query(ctx, "SELECT DISTINCT user_id FROM guardians WHERE child_id = ? AND user_id IS NOT NULL AND removed_at IS NULL ORDER BY user_id", childID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
