package supervision

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode/utf8"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Demonstration is a designation as a demonstration institution (示范).
type Demonstration struct {
	ID              int64      `json:"id"`
	InstitutionID   int64      `json:"institution_id"`
	InstitutionName string     `json:"institution_name"`
	RegionCode      string     `json:"region_code"`
	DesignatedOn    civil.Date `json:"designated_on"`
	Reason          string     `json:"reason"`
}

// Eligibility says which demonstration criteria an institution meets;
// Unmet names the others ("filed_days", "grade", "failed_inspection",
// "open_order").
type Eligibility struct {
	InstitutionID int64    `json:"institution_id"`
	Grade         string   `json:"grade"`
	Eligible      bool     `json:"eligible"`
	Unmet         []string `json:"unmet"`
}

// CountyDemonstrations is a county's count against the plan's target.
type CountyDemonstrations struct {
	RegionCode string `json:"region_code"`
	Count      int    `json:"count"`
	Target     int    `json:"target"`
}

// eligibility checks the city's criteria (settings) for one institution.
func (s *Service) eligibility(ctx context.Context, q store.Q, inst domain.Institution, set CaseSettings) (Eligibility, error) {
	e := Eligibility{InstitutionID: inst.ID, Unmet: []string{}}
	filed, err := civil.Parse(inst.FiledOn)
	today := s.today()
	if inst.Status != domain.StatusFiled || err != nil || today.DaysSince(filed) < set.DemoFiledDays {
		e.Unmet = append(e.Unmet, "filed_days")
	}
	var tplID int64
	err = q.QueryRow(ctx, "SELECT grade, template_id FROM quality_assessments WHERE institution_id = ? AND status = ? ORDER BY year DESC LIMIT 1",
		inst.ID, StageDone).Scan(&e.Grade, &tplID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return e, err
	}
	ok := false
	if err == nil {
		t, err := qualityTemplateByID(ctx, q, tplID)
		if err != nil {
			return e, err
		}
		g, min := t.gradeRank(e.Grade), t.gradeRank(set.DemoMinGrade)
		ok = g >= 0 && min >= 0 && g <= min
	}
	if !ok {
		e.Unmet = append(e.Unmet, "grade")
	}
	failed, open, err := partnerBlocks(ctx, q, inst.ID, today.AddDays(-365))
	if err != nil {
		return e, err
	}
	if failed {
		e.Unmet = append(e.Unmet, "failed_inspection")
	}
	if open {
		e.Unmet = append(e.Unmet, "open_order")
	}
	e.Eligible = len(e.Unmet) == 0
	return e, nil
}

// partnerBlocks reports a failed inspection completed since a date and an
// open rectification order.
func partnerBlocks(ctx context.Context, q store.Q, institutionID int64, since civil.Date) (failed, open bool, err error) {
	var n int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM sv_inspections WHERE institution_id = ? AND status = 'completed' AND result = 'fail' AND completed_at >= ?",
		institutionID, since.Start()).Scan(&n); err != nil {
		return false, false, err
	}
	failed = n > 0
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM sv_orders WHERE institution_id = ? AND status <> 'closed'", institutionID).Scan(&n); err != nil {
		return false, false, err
	}
	return failed, n > 0, nil
}

// Eligibility checks the demonstration criteria for one institution in scope.
func (s *Service) Eligibility(ctx context.Context, a authz.Actor, institutionID int64) (Eligibility, error) {
	if err := a.Require(authz.QualityView); err != nil {
		return Eligibility{}, err
	}
	q := s.db.Read()
	inst, err := q.Institution(ctx, a.Scope(), institutionID)
	if err != nil {
		return Eligibility{}, err
	}
	set, err := caseSettings(ctx, q)
	if err != nil {
		return Eligibility{}, err
	}
	return s.eligibility(ctx, q, inst, set)
}

