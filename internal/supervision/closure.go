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

// Closure proposal states: raised, then decided by the county.
const (
	ClosureProposed = "proposed"
	ClosureClosed   = "closed"
	ClosureKept     = "kept"
)

// ClosureStatuses lists the states of a closure proposal.
var ClosureStatuses = []string{ClosureProposed, ClosureClosed, ClosureKept}

// ClosureProposal is raised when an institution fails its annual review two
// years in a row; the county closes the institution or keeps it, with a
// reason. A closure is published as a notice until NoticeUntil.
type ClosureProposal struct {
	ID              int64      `json:"id"`
	InstitutionID   int64      `json:"institution_id"`
	InstitutionName string     `json:"institution_name"`
	CreditCode      string     `json:"credit_code"`
	RegionCode      string     `json:"region_code"`
	FirstYear       int        `json:"first_year"`
	SecondYear      int        `json:"second_year"`
	Status          string     `json:"status"`
	Reason          string     `json:"reason"`
	ProposedAt      time.Time  `json:"proposed_at"`
	DecidedAt       *time.Time `json:"decided_at,omitempty"`
	DecidedOn       civil.Date `json:"decided_on,omitzero"`
	NoticeUntil     civil.Date `json:"notice_until,omitzero"`
	Appeal          string     `json:"appeal,omitempty"`
	AppealNotedAt   *time.Time `json:"appeal_noted_at,omitempty"`
}

// propose raises a closure proposal for two failed years, unless one for
// the same pair exists.
func (s *Service) propose(ctx context.Context, q store.Q, a authz.Actor, inst domain.Institution, first, second int, now time.Time) (*ClosureProposal, error) {
	var n int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM closure_proposals WHERE institution_id = ? AND (second_year = ? OR first_year = ?)",
		inst.ID, second, second).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, nil
	}
	id, err := q.Insert(ctx, `INSERT INTO closure_proposals (institution_id, region_code, first_year, second_year, status, proposed_at)
		VALUES (?, ?, ?, ?, ?, ?)`, inst.ID, inst.RegionCode, first, second, ClosureProposed, now.UTC())
	if err != nil {
		return nil, err
	}
	if err := s.audit(ctx, q, a, ActionClosurePropose, "closure_proposal", id, inst.RegionCode, inst.ID,
		map[string]any{"failed_years": []int{first, second}}); err != nil {
		return nil, err
	}
	return &ClosureProposal{ID: id, InstitutionID: inst.ID, InstitutionName: inst.Name, CreditCode: inst.CreditCode, RegionCode: inst.RegionCode,
		FirstYear: first, SecondYear: second, Status: ClosureProposed, ProposedAt: now.UTC()}, nil
}

const closureColumns = `c.id, c.institution_id, i.name, i.credit_code, c.region_code, c.first_year, c.second_year, c.status, c.reason,
	c.proposed_at, c.decided_at, c.decided_on, c.notice_until, c.appeal, c.appeal_noted_at`

func scanClosure(row interface{ Scan(...any) error }) (ClosureProposal, error) {
	var c ClosureProposal
	var decidedAt, appealAt sql.NullTime
	err := row.Scan(&c.ID, &c.InstitutionID, &c.InstitutionName, &c.CreditCode, &c.RegionCode, &c.FirstYear, &c.SecondYear, &c.Status, &c.Reason,
		&c.ProposedAt, &decidedAt, &c.DecidedOn, &c.NoticeUntil, &c.Appeal, &appealAt)
	c.ProposedAt = c.ProposedAt.UTC()
	if decidedAt.Valid {
		c.DecidedAt = utc(&decidedAt.Time)
	}
	if appealAt.Valid {
		c.AppealNotedAt = utc(&appealAt.Time)
	}
	return c, err
}

// Closure returns one closure proposal in scope.
func (s *Service) Closure(ctx context.Context, a authz.Actor, id int64) (ClosureProposal, error) {
	if err := a.Require(authz.ReviewView); err != nil {
		return ClosureProposal{}, err
	}
	return closureIn(ctx, s.db.Read(), a.Scope(), id)
}

func closureIn(ctx context.Context, q store.Q, scope authz.Scope, id int64) (ClosureProposal, error) {
	where, args := store.ScopeInstitutions(scope, "i")
	c, err := scanClosure(q.QueryRow(ctx, "SELECT "+closureColumns+" FROM closure_proposals c JOIN institutions i ON i.id = c.institution_id WHERE c.id = ? AND "+where,
		append([]any{id}, args...)...))
	return c, noRows(err, "closure proposal")
}

// Closures lists the closure proposals in scope (status "" for all), the
// undecided first, then the newest.
func (s *Service) Closures(ctx context.Context, a authz.Actor, status string, page domain.Page) ([]ClosureProposal, int, error) {
	if err := a.Require(authz.ReviewView); err != nil {
		return nil, 0, err
	}
	where, args := store.ScopeInstitutions(a.Scope(), "i")
	if status != "" {
		if !oneOf(status, ClosureStatuses) {
			return nil, 0, domain.Invalid("status", domain.ReasonNotAllowed)
		}
		where += " AND c.status = ?"
		args = append(args, status)
	}
	return listClosures(ctx, s.db.Read(), where, args, page)
}

