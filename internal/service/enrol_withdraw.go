package service

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Withdrawal ends a child's enrolment: on Date (default today, or the
// start date if that is later) for a reason.
type Withdrawal struct {
	Date   string `json:"date"`
	Reason string `json:"reason"`
}

// Withdraw ends the enrolment of a child in scope; the place is free at
// once. The child's record stays (a later enrolment re-uses it).
func (s *Service) Withdraw(ctx context.Context, a authz.Actor, childID int64, w Withdrawal) (domain.Enrolment, error) {
	if err := a.Require(authz.ChildEdit); err != nil {
		return domain.Enrolment{}, err
	}
	var out domain.Enrolment
	err := s.DB.Tx(ctx, func(q store.Q) error {
		c, err := q.Child(ctx, a.Scope(), childID)
		if err != nil {
			return err
		}
		if c.Enrolment == nil {
			return domain.Conflict("the child is not enrolled")
		}
		e := *c.Enrolment
		start, err := time.Parse(time.DateOnly, e.StartDate)
		if err != nil {
			return err
		}
		p := domain.Problems{}
		reason := textField(p, "reason", w.Reason, 200, false)
		end := s.Today()
		if v := strings.TrimSpace(w.Date); v != "" {
			d, err := time.Parse(time.DateOnly, v)
			switch {
			case err != nil:
				p.Add("date", domain.ReasonDate)
			case d.After(s.Today()):
				p.Add("date", domain.ReasonFuture)
			case d.Before(start):
				p.Add("date", "before_start")
			default:
				end = d
			}
		} else if end.Before(start) {
			end = start
		}
		if utf8.RuneCountInString(reason) > 200 {
			p.Add("reason", domain.ReasonTooLong)
		}
		if err := p.Err(); err != nil {
			return err
		}
		if err := q.EndEnrolment(ctx, e.ID, end.Format(time.DateOnly), reason); err != nil {
			return err
		}
		region, inst, err := s.childPlace(ctx, q, c)
		if err != nil {
			return err
		}
		e.EndDate, e.EndReason = end.Format(time.DateOnly), reason
		out = e
		return s.audit(ctx, q, a, audit.ChildWithdraw, "child", childID, region, inst,
			map[string]any{"enrolment_id": e.ID, "class_id": e.ClassID, "end_date": e.EndDate, "reason": reason})
	})
	return out, err
}
