package demo

import (
	"context"
	"fmt"
	"time"

	"tuoyu/internal/daily"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
)

// childDay is a child's school day: away (and why), or in from In to Out
// (minutes after midnight, China time), collected by a guardian or a
// pick-up person, with the morning check's temperature and what was done
// about it.
type childDay struct {
	Expected bool // enrolled and started by the day
	Absence  absence
	In, Out  int
	// Pickup indexes the guardians, then the pick-up persons.
	Pickup int
	Temp   float64
	Fever  bool
	Action string // domain.Action*
}

// Present reports whether the child came.
func (d childDay) Present() bool { return d.Expected && d.Absence.Reason == "" }

// Fevers: a child has a temperature at the morning check on about one day
// in 250; at 37.8 °C or more they are sent home.
const (
	feverChance   = 0.004
	sendHomeAbove = 37.8
)

// day is child ch's k-th school day. It is drawn from the child's own
// stream for the day, so every step of the day (check-in, check, check-out)
// reads the same. A fever shows only on days whose checks are recorded;
// parent1's younger child has one the school day before today.
func (g *generator) day(op *operation, ch *child, k int) childDay {
	if g.days[k].Before(ch.Start) {
		return childDay{}
	}
	d := childDay{Expected: true}
	forced := ch == g.parent1Kids[1] && k == g.feverDay
	if a, ok := ch.Absences[k]; ok && !forced {
		d.Absence = a
		return d
	}
	r := newRand(g.seed, streamDaily, ch.Index<<10|k)
	d.In = between(r, 7*60+40, 9*60+10)
	switch ch.CareType {
	case domain.CareHalfDay:
		d.Out = between(r, 11*60+30, 12*60+30)
	case domain.CareHourly, domain.CareTemporary:
		d.Out = d.In + between(r, 120, 240)
	default:
		d.Out = between(r, 16*60+30, 18*60)
	}
	d.Temp = round1(uniform(r, 36.2, 37.1))
	d.Action = domain.ActionNone
	if (chance(r, feverChance) || forced) && g.checked(op, k) {
		d.Fever, d.Temp = true, round1(uniform(r, 37.3, 38.6))
		if forced {
			d.Temp = 38.2
		}
		d.Action = pick(r, []string{domain.ActionObserve, domain.ActionRecheck})
		if d.Temp >= sendHomeAbove {
			d.Action = domain.ActionSentHome
			d.Out = max(d.In, 9*60+30) + between(r, 40, 120)
		}
	}
	d.Pickup = r.IntN(len(ch.Guardians))
	if len(ch.Pickups) > 0 && d.Action != domain.ActionSentHome && chance(r, 0.3) {
		d.Pickup = len(ch.Guardians) + r.IntN(len(ch.Pickups))
	}
	return d
}

// pickupKey names who collected the child.
func (ch *child) pickupKey(i int) string {
	if i < len(ch.GuardianIDs) {
		return domain.PickupKey(domain.PickupKindGuardian, ch.GuardianIDs[i])
	}
	return domain.PickupKey(domain.PickupKindPerson, ch.PickupIDs[i-len(ch.GuardianIDs)])
}

func hhmm(minutes int) string { return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60) }

// Parts of a day's attendance an item carries.
const (
	partMorning = 1 << iota // check-in or absence
	partEvening             // check-out
	partWhole   = partMorning | partEvening
)

