// Handling a complaint: triage, the answer, satisfaction, and forwarding to
// the institution without the complainant.

package supervision

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode/utf8"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Triage is the county's sorting of a complaint: category, severity and the
// officer handling it. Triage signs the complaint for (签收).
type Triage struct {
	Category   string `json:"category"`
	Severity   string `json:"severity"`
	AssignedTo int64  `json:"assigned_to"`
}

// TriageComplaint sorts and assigns a complaint; a new severity recomputes
// the answer deadline from the day it was received.
func (s *Service) TriageComplaint(ctx context.Context, a authz.Actor, id int64, t Triage) (Complaint, error) {
	if err := a.Require(authz.ComplaintHandle); err != nil {
		return Complaint{}, err
	}
	p := domain.Problems{}
	if !oneOf(t.Category, ComplaintCategories) {
		p.Add("category", domain.ReasonNotAllowed)
	}
	if !oneOf(t.Severity, ComplaintSeverities) {
		p.Add("severity", domain.ReasonNotAllowed)
	}
	if t.AssignedTo <= 0 {
		p.Add("assigned_to", domain.ReasonRequired)
	}
	if err := p.Err(); err != nil {
		return Complaint{}, err
	}
	err := s.db.Tx(ctx, func(q store.Q) error {
		c, err := s.complaintIn(ctx, q, a.Scope(), id)
		if err != nil {
			return err
		}
		if c.Status != ComplaintReceived && c.Status != ComplaintSigned {
			return domain.Conflict("the complaint is already answered")
		}
		var role, region string
		err = q.QueryRow(ctx, "SELECT role, region_code FROM users WHERE id = ? AND disabled = ?", t.AssignedTo, false).Scan(&role, &region)
		if errors.Is(err, sql.ErrNoRows) || err == nil && (role != string(domain.RoleCountyRegulator) && role != string(domain.RoleCityRegulator) ||
			!regionCovers(region, c.RegionCode)) {
			return domain.Invalid("assigned_to", domain.ReasonNotAllowed)
		}
		if err != nil {
			return err
		}
		set, err := caseSettings(ctx, q)
		if err != nil {
			return err
		}
		_, answer := s.deadlines(set, c.ReceivedOn, t.Severity)
		now := s.now().UTC()
		signedAt := any(now)
		if c.SignedAt != nil {
			signedAt = *c.SignedAt
		}
		if _, err := q.Exec(ctx, `UPDATE complaints SET category = ?, severity = ?, assigned_to = ?, status = ?, signed_at = ?, answer_due = ?, updated_at = ?
			WHERE id = ?`, t.Category, t.Severity, t.AssignedTo, ComplaintSigned, signedAt, answer, now, c.ID); err != nil {
			return err
		}
		return s.audit(ctx, q, a, ActionComplaintTriage, "complaint", c.ID, c.RegionCode, c.InstitutionID,
			map[string]any{"category": t.Category, "severity": t.Severity, "assigned_to": t.AssignedTo, "answer_due": answer,
				"signed_late": c.SignedAt == nil && s.today().After(c.SignDue)})
	})
	if err != nil {
		return Complaint{}, err
	}
	return s.Complaint(ctx, a, id)
}

// regionCovers reports whether a regulator's region holds a county.
func regionCovers(region, county string) bool {
	lo, hi, ok := authz.RegionRange(region)
	if !ok {
		return false
	}
	if lo == hi {
		return county == lo
	}
	return county >= lo && county < hi
}

// Answer is the outcome of the handling and the reply to the complainant.
type Answer struct {
	Outcome      string `json:"outcome"`
	Reply        string `json:"reply"`
	InspectionID *int64 `json:"inspection_id,omitempty"`
}

// AnswerComplaint records the outcome and the reply; a signed complaint only.
func (s *Service) AnswerComplaint(ctx context.Context, a authz.Actor, id int64, in Answer) (Complaint, error) {
	if err := a.Require(authz.ComplaintHandle); err != nil {
		return Complaint{}, err
	}
	in.Outcome, in.Reply = strings.TrimSpace(in.Outcome), strings.TrimSpace(in.Reply)
	p := domain.Problems{}
	for f, v := range map[string]string{"outcome": in.Outcome, "reply": in.Reply} {
		if v == "" {
			p.Add(f, domain.ReasonRequired)
		} else if utf8.RuneCountInString(v) > 4000 {
			p.Add(f, domain.ReasonTooLong)
		}
	}
	if in.InspectionID != nil && *in.InspectionID <= 0 {
		p.Add("inspection_id", domain.ReasonNotAllowed)
	}
	if err := p.Err(); err != nil {
		return Complaint{}, err
	}
	err := s.db.Tx(ctx, func(q store.Q) error {
		c, err := s.complaintIn(ctx, q, a.Scope(), id)
		if err != nil {
			return err
		}
		if c.Status != ComplaintSigned {
			return domain.Conflict("only a signed-for complaint can be answered")
		}
		now := s.now().UTC()
		if _, err := q.Exec(ctx, "UPDATE complaints SET status = ?, outcome = ?, reply = ?, answered_at = ?, inspection_id = ?, updated_at = ? WHERE id = ?",
			ComplaintAnswered, in.Outcome, in.Reply, now, in.InspectionID, now, c.ID); err != nil {
			return err
		}
		return s.audit(ctx, q, a, ActionComplaintAnswer, "complaint", c.ID, c.RegionCode, c.InstitutionID,
			map[string]any{"late": s.today().After(c.AnswerDue), "inspection_id": in.InspectionID})
	})
	if err != nil {
		return Complaint{}, err
	}
	return s.Complaint(ctx, a, id)
}

