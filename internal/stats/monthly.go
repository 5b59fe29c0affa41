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

// An institution's monthly report fills itself from the month's records;
// the director reviews it, corrects a figure with a reason (the computed
// value stays beside it) and submits it by the deadline — the Nth working
// day of the next month. The county approves it (the figures lock) or
// returns it with a reason, and may reopen an approved one with a reason.
// The county's and the city's totals are the approved reports added up.

// ReportReopened is an approved institution report the county reopened.
const ReportReopened = "reopened"

// The institution report steps, each its own audit action.
const (
	StepInstCorrect Step = "stats.institution_report.correct"
	StepInstSubmit  Step = "stats.institution_report.submit"
	StepInstApprove Step = "stats.institution_report.approve"
	StepInstReturn  Step = "stats.institution_report.return"
	StepInstReopen  Step = "stats.institution_report.reopen"
	// ActionSettingsEdit is a change of the statistics settings.
	ActionSettingsEdit = "stats.settings.edit"
)

// DefaultDeadlineWorkday is the working day of the next month by which a
// monthly report is due, unless the settings say otherwise.
const DefaultDeadlineWorkday = 5

// Correction is a director's change of one computed figure.
type Correction struct {
	Computed int64     `json:"computed"`
	Value    int64     `json:"value"`
	Reason   string    `json:"reason"`
	By       string    `json:"by,omitempty"`
	At       time.Time `json:"at"`
}

// InstFigures are a report's numbers: as computed from the records, and
// the corrections over them.
type InstFigures struct {
	Computed    map[string]int64      `json:"computed"`
	Corrections map[string]Correction `json:"corrections"`
}

// Value is a figure as reported: corrected, else computed.
func (f InstFigures) Value(item string) int64 {
	if c, ok := f.Corrections[item]; ok {
		return c.Value
	}
	return f.Computed[item]
}

// InstitutionReport is one institution's report for a month.
type InstitutionReport struct {
	InstitutionID   int64         `json:"institution_id"`
	InstitutionName string        `json:"institution_name"`
	RegionCode      string        `json:"region_code"`
	TownshipCode    string        `json:"township_code"`
	Month           string        `json:"month"`
	Status          string        `json:"status"`
	Locked          bool          `json:"locked"`   // approved: no correction until reopened
	Snapshot        bool          `json:"snapshot"` // figures as submitted, not live
	Editable        bool          `json:"editable"` // the director may correct and submit
	Reason          string        `json:"reason,omitempty"`
	Deadline        civil.Date    `json:"deadline"`
	Late            bool          `json:"late"`    // first submitted after the deadline
	Missing         bool          `json:"missing"` // not submitted and the deadline has passed
	SubmittedAt     *time.Time    `json:"submitted_at,omitempty"`
	DecidedAt       *time.Time    `json:"decided_at,omitempty"`
	Figures         InstFigures   `json:"figures"`
	Tables          []ReportTable `json:"tables"`
}

type instRow struct {
	id                 int64
	status, figures    string
	reason             string
	first              sql.NullTime
	submitted, decided sql.NullTime
}

// reportInstitution is an institution a report is about.
type reportInst struct {
	id                     int64
	name, region, township string
	status                 string
	puhui                  int64
}

// institution reads an institution in the caller's scope (else not found).
func (s *Service) institution(ctx context.Context, q store.Q, a authz.Actor, id int64) (reportInst, error) {
	where, args := store.ScopeInstitutions(a.Scope(), "i")
	var in reportInst
	err := q.QueryRow(ctx, `SELECT i.id, i.name, i.region_code, i.township_code, i.status, i.puhui_places FROM institutions i
		WHERE i.id = ? AND `+where, append([]any{id}, args...)...).Scan(&in.id, &in.name, &in.region, &in.township, &in.status, &in.puhui)
	if err == sql.ErrNoRows {
		return in, domain.NotFound("institution")
	}
	return in, err
}

