package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/supervision"
)

// Supervision after filing, written through internal/supervision like a
// county would: the registrations the registration authority pushed (some
// late, some institutions overdue for filing), a year of annual-inspection
// plans drawn at random (双随机, the seed recorded), the inspections item by
// item with their findings and rectification orders, special inspections
// whose orders stand in every state, three years of annual reviews with one
// institution failing twice in a row and closed, complaints, the CCTV
// registers, quality assessments and demonstration institutions
// (complaints.go). Every step is planned here from the supervision stream
// and played in time order with the rest of the story.

// supState is what the supervision steps share while they run.
type supState struct {
	inspectors map[string][]authz.Actor // county code → its regulator and inspectors
	templates  map[supervision.Kind]int64
	// closing is the institution that fails two years in a row and is closed.
	closing *institution
	// demoCandidates are kept clear of orders so they may be designated.
	demoCandidates map[*institution]bool
}

// sv is the supervision service over a step's clocked core service.
func sv(svc *service.Service) *supervision.Service { return supervision.New(svc.DB, svc) }

// supAdd schedules a supervision step unless its instant is still to come.
func (g *generator) supAdd(when time.Time, owner int, run func(context.Context, *service.Service) error) {
	if when.After(g.now) {
		return
	}
	g.tl.add(when, owner, run)
}

// instByID finds a generated institution by the id the service gave it.
func (g *generator) instByID(id int64) *institution {
	for _, in := range g.insts {
		if in.ID == id {
			return in
		}
	}
	return nil
}

// staysFiled: the story leaves the institution filed from in.Filed on.
func staysFiled(in *institution) bool {
	return !in.Filed.IsZero() && (in.Scenario == scFiled || in.Scenario == scFiledAfterReturn)
}

// planSupervision schedules every supervision step. It runs after the
// operations are planned: it needs the filing days and who operates.
func (g *generator) planSupervision() {
	g.sup = &supState{inspectors: map[string][]authz.Actor{}, templates: map[supervision.Kind]int64{}, demoCandidates: map[*institution]bool{}}
	g.supSetUp()
	g.planRegistrations(newRand(g.seed, streamSupervision, 1))
	g.pickCases()
	g.planAnnualInspections(newRand(g.seed, streamSupervision, 2))
	g.planSpecialInspections(newRand(g.seed, streamSupervision, 3))
	g.planReviews(newRand(g.seed, streamSupervision, 4))
	g.planComplaints(newRand(g.seed, streamSupervision, 5))
	g.planCCTV(newRand(g.seed, streamSupervision, 6))
	g.planQuality(newRand(g.seed, streamSupervision, 7))
}

// supSetUp loads the shipped checklists (the server loads them at start
// too; loading is idempotent) and gives every county two inspectors
// besides its regulator, on the platform's first day.
func (g *generator) supSetUp() {
	start := at(g.founded, 10, 0)
	g.tl.add(start, -1, func(ctx context.Context, svc *service.Service) error {
		s := sv(svc)
		if err := s.LoadTemplates(ctx); err != nil {
			return err
		}
		ts, err := s.Templates(ctx, creator)
		if err != nil {
			return err
		}
		for _, t := range ts {
			g.sup.templates[t.Kind] = t.ID
		}
		return nil
	})
	r := newRand(g.seed, streamSupervision, 8)
	for ci, c := range g.counties {
		code := c.Region.Code
		for k := 1; k <= 2; k++ {
			name := newPerson(r, 0.5).Name
			username := fmt.Sprintf("insp-%s-%d", code, k)
			g.tl.add(start.Add(time.Duration(ci*2+k)*time.Minute), -1, func(ctx context.Context, svc *service.Service) error {
				reg := g.regulators[code]
				if len(g.sup.inspectors[code]) == 0 {
					g.sup.inspectors[code] = []authz.Actor{reg}
				}
				u, err := g.quickUser(ctx, svc, domain.User{Username: username, DisplayName: c.Short + "卫生健康局 " + name, Role: domain.RoleCountyRegulator, RegionCode: code})
				if err != nil {
					return err
				}
				g.sup.inspectors[code] = append(g.sup.inspectors[code], authz.ForUser(u, "", 0))
				return nil
			})
		}
	}
}

