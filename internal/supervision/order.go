package supervision

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Order states (责令限期整改): issued and awaiting the institution's
// evidence (open), evidence submitted, sent back with a reason (returned),
// a re-check visit scheduled, closed when accepted.
const (
	OrderOpen      = "open"
	OrderSubmitted = "submitted"
	OrderReturned  = "returned"
	OrderRecheck   = "recheck"
	OrderClosed    = "closed"
)

// Decisions on submitted evidence.
const (
	DecisionAccept  = "accept"
	DecisionReject  = "reject"
	DecisionRecheck = "recheck"
)

// Penalty kinds (行政处罚) the system records; it does not decide them.
var PenaltyKinds = []string{"warning", "fine", "confiscation", "suspension", "other"}

// Audit actions of orders.
const (
	OrderIssued     Action = "supervision.order.issue"
	OrderEvidence   Action = "supervision.order.evidence_add"
	OrderSubmit     Action = "supervision.order.submit"
	OrderDecided    Action = "supervision.order.decide"
	PenaltyRecorded Action = "supervision.order.penalty"
)

// NewOrder is an order an inspector issues from findings of one inspection.
type NewOrder struct {
	FindingIDs []int64 `json:"finding_ids"`
	// DueOn, when given, is the deadline; otherwise the default number of
	// working days for the most serious finding (a setting).
	DueOn            civil.Date `json:"due_on"`
	RequiredEvidence string     `json:"required_evidence"`
}

// OrderEvent is one step of an order's history.
type OrderEvent struct {
	Kind string    `json:"kind"`
	Note string    `json:"note"`
	At   time.Time `json:"at"`
}

// Penalty is the record of an administrative penalty decision.
type Penalty struct {
	Kind       string     `json:"kind"`
	Amount     float64    `json:"amount"`
	DecisionNo string     `json:"decision_no"`
	DecidedOn  civil.Date `json:"decided_on"`
}

// EvidenceFile is an uploaded evidence file, without its content.
type EvidenceFile struct {
	ID          int64  `json:"id"`
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
}

// Order is a rectification order.
type Order struct {
	ID               int64          `json:"id"`
	InspectionID     int64          `json:"inspection_id"`
	InstitutionID    int64          `json:"institution_id"`
	InstitutionName  string         `json:"institution_name"`
	RegionCode       string         `json:"region_code"`
	Kind             Kind           `json:"kind"`
	Severity         string         `json:"severity"`
	Status           string         `json:"status"`
	IssuedOn         civil.Date     `json:"issued_on"`
	DueOn            civil.Date     `json:"due_on"`
	EscalateOn       civil.Date     `json:"escalate_on"`
	RequiredEvidence string         `json:"required_evidence"`
	Explanation      string         `json:"explanation"`
	RejectReason     string         `json:"reject_reason"`
	RecheckOn        string         `json:"recheck_on"`
	ClosedOn         string         `json:"closed_on"`
	Overdue          bool           `json:"overdue"`
	Escalated        bool           `json:"escalated"`
	Findings         []Finding      `json:"findings,omitempty"`
	Evidence         []EvidenceFile `json:"evidence,omitempty"`
	Events           []OrderEvent   `json:"events,omitempty"`
	Penalties        []Penalty      `json:"penalties,omitempty"`
}

// awaitsInstitution: the institution still owes evidence.
func awaitsInstitution(status string) bool { return status == OrderOpen || status == OrderReturned }

func (o *Order) derive(today civil.Date) {
	o.Overdue = o.Status != OrderClosed && awaitsInstitution(o.Status) && today.After(o.DueOn)
	o.Escalated = o.Overdue && today.After(o.EscalateOn)
}

