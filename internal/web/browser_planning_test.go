package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

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
	ctx, cancel := context.WithTimeout(browser, 90*time.Second)
	defer cancel()
	run := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return s
	}
	login := func(user string) {
		t.Helper()
		run("login form", chromedp.Navigate(f.srv.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#f-username")))
		run("fill login", chromedp.SendKeys(chromedp.CSS("#f-username"), user), chromedp.SendKeys(chromedp.CSS("#f-password"), password))
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`), chromedp.NodeVisible)); err != nil {
			t.Fatalf("log in: %v", err)
		}
	}
	run("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch))
	login("yanan")
	run("city planning", chromedp.Navigate(f.srv.URL+"/stats/planning"), chromedp.WaitVisible(chromedp.CSS(`[data-testid=gap-chart].drawn svg`)))
	screenshot(t, ctx, "stats_planning")
	values := eval(`document.querySelector("[data-testid=gap-chart]").getAttribute("data-values")`)
	cell := eval(`document.querySelector("[data-testid=planning-table] tbody tr td:nth-child(6)").textContent.trim()`)
	if !strings.HasPrefix(values, "["+cell+",") || strings.Count(values, ",") != 12 {
		t.Fatalf("gap chart values %s, table's first gap %q", values, cell)
	}
	if w := eval(`String(document.documentElement.scrollWidth)`); w != "390" {
		t.Errorf("the planning page is %s px wide at 390", w)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`[data-testid=planning-table] a[href^="/stats/planning?region=610602"]`), chromedp.NodeVisible)); err != nil {
		t.Fatalf("click through to Baota: %v", err)
	}
	run("county planning", chromedp.WaitVisible(chromedp.CSS(`[data-testid=gap-chart].drawn svg`)))
	if !strings.Contains(eval(`document.querySelector("main").textContent`), "宝塔山街道") {
		t.Errorf("the county's planning lacks its township")
	}

}