// inspector is the actor of a user id among a county's inspectors.
func (g *generator) inspector(county string, id int64) (authz.Actor, bool) {
	for _, a := range g.sup.inspectors[county] {
		if a.UserID == id {
			return a, true
		}
	}
	return authz.Actor{}, false
}

// authority is the registration authority of a nature.
func authority(nature string) string {
	switch nature {
	case domain.NaturePublic:
		return supervision.AuthorityEstablishment
	case domain.NaturePrivate, domain.NatureEmployerRun:
		return supervision.AuthorityMarket
	}
	return supervision.AuthorityCivilAffairs
}

// planRegistrations records each institution's registration as the
// authority pushes it, after the county entered it in the registry: most
// within the 7 working days, some late. Institutions that never file are
// overdue once 10 working days have passed.
func (g *generator) planRegistrations(r *rand.Rand) {
	for _, in := range g.insts {
		if in.Registered.IsZero() {
			continue
		}
		registered := g.cal.before(in.Registered, between(r, 0, 4))
		pushed := g.cal.after(in.Registered, between(r, 1, 3))
		if chance(r, 0.15) {
			pushed = g.cal.after(registered, between(r, supervision.PushWorkdays+1, supervision.PushWorkdays+5))
		}
		if pushed.Before(in.Registered) || pushed.Equal(in.Registered) {
			pushed = g.cal.after(in.Registered, 1)
		}
		in := in
		g.supAdd(at(pushed, 9, 10+r.IntN(300)), in.Index, func(ctx context.Context, svc *service.Service) error {
			d := in.Data
			_, err := sv(svc).RecordRegistration(ctx, g.regulators[in.County.Region.Code], supervision.NewRegistration{CreditCode: d.CreditCode,
				Name: d.Name, Nature: d.Nature, RegisteredOn: civil.Of(registered), Authority: authority(d.Nature), Address: d.Address, TownshipCode: in.Township.Code})
			if err != nil {
				return fmt.Errorf("registration of %s: %w", d.Name, err)
			}
			return nil
		})
	}
}

// pickCases chooses the institution closed after two failed years (in
// 宝塔区, filed early enough for two reviews) and the demonstration
// candidates, which no special inspection or failure touches.
func (g *generator) pickCases() {
	operating := map[*institution]bool{}
	for _, op := range g.ops {
		operating[op.in] = true
	}
	y := g.reviewYears()
	for _, anywhere := range []bool{false, true} { // 宝塔区 first; at a small scale, any county
		for _, in := range g.insts {
			if g.sup.closing == nil && (anywhere || in.County.Region.Code == baotaCode) && in.Named == "" && staysFiled(in) && operating[in] &&
				in.Filed.Before(y.dates[1]) {
				g.sup.closing = in
			}
		}
	}
	perCounty := map[string]int{}
	for _, in := range g.insts {
		code := in.County.Region.Code
		want := 1
		switch code {
		case baotaCode:
			want = 5
		case ansaiCode:
			want = 1
		default:
			if in.County.Seq()%3 == 0 {
				want = 4
			}
		}
		if in == g.sup.closing || in.Named == "director1" || !staysFiled(in) || !operating[in] || perCounty[code] >= want ||
			g.cal.today.Sub(in.Filed) < 400*24*time.Hour {
			continue
		}
		perCounty[code]++
		g.sup.demoCandidates[in] = true
	}
}

// Seq is the county's position among the city's counties (by code).
func (c *county) Seq() int {
	n := 0
	for _, ch := range c.Region.Code[4:] {
		n = n*10 + int(ch-'0')
	}
	return n
}

// inspectionStory is what one inspection will show: how many items fail
// and what becomes of the order.
type inspectionStory struct {
	fail  int
	order orderStory
}

// orderStory dates an order's life from its issue: each zero time is a
// step not taken.
type orderStory struct {
	submit, reject, resubmit, recheck, accept, penalty time.Time
	recheckOn                                          time.Time
}

// orderRef is an order once issued, for the steps that follow it.
type orderRef struct {
	ID        int64
	Inspector authz.Actor
	Director  authz.Actor
}

