package web_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tuoyu/internal/testkit"
)

// TestBrowserNothingOverflowsAt390: on a 390 px phone, the pages people
// use at the door and on the go fit the screen: no page is wider than the
// viewport (class cards, ratio pills, the clock and session buttons, the
// checks, bills and audit lists).
func TestBrowserNothingOverflowsAt390(t *testing.T) {
	browser := startBrowser(t)
	f := newOpsFixture(t, newFixture(t, testkit.Backends()[0]))
	child := f.enrol(t, "欧阳小米粒儿", childID2)
	// A busy morning: the caregiver clocked in, the child in, a second
	// session open, so the pills, buttons and session list are full.
	carer := f.client()
	carer.login("carer1")
	carer.post("/classes/"+itoa(f.class.ID)+"/clock-in", nil)
	carer.post("/classes/"+itoa(f.class.ID)+"/attendance/"+itoa(child.ID), url.Values{"action": {"in"}, "date": {f.svc.Today().Format("2006-01-02")}})
	f.client().login("director1")
	for _, u := range []struct {
		user  string
		pages []string
	}{
		{"carer1", []string{"/", "/classes/" + itoa(f.class.ID) + "/attendance", "/classes/" + itoa(f.class.ID) + "/checks",
			"/classes/" + itoa(f.class.ID) + "/care-log", "/me/sessions"}},
		{"director1", []string{"/", "/institutions/" + itoa(f.inst.ID) + "/classes", "/classes/" + itoa(f.class.ID) + "/attendance",
			"/institutions/" + itoa(f.inst.ID) + "/bills", "/institutions/" + itoa(f.inst.ID) + "/fees", "/me/sessions"}},
		{"admin1", []string{"/audit", "/audit?reveals=on"}},
	} {
		fitsAt390(t, browser, f.srv.URL, u.user, u.pages)
	}
}

// fitsAt390 logs in as user on a 390 px phone and opens each page, in
// Chinese and then in English: no page is wider than the screen and
// nothing sticks out past its edge.
func fitsAt390(t *testing.T, browser context.Context, base, user string, pages []string) {
	t.Helper()
	ctx, done := phoneLogin(t, browser, base, user)
	defer done()
	// Every page in Chinese, then in English (longer words).
	all := append(append([]string{}, pages...), "/lang?to=en&back=%2F")
	all = append(all, pages...)
	for _, page := range all {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+page), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
			t.Fatalf("%s %s: %v", user, page, err)
		}
		width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil {
			t.Fatal(err)
		}
		// Nothing sticks out past the screen's edge either (clipped or not).
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("main *, header *")).
			filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > 391 && !e.closest(".nav, .tabs, .scroll"); }).slice(0, 8).
			map(e => e.tagName.toLowerCase() + "." + e.className + " → " + Math.round(e.getBoundingClientRect().right))`))
		if err != nil {
			t.Fatal(err)
		}
		if len(wide) > 0 {
			t.Errorf("%s %s: elements past 390 px: %v", user, page, wide)
		}
		if width > 390 {
			wide, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("main *")).
				filter(e => e.getBoundingClientRect().right > 391).slice(0, 8).
				map(e => e.tagName.toLowerCase() + "." + e.className + " → " + Math.round(e.getBoundingClientRect().right))`))
			t.Errorf("%s %s is %d px wide at 390: %v", user, page, width, wide)
		}
		screenshot(t, ctx, "narrow-"+user+"-"+url.PathEscape(page))
	}
}

// phoneLogin opens a fresh tab on a 390 px phone and logs in as user; done
// closes the tab.
func phoneLogin(t *testing.T, browser context.Context, base, user string) (ctx context.Context, done func()) {
	t.Helper()
	tab, closeTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	ctx, cancel := context.WithTimeout(tab, 90*time.Second)
	done = func() { cancel(); closeTab() }
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.CSS("#f-username")),
		chromedp.SendKeys(chromedp.CSS("#f-username"), user), chromedp.SendKeys(chromedp.CSS("#f-password"), password)); err != nil {
		done()
		t.Fatalf("%s login form: %v", user, err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`), chromedp.NodeVisible)); err != nil {
		done()
		t.Fatalf("log in %s: %v", user, err)
	}
	return ctx, done
}
