package supervision

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Plan methods: institutions chosen by hand, or drawn at random (双随机一公开:
// random targets and random inspectors, 国办发〔2015〕58号).
const (
	MethodManual = "manual"
	MethodDraw   = "draw"
)

// MinInspectors is the fewest inspectors on one inspection (two law-enforcement
// officers on site).
const MinInspectors = 2

// PlanCreated is the audit action of a new plan and its draw.
const PlanCreated Action = "supervision.plan.create"

// NewPlan is a plan as the regulator enters it.
type NewPlan struct {
	Name        string     `json:"name"`
	Kind        Kind       `json:"kind"`
	TemplateID  int64      `json:"template_id"`
	PeriodStart civil.Date `json:"period_start"`
	PeriodEnd   civil.Date `json:"period_end"`
	Method      string     `json:"method"`
	// Manual: the institutions. Draw: a count, or a share (0–1] of the
	// filed institutions in scope.
	InstitutionIDs []int64 `json:"institution_ids"`
	DrawCount      int     `json:"draw_count"`
	DrawShare      float64 `json:"draw_share"`
	// Pool is the inspectors to draw from; InspectorsEach go on each inspection.
	Pool           []int64 `json:"pool"`
	InspectorsEach int     `json:"inspectors_each"`
	// Seed reproduces a draw; 0 draws a fresh one.
	Seed        uint64   `json:"seed"`
	Departments []string `json:"departments"`
}

// Plan is a plan with its inspections.
type Plan struct {
	ID             int64      `json:"id"`
	RegionCode     string     `json:"region_code"`
	Name           string     `json:"name"`
	Kind           Kind       `json:"kind"`
	TemplateID     int64      `json:"template_id"`
	PeriodStart    civil.Date `json:"period_start"`
	PeriodEnd      civil.Date `json:"period_end"`
	Method         string     `json:"method"`
	DrawCount      int        `json:"draw_count"`
	DrawShare      float64    `json:"draw_share"`
	InspectorsEach int        `json:"inspectors_each"`
	Seed           string     `json:"seed"`
	// Population is how many institutions the draw was made from.
	Population  int      `json:"population"`
	Pool        []int64  `json:"pool"`
	Departments []string `json:"departments"`
	// Published: the plan and its draw are public once the period starts.
	Published   bool         `json:"published"`
	Inspections []Inspection `json:"inspections"`
}

// Draw picks n of the population and, for each, each inspectors of the pool,
// with a PCG generator seeded by seed: the same inputs give the same draw.
// Population and pool are taken in ascending order.
func Draw(seed uint64, population []int64, n int, pool []int64, each int) (targets []int64, inspectors [][]int64) {
	population, pool = slices.Sorted(slices.Values(population)), slices.Sorted(slices.Values(pool))
	r := mathRand(seed)
	if n > len(population) {
		n = len(population)
	}
	for _, i := range r.Perm(len(population))[:n] {
		targets = append(targets, population[i])
	}
	slices.Sort(targets)
	return targets, drawInspectors(r, len(targets), pool, each)
}

func drawInspectors(r *rand.Rand, count int, pool []int64, each int) [][]int64 {
	out := make([][]int64, count)
	for t := range out {
		for _, i := range r.Perm(len(pool))[:each] {
			out[t] = append(out[t], pool[i])
		}
		slices.Sort(out[t])
	}
	return out
}

// CreatePlan plans inspections of one kind with one checklist version: the
// institutions by hand or drawn, the inspectors drawn from the pool. The
// seed is recorded so the draw can be reproduced.
func (s *Service) CreatePlan(ctx context.Context, a authz.Actor, n NewPlan) (Plan, error) {
	if err := a.Require(authz.PlanEdit); err != nil {
		return Plan{}, err
	}
	if n.Kind.Valid() {
		if err := a.Require(kindPermission[n.Kind]); err != nil {
			return Plan{}, err
		}
	}
	var out Plan
	err := s.db.Tx(ctx, func(q store.Q) error {
		p, err := s.createPlan(ctx, q, a, n)
		out = p
		return err
	})
	return out, err
}

func (s *Service) createPlan(ctx context.Context, q store.Q, a authz.Actor, n NewPlan) (Plan, error) {
	p := domain.Problems{}
	today := s.today()
	pl := Plan{RegionCode: a.RegionCode, Name: strings.TrimSpace(n.Name), Kind: n.Kind, TemplateID: n.TemplateID, PeriodStart: n.PeriodStart,
		PeriodEnd: n.PeriodEnd, Method: n.Method, InspectorsEach: n.InspectorsEach, Departments: n.Departments}
	if pl.Name == "" {
		p.Add("name", domain.ReasonRequired)
	}
	if !n.Kind.Valid() {
		p.Add("kind", domain.ReasonNotAllowed)
	}
	if t, err := templateByID(ctx, q, n.TemplateID); domain.ErrorCode(err) == domain.CodeNotFound || (err == nil && t.Kind != n.Kind) {
		p.Add("template_id", "unknown_template")
	} else if err != nil {
		return pl, err
	}
	switch {
	case n.PeriodStart.IsZero():
		p.Add("period_start", domain.ReasonRequired)
	case n.PeriodStart.Before(today):
		p.Add("period_start", "in_past")
	}
	if n.PeriodEnd.IsZero() || n.PeriodEnd.Before(n.PeriodStart) {
		p.Add("period_end", "before_start")
	}
	for _, d := range n.Departments {
		if !authz.Duty(d).Valid() {
			p.Add("departments", domain.ReasonNotAllowed)
		}
	}
	if n.InspectorsEach < MinInspectors {
		p.Add("inspectors_each", "at_least_two")
	}
	pool, err := s.checkPool(ctx, q, a, n.Kind, n.Pool)
	if err != nil {
		return pl, err
	}
	if pool == nil {
		p.Add("pool", "unknown_inspector")
	} else if len(pool) < n.InspectorsEach {
		p.Add("pool", "too_few_inspectors")
	}
	where, args := store.ScopeInstitutions(a.Scope(), "i")
	population, err := ids(ctx, q, "SELECT i.id FROM institutions i WHERE i.status = ? AND "+where+" ORDER BY i.id", append([]any{domain.StatusFiled}, args...)...)
	if err != nil {
		return pl, err
	}
	pl.Population = len(population)
	count := 0
	switch n.Method {
	case MethodManual:
		if len(n.InstitutionIDs) == 0 {
			p.Add("institution_ids", domain.ReasonRequired)
		}
		for _, id := range n.InstitutionIDs {
			if _, err := q.Institution(ctx, a.Scope(), id); domain.ErrorCode(err) == domain.CodeNotFound {
				p.Add("institution_ids", "unknown_institution")
			} else if err != nil {
				return pl, err
			}
		}
	case MethodDraw:
		switch {
		case n.DrawCount > 0 && n.DrawShare == 0:
			count = n.DrawCount
		case n.DrawCount == 0 && n.DrawShare > 0 && n.DrawShare <= 1:
			count = int(math.Ceil(n.DrawShare * float64(len(population))))
		default:
			p.Add("draw_count", "count_or_share")
		}
		if len(population) == 0 {
			p.Add("draw_count", "no_institutions")
		}
		pl.DrawCount, pl.DrawShare = n.DrawCount, n.DrawShare
	default:
		p.Add("method", domain.ReasonNotAllowed)
	}
	if err := p.Err(); err != nil {
		return pl, err
	}
	seed := n.Seed
	if seed == 0 {
		var b [8]byte
		if _, err := crand.Read(b[:]); err != nil {
			return pl, err
		}
		seed = binary.LittleEndian.Uint64(b[:])
	}
	pl.Seed = strconv.FormatUint(seed, 10)
	var targets []int64
	var crews [][]int64
	if n.Method == MethodDraw {
		targets, crews = Draw(seed, population, count, pool, n.InspectorsEach)
	} else {
		targets = slices.Compact(slices.Sorted(slices.Values(n.InstitutionIDs)))
		crews = drawInspectors(mathRand(seed), len(targets), pool, n.InspectorsEach)
	}
	deps := jsonList(n.Departments)
	pl.ID, err = q.Insert(ctx, `INSERT INTO sv_plans (region_code, name, kind, template_id, period_start, period_end, method, draw_count, draw_share,
		inspectors_each, seed, population, departments, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		pl.RegionCode, pl.Name, pl.Kind, pl.TemplateID, pl.PeriodStart, pl.PeriodEnd, pl.Method, pl.DrawCount, pl.DrawShare, pl.InspectorsEach,
		pl.Seed, pl.Population, deps, userRef(a), s.now().UTC())
	if err != nil {
		return pl, err
	}
	for _, u := range pool {
		if _, err := q.Exec(ctx, "INSERT INTO sv_plan_pool (plan_id, user_id) VALUES (?, ?)", pl.ID, u); err != nil {
			return pl, err
		}
	}
	pl.Pool = pool
	for i, inst := range targets {
		in, err := s.insertInspection(ctx, q, a, newInspection{planID: pl.ID, institution: inst, kind: pl.Kind, templateID: pl.TemplateID,
			origin: OriginPlan, announceOn: pl.PeriodStart, dueBy: pl.PeriodEnd, inspectors: crews[i]})
		if err != nil {
			return pl, err
		}
		pl.Inspections = append(pl.Inspections, in)
	}
	pl.Published = !today.Before(pl.PeriodStart)
	return pl, s.audit(ctx, q, a, PlanCreated, "plan", pl.ID, pl.RegionCode, 0, map[string]any{"kind": pl.Kind, "method": pl.Method,
		"seed": pl.Seed, "population": pl.Population, "institutions": targets, "pool": pool})
}

func mathRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

// checkPool returns the pool in ascending order, or nil when an id is not an
// account that may carry out this kind of inspection in the actor's region.
func (s *Service) checkPool(ctx context.Context, q store.Q, a authz.Actor, kind Kind, pool []int64) ([]int64, error) {
	pool = slices.Compact(slices.Sorted(slices.Values(pool)))
	if len(pool) == 0 {
		return nil, nil
	}
	for _, id := range pool {
		u, err := q.UserByID(ctx, id)
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		ua := authz.ForUser(u.User, "", 0)
		if u.Disabled || !ua.Can(authz.InspectionConduct) || (kind.Valid() && !ua.Can(kindPermission[kind])) || !a.Scope().ContainsRegion(u.RegionCode) {
			return nil, nil
		}
	}
	return pool, nil
}

// Plan returns a plan with its inspections; a partner sees only plans of its duty.
func (s *Service) Plan(ctx context.Context, a authz.Actor, id int64) (Plan, error) {
	if err := a.Require(authz.PlanView); err != nil {
		return Plan{}, err
	}
	q := s.db.Read()
	where, args := store.ScopeRegion(a.Scope(), "p.region_code")
	kw, kargs := kindWhere(a, "p.kind")
	var pl Plan
	var deps string
	err := q.QueryRow(ctx, `SELECT p.id, p.region_code, p.name, p.kind, p.template_id, p.period_start, p.period_end, p.method, p.draw_count, p.draw_share,
		p.inspectors_each, p.seed, p.population, p.departments FROM sv_plans p WHERE p.id = ? AND `+where+" AND "+kw, append(append([]any{id}, args...), kargs...)...).Scan(
		&pl.ID, &pl.RegionCode, &pl.Name, &pl.Kind, &pl.TemplateID, &pl.PeriodStart, &pl.PeriodEnd, &pl.Method, &pl.DrawCount, &pl.DrawShare,
		&pl.InspectorsEach, &pl.Seed, &pl.Population, &deps)
	if err != nil {
		return pl, notFound(err, "plan")
	}
	pl.Departments = splitJSONList(deps)
	if pl.Pool, err = ids(ctx, q, "SELECT user_id FROM sv_plan_pool WHERE plan_id = ? ORDER BY user_id", id); err != nil {
		return pl, err
	}
	pl.Published = !s.today().Before(pl.PeriodStart)
	pl.Inspections, _, err = s.listInspections(ctx, q, a, InspectionFilter{PlanID: id}, domain.Page{PerPage: 200})
	return pl, err
}
