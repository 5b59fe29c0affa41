package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/supervision"
)

// streamSupervision is the random stream of the supervision story, apart
// from the others so it changes none of them.
const streamSupervision uint64 = 100

// supervisionCounties is how many counties get a supervision story.
const supervisionCounties = 3

// supervision writes, through the supervision use cases, a year of it in
// the first counties: registrations pushed (some overdue for filing), a
// 双随机 annual plan drawn with a recorded seed and carried out, findings,
// and rectification orders left in every state.
func (g *generator) supervision(ctx context.Context) error {
	core := g.svc
	sv := supervision.New(core.DB, core)
	at := func(d civil.Date) *supervision.Service {
		t := d.At(10, 0)
		if t.After(g.now) {
			t = g.now
		}
		return sv.WithCore(core.WithClock(func() time.Time { return t }))
	}
	today := civil.InChina(g.now)
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 8, 8))); err != nil {
		return err
	}
	templates, err := sv.Templates(ctx, g.city)
	if err != nil {
		return err
	}
	var annual supervision.Template
	for _, t := range templates {
		if t.Kind == supervision.KindAnnual {
			annual = t
		}
	}
	orders := 0
	for ci, c := range g.counties[:min(supervisionCounties, len(g.counties))] {
		code := c.Region.Code
		reg, ok := g.regulators[code]
		if !ok {
			continue
		}
		r := newRand(g.seed, streamSupervision, ci)
		second, err := core.AddUser(ctx, creator, service.NewUser{Username: "insp-" + code, DisplayName: c.Region.Name + "监督员", Password: Password,
			Role: domain.RoleCountyRegulator, RegionCode: code})
		if err != nil {
			return err
		}
		g.accounts++

		// Registrations: one registered a month ago (overdue), one last week.
		for i, ago := range []int{30, 5} {
			first := fmt.Sprintf("91%s%09d", code, 880000+i)
			check, err := cnid.CreditCodeCheckChar(first)
			if err != nil {
				return err
			}
			on := today.AddDays(-ago)
			if _, err := sv.RecordRegistration(ctx, reg, supervision.NewRegistration{CreditCode: first + string(check), Name: fmt.Sprintf("%s新苗托育第%d园", c.Short, i+1),
				Nature: domain.NaturePrivate, RegisteredOn: on, Authority: supervision.AuthorityApproval, Address: c.Region.Name + "育才路" + fmt.Sprint(10+i) + "号",
				TownshipCode: c.Townships[i%len(c.Townships)].Code}); err != nil {
				return err
			}
		}

		// The annual plan, drawn ten months ago over half the filed institutions.
		start := today.AddMonths(-10)
		plan, err := at(start).CreatePlan(ctx, reg, supervision.NewPlan{Name: fmt.Sprintf("%d年度托育机构双随机抽查", start.Year()), Kind: supervision.KindAnnual,
			TemplateID: annual.ID, PeriodStart: start, PeriodEnd: start.AddMonths(2), Method: supervision.MethodDraw, DrawShare: 0.5,
			Pool: []int64{reg.UserID, second.ID}, InspectorsEach: 2, Seed: uint64(g.seed)*100 + uint64(ci) + 1})
		if domain.ErrorCode(err) == domain.CodeInvalid {
			continue // no filed institution in this county
		}
		if err != nil {
			return err
		}
		for k, in := range plan.Inspections {
			day := at(start.AddDays(7 + 2*k))
			for _, it := range annual.Items {
				outcome := supervision.OutcomePass
				if r.IntN(12) == 0 || (k%3 == 0 && it.Code == "AN11") || (k%5 == 1 && it.Code == "AN10") {
					outcome = supervision.OutcomeFail
				}
				if _, err := day.SaveItem(ctx, reg, in.ID, supervision.ItemSave{ItemCode: it.Code, Outcome: outcome, Note: "现场检查"}); err != nil {
					return err
				}
				if outcome == supervision.OutcomeFail && it.Photo {
					if _, err := day.AddPhoto(ctx, reg, in.ID, it.Code, "现场.png", img.Bytes()); err != nil {
						return err
					}
				}
			}
			done, err := day.CompleteInspection(ctx, reg, in.ID, supervision.Completion{Representative: "机构负责人", Summary: "年度检查"})
			if err != nil {
				return err
			}
			if len(done.Findings) == 0 {
				continue
			}
			if err := g.orderStory(ctx, at, reg, done, orders%6, img.Bytes(), start.AddDays(7+2*k), today); err != nil {
				return err
			}
			orders++
		}
	}
	return nil
}

// orderStory issues an order on an inspection's findings and leaves it in
// one of the states by state: open and overdue, submitted, returned, re-check,
// closed, closed with a penalty.
func (g *generator) orderStory(ctx context.Context, at func(civil.Date) *supervision.Service, reg authz.Actor, done supervision.Inspection, state int, img []byte, inspected, today civil.Date) error {
	ids := make([]int64, len(done.Findings))
	for i, f := range done.Findings {
		ids[i] = f.ID
	}
	issued := inspected
	if state == 1 || state == 2 || state == 3 {
		issued = today.AddDays(-6) // recent: within its deadline
	}
	o, err := at(issued).IssueOrder(ctx, reg, supervision.NewOrder{FindingIDs: ids, RequiredEvidence: "整改后照片及整改说明"})
	if err != nil || state == 0 {
		return err
	}
	var dirID int64
	err = g.svc.DB.Read().QueryRow(ctx, "SELECT id FROM users WHERE institution_id = ? AND role = ? ORDER BY id LIMIT 1", done.InstitutionID, domain.RoleDirector).Scan(&dirID)
	if err != nil {
		return nil // no director account: the order stays open
	}
	dir := authz.Actor{UserID: dirID, Username: "director", Role: domain.RoleDirector, RegionCode: done.RegionCode, InstitutionID: done.InstitutionID}
	answer := at(issued.AddDays(2))
	if _, err := answer.AddEvidence(ctx, dir, o.ID, "整改照片.png", img); err != nil {
		return err
	}
	if _, err := answer.SubmitOrder(ctx, dir, o.ID, supervision.Submission{Explanation: "已按要求整改"}); err != nil || state == 1 {
		return err
	}
	decide := at(issued.AddDays(3))
	switch state {
	case 2:
		_, err = decide.DecideOrder(ctx, reg, o.ID, supervision.OrderDecision{Decision: supervision.DecisionReject, Reason: "整改照片未反映整改结果"})
	case 3:
		_, err = decide.DecideOrder(ctx, reg, o.ID, supervision.OrderDecision{Decision: supervision.DecisionRecheck, RecheckOn: today.AddDays(5)})
	default:
		_, err = decide.DecideOrder(ctx, reg, o.ID, supervision.OrderDecision{Decision: supervision.DecisionAccept})
		if err == nil && state == 5 {
			_, err = decide.RecordPenalty(ctx, reg, o.ID, supervision.Penalty{Kind: "warning", DecisionNo: fmt.Sprintf("卫监罚〔%d〕%d号", issued.Year(), o.ID), DecidedOn: issued.AddDays(3)})
		}
	}
	return err
}
