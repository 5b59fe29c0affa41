package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"math"
	"sort"
	"strings"
	"time"

	"tuoyu/internal/authz"
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

func scanHealthCheck(row Row) (domain.HealthCheck, error) {
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

// HealthCheckStates returns the stored checks of a kind of the children on
// record in scope on the dates, keyed by child and date (locked for update
// on PostgreSQL).
func (q Q) HealthCheckStates(ctx context.Context, scope authz.Scope, keys []AttendanceKey, kind string) (map[AttendanceKey]HealthCheckState, error) {
	where, args := scopeWhere(scope, healthChecksOn)
	out := map[AttendanceKey]HealthCheckState{}
	want := make(map[AttendanceKey]bool, len(keys))
	for _, k := range keys {
		want[k] = true
	}
	// A query per dailyChunk keys: their children on their dates, keeping
	// the keys asked for.
	for start := 0; start < len(keys); start += dailyChunk {
		chunk := keys[start:min(start+dailyChunk, len(keys))]
		var children, dates []any
		seenChild, seenDate := map[int64]bool{}, map[string]bool{}
		for _, k := range chunk {
			if !seenChild[k.ChildID] {
				seenChild[k.ChildID] = true
				children = append(children, k.ChildID)
			}
			if !seenDate[k.Date] {
				seenDate[k.Date] = true
				dates = append(dates, k.Date)
			}
		}
		qargs := append(append(append([]any{kind}, children...), dates...), args...)
		// The scope is a subquery, not a join, so that FOR UPDATE does not lock the institution.
		rows, err := q.query(ctx, `SELECT h.id, h.child_id, h.date, h.flagged, h.sent_home FROM health_checks h
			WHERE h.kind = ? AND h.child_id IN `+in(len(children))+` AND h.date IN `+in(len(dates))+`
			AND EXISTS (SELECT 1 FROM institutions i WHERE i.id = h.institution_id AND `+where+`)`+q.forUpdate(), qargs...)
		err = Each(rows, err, func(r Row) error {
			var s HealthCheckState
			var k AttendanceKey
			if err := r.Scan(&s.ID, &k.ChildID, &k.Date, &s.Flagged, &s.SentHome); err != nil {
				return err
			}
			if want[k] {
				out[k] = s
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
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

// UpsertHealthChecks records a batch of checks (each child, date and kind
// once) as UpsertHealthCheck does, and returns their IDs in the order of
// rows: on SQLite one execution of a prepared statement per row, on
// PostgreSQL a chunk of rows in one upsert.
func (q Q) UpsertHealthChecks(ctx context.Context, rows []HealthCheckRow, now time.Time) ([]int64, error) {
	ids := make([]int64, len(rows))
	if q.dialect != Postgres {
		for i, r := range rows {
			var err error
			if ids[i], err = q.UpsertHealthCheck(ctx, r, now); err != nil {
				return nil, err
			}
		}
		return ids, nil
	}
	type key struct {
		child      int64
		date, kind string
	}
	for start := 0; start < len(rows); start += dailyChunk {
		chunk := rows[start:min(start+dailyChunk, len(rows))]
		var b strings.Builder
		b.WriteString(`INSERT INTO health_checks (child_id, institution_id, date, kind, temperature, findings, action, note, flagged, sent_home, recorded_by, created_at) VALUES `)
		args := make([]any, 0, 12*len(chunk))
		for i, r := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			findings := r.Findings
			if findings == nil {
				findings = map[string]domain.CheckFinding{}
			}
			f, err := json.Marshal(findings)
			if err != nil {
				return nil, err
			}
			var recorder any
			if r.RecordedBy != 0 {
				recorder = r.RecordedBy
			}
			args = append(args, r.ChildID, r.InstitutionID, r.Date, r.Kind, r.Temperature, string(f), r.Action, r.Note, r.Flagged, r.SentHome, recorder, now.UTC())
		}
		b.WriteString(` ON CONFLICT (child_id, date, kind) DO UPDATE SET institution_id = excluded.institution_id, temperature = excluded.temperature,
		findings = excluded.findings, action = excluded.action, note = excluded.note, flagged = excluded.flagged, sent_home = excluded.sent_home,
		recorded_by = excluded.recorded_by, created_at = excluded.created_at RETURNING id, child_id, date, kind`)
		got := make(map[key]int64, len(chunk))
		res, err := q.query(ctx, b.String(), args...)
		err = Each(res, err, func(r Row) error {
			var id int64
			var k key
			err := r.Scan(&id, &k.child, &k.date, &k.kind)
			got[k] = id
			return err
		})
		if err != nil {
			return nil, err
		}
		for i, r := range chunk {
			ids[start+i] = got[key{r.ChildID, r.Date, r.Kind}]
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

// healthChecksOn: a guardian sees their own children's checks, others the
// checks kept by the institutions in scope.
var healthChecksOn = scopeOn{Institution: "i", Child: "h.child_id"}

const healthCheckFrom = ` FROM health_checks h JOIN children c ON c.id = h.child_id JOIN institutions i ON i.id = h.institution_id`

// HealthChecks lists the checks in scope, by kind and child name.
func (q Q) HealthChecks(ctx context.Context, scope authz.Scope, f HealthCheckFilter) ([]domain.HealthCheck, error) {
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
	sw, sargs := scopeWhere(scope, healthChecksOn)
	rows, err := q.query(ctx, "SELECT "+healthCheckColumns+healthCheckFrom+" WHERE "+where+" AND "+sw+
		" ORDER BY h.kind DESC, c.name, h.child_id", append(args, sargs...)...)
	return Collect(rows, err, scanHealthCheck)
}

// HealthCheckByID returns one check in scope.
func (q Q) HealthCheckByID(ctx context.Context, scope authz.Scope, id int64) (domain.HealthCheck, error) {
	where, args := scopeWhere(scope, healthChecksOn)
	h, err := scanHealthCheck(q.queryRow(ctx, "SELECT "+healthCheckColumns+healthCheckFrom+" WHERE h.id = ? AND "+where, append([]any{id}, args...)...))
	return h, notFound(err, "health check")
}

// HealthChecksByIDs returns checks in scope in the order of ids (a batch's
// read-back: one query per dailyChunk IDs); an ID not found in scope is a
// not-found error.
func (q Q) HealthChecksByIDs(ctx context.Context, scope authz.Scope, ids []int64) ([]domain.HealthCheck, error) {
	where, args := scopeWhere(scope, healthChecksOn)
	byID := make(map[int64]domain.HealthCheck, len(ids))
	for start := 0; start < len(ids); start += dailyChunk {
		chunk := ids[start:min(start+dailyChunk, len(ids))]
		rows, err := q.query(ctx, "SELECT "+healthCheckColumns+healthCheckFrom+" WHERE h.id IN "+in(len(chunk))+" AND "+where,
			append(dailyArgs(chunk), args...)...)
		err = Each(rows, err, func(r Row) error {
			h, err := scanHealthCheck(r)
			byID[h.ID] = h
			return err
		})
		if err != nil {
			return nil, err
		}
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

// GuardianUsers lists the user accounts linked to the guardians (not
// removed) of a child in scope, each once.
func (q Q) GuardianUsers(ctx context.Context, scope authz.Scope, childID int64) ([]int64, error) {
	where, args := scopeWhere(scope, scopeOn{Child: "g.child_id"})
	rows, err := q.query(ctx, "SELECT DISTINCT g.user_id FROM guardians g WHERE g.child_id = ? AND g.user_id IS NOT NULL AND g.removed_at IS NULL AND "+where+
		" ORDER BY g.user_id", append([]any{childID}, args...)...)
	return Collect(rows, err, func(r Row) (int64, error) {
		var id int64
		err := r.Scan(&id)
		return id, err
	})
}