// RecordSatisfaction enters the complainant's satisfaction as staff heard
// it (a hotline call-back), closing the complaint.
func (s *Service) RecordSatisfaction(ctx context.Context, a authz.Actor, id int64, satisfaction string) (Complaint, error) {
	if err := a.Require(authz.ComplaintHandle); err != nil {
		return Complaint{}, err
	}
	if !oneOf(satisfaction, Satisfactions) {
		return Complaint{}, domain.Invalid("satisfaction", domain.ReasonNotAllowed)
	}
	err := s.db.Tx(ctx, func(q store.Q) error {
		c, err := s.complaintIn(ctx, q, a.Scope(), id)
		if err != nil {
			return err
		}
		return s.close(ctx, q, a, c.ID, c.InstitutionID, c.RegionCode, c.Status, satisfaction)
	})
	if err != nil {
		return Complaint{}, err
	}
	return s.Complaint(ctx, a, id)
}

// ForwardComplaint passes a complaint to the institution to answer for its
// part; the institution sees the text, never the complainant.
func (s *Service) ForwardComplaint(ctx context.Context, a authz.Actor, id int64, note string) (Complaint, error) {
	if err := a.Require(authz.ComplaintHandle); err != nil {
		return Complaint{}, err
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 1000 {
		return Complaint{}, domain.Invalid("forward_note", domain.ReasonTooLong)
	}
	err := s.db.Tx(ctx, func(q store.Q) error {
		c, err := s.complaintIn(ctx, q, a.Scope(), id)
		if err != nil {
			return err
		}
		if c.ForwardedAt != nil {
			return domain.Conflict("the complaint is already forwarded")
		}
		now := s.now().UTC()
		if _, err := q.Exec(ctx, "UPDATE complaints SET forwarded_at = ?, forward_note = ?, updated_at = ? WHERE id = ?", now, note, now, c.ID); err != nil {
			return err
		}
		return s.audit(ctx, q, a, ActionComplaintForward, "complaint", c.ID, c.RegionCode, c.InstitutionID, map[string]any{"note": note})
	})
	if err != nil {
		return Complaint{}, err
	}
	return s.Complaint(ctx, a, id)
}

const forwardedColumns = `c.id, c.institution_id, c.category, c.text, c.received_on, c.forwarded_at, c.forward_note, c.institution_response, c.responded_at`

func scanForwarded(row interface{ Scan(...any) error }) (ForwardedComplaint, error) {
	var f ForwardedComplaint
	var responded sql.NullTime
	err := row.Scan(&f.ID, &f.InstitutionID, &f.Category, &f.Text, &f.ReceivedOn, &f.ForwardedAt, &f.ForwardNote, &f.InstitutionResponse, &responded)
	f.ForwardedAt = f.ForwardedAt.UTC()
	if responded.Valid {
		f.RespondedAt = utc(&responded.Time)
	}
	return f, err
}

// ForwardedComplaints lists the complaints forwarded to the director's
// institution, newest first.
func (s *Service) ForwardedComplaints(ctx context.Context, a authz.Actor) ([]ForwardedComplaint, error) {
	if err := a.Require(authz.ComplaintForwarded); err != nil {
		return nil, err
	}
	where, args := store.ScopeInstitutions(a.Scope(), "i")
	rows, err := s.db.Read().Query(ctx, "SELECT "+forwardedColumns+` FROM complaints c JOIN institutions i ON i.id = c.institution_id
		WHERE c.forwarded_at IS NOT NULL AND `+where+" ORDER BY c.forwarded_at DESC, c.id DESC LIMIT 200", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ForwardedComplaint{}
	for rows.Next() {
		f, err := scanForwarded(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// RespondToForwarded records the institution's response to a forwarded complaint.
func (s *Service) RespondToForwarded(ctx context.Context, a authz.Actor, id int64, response string) (ForwardedComplaint, error) {
	if err := a.Require(authz.ComplaintForwarded); err != nil {
		return ForwardedComplaint{}, err
	}
	response = strings.TrimSpace(response)
	switch l := utf8.RuneCountInString(response); {
	case l == 0:
		return ForwardedComplaint{}, domain.Invalid("response", domain.ReasonRequired)
	case l > 4000:
		return ForwardedComplaint{}, domain.Invalid("response", domain.ReasonTooLong)
	}
	var out ForwardedComplaint
	err := s.db.Tx(ctx, func(q store.Q) error {
		where, args := store.ScopeInstitutions(a.Scope(), "i")
		f, err := scanForwarded(q.QueryRow(ctx, "SELECT "+forwardedColumns+` FROM complaints c JOIN institutions i ON i.id = c.institution_id
			WHERE c.id = ? AND c.forwarded_at IS NOT NULL AND `+where, append([]any{id}, args...)...))
		if err != nil {
			return noRows(err, "complaint")
		}
		now := s.now().UTC()
		if _, err := q.Exec(ctx, "UPDATE complaints SET institution_response = ?, responded_at = ?, updated_at = ? WHERE id = ?", response, now, now, f.ID); err != nil {
			return err
		}
		f.InstitutionResponse, f.RespondedAt = response, &now
		out = f
		return s.audit(ctx, q, a, ActionComplaintRespond, "complaint", f.ID, "", f.InstitutionID, nil)
	})
	return out, err
}
