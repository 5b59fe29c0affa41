package stats

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// A county's monthly report is approved up the hierarchy, as DHIS2's data
// approval: the county submits the month's figures (computed from the
// roll-ups and kept as submitted), the city approves or returns them with a
// reason. Approved figures are locked: every report of the month shows them,
// whatever later corrections of the records change in the roll-ups, until
// the city unlocks the report with a reason and the county submits again.

// Report states. A month without a row is open: not submitted yet.
const (
	ReportOpen      = "open"
	ReportSubmitted = "submitted"
	ReportApproved  = "approved"
	ReportReturned  = "returned"
	ReportUnlocked  = "unlocked"
)

// Step is one approval step.
type Step string

// The approval steps, each its own audit action.
const (
	StepSubmit  Step = "stats.report.submit"
	StepApprove Step = "stats.report.approve"
	StepReturn  Step = "stats.report.return"
	StepUnlock  Step = "stats.report.unlock"
)

// ActionPopulationImport is the audit action of an import of population figures.
const ActionPopulationImport = "stats.population_import"

// AuditActions lists every audit action this context writes.
var AuditActions = []string{string(StepSubmit), string(StepApprove), string(StepReturn), string(StepUnlock), ActionPopulationImport,
	string(StepInstCorrect), string(StepInstSubmit), string(StepInstApprove), string(StepInstReturn), string(StepInstReopen), ActionSettingsEdit}

// ReportIndicators are the indicators of a county's monthly report.
var ReportIndicators = []string{"places_per_1000", "places_puhui", "puhui_share", "inst_total", "inst_filed", "filing_rate",
	"occupancy", "enrolment_rate", "attendance_rate", "staff_qualified_share", "ratio_compliance", "demonstration_per_county", "guidance_coverage"}

// InstitutionIndicators are the institution figures behind the report.
var InstitutionIndicators = []string{"inst_filed", "places_puhui", "occupancy", "attendance_rate", "staff_qualified_share", "ratio_compliance"}

// maxReason bounds a return or unlock reason.
const maxReason = 500

// ReportLine is one indicator of a report.
type ReportLine struct {
	Indicator string `json:"indicator"`
	Value     Value  `json:"value"`
}

// ReportInstitution is one institution's figures behind a report.
type ReportInstitution struct {
	ID     int64   `json:"id"`
	Name   string  `json:"name"`
	Values []Value `json:"values"` // in the order of InstitutionIndicators
}

// Figures are a report's numbers.
type Figures struct {
	Lines        []ReportLine        `json:"lines"`
	Institutions []ReportInstitution `json:"institutions"`
}

// MonthlyReport is a county's report for a month with its approval state.
type MonthlyReport struct {
	RegionCode  string     `json:"region_code"`
	RegionName  string     `json:"region_name"`
	Month       string     `json:"month"`
	Status      string     `json:"status"`
	Locked      bool       `json:"locked"`   // approved: figures are the approved snapshot
	Snapshot    bool       `json:"snapshot"` // figures are as submitted, not live
	Reason      string     `json:"reason,omitempty"`
	SubmittedAt *time.Time `json:"submitted_at,omitempty"`
	DecidedAt   *time.Time `json:"decided_at,omitempty"`
	Figures     *Figures   `json:"figures,omitempty"`
}

// reportRow is a stored report.
type reportRow struct {
	id                     int64
	status, figures        string
	reason                 string
	submitted, decided     sql.NullTime
	submittedBy, decidedBy sql.NullInt64
}

func (s *Service) reportRow(ctx context.Context, q store.Q, region, month string) (reportRow, bool, error) {
	var r reportRow
	err := q.QueryRow(ctx, `SELECT id, status, figures, reason, submitted_at, decided_at, submitted_by, decided_by
		FROM stats_reports WHERE region_code = ? AND month = ?`, region, month).
		Scan(&r.id, &r.status, &r.figures, &r.reason, &r.submitted, &r.decided, &r.submittedBy, &r.decidedBy)
	if err == sql.ErrNoRows {
		return reportRow{status: ReportOpen}, false, nil
	}
	return r, err == nil, err
}

