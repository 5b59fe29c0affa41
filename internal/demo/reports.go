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

// institutionReports plays a year of monthly reports of director1's
// institution and of up to three other filed institutions of 宝塔区 (their
// last three months), computed by the real use case at past instants, so
// every approval state shows: submitted after a correction with a reason,
// returned, approved then reopened, approved, and (the months left alone)
// not submitted. The director corrects and submits, the county decides.
func (g *generator) institutionReports(ctx context.Context) error {
	started := time.Now()
	var picked []*institution
	for _, in := range g.insts {
		if in.Named == "director1" && in.ID != 0 && !in.Filed.IsZero() {
			picked = append([]*institution{in}, picked...)
		}
	}
	for _, in := range g.insts {
		if len(picked) >= 4 {
			break
		}
		if in.Named == "" && in.ID != 0 && !in.Filed.IsZero() && in.County.Region.Code == baotaCode && in.Director.UserID != 0 {
			picked = append(picked, in)
		}
	}
	current := civil.Of(g.cal.today).MonthOf()
	county := g.regulators[baotaCode]
	steps := 0
	for j, in := range picked {
		months := 12
		if in.Named != "director1" {
			months = 3
		}
		for k := months; k >= 1; k-- {
			m := current.Add(-k)
			if !in.Filed.Before(m.First().Time()) {
				continue // filed during or after the month
			}
			submit := at(g.cal.after(m.Add(1).First().Time(), 2), 9, 10*j)
			decide := at(g.cal.after(submit, 2), 15, 10*j)
			type step struct {
				when   time.Time
				step   stats.Step
				reason string
			}
			var plan []step
			correct := false
			switch {
			case j == 0 && k == 1, j == 2 && k == 1:
				correct = j == 0
				plan = []step{{submit, stats.StepInstSubmit, ""}}
			case j == 0 && k == 2, j == 2 && k == 2:
				plan = []step{{submit, stats.StepInstSubmit, ""}, {decide, stats.StepInstReturn, "出勤天数与考勤记录不一致，请核实后重新报送。"}}
			case j == 0 && k == 3:
				plan = []step{{submit, stats.StepInstSubmit, ""}, {decide, stats.StepInstApprove, ""},
					{g.cal.after(decide, 4).Add(time.Hour), stats.StepInstReopen, "补录月末两名幼儿的退托，重新核对在托人数。"}}
			case j == 1 && k == 1:
				continue // not submitted yet
			default:
				correct = j == 0 && k == 5
				plan = []step{{submit, stats.StepInstSubmit, ""}, {decide, stats.StepInstApprove, ""}}
			}
			if correct && submit.Before(g.now) {
				when := submit.Add(-time.Hour)
				st := stats.New(g.svc.DB, g.svc.WithClock(func() time.Time { return when }))
				r, err := st.InstitutionReport(ctx, in.Director, in.ID, m.String())
				if err != nil {
					return fmt.Errorf("demo institution report %d %s: %w", in.ID, m, err)
				}
				item := "attendance.sick"
				if _, err := st.Correct(ctx, in.Director, in.ID, m.String(), item, r.Figures.Computed[item]+1,
					"一名幼儿病假当日未在系统登记，按晨检记录补计一天。"); err != nil {
					return fmt.Errorf("demo institution report %d %s correct: %w", in.ID, m, err)
				}
			}
			for _, s := range plan {
				if s.when.After(g.now) {
					break
				}
				when := s.when
				st := stats.New(g.svc.DB, g.svc.WithClock(func() time.Time { return when }))
				actor := county
				if s.step == stats.StepInstSubmit {
					actor = in.Director
				}
				if _, err := st.DecideInstitution(ctx, actor, s.step, in.ID, m.String(), s.reason); err != nil {
					return fmt.Errorf("demo institution report %d %s %s: %w", in.ID, m, s.step, err)
				}
				steps++
			}
		}
	}
	if g.svc.Log != nil {
		g.svc.Log.Info("institution monthly reports written", "institutions", len(picked), "steps", steps, "elapsed", time.Since(started).Round(time.Millisecond))
	}
	return nil
}
