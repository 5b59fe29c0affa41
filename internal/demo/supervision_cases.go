package demo

import (
	"context"
	"fmt"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/rules"
	"tuoyu/internal/supervision"
)

// caseInstitution is a filed institution the supervision cases are written for.
type caseInstitution struct {
	id       int64
	county   string
	filed    civil.Date
	director authz.Actor
}

// supervisionCases writes annual reviews over the last years (one
// institution failing twice and closed, another with a proposal to
// decide), complaints in every state, CCTV registers with a footage
// request, quality assessments with grades and demonstration institutions
// (three in some counties, fewer in others). It runs after the timeline,
// at the generation's clock.
func (g *generator) supervisionCases(ctx context.Context) error {
	sv := supervision.New(g.svc.DB, g.svc)
	today := civil.InChina(g.svc.Now())
	rows, err := g.svc.DB.Read().Query(ctx, `SELECT i.id, i.region_code, i.filed_on, u.id, u.username FROM institutions i
		JOIN users u ON u.institution_id = i.id AND u.role = 'director' WHERE i.status = 'filed' ORDER BY i.filed_on, i.id`)
	if err != nil {
		return err
	}
	var insts []caseInstitution
	seen := map[int64]bool{}
	for rows.Next() {
		var c caseInstitution
		var filed string
		var u domain.User
		if err := rows.Scan(&c.id, &c.county, &filed, &u.ID, &u.Username); err != nil {
			rows.Close()
			return err
		}
		if seen[c.id] {
			continue
		}
		seen[c.id] = true
		u.Role, u.InstitutionID = domain.RoleDirector, &c.id
		c.director = authz.ForUser(u, "", 0)
		if c.filed, err = civil.Parse(filed); err != nil {
			rows.Close()
			return err
		}
		insts = append(insts, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(insts) < 6 {
		return err
	}
	byCounty := map[string][]caseInstitution{}
	var counties []string
	for _, c := range insts {
		if byCounty[c.county] == nil {
			counties = append(counties, c.county)
		}
		byCounty[c.county] = append(byCounty[c.county], c)
	}

	// Annual reviews for the last three years since filing, this year included.
	failing := map[int64][]int{} // institution → failed years
	closeIt, proposeOnly := insts[0].id, insts[1].id
	last := today.Year()
	failing[closeIt] = []int{last - 1, last}
	failing[proposeOnly] = []int{last - 1, last}
	failing[insts[2].id] = []int{last - 2, last} // not in a row
	failing[insts[3].id] = []int{last}
	for _, c := range insts {
		for y := max(c.filed.Year(), last-2); y <= last; y++ {
			in := supervision.ReviewInput{Year: y, Result: supervision.ReviewPass}
			for _, f := range failing[c.id] {
				if f == y {
					in.Result, in.Reasons = supervision.ReviewFail, "消防设施未按期检测；部分保育人员无健康合格证明"
				}
			}
			out, err := sv.RecordReview(ctx, g.regulators[c.county], c.id, in)
			if err != nil {
				return fmt.Errorf("annual review: %w", err)
			}
			if out.Proposal != nil && c.id == closeIt {
				if _, err := sv.DecideClosure(ctx, g.regulators[c.county], out.Proposal.ID,
					supervision.ClosureDecision{Decision: "close", Reason: "连续两年年度检查不合格，整改后复查仍不合格"}); err != nil {
					return err
				}
			}
		}
	}

	// Complaints in every state, at the first institutions still filed.
	open := insts[4:]
	anon := authz.Anonymous("")
	texts := []struct{ cat, text string }{{"fees", "收取未公示的兴趣班费用"}, {"health", "午餐菜品与公示食谱不符"}, {"safety", "户外场地护栏松动"},
		{"staff", "保育员频繁更换"}, {"abuse", "孩子回家后说被老师关小黑屋"}, {"other", "接送时间安排不合理"}}
	for i := 0; i < len(texts) && i < len(open); i++ {
		c := open[i]
		reg := g.regulators[c.county]
		var id int64
		if i%2 == 0 {
			pr, err := sv.SubmitPublicComplaint(ctx, anon, supervision.NewComplaint{InstitutionID: c.id, Category: texts[i].cat, Text: texts[i].text,
				Name: "家长", Phone: fmt.Sprintf("139%08d", 10000000+i)})
			if err != nil {
				return fmt.Errorf("complaint: %w", err)
			}
			list, _, err := sv.Complaints(ctx, reg, supervision.ComplaintFilter{Q: pr.ReceiptCode}, domain.Page{Page: 1, PerPage: 1})
			if err != nil || len(list) == 0 {
				return err
			}
			id = list[0].ID
		} else {
			cp, err := sv.EnterHotlineComplaint(ctx, reg, supervision.NewComplaint{InstitutionID: c.id, Category: texts[i].cat, Text: texts[i].text,
				Phone: fmt.Sprintf("137%08d", 20000000+i), WorkOrderNo: fmt.Sprintf("YA12345-%s-%04d", today.String(), i+1)})
			if err != nil {
				return err
			}
			id = cp.ID
		}
		state := i % 4 // 0 received, 1 signed, 2 answered, 3 closed
		if state >= 1 {
			if _, err := sv.TriageComplaint(ctx, reg, id, supervision.Triage{Category: texts[i].cat, Severity: supervision.SeverityNormal, AssignedTo: reg.UserID}); err != nil {
				return err
			}
			if _, err := sv.ForwardComplaint(ctx, reg, id, "请机构于三个工作日内书面说明情况"); err != nil {
				return err
			}
			if _, err := sv.RespondToForwarded(ctx, c.director, id, "已核实并整改，详见附件说明"); err != nil {
				return err
			}
		}
		if state >= 2 {
			if _, err := sv.AnswerComplaint(ctx, reg, id, supervision.Answer{Outcome: "经核查，情况部分属实，已责令整改", Reply: "您反映的问题已核实，已责令机构整改并将跟踪复查。"}); err != nil {
				return err
			}
		}
		if state == 3 {
			if _, err := sv.RecordSatisfaction(ctx, reg, id, "satisfied"); err != nil {
				return err
			}
		}
		if texts[i].cat == "abuse" {
			from := time.Date(today.Year(), today.Month(), today.Day(), 8, 0, 0, 0, time.UTC).AddDate(0, 0, -3)
			if _, err := sv.RequestFootage(ctx, reg, supervision.NewFootageRequest{InstitutionID: c.id, ComplaintID: &id, From: from, To: from.Add(9 * time.Hour),
				Reason: "核查投诉所述情况"}); err != nil {
				return err
			}
		}
	}

	// CCTV registers: children's rooms, the activity room and the kitchen.
	for i, c := range open {
		if i >= 30 {
			break
		}
		for j, cam := range []supervision.CameraInput{
			{Location: "乳儿班生活用房", Area: "children_room", CoversChildren: true, RetentionDays: 90, Working: true},
			{Location: "托小班活动室", Area: "activity", CoversChildren: true, RetentionDays: 90, Working: true},
			{Location: "厨房操作间", Area: "kitchen", CoversKitchen: true, RetentionDays: 90, Working: i%7 != 3},
		} {
			cam.LastCheckedOn = today.AddDays(-(j + i%20)).String()
			if _, err := sv.SaveCamera(ctx, c.director, c.id, 0, cam); err != nil {
				return fmt.Errorf("camera: %w", err)
			}
		}
	}

	// Quality assessments: three done at grade A or B in every other county,
	// one in the rest; demonstration institutions among those filed a year.
	tpl, err := rules.DefaultTemplate()
	if err != nil {
		return err
	}
	answers := func(share float64) []supervision.QualityAnswer {
		var out []supervision.QualityAnswer
		for _, d := range tpl.Dimensions {
			out = append(out, supervision.QualityAnswer{ID: d.ID, Points: float64(d.Points) * share, Evidence: "查阅台账并现场查看"})
		}
		return out
	}
	for ci, county := range counties {
		want := 1
		if ci%2 == 0 {
			want = 3
		}
		done := 0
		for _, c := range byCounty[county] {
			if c.id == closeIt || c.id == proposeOnly || done >= want+1 {
				continue
			}
			as, err := sv.SubmitSelfAssessment(ctx, c.director, c.id, today.Year(), supervision.StageInput{Answers: answers(0.93)})
			if err != nil {
				return fmt.Errorf("self-assessment: %w", err)
			}
			if done == want { // one left with the county
				break
			}
			share := 0.91 - 0.06*float64(done)
			if _, err := sv.AssessByCounty(ctx, g.regulators[county], as.ID, supervision.StageInput{Answers: answers(share)}); err != nil {
				return err
			}
			if _, err := sv.ReviewByCity(ctx, g.city, as.ID, supervision.StageInput{Note: "同意县级评估结果"}); err != nil {
				return err
			}
			done++
			if e, err := sv.Eligibility(ctx, g.city, c.id); err == nil && e.Eligible {
				if _, err := sv.Designate(ctx, g.city, c.id, "质量评估等级达到示范标准，备案满一年，无不合格检查"); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
