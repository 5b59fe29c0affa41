package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"tuoyu/internal/domain"
	"tuoyu/internal/rules"
	"tuoyu/internal/service"
)

// scenario is the filing story of one institution.
type scenario int

const (
	scFiled            scenario = iota // filed, months ago or lately
	scUnfiled                          // registered, nothing filed yet
	scDraft                            // a first filing being prepared
	scSubmitted                        // awaiting review within the 5 working days
	scOverdue                          // awaiting review past the deadline
	scReturned                         // returned with reasons per item
	scFiledAfterReturn                 // returned once, corrected, then filed
	scFiledChanged                     // filed, later a change filing filed too
	scChangeSubmitted                  // filed, a change filing awaiting review
	scCancelled                        // filed, then its filing cancelled
)

// scenarioShares are the shares of institutions per story; scFiled takes
// the rest (about 60 % are filed in the end). min keeps every story present
// at small scales and gives 宝塔区 its submitted and overdue filings.
var scenarioShares = []struct {
	Scenario scenario
	Share    float64
	Min      int
}{
	{scCancelled, 0.015, 1},
	{scUnfiled, 0.08, 1},
	{scDraft, 0.08, 1},
	{scSubmitted, 0.09, baotaSubmitted},
	{scOverdue, 0.05, 1},
	{scReturned, 0.07, 1},
	{scChangeSubmitted, 0.025, 1},
	{scFiledChanged, 0.06, 1},
	{scFiledAfterReturn, 0.09, 1},
}

// assignScenarios deals the stories out at random, then swaps so that
// director1's institution is filed with a change filed, director2's awaits
// review, and 宝塔区 has baotaSubmitted filings awaiting review, one overdue.
func assignScenarios(seed int64, insts []*institution) {
	r := newRand(seed, streamScenarios, 0)
	n := len(insts)
	deck := make([]scenario, 0, n)
	for _, s := range scenarioShares {
		k := max(s.Min, int(math.Round(s.Share*float64(n))))
		for range k {
			deck = append(deck, s.Scenario)
		}
	}
	for len(deck) < n {
		deck = append(deck, scFiled)
	}
	deck = deck[:n]
	r.Shuffle(n, func(i, j int) { deck[i], deck[j] = deck[j], deck[i] })
	for i, in := range insts {
		in.Scenario = deck[i]
	}

	fixed := map[int]bool{}
	// want gives insts[i] scenario s by swapping with an institution that is
	// neither fixed nor (when away) in the same county.
	want := func(i int, s scenario, away string) {
		fixed[i] = true
		if insts[i].Scenario == s {
			return
		}
		for j, other := range insts {
			if !fixed[j] && other.Scenario == s && other.County.Region.Code != away {
				insts[i].Scenario, other.Scenario = other.Scenario, insts[i].Scenario
				return
			}
		}
		insts[i].Scenario = s // not in the deck (tiny scales): take it anyway
	}
	var baota []int
	for i, in := range insts {
		switch in.Named {
		case "director1":
			want(i, scFiledChanged, "")
		case "director2":
			want(i, scSubmitted, "")
		}
		if in.County.Region.Code == baotaCode && in.Named == "" {
			baota = append(baota, i)
		}
	}
	count := func(ss ...scenario) int {
		k := 0
		for _, i := range baota {
			if slices.Contains(ss, insts[i].Scenario) {
				k++
			}
		}
		return k
	}
	for _, i := range baota {
		if count(scOverdue) == 0 {
			want(i, scOverdue, baotaCode)
		} else if count(scSubmitted, scOverdue) < baotaSubmitted && insts[i].Scenario != scOverdue && insts[i].Scenario != scSubmitted {
			want(i, scSubmitted, baotaCode)
		}
	}
}