// planAnnualInspections gives every county an annual-inspection plan in
// the last year, its institutions drawn at random from the filed ones with
// a recorded seed and two inspectors each drawn from three. Inspections
// follow over the plan's period; some find a failed item, and its order is
// closed (some after one rejection).
func (g *generator) planAnnualInspections(r *rand.Rand) {
	for k, c := range g.counties {
		start := g.cal.workdaysAgo(230 - 14*k)
		estimate := 0
		for _, in := range g.insts {
			if in.County == c && !in.Filed.IsZero() && in.Filed.Before(start) && in.Scenario != scCancelled {
				estimate++
			}
		}
		if estimate == 0 {
			continue
		}
		count := min(6, max(1, (estimate+1)/2))
		seed := r.Uint64()>>1 + 1
		end := g.cal.after(start, 20)
		code := c.Region.Code
		plan := &supervision.Plan{}
		year := start.Year()
		g.supAdd(at(start, 9, 0), -1, func(ctx context.Context, svc *service.Service) error {
			pool := []int64{}
			for _, a := range g.sup.inspectors[code] {
				pool = append(pool, a.UserID)
			}
			name, deps := fmt.Sprintf("%s%d年度托育机构年度检查（双随机）", c.Short, year), []string{}
			if k == 0 {
				// The first county's plan is a joint inspection (联合检查) with
				// market regulation and emergency management.
				name = fmt.Sprintf("%s%d年度托育机构联合检查（双随机）", c.Short, year)
				deps = []string{string(authz.DutyMarket), string(authz.DutyEmergency)}
			}
			p, err := sv(svc).CreatePlan(ctx, g.regulators[code], supervision.NewPlan{Name: name,
				Kind: supervision.KindAnnual, TemplateID: g.sup.templates[supervision.KindAnnual], PeriodStart: civil.Of(start), PeriodEnd: civil.Of(end),
				Method: supervision.MethodDraw, DrawCount: count, Pool: pool, InspectorsEach: 2, Seed: seed, Departments: deps})
			if err != nil {
				return fmt.Errorf("plan of %s: %w", c.Short, err)
			}
			*plan = p
			return nil
		})
		for j := range count {
			day := g.cal.after(start, 1+3*j)
			st := inspectionStory{}
			if chance(r, 0.4) {
				st.fail = between(r, 1, 2)
				issue := day
				st.order.submit = at(g.cal.after(issue, between(r, 3, 6)), 15, 0)
				if chance(r, 0.35) {
					st.order.reject = at(g.cal.after(issue, 8), 10, 30)
					st.order.resubmit = at(g.cal.after(issue, 10), 15, 0)
					st.order.accept = at(g.cal.after(issue, 12), 11, 0)
				} else {
					st.order.accept = at(g.cal.after(issue, 8), 11, 0)
				}
			}
			ref := &orderRef{}
			when := at(day, 9, 30+r.IntN(120))
			g.supAdd(when, -1, func(ctx context.Context, svc *service.Service) error {
				if j >= len(plan.Inspections) {
					return nil // the draw found fewer institutions than planned
				}
				n := plan.Inspections[j]
				in := g.instByID(n.InstitutionID)
				a, ok := g.inspector(code, n.Inspectors[0])
				if in == nil || !ok {
					return fmt.Errorf("plan %d: inspection %d without its institution or inspector", plan.ID, n.ID)
				}
				return g.inspect(ctx, svc, a, in, n.ID, st, when, ref, newRand(g.seed, streamSupervision, 1000+k*10+j))
			})
			g.orderSteps(st.order, ref)
		}
	}
}

