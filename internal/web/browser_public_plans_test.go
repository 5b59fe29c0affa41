package web_test

import (
	"testing"

	"tuoyu/internal/civil"
	"tuoyu/internal/supervision"
	"tuoyu/internal/testkit"
)

// TestBrowserPublicPlansAt390: the published plans page (双随机一公开) and a
// drawn institution's public page fit a 390 px phone.
func TestBrowserPublicPlansAt390(t *testing.T) {
	browser := startBrowser(t)
	f := newSvFixture(t, testkit.Backends()[0])
	tpl := f.annualTemplate(t)
	pl, err := f.app.Supervision.CreatePlan(f.ctx(), actor(f.baota), supervision.NewPlan{Name: "2026年第四季度托育机构双随机一公开抽查", Kind: supervision.KindAnnual,
		TemplateID: tpl.ID, PeriodStart: civil.New(2026, 9, 30), PeriodEnd: civil.New(2026, 10, 30), Method: supervision.MethodDraw, DrawCount: 2,
		Pool: []int64{f.baota.ID, f.inspector2.ID}, InspectorsEach: 2, Seed: 18446744073709551557})
	if err != nil {
		t.Fatal(err)
	}
	fitsAt390(t, browser, f.srv.URL, "baota", []string{"/public/plans", "/public/institutions/" + itoa(pl.Inspections[0].InstitutionID)})
}
