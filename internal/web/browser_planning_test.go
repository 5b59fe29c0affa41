package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tuoyu/internal/testkit"
)

// TestBrowserPlanning opens the city's planning page on a phone-sized
// screen: ECharts draws the gap by county, its first value is the table's,
// the page does not scroll sideways, a click opens the county's townships.
func TestBrowserPlanning(t *testing.T) {
	browser := startBrowser(t)
	f := newFixture(t, testkit.Backends()[0])
	if _, err := f.app.Stats.Refresh(f.ctx()); err != nil {
		t.Fatal(err)
	}
	b, cancel := newBrowserSession(t, browser, f.srv.URL)
	defer cancel()
	run, eval := b.run, b.eval
	b.login("yanan")
	run("city planning", chromedp.Navigate(f.srv.URL+"/stats/planning"), chromedp.WaitVisible(chromedp.CSS(`[data-testid=gap-chart].drawn svg`)))
	screenshot(t, b.ctx, "stats_planning")
	values := eval(`document.querySelector("[data-testid=gap-chart]").getAttribute("data-values")`)
	cell := eval(`document.querySelector("[data-testid=planning-table] tbody tr td:nth-child(6)").textContent.trim()`)
	if !strings.HasPrefix(values, "["+cell+",") || strings.Count(values, ",") != 12 {
		t.Fatalf("gap chart values %s, table's first gap %q", values, cell)
	}
	if w := eval(`String(document.documentElement.scrollWidth)`); w != "390" {
		t.Errorf("the planning page is %s px wide at 390", w)
	}
	b.click("click through to Baota", `[data-testid=planning-table] a[href^="/stats/planning?region=610602"]`)
	run("county planning", chromedp.WaitVisible(chromedp.CSS(`[data-testid=gap-chart].drawn svg`)))
	if !strings.Contains(eval(`document.querySelector("main").textContent`), "宝塔山街道") {
		t.Errorf("the county's planning lacks its township")
	}

}
