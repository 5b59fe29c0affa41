package demo

import (
	"context"
	"fmt"
	"sort"
	"time"

	"tuoyu/internal/civil"
	"tuoyu/internal/stats"
)

// reportStep is one approval step on a county's monthly report.
type reportStep struct {
	At     time.Time
	Step   stats.Step
	County string
	Month  civil.Month
	Reason string
}

// planReports dates the last twelve months of county monthly reports:
// each submitted on the third working day of the next month and approved
// by the city three working days later, except the ones that show the
// other states: 宝塔区's last month awaiting approval, 安塞区's month before last
// returned, a
// third county's third month back approved then unlocked, a fourth
// county's last month not yet submitted, a fifth's returned once and
// approved on resubmission.
func (g *generator) planReports() []reportStep {
	var out []reportStep
	current := civil.Of(g.cal.today).MonthOf()
	for ci, c := range g.counties {
		code := c.Region.Code
		for k := 12; k >= 1; k-- {
			m := current.Add(-k)
			submit := at(g.cal.after(m.Add(1).First().Time(), 2), 10, ci)
			approve := at(g.cal.after(submit, 3), 15, ci)
			add := func(when time.Time, step stats.Step, reason string) {
				out = append(out, reportStep{At: when, Step: step, County: code, Month: m, Reason: reason})
			}
			switch {
			case ci == 3 && k == 1:
				continue // not yet submitted
			case ci == 0 && k == 1:
				add(submit, stats.StepSubmit, "")
			case ci == 1 && k == 2:
				add(submit, stats.StepSubmit, "")
				add(approve, stats.StepReturn, "托育机构数与备案台账不一致，请核实后重新报送。")
			case ci == 2 && k == 3:
				add(submit, stats.StepSubmit, "")
				add(approve, stats.StepApprove, "")
				add(g.cal.after(approve, 5).Add(time.Hour), stats.StepUnlock, "补录两家机构的在托人数，解锁后重新报送。")
			case ci == 4 && k == 4:
				add(submit, stats.StepSubmit, "")
				add(approve, stats.StepReturn, "普惠托位数填报口径有误。")
				resubmit := g.cal.after(approve, 2).Add(time.Hour)
				add(resubmit, stats.StepSubmit, "")
				add(g.cal.after(resubmit, 2).Add(2*time.Hour), stats.StepApprove, "")
			default:
				add(submit, stats.StepSubmit, "")
				add(approve, stats.StepApprove, "")
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// reports plays the report steps once the roll-ups are built (a report
// snapshots them when submitted), at their past instants, in one bulk
// transaction: the county regulator submits, the city approves, returns
// or unlocks.
func (g *generator) reports(ctx context.Context) error {
	started := time.Now()
	steps := g.planReports()
	bulk, err := g.svc.DB.Bulk(ctx)
	if err != nil {
		return err
	}
	defer bulk.Close()
	run := context.WithoutCancel(ctx)
	for _, s := range steps {
		if s.At.After(g.now) {
			continue
		}
		when := s.At
		st := stats.New(g.svc.DB, g.svc.WithClock(func() time.Time { return when }))
		actor := g.city
		if s.Step == stats.StepSubmit {
			actor = g.regulators[s.County]
		}
		if _, err := st.Decide(run, actor, s.Step, s.County, s.Month.String(), s.Reason); err != nil {
			return fmt.Errorf("demo report %s %s %s: %w", s.County, s.Month, s.Step, err)
		}
	}
	if err := bulk.Commit(run); err != nil {
		return err
	}
	if g.svc.Log != nil {
		g.svc.Log.Info("monthly reports written", "steps", len(steps), "elapsed", time.Since(started).Round(time.Millisecond))
	}
	return nil
}
