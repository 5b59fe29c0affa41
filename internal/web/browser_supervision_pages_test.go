package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tuoyu/internal/supervision"
	"tuoyu/internal/testkit"
)

// TestBrowserSupervisionPagesAt390: the settings, demonstration, checklist
// version and complaint pages fit a 390 px phone, and the demonstration
// chart draws each county's count with the target line.
func TestBrowserSupervisionPagesAt390(t *testing.T) {
	browser := startBrowser(t)
	f := newSvFixture(t, testkit.Backends()[0])
	tpl := f.annualTemplate(t)
	c, err := f.app.Supervision.EnterHotlineComplaint(f.ctx(), actor(f.baota), supervision.NewComplaint{WorkOrderNo: "YA20260930011",
		InstitutionID: f.inst.ID, Category: "safety", Text: "午睡室无人看护", Phone: "13700000004"})
	if err != nil {
		t.Fatal(err)
	}
	fitsAt390(t, browser, f.srv.URL, "yanan", []string{"/", "/supervision/settings", "/supervision/demonstrations",
		"/supervision/demonstrations?check=" + itoa(f.inst.ID), "/supervision/templates/" + itoa(tpl.ID), "/supervision/templates/" + itoa(tpl.ID) + "/edit"})
	fitsAt390(t, browser, f.srv.URL, "baota", []string{"/supervision/settings", "/supervision/demonstrations", "/supervision/complaints/" + itoa(c.ID)})

	ctx, done := phoneLogin(t, browser, f.srv.URL, "yanan")
	defer done()
	if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+"/supervision/demonstrations"), chromedp.WaitVisible(chromedp.CSS(`[data-testid=demo-chart].drawn svg`))); err != nil {
		t.Fatalf("demonstration chart: %v", err)
	}
	screenshot(t, ctx, "sv_demonstrations")
	values, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("[data-testid=demo-chart]").getAttribute("data-values")`))
	if err != nil || !strings.HasPrefix(values, "[0,0,") {
		t.Fatalf("chart values %q %v", values, err)
	}
	// The target line's label is drawn.
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("[data-testid=demo-chart] svg").textContent`))
	if err != nil || !strings.Contains(text, "3") {
		t.Errorf("no target line label in the chart: %q %v", text, err)
	}
}
