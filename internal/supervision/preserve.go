package supervision

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode/utf8"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Footage request states.
const (
	FootageRequested = "requested"
	FootageConfirmed = "confirmed"
)

// FootageRequest asks an institution to preserve its footage for a time
// range, tied to a complaint or an incident.
type FootageRequest struct {
	ID            int64      `json:"id"`
	InstitutionID int64      `json:"institution_id"`
	RegionCode    string     `json:"region_code"`
	ComplaintID   *int64     `json:"complaint_id,omitempty"`
	Incident      string     `json:"incident,omitempty"`
	From          time.Time  `json:"from"`
	To            time.Time  `json:"to"`
	Reason        string     `json:"reason"`
	RequestedAt   time.Time  `json:"requested_at"`
	DueOn         civil.Date `json:"due_on"`
	Status        string     `json:"status"`
	ConfirmedAt   *time.Time `json:"confirmed_at,omitempty"`
	ConfirmNote   string     `json:"confirm_note,omitempty"`
	Overdue       bool       `json:"overdue"`
}

// NewFootageRequest is a regulator's request. ComplaintID or Incident says
// what it is for.
type NewFootageRequest struct {
	InstitutionID int64     `json:"institution_id"`
	ComplaintID   *int64    `json:"complaint_id,omitempty"`
	Incident      string    `json:"incident"`
	From          time.Time `json:"from"`
	To            time.Time `json:"to"`
	Reason        string    `json:"reason"`
}

