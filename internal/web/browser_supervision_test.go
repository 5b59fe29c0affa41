package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"tuoyu/internal/civil"
	"tuoyu/internal/supervision"
	"tuoyu/internal/testkit"
)

// TestBrowserInspectionOnPhone drives Chromium at 390 px: an inspector
// opens a drawn inspection, enters the first item as failed with a note
// and a photo and the second as passed, each saved by the page's script
// without a reload; after a reload both are still there; the inspector
// then goes through the other items one by one, the representative
// signs, and the result shows.
func TestBrowserInspectionOnPhone(t *testing.T) {
	ctxBrowser := startBrowser(t)
	f := newSvFixture(t, testkit.Backends()[0])
	tpl := f.annualTemplate(t)
	pl, err := f.app.Supervision.CreatePlan(f.ctx(), actor(f.baota), supervision.NewPlan{Name: "双随机抽查", Kind: supervision.KindAnnual, TemplateID: tpl.ID,
		PeriodStart: civil.New(2026, 9, 30), PeriodEnd: civil.New(2026, 10, 30), Method: supervision.MethodDraw, DrawCount: 1,
		Pool: []int64{f.baota.ID, f.inspector2.ID}, InspectorsEach: 2, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	n := pl.Inspections[0]
	inst, err := f.svc.Institution(f.ctx(), actor(f.baota), n.InstitutionID)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, it := range tpl.Items {
		if it.AppliesTo(inst.Kind) {
			codes = append(codes, it.Code)
		}
	}
	if len(codes) < 3 {
		t.Fatalf("checklist too short: %v", codes)
	}
	photo := filepath.Join(t.TempDir(), "site.png")
	if err := os.WriteFile(photo, pngScan(), 0o600); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(ctxBrowser, 180*time.Second)
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
	poll := func(what, js string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	item := func(code string) string { return `.sv-item[data-code="` + code + `"]` }
	lat, lng, acc := 36.5853, 109.4897, 20.0
	geo := func(c context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		if _, err := cdp.Call(c, tg, browser.SetPermission, browser.SetPermissionParams{Permission: &browser.PermissionDescriptor{Name: "geolocation"},
			Setting: browser.PermissionSettingGranted, Origin: f.srv.URL}); err != nil {
			return chromedp.Void{}, err
		}
		_, err := cdp.Call(c, tg, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{Latitude: &lat, Longitude: &lng, Accuracy: &acc})
		return chromedp.Void{}, err
	}

	run("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch), geo)
	run("login form", chromedp.Navigate(f.srv.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#f-username")),
		chromedp.SendKeys(chromedp.CSS("#f-username"), "baota"), chromedp.SendKeys(chromedp.CSS("#f-password"), password))
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`), chromedp.NodeVisible)); err != nil {
		t.Fatalf("log in: %v", err)
	}
	path := f.srv.URL + "/supervision/inspections/" + itoa(n.ID)
	run("inspection", chromedp.Navigate(path), chromedp.WaitVisible(chromedp.CSS(item(codes[0]))))
	// The position comes before the first save.
	poll("position", `document.querySelector("input.geo-lat").value !== ""`)
	run("mark the page", chromedp.Evaluate[chromedp.Void](`window.__notReloaded = true`))

	first, second := item(codes[0]), item(codes[1])
	run("first item fails", chromedp.Click(chromedp.CSS(first+` .o-fail input`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(first+`.done`)))
	run("note", chromedp.SendKeys(chromedp.CSS(first+` textarea[name=note]`), "消毒记录缺三天"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('`+first+` .sv-saved').textContent = ""; document.querySelector('`+first+` textarea[name=note]').blur()`))
	poll("note saved", `document.querySelector('`+first+` .sv-saved').textContent.indexOf("已保存 ") === 0`)
	run("photo", chromedp.SetUploadFiles(chromedp.CSS(first+` input[type=file]`), []string{photo}),
		chromedp.WaitVisible(chromedp.CSS(first+` .sv-photos img`)))
	run("second item passes", chromedp.Click(chromedp.CSS(second+` .o-pass input`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(second+`.done`)))
	if got := eval(`String(window.__notReloaded === true)`); got != "true" {
		t.Fatal("the page was reloaded while saving items")
	}
	if got := eval(`document.getElementById("sv-progress-n").textContent`); got != "2" {
		t.Errorf("progress shows %q items", got)
	}
	if w := eval(`String(document.documentElement.scrollWidth)`); w != "390" {
		t.Errorf("the page is %s px wide on a 390 px screen", w)
	}
	screenshot(t, ctx, "sv-inspection-phone")

	// Reload: what was saved is still there.
	run("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(first)))
	if got := eval(`String(window.__notReloaded === true)`); got == "true" {
		t.Fatal("the page did not reload")
	}
	checks := map[string]string{
		`String(document.querySelector('` + first + ` .o-fail input').checked)`:    "true",
		`document.querySelector('` + first + ` textarea[name=note]').value`:        "消毒记录缺三天",
		`String(document.querySelectorAll('` + first + ` .sv-photos img').length)`: "1",
		`String(document.querySelector('` + second + ` .o-pass input').checked)`:   "true",
		`String(document.querySelectorAll('.sv-item.done').length)`:                "2",
	}
	for js, want := range checks {
		if got := eval(js); got != want {
			t.Errorf("after reload %s = %q, want %q", js, got, want)
		}
	}
	// The photo is served to the inspector.
	if got := eval(`String(document.querySelector('` + first + ` .sv-photos img').naturalWidth > 0)`); got != "true" {
		t.Error("the photo does not load")
	}

	// The other items, one by one.
	for _, code := range codes[2:] {
		run("item "+code, chromedp.Click(chromedp.CSS(item(code)+` .o-pass input`), chromedp.NodeVisible), chromedp.WaitVisible(chromedp.CSS(item(code)+`.done`)))
	}
	if got := eval(`document.getElementById("sv-progress-n").textContent`); got != strconv.Itoa(len(codes)) {
		t.Errorf("progress shows %s of %d", got, len(codes))
	}
	run("representative", chromedp.SendKeys(chromedp.CSS("#sv-complete #f-representative"), "李四"))
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#sv-complete button[type=submit]`), chromedp.NodeVisible)); err != nil {
		t.Fatalf("complete: %v", err)
	}
	run("result", chromedp.WaitVisible(chromedp.CSS("#sv-result")))
	result := strings.TrimSpace(eval(`document.getElementById("sv-result").textContent`))
	if result != "基本合格，限期整改" && result != "不合格" {
		t.Errorf("result %q", result)
	}
	if got := eval(`document.getElementById("sv-findings").textContent`); !strings.Contains(got, codes[0]) {
		t.Errorf("the failed item is not a finding: %q", got)
	}
	screenshot(t, ctx, "sv-inspection-done")

	// What the browser sent is what was stored: the note, the photo, the position.
	got, err := f.app.Supervision.Inspection(f.ctx(), actor(f.baota), n.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Latitude == nil || *got.Latitude != lat || got.Status != supervision.StatusCompleted {
		t.Errorf("stored: status %s, latitude %v", got.Status, got.Latitude)
	}
	for _, r := range got.Results {
		if r.ItemCode == codes[0] && (r.Outcome != "fail" || r.Note != "消毒记录缺三天" || len(r.Photos) != 1) {
			t.Errorf("first item stored as %+v", r)
		}
	}
}