// attendance records every school day of the history for the enrolled
// children. director1's institution records as the day goes: check-ins
// and absences at 09:15, check-outs at 18:05. The others record a week at a
// time (never across a month's end: the bills need the month complete), and
// today as the day goes.
func (g *generator) attendance(op *operation) {
	var week []int
	flush := func() {
		if len(week) > 0 {
			g.attendanceBatch(op, at(g.days[week[len(week)-1]], 18, 30), week, partWhole)
			week = nil
		}
	}
	for k, d := range g.days {
		if d.Before(op.opened) {
			continue
		}
		if op.full || d.Equal(g.cal.today) {
			flush()
			g.attendanceBatch(op, at(d, 9, 15), []int{k}, partMorning)
			g.attendanceBatch(op, at(d, 18, 5), []int{k}, partEvening)
			continue
		}
		if len(week) > 0 {
			prev := g.days[week[len(week)-1]]
			y1, w1 := prev.ISOWeek()
			y2, w2 := d.ISOWeek()
			if y1 != y2 || w1 != w2 || prev.Month() != d.Month() {
				flush()
			}
		}
		week = append(week, k)
	}
	flush()
}

// attendanceBatch records the days' attendance of the institution's
// children in batches of at most domain.MaxBatch items; any item refused
// stops the generation.
func (g *generator) attendanceBatch(op *operation, when time.Time, days []int, part int) {
	g.add(op, when, func(ctx context.Context, svc *service.Service) error {
		var items []domain.AttendanceItem
		for _, k := range days {
			date := g.days[k].Format(time.DateOnly)
			for _, ch := range op.children {
				d := g.day(op, ch, k)
				if !d.Expected {
					continue
				}
				it := domain.AttendanceItem{ChildID: ch.ID, Date: date}
				switch {
				case d.Absence.Reason != "":
					if part&partMorning == 0 {
						continue
					}
					it.AbsentReason, it.Symptoms = d.Absence.Reason, d.Absence.Symptoms
				default:
					if part&partMorning != 0 {
						it.CheckIn = hhmm(d.In)
					}
					if part&partEvening != 0 {
						it.CheckOut, it.PickedUpBy = hhmm(d.Out), ch.pickupKey(d.Pickup)
					}
				}
				items = append(items, it)
			}
		}
		for len(items) > 0 {
			n := min(len(items), domain.MaxBatch)
			out, err := g.dl(svc).RecordAttendance(ctx, op.in.Director, items[:n])
			if err != nil {
				return op.errorf("attendance: %w", err)
			}
			if out.Failed > 0 {
				for _, res := range out.Results {
					if res.Error != nil {
						return op.errorf("attendance item %+v: %s %v", items[res.Index], res.Error.Message, res.Error.Fields)
					}
				}
			}
			items = items[n:]
		}
		return nil
	})
}

// clockIns has the director clock each class's caregivers in on the demo
// day before the first child arrives (07:30, a minute apart), and out after
// the last has gone (18:10), so the live ratio of a full class is green. A
// caregiver of two classes clocks in to the first.
func (g *generator) clockIns(op *operation) {
	today := g.cal.today
	// Classes exist from the day operations go live (11:00): only on a later
	// school day, and only caregivers hired before the day.
	if len(g.days) == 0 || !g.days[len(g.days)-1].Equal(today) || !op.live.Before(today) {
		return
	}
	seen := map[*staffMember]bool{}
	n := 0
	for _, c := range op.classes {
		for _, m := range c.Carers {
			if seen[m] || !dayOf(m.Start).Before(today) {
				continue
			}
			seen[m] = true
			c, m, k := c, m, n
			n++
			g.add(op, at(today, 7, 30).Add(time.Duration(k)*time.Minute), func(ctx context.Context, svc *service.Service) error {
				if _, err := g.dl(svc).ClockIn(ctx, op.in.Director, c.ID, daily.ClockRequest{StaffID: m.ID}); err != nil {
					return op.errorf("clock in %s: %w", m.Person.Name, err)
				}
				return nil
			})
			g.add(op, at(today, 18, 10).Add(time.Duration(k)*time.Minute), func(ctx context.Context, svc *service.Service) error {
				if _, err := g.dl(svc).ClockOut(ctx, op.in.Director, c.ID, daily.ClockRequest{StaffID: m.ID}); err != nil {
					return op.errorf("clock out %s: %w", m.Person.Name, err)
				}
				return nil
			})
		}
	}
}
