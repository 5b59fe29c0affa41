package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"math"
	"sort"
	"strings"
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
// a kind, keyed by child (locked for update on PostgreSQL), in one query.
func (q Q) HealthCheckStates(ctx context.Context, keys []AttendanceKey, kind string) (map[AttendanceKey]HealthCheckState, error) {
	out := map[AttendanceKey]HealthCheckState{}
	if len(keys) == 0 {
		return out, nil
	}
	want := map[AttendanceKey]bool{}
	var children, dates []any
	seenChild, seenDate := map[int64]bool{}, map[string]bool{}
	for _, k := range keys {
		want[k] = true
		if !seenChild[k.ChildID] {
			seenChild[k.ChildID] = true
			children = append(children, k.ChildID)
		}
		if !seenDate[k.Date] {
			seenDate[k.Date] = true
			dates = append(dates, k.Date)
		}
	}
	args := append(append([]any{kind}, children...), dates...)
	rows, err := q.query(ctx, "SELECT id, child_id, date, flagged, sent_home FROM health_checks WHERE kind = ? AND child_id IN "+in(len(children))+
		" AND date IN "+in(len(dates))+q.forUpdate(), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var s HealthCheckState
		var k AttendanceKey
		if err := rows.Scan(&s.ID, &k.ChildID, &k.Date, &s.Flagged, &s.SentHome); err != nil {
			return nil, err
		}
		if want[k] {
			out[k] = s
		}
	}
	return out, rows.Err()
}

// healthCheckChunk is the most checks one INSERT writes (12 values each).
const healthCheckChunk = 200

// UpsertHealthChecks records checks of one kind, each replacing the child's
// check of the same kind that day (a recheck), with multi-row INSERTs; it
// returns the IDs in the order of the rows. Two rows may not share a child
// and date.
func (q Q) UpsertHealthChecks(ctx context.Context, rs []HealthCheckRow, now time.Time) ([]int64, error) {
	ids := make([]int64, len(rs))
	for start := 0; start < len(rs); start += healthCheckChunk {
		chunk := rs[start:min(len(rs), start+healthCheckChunk)]
		values := make([]string, len(chunk))
		args := make([]any, 0, 12*len(chunk))
		at := map[AttendanceKey]int{}
		for i, r := range chunk {
			findings := r.Findings
			if findings == nil {
				findings = map[string]domain.CheckFinding{}
			}
			b, err := json.Marshal(findings)
			if err != nil {
				return nil, err
			}
			var recorder any
			if r.RecordedBy != 0 {
				recorder = r.RecordedBy
			}
			values[i] = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
			args = append(args, r.ChildID, r.InstitutionID, r.Date, r.Kind, r.Temperature, string(b), r.Action, r.Note, r.Flagged, r.SentHome, recorder, now.UTC())
			at[AttendanceKey{ChildID: r.ChildID, Date: r.Date}] = start + i
		}
		rows, err := q.query(ctx, `INSERT INTO health_checks (child_id, institution_id, date, kind, temperature, findings, action, note, flagged, sent_home, recorded_by, created_at)
		VALUES `+strings.Join(values, ", ")+`
		ON CONFLICT (child_id, date, kind) DO UPDATE SET institution_id = excluded.institution_id, temperature = excluded.temperature,
		findings = excluded.findings, action = excluded.action, note = excluded.note, flagged = excluded.flagged, sent_home = excluded.sent_home,
		recorded_by = excluded.recorded_by, created_at = excluded.created_at
		RETURNING id, child_id, date`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var k AttendanceKey
			if err := rows.Scan(&id, &k.ChildID, &k.Date); err != nil {
				rows.Close()
				return nil, err
			}
			ids[at[k]] = id
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, translate(err)
		}
	}
	return ids, nil
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

// HealthChecksByID returns the checks with the IDs, in their order, in one
// query.
func (q Q) HealthChecksByID(ctx context.Context, ids []int64) ([]domain.HealthCheck, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := q.query(ctx, "SELECT "+healthCheckColumns+" FROM health_checks h JOIN children c ON c.id = h.child_id WHERE h.id IN "+in(len(ids)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := map[int64]domain.HealthCheck{}
	for rows.Next() {
		h, err := scanHealthCheck(rows)
		if err != nil {
			return nil, err
		}
		byID[h.ID] = h
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]domain.HealthCheck, len(ids))
	for i, id := range ids {
		h, ok := byID[id]
		if !ok {
			return nil, domain.NotFound("health check")
		}
		out[i] = h
	}
	return out, nil
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
