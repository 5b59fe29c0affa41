package supervision

import (
	"context"
	"strconv"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// CaseSettings are the deployment's figures for complaints, closure
// notices, the CCTV register and demonstration institutions. They live in
// the settings table; the city regulator changes them.
type CaseSettings struct {
	// 12345 practice: the handling unit signs for a work order within 1
	// working day and answers a help request within 5 (2 for a
	// consultation); urgent complaints get the shorter answer deadline.
	ComplaintSignWorkdays         int `json:"complaint_sign_workdays"`
	ComplaintAnswerWorkdays       int `json:"complaint_answer_workdays"`
	ComplaintUrgentAnswerWorkdays int `json:"complaint_urgent_answer_workdays"`
	// ClosureNoticeDays is how long a closure notice stays on the public site.
	ClosureNoticeDays int `json:"closure_notice_days"`
	// CCTVRetentionDays is the least a camera's footage is kept: at least 90
	// (托育机构管理规范 第32条; WS/T 821—2023 9.4.3).
	CCTVRetentionDays int `json:"cctv_retention_days"`
	// FootageConfirmWorkdays is the institution's deadline to confirm a
	// preservation request.
	FootageConfirmWorkdays int `json:"footage_confirm_workdays"`
	// Demonstration criteria: filed for at least DemoFiledDays, a grade at
	// least DemoMinGrade in the latest completed assessment, no failed
	// inspection in the last year and no open rectification order.
	DemoFiledDays int    `json:"demo_filed_days"`
	DemoMinGrade  string `json:"demo_min_grade"`
	// DemoTargetPerCounty is the plan's target of demonstration
	// institutions in each county (at least 3).
	DemoTargetPerCounty int `json:"demo_target_per_county"`
}

// MinCCTVRetentionDays is the national floor for keeping footage.
const MinCCTVRetentionDays = 90

// DefaultCaseSettings are the figures used until the city sets its own.
func DefaultCaseSettings() CaseSettings {
	return CaseSettings{ComplaintSignWorkdays: 1, ComplaintAnswerWorkdays: 5, ComplaintUrgentAnswerWorkdays: 2, ClosureNoticeDays: 30,
		CCTVRetentionDays: MinCCTVRetentionDays, FootageConfirmWorkdays: 1, DemoFiledDays: 365, DemoMinGrade: "B", DemoTargetPerCounty: 3}
}

type intSetting struct {
	key      string
	dst      *int
	min, max int
}

func (c *CaseSettings) ints() []intSetting {
	return []intSetting{
		{"supervision.complaint_sign_workdays", &c.ComplaintSignWorkdays, 1, 30},
		{"supervision.complaint_answer_workdays", &c.ComplaintAnswerWorkdays, 1, 60},
		{"supervision.complaint_urgent_answer_workdays", &c.ComplaintUrgentAnswerWorkdays, 1, 60},
		{"supervision.closure_notice_days", &c.ClosureNoticeDays, 1, 3650},
		{"supervision.cctv_retention_days", &c.CCTVRetentionDays, MinCCTVRetentionDays, 3650},
		{"supervision.footage_confirm_workdays", &c.FootageConfirmWorkdays, 1, 30},
		{"supervision.demo_filed_days", &c.DemoFiledDays, 0, 3650},
		{"supervision.demo_target_per_county", &c.DemoTargetPerCounty, 1, 100},
	}
}

const settingDemoMinGrade = "supervision.demo_min_grade"

// Validate records a problem per field out of its range.
func (c CaseSettings) Validate(grades []string, p domain.Problems) {
	for _, f := range c.ints() {
		if *f.dst < f.min || *f.dst > f.max {
			p.Add(strings.TrimPrefix(f.key, "supervision."), domain.ReasonRange)
		}
	}
	if c.ComplaintUrgentAnswerWorkdays > c.ComplaintAnswerWorkdays {
		p.Add("complaint_urgent_answer_workdays", domain.ReasonRange)
	}
	ok := false
	for _, g := range grades {
		ok = ok || g == c.DemoMinGrade
	}
	if !ok {
		p.Add("demo_min_grade", domain.ReasonNotAllowed)
	}
}

// Settings reads the case settings, with the defaults for those not set.
func (s *Service) Settings(ctx context.Context) (CaseSettings, error) {
	return caseSettings(ctx, s.db.Read())
}

func caseSettings(ctx context.Context, q store.Q) (CaseSettings, error) {
	c := DefaultCaseSettings()
	for _, f := range c.ints() {
		v, err := q.Setting(ctx, f.key)
		if err != nil {
			return c, err
		}
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= f.min && n <= f.max {
			*f.dst = n
		}
	}
	v, err := q.Setting(ctx, settingDemoMinGrade)
	if err != nil {
		return c, err
	}
	if v = strings.TrimSpace(v); v != "" {
		c.DemoMinGrade = v
	}
	return c, nil
}

// SetSettings changes the case settings (the city regulator's job).
func (s *Service) SetSettings(ctx context.Context, a authz.Actor, in CaseSettings) (CaseSettings, error) {
	if err := a.Require(authz.CaseSettingsEdit); err != nil {
		return CaseSettings{}, err
	}
	in.DemoMinGrade = strings.TrimSpace(in.DemoMinGrade)
	err := s.db.Tx(ctx, func(q store.Q) error {
		t, err := currentTemplate(ctx, q)
		if err != nil {
			return err
		}
		p := domain.Problems{}
		in.Validate(t.GradeNames(), p)
		if err := p.Err(); err != nil {
			return err
		}
		before, err := caseSettings(ctx, q)
		if err != nil {
			return err
		}
		for _, f := range in.ints() {
			if err := q.SetSetting(ctx, f.key, strconv.Itoa(*f.dst)); err != nil {
				return err
			}
		}
		if err := q.SetSetting(ctx, settingDemoMinGrade, in.DemoMinGrade); err != nil {
			return err
		}
		return s.audit(ctx, q, a, ActionSettingsUpdate, "case_settings", 0, "", 0, map[string]any{"before": before, "after": in})
	})
	if err != nil {
		return CaseSettings{}, err
	}
	return s.Settings(ctx)
}
