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

// AuditFilter narrows the audit list.
type AuditFilter struct {
	Entity   string
	EntityID int64
	Action   string
}

// ListAudit returns audit events in scope, newest first. An institution
// scope sees its own institution's events.
func (q Q) ListAudit(ctx context.Context, scope authz.Scope, f AuditFilter, page domain.Page) ([]domain.AuditEvent, int, error) {
	page = page.Normalised()
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
	var total int
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM audit_events a WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.query(ctx, `SELECT a.id, a.at, a.actor_id, a.actor_name, a.action, a.entity, a.entity_id, a.region_code, a.institution_id, a.detail, a.ip
		FROM audit_events a WHERE `+where+` ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?`, append(args, page.PerPage, page.Offset())...)
	out, err := Collect(rows, err, func(r Row) (domain.AuditEvent, error) {
		var ev domain.AuditEvent
		var actor, inst sql.NullInt64
		var detail []byte
		var at time.Time
		err := r.Scan(&ev.ID, &at, &actor, &ev.ActorName, &ev.Action, &ev.Entity, &ev.EntityID, &ev.RegionCode, &inst, &detail, &ev.IP)
		ev.At, ev.ActorID, ev.InstitutionID = at.UTC(), actor.Int64, inst.Int64
		ev.Detail = append([]byte(nil), detail...)
		return ev, err
	})
	return out, total, err
}