// inspect carries out one inspection item by item from when, completes it
// and, when items failed, issues the order.
func (g *generator) inspect(ctx context.Context, svc *service.Service, a authz.Actor, in *institution, id int64, st inspectionStory, when time.Time,
	ref *orderRef, r *rand.Rand) error {
	s := sv(svc)
	n, err := s.Inspection(ctx, a, id)
	if err != nil {
		return err
	}
	t, err := s.Template(ctx, a, n.TemplateID)
	if err != nil {
		return err
	}
	var items, failable []supervision.Item
	for _, it := range t.Items {
		if it.AppliesTo(in.Data.Kind) {
			items = append(items, it)
			if !it.Veto && !it.Photo {
				failable = append(failable, it)
			}
		}
	}
	failing := map[string]bool{}
	for _, i := range r.Perm(len(failable))[:min(st.fail, len(failable))] {
		failing[failable[i].Code] = true
	}
	clock := when
	tick := func() *supervision.Service {
		clock = clock.Add(time.Duration(between(r, 1, 4)) * time.Minute)
		c := clock
		return sv(svc.WithClock(func() time.Time { return c }))
	}
	for _, it := range items {
		save := supervision.ItemSave{ItemCode: it.Code, Outcome: supervision.OutcomePass}
		switch {
		case failing[it.Code]:
			save.Outcome, save.Note = supervision.OutcomeFail, pick(r, findingNotes)
		case !it.Veto && chance(r, 0.06):
			save.Outcome, save.Note = supervision.OutcomeNA, "本机构不涉及该项"
		}
		if _, err := tick().SaveItem(ctx, a, id, save); err != nil {
			return fmt.Errorf("inspection %d item %s: %w", id, it.Code, err)
		}
	}
	summary := "各项检查符合要求。"
	if len(failing) > 0 {
		summary = "发现问题已当场反馈，责令限期整改。"
	}
	done, err := tick().CompleteInspection(ctx, a, id, supervision.Completion{Representative: in.Data.PersonInCharge, Summary: summary})
	if err != nil {
		return fmt.Errorf("complete inspection %d: %w", id, err)
	}
	if len(done.Findings) == 0 {
		return nil
	}
	var fids []int64
	for _, f := range done.Findings {
		fids = append(fids, f.ID)
	}
	o, err := tick().IssueOrder(ctx, a, supervision.NewOrder{FindingIDs: fids, RequiredEvidence: "整改后的现场照片和整改情况说明"})
	if err != nil {
		return fmt.Errorf("order after inspection %d: %w", id, err)
	}
	*ref = orderRef{ID: o.ID, Inspector: a, Director: in.Director}
	return nil
}

var findingNotes = []string{
	"消防通道堆放杂物，未保持畅通", "晨午检记录缺少三天", "部分保育人员健康证过期未及时更换", "药品柜未上锁",
	"食品留样记录不完整", "玩具消毒记录缺失", "收费公示内容与实际不一致", "安全演练记录缺少本季度内容",
}

// orderSteps plays an order's story once it is issued.
func (g *generator) orderSteps(o orderStory, ref *orderRef) {
	submit := func(when time.Time, text string) {
		g.supAdd(when, -1, func(ctx context.Context, svc *service.Service) error {
			if ref.ID == 0 {
				return nil
			}
			s := sv(svc)
			pdf := pdfDocument("整改报告", []string{text, "附整改前后照片。"})
			if _, err := s.AddEvidence(ctx, ref.Director, ref.ID, "整改报告.pdf", pdf); err != nil {
				return fmt.Errorf("evidence on order %d: %w", ref.ID, err)
			}
			_, err := s.SubmitOrder(ctx, ref.Director, ref.ID, supervision.Submission{Explanation: text})
			return err
		})
	}
	decide := func(when time.Time, d supervision.OrderDecision) {
		g.supAdd(when, -1, func(ctx context.Context, svc *service.Service) error {
			if ref.ID == 0 {
				return nil
			}
			_, err := sv(svc).DecideOrder(ctx, ref.Inspector, ref.ID, d)
			if err != nil {
				return fmt.Errorf("decision on order %d: %w", ref.ID, err)
			}
			return nil
		})
	}
	if !o.submit.IsZero() {
		submit(o.submit, "已按要求完成整改，提交整改说明。")
	}
	if !o.reject.IsZero() {
		decide(o.reject, supervision.OrderDecision{Decision: supervision.DecisionReject, Reason: "整改照片不能反映整改后的情况，请补充现场照片。"})
	}
	if !o.resubmit.IsZero() {
		submit(o.resubmit, "已补充整改后的现场照片。")
	}
	if !o.recheck.IsZero() {
		decide(o.recheck, supervision.OrderDecision{Decision: supervision.DecisionRecheck, RecheckOn: civil.Of(o.recheckOn)})
	}
	if !o.accept.IsZero() {
		decide(o.accept, supervision.OrderDecision{Decision: supervision.DecisionAccept})
	}
	if !o.penalty.IsZero() {
		g.supAdd(o.penalty, -1, func(ctx context.Context, svc *service.Service) error {
			if ref.ID == 0 {
				return nil
			}
			_, err := sv(svc).RecordPenalty(ctx, ref.Inspector, ref.ID, supervision.Penalty{Kind: "fine", Amount: 2000,
				DecisionNo: fmt.Sprintf("延卫罚〔%d〕%d号", o.penalty.Year(), 10+ref.ID%90), DecidedOn: civil.Of(dayOf(o.penalty))})
			return err
		})
	}
}

