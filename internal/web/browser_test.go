package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tuoyu/internal/i18n"
	"tuoyu/internal/testkit"
)

// chromiumPath is Debian's Chromium, which .ci/run installs.
const chromiumPath = "/usr/bin/chromium"

// startBrowser launches Chromium headless with a fresh profile. Without
// Chromium the test is skipped, unless TUOYU_BROWSER_TESTS=1 demands it.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("TUOYU_BROWSER_TESTS") == "1" {
			t.Fatalf("TUOYU_BROWSER_TESTS=1 but Chromium is not installed at %s: %v", chromiumPath, err)
		}
		t.Skipf("browser test skipped: Chromium is not installed at %s (apt-get install -y chromium; set TUOYU_BROWSER_TESTS=1 to make this a failure)", chromiumPath)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("accept-lang", "zh-CN,zh"),
		chromedp.UserDataDir(t.TempDir()),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	// Start the browser without a deadline: a deadline on the first run
	// would stop the whole browser.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// screenshot saves the page when TUOYU_SCREENSHOTS names a directory.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("TUOYU_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserReviewFlow drives Chromium on a phone-sized screen: the county
// regulator baota logs in through the form, opens the submitted filing
// from the home page, files it, and the institution then appears in the
// public directory.
func TestBrowserReviewFlow(t *testing.T) {
	browser := startBrowser(t)
	f := newFixture(t, testkit.Backends()[0])
	if !strings.HasPrefix(f.srv.URL, "http://127.0.0.1:") {
		t.Fatalf("test server at %s, want 127.0.0.1", f.srv.URL)
	}
	ctx, cancel := context.WithTimeout(browser, 90*time.Second)
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

	run("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch))
	// The home page needs a login: the browser lands on the form.
	run("open home", chromedp.Navigate(f.srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#f-username")))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.Contains(loc, "/login?next=") {
		t.Fatalf("anonymous home went to %q (%v)", loc, err)
	}
	// The stylesheet is served and allowed by the CSP.
	bg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("header.top")).backgroundColor`))
	if err != nil || bg != "rgb(11, 79, 156)" {
		t.Errorf("header background %q (%v): app.css not applied", bg, err)
	}
	run("fill login", chromedp.SendKeys(chromedp.CSS("#f-username"), "baota"), chromedp.SendKeys(chromedp.CSS("#f-password"), password))
	submit("log in", `form[action="/login"] button[type=submit]`)

	link := `main a[href="/filings/` + itoa(f.filing.ID) + `"]`
	run("home lists the filing", chromedp.WaitVisible(chromedp.CSS(link)))
	if got := text("main"); !strings.Contains(got, f.filing.DueDate) || !strings.Contains(got, f.inst.Name) {
		t.Errorf("home lacks the filing's due date %s", f.filing.DueDate)
	}
	screenshot(t, ctx, "home")

	submit("open the filing", link)
	run("review screen", chromedp.WaitVisible(chromedp.CSS("#decision")))
	// The scans load lazily: scroll through them, then every one has loaded.
	loaded := false
	for i := 0; i < 50 && !loaded; i++ {
		loaded, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
			const imgs = Array.from(document.querySelectorAll(".preview img"));
			imgs.forEach(i => { if (!i.complete) i.scrollIntoView(); });
			return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0);
		})()`))
		if err != nil {
			t.Fatalf("check images: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !loaded {
		t.Errorf("the material images did not load in the review screen")
	}
	screenshot(t, ctx, "review")
	// PDF previews make no viewer until opened; opening one makes it.
	count := func(sel string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+strconv.Quote(sel)+`).length`))
		if err != nil {
			t.Fatalf("count %s: %v", sel, err)
		}
		return n
	}
	before := count(".preview object, .preview iframe")
	run("open a PDF preview", chromedp.Click(chromedp.CSS(`details.pdf-preview summary`), chromedp.NodeVisible),
		chromedp.WaitReady(chromedp.CSS(`details.pdf-preview[open] object[type="application/pdf"]`)))
	if after := count("details.pdf-preview object"); before != 0 || after != 1 {
		t.Errorf("PDF viewers: %d before opening, %d after", before, after)
	}

	run("choose to file", chromedp.Click(chromedp.CSS(`input[name=decision][value=file]`), chromedp.NodeVisible))
	submit("record the decision", `#decision button[type=submit]`)
	if got, want := text(".flash"), i18n.T("zh", "flash.filed"); got != want {
		t.Fatalf("after filing the page says %q", got)
	}
	receipt := text(".summary dd strong")
	if receipt == "" {
		t.Fatalf("no receipt number shown")
	}

	// The receipt prints and fits a phone.
	run("receipt", chromedp.Navigate(f.srv.URL+"/filings/"+itoa(f.filing.ID)+"/receipt"), chromedp.WaitVisible(chromedp.CSS(".receipt")))
	if got := text(".receipt"); !strings.Contains(got, receipt) || !strings.Contains(got, f.inst.Name) {
		t.Errorf("the receipt lacks %s: %q", receipt, got)
	}
	if overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); err != nil || overflow {
		t.Errorf("the receipt overflows the phone's width (%v)", err)
	}
	screenshot(t, ctx, "receipt")

	run("public directory", chromedp.Navigate(f.srv.URL+"/public"), chromedp.WaitVisible(chromedp.CSS(".cards")))
	if got := text(".cards"); !strings.Contains(got, f.inst.Name) || !strings.Contains(got, receipt) {
		t.Errorf("the public directory lacks %s with receipt %s: %q", f.inst.Name, receipt, got)
	}
	screenshot(t, ctx, "public")
}
