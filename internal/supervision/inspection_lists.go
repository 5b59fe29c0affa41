package supervision

import (
	"context"
	"database/sql"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// PlanSummary is a plan as a list shows it.
type PlanSummary struct {
	ID          int64      `json:"id"`
	Name        string     `json:"name"`
	Kind        Kind       `json:"kind"`
	Method      string     `json:"method"`
	PeriodStart civil.Date `json:"period_start"`
	PeriodEnd   civil.Date `json:"period_end"`
	Seed        string     `json:"seed"`
	Inspections int        `json:"inspections"`
	Published   bool       `json:"published"`
}

// Plans lists the plans the actor reads (its region; a partner its duty's
// kinds), newest first.
func (s *Service) Plans(ctx context.Context, a authz.Actor, kind Kind, page domain.Page) ([]PlanSummary, int, error) {
	if err := a.Require(authz.PlanView); err != nil {
		return nil, 0, err
	}
	if kind != "" && !kind.Valid() {
		return nil, 0, domain.Invalid("kind", domain.ReasonNotAllowed)
	}
	page = page.Normalised()
	where, args := store.ScopeRegion(a.Scope(), "p.region_code")
	kw, kargs := kindWhere(a, "p.kind")
	where += " AND " + kw
	args = append(args, kargs...)
	if kind != "" {
		where += " AND p.kind = ?"
		args = append(args, kind)
	}
	q := s.db.Read()
	var total int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM sv_plans p WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, `SELECT p.id, p.name, p.kind, p.method, p.period_start, p.period_end, p.seed,
		(SELECT COUNT(*) FROM sv_inspections n WHERE n.plan_id = p.id) FROM sv_plans p WHERE `+where+" ORDER BY p.id DESC LIMIT ? OFFSET ?",
		append(args, page.PerPage, page.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	today := s.today()
	var out []PlanSummary
	for rows.Next() {
		var p PlanSummary
		if err := rows.Scan(&p.ID, &p.Name, &p.Kind, &p.Method, &p.PeriodStart, &p.PeriodEnd, &p.Seed, &p.Inspections); err != nil {
			return nil, 0, err
		}
		p.Published = !today.Before(p.PeriodStart)
		out = append(out, p)
	}
	return out, total, rows.Err()
}

// InspectorRef is an account that may be drawn into a plan's pool.
type InspectorRef struct {
	ID          int64  `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
}

// Inspectors lists the accounts in the actor's region that may carry out
// inspections of a kind (every kind when kind is ""): the choices of a
// plan's pool.
func (s *Service) Inspectors(ctx context.Context, a authz.Actor, kind Kind) ([]InspectorRef, error) {
	if err := a.Require(authz.PlanEdit); err != nil {
		return nil, err
	}
	q := s.db.Read()
	where, args := store.ScopeRegion(a.Scope(), "u.region_code")
	list, err := ids(ctx, q, "SELECT u.id FROM users u WHERE u.disabled = ? AND u.role IN (?, ?) AND "+where+" ORDER BY u.id",
		append([]any{false, domain.RoleCountyRegulator, domain.RolePartner}, args...)...)
	if err != nil {
		return nil, err
	}
	var out []InspectorRef
	for _, id := range list {
		u, err := q.UserByID(ctx, id)
		if err != nil {
			return nil, err
		}
		ua := authz.ForUser(u.User, "", 0)
		if !ua.Can(authz.InspectionConduct) || (kind.Valid() && !ua.Can(kindPermission[kind])) {
			continue
		}
		out = append(out, InspectorRef{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName})
	}
	return out, nil
}

// FindingRow is a finding with its inspection, as the findings list shows it.
type FindingRow struct {
	Finding
	InstitutionName string     `json:"institution_name"`
	Kind            Kind       `json:"kind"`
	CompletedAt     *time.Time `json:"completed_at"`
}

// FindingFilter narrows the findings list.
type FindingFilter struct {
	Kind          Kind
	Severity      string
	InstitutionID int64
	// Open keeps the findings no order has been issued for.
	Open bool
}

// Findings lists the findings of the inspections the actor reads, newest
// first: an institution its own, a partner its duty's kinds.
func (s *Service) Findings(ctx context.Context, a authz.Actor, f FindingFilter, page domain.Page) ([]FindingRow, int, error) {
	if err := a.Require(authz.InspectionView); err != nil {
		return nil, 0, err
	}
	p := domain.Problems{}
	if f.Kind != "" && !f.Kind.Valid() {
		p.Add("kind", domain.ReasonNotAllowed)
	}
	if f.Severity != "" && f.Severity != SeverityGeneral && f.Severity != SeveritySerious {
		p.Add("severity", domain.ReasonNotAllowed)
	}
	if err := p.Err(); err != nil {
		return nil, 0, err
	}
	page = page.Normalised()
	where, args := s.inspectionWhere(a)
	if f.Kind != "" {
		where += " AND n.kind = ?"
		args = append(args, f.Kind)
	}
	if f.Severity != "" {
		where += " AND f.severity = ?"
		args = append(args, f.Severity)
	}
	if f.InstitutionID != 0 {
		where += " AND f.institution_id = ?"
		args = append(args, f.InstitutionID)
	}
	if f.Open {
		where += " AND f.order_id IS NULL"
	}
	q := s.db.Read()
	from := " FROM sv_findings f JOIN sv_inspections n ON n.id = f.inspection_id JOIN institutions i ON i.id = f.institution_id WHERE " + where
	var total int
	if err := q.QueryRow(ctx, "SELECT COUNT(*)"+from, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, `SELECT f.id, f.inspection_id, f.institution_id, f.item_code, f.severity, f.text_zh, f.text_en, f.note, f.order_id,
		i.name, n.kind, n.completed_at`+from+" ORDER BY f.id DESC LIMIT ? OFFSET ?", append(args, page.PerPage, page.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []FindingRow
	for rows.Next() {
		var r FindingRow
		var order sql.NullInt64
		var done sql.NullTime
		if err := rows.Scan(&r.ID, &r.InspectionID, &r.InstitutionID, &r.ItemCode, &r.Severity, &r.TextZh, &r.TextEn, &r.Note, &order,
			&r.InstitutionName, &r.Kind, &done); err != nil {
			return nil, 0, err
		}
		if order.Valid {
			r.OrderID = &order.Int64
		}
		if done.Valid {
			t := done.Time.UTC()
			r.CompletedAt = &t
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// Permission is the permission to plan, inspect and order under the kind.
func (k Kind) Permission() authz.Permission { return kindPermission[k] }