// specialCase is one special inspection in 宝塔区 and the state its order
// reaches by today.
type specialCase struct {
	ago   int // working days ago it is carried out
	order func(issue time.Time) orderStory
	// director1: at director1's institution, so its director sees the order.
	director1 bool
}

// planSpecialInspections opens special inspections in 宝塔区 whose orders
// stand today in every state: open, submitted, returned, re-check
// scheduled, overdue, escalated to the city (with a fine), closed.
func (g *generator) planSpecialInspections(r *rand.Rand) {
	cases := []specialCase{
		{ago: 30, order: func(time.Time) orderStory { return orderStory{penalty: at(g.cal.workdaysAgo(6), 10, 0)} }}, // escalated
		{ago: 17, order: func(time.Time) orderStory { return orderStory{} }},                                         // overdue
		{ago: 3, order: func(time.Time) orderStory { return orderStory{} }, director1: true},                         // open
		{ago: 10, order: func(time.Time) orderStory { return orderStory{submit: at(g.cal.workdaysAgo(4), 15, 0)} }},
		{ago: 12, order: func(time.Time) orderStory {
			return orderStory{submit: at(g.cal.workdaysAgo(8), 15, 0), reject: at(g.cal.workdaysAgo(6), 10, 0)}
		}},
		{ago: 14, order: func(time.Time) orderStory {
			return orderStory{submit: at(g.cal.workdaysAgo(9), 15, 0), recheck: at(g.cal.workdaysAgo(7), 10, 0), recheckOn: g.cal.after(g.cal.today, 3)}
		}},
		{ago: 25, order: func(time.Time) orderStory {
			return orderStory{submit: at(g.cal.workdaysAgo(20), 15, 0), reject: at(g.cal.workdaysAgo(18), 10, 0),
				resubmit: at(g.cal.workdaysAgo(15), 15, 0), accept: at(g.cal.workdaysAgo(13), 11, 0)}
		}},
	}
	targets := g.specialTargets()
	if len(targets) == 0 {
		return
	}
	for i, sc := range cases {
		in := targets[i%len(targets)]
		if sc.director1 {
			for _, t := range g.ops {
				if t.in.Named == "director1" {
					in = t.in
				}
			}
		}
		day := g.cal.workdaysAgo(sc.ago)
		g.specialInspection(in, at(day, 9, 40), inspectionStory{fail: 1, order: sc.order(day)}, supervision.OriginManual, nil, r)
	}
}

// specialTargets are 宝塔区's operating institutions that are neither the
// closing one nor demonstration candidates.
func (g *generator) specialTargets() []*institution {
	var out []*institution
	for _, op := range g.ops {
		in := op.in
		if in.County.Region.Code == baotaCode && in != g.sup.closing && !g.sup.demoCandidates[in] && in.Named == "" && staysFiled(in) {
			out = append(out, in)
		}
	}
	return out
}

// specialInspection schedules a special inspection of in at when, carried
// out an hour later, and its order's story. complaint, when set, is the
// complaint it comes from; it receives the inspection id.
func (g *generator) specialInspection(in *institution, when time.Time, st inspectionStory, origin string, complaint *complaintRef, r *rand.Rand) *int64 {
	code := in.County.Region.Code
	ref := &orderRef{}
	inspID := new(int64)
	seed := r.Uint64()
	g.supAdd(when, in.Index, func(ctx context.Context, svc *service.Service) error {
		crew := g.sup.inspectors[code]
		if len(crew) < 2 {
			return fmt.Errorf("county %s has no inspectors", code)
		}
		ids := []int64{crew[0].UserID, crew[1].UserID}
		originRef := ""
		if complaint != nil {
			originRef = fmt.Sprint(complaint.ID)
		}
		n, err := sv(svc).StartSpecialInspection(ctx, crew[0], in.ID, ids, civil.Of(g.cal.after(dayOf(when), 5)), origin, originRef)
		if err != nil {
			return fmt.Errorf("special inspection of %s: %w", in.Data.Name, err)
		}
		*inspID = n.ID
		return g.inspect(ctx, svc, crew[1], in, n.ID, st, when.Add(time.Hour), ref, rand.New(rand.NewPCG(seed, 1)))
	})
	g.orderSteps(st.order, ref)
	return inspID
}