// story schedules the steps of one institution's filing story. Dates are
// chosen backwards from today, then steps added forwards.
func (g *generator) story(in *institution) {
	r, cal := in.rng, g.cal
	c := &cursor{r: r}
	switch in.Scenario {
	case scUnfiled:
		g.register(in, c, cal.workdaysAgo(between(r, 1, 80)))
	case scDraft:
		created := cal.workdaysAgo(between(r, 1, 20))
		g.register(in, c, cal.before(created, between(r, 1, 40)))
		g.draft(in, c, created)
	case scSubmitted, scOverdue:
		// Due the standard's working days after submission (the demo's
		// counties keep the national figure); overdue once today is later.
		review := rules.National().Filing.ReceiptWorkingDays
		k := between(r, 1, review)
		if in.Named == "director2" {
			k = between(r, 1, 2)
		}
		if in.Scenario == scOverdue {
			k = between(r, review+1, 12)
		}
		g.firstFiling(in, c, cal.workdaysAgo(k))
	case scReturned:
		back := cal.workdaysAgo(between(r, 1, 25))
		g.firstFiling(in, c, cal.before(back, between(r, 1, 5)))
		d, _ := returnDecision(r, in.Data)
		g.decide(in, c, back, d)
	case scFiled:
		filed := cal.workdaysAgo(between(r, 5, 650))
		g.firstFiling(in, c, cal.before(filed, between(r, 1, 5)))
		g.decide(in, c, filed, fileIt)
		in.Filed = filed
	case scFiledAfterReturn:
		filed := cal.workdaysAgo(between(r, 5, 600))
		resubmitted := cal.before(filed, between(r, 1, 5))
		back := cal.before(resubmitted, between(r, 2, 15))
		g.firstFiling(in, c, cal.before(back, between(r, 1, 5)))
		d, items := returnDecision(r, in.Data)
		g.decide(in, c, back, d)
		g.resubmit(in, c, resubmitted, corrected(r, in.Data, items), items)
		g.decide(in, c, filed, fileIt)
		in.Filed = filed
	case scFiledChanged, scChangeSubmitted:
		var changeFiled, changeSubmitted time.Time
		if in.Scenario == scFiledChanged {
			changeFiled = cal.workdaysAgo(between(r, 3, 150))
			changeSubmitted = cal.before(changeFiled, between(r, 1, 5))
		} else {
			changeSubmitted = cal.workdaysAgo(between(r, 1, 8))
		}
		filed := cal.before(changeSubmitted, between(r, 40, 400))
		g.firstFiling(in, c, cal.before(filed, between(r, 1, 5)))
		g.decide(in, c, filed, fileIt)
		in.Filed = filed
		g.changeFiling(in, c, changed(r, in.Data, in.Township.Name), cal.before(changeSubmitted, between(r, 0, 3)), changeSubmitted)
		if in.Scenario == scFiledChanged {
			g.decide(in, c, changeFiled, fileIt)
		}
	case scCancelled:
		cancelled := cal.workdaysAgo(between(r, 3, 150))
		asked := cal.before(cancelled, between(r, 1, 4))
		filed := cal.before(asked, between(r, 60, 400))
		g.firstFiling(in, c, cal.before(filed, between(r, 1, 5)))
		g.decide(in, c, filed, fileIt)
		g.cancel(in, c, asked, pick(r, cancelReasons))
		g.decide(in, c, cancelled, fileIt)
	}
}

var fileIt = service.Decision{Decision: "file"}

var cancelReasons = []string{
	"举办者经营调整，停止提供托育服务。",
	"场地租赁到期不再续租，机构停办。",
	"机构并入本区其他托育机构，原机构注销。",
}

// firstFiling registers the institution, prepares its first filing with
// every material and submits it on date submitted.
func (g *generator) firstFiling(in *institution, c *cursor, submitted time.Time) {
	created := g.cal.before(submitted, between(in.rng, 0, 8))
	g.register(in, c, g.cal.before(created, between(in.rng, 1, 40)))
	d := in.Data
	g.createFiling(in, c, created, d, 1)
	for _, t := range domain.RequiredMaterials(d) {
		g.upload(in, c.soon(), t, d, 1)
	}
	g.submit(in, c, submitted)
}

// draft starts a first filing and uploads some of its materials; the
// commitment is not yet given.
func (g *generator) draft(in *institution, c *cursor, day time.Time) {
	d := in.Data
	d.Commitment = false
	g.createFiling(in, c, day, d, 1)
	required := domain.RequiredMaterials(d)
	for _, t := range required[:in.rng.IntN(len(required))] {
		g.upload(in, c.soon(), t, d, 1)
	}
}

