package demo

import (
	"context"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
)

// careLogs records, for each class with children, lunch (12:10) and the
// midday sleep (14:40) on the class's care log, published to the
// guardians at once. carer1 keeps the log of their class; the director
// those of the others.
func (g *generator) careLogs(op *operation) {
	for k, d := range g.days {
		if d.Before(op.opened) {
			continue
		}
		r := newRand(g.seed, streamCareLogs, op.in.Index<<10|k)
		date := d.Format(time.DateOnly)
		menu := pick(r, lunches)
		for i, c := range op.classes {
			open := false
			for _, ch := range op.children {
				if ch.Class == c && !d.Before(ch.Start) {
					open = true
					break
				}
			}
			if !open {
				continue
			}
			keeper := func() authz.Actor {
				if op.full && i == youngestToddlerClass(op) && g.carer1.UserID != 0 {
					return g.carer1
				}
				return op.in.Director
			}
			entries := []struct {
				at     time.Time
				kind   string
				detail domain.CareDetail
			}{
				{at(d, 12, 10).Add(time.Duration(i) * time.Minute), domain.CareMeal,
					domain.CareDetail{Meal: "lunch", Amount: pick(r, []string{"all", "most", "most", "half"}), Note: menu}},
				{at(d, 14, 40).Add(time.Duration(i) * time.Minute), domain.CareSleep,
					domain.CareDetail{From: pick(r, []string{"12:20", "12:30", "12:40"}), To: pick(r, []string{"14:20", "14:30", "14:40"})}},
			}
			for _, e := range entries {
				g.add(op, e.at, func(ctx context.Context, svc *service.Service) error {
					if _, err := g.dl(svc).RecordCareLog(ctx, keeper(), domain.CareLogInput{ClassID: c.ID, Date: date, Kind: e.kind, Detail: e.detail, Publish: true}); err != nil {
						return op.errorf("care log of %s on %s: %w", c.Name, date, err)
					}
					return nil
				})
			}
		}
	}
}
