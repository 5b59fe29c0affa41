package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tuoyu/internal/testkit"
)

// TestBrowserAccounts drives Chromium on a phone-sized screen through the
// two ways a person gets an account (issue 9 §1, done means): a new parent
// with an invitation code follows the link on the login page, signs up and
// sees their child; the county registers an institution with its
// director's login, and the director logs in with the password handed
// over and is held on the password form until they have set their own.
func TestBrowserAccounts(t *testing.T) {
	browser := startBrowser(t)
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) { browserAccounts(t, browser, b) })
	}
}

func browserAccounts(t *testing.T, browser context.Context, b testkit.Backend) {
	f := newOpsFixture(t, newFixture(t, b))
	child := f.enrol(t, "张小米", childID2)
	full, err := f.svc.Child(f.ctx(), actor(f.director), child.ID)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := f.svc.CreateInvitation(f.ctx(), actor(f.director), child.ID, full.Guardians[0].ID)
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(browser, 120*time.Second)
	defer cancel()
	run := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	submit := func(what, sel string) {
		t.Helper()
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	location := func() string {
		t.Helper()
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimPrefix(loc, f.srv.URL)
	}
	logout := func() {
		t.Helper()
		if _, err := chromedp.RunResponse(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('form[action="/logout"]').submit()`)); err != nil {
			t.Fatalf("log out: %v", err)
		}
	}
	run("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch))

	// 1. The new parent: login page → sign-up with the code → their child.
	run("open login", chromedp.Navigate(f.srv.URL+"/login"), chromedp.WaitVisible(chromedp.CSS(`a[href="/signup"]`)))
	submit("follow the sign-up link", `a[href="/signup"]`)
	run("sign-up form", chromedp.WaitVisible(chromedp.CSS("#f-code")))
	// a common password is refused at its field, and nothing else is lost
	run("fill the form", chromedp.SendKeys(chromedp.CSS("#f-code"), strings.ToLower(inv.Code)), chromedp.SendKeys(chromedp.CSS("#f-display_name"), "张妈妈"),
		chromedp.SendKeys(chromedp.CSS("#f-mobile"), "13512345678"), chromedp.SendKeys(chromedp.CSS("#f-password"), "password123"))
	submit("sign up with a common password", `form[action="/signup"] button[type=submit]`)
	run("refused at the password", chromedp.WaitVisible(chromedp.CSS("#f-password[aria-invalid=true]")))
	if got := text(".field.invalid .field-error"); !strings.Contains(got, "常见密码") {
		t.Errorf("the password's problem reads %q", got)
	}
	run("a better password", chromedp.SendKeys(chromedp.CSS("#f-password"), "lotus-pond-morning"))
	submit("sign up", `form[action="/signup"] button[type=submit]`)
	run("my children", chromedp.WaitVisible(chromedp.CSS(`a[href="/my/children/`+itoa(child.ID)+`"]`)))
	if loc := location(); !strings.HasPrefix(loc, "/my/children") {
		t.Errorf("after signing up the parent is at %s", loc)
	}
	if got := text("main"); !strings.Contains(got, "张小米") {
		t.Errorf("the new parent does not see their child: %s", got)
	}
	if got := text("details.user summary"); got != "张妈妈" {
		t.Errorf("the header greets %q, want the parent's name", got)
	}
	screenshot(t, ctx, "signed_up")
	logout()

	// 2. The county registers an institution with its director's login.
	run("open login", chromedp.Navigate(f.srv.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#f-username")))
	run("fill login", chromedp.SendKeys(chromedp.CSS("#f-username"), "baota"), chromedp.SendKeys(chromedp.CSS("#f-password"), password))
	submit("log in", `form[action="/login"] button[type=submit]`)
	run("home", chromedp.WaitVisible(chromedp.CSS("main h1")))
	run("new institution form", chromedp.Navigate(f.srv.URL+"/institutions/new"), chromedp.WaitVisible(chromedp.CSS(`[name="director.username"]`)))
	set := `(vals => { for (const [k, v] of Object.entries(vals)) { const el = document.querySelector('[name="' + k + '"]'); el.value = v; } })(` +
		`{"name": "宝塔区新苗托育园", "credit_code": "` + creditCodeC + `", "legal_rep": "赵六", "person_in_charge": "钱七", "phone": "0911-2345670",
		"kind": "centre", "nature": "private", "township_code": "610602001", "address": "宝塔区枣园路9号", "places": "40"})`
	run("fill the institution", chromedp.Evaluate[chromedp.Void](set),
		chromedp.SendKeys(chromedp.CSS(`[name="director.username"]`), "xinmiao"), chromedp.SendKeys(chromedp.CSS(`[name="director.display_name"]`), "钱园长"))
	submit("register", `form[action="/institutions"] button[type=submit]`)
	run("handover", chromedp.WaitVisible(chromedp.CSS("#one-time-password")))
	first := strings.TrimSpace(text("#one-time-password"))
	if len(first) != 12 {
		t.Fatalf("first password %q", first)
	}
	screenshot(t, ctx, "director_handover")
	logout()

	// 3. The director logs in with it and must change it first.
	run("open login", chromedp.Navigate(f.srv.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#f-username")))
	run("fill login", chromedp.SendKeys(chromedp.CSS("#f-username"), "xinmiao"), chromedp.SendKeys(chromedp.CSS("#f-password"), first))
	submit("log in", `form[action="/login"] button[type=submit]`)
	run("held on the password form", chromedp.WaitVisible(chromedp.CSS("#f-new_password")))
	if loc := location(); loc != "/me/password" {
		t.Errorf("the director's first page is %s, want /me/password", loc)
	}
	if got := text("main"); !strings.Contains(got, "请先设置自己的新密码") {
		t.Errorf("the form does not say why: %s", got)
	}
	run("another page", chromedp.Navigate(f.srv.URL+"/institutions"), chromedp.WaitVisible(chromedp.CSS("#f-new_password")))
	if loc := location(); loc != "/me/password" {
		t.Errorf("before changing the password /institutions went to %s", loc)
	}
	run("change it", chromedp.SendKeys(chromedp.CSS("#f-old_password"), first), chromedp.SendKeys(chromedp.CSS("#f-new_password"), "willow-bank-spring"))
	submit("save", `form[action="/me/password"] button[type=submit]`)
	run("home", chromedp.WaitVisible(chromedp.CSS(".flash")))
	if got := text(".flash"); !strings.Contains(got, "密码已修改") {
		t.Errorf("after the change: %q", got)
	}
	if got := text("details.user summary"); got != "钱园长" {
		t.Errorf("the header greets %q, want the director's name", got)
	}
	run("institutions now open", chromedp.Navigate(f.srv.URL+"/institutions"), chromedp.WaitVisible(chromedp.CSS("main")))
	if loc := location(); loc != "/institutions" {
		t.Errorf("after the change /institutions went to %s", loc)
	}
	if got := text("main"); !strings.Contains(got, "宝塔区新苗托育园") {
		t.Errorf("the director does not see their institution: %s", got)
	}
	logout()
}
