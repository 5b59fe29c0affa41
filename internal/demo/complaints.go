package demo

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/rules"
	"tuoyu/internal/service"
	"tuoyu/internal/supervision"
)

// anonymousComplainant is a member of the public on the complaint form.
var anonymousComplainant = authz.Anonymous("")

// complaintRef is a complaint once received: its id, and the receipt code
// and phone a public complainant follows it with.
type complaintRef struct {
	ID          int64
	Code, Phone string
}

// complaintCase is one complaint and how far it has gone by today: the
// working days ago it was received, triaged (signed for and assigned),
// answered and rated (0: not yet).
type complaintCase struct {
	source                    string
	category, text            string
	received, triaged, answer int
	rated                     int
	// special: the complaint starts a special inspection and a footage
	// preservation request.
	special bool
}

// planComplaints receives complaints about 宝塔区's institutions in every
// state: new, overdue for signing (the city sees them as escalated),
// signed and assigned, overdue for an answer, answered, rated and closed;
// from the public form (with a receipt code), parent1 (a guardian) and the
// 12345 hotline. One starts a special inspection and a footage
// preservation request.
func (g *generator) planComplaints(r *rand.Rand) {
	targets := g.specialTargets()
	var director1 *institution
	for _, op := range g.ops {
		if op.in.Named == "director1" {
			director1 = op.in
		}
	}
	if len(targets) == 0 {
		return
	}
	cases := []complaintCase{
		{source: supervision.SourcePublic, category: "fees", text: "机构在收费公示之外另收材料费，未开具票据。", received: 0},
		{source: supervision.SourcePublic, category: "staff", text: "孩子所在班级近两周频繁更换保育人员。", received: 4},
		{source: supervision.SourceHotline, category: "health", text: "12345转办：家长反映午餐菜品单一，未按食谱供餐。", received: 3, triaged: 3},
		{source: supervision.SourceHotline, category: "other", text: "12345转办：机构门口接送时段车辆拥堵，无人疏导。", received: 9, triaged: 8},
		{source: supervision.SourcePublic, category: "fees", text: "退托后未按约定退还剩余保育费。", received: 15, triaged: 15, answer: 12, rated: 10},
		{source: supervision.SourceHotline, category: "safety", text: "12345转办：家长反映孩子在活动室摔伤，机构未及时告知。", received: 9, triaged: 9,
			answer: 4, rated: 2, special: true},
	}
	for i, cc := range cases {
		in := targets[(i*3)%len(targets)]
		g.complaint(in, cc, r)
	}
	if director1 != nil && g.parent1 != nil && !g.parent1Linked.IsZero() {
		// parent1's complaint, once the account has claimed the children.
		received := g.cal.after(dayOf(g.parent1Linked), 1)
		if !received.Before(g.cal.today) {
			return // claimed too lately to have complained yet
		}
		ago := 0
		for d := received; d.Before(g.cal.today); d = g.cal.after(d, 1) {
			ago++
		}
		cc := complaintCase{source: supervision.SourceGuardian, category: "health", text: "孩子午睡室温度偏低，希望机构改善。", received: ago}
		if ago >= 3 {
			cc.triaged, cc.answer = ago, ago-2
		}
		g.complaint(director1, cc, r)
	}
}

