package demo

import (
	"context"
	"time"

	"tuoyu/internal/domain"
	"tuoyu/internal/service"
)

// checked reports whether the institution's morning checks of school day
// k are recorded: not before 09:20, when the day's checks are entered.
func (g *generator) checked(op *operation, k int) bool {
	return !at(g.days[k], 9, 20).After(g.now)
}

// checks records the morning check (晨检: 一摸二看三问四查) of every child
// present, at 09:20 in one request per institution. A temperature of
// 37.3 °C or more is flagged by the service, which tells the child's
// guardians with an account (parent1); at 37.8 °C the child is sent home.
func (g *generator) checks(op *operation) {
	for k, d := range g.days {
		if d.Before(op.opened) || !g.checked(op, k) {
			continue
		}
		date := d.Format(time.DateOnly)
		g.add(op, at(d, 9, 20), func(ctx context.Context, svc *service.Service) error {
			var items []domain.HealthCheckInput
			for _, ch := range op.children {
				cd := g.day(op, ch, k)
				if !cd.Present() {
					continue
				}
				t := cd.Temp
				h := domain.HealthCheckInput{ChildID: ch.ID, Date: date, Kind: domain.CheckMorning, Temperature: &t, Action: cd.Action,
					Findings: map[string]domain.CheckFinding{
						domain.CheckTouchForehead: {Status: domain.FindingNormal}, domain.CheckLookThroat: {Status: domain.FindingNormal},
						domain.CheckLookSpirit: {Status: domain.FindingNormal}, domain.CheckPockets: {Status: domain.FindingNormal}}}
				if cd.Fever {
					h.Findings[domain.CheckTouchForehead] = domain.CheckFinding{Status: domain.FindingAbnormal, Note: "额头发烫"}
					h.Findings[domain.CheckLookSpirit] = domain.CheckFinding{Status: domain.FindingAbnormal, Note: "精神欠佳"}
					h.Note = "已电话告知家长"
				}
				items = append(items, h)
			}
			for len(items) > 0 {
				n := min(len(items), domain.MaxBatch)
				if _, err := g.dl(svc).RecordHealthChecks(ctx, op.in.Director, items[:n]); err != nil {
					return op.errorf("morning checks of %s: %w", date, err)
				}
				items = items[n:]
			}
			return nil
		})
	}
}

// planFever picks the day parent1's younger child has a fever: the last
// school day before today, once parent1's account is linked (so the
// notification reaches parent1).
func (g *generator) planFever() {
	g.feverDay = -1
	for k := len(g.days) - 1; k >= 0; k-- {
		d := g.days[k]
		if d.Before(g.cal.today) && at(d, 9, 20).After(g.parent1Linked) && !at(d, 12, 0).After(g.now) {
			g.feverDay = k
			return
		}
	}
}
