package web_test

import (
	"net/http"
	"testing"

	"tuoyu/internal/civil"
	"tuoyu/internal/store"
	"tuoyu/internal/supervision"
	"tuoyu/internal/testkit"
)

func TestSupervisionPublicRecordPage(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newSvFixture(t, b)
			n, _ := f.completedInspection(t)
			if _, err := f.app.Supervision.IssueOrder(f.ctx(), actor(f.baota), supervision.NewOrder{FindingIDs: []int64{n.Findings[0].ID}, RequiredEvidence: "照片"}); err != nil {
				t.Fatal(err)
			}
			unfiled := f.institution("宝塔区未备案托育点", creditCodeD)
			public := f.client()
			rec := public.get("/public/institutions/"+itoa(n.InstitutionID)).want(t, http.StatusOK)
			rec.contains(t, n.InstitutionName, "2026-09-30", "0 / 1", `href="/complain?institution=`+itoa(n.InstitutionID)+`"`)
			// No personal data: not the person in charge, the phone, nor the inspectors.
			rec.lacks(t, "13800138000", "李四", "baota")
			public.get("/public/institutions/"+itoa(unfiled.ID)).want(t, http.StatusNotFound)
			public.get("/public/institutions/999999").want(t, http.StatusNotFound)
			public.get("/public").want(t, http.StatusOK).contains(t, `href="/public/institutions/`+itoa(n.InstitutionID)+`"`)
			public.get("/public/notices").want(t, http.StatusOK).contains(t, "目前没有公示中的关闭公告")
		})
	}
}

// TestSupervisionPublicPlansPage: the public site lists a plan from its
// start with the institutions drawn, the seed and the inspectors' names, and
// the drawn institution's page links to it; a plan not started, the
// institutions not drawn and the pool stay private.
func TestSupervisionPublicPlansPage(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newSvFixture(t, b)
			if err := f.app.DB.Tx(f.ctx(), func(q store.Q) error {
				if _, err := q.Exec(f.ctx(), "UPDATE users SET display_name = ? WHERE id = ?", "王检查", f.baota.ID); err != nil {
					return err
				}
				_, err := q.Exec(f.ctx(), "UPDATE users SET display_name = ? WHERE id = ?", "赵监督", f.inspector2.ID)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			tpl := f.annualTemplate(t)
			sv, a := f.app.Supervision, actor(f.baota)
			pool := []int64{f.baota.ID, f.inspector2.ID}
			now, err := sv.CreatePlan(f.ctx(), a, supervision.NewPlan{Name: "九月双随机抽查", Kind: supervision.KindAnnual, TemplateID: tpl.ID, PeriodStart: civil.New(2026, 9, 30),
				PeriodEnd: civil.New(2026, 10, 30), Method: supervision.MethodDraw, DrawCount: 1, Pool: pool, InspectorsEach: 2, Seed: 4242})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := sv.CreatePlan(f.ctx(), a, supervision.NewPlan{Name: "十一月专项抽查", Kind: supervision.KindAnnual, TemplateID: tpl.ID, PeriodStart: civil.New(2026, 11, 2),
				PeriodEnd: civil.New(2026, 11, 30), Method: supervision.MethodDraw, DrawCount: 1, Pool: pool, InspectorsEach: 2, Seed: 4343}); err != nil {
				t.Fatal(err)
			}
			drawn := now.Inspections[0].InstitutionID
			notDrawn := f.inst
			if drawn == f.inst.ID {
				notDrawn = f.other
			}
			public := f.client()
			pg := public.get("/public/plans").want(t, http.StatusOK)
			pg.contains(t, "九月双随机抽查", "4242", "抽取 1 家，共 2 家符合条件", "王检查", "赵监督", `href="/public/institutions/`+itoa(drawn)+`"`)
			pg.lacks(t, "十一月专项抽查", "4343", notDrawn.Name, "baota2")
			public.get("/public/plans?county=610603").want(t, http.StatusOK).lacks(t, "九月双随机抽查")
			public.get("/public/plans?institution="+itoa(notDrawn.ID)).want(t, http.StatusOK).lacks(t, "九月双随机抽查")
			public.get("/public/institutions/"+itoa(drawn)).want(t, http.StatusOK).contains(t, `href="/public/plans?institution=`+itoa(drawn)+`#plan-`+itoa(now.ID)+`"`)
			public.get("/public/institutions/"+itoa(notDrawn.ID)).want(t, http.StatusOK).lacks(t, "九月双随机抽查")
			public.get("/public/plans?institution=x").want(t, http.StatusNotFound)
		})
	}
}
