package supervision

import (
	"context"
	"strings"

	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// PublicPlan is a plan as the public site shows it once its period has
// started (双随机一公开): what was drawn, from how many, with which seed, and
// who inspects. The pool of inspectors and the institutions not drawn stay
// private.
type PublicPlan struct {
	ID          int64          `json:"id"`
	Name        string         `json:"name"`
	RegionCode  string         `json:"region_code"`
	RegionName  string         `json:"region_name"`
	Kind        Kind           `json:"kind"`
	Method      string         `json:"method"`
	TemplateZh  string         `json:"template_name_zh"`
	TemplateEn  string         `json:"template_name_en"`
	Version     int            `json:"template_version"`
	PeriodStart civil.Date     `json:"period_start"`
	PeriodEnd   civil.Date     `json:"period_end"`
	Seed        string         `json:"seed"`
	Population  int            `json:"eligible"`
	Drawn       int            `json:"drawn"`
	Departments []string       `json:"departments"`
	Targets     []PublicTarget `json:"institutions"`
}

// PublicTarget is one institution drawn in a published plan with the names
// of its inspectors.
type PublicTarget struct {
	InstitutionID   int64    `json:"institution_id"`
	InstitutionName string   `json:"institution_name"`
	Inspectors      []string `json:"inspectors"`
}

// PublicPlanFilter narrows the published plans: a county (its code, or a
// city above it) and an institution drawn.
type PublicPlanFilter struct {
	Region      string
	Institution int64
}

// PublicPlans lists the plans whose period has started, newest first; no
// login needed. A plan not yet started is not listed.
func (s *Service) PublicPlans(ctx context.Context, f PublicPlanFilter, page domain.Page) ([]PublicPlan, int, error) {
	page = page.Normalised()
	where := "p.period_start <= ?"
	args := []any{s.today()}
	if r := strings.TrimSpace(f.Region); r != "" {
		where += " AND (p.region_code = ? OR p.region_code IN (SELECT code FROM regions WHERE parent_code = ?))"
		args = append(args, r, r)
	}
	if f.Institution > 0 {
		where += " AND EXISTS (SELECT 1 FROM sv_inspections x WHERE x.plan_id = p.id AND x.institution_id = ?)"
		args = append(args, f.Institution)
	}
	q := s.db.Read()
	var total int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM sv_plans p WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, `SELECT p.id, p.name, p.region_code, COALESCE(r.name, ''), p.kind, p.method, t.name_zh, t.name_en, t.version,
		p.period_start, p.period_end, p.seed, p.population, p.departments FROM sv_plans p JOIN sv_templates t ON t.id = p.template_id
		LEFT JOIN regions r ON r.code = p.region_code WHERE `+where+" ORDER BY p.period_start DESC, p.id DESC LIMIT ? OFFSET ?",
		append(args, page.PerPage, page.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	out := []PublicPlan{}
	for rows.Next() {
		var p PublicPlan
		var deps string
		if err := rows.Scan(&p.ID, &p.Name, &p.RegionCode, &p.RegionName, &p.Kind, &p.Method, &p.TemplateZh, &p.TemplateEn, &p.Version,
			&p.PeriodStart, &p.PeriodEnd, &p.Seed, &p.Population, &deps); err != nil {
			rows.Close()
			return nil, 0, err
		}
		p.Departments = splitJSONList(deps)
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	for i := range out {
		if out[i].Targets, err = publicTargets(ctx, q, out[i].ID); err != nil {
			return nil, 0, err
		}
		out[i].Drawn = len(out[i].Targets)
	}
	return out, total, nil
}

func publicTargets(ctx context.Context, q store.Q, plan int64) ([]PublicTarget, error) {
	rows, err := q.Query(ctx, `SELECT x.id, i.id, i.name, COALESCE(u.display_name, '') FROM sv_inspections x JOIN institutions i ON i.id = x.institution_id
		LEFT JOIN sv_inspectors v ON v.inspection_id = x.id LEFT JOIN users u ON u.id = v.user_id
		WHERE x.plan_id = ? ORDER BY i.id, x.id, u.id`, plan)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []PublicTarget{}
	var last int64
	for rows.Next() {
		var insp, inst int64
		var name, user string
		if err := rows.Scan(&insp, &inst, &name, &user); err != nil {
			return nil, err
		}
		if insp != last {
			out = append(out, PublicTarget{InstitutionID: inst, InstitutionName: name, Inspectors: []string{}})
			last = insp
		}
		if user != "" {
			t := &out[len(out)-1]
			t.Inspectors = append(t.Inspectors, user)
		}
	}
	return out, rows.Err()
}

// PublicPlanRef names a published plan an institution was drawn in.
type PublicPlanRef struct {
	ID          int64      `json:"id"`
	Name        string     `json:"name"`
	Kind        Kind       `json:"kind"`
	PeriodStart civil.Date `json:"period_start"`
	PeriodEnd   civil.Date `json:"period_end"`
}

func (s *Service) publicPlanRefs(ctx context.Context, q store.Q, institution int64) ([]PublicPlanRef, error) {
	rows, err := q.Query(ctx, `SELECT p.id, p.name, p.kind, p.period_start, p.period_end FROM sv_plans p
		WHERE p.period_start <= ? AND EXISTS (SELECT 1 FROM sv_inspections x WHERE x.plan_id = p.id AND x.institution_id = ?)
		ORDER BY p.period_start DESC, p.id DESC LIMIT 20`, s.today(), institution)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []PublicPlanRef{}
	for rows.Next() {
		var p PublicPlanRef
		if err := rows.Scan(&p.ID, &p.Name, &p.Kind, &p.PeriodStart, &p.PeriodEnd); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