func (g *generator) createFiling(in *institution, c *cursor, day time.Time, d domain.FilingData, version int) {
	g.tl.add(c.on(day), in.Index, func(ctx context.Context, svc *service.Service) error {
		f, err := svc.CreateFiling(ctx, in.Director, in.ID, d)
		if err != nil {
			return fmt.Errorf("filing of %s: %w", in.Data.Name, err)
		}
		if f.Version != version {
			return fmt.Errorf("filing of %s: version %d, want %d", in.Data.Name, f.Version, version)
		}
		in.FilingID, in.Materials = f.ID, map[string]int64{}
		for _, m := range f.Materials { // a change filing keeps the filed ones
			in.Materials[m.Type] = m.ID
		}
		return nil
	})
}

// upload attaches a generated scan; premises are mostly photographed plans
// (PNG), the rest mostly PDF scans.
func (g *generator) upload(in *institution, at time.Time, materialType string, d domain.FilingData, version int) {
	pngShare := 0.2
	switch materialType {
	case domain.MaterialPremises:
		pngShare = 0.7
	case domain.MaterialLicence:
		pngShare = 0
	}
	asPNG := chance(in.rng, pngShare)
	lines := []string{
		"机构名称：" + d.Name,
		"统一社会信用代码：" + d.CreditCode,
		fmt.Sprintf("备案版本：第 %d 版", version),
		"出具日期：" + at.In(service.China).Format(time.DateOnly),
	}
	switch materialType {
	case domain.MaterialPremises:
		lines = append(lines, fmt.Sprintf("建筑面积 %.1f 平方米，生活用房 %.1f 平方米，位于第 %d 层", d.BuildingArea, d.LivingArea, d.RoomFloor))
	case domain.MaterialStaff:
		lines = append(lines, fmt.Sprintf("全职工作人员 %d 人，保育人员 %d 人，安保人员 %d 人", d.FullTimeStaff, d.Caregivers, d.SecurityStaff))
	case domain.MaterialHealthEval, domain.MaterialFireSafety:
		lines = append(lines, "结论：合格")
	}
	g.tl.add(at, in.Index, func(ctx context.Context, svc *service.Service) error {
		m, err := newMaterial(materialType, asPNG, lines)
		if err != nil {
			return err
		}
		stored, err := svc.UploadMaterial(ctx, in.Director, in.FilingID, m.Type, m.Filename, m.Content)
		if err != nil {
			return fmt.Errorf("%s of %s: %w", materialType, in.Data.Name, err)
		}
		in.Materials[materialType] = stored.ID
		g.materials++
		return nil
	})
}

func (g *generator) submit(in *institution, c *cursor, day time.Time) {
	g.tl.add(c.on(day), in.Index, func(ctx context.Context, svc *service.Service) error {
		if _, err := svc.SubmitFiling(ctx, in.Director, in.FilingID); err != nil {
			return fmt.Errorf("submit filing of %s: %w", in.Data.Name, err)
		}
		return nil
	})
}

// decide has the county regulator file or return the open filing.
func (g *generator) decide(in *institution, c *cursor, day time.Time, d service.Decision) {
	county := in.County.Region.Code
	g.tl.add(c.on(day), in.Index, func(ctx context.Context, svc *service.Service) error {
		reviewer, ok := g.regulators[county]
		if !ok {
			return fmt.Errorf("demo: no regulator for county %s", county)
		}
		if _, err := svc.DecideFiling(ctx, reviewer, in.FilingID, d); err != nil {
			return fmt.Errorf("decide filing of %s: %w", in.Data.Name, err)
		}
		return nil
	})
}

