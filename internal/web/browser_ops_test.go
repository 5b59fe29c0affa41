package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tuoyu/internal/service"
	"tuoyu/internal/testkit"
)

// TestBrowserGridCheckInReachesGuardian drives Chromium on phone-sized
// screens in two browser contexts (separate cookies): a caregiver checks
// a child in through the class grid with one tap (ops.js sends the form
// and redraws the grid in place), and the guardian's view of the child's
// day, reloaded, shows the check-in time the grid shows.
func TestBrowserGridCheckInReachesGuardian(t *testing.T) {
	browser := startBrowser(t)
	f := newOpsFixture(t, newFixture(t, testkit.Backends()[0]))
	child := f.enrol(t, "张小米", childID2)
	full, err := f.svc.Child(f.ctx(), actor(f.director), child.ID)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := f.svc.CreateInvitation(f.ctx(), actor(f.director), child.ID, full.Guardians[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	parent := f.user("parent1", "guardian", "", 0)
	if _, err := f.svc.ClaimInvitation(f.ctx(), actor(parent), service.Claim{Code: inv.Code}); err != nil {
		t.Fatal(err)
	}

	carerCtx, cancel := context.WithTimeout(browser, 120*time.Second)
	defer cancel()
	guardianTab, closeGuardian := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer closeGuardian()
	guardianCtx, cancel2 := context.WithTimeout(guardianTab, 120*time.Second)
	defer cancel2()

	run := func(ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(ctx context.Context, sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	login := func(ctx context.Context, user string) {
		t.Helper()
		run(ctx, "phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch))
		run(ctx, "login form", chromedp.Navigate(f.srv.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#f-username")),
			chromedp.SendKeys(chromedp.CSS("#f-username"), user), chromedp.SendKeys(chromedp.CSS("#f-password"), password))
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`), chromedp.NodeVisible)); err != nil {
			t.Fatalf("log in %s: %v", user, err)
		}
	}

	// The guardian looks first: nothing yet.
	day := f.srv.URL + "/my/children/" + itoa(child.ID)
	login(guardianCtx, "parent1")
	run(guardianCtx, "child's day", chromedp.Navigate(day), chromedp.WaitVisible(chromedp.CSS("#check-in")))
	if got := text(guardianCtx, "#check-in"); got != "—" {
		t.Fatalf("before check-in the guardian sees %q", got)
	}

	// The caregiver taps the child's check-in button on the grid.
	login(carerCtx, "carer1")
	row := "#child-" + itoa(child.ID)
	run(carerCtx, "grid", chromedp.Navigate(f.srv.URL+"/classes/"+itoa(f.class.ID)+"/attendance"), chromedp.WaitVisible(chromedp.CSS(row+" .tap-in")))
	if got := text(carerCtx, row+" .state"); got != "未入园" {
		t.Errorf("before the tap the child is %q", got)
	}
	screenshot(t, carerCtx, "ops-grid-before")
	// A marker survives only if the page is not reloaded: ops.js redraws in place.
	run(carerCtx, "mark the page", chromedp.Evaluate[chromedp.Void](`window.__notReloaded = true`))
	run(carerCtx, "tap check-in", chromedp.Tap(chromedp.CSS(row+" .tap-in"), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(row+" .state.st-present")))
	if got := text(carerCtx, row+" .state"); got != "在园" {
		t.Errorf("after the tap the child is %q", got)
	}
	times := text(carerCtx, row+" .kid-times")
	hhmm := strings.TrimSuffix(times, " 入园")
	if len(hhmm) != 5 || hhmm[2] != ':' {
		t.Fatalf("the grid shows %q, not a check-in time", times)
	}
	still, err := chromedp.Run(carerCtx, chromedp.Evaluate[bool](`window.__notReloaded === true`))
	if err != nil || !still {
		t.Errorf("the grid was reloaded instead of redrawn in place (%v)", err)
	}
	if got := text(carerCtx, "#live"); !strings.Contains(got, "在园 1 人") {
		t.Errorf("the ratio badge says %q", got)
	}
	// The check-out is offered with who may collect the child.
	opts, err := chromedp.Run(carerCtx, chromedp.Evaluate[int](`document.querySelectorAll("`+row+` select[name=picked_up_by] option[value^=guardian]").length`))
	if err != nil || opts != 1 {
		t.Errorf("pick-up choices: %d (%v)", opts, err)
	}
	screenshot(t, carerCtx, "ops-grid")

	// The guardian reloads the child's day and sees the same time.
	run(guardianCtx, "reload the day", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#check-in")))
	if got := text(guardianCtx, "#check-in"); got != hhmm {
		t.Errorf("the guardian sees check-in %q, the grid %q", got, hhmm)
	}
	if got := text(guardianCtx, ".day-att .state"); got != "在园" {
		t.Errorf("the guardian sees the child %q", got)
	}
	screenshot(t, guardianCtx, "ops-guardian-day")
}