// Designate makes an institution a demonstration institution when it meets
// the criteria (the city's job); otherwise it names the criteria unmet.
func (s *Service) Designate(ctx context.Context, a authz.Actor, institutionID int64, reason string) (Demonstration, error) {
	if err := a.Require(authz.DemonstrationDesignate); err != nil {
		return Demonstration{}, err
	}
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > 1000 {
		return Demonstration{}, domain.Invalid("reason", domain.ReasonTooLong)
	}
	var out Demonstration
	err := s.db.Tx(ctx, func(q store.Q) error {
		inst, err := q.Institution(ctx, a.Scope(), institutionID)
		if err != nil {
			return err
		}
		set, err := caseSettings(ctx, q)
		if err != nil {
			return err
		}
		e, err := s.eligibility(ctx, q, inst, set)
		if err != nil {
			return err
		}
		if !e.Eligible {
			p := domain.Problems{}
			for _, u := range e.Unmet {
				p.Add(u, "criteria_unmet")
			}
			return p.Err()
		}
		var n int
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM demonstrations WHERE institution_id = ? AND revoked_on IS NULL", inst.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return domain.Conflict("the institution is already a demonstration institution")
		}
		today := s.today()
		id, err := q.Insert(ctx, "INSERT INTO demonstrations (institution_id, region_code, designated_on, reason, designated_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			inst.ID, inst.RegionCode, today, reason, userRef(a), s.now().UTC())
		if err != nil {
			return err
		}
		if _, err := q.Exec(ctx, "UPDATE institutions SET demonstration = ?, updated_at = ? WHERE id = ?", true, s.now().UTC(), inst.ID); err != nil {
			return err
		}
		out = Demonstration{ID: id, InstitutionID: inst.ID, InstitutionName: inst.Name, RegionCode: inst.RegionCode, DesignatedOn: today, Reason: reason}
		return s.audit(ctx, q, a, ActionDemonstrationGrant, "demonstration", id, inst.RegionCode, inst.ID, map[string]any{"reason": reason, "grade": e.Grade})
	})
	return out, err
}

// Revoke ends a designation, with a reason.
func (s *Service) Revoke(ctx context.Context, a authz.Actor, id int64, reason string) error {
	if err := a.Require(authz.DemonstrationDesignate); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return domain.Invalid("reason", domain.ReasonRequired)
	}
	return s.db.Tx(ctx, func(q store.Q) error {
		where, args := store.ScopeInstitutions(a.Scope(), "i")
		var inst int64
		var region string
		err := q.QueryRow(ctx, "SELECT d.institution_id, d.region_code FROM demonstrations d JOIN institutions i ON i.id = d.institution_id WHERE d.id = ? AND d.revoked_on IS NULL AND "+where,
			append([]any{id}, args...)...).Scan(&inst, &region)
		if err != nil {
			return noRows(err, "demonstration")
		}
		if _, err := q.Exec(ctx, "UPDATE demonstrations SET revoked_on = ?, revoke_reason = ? WHERE id = ?", s.today(), reason, id); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, "UPDATE institutions SET demonstration = ?, updated_at = ? WHERE id = ?", false, s.now().UTC(), inst); err != nil {
			return err
		}
		return s.audit(ctx, q, a, ActionDemonstrationRevoke, "demonstration", id, region, inst, map[string]any{"reason": reason})
	})
}

// Demonstrations lists the current demonstration institutions in scope.
func (s *Service) Demonstrations(ctx context.Context, a authz.Actor) ([]Demonstration, error) {
	if err := a.Require(authz.QualityView); err != nil {
		return nil, err
	}
	where, args := store.ScopeInstitutions(a.Scope(), "i")
	rows, err := s.db.Read().Query(ctx, `SELECT d.id, d.institution_id, i.name, d.region_code, d.designated_on, d.reason FROM demonstrations d
		JOIN institutions i ON i.id = d.institution_id WHERE d.revoked_on IS NULL AND `+where+" ORDER BY d.region_code, i.name", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Demonstration{}
	for rows.Next() {
		var d Demonstration
		if err := rows.Scan(&d.ID, &d.InstitutionID, &d.InstitutionName, &d.RegionCode, &d.DesignatedOn, &d.Reason); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DemonstrationCounts gives each county in scope its count against the
// target; counties lists the county codes to report (those with none count 0).
func (s *Service) DemonstrationCounts(ctx context.Context, a authz.Actor, counties []string) ([]CountyDemonstrations, error) {
	list, err := s.Demonstrations(ctx, a)
	if err != nil {
		return nil, err
	}
	set, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	by := map[string]int{}
	for _, d := range list {
		by[d.RegionCode]++
	}
	out := make([]CountyDemonstrations, 0, len(counties))
	for _, c := range counties {
		if a.Scope().ContainsRegion(c) {
			out = append(out, CountyDemonstrations{RegionCode: c, Count: by[c], Target: set.DemoTargetPerCounty})
		}
	}
	return out, nil
}