// IssueOrder issues a rectification order from open findings of one
// inspection. The deadline counts working days on the official calendar.
func (s *Service) IssueOrder(ctx context.Context, a authz.Actor, n NewOrder) (Order, error) {
	if err := a.Require(authz.OrderIssue); err != nil {
		return Order{}, err
	}
	var out Order
	err := s.db.Tx(ctx, func(q store.Q) error {
		p := domain.Problems{}
		if len(n.FindingIDs) == 0 {
			p.Add("finding_ids", domain.ReasonRequired)
			return p.Err()
		}
		var insp Inspection
		severity := SeverityGeneral
		for _, fid := range n.FindingIDs {
			fs, err := findings(ctx, q, "f.id = ?", fid)
			if err != nil {
				return err
			}
			if len(fs) == 0 {
				p.Add("finding_ids", "unknown_finding")
				continue
			}
			f := fs[0]
			if insp.ID == 0 {
				if insp, err = s.inspection(ctx, q, a, f.InspectionID, false); domain.ErrorCode(err) == domain.CodeNotFound {
					p.Add("finding_ids", "unknown_finding")
					continue
				} else if err != nil {
					return err
				}
			}
			switch {
			case f.InspectionID != insp.ID:
				p.Add("finding_ids", "different_inspections")
			case f.OrderID != nil:
				p.Add("finding_ids", "already_ordered")
			}
			if f.Severity == SeveritySerious {
				severity = SeveritySerious
			}
		}
		if err := p.Err(); err != nil {
			return err
		}
		if err := a.Require(kindPermission[insp.Kind]); err != nil {
			return err
		}
		n.RequiredEvidence = strings.TrimSpace(n.RequiredEvidence)
		if n.RequiredEvidence == "" {
			p.Add("required_evidence", domain.ReasonRequired)
		} else if utf8.RuneCountInString(n.RequiredEvidence) > 1000 {
			p.Add("required_evidence", domain.ReasonTooLong)
		}
		today := s.today()
		due := n.DueOn
		if due.IsZero() {
			name := SettingOrderDaysGeneral
			if severity == SeveritySerious {
				name = SettingOrderDaysSerious
			}
			days, err := setting(ctx, q, insp.RegionCode, name)
			if err != nil {
				return err
			}
			due = s.addWorkdays(today, days)
		} else if !due.After(today) {
			p.Add("due_on", "in_past")
		}
		if err := p.Err(); err != nil {
			return err
		}
		esc, err := setting(ctx, q, insp.RegionCode, SettingEscalateDays)
		if err != nil {
			return err
		}
		o := Order{InspectionID: insp.ID, InstitutionID: insp.InstitutionID, InstitutionName: insp.InstitutionName, RegionCode: insp.RegionCode, Kind: insp.Kind,
			Severity: severity, Status: OrderOpen, IssuedOn: today, DueOn: due, EscalateOn: s.addWorkdays(due, esc), RequiredEvidence: n.RequiredEvidence}
		now := s.now().UTC()
		o.ID, err = q.Insert(ctx, `INSERT INTO sv_orders (inspection_id, institution_id, region_code, kind, severity, status, issued_on, due_on, escalate_on,
			required_evidence, issued_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			o.InspectionID, o.InstitutionID, o.RegionCode, o.Kind, o.Severity, o.Status, o.IssuedOn, o.DueOn, o.EscalateOn, o.RequiredEvidence, userRef(a), now, now)
		if err != nil {
			return err
		}
		for _, fid := range n.FindingIDs {
			if _, err := q.Exec(ctx, "UPDATE sv_findings SET order_id = ? WHERE id = ?", o.ID, fid); err != nil {
				return err
			}
		}
		if err := s.orderEvent(ctx, q, a, o, OrderIssued, "issued", o.RequiredEvidence, map[string]any{"findings": n.FindingIDs, "due_on": o.DueOn}); err != nil {
			return err
		}
		out, err = s.order(ctx, q, a, o.ID, false)
		return err
	})
	return out, err
}

func (s *Service) orderEvent(ctx context.Context, q store.Q, a authz.Actor, o Order, action Action, kind, note string, detail map[string]any) error {
	if _, err := q.Exec(ctx, "INSERT INTO sv_order_events (order_id, kind, note, actor_id, at) VALUES (?, ?, ?, ?, ?)", o.ID, kind, note, userRef(a), s.now().UTC()); err != nil {
		return err
	}
	return s.audit(ctx, q, a, action, "order", o.ID, o.RegionCode, o.InstitutionID, detail)
}

const orderColumns = `o.id, o.inspection_id, o.institution_id, i.name, o.region_code, o.kind, o.severity, o.status, o.issued_on, o.due_on, o.escalate_on,
	o.required_evidence, o.explanation, o.reject_reason, o.recheck_on, o.closed_on`

func orderWhere(a authz.Actor) (string, []any) {
	where, args := store.ScopeInstitutions(a.Scope(), "i")
	kw, kargs := kindWhere(a, "o.kind")
	return where + " AND " + kw, append(args, kargs...)
}

func scanOrder(row interface{ Scan(...any) error }) (Order, error) {
	var o Order
	err := row.Scan(&o.ID, &o.InspectionID, &o.InstitutionID, &o.InstitutionName, &o.RegionCode, &o.Kind, &o.Severity, &o.Status, &o.IssuedOn, &o.DueOn,
		&o.EscalateOn, &o.RequiredEvidence, &o.Explanation, &o.RejectReason, &o.RecheckOn, &o.ClosedOn)
	return o, err
}

func (s *Service) order(ctx context.Context, q store.Q, a authz.Actor, id int64, lock bool) (Order, error) {
	where, args := orderWhere(a)
	suffix := ""
	if lock && q.ForUpdate() != "" {
		suffix = " FOR UPDATE OF o" // the order row, not the joined institution
	}
	o, err := scanOrder(q.QueryRow(ctx, "SELECT "+orderColumns+" FROM sv_orders o JOIN institutions i ON i.id = o.institution_id WHERE o.id = ? AND "+where+suffix,
		append([]any{id}, args...)...))
	if err != nil {
		return o, notFound(err, "order")
	}
	o.derive(s.today())
	if o.Findings, err = findings(ctx, q, "f.order_id = ?", id); err != nil {
		return o, err
	}
	rows, err := q.Query(ctx, "SELECT id, filename, content_type FROM sv_files WHERE owner = 'order' AND owner_id = ? ORDER BY id", id)
	if err != nil {
		return o, err
	}
	for rows.Next() {
		var f EvidenceFile
		if err := rows.Scan(&f.ID, &f.Filename, &f.ContentType); err != nil {
			rows.Close()
			return o, err
		}
		o.Evidence = append(o.Evidence, f)
	}
	rows.Close()
	rows, err = q.Query(ctx, "SELECT kind, note, at FROM sv_order_events WHERE order_id = ? ORDER BY id", id)
	if err != nil {
		return o, err
	}
	for rows.Next() {
		var e OrderEvent
		if err := rows.Scan(&e.Kind, &e.Note, &e.At); err != nil {
			rows.Close()
			return o, err
		}
		e.At = e.At.UTC()
		o.Events = append(o.Events, e)
	}
	rows.Close()
	rows, err = q.Query(ctx, "SELECT kind, amount, decision_no, decided_on FROM sv_penalties WHERE order_id = ? ORDER BY id", id)
	if err != nil {
		return o, err
	}
	defer rows.Close()
	for rows.Next() {
		var p Penalty
		if err := rows.Scan(&p.Kind, &p.Amount, &p.DecisionNo, &p.DecidedOn); err != nil {
			return o, err
		}
		o.Penalties = append(o.Penalties, p)
	}
	return o, rows.Err()
}

// Order returns one order with its findings, evidence, history and penalties.
func (s *Service) Order(ctx context.Context, a authz.Actor, id int64) (Order, error) {
	if err := a.Require(authz.OrderView); err != nil {
		return Order{}, err
	}
	return s.order(ctx, s.db.Read(), a, id, false)
}

// OrderFilter narrows the orders list. Overdue: the institution owes
// evidence past the deadline; Escalated: past the escalation date too.
type OrderFilter struct {
	Status    string
	Overdue   bool
	Escalated bool
}

// Orders lists the orders the actor may read, by deadline.
func (s *Service) Orders(ctx context.Context, a authz.Actor, f OrderFilter, page domain.Page) ([]Order, int, error) {
	if err := a.Require(authz.OrderView); err != nil {
		return nil, 0, err
	}
	if f.Status != "" && !contains([]string{OrderOpen, OrderSubmitted, OrderReturned, OrderRecheck, OrderClosed}, f.Status) {
		return nil, 0, domain.Invalid("status", domain.ReasonNotAllowed)
	}
	page = page.Normalised()
	today := s.today()
	where, args := orderWhere(a)
	if f.Status != "" {
		where += " AND o.status = ?"
		args = append(args, f.Status)
	}
	if f.Overdue || f.Escalated {
		col := "o.due_on"
		if f.Escalated {
			col = "o.escalate_on"
		}
		where += " AND o.status IN (?, ?) AND " + col + " < ?"
		args = append(args, OrderOpen, OrderReturned, today)
	}
	q := s.db.Read()
	from := " FROM sv_orders o JOIN institutions i ON i.id = o.institution_id WHERE " + where
	var total int
	if err := q.QueryRow(ctx, "SELECT COUNT(*)"+from, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, "SELECT "+orderColumns+from+" ORDER BY o.due_on, o.id LIMIT ? OFFSET ?", append(args, page.PerPage, page.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, 0, err
		}
		o.derive(today)
		out = append(out, o)
	}
	return out, total, rows.Err()
}

// closedConflict is the refusal of any step on a closed order.
func closedConflict(field string) error {
	return &domain.Error{Code: domain.CodeConflict, Message: "the order is closed", Fields: map[string]string{field: "order_closed"}}
}

// AddEvidence attaches an evidence file (photo or PDF, sniffed) to an order
// the institution still owes evidence on.
func (s *Service) AddEvidence(ctx context.Context, a authz.Actor, id int64, filename string, content []byte) (int64, error) {
	if err := a.Require(authz.OrderRespond); err != nil {
		return 0, err
	}
	ct, err := sniff(content, "image/jpeg", "image/png", "application/pdf")
	if err != nil {
		return 0, err
	}
	var fid int64
	err = s.db.Tx(ctx, func(q store.Q) error {
		o, err := s.order(ctx, q, a, id, true)
		if err != nil {
			return err
		}
		if o.Status == OrderClosed {
			return closedConflict("file")
		}
		if !awaitsInstitution(o.Status) {
			return &domain.Error{Code: domain.CodeConflict, Message: "the evidence is with the inspector", Fields: map[string]string{"file": "submitted"}}
		}
		var hash string
		if fid, hash, err = addFile(ctx, q, a, "order", id, "", filename, ct, content, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, q, a, OrderEvidence, "order", id, o.RegionCode, o.InstitutionID, map[string]any{"file_id": fid, "sha256": hash})
	})
	return fid, err
}

// Submission is the director's answer to an order.
type Submission struct {
	Explanation string `json:"explanation"`
}

// SubmitOrder sends the evidence and explanation to the inspector.
func (s *Service) SubmitOrder(ctx context.Context, a authz.Actor, id int64, sub Submission) (Order, error) {
	if err := a.Require(authz.OrderRespond); err != nil {
		return Order{}, err
	}
	var out Order
	err := s.db.Tx(ctx, func(q store.Q) error {
		o, err := s.order(ctx, q, a, id, true)
		if err != nil {
			return err
		}
		if o.Status == OrderClosed {
			return closedConflict("explanation")
		}
		if !awaitsInstitution(o.Status) {
			return &domain.Error{Code: domain.CodeConflict, Message: "the evidence is with the inspector", Fields: map[string]string{"explanation": "submitted"}}
		}
		p := domain.Problems{}
		sub.Explanation = strings.TrimSpace(sub.Explanation)
		if sub.Explanation == "" {
			p.Add("explanation", domain.ReasonRequired)
		} else if utf8.RuneCountInString(sub.Explanation) > 2000 {
			p.Add("explanation", domain.ReasonTooLong)
		}
		if len(o.Evidence) == 0 {
			p.Add("file", "evidence_required")
		}
		if err := p.Err(); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, "UPDATE sv_orders SET status = ?, explanation = ?, updated_at = ? WHERE id = ?", OrderSubmitted, sub.Explanation, s.now().UTC(), id); err != nil {
			return err
		}
		if err := s.orderEvent(ctx, q, a, o, OrderSubmit, "submitted", sub.Explanation, map[string]any{"files": len(o.Evidence)}); err != nil {
			return err
		}
		out, err = s.order(ctx, q, a, id, false)
		return err
	})
	return out, err
}

// OrderDecision is the inspector's decision on submitted evidence (or after
// a re-check visit).
type OrderDecision struct {
	Decision  string     `json:"decision"`
	Reason    string     `json:"reason"`
	RecheckOn civil.Date `json:"recheck_on"`
}

// DecideOrder accepts (closes), rejects with a reason (back to the
// institution) or schedules a re-check visit. Decisions are taken on
// submitted evidence or after a re-check; a closed order is a conflict.
func (s *Service) DecideOrder(ctx context.Context, a authz.Actor, id int64, d OrderDecision) (Order, error) {
	if err := a.Require(authz.OrderIssue); err != nil {
		return Order{}, err
	}
	var out Order
	err := s.db.Tx(ctx, func(q store.Q) error {
		o, err := s.order(ctx, q, a, id, true)
		if err != nil {
			return err
		}
		if err := a.Require(kindPermission[o.Kind]); err != nil {
			return err
		}
		if o.Status == OrderClosed {
			return closedConflict("decision")
		}
		if o.Status != OrderSubmitted && o.Status != OrderRecheck {
			return &domain.Error{Code: domain.CodeConflict, Message: "no evidence submitted", Fields: map[string]string{"decision": "nothing_submitted"}}
		}
		p := domain.Problems{}
		d.Reason = strings.TrimSpace(d.Reason)
		today := s.today()
		status, set := "", ""
		var args []any
		switch d.Decision {
		case DecisionAccept:
			status, set, args = OrderClosed, "closed_on = ?", []any{today}
		case DecisionReject:
			if d.Reason == "" {
				p.Add("reason", domain.ReasonRequired)
			}
			status, set, args = OrderReturned, "reject_reason = ?", []any{d.Reason}
		case DecisionRecheck:
			if d.RecheckOn.IsZero() || d.RecheckOn.Before(today) {
				p.Add("recheck_on", "in_past")
			}
			status, set, args = OrderRecheck, "recheck_on = ?", []any{d.RecheckOn.String()}
		default:
			p.Add("decision", domain.ReasonNotAllowed)
		}
		if utf8.RuneCountInString(d.Reason) > 2000 {
			p.Add("reason", domain.ReasonTooLong)
		}
		if err := p.Err(); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, "UPDATE sv_orders SET status = ?, "+set+", updated_at = ? WHERE id = ?", append(append([]any{status}, args...), s.now().UTC(), id)...); err != nil {
			return err
		}
		if err := s.orderEvent(ctx, q, a, o, OrderDecided, d.Decision, d.Reason, map[string]any{"decision": d.Decision, "reason": d.Reason}); err != nil {
			return err
		}
		out, err = s.order(ctx, q, a, id, false)
		return err
	})
	return out, err
}

// RecordPenalty records an administrative penalty decision on an order.
func (s *Service) RecordPenalty(ctx context.Context, a authz.Actor, id int64, pn Penalty) (Order, error) {
	if err := a.Require(authz.OrderIssue); err != nil {
		return Order{}, err
	}
	var out Order
	err := s.db.Tx(ctx, func(q store.Q) error {
		o, err := s.order(ctx, q, a, id, true)
		if err != nil {
			return err
		}
		if err := a.Require(kindPermission[o.Kind]); err != nil {
			return err
		}
		p := domain.Problems{}
		if !contains(PenaltyKinds, pn.Kind) {
			p.Add("kind", domain.ReasonNotAllowed)
		}
		if pn.Amount < 0 || (pn.Kind == "fine" && pn.Amount == 0) {
			p.Add("amount", "out_of_range")
		}
		pn.DecisionNo = strings.TrimSpace(pn.DecisionNo)
		if pn.DecisionNo == "" || utf8.RuneCountInString(pn.DecisionNo) > 100 {
			p.Add("decision_no", domain.ReasonRequired)
		}
		if pn.DecidedOn.IsZero() || pn.DecidedOn.After(s.today()) || pn.DecidedOn.Before(o.IssuedOn) {
			p.Add("decided_on", "out_of_range")
		}
		if err := p.Err(); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, "INSERT INTO sv_penalties (order_id, kind, amount, decision_no, decided_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			id, pn.Kind, pn.Amount, pn.DecisionNo, pn.DecidedOn, userRef(a), s.now().UTC()); err != nil {
			return err
		}
		if err := s.orderEvent(ctx, q, a, o, PenaltyRecorded, "penalty", pn.DecisionNo, map[string]any{"kind": pn.Kind, "amount": pn.Amount, "decision_no": pn.DecisionNo}); err != nil {
			return err
		}
		out, err = s.order(ctx, q, a, id, false)
		return err
	})
	return out, err
}