// complaint schedules one complaint's steps.
func (g *generator) complaint(in *institution, cc complaintCase, r *rand.Rand) {
	ref := &complaintRef{Phone: mobile(r)}
	county := in.County.Region.Code
	name := newPerson(r, 0.7).Name
	received := at(g.cal.workdaysAgo(cc.received), 9, 0).Add(time.Duration(r.IntN(300)) * time.Minute)
	if cc.received == 0 {
		received = g.now.Add(-time.Duration(30+r.IntN(60)) * time.Minute)
	}
	// The receipt code comes from a source seeded here, so two demo starts
	// give the same codes; real complaints draw theirs from crypto/rand.
	var codeSeed [32]byte
	cr := rand.New(rand.NewPCG(uint64(g.seed), uint64(in.Index)<<32^uint64(received.Unix())))
	for i := range 4 {
		binary.LittleEndian.PutUint64(codeSeed[8*i:], cr.Uint64())
	}
	g.supAdd(received, in.Index, func(ctx context.Context, svc *service.Service) error {
		s := sv(svc).WithCodes(rand.NewChaCha8(codeSeed))
		n := supervision.NewComplaint{InstitutionID: in.ID, Category: cc.category, Text: cc.text, Name: name, Phone: ref.Phone}
		switch cc.source {
		case supervision.SourcePublic:
			p, err := s.SubmitPublicComplaint(ctx, anonymousComplainant, n)
			if err != nil {
				return fmt.Errorf("public complaint: %w", err)
			}
			ref.Code = p.ReceiptCode
			return svc.DB.Read().QueryRow(ctx, "SELECT id FROM complaints WHERE receipt_code = ?", p.ReceiptCode).Scan(&ref.ID)
		case supervision.SourceGuardian:
			n.Name, n.Phone = "", ""
			c, err := s.SubmitGuardianComplaint(ctx, g.parent1.Actor, n)
			ref.ID = c.ID
			return err
		default:
			n.WorkOrderNo = fmt.Sprintf("12345-%s-%04d", dayOf(received).Format("20060102"), 1+r.IntN(9999))
			c, err := s.EnterHotlineComplaint(ctx, g.regulators[county], n)
			ref.ID = c.ID
			return err
		}
	})
	var inspection *int64
	if cc.triaged > 0 {
		g.supAdd(received.Add(2*time.Hour), in.Index, func(ctx context.Context, svc *service.Service) error {
			crew := g.sup.inspectors[county]
			severity := supervision.SeverityNormal
			if cc.category == "safety" {
				severity = supervision.SeverityUrgent
			}
			_, err := sv(svc).TriageComplaint(ctx, g.regulators[county], ref.ID, supervision.Triage{Category: cc.category, Severity: severity, AssignedTo: crew[len(crew)-1].UserID})
			return err
		})
	}
	if cc.special {
		day := g.cal.after(dayOf(received), 1)
		inspection = g.specialInspection(in, at(day, 9, 30), inspectionStory{fail: 1, order: orderStory{
			submit: at(g.cal.after(day, 2), 15, 0), accept: at(g.cal.after(day, 4), 10, 0)}}, supervision.OriginComplaint, ref, r)
		g.supAdd(at(day, 9, 0), in.Index, func(ctx context.Context, svc *service.Service) error {
			from := received.Add(-26 * time.Hour)
			fr, err := sv(svc).RequestFootage(ctx, g.regulators[county], supervision.NewFootageRequest{InstitutionID: in.ID, ComplaintID: &ref.ID,
				From: from, To: from.Add(3 * time.Hour), Reason: "投诉反映幼儿在活动室摔伤，请保全当日活动室监控录像。"})
			if err != nil {
				return fmt.Errorf("footage request: %w", err)
			}
			later := at(day, 14, 0)
			_, err = sv(svc.WithClock(func() time.Time { return later })).ConfirmFootage(ctx, in.Director, fr.ID, "已导出并封存当日录像。")
			return err
		})
	}
	if cc.answer > 0 {
		g.supAdd(at(g.cal.workdaysAgo(cc.answer), 16, 0), in.Index, func(ctx context.Context, svc *service.Service) error {
			a := supervision.Answer{Outcome: "经核查，情况基本属实，已责令机构整改。", Reply: "您反映的问题已核查处理，机构已整改，感谢您的监督。"}
			if inspection != nil && *inspection != 0 {
				a.InspectionID = inspection
			}
			_, err := sv(svc).AnswerComplaint(ctx, g.regulators[county], ref.ID, a)
			return err
		})
	}
	if cc.rated > 0 {
		g.supAdd(at(g.cal.workdaysAgo(cc.rated), 11, 0), in.Index, func(ctx context.Context, svc *service.Service) error {
			if cc.source == supervision.SourcePublic {
				_, err := sv(svc).RateByComplainant(ctx, anonymousComplainant, ref.Code, ref.Phone, "satisfied")
				return err
			}
			_, err := sv(svc).RecordSatisfaction(ctx, g.regulators[county], ref.ID, "basically_satisfied")
			return err
		})
	}
}