// RequestFootage asks the institution to preserve footage; it must confirm
// within the configured working days.
func (s *Service) RequestFootage(ctx context.Context, a authz.Actor, n NewFootageRequest) (FootageRequest, error) {
	if err := a.Require(authz.FootageRequest); err != nil {
		return FootageRequest{}, err
	}
	n.Incident, n.Reason = strings.TrimSpace(n.Incident), strings.TrimSpace(n.Reason)
	p := domain.Problems{}
	now := s.now()
	if n.From.IsZero() {
		p.Add("from", domain.ReasonRequired)
	} else if n.From.After(now) {
		p.Add("from", domain.ReasonFuture)
	}
	if n.To.IsZero() {
		p.Add("to", domain.ReasonRequired)
	} else if !n.To.After(n.From) {
		p.Add("to", "not_after_start")
	}
	if n.Reason == "" {
		p.Add("reason", domain.ReasonRequired)
	} else if utf8.RuneCountInString(n.Reason) > 1000 {
		p.Add("reason", domain.ReasonTooLong)
	}
	if n.ComplaintID == nil && n.Incident == "" {
		p.Add("incident", domain.ReasonRequired)
	}
	if utf8.RuneCountInString(n.Incident) > 500 {
		p.Add("incident", domain.ReasonTooLong)
	}
	if err := p.Err(); err != nil {
		return FootageRequest{}, err
	}
	var id int64
	err := s.db.Tx(ctx, func(q store.Q) error {
		inst, err := q.Institution(ctx, a.Scope(), n.InstitutionID)
		if err != nil {
			return err
		}
		if n.ComplaintID != nil {
			c, err := s.complaintIn(ctx, q, a.Scope(), *n.ComplaintID)
			if err != nil || c.InstitutionID != inst.ID {
				return domain.Invalid("complaint_id", domain.ReasonNotAllowed)
			}
		}
		set, err := caseSettings(ctx, q)
		if err != nil {
			return err
		}
		// Footage older than the retention period is already gone.
		if civil.InChina(n.From).Before(s.today().AddDays(-set.CCTVRetentionDays)) {
			return domain.Invalid("from", "retention_short")
		}
		due := s.addWorkdays(s.today(), set.FootageConfirmWorkdays)
		id, err = q.Insert(ctx, `INSERT INTO footage_requests (institution_id, region_code, complaint_id, incident, from_at, to_at, reason, requested_by,
			requested_at, due_on, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			inst.ID, inst.RegionCode, n.ComplaintID, n.Incident, n.From.UTC(), n.To.UTC(), n.Reason, userRef(a), now.UTC(), due, FootageRequested)
		if err != nil {
			return err
		}
		return s.audit(ctx, q, a, ActionFootageRequest, "footage_request", id, inst.RegionCode, inst.ID,
			map[string]any{"from": n.From.UTC(), "to": n.To.UTC(), "complaint_id": n.ComplaintID, "due_on": due})
	})
	if err != nil {
		return FootageRequest{}, err
	}
	return s.footageIn(ctx, s.db.Read(), a.Scope(), id)
}

// ConfirmFootage is the institution's confirmation that the footage is kept.
func (s *Service) ConfirmFootage(ctx context.Context, a authz.Actor, id int64, note string) (FootageRequest, error) {
	if err := a.Require(authz.FootageConfirm); err != nil {
		return FootageRequest{}, err
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 1000 {
		return FootageRequest{}, domain.Invalid("confirm_note", domain.ReasonTooLong)
	}
	err := s.db.Tx(ctx, func(q store.Q) error {
		r, err := s.footageIn(ctx, q, a.Scope(), id)
		if err != nil {
			return err
		}
		if r.Status != FootageRequested {
			return domain.Conflict("the request is already confirmed")
		}
		if _, err := q.Exec(ctx, "UPDATE footage_requests SET status = ?, confirmed_by = ?, confirmed_at = ?, confirm_note = ? WHERE id = ?",
			FootageConfirmed, userRef(a), s.now().UTC(), note, r.ID); err != nil {
			return err
		}
		return s.audit(ctx, q, a, ActionFootageConfirm, "footage_request", r.ID, r.RegionCode, r.InstitutionID,
			map[string]any{"late": s.today().After(r.DueOn), "note": note})
	})
	if err != nil {
		return FootageRequest{}, err
	}
	return s.footageIn(ctx, s.db.Read(), a.Scope(), id)
}

const footageColumns = `f.id, f.institution_id, f.region_code, f.complaint_id, f.incident, f.from_at, f.to_at, f.reason, f.requested_at, f.due_on, f.status,
	f.confirmed_at, f.confirm_note`

func (s *Service) scanFootage(row interface{ Scan(...any) error }) (FootageRequest, error) {
	var r FootageRequest
	var complaint sql.NullInt64
	var confirmed sql.NullTime
	err := row.Scan(&r.ID, &r.InstitutionID, &r.RegionCode, &complaint, &r.Incident, &r.From, &r.To, &r.Reason, &r.RequestedAt, &r.DueOn, &r.Status,
		&confirmed, &r.ConfirmNote)
	if complaint.Valid {
		r.ComplaintID = &complaint.Int64
	}
	if confirmed.Valid {
		r.ConfirmedAt = utc(&confirmed.Time)
	}
	r.From, r.To, r.RequestedAt = r.From.UTC(), r.To.UTC(), r.RequestedAt.UTC()
	r.Overdue = r.Status == FootageRequested && s.today().After(r.DueOn)
	return r, err
}

func (s *Service) footageIn(ctx context.Context, q store.Q, scope authz.Scope, id int64) (FootageRequest, error) {
	where, args := store.ScopeInstitutions(scope, "i")
	r, err := s.scanFootage(q.QueryRow(ctx, "SELECT "+footageColumns+" FROM footage_requests f JOIN institutions i ON i.id = f.institution_id WHERE f.id = ? AND "+where,
		append([]any{id}, args...)...))
	return r, noRows(err, "footage request")
}

// FootageRequests lists the requests in scope (institutionID 0: all), the
// unconfirmed first.
func (s *Service) FootageRequests(ctx context.Context, a authz.Actor, institutionID int64) ([]FootageRequest, error) {
	if err := a.Require(authz.CCTVView); err != nil {
		return nil, err
	}
	where, args := store.ScopeInstitutions(a.Scope(), "i")
	if institutionID != 0 {
		where += " AND f.institution_id = ?"
		args = append(args, institutionID)
	}
	return s.listFootage(ctx, where, args)
}

// ComplaintFootage lists the preservation requests made for a complaint
// in scope (the regulators handling it).
func (s *Service) ComplaintFootage(ctx context.Context, a authz.Actor, complaintID int64) ([]FootageRequest, error) {
	if err := a.Require(authz.ComplaintHandle); err != nil {
		return nil, err
	}
	where, args := store.ScopeInstitutions(a.Scope(), "i")
	return s.listFootage(ctx, where+" AND f.complaint_id = ?", append(args, complaintID))
}

func (s *Service) listFootage(ctx context.Context, where string, args []any) ([]FootageRequest, error) {
	rows, err := s.db.Read().Query(ctx, "SELECT "+footageColumns+" FROM footage_requests f JOIN institutions i ON i.id = f.institution_id WHERE "+where+
		" ORDER BY CASE WHEN f.status = 'requested' THEN 0 ELSE 1 END, f.due_on, f.id DESC LIMIT 200", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []FootageRequest{}
	for rows.Next() {
		r, err := s.scanFootage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