func (s *Service) instRow(ctx context.Context, q store.Q, inst int64, month string) (instRow, bool, error) {
	var r instRow
	err := q.QueryRow(ctx, `SELECT id, status, figures, reason, first_submitted_at, submitted_at, decided_at
		FROM stats_institution_reports WHERE institution_id = ? AND month = ?`, inst, month).
		Scan(&r.id, &r.status, &r.figures, &r.reason, &r.first, &r.submitted, &r.decided)
	if err == sql.ErrNoRows {
		return instRow{status: ReportOpen}, false, nil
	}
	return r, err == nil, err
}

// parseReportMonth reads a report month: one that has begun.
func (s *Service) parseReportMonth(month string) (civil.Month, error) {
	m, err := civil.ParseMonth(month)
	if err != nil {
		return m, domain.Invalid("month", domain.ReasonDate)
	}
	if m.After(s.currentMonth()) {
		return m, domain.Invalid("month", domain.ReasonFuture)
	}
	return m, nil
}

// Deadline is the day a month's reports are due: the Nth working day of
// the next month on the official calendar (N from the settings).
func (s *Service) Deadline(ctx context.Context, m civil.Month) (civil.Date, error) {
	n, err := s.DeadlineWorkday(ctx)
	if err != nil {
		return civil.Date{}, err
	}
	due, _ := s.core.Calendar.AddWorkdays(m.Last().Start(), n)
	return civil.InChina(due), nil
}

// editable states: the director may correct and submit.
func editable(status string) bool {
	return status == ReportOpen || status == ReportReturned || status == ReportReopened
}

// InstitutionReport reads an institution's report for a month: the
// submitted figures once submitted, else the live ones with the
// corrections made so far.
func (s *Service) InstitutionReport(ctx context.Context, a authz.Actor, inst int64, month string) (InstitutionReport, error) {
	if err := a.Require(authz.StatsView); err != nil {
		return InstitutionReport{}, err
	}
	m, err := s.parseReportMonth(month)
	if err != nil {
		return InstitutionReport{}, err
	}
	q := s.db.Read()
	in, err := s.institution(ctx, q, a, inst)
	if err != nil {
		return InstitutionReport{}, err
	}
	row, _, err := s.instRow(ctx, q, inst, m.String())
	if err != nil {
		return InstitutionReport{}, err
	}
	due, err := s.Deadline(ctx, m)
	if err != nil {
		return InstitutionReport{}, err
	}
	out := s.instReportOf(in, m, row, due)
	if row.figures != "" && !editable(row.status) {
		if err := json.Unmarshal([]byte(row.figures), &out.Figures); err != nil {
			return out, err
		}
		out.Snapshot = true
	} else if out.Figures, err = s.liveFigures(ctx, q, in, m); err != nil {
		return out, err
	}
	out.Tables = Layout(out.Figures)
	return out, nil
}

func (s *Service) instReportOf(in reportInst, m civil.Month, row instRow, due civil.Date) InstitutionReport {
	out := InstitutionReport{InstitutionID: in.id, InstitutionName: in.name, RegionCode: in.region, TownshipCode: in.township, Month: m.String(),
		Status: row.status, Locked: row.status == ReportApproved, Editable: editable(row.status), Reason: row.reason, Deadline: due}
	if row.submitted.Valid {
		out.SubmittedAt = &row.submitted.Time
	}
	if row.decided.Valid {
		out.DecidedAt = &row.decided.Time
	}
	out.Late = row.first.Valid && civil.InChina(row.first.Time).After(due)
	out.Missing = !row.first.Valid && s.today().After(due)
	return out
}

// liveFigures computes the month's figures and reads the corrections.
func (s *Service) liveFigures(ctx context.Context, q store.Q, in reportInst, m civil.Month) (InstFigures, error) {
	f := InstFigures{Corrections: map[string]Correction{}}
	var err error
	if f.Computed, err = s.monthFigures(ctx, q, in, m); err != nil {
		return f, err
	}
	rows, err := q.Query(ctx, `SELECT c.item, c.computed, c.value, c.reason, c.corrected_at, COALESCE(u.username, '')
		FROM stats_institution_corrections c LEFT JOIN users u ON u.id = c.corrected_by
		WHERE c.institution_id = ? AND c.month = ?`, in.id, m.String())
	if err != nil {
		return f, err
	}
	defer rows.Close()
	for rows.Next() {
		var item string
		var c Correction
		if err := rows.Scan(&item, &c.Computed, &c.Value, &c.Reason, &c.At, &c.By); err != nil {
			return f, err
		}
		c.Computed = f.Computed[item] // beside today's computed value
		f.Corrections[item] = c
	}
	return f, rows.Err()
}