// planCCTV has most operating institutions' directors enter their cameras
// a few days after going live; some leave the kitchen uncovered.
func (g *generator) planCCTV(r *rand.Rand) {
	for _, op := range g.ops {
		if !chance(r, 0.75) {
			continue
		}
		in := op.in
		cams := []supervision.CameraInput{
			{Location: "大门口", Area: "entrance"},
			{Location: "活动室", Area: "activity", CoversChildren: true},
			{Location: "睡眠室", Area: "children_room", CoversChildren: true},
		}
		if chance(r, 0.8) {
			cams = append(cams, supervision.CameraInput{Location: "厨房操作间", Area: "kitchen", CoversKitchen: true})
		}
		if chance(r, 0.4) {
			cams = append(cams, supervision.CameraInput{Location: "户外活动场地", Area: "outdoor", CoversChildren: true})
		}
		when := at(g.cal.after(op.live, between(r, 1, 5)), 14, r.IntN(60))
		retention := pick(r, []int{90, 90, 120, 180})
		g.supAdd(when, in.Index, func(ctx context.Context, svc *service.Service) error {
			s := sv(svc)
			for _, c := range cams {
				c.RetentionDays, c.Working, c.LastCheckedOn = retention, true, civil.Of(dayOf(when)).String()
				if _, err := s.SaveCamera(ctx, in.Director, in.ID, 0, c); err != nil {
					return fmt.Errorf("camera of %s: %w", in.Data.Name, err)
				}
			}
			return nil
		})
	}
}

// qualityAnswers gives every dimension of the shipped WS/T 821 template
// share of its points.
func qualityAnswers(share float64) []supervision.QualityAnswer {
	tpl, err := rules.DefaultTemplate()
	if err != nil {
		return nil
	}
	var out []supervision.QualityAnswer
	for _, d := range tpl.Dimensions {
		out = append(out, supervision.QualityAnswer{ID: d.ID, Points: float64(d.Points) * share, Evidence: "现场查看、查阅资料"})
	}
	return out
}

// planQuality runs this year's quality assessments: the demonstration
// candidates through all three stages with a good grade, then designated
// by the city while the county's count is under its target of three;
// others stopped at the county or the city stage, with grades from A to D.
func (g *generator) planQuality(r *rand.Rand) {
	year := g.cal.today.Year()
	start := g.cal.workdaysAgo(40)
	if start.Year() != year {
		start = g.cal.after(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), 1)
	}
	assess := func(in *institution, self, county float64, upTo string, day time.Time) {
		id := new(int64)
		g.supAdd(at(day, 10, 0), in.Index, func(ctx context.Context, svc *service.Service) error {
			as, err := sv(svc).SubmitSelfAssessment(ctx, in.Director, in.ID, year, supervision.StageInput{Answers: qualityAnswers(self), Note: "本机构自评"})
			*id = as.ID
			if err != nil {
				return fmt.Errorf("self-assessment of %s: %w", in.Data.Name, err)
			}
			return nil
		})
		if upTo == supervision.StageCounty {
			return
		}
		g.supAdd(at(g.cal.after(day, 5), 10, 0), in.Index, func(ctx context.Context, svc *service.Service) error {
			_, err := sv(svc).AssessByCounty(ctx, g.regulators[in.County.Region.Code], *id, supervision.StageInput{Answers: qualityAnswers(county), Note: "县级现场评估"})
			return err
		})
		if upTo == supervision.StageCity {
			return
		}
		g.supAdd(at(g.cal.after(day, 10), 10, 0), in.Index, func(ctx context.Context, svc *service.Service) error {
			_, err := sv(svc).ReviewByCity(ctx, g.city, *id, supervision.StageInput{Note: "同意县级评估结果"})
			return err
		})
	}
	designated := map[string]int{}
	for i, in := range sortedKeys(g.sup.demoCandidates) {
		assess(in, 0.95, pick(r, []float64{0.95, 0.85, 0.82}), supervision.StageDone, g.cal.after(start, i%10))
		g.supAdd(at(g.cal.after(start, 25), 10, 0).Add(time.Duration(i)*time.Minute), in.Index, func(ctx context.Context, svc *service.Service) error {
			code := in.County.Region.Code
			s := sv(svc)
			e, err := s.Eligibility(ctx, g.city, in.ID)
			if err != nil || !e.Eligible || designated[code] >= 3 {
				return err
			}
			if _, err := s.Designate(ctx, g.city, in.ID, "质量评估B级以上，备案满一年，无未整改问题。"); err != nil {
				return fmt.Errorf("designate %s: %w", in.Data.Name, err)
			}
			designated[code]++
			return nil
		})
	}
	n := 0
	for _, op := range g.ops {
		in := op.in
		if g.sup.demoCandidates[in] || !staysFiled(in) || in == g.sup.closing || n >= 16 {
			continue
		}
		day := g.cal.workdaysAgo(between(r, 12, 30))
		if !in.Filed.Before(day) {
			continue
		}
		stage := []string{supervision.StageCounty, supervision.StageCity, supervision.StageDone}[n%3]
		share := []float64{0.9, 0.78, 0.66, 0.5}[n%4]
		assess(in, min(1, share+0.05), share, stage, day)
		n++
	}
}