// reportTarget checks a report's county and month: a county in the
// caller's scope (else not found) and a month that has ended.
func (s *Service) reportTarget(ctx context.Context, a authz.Actor, region, month string) (Region, civil.Month, error) {
	m, err := civil.ParseMonth(month)
	if err != nil {
		return Region{}, m, domain.Invalid("month", domain.ReasonDate)
	}
	if !s.regionInScope(a.Scope(), region) {
		return Region{}, m, domain.NotFound("region")
	}
	r, err := s.region(ctx, region)
	if err != nil || r.Level != "county" {
		return r, m, domain.NotFound("region")
	}
	return r, m, nil
}

// Report reads a county's monthly report: the submitted (and, once
// approved, locked) figures when there are any, else the live ones from
// the roll-ups.
func (s *Service) Report(ctx context.Context, a authz.Actor, region, month string) (MonthlyReport, error) {
	if err := a.Require(authz.StatsView); err != nil {
		return MonthlyReport{}, err
	}
	r, m, err := s.reportTarget(ctx, a, region, month)
	if err != nil {
		return MonthlyReport{}, err
	}
	row, _, err := s.reportRow(ctx, s.db.Read(), region, m.String())
	if err != nil {
		return MonthlyReport{}, err
	}
	out := reportOf(r, m, row)
	if row.figures != "" && (row.status == ReportSubmitted || row.status == ReportApproved) {
		var f Figures
		if err := json.Unmarshal([]byte(row.figures), &f); err != nil {
			return out, err
		}
		out.Figures, out.Snapshot = &f, true
		return out, nil
	}
	f, err := s.figures(ctx, a, region, m)
	if err != nil {
		return out, err
	}
	out.Figures = &f
	return out, nil
}

func reportOf(r Region, m civil.Month, row reportRow) MonthlyReport {
	out := MonthlyReport{RegionCode: r.Code, RegionName: r.Name, Month: m.String(), Status: row.status, Locked: row.status == ReportApproved, Reason: row.reason}
	if row.submitted.Valid {
		out.SubmittedAt = &row.submitted.Time
	}
	if row.decided.Valid {
		out.DecidedAt = &row.decided.Time
	}
	return out
}

// figures computes a county's report from the roll-ups.
func (s *Service) figures(ctx context.Context, a authz.Actor, region string, m civil.Month) (Figures, error) {
	var f Figures
	for _, code := range ReportIndicators {
		vals, err := s.Values(ctx, a, Query{Indicator: code, Region: region, Period: m.String()})
		if err != nil {
			return f, err
		}
		if len(vals) == 1 {
			f.Lines = append(f.Lines, ReportLine{Indicator: code, Value: vals[0]})
		}
	}
	byID := map[int64]int{}
	for _, code := range InstitutionIndicators {
		vals, err := s.Values(ctx, a, Query{Indicator: code, Region: region, Period: m.String(), Level: "institution"})
		if err != nil {
			return f, err
		}
		for _, v := range vals {
			i, ok := byID[v.InstitutionID]
			if !ok {
				i = len(f.Institutions)
				byID[v.InstitutionID] = i
				f.Institutions = append(f.Institutions, ReportInstitution{ID: v.InstitutionID, Name: v.Name})
			}
			f.Institutions[i].Values = append(f.Institutions[i].Values, v)
		}
	}
	return f, nil
}

// Reports lists the monthly reports of the counties of a region (default:
// the caller's own) for a month, with their state (open when not
// submitted). The region must lie in the caller's scope.
func (s *Service) Reports(ctx context.Context, a authz.Actor, region, month string) ([]MonthlyReport, error) {
	if err := a.Require(authz.StatsView); err != nil {
		return nil, err
	}
	m, err := civil.ParseMonth(month)
	if err != nil {
		return nil, domain.Invalid("month", domain.ReasonDate)
	}
	counties, err := s.units(ctx, a, region, "county")
	if err != nil {
		return nil, err
	}
	if region == "" {
		region = a.Scope().RegionCode()
	}
	if len(counties) == 0 && region != "" {
		if r, err := s.region(ctx, region); err == nil && r.Level == "county" {
			counties = []unit{{code: r.Code, name: r.Name}}
		}
	}
	out := make([]MonthlyReport, 0, len(counties))
	for _, c := range counties {
		row, _, err := s.reportRow(ctx, s.db.Read(), c.code, m.String())
		if err != nil {
			return nil, err
		}
		out = append(out, reportOf(Region{Code: c.code, Name: c.name, Level: "county"}, m, row))
	}
	return out, nil
}

// stepFrom is the permission of an approval step, the states it may
// start from and the state it leads to.
type stepFrom struct {
	perm authz.Permission
	from []string
	to   string
}