func listClosures(ctx context.Context, q store.Q, where string, args []any, page domain.Page) ([]ClosureProposal, int, error) {
	page = page.Normalised()
	from := " FROM closure_proposals c JOIN institutions i ON i.id = c.institution_id WHERE " + where
	var total int
	if err := q.QueryRow(ctx, "SELECT COUNT(*)"+from, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, "SELECT "+closureColumns+from+` ORDER BY CASE WHEN c.status = 'proposed' THEN 0 ELSE 1 END, c.proposed_at DESC, c.id DESC
		LIMIT ? OFFSET ?`, append(args, page.PerPage, page.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []ClosureProposal{}
	for rows.Next() {
		c, err := scanClosure(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	return out, total, rows.Err()
}

// ClosureDecision is the county's answer to a proposal.
type ClosureDecision struct {
	Decision string `json:"decision"` // "close" or "keep"
	Reason   string `json:"reason"`
}

// DecideClosure closes the institution (its filing ends: it leaves the
// public directory and shows as closed, and a notice is published for the
// configured number of days) or keeps it; either way with a reason.
func (s *Service) DecideClosure(ctx context.Context, a authz.Actor, id int64, d ClosureDecision) (ClosureProposal, error) {
	if err := a.Require(authz.ClosureDecide); err != nil {
		return ClosureProposal{}, err
	}
	d.Reason = strings.TrimSpace(d.Reason)
	p := domain.Problems{}
	if d.Decision != "close" && d.Decision != "keep" {
		p.Add("decision", domain.ReasonNotAllowed)
	}
	if d.Reason == "" {
		p.Add("reason", domain.ReasonRequired)
	} else if utf8.RuneCountInString(d.Reason) > 2000 {
		p.Add("reason", domain.ReasonTooLong)
	}
	if err := p.Err(); err != nil {
		return ClosureProposal{}, err
	}
	err := s.db.Tx(ctx, func(q store.Q) error {
		c, err := closureIn(ctx, q, a.Scope(), id)
		if err != nil {
			return err
		}
		if c.Status != ClosureProposed {
			return domain.Conflict("the proposal is already decided")
		}
		inst, err := q.Institution(ctx, a.Scope(), c.InstitutionID)
		if err != nil {
			return err
		}
		now, today := s.now(), s.today()
		status, action := ClosureKept, ActionClosureKeep
		var until any
		detail := map[string]any{"decision": d.Decision, "reason": d.Reason, "failed_years": []int{c.FirstYear, c.SecondYear}}
		if d.Decision == "close" {
			set, err := caseSettings(ctx, q)
			if err != nil {
				return err
			}
			status, action = ClosureClosed, ActionClosureClose
			until = today.AddDays(set.ClosureNoticeDays)
			if err := q.SetInstitutionStatus(ctx, inst.ID, domain.StatusClosed, now); err != nil {
				return err
			}
			detail["status_before"], detail["status_after"], detail["notice_until"] = inst.Status, domain.StatusClosed, until
		}
		if _, err := q.Exec(ctx, `UPDATE closure_proposals SET status = ?, reason = ?, decided_by = ?, decided_at = ?, decided_on = ?, notice_until = ?
			WHERE id = ?`, status, d.Reason, userRef(a), now.UTC(), today, until, c.ID); err != nil {
			return err
		}
		return s.audit(ctx, q, a, action, "closure_proposal", c.ID, c.RegionCode, c.InstitutionID, detail)
	})
	if err != nil {
		return ClosureProposal{}, err
	}
	return closureIn(ctx, s.db.Read(), a.Scope(), id)
}

// AppealInput notes an appeal (行政复议/诉讼) against a closure.
type AppealInput struct {
	Appeal string `json:"appeal"`
}

// NoteAppeal records an appeal against a closure; it shows on the notice.
func (s *Service) NoteAppeal(ctx context.Context, a authz.Actor, id int64, in AppealInput) (ClosureProposal, error) {
	if err := a.Require(authz.ClosureDecide); err != nil {
		return ClosureProposal{}, err
	}
	in.Appeal = strings.TrimSpace(in.Appeal)
	switch {
	case in.Appeal == "":
		return ClosureProposal{}, domain.Invalid("appeal", domain.ReasonRequired)
	case utf8.RuneCountInString(in.Appeal) > 1000:
		return ClosureProposal{}, domain.Invalid("appeal", domain.ReasonTooLong)
	}
	err := s.db.Tx(ctx, func(q store.Q) error {
		c, err := closureIn(ctx, q, a.Scope(), id)
		if err != nil {
			return err
		}
		if c.Status != ClosureClosed {
			return domain.Conflict("only a closure can be appealed")
		}
		if _, err := q.Exec(ctx, "UPDATE closure_proposals SET appeal = ?, appeal_noted_at = ? WHERE id = ?", in.Appeal, s.now().UTC(), c.ID); err != nil {
			return err
		}
		return s.audit(ctx, q, a, ActionClosureAppeal, "closure_proposal", c.ID, c.RegionCode, c.InstitutionID, map[string]any{"before": c.Appeal, "after": in.Appeal})
	})
	if err != nil {
		return ClosureProposal{}, err
	}
	return closureIn(ctx, s.db.Read(), a.Scope(), id)
}

func oneOf(v string, allowed []string) bool {
	for _, x := range allowed {
		if v == x {
			return true
		}
	}
	return false
}