// resubmit corrects a returned filing: the form when a field was flagged,
// a new scan for each flagged material; then submits it again.
func (g *generator) resubmit(in *institution, c *cursor, day time.Time, d domain.FilingData, items []string) {
	at := c.on(day)
	formChanged := slices.ContainsFunc(items, func(k string) bool { return !slices.Contains(domain.MaterialTypes, k) })
	if formChanged {
		g.tl.add(at, in.Index, func(ctx context.Context, svc *service.Service) error {
			if _, err := svc.UpdateFiling(ctx, in.Director, in.FilingID, d); err != nil {
				return fmt.Errorf("correct filing of %s: %w", in.Data.Name, err)
			}
			return nil
		})
	}
	for _, t := range items {
		if !slices.Contains(domain.MaterialTypes, t) {
			continue
		}
		g.tl.add(c.soon(), in.Index, func(ctx context.Context, svc *service.Service) error {
			if err := svc.DeleteMaterial(ctx, in.Director, in.FilingID, in.Materials[t]); err != nil {
				return fmt.Errorf("replace %s of %s: %w", t, in.Data.Name, err)
			}
			return nil
		})
		g.upload(in, c.soon(), t, d, 1)
	}
	g.submit(in, c, day)
}

// changeFiling files changed facts of a filed institution: a new version
// that keeps the filed materials, the director replacing those the change
// touches (the premises plan, the staff list) and adding any now required,
// submitted on date submitted.
func (g *generator) changeFiling(in *institution, c *cursor, d domain.FilingData, created, submitted time.Time) {
	filed := in.Data
	g.createFiling(in, c, created, d, 2)
	kept := domain.RequiredMaterials(filed)
	for _, t := range domain.RequiredMaterials(d) {
		switch {
		case !slices.Contains(kept, t):
			g.upload(in, c.soon(), t, d, 2)
		case t == domain.MaterialPremises && (d.BuildingArea != filed.BuildingArea || d.LivingArea != filed.LivingArea || d.RoomFloor != filed.RoomFloor),
			t == domain.MaterialStaff && (d.FullTimeStaff != filed.FullTimeStaff || d.Caregivers != filed.Caregivers || d.SecurityStaff != filed.SecurityStaff):
			g.replace(in, c.soon(), t, d, 2)
		}
	}
	g.submit(in, c, submitted)
}

// replace puts a new scan in place of a kept one of the same type.
func (g *generator) replace(in *institution, at time.Time, materialType string, d domain.FilingData, version int) {
	g.tl.add(at, in.Index, func(ctx context.Context, svc *service.Service) error {
		m, err := newMaterial(materialType, false, []string{"Unified social credit code: " + d.CreditCode, fmt.Sprintf("Filing version %d", version),
			"Dated " + at.In(service.China).Format(time.DateOnly),
			fmt.Sprintf("Building area %.1f m2, living rooms %.1f m2 on floor %d", d.BuildingArea, d.LivingArea, d.RoomFloor),
			fmt.Sprintf("Full-time staff %d, caregivers %d, security staff %d", d.FullTimeStaff, d.Caregivers, d.SecurityStaff)})
		if err != nil {
			return err
		}
		stored, err := svc.ReplaceMaterial(ctx, in.Director, in.FilingID, in.Materials[materialType], m.Filename, m.Content)
		if err != nil {
			return fmt.Errorf("replace %s of %s: %w", materialType, in.Data.Name, err)
		}
		in.Materials[materialType] = stored.ID
		g.materials++
		return nil
	})
}

// cancel asks for the cancellation of the institution's filing.
func (g *generator) cancel(in *institution, c *cursor, day time.Time, reason string) {
	g.tl.add(c.on(day), in.Index, func(ctx context.Context, svc *service.Service) error {
		f, err := svc.RequestCancellation(ctx, in.Director, in.ID, reason)
		if err != nil {
			return fmt.Errorf("cancel filing of %s: %w", in.Data.Name, err)
		}
		in.FilingID = f.ID
		return nil
	})
}

