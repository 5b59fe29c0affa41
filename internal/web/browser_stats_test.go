package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tuoyu/internal/testkit"
)

// TestBrowserStatsDashboard opens the city dashboard on a phone-sized
// screen: ECharts (vendored, allowed by the CSP) draws the county bar
// chart, the chart's value for Baota is the table's, the page does not
// scroll sideways, and a click on the county opens its dashboard.
func TestBrowserStatsDashboard(t *testing.T) {
	browser := startBrowser(t)
	f := newFixture(t, testkit.Backends()[0])
	if _, err := f.app.Stats.Refresh(f.ctx()); err != nil {
		t.Fatal(err)
	}
	b, cancel := newBrowserSession(t, browser, f.srv.URL)
	defer cancel()
	run, eval := b.run, b.eval
	b.login("yanan")
	run("city dashboard", chromedp.Navigate(f.srv.URL+"/stats?indicator=inst_total&period=2026-09"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=below-chart].drawn svg`)))
	screenshot(t, b.ctx, "stats_city")
	// The bar chart's values, in county order; Baota (610602) is first.
	values := eval(`document.querySelector("[data-testid=below-chart]").getAttribute("data-values")`)
	if !strings.HasPrefix(values, "[1,") {
		t.Fatalf("bar chart values %s", values)
	}
	cell := eval(`document.querySelector("[data-testid=below-table] tbody tr td:nth-child(4)").textContent.trim()`)
	if !strings.HasPrefix(values, "["+cell+",") {
		t.Errorf("chart's first value %s, table %q", values, cell)
	}
	bars := eval(`String(document.querySelectorAll("[data-testid=below-chart] svg path").length)`)
	if bars == "0" {
		t.Errorf("the bar chart drew nothing")
	}
	if w := eval(`String(document.documentElement.scrollWidth)`); w != "390" {
		t.Errorf("the page is %s px wide at 390", w)
	}
	b.click("click through to Baota", `[data-testid=below-table] a[href^="/stats/regions/610602?"]`)
	run("county dashboard", chromedp.WaitVisible(chromedp.CSS(`[data-testid=below-chart].drawn svg`)))
	if h := eval(`document.querySelector("main h1").textContent`); !strings.Contains(h, "宝塔区") {
		t.Errorf("county dashboard heading %q", h)
	}
	if !strings.Contains(eval(`document.querySelector("main").textContent`), "宝塔山街道") {
		t.Errorf("county dashboard lacks its township")
	}
}

// browserSession drives one browser tab against a test server.
type browserSession struct {
	t   *testing.T
	ctx context.Context
	url string
}

// newBrowserSession opens a tab with a phone-sized screen (390 × 844).
func newBrowserSession(t *testing.T, browser context.Context, url string) (*browserSession, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(browser, 90*time.Second)
	b := &browserSession{t: t, ctx: ctx, url: url}
	b.run("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch))
	return b, cancel
}

func (b *browserSession) run(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

func (b *browserSession) eval(js string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
	return s
}

// click clicks a visible element and waits for the page it opens.
func (b *browserSession) click(what, css string) {
	b.t.Helper()
	if _, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(css), chromedp.NodeVisible)); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

func (b *browserSession) login(user string) {
	b.t.Helper()
	b.run("login form", chromedp.Navigate(b.url+"/login"), chromedp.WaitVisible(chromedp.CSS("#f-username")))
	b.run("fill login", chromedp.SendKeys(chromedp.CSS("#f-username"), user), chromedp.SendKeys(chromedp.CSS("#f-password"), password))
	b.click("log in", `form[action="/login"] button[type=submit]`)
}
