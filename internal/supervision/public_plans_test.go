package supervision_test

import (
	"slices"
	"testing"

	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
	"tuoyu/internal/supervision"
	"tuoyu/internal/testkit"
)

// TestPublicPlans: a plan is public (双随机一公开) from the day its period
// starts, with exactly the institutions drawn, the seed that reproduces the
// draw and the inspectors' names; before that nothing of it is listed.
func TestPublicPlans(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newSvEnv(t, b, testkit.DefaultNow) // 2026-09-30
			for i := range 3 {
				if _, err := e.app.Service.CreateInstitution(e.ctx, e.as["baota"], service.NewInstitution{Name: "宝塔第" + string(rune('A'+i)) + "园",
					CreditCode: creditCode(t, "52", "610602", 700+i), Kind: domain.KindCentre, Nature: domain.NaturePrivate, TownshipCode: "610602001",
					Address: "某路2号", Phone: "0911-2345678", LegalRep: "张三", PersonInCharge: "李四", Places: 30}); err != nil {
					t.Fatal(err)
				}
			}
			e.fileInstitutions()
			if err := e.app.DB.Tx(e.ctx, func(q store.Q) error {
				_, err := q.Exec(e.ctx, "UPDATE users SET display_name = username")
				return err
			}); err != nil {
				t.Fatal(err)
			}
			annual := e.template(supervision.KindAnnual)
			pool := []int64{e.as["baota"].UserID, e.as["baota2"].UserID}
			started, err := e.sv.CreatePlan(e.ctx, e.as["baota"], supervision.NewPlan{Name: "本月双随机抽查", Kind: supervision.KindAnnual, TemplateID: annual.ID,
				PeriodStart: civil.MustParse("2026-09-30"), PeriodEnd: civil.MustParse("2026-10-30"), Method: supervision.MethodDraw, DrawCount: 2,
				Pool: pool, InspectorsEach: 2, Seed: 77})
			if err != nil {
				t.Fatal(err)
			}
			later, err := e.sv.CreatePlan(e.ctx, e.as["baota"], supervision.NewPlan{Name: "下月抽查", Kind: supervision.KindAnnual, TemplateID: annual.ID,
				PeriodStart: civil.MustParse("2026-11-02"), PeriodEnd: civil.MustParse("2026-11-30"), Method: supervision.MethodDraw, DrawCount: 1,
				Pool: pool, InspectorsEach: 2, Seed: 78})
			if err != nil {
				t.Fatal(err)
			}
			items, total, err := e.sv.PublicPlans(e.ctx, supervision.PublicPlanFilter{}, domain.Page{})
			if err != nil || total != 1 || len(items) != 1 || items[0].ID != started.ID {
				t.Fatalf("public plans %d %+v %v, want only the started plan", total, items, err)
			}
			p := items[0]
			if p.Seed != "77" || p.Population != 4 || p.Drawn != 2 || p.RegionName == "" || p.TemplateZh == "" {
				t.Fatalf("public plan: %+v", p)
			}
			var got []int64
			for _, x := range p.Targets {
				got = append(got, x.InstitutionID)
				if len(x.Inspectors) != 2 || x.Inspectors[0] == "" {
					t.Errorf("inspectors of %d: %v", x.InstitutionID, x.Inspectors)
				}
			}
			var drawn []int64
			for _, in := range started.Inspections {
				drawn = append(drawn, in.InstitutionID)
			}
			slices.Sort(drawn)
			if !slices.Equal(got, drawn) {
				t.Fatalf("public institutions %v, drawn %v", got, drawn)
			}
			// Anyone can reproduce the draw from the published seed and the
			// institutions filed in the county.
			var population []int64
			rows, err := e.app.DB.Read().Query(e.ctx, "SELECT id FROM institutions WHERE region_code = ? AND status = ?", "610602", domain.StatusFiled)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					t.Fatal(err)
				}
				population = append(population, id)
			}
			rows.Close()
			again, _ := supervision.Draw(77, population, 2, pool, 2)
			if !slices.Equal(again, got) {
				t.Fatalf("draw from the seed %v, published %v", again, got)
			}
			// Filters: county and institution.
			if _, n, _ := e.sv.PublicPlans(e.ctx, supervision.PublicPlanFilter{Region: "610603"}, domain.Page{}); n != 0 {
				t.Errorf("安塞区 lists %d plans", n)
			}
			if _, n, _ := e.sv.PublicPlans(e.ctx, supervision.PublicPlanFilter{Region: "610600"}, domain.Page{}); n != 1 {
				t.Errorf("the city lists %d plans", n)
			}
			if _, n, _ := e.sv.PublicPlans(e.ctx, supervision.PublicPlanFilter{Institution: got[0]}, domain.Page{}); n != 1 {
				t.Errorf("a drawn institution is in %d plans", n)
			}
			if _, n, _ := e.sv.PublicPlans(e.ctx, supervision.PublicPlanFilter{Institution: e.ansaiInst}, domain.Page{}); n != 0 {
				t.Errorf("an institution not drawn is in %d plans", n)
			}
			// On 11-02 the later plan is public too.
			if _, n, _ := e.at("2026-11-02").PublicPlans(e.ctx, supervision.PublicPlanFilter{}, domain.Page{}); n != 2 {
				t.Errorf("after the later plan starts %d plans are public (%d)", n, later.ID)
			}
		})
	}
}