// itemReasons are a reviewer's remarks per form field or material type.
var itemReasons = map[string]string{
	domain.MaterialLicence:     "营业执照扫描件不清晰，经营范围一栏无法辨认，请重新上传清晰的扫描件。",
	domain.MaterialPremises:    "场地证明缺少房屋产权证明复印件，租赁合同期限不足三年，请补充。",
	domain.MaterialStaff:       "部分保育人员未提供健康合格证明，请补充上传。",
	domain.MaterialHealthEval:  "卫生评价报告未加盖妇幼保健机构公章，请上传盖章版本。",
	domain.MaterialFireSafety:  "消防安全检查合格证明已过有效期，请上传有效的证明。",
	domain.MaterialFoodLicence: "食品经营许可证的经营项目未包含单位食堂，请核实后重新上传。",
	"building_area":            "建筑面积与场地证明不一致，请核实后修改。",
	"living_area":              "婴幼儿生活用房面积与平面图不一致，请核实后修改。",
	"room_floor":               "婴幼儿生活用房所在楼层与平面图不一致，请核实；生活用房应设在三层及以下。",
	"phone":                    "联系电话无法接通，请提供有效的联系电话。",
}

// itemOrder fixes the order items are drawn from, so maps never decide.
var itemOrder = []string{
	domain.MaterialLicence, domain.MaterialPremises, domain.MaterialStaff, domain.MaterialHealthEval, domain.MaterialFireSafety,
	domain.MaterialFoodLicence, "building_area", "living_area", "room_floor", "phone",
}

var overallReasons = []string{
	"备案材料不齐全，请按逐项意见补正后重新提交。",
	"经审核，以下事项需要补正，请修改后重新提交。",
	"部分材料与填报信息不一致，请核实补正后重新提交。",
}

// returnDecision is a return with one to three item reasons.
func returnDecision(r *rand.Rand, d domain.FilingData) (service.Decision, []string) {
	var pool []string
	for _, k := range itemOrder {
		if k == domain.MaterialFoodLicence && !d.ServesFood {
			continue
		}
		pool = append(pool, k)
	}
	r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	items := pool[:between(r, 1, 3)]
	slices.SortFunc(items, func(a, b string) int { return slices.Index(itemOrder, a) - slices.Index(itemOrder, b) })
	reasons := map[string]string{}
	for _, k := range items {
		reasons[k] = itemReasons[k]
	}
	return service.Decision{Decision: "return", Reason: pick(r, overallReasons), ItemReasons: reasons}, items
}

// corrected is the form after the flagged fields were put right.
func corrected(r *rand.Rand, d domain.FilingData, items []string) domain.FilingData {
	for _, k := range items {
		switch k {
		case "building_area":
			d.BuildingArea = round1(d.BuildingArea * uniform(r, 0.92, 0.98))
			d.LivingArea = min(d.LivingArea, round1(d.BuildingArea*0.7))
		case "living_area":
			d.LivingArea = round1(d.LivingArea * uniform(r, 0.85, 0.95))
		case "room_floor":
			d.RoomFloor = 1
		case "phone":
			d.Phone = mobile(r)
		}
	}
	return d
}

// changed is the form of a change filing: one or two facts differ from the
// filed version.
func changed(r *rand.Rand, d domain.FilingData, township string) domain.FilingData {
	d.CareTypes = slices.Clone(d.CareTypes)
	changes := []func(){
		func() { // fees adjusted
			for i := range d.CareTypes {
				if d.CareTypes[i].Type == domain.CareHourly {
					d.CareTypes[i].Fee += 5
				} else {
					d.CareTypes[i].Fee += roundTo(uniform(r, 100, 200), 50)
				}
			}
		},
		func() { d.PersonInCharge = newPerson(r, 0.85).Name },
		func() { d.Phone = mobile(r) },
		func() { // more places, or more 普惠 places
			if d.Kind == domain.KindHome {
				d.PuhuiPlaces, d.PuhuiEnrolled = d.Places, d.Enrolled
				return
			}
			extra := between(r, 2, 6) * 5
			d.Places += extra
			d.Vacancies += extra
			d.PuhuiPlaces = min(d.Places, d.PuhuiPlaces+extra)
			d.BuildingArea = round1(d.BuildingArea + float64(extra)*uniform(r, 7, 10))
		},
	}
	r.Shuffle(len(changes), func(i, j int) { changes[i], changes[j] = changes[j], changes[i] })
	for _, change := range changes[:between(r, 1, 2)] {
		change()
	}
	d.Intro = intro(&d, township)
	return d
}