// check refuses a step from a state it may not start from.
func (r stepFrom) check(status string) error {
	for _, st := range r.from {
		if st == status {
			return nil
		}
	}
	return domain.Conflict("the report is " + status)
}

// stepRule lists the states a step may start from, and its permission.
var stepRule = map[Step]stepFrom{
	StepSubmit:  {authz.StatsReportSubmit, []string{ReportOpen, ReportReturned, ReportUnlocked}, ReportSubmitted},
	StepApprove: {authz.StatsReportApprove, []string{ReportSubmitted}, ReportApproved},
	StepReturn:  {authz.StatsReportApprove, []string{ReportSubmitted}, ReportReturned},
	StepUnlock:  {authz.StatsReportApprove, []string{ReportApproved}, ReportUnlocked},
}

// Decide takes one approval step on a county's monthly report: submit (the
// county, figures snapshotted from the roll-ups), approve (the city; the
// figures lock), return or unlock (the city, with a reason). The step and
// its audit event are one transaction; a step from the wrong state is a
// conflict and changes nothing.
func (s *Service) Decide(ctx context.Context, a authz.Actor, step Step, region, month, reason string) (MonthlyReport, error) {
	rule, ok := stepRule[step]
	if !ok {
		return MonthlyReport{}, domain.Invalid("step", domain.ReasonNotAllowed)
	}
	if err := a.Require(rule.perm); err != nil {
		return MonthlyReport{}, err
	}
	_, m, err := s.reportTarget(ctx, a, region, month)
	if err != nil {
		return MonthlyReport{}, err
	}
	if step == StepSubmit && !m.Before(s.currentMonth()) {
		return MonthlyReport{}, domain.Invalid("month", domain.ReasonFuture)
	}
	reason = strings.TrimSpace(reason)
	if step == StepReturn || step == StepUnlock {
		if reason == "" {
			return MonthlyReport{}, domain.Invalid("reason", domain.ReasonRequired)
		}
		if utf8.RuneCountInString(reason) > maxReason {
			return MonthlyReport{}, domain.Invalid("reason", domain.ReasonTooLong)
		}
	}
	var figures []byte
	if step == StepSubmit {
		f, err := s.figures(ctx, a, region, m)
		if err != nil {
			return MonthlyReport{}, err
		}
		if figures, err = json.Marshal(f); err != nil {
			return MonthlyReport{}, err
		}
	}
	now, by := s.now(), userRef(a)
	err = s.db.Tx(ctx, func(q store.Q) error {
		row, exists, err := s.reportRow(ctx, q, region, m.String())
		if err != nil {
			return err
		}
		if err := rule.check(row.status); err != nil {
			return err
		}
		switch {
		case step == StepSubmit && !exists:
			row.id, err = q.Insert(ctx, `INSERT INTO stats_reports (region_code, month, status, figures, submitted_by, submitted_at, reason)
				VALUES (?, ?, ?, ?, ?, ?, '')`, region, m.String(), rule.to, string(figures), by, now)
		case step == StepSubmit:
			_, err = q.Exec(ctx, `UPDATE stats_reports SET status = ?, figures = ?, submitted_by = ?, submitted_at = ?, decided_by = NULL, decided_at = NULL, reason = ''
				WHERE id = ?`, rule.to, string(figures), by, now, row.id)
		case step == StepUnlock:
			_, err = q.Exec(ctx, `UPDATE stats_reports SET status = ?, figures = '', decided_by = ?, decided_at = ?, reason = ? WHERE id = ?`,
				rule.to, by, now, reason, row.id)
		default:
			_, err = q.Exec(ctx, `UPDATE stats_reports SET status = ?, decided_by = ?, decided_at = ?, reason = ? WHERE id = ?`,
				rule.to, by, now, reason, row.id)
		}
		if err != nil {
			return err
		}
		detail := map[string]string{"month": m.String(), "from": row.status, "to": rule.to}
		if reason != "" {
			detail["reason"] = reason
		}
		return s.audit(ctx, q, a, step, row.id, region, detail)
	})
	if err != nil {
		return MonthlyReport{}, err
	}
	return s.Report(ctx, a, region, m.String())
}

// audit appends a county report's event inside the write's transaction.
func (s *Service) audit(ctx context.Context, q store.Q, a authz.Actor, step Step, id int64, region string, detail any) error {
	return s.auditOn(ctx, q, a, string(step), "stats_report", id, region, 0, detail)
}