// checkReason validates a required reason.
func checkReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return reason, domain.Invalid("reason", domain.ReasonRequired)
	}
	if utf8.RuneCountInString(reason) > maxReason {
		return reason, domain.Invalid("reason", domain.ReasonTooLong)
	}
	return reason, nil
}

// maxFigure bounds a corrected figure.
const maxFigure = 1_000_000_000_000

// Correct sets one figure of an open (or returned, or reopened) report to
// a value with a reason; a value equal to the computed one removes the
// correction. The change and its audit event are one transaction.
func (s *Service) Correct(ctx context.Context, a authz.Actor, inst int64, month, item string, value int64, reason string) (InstitutionReport, error) {
	in, m, err := s.instTarget(ctx, a, authz.StatsMonthlySubmit, inst, month)
	if err != nil {
		return InstitutionReport{}, err
	}
	if value < 0 {
		return InstitutionReport{}, domain.Invalid("value", domain.ReasonNegative)
	}
	if value > maxFigure {
		return InstitutionReport{}, domain.Invalid("value", domain.ReasonRange)
	}
	if reason, err = checkReason(reason); err != nil {
		return InstitutionReport{}, err
	}
	now := s.now()
	err = s.db.Tx(ctx, func(q store.Q) error {
		row, _, err := s.instRow(ctx, q, inst, m.String())
		if err != nil {
			return err
		}
		if !editable(row.status) {
			return domain.Conflict("the report is " + row.status)
		}
		computed, err := s.monthFigures(ctx, q, in, m)
		if err != nil {
			return err
		}
		was, ok := computed[item]
		if !ok {
			return domain.Invalid("item", domain.ReasonNotAllowed)
		}
		if _, err := q.Exec(ctx, "DELETE FROM stats_institution_corrections WHERE institution_id = ? AND month = ? AND item = ?", inst, m.String(), item); err != nil {
			return err
		}
		if value != was {
			if _, err := q.Exec(ctx, `INSERT INTO stats_institution_corrections (institution_id, month, item, computed, value, reason, corrected_by, corrected_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, inst, m.String(), item, was, value, reason, userRef(a), now); err != nil {
				return err
			}
		}
		return s.auditOn(ctx, q, a, string(StepInstCorrect), "stats_institution_report", inst, in.region, inst,
			map[string]any{"month": m.String(), "item": item, "computed": was, "value": value, "reason": reason})
	})
	if err != nil {
		return InstitutionReport{}, err
	}
	return s.InstitutionReport(ctx, a, inst, m.String())
}

// instTarget checks a write on an institution's report: the permission, a
// month that has begun, an institution in the caller's scope.
func (s *Service) instTarget(ctx context.Context, a authz.Actor, perm authz.Permission, inst int64, month string) (reportInst, civil.Month, error) {
	if err := a.Require(perm); err != nil {
		return reportInst{}, civil.Month{}, err
	}
	m, err := s.parseReportMonth(month)
	if err != nil {
		return reportInst{}, m, err
	}
	in, err := s.institution(ctx, s.db.Read(), a, inst)
	return in, m, err
}

// userRef is the user column of a write: NULL for the system actor.
func userRef(a authz.Actor) any {
	if a.UserID == 0 {
		return nil
	}
	return a.UserID
}

var instStepRule = map[Step]stepFrom{
	StepInstSubmit:  {authz.StatsMonthlySubmit, []string{ReportOpen, ReportReturned, ReportReopened}, ReportSubmitted},
	StepInstApprove: {authz.StatsMonthlyApprove, []string{ReportSubmitted}, ReportApproved},
	StepInstReturn:  {authz.StatsMonthlyApprove, []string{ReportSubmitted}, ReportReturned},
	StepInstReopen:  {authz.StatsMonthlyApprove, []string{ReportApproved}, ReportReopened},
}

// DecideInstitution takes one step on an institution's report: submit
// (the director, a month that has ended; the figures are snapshotted),
// approve (the county; locked), return or reopen (the county, with a
// reason). A step from the wrong state is a conflict and changes nothing.
func (s *Service) DecideInstitution(ctx context.Context, a authz.Actor, step Step, inst int64, month, reason string) (InstitutionReport, error) {
	rule, ok := instStepRule[step]
	if !ok {
		return InstitutionReport{}, domain.Invalid("step", domain.ReasonNotAllowed)
	}
	in, m, err := s.instTarget(ctx, a, rule.perm, inst, month)
	if err != nil {
		return InstitutionReport{}, err
	}
	if step == StepInstSubmit && !m.Before(s.currentMonth()) {
		return InstitutionReport{}, domain.Invalid("month", domain.ReasonFuture)
	}
	if step == StepInstReturn || step == StepInstReopen {
		if reason, err = checkReason(reason); err != nil {
			return InstitutionReport{}, err
		}
	} else {
		reason = ""
	}
	now := s.now()
	err = s.db.Tx(ctx, func(q store.Q) error {
		row, exists, err := s.instRow(ctx, q, inst, m.String())
		if err != nil {
			return err
		}
		if err := rule.check(row.status); err != nil {
			return err
		}
		switch {
		case step == StepInstSubmit:
			f, err := s.liveFigures(ctx, q, in, m)
			if err != nil {
				return err
			}
			raw, err := json.Marshal(f)
			if err != nil {
				return err
			}
			if !exists {
				row.id, err = q.Insert(ctx, `INSERT INTO stats_institution_reports (institution_id, month, status, figures, first_submitted_at, submitted_by, submitted_at, reason)
					VALUES (?, ?, ?, ?, ?, ?, ?, '')`, inst, m.String(), rule.to, string(raw), now, userRef(a), now)
			} else {
				_, err = q.Exec(ctx, `UPDATE stats_institution_reports SET status = ?, figures = ?, submitted_by = ?, submitted_at = ?,
					first_submitted_at = COALESCE(first_submitted_at, ?), decided_by = NULL, decided_at = NULL, reason = '' WHERE id = ?`,
					rule.to, string(raw), userRef(a), now, now, row.id)
			}
			if err != nil {
				return err
			}
		case step == StepInstReopen:
			if _, err := q.Exec(ctx, `UPDATE stats_institution_reports SET status = ?, figures = '', decided_by = ?, decided_at = ?, reason = ? WHERE id = ?`,
				rule.to, userRef(a), now, reason, row.id); err != nil {
				return err
			}
		default:
			if _, err := q.Exec(ctx, `UPDATE stats_institution_reports SET status = ?, decided_by = ?, decided_at = ?, reason = ? WHERE id = ?`,
				rule.to, userRef(a), now, reason, row.id); err != nil {
				return err
			}
		}
		detail := map[string]string{"month": m.String(), "from": row.status, "to": rule.to}
		if reason != "" {
			detail["reason"] = reason
		}
		return s.auditOn(ctx, q, a, string(step), "stats_institution_report", inst, in.region, inst, detail)
	})
	if err != nil {
		return InstitutionReport{}, err
	}
	return s.InstitutionReport(ctx, a, inst, m.String())
}

// auditOn appends an event inside the write's transaction.
func (s *Service) auditOn(ctx context.Context, q store.Q, a authz.Actor, action, entity string, id int64, region string, inst int64, detail any) error {
	raw, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	name := a.Username
	if name == "" {
		name = "system"
	}
	return q.Audit(ctx, domain.AuditEvent{At: s.now(), ActorID: a.UserID, ActorName: name, Action: action, Entity: entity,
		EntityID: id, RegionCode: region, InstitutionID: inst, Detail: raw, IP: a.IP})
}
