package supervision_test

import (
	"bytes"
	"image"
	"image/png"
	"slices"
	"testing"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
	"tuoyu/internal/supervision"
	"tuoyu/internal/testkit"
)

func pngBytes(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func (e *svEnv) template(kind supervision.Kind) supervision.Template {
	ts, err := e.sv.Templates(e.ctx, e.as["baota"])
	if err != nil {
		e.t.Fatal(err)
	}
	for _, t := range ts {
		if t.Kind == kind {
			return t
		}
	}
	e.t.Fatalf("no %s template", kind)
	return supervision.Template{}
}

// fileInstitutions files the two fixture institutions directly, as a filing decision would.
func (e *svEnv) fileInstitutions() {
	if err := e.app.DB.Tx(e.ctx, func(q store.Q) error {
		_, err := q.Exec(e.ctx, "UPDATE institutions SET status = ?", domain.StatusFiled)
		return err
	}); err != nil {
		e.t.Fatal(err)
	}
}

func TestDrawIsReproducible(t *testing.T) {
	pop := []int64{9, 3, 7, 1, 5, 11, 13, 2}
	pool := []int64{40, 41, 42, 43}
	a, ia := supervision.Draw(42, pop, 3, pool, 2)
	b, ib := supervision.Draw(42, slices.Clone(pop), 3, []int64{43, 42, 41, 40}, 2)
	if !slices.Equal(a, b) || len(a) != 3 || len(ia) != 3 {
		t.Fatalf("same seed, different draws: %v %v", a, b)
	}
	for i := range ia {
		if !slices.Equal(ia[i], ib[i]) || len(ia[i]) != 2 || ia[i][0] == ia[i][1] {
			t.Fatalf("inspectors %v %v", ia, ib)
		}
	}
	differs := false
	for seed := uint64(1); seed < 20 && !differs; seed++ {
		c, _ := supervision.Draw(seed, pop, 3, pool, 2)
		differs = !slices.Equal(a, c)
	}
	if !differs {
		t.Error("the draw does not depend on the seed")
	}
	if all, _ := supervision.Draw(7, pop, 20, pool, 2); len(all) != len(pop) {
		t.Errorf("a count above the population draws everyone: %v", all)
	}
}

func TestInspectionToOrderLoop(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newSvEnv(t, b, testkit.DefaultNow) // Wednesday 2026-09-30
			e.fileInstitutions()
			ctx, sv := e.ctx, e.sv
			annual := e.template(supervision.KindAnnual)
			pool := []int64{e.as["baota"].UserID, e.as["baota2"].UserID}

			// Bad plans change nothing.
			_, err := sv.CreatePlan(ctx, e.as["baota"], supervision.NewPlan{Name: "x", Kind: supervision.KindAnnual, TemplateID: annual.ID,
				PeriodStart: civil.MustParse("2026-09-01"), PeriodEnd: civil.MustParse("2026-08-01"), Method: supervision.MethodDraw, DrawCount: 1,
				Pool: []int64{e.as["fire"].UserID}, InspectorsEach: 1})
			for _, f := range []string{"period_start", "period_end", "pool", "inspectors_each"} {
				fieldOf(t, err, f, "")
			}
			// 应急管理 may not plan annual inspections.
			if _, err := sv.CreatePlan(ctx, e.as["fire"], supervision.NewPlan{Kind: supervision.KindAnnual}); domain.ErrorCode(err) != domain.CodeForbidden {
				t.Fatalf("fire partner planned an annual inspection: %v", err)
			}

			plan, err := sv.CreatePlan(ctx, e.as["baota"], supervision.NewPlan{Name: "2026年第四季度双随机抽查", Kind: supervision.KindAnnual, TemplateID: annual.ID,
				PeriodStart: civil.MustParse("2026-10-08"), PeriodEnd: civil.MustParse("2026-10-30"), Method: supervision.MethodDraw, DrawShare: 1,
				Pool: pool, InspectorsEach: 2, Seed: 20261008})
			if err != nil {
				t.Fatal(err)
			}
			if plan.Seed != "20261008" || plan.Population != 1 || len(plan.Inspections) != 1 || plan.Inspections[0].InstitutionID != e.baotaInst || plan.Published {
				t.Fatalf("plan: %+v", plan)
			}
			want, crews := supervision.Draw(20261008, []int64{e.baotaInst}, 1, pool, 2)
			if !slices.Equal(want, []int64{plan.Inspections[0].InstitutionID}) || !slices.Equal(crews[0], plan.Inspections[0].Inspectors) {
				t.Fatalf("the plan's draw is not the seed's: %v %v", want, crews)
			}
			id := plan.Inspections[0].ID

			// The director sees nothing before the plan starts, and never the plan.
			if _, err := sv.Inspection(ctx, e.as["director"], id); domain.ErrorCode(err) != domain.CodeNotFound {
				t.Fatalf("director saw an unannounced inspection: %v", err)
			}
			if _, err := sv.Plan(ctx, e.as["director"], plan.ID); domain.ErrorCode(err) != domain.CodeForbidden {
				t.Fatalf("director saw the plan: %v", err)
			}

			// On 10-08 the inspection is carried out.
			day := e.at("2026-10-08")
			baota := e.as["baota"]
			lat, lng := 36.585, 109.489
			if _, err := day.SaveItem(ctx, baota, id, supervision.ItemSave{ItemCode: "NOPE", Outcome: "pass"}); err == nil {
				t.Fatal("an unknown item was saved")
			} else {
				fieldOf(t, err, "item_code", "unknown_item")
			}
			if _, err := day.AddPhoto(ctx, baota, id, "AN10", "x.png", []byte("%PDF-1.4 not an image")); err == nil {
				t.Fatal("a PDF was taken as a photo")
			} else {
				fieldOf(t, err, "file", "bad_file_type")
			}
			if _, err := day.SaveItem(ctx, e.as["ansai"], id, supervision.ItemSave{ItemCode: "AN01", Outcome: "pass"}); domain.ErrorCode(err) != domain.CodeNotFound {
				t.Fatalf("安塞区 reached 宝塔区's inspection: %v", err)
			}
			for _, it := range annual.Items {
				out := supervision.OutcomePass
				switch it.Code {
				case "AN10", "AN05":
					out = supervision.OutcomeFail
				}
				in := supervision.ItemSave{ItemCode: it.Code, Outcome: out, Note: "现场查看"}
				if it.Code == "AN01" {
					in.Latitude, in.Longitude = &lat, &lng
				}
				if _, err := day.SaveItem(ctx, baota, id, in); err != nil {
					t.Fatalf("save %s: %v", it.Code, err)
				}
			}
			// A failed item that needs a photo cannot complete without one.
			_, err = day.CompleteInspection(ctx, baota, id, supervision.Completion{Representative: "李四"})
			fieldOf(t, err, "items.AN10.photos", "required")
			if _, err := day.AddPhoto(ctx, baota, id, "AN10", "监控.png", pngBytes(t)); err != nil {
				t.Fatal(err)
			}
			_, err = day.CompleteInspection(ctx, baota, id, supervision.Completion{})
			fieldOf(t, err, "representative", "required")
			done, err := day.CompleteInspection(ctx, baota, id, supervision.Completion{Representative: "李四", Summary: "监控保存不足90日"})
			if err != nil {
				t.Fatal(err)
			}
			// AN10 is a veto item: the inspection fails; two findings.
			if done.Result != supervision.ResultFail || len(done.Findings) != 2 || done.Latitude == nil || *done.Latitude != lat {
				t.Fatalf("completed: %+v", done)
			}
			if _, err := day.SaveItem(ctx, baota, id, supervision.ItemSave{ItemCode: "AN01", Outcome: "fail"}); domain.ErrorCode(err) != domain.CodeConflict {
				t.Fatalf("a completed inspection changed: %v", err)
			}
			if n, ok, err := day.LatestInspection(ctx, e.as["city"], e.baotaInst, supervision.KindAnnual, 2026); err != nil || !ok || n.ID != id {
				t.Fatalf("latest annual inspection: %v %v %v", n.ID, ok, err)
			}

			// The director now sees it and its findings; 安塞区's director does not.
			if n, err := day.Inspection(ctx, e.as["director"], id); err != nil || len(n.Findings) != 2 {
				t.Fatalf("director's view: %v %v", n, err)
			}
			if _, err := day.Inspection(ctx, e.as["director2"], id); domain.ErrorCode(err) != domain.CodeNotFound {
				t.Fatalf("another director saw it: %v", err)
			}
			// A partner sees only its duty's kinds: the 应急管理 partner not this annual inspection.
			if _, err := day.Inspection(ctx, e.as["fire"], id); domain.ErrorCode(err) != domain.CodeNotFound {
				t.Fatalf("fire partner saw an annual inspection: %v", err)
			}

			// Order: a deadline in the past is refused; the default for a
			// serious finding is 5 working days (10-09, Sat 10-10, 10-12, 10-13, 10-14).
			fids := []int64{done.Findings[0].ID, done.Findings[1].ID}
			_, err = day.IssueOrder(ctx, baota, supervision.NewOrder{FindingIDs: fids, DueOn: civil.MustParse("2026-10-01"), RequiredEvidence: "整改照片"})
			fieldOf(t, err, "due_on", "in_past")
			o, err := day.IssueOrder(ctx, baota, supervision.NewOrder{FindingIDs: fids, RequiredEvidence: "监控录像保存设置截图及整改说明"})
			if err != nil {
				t.Fatal(err)
			}
			if o.DueOn.String() != "2026-10-14" || o.Severity != supervision.SeveritySerious || o.Status != supervision.OrderOpen || len(o.Findings) != 2 {
				t.Fatalf("order: %+v", o)
			}
			// default escalation: 5 working days after the deadline
			if o.EscalateOn.String() != "2026-10-21" {
				t.Fatalf("escalate on %s", o.EscalateOn)
			}
			if _, err := day.IssueOrder(ctx, baota, supervision.NewOrder{FindingIDs: fids[:1], RequiredEvidence: "x"}); err == nil {
				t.Fatal("a finding was ordered twice")
			} else {
				fieldOf(t, err, "finding_ids", "already_ordered")
			}

			dir := e.as["director"]
			_, err = day.SubmitOrder(ctx, dir, o.ID, supervision.Submission{Explanation: "已整改"})
			fieldOf(t, err, "file", "evidence_required")
			if _, err := day.AddEvidence(ctx, dir, o.ID, "a.txt", []byte("plain text")); err == nil {
				t.Fatal("text taken as evidence")
			}
			if _, err := day.AddEvidence(ctx, dir, o.ID, "整改.png", pngBytes(t)); err != nil {
				t.Fatal(err)
			}
			if _, err := day.AddEvidence(ctx, e.as["director2"], o.ID, "x.png", pngBytes(t)); domain.ErrorCode(err) != domain.CodeNotFound {
				t.Fatalf("another director reached the order: %v", err)
			}
			if _, err := day.SubmitOrder(ctx, dir, o.ID, supervision.Submission{Explanation: "已调整为保存90日"}); err != nil {
				t.Fatal(err)
			}
			_, err = day.DecideOrder(ctx, baota, o.ID, supervision.OrderDecision{Decision: supervision.DecisionReject})
			fieldOf(t, err, "reason", "required")
			o, err = day.DecideOrder(ctx, baota, o.ID, supervision.OrderDecision{Decision: supervision.DecisionReject, Reason: "截图未显示保存天数"})
			if err != nil || o.Status != supervision.OrderReturned || o.RejectReason == "" {
				t.Fatalf("reject: %+v %v", o, err)
			}
			// Overdue after 10-14 and escalated after 10-21 while the director owes evidence.
			if l, n, _ := e.at("2026-10-15").Orders(ctx, baota, supervision.OrderFilter{Overdue: true}, domain.Page{}); n != 1 || !l[0].Overdue || l[0].Escalated {
				t.Fatalf("overdue on 10-15: %d %+v", n, l)
			}
			if _, n, _ := e.at("2026-10-22").Orders(ctx, e.as["city"], supervision.OrderFilter{Escalated: true}, domain.Page{}); n != 1 {
				t.Fatalf("escalated to the city on 10-22: %d", n)
			}
			if _, err := day.AddEvidence(ctx, dir, o.ID, "整改2.png", pngBytes(t)); err != nil {
				t.Fatal(err)
			}
			if _, err := day.SubmitOrder(ctx, dir, o.ID, supervision.Submission{Explanation: "附保存天数设置截图"}); err != nil {
				t.Fatal(err)
			}
			o, err = day.DecideOrder(ctx, baota, o.ID, supervision.OrderDecision{Decision: supervision.DecisionAccept})
			if err != nil || o.Status != supervision.OrderClosed || o.ClosedOn != "2026-10-08" || len(o.Events) != 5 {
				t.Fatalf("accept: %+v %v", o, err)
			}
			// Decisions on a closed order are conflicts naming the field, and change nothing.
			_, err = day.DecideOrder(ctx, baota, o.ID, supervision.OrderDecision{Decision: supervision.DecisionReject, Reason: "x"})
			if de, ok := err.(*domain.Error); !ok || de.Code != domain.CodeConflict || de.Fields["decision"] != "order_closed" {
				t.Fatalf("decision on a closed order: %v", err)
			}
			if again, _ := day.Order(ctx, baota, o.ID); again.Status != supervision.OrderClosed || len(again.Events) != 5 {
				t.Fatalf("the closed order changed: %+v", again)
			}
			// A penalty can be recorded on it.
			o, err = day.RecordPenalty(ctx, baota, o.ID, supervision.Penalty{Kind: "warning", DecisionNo: "宝卫罚〔2026〕12号", DecidedOn: civil.MustParse("2026-10-08")})
			if err != nil || len(o.Penalties) != 1 {
				t.Fatalf("penalty: %v %v", o.Penalties, err)
			}
			// Scope of orders: 安塞区 and the fire partner see none.
			for _, who := range []string{"ansai", "fire", "director2"} {
				if _, n, _ := day.Orders(ctx, e.as[who], supervision.OrderFilter{}, domain.Page{}); n != 0 {
					t.Errorf("%s sees %d orders", who, n)
				}
			}
		})
	}
}

