package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// Audit appends an audit event. It is called inside the transaction of the
// write it records.
func (q Q) Audit(ctx context.Context, ev domain.AuditEvent) error {
	return q.AuditMany(ctx, []domain.AuditEvent{ev})
}

// auditChunk is the most events one INSERT writes (10 values each).
const auditChunk = 500

// AuditMany appends events with multi-row INSERTs, in their order.
func (q Q) AuditMany(ctx context.Context, evs []domain.AuditEvent) error {
	for start := 0; start < len(evs); start += auditChunk {
		chunk := evs[start:min(len(evs), start+auditChunk)]
		values := make([]string, len(chunk))
		args := make([]any, 0, 10*len(chunk))
		for i, ev := range chunk {
			detail := string(ev.Detail)
			if detail == "" {
				detail = "{}"
			}
			var actor, inst any
			if ev.ActorID != 0 {
				actor = ev.ActorID
			}
			if ev.InstitutionID != 0 {
				inst = ev.InstitutionID
			}
			values[i] = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
			if q.wrote != nil {
				*q.wrote = append(*q.wrote, Written{Action: ev.Action, InstitutionID: ev.InstitutionID, RegionCode: ev.RegionCode})
			}
			args = append(args, ev.At.UTC(), actor, ev.ActorName, ev.Action, ev.Entity, ev.EntityID, ev.RegionCode, inst, detail, ev.IP)
		}
		if _, err := q.exec(ctx, `INSERT INTO audit_events (at, actor_id, actor_name, action, entity, entity_id, region_code, institution_id, detail, ip)
		VALUES `+strings.Join(values, ", "), args...); err != nil {
			return err
		}
	}
	return nil
}

// AuditFilter narrows the audit list. Zero fields do not filter.
type AuditFilter struct {
	Entity   string
	EntityID int64
	Action   string
	// Actions keeps events of any of these actions (the reveals).
	Actions []string
	// Person matches the actor's username or display name (part of it).
	Person        string
	InstitutionID int64
	// Region keeps events of the counties under this division.
	Region string
	// From and To are instants: From <= at < To.
	From, To time.Time
}

// auditFrom joins what the list shows beside an event: the actor's display
// name and the institution's name.
const auditFrom = ` FROM audit_events a LEFT JOIN users u ON u.id = a.actor_id LEFT JOIN institutions i ON i.id = a.institution_id WHERE `

func auditWhere(scope authz.Scope, f AuditFilter) (string, []any) {
	where, args := scopeWhere(scope, scopeOn{Region: "a.region_code", InstitutionID: "a.institution_id"})
	if f.Entity != "" {
		where += " AND a.entity = ?"
		args = append(args, f.Entity)
	}
	if f.EntityID != 0 {
		where += " AND a.entity_id = ?"
		args = append(args, f.EntityID)
	}
	if f.Action != "" {
		where += " AND a.action = ?"
		args = append(args, f.Action)
	}
	if len(f.Actions) > 0 {
		where += " AND a.action IN (?" + strings.Repeat(", ?", len(f.Actions)-1) + ")"
		for _, a := range f.Actions {
			args = append(args, a)
		}
	}
	if p := strings.TrimSpace(f.Person); p != "" {
		like := "%" + likeEscape(p) + "%"
		where += ` AND (a.actor_name LIKE ? ESCAPE '\' OR u.display_name LIKE ? ESCAPE '\')`
		args = append(args, like, like)
	}
	if f.InstitutionID != 0 {
		where += " AND a.institution_id = ?"
		args = append(args, f.InstitutionID)
	}
	if f.Region != "" {
		w, a := regionRange("a.region_code", f.Region)
		where += " AND " + w
		args = append(args, a...)
	}
	if !f.From.IsZero() {
		where += " AND a.at >= ?"
		args = append(args, f.From.UTC())
	}
	if !f.To.IsZero() {
		where += " AND a.at < ?"
		args = append(args, f.To.UTC())
	}
	return where, args
}

const auditColumns = `SELECT a.id, a.at, a.actor_id, a.actor_name, COALESCE(u.display_name, ''), a.action, a.entity, a.entity_id, a.region_code,
	a.institution_id, COALESCE(i.name, ''), a.detail, a.ip`

func scanAudit(r Row) (domain.AuditEvent, error) {
	var ev domain.AuditEvent
	var actor, inst sql.NullInt64
	var detail []byte
	var at time.Time
	err := r.Scan(&ev.ID, &at, &actor, &ev.ActorName, &ev.ActorDisplayName, &ev.Action, &ev.Entity, &ev.EntityID, &ev.RegionCode, &inst, &ev.InstitutionName, &detail, &ev.IP)
	ev.At, ev.ActorID, ev.InstitutionID = at.UTC(), actor.Int64, inst.Int64
	ev.Detail = append([]byte(nil), detail...)
	return ev, err
}

// ListAudit returns audit events in scope, newest first. An institution
// scope sees its own institution's events; a region scope those of the
// counties under it.
func (q Q) ListAudit(ctx context.Context, scope authz.Scope, f AuditFilter, page domain.Page) ([]domain.AuditEvent, int, error) {
	page = page.Normalised()
	where, args := auditWhere(scope, f)
	var total int
	if err := q.queryRow(ctx, "SELECT COUNT(*)"+auditFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.query(ctx, auditColumns+auditFrom+where+` ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?`, append(args, page.PerPage, page.Offset())...)
	out, err := Collect(rows, err, scanAudit)
	return out, total, err
}

// EachAudit calls fn for every audit event in scope that matches, newest
// first, as rows come (the export).
func (q Q) EachAudit(ctx context.Context, scope authz.Scope, f AuditFilter, fn func(domain.AuditEvent) error) error {
	where, args := auditWhere(scope, f)
	rows, err := q.query(ctx, auditColumns+auditFrom+where+` ORDER BY a.at DESC, a.id DESC`, args...)
	return Each(rows, err, func(r Row) error {
		ev, err := scanAudit(r)
		if err != nil {
			return err
		}
		return fn(ev)
	})
}
