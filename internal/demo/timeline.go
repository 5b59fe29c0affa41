package demo

import (
	"context"
	"math/rand/v2"
	"sort"
	"time"

	"tuoyu/internal/service"
	"tuoyu/internal/workday"
)

// The generator writes a story: every institution's events are dated in
// the past, collected as steps, sorted by time and then played through the
// service with its clock set to each step's instant. Playing in time order
// keeps ids, receipt numbers and audit events in the order a real year
// would have produced them.

// step is one use case called at one instant.
type step struct {
	At    time.Time
	Owner int // institution index, -1 for platform set-up
	Seq   int // order within the owner
	Run   func(ctx context.Context, svc *service.Service) error
}

// timeline collects steps.
type timeline struct {
	steps []step
}

func (t *timeline) add(at time.Time, owner int, run func(context.Context, *service.Service) error) {
	t.steps = append(t.steps, step{At: at, Owner: owner, Seq: len(t.steps), Run: run})
}

// sorted returns the steps in time order; ties keep the order they were added.
func (t *timeline) sorted() []step {
	out := append([]step(nil), t.steps...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// calendar dates days on the official working-day calendar. Dates are
// calendar dates at midnight UTC, like service.Today.
type calendar struct {
	cal   *workday.Calendar
	today time.Time
}

// workdaysAgo is the k-th working day before today.
func (c calendar) workdaysAgo(k int) time.Time { return c.before(c.today, k) }

// before is the k-th working day before d (d itself for k = 0).
func (c calendar) before(d time.Time, k int) time.Time {
	out, _ := c.cal.AddWorkdays(d, -k)
	return out
}

// after is the k-th working day after d (d itself for k = 0).
func (c calendar) after(d time.Time, k int) time.Time {
	out, _ := c.cal.AddWorkdays(d, k)
	return out
}

// cursor hands out increasing instants for one institution's story, during
// office hours in China.
type cursor struct {
	r    *rand.Rand
	last time.Time
}

// on returns an instant on date d between 08:30 and 16:30 that is later
// than the previous one.
func (c *cursor) on(d time.Time) time.Time {
	t := time.Date(d.Year(), d.Month(), d.Day(), 8, 30, 0, 0, service.China).Add(time.Duration(c.r.IntN(8*60)) * time.Minute)
	if !t.After(c.last) {
		t = c.last.Add(time.Duration(between(c.r, 5, 40)) * time.Minute)
	}
	c.last = t
	return t
}

// soon returns an instant one to three minutes after the previous one.
func (c *cursor) soon() time.Time {
	c.last = c.last.Add(time.Duration(between(c.r, 60, 180)) * time.Second)
	return c.last
}