// reviewYears are the three years of annual reviews and the day each was
// recorded: the latest a few weeks ago, the two before in December.
type reviewPlan struct {
	years [3]int
	dates [3]time.Time
}

func (g *generator) reviewYears() reviewPlan {
	var p reviewPlan
	p.dates[2] = g.cal.workdaysAgo(14)
	p.years[2] = p.dates[2].Year()
	for i := 1; i >= 0; i-- {
		p.years[i] = p.years[i+1] - 1
		p.dates[i] = g.cal.after(time.Date(p.years[i], 12, 10, 0, 0, 0, 0, time.UTC), 0)
		if !g.cal.cal.IsWorkday(p.dates[i]) {
			p.dates[i] = g.cal.after(p.dates[i], 1)
		}
	}
	return p
}

// planReviews records three years of annual reviews for the institutions
// filed by then: most pass; a few fail once, one fails two years not in a
// row (no proposal), and the closing institution fails the last two years
// in a row: the proposal is raised and the county closes it, with a notice.
func (g *generator) planReviews(r *rand.Rand) {
	y := g.reviewYears()
	failOnce := 0
	notInRow := false
	proposal := &supervision.ClosureProposal{}
	for _, in := range g.insts {
		if !staysFiled(in) || in.Named == "director1" {
			continue
		}
		results := [3]string{}
		for i := range 3 {
			if in.Filed.Before(y.dates[i]) && in.Filed.Year() <= y.years[i] {
				results[i] = supervision.ReviewPass
			}
		}
		switch {
		case in == g.sup.closing:
			results[1], results[2] = supervision.ReviewFail, supervision.ReviewFail
		case g.sup.demoCandidates[in]:
		case !notInRow && results[0] != "":
			results[0], results[2] = supervision.ReviewFail, supervision.ReviewFail
			notInRow = true
		case failOnce < 4:
			for k := range 3 {
				if i := (failOnce + k) % 3; results[i] != "" {
					results[i] = supervision.ReviewFail
					failOnce++
					break
				}
			}
		}
		for i, res := range results {
			if res == "" {
				continue
			}
			reasons := ""
			if res == supervision.ReviewFail {
				reasons = pick(r, reviewFailures)
			}
			in, year := in, y.years[i]
			g.supAdd(at(y.dates[i], 9, 0).Add(time.Duration(in.Index)*time.Minute), in.Index, func(ctx context.Context, svc *service.Service) error {
				out, err := sv(svc).RecordReview(ctx, g.regulators[in.County.Region.Code], in.ID, supervision.ReviewInput{Year: year, Result: res, Reasons: reasons})
				if err != nil {
					return fmt.Errorf("review %d of %s: %w", year, in.Data.Name, err)
				}
				if out.Proposal != nil {
					*proposal = *out.Proposal
				}
				return nil
			})
		}
	}
	if g.sup.closing == nil {
		return
	}
	// The county decides on today's last instant, after the institution's
	// last daily records: it leaves the public directory and a notice shows.
	decided := g.now.Add(-3 * time.Minute)
	if !g.cal.cal.IsWorkday(g.cal.today) {
		decided = at(g.cal.workdaysAgo(1), 16, 30)
	}
	in := g.sup.closing
	g.supAdd(decided, in.Index, func(ctx context.Context, svc *service.Service) error {
		if proposal.ID == 0 {
			return fmt.Errorf("no closure proposal for %s", in.Data.Name)
		}
		_, err := sv(svc).DecideClosure(ctx, g.regulators[in.County.Region.Code], proposal.ID, supervision.ClosureDecision{Decision: "close",
			Reason: "连续两年年度检查不合格，整改后仍不符合托育机构设置标准，依法撤销备案。"})
		return err
	})
}

var reviewFailures = []string{
	"保育人员与幼儿比例长期不达标", "消防安全隐患逾期未整改", "卫生保健制度未落实，晨午检记录缺失", "收费未按规定公示",
}

// sortedKeys lists a set's institutions by index, for deterministic order.
func sortedKeys(m map[*institution]bool) []*institution {
	var out []*institution
	for in := range m {
		out = append(out, in)
	}
	slices.SortFunc(out, func(a, b *institution) int { return a.Index - b.Index })
	return out
}