func TestPartnerDutyInspections(t *testing.T) {
	e := newSvEnv(t, testkit.Backends()[0], testkit.DefaultNow)
	e.fileInstitutions()
	fire := e.template(supervision.KindFireSafety)
	pool := []int64{e.as["fire"].UserID, e.as["fire2"].UserID}
	// The 市场监管 partner may not plan fire-safety inspections; 应急管理 may.
	if _, err := e.sv.CreatePlan(e.ctx, e.as["market"], supervision.NewPlan{Kind: supervision.KindFireSafety}); domain.ErrorCode(err) != domain.CodeForbidden {
		t.Fatalf("market partner planned fire safety: %v", err)
	}
	plan, err := e.sv.CreatePlan(e.ctx, e.as["fire"], supervision.NewPlan{Name: "消防检查", Kind: supervision.KindFireSafety, TemplateID: fire.ID,
		PeriodStart: civil.MustParse("2026-09-30"), PeriodEnd: civil.MustParse("2026-10-30"), Method: supervision.MethodManual,
		InstitutionIDs: []int64{e.baotaInst}, Pool: pool, InspectorsEach: 2, Departments: []string{string(authz.DutyEmergency)}})
	if err != nil {
		t.Fatal(err)
	}
	if !plan.Published {
		t.Error("a plan that starts today is published")
	}
	// 安塞区's institution is out of the fire partner's region.
	_, err = e.sv.CreatePlan(e.ctx, e.as["fire"], supervision.NewPlan{Name: "x", Kind: supervision.KindFireSafety, TemplateID: fire.ID,
		PeriodStart: civil.MustParse("2026-09-30"), PeriodEnd: civil.MustParse("2026-10-30"), Method: supervision.MethodManual,
		InstitutionIDs: []int64{e.ansaiInst}, Pool: pool, InspectorsEach: 2})
	fieldOf(t, err, "institution_ids", "unknown_institution")
	// A template of another kind is refused.
	_, err = e.sv.CreatePlan(e.ctx, e.as["fire"], supervision.NewPlan{Name: "x", Kind: supervision.KindFireSafety, TemplateID: e.template(supervision.KindAnnual).ID,
		PeriodStart: civil.MustParse("2026-09-30"), PeriodEnd: civil.MustParse("2026-10-30"), Method: supervision.MethodManual,
		InstitutionIDs: []int64{e.baotaInst}, Pool: pool, InspectorsEach: 2})
	fieldOf(t, err, "template_id", "unknown_template")
	for who, want := range map[string]int{"fire": 1, "market": 0, "baota": 1, "ansai": 0, "city": 1, "director": 1, "director2": 0} {
		if _, n, err := e.sv.Inspections(e.ctx, e.as[who], supervision.InspectionFilter{}, domain.Page{}); err != nil || n != want {
			t.Errorf("%s sees %d inspections, want %d (%v)", who, n, want, err)
		}
	}
	// The county's own inspector is not on this crew.
	if _, err := e.sv.SaveItem(e.ctx, e.as["baota"], plan.Inspections[0].ID, supervision.ItemSave{ItemCode: "FS01", Outcome: "pass"}); domain.ErrorCode(err) != domain.CodeForbidden {
		t.Errorf("a non-inspector saved an item: %v", err)
	}
}

