package web_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"tuoyu/internal/demo"
	"tuoyu/internal/testkit"
)

// hrefs are the links of a page (attribute values of href="…").
var hrefs = regexp.MustCompile(`href="([^"#]*)`)

// crawlSkips are links a crawl must not follow: they change state on GET
// (logout) or are files, not pages.
var crawlSkips = []string{"/logout", "/static/", ".xlsx", "/export", "/materials/", "/photos/", "/evidence/", "/files/"}

// TestDemoCrawl does what a newcomer does after "tuoyu demo": logs in as
// every demo account and follows every link of the site it can reach
// (pages only, up to a bound per account). No page may fail (5xx), and
// none may show the internal error text or a raw template error.
func TestDemoCrawl(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a := testkit.NewApp(t, b, testkit.DefaultNow)
			if _, err := demo.Ensure(context.Background(), a.Service, demo.Options{Seed: 1, Scale: 0.1, Days: 1}); err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(a.Handler())
			t.Cleanup(srv.Close)
			for _, acc := range demo.Accounts {
				t.Run(acc.Username, func(t *testing.T) { crawl(t, srv.URL, acc.Username, 120) })
			}
		})
	}
}

func crawl(t *testing.T, base, username string, limit int) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(base+"/login", url.Values{"username": {username}, "password": {demo.Password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: status %d", username, resp.StatusCode)
	}
	seen := map[string]bool{"/": true}
	queue := []string{"/"}
	visited := 0
	for len(queue) > 0 && visited < limit {
		path := queue[0]
		queue = queue[1:]
		p := (&client{t: t, base: base, http: c}).get(path)
		visited++
		switch {
		case p.StatusCode >= 500:
			t.Errorf("%s: GET %s: status %d\n%s", username, path, p.StatusCode, excerpt(p.Body))
			continue
		case p.StatusCode != http.StatusOK:
			continue
		}
		for _, bad := range []string{"系统出现问题", "Something went wrong on our side", "template:", "<no value>", "%!"} {
			if strings.Contains(p.Body, bad) {
				t.Errorf("%s: GET %s shows %q", username, path, bad)
			}
		}
		if !strings.Contains(p.Header.Get("Content-Type"), "text/html") {
			continue
		}
		for _, m := range hrefs.FindAllStringSubmatch(p.Body, -1) {
			link := strings.ReplaceAll(m[1], "&amp;", "&")
			if !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") || seen[link] || skipped(link) {
				continue
			}
			seen[link] = true
			queue = append(queue, link)
		}
	}
	if visited < 3 {
		t.Errorf("%s reached only %d pages", username, visited)
	}
	t.Logf("%s: %d pages visited, %d links seen", username, visited, len(seen))
}

func skipped(link string) bool {
	for _, s := range crawlSkips {
		if strings.Contains(link, s) {
			return true
		}
	}
	return false
}
