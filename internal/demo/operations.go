package demo

import (
	"context"
	"fmt"
	"time"

	"tuoyu/internal/service"
)

// operation is the life of a filed institution after its filing: the
// people it employs, its classes, its children, its fees, the daily records
// of the last school days and last month's bills. Plans are made up front
// from the institution's own random streams; the steps fill in the ids the
// service hands out as they run.
type operation struct {
	in     *institution
	opened time.Time // the first working day after the first filing was filed
	// live is the day the institution's operations start on the platform:
	// the day it opens, or for one open before the platform's operations
	// went live, that day (goLive), when it enters its staff, classes,
	// fees and children (with their real start dates).
	live time.Time
	// full: attendance recorded as the day goes (check-ins in the morning,
	// check-outs in the evening) for the whole history; director1's
	// institution. The others record attendance a week at a time (see
	// attendance.go). Morning checks and care logs are recorded every
	// school day everywhere.
	full bool

	staff    []*staffMember
	classes  []*class
	children []*child
	fees     []service.NewFee
}

// operations plans the operations of every filed institution, the
// blacklist and the month billed.
func (g *generator) operations(days int) error {
	g.days = g.schoolDays(days)
	g.billing = g.billingMonth()
	// operations went live on the platform before the history and before
	// the month billed
	goLive := g.cal.before(g.days[0], 10)
	if first := g.cal.before(g.billing.Month.First(), 5); first.Before(goLive) {
		goLive = first
	}
	for _, in := range g.insts {
		if in.Filed.IsZero() {
			continue
		}
		op := &operation{in: in, opened: g.cal.after(in.Filed, 1), full: in.Named == "director1"}
		if !op.opened.Before(g.cal.today) {
			continue // filed lately: nothing runs yet
		}
		op.live = op.opened
		if op.live.Before(goLive) {
			op.live = goLive
		}
		g.ops = append(g.ops, op)
	}
	for _, op := range g.ops {
		g.planClasses(op)
		if err := g.planStaff(op); err != nil {
			return err
		}
		if err := g.planChildren(op); err != nil {
			return err
		}
		g.planFees(op)
	}
	g.planPriceCaps()
	if err := g.planBlacklist(); err != nil {
		return err
	}
	for _, op := range g.ops {
		g.hire(op)
		g.createClasses(op)
		g.createFees(op)
		g.enrol(op)
		g.attendance(op)
		g.clockIns(op)
		g.checks(op)
		g.careLogs(op)
		g.bills(op)
	}
	g.invite()
	g.planFever()
	return nil
}

// schoolDays are the last n working days up to today (today included when
// it is one), oldest first.
func (g *generator) schoolDays(n int) []time.Time {
	out := make([]time.Time, n)
	d := g.cal.today
	if !g.cal.cal.IsWorkday(d) {
		d = g.cal.before(d, 1)
	}
	for i := n - 1; i >= 0; i-- {
		out[i] = d
		d = g.cal.before(d, 1)
	}
	return out
}

// at is the instant h:m on date d in China.
func at(d time.Time, h, m int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, service.China)
}

// dayOf is the calendar date of an instant in China, at midnight UTC.
func dayOf(t time.Time) time.Time {
	y, m, d := t.In(service.China).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// add schedules a step of an operation unless its instant is still to
// come: the demo shows nothing that has not happened yet.
func (g *generator) add(op *operation, when time.Time, run func(context.Context, *service.Service) error) {
	if when.After(g.now) {
		return
	}
	g.tl.add(when, op.in.Index, run)
}

// errorf names the institution in an error; %w wraps as in fmt.Errorf.
func (op *operation) errorf(format string, args ...any) error {
	return fmt.Errorf("%s: "+format, append([]any{op.in.Data.Name}, args...)...)
}