func TestTemplateVersions(t *testing.T) {
	e := newSvEnv(t, testkit.Backends()[0], testkit.DefaultNow)
	ts, err := e.sv.Templates(e.ctx, e.as["city"])
	if err != nil || len(ts) != 7 {
		t.Fatalf("shipped templates: %d %v", len(ts), err)
	}
	for _, tp := range ts {
		for _, it := range tp.Items {
			if it.Basis.Document == "" || it.Basis.Clause == "" || it.TextZh == "" || it.TextEn == "" {
				t.Errorf("%s %s lacks its source or text", tp.Code, it.Code)
			}
		}
	}
	cur := e.template(supervision.KindCCTV)
	items := append(slices.Clone(cur.Items), supervision.Item{Code: "CV05", TextZh: "厨房监控覆盖操作区", TextEn: "Kitchen camera covers the work area",
		Basis: supervision.Basis{Document: "托育服务法（草案）", Clause: "监督管理"}, Dimension: "安全保障", Points: 10})
	if _, err := e.sv.NewTemplateVersion(e.ctx, e.as["baota"], cur.ID, supervision.TemplateEdit{NameZh: "x", Items: items}); domain.ErrorCode(err) != domain.CodeForbidden {
		t.Fatalf("a county edited a template: %v", err)
	}
	_, err = e.sv.NewTemplateVersion(e.ctx, e.as["city"], cur.ID, supervision.TemplateEdit{NameZh: cur.NameZh, Items: append(items, items[0])})
	fieldOf(t, err, "items.5.code", "duplicate")
	v2, err := e.sv.NewTemplateVersion(e.ctx, e.as["city"], cur.ID, supervision.TemplateEdit{NameZh: cur.NameZh, NameEn: cur.NameEn, Source: cur.Source, Items: items})
	if err != nil || v2.Version != 2 || len(v2.Items) != 5 {
		t.Fatalf("new version: %+v %v", v2, err)
	}
	if now := e.template(supervision.KindCCTV); now.ID != v2.ID {
		t.Error("the list does not show the new version")
	}
	if old, err := e.sv.Template(e.ctx, e.as["baota"], cur.ID); err != nil || len(old.Items) != 4 {
		t.Errorf("the old version changed: %v", err)
	}
}
