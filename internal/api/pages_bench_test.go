package api_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"tuoyu/internal/demo"
	"tuoyu/internal/domain"
	"tuoyu/internal/testkit"
)

// BenchmarkPages is the load test of issue 9 §9: the real server (the
// tuoyu binary, "tuoyu serve") on 127.0.0.1 over a copy of the Yan'an demo
// database (scale 1), and a load generator in this process.
//
//   - Pages: 50 concurrent users (TUOYU_PAGES_USERS) each ask for one page
//     again and again for TUOYU_PAGES_DURATION (default 8s), waiting a
//     random think time of 0 to 2×TUOYU_PAGES_THINK (default 1s: about 50
//     requests a second in all) between two requests; p50 and p99 per page: the city regulator's home, the
//     director's home, the caregiver's home, a class attendance grid, the
//     compliance ranking and the ban list.
//   - Single check-ins: vegeta posts one check-in per request (a new
//     record each, as a caregiver taps at the door) at TUOYU_CHECKIN_RATES
//     (default "500,2000") per second for TUOYU_CHECKIN_DURATION (default
//     5s); ok/s, p50, p99, and how many were refused with 503 (busy) or
//     failed otherwise (timeouts).
//   - The server's peak RSS (VmHWM of the process) at the end.
//
// TUOYU_BENCH_DEMO_DB names a demo database made by "tuoyu demo" (its key
// beside it, <db>.key), copied before each run; without it the demo is
// generated first (over a minute). TUOYU_BENCH_BINARY runs another build
// (to measure before and after); without it the worktree is built.
//
//	go test -run '^$' -bench Pages -benchtime 1x ./internal/api
func BenchmarkPages(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	db, key := filepath.Join(dir, "demo.db"), ""
	if src := os.Getenv("TUOYU_BENCH_DEMO_DB"); src != "" {
		copyFile(b, src, db)
		k, err := os.ReadFile(src + ".key")
		if err != nil {
			b.Fatal(err)
		}
		key = strings.TrimSpace(string(k))
	} else {
		a := testkit.NewApp(b, testkit.Backends()[0], testkit.DefaultNow)
		if _, err := demo.Ensure(ctx, a.Service, demo.Options{Seed: 1, Scale: 1}); err != nil {
			b.Fatal(err)
		}
		src, err := sql.Open("sqlite", "file:"+a.Config.DB+"?_pragma=busy_timeout(10000)")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := src.Exec("VACUUM INTO ?", db); err != nil {
			b.Fatal(err)
		}
		src.Close()
		key = a.Config.SecretKey
	}
	bin := os.Getenv("TUOYU_BENCH_BINARY")
	if bin == "" {
		bin = filepath.Join(dir, "tuoyu")
		out, err := exec.Command("go", "build", "-o", bin, "tuoyu/cmd/tuoyu").CombinedOutput()
		if err != nil {
			b.Fatalf("go build: %v\n%s", err, out)
		}
	}
	srv := startServer(b, bin, db, key)

	tokens := map[string]string{}
	for _, u := range []string{"yanan", "director1", "carer1"} {
		tokens[u] = apiLogin(b, srv.url, u)
	}
	var class int64
	if err := srv.sqlite.QueryRow("SELECT c.id FROM classes c JOIN users u ON u.institution_id = c.institution_id WHERE u.username = 'carer1' ORDER BY c.id LIMIT 1").Scan(&class); err != nil {
		b.Fatal(err)
	}
	pages := []struct{ name, user, path string }{
		{"city_home", "yanan", "/"},
		{"director_home", "director1", "/"},
		{"caregiver_home", "carer1", "/"},
		{"class_grid", "carer1", fmt.Sprintf("/classes/%d/attendance?date=2026-09-29", class)},
		{"compliance_ranking", "yanan", "/compliance"},
		{"ban_list", "yanan", "/blacklist"},
	}
	users := envInt(b, "TUOYU_PAGES_USERS", 50)
	duration := envDuration(b, "TUOYU_PAGES_DURATION", 8*time.Second)
	think := envDuration(b, "TUOYU_PAGES_THINK", time.Second)
	for _, pg := range pages {
		b.Run(pg.name, func(b *testing.B) {
			for b.Loop() {
				cpu := srv.cpu(b)
				lat, failed, first := hammer(srv.url+pg.path, tokens[pg.user], users, duration, think)
				if len(lat) > 0 {
					// the server's CPU time per page: what the latencies would be
					// without the machine's other load
					b.ReportMetric(float64((srv.cpu(b)-cpu).Microseconds())/1000/float64(len(lat)), "server_cpu_ms/req")
				}
				b.ReportMetric(float64(len(lat))/duration.Seconds(), "req/s")
				b.ReportMetric(pct(lat, 50), "p50_ms")
				b.ReportMetric(pct(lat, 99), "p99_ms")
				// a failed request (a timeout after 30 s) counts with its time
				// among the latencies; the figures are reported either way
				b.ReportMetric(float64(failed), "failed")
				if failed > 0 {
					b.Logf("%d requests failed; the first: %s", failed, first)
				}
			}
		})
	}
	b.Run("server_after_pages", func(b *testing.B) {
		for b.Loop() {
			b.ReportMetric(srv.peakRSS(b), "peak_rss_MB")
		}
	})
	// The class the check-ins write comes after the pages, so that the
	// pages see the demo's institution as it is.
	kids := addCheckinClass(b, db)
	rates := envInts(b, "TUOYU_CHECKIN_RATES", []int{500, 2000})
	cdur := envDuration(b, "TUOYU_CHECKIN_DURATION", 5*time.Second)
	var next atomic.Int64
	for _, rate := range rates {
		b.Run(fmt.Sprintf("single_checkin_rate=%d", rate), func(b *testing.B) {
			for b.Loop() {
				cpu := srv.cpu(b)
				ok := singleCheckins(b, srv.url, tokens["carer1"], kids, &next, rate, cdur)
				if ok > 0 {
					// the server's CPU time per check-in: what the figures above
					// would be on a machine of its own
					b.ReportMetric(float64((srv.cpu(b)-cpu).Microseconds())/1000/float64(ok), "server_cpu_ms/checkin")
				}
			}
		})
	}
	b.Run("server", func(b *testing.B) {
		for b.Loop() {
			b.ReportMetric(srv.peakRSS(b), "peak_rss_MB")
		}
	})
}

// hammer has users ask for url until duration is over, and returns the
// latencies of the answered requests in milliseconds.
func hammer(url, token string, users int, duration, think time.Duration) (lat []float64, failed int, first string) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	end := time.Now().Add(duration)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: users}, Timeout: 30 * time.Second}
	for range users {
		wg.Go(func() {
			var mine []float64
			for time.Now().Before(end) {
				req, _ := http.NewRequest("GET", url, nil)
				req.Header.Set("Authorization", "Bearer "+token)
				t0 := time.Now()
				resp, err := client.Do(req)
				problem := ""
				if err != nil {
					problem = err.Error()
				} else {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						problem = resp.Status
					}
				}
				mine = append(mine, float64(time.Since(t0).Microseconds())/1000)
				if problem != "" {
					mu.Lock()
					if failed == 0 {
						first = problem
					}
					failed++
					mu.Unlock()
				}
				if think > 0 {
					time.Sleep(time.Duration(rand.Int64N(int64(2 * think))))
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	return lat, failed, first
}

// pct is the p-th percentile of the latencies.
func pct(lat []float64, p int) float64 {
	if len(lat) == 0 {
		return 0
	}
	s := slices.Clone(lat)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}

// singleCheckins posts one check-in per request at rate, each a new record
// (child n%len(kids) on the n/len(kids)-th day back), and reports the
// figures; a failure other than a 503 with Retry-After fails b.
func singleCheckins(b *testing.B, url, token string, kids []int64, next *atomic.Int64, rate int, d time.Duration) int {
	header := http.Header{"Authorization": {"Bearer " + token}, "Content-Type": {"application/json"}}
	day0 := time.Date(2026, 9, 29, 0, 0, 0, 0, time.UTC)
	targeter := func(t *vegeta.Target) error {
		n := next.Add(1) - 1
		kid, day := kids[int(n)%len(kids)], day0.AddDate(0, 0, -int(n)/len(kids))
		body, err := json.Marshal([]domain.AttendanceItem{{ChildID: kid, Date: day.Format(time.DateOnly), CheckIn: "08:15"}})
		t.Method, t.URL, t.Header, t.Body = "POST", url+"/api/v1/attendance", header, body
		return err
	}
	attacker := vegeta.NewAttacker(vegeta.Timeout(10*time.Second), vegeta.KeepAlive(true), vegeta.Workers(64), vegeta.MaxWorkers(2000))
	var m vegeta.Metrics
	var ok, busy, failed int
	var first string
	var okLat []float64
	for r := range attacker.Attack(targeter, vegeta.Rate{Freq: rate, Per: time.Second}, d, "checkin") {
		m.Add(r)
		switch {
		case r.Error == "" && r.Code == http.StatusOK:
			var out domain.BatchOutcome
			if err := json.NewDecoder(bytes.NewReader(r.Body)).Decode(&out); err != nil || out.Applied != 1 {
				failed++
				if first == "" {
					first = fmt.Sprintf("%v %.200s", err, r.Body)
				}
				continue
			}
			ok++
			okLat = append(okLat, float64(r.Latency.Microseconds())/1000)
		case r.Code == http.StatusServiceUnavailable && r.Headers.Get("Retry-After") != "":
			busy++
		default:
			failed++
			if first == "" {
				first = fmt.Sprintf("status %d %s %.200s", r.Code, r.Error, r.Body)
			}
		}
	}
	m.Close()
	b.ReportMetric(float64(ok)/m.Duration.Seconds(), "ok_checkins/s")
	b.ReportMetric(float64(busy), "busy_503")
	b.ReportMetric(float64(m.Latencies.P50.Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(m.Latencies.P99.Microseconds())/1000, "p99_ms")
	b.ReportMetric(pct(okLat, 99), "ok_p99_ms")
	b.ReportMetric(float64(failed), "failed")
	if failed > 0 {
		b.Logf("%d of %d check-ins failed at %d/s (not 200 nor 503 with Retry-After: timeouts after 10 s); the first: %s", failed, m.Requests, rate, first)
	}
	return ok
}

// addCheckinClass adds a class of 300 children enrolled since 2000 at
// carer1's institution (the server may be running: SQLite's WAL lets it), so every single check-in of the benchmark is a new
// record, and returns the children.
func addCheckinClass(b testing.TB, path string) []int64 {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	var inst int64
	if err := tx.QueryRow("SELECT institution_id FROM users WHERE username = 'carer1'").Scan(&inst); err != nil {
		b.Fatal(err)
	}
	now := time.Now().UTC()
	var class int64
	if err := tx.QueryRow("INSERT INTO classes (institution_id, name, type, capacity, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
		inst, "压测班", "toddler_older", 300, now, now).Scan(&class); err != nil {
		b.Fatal(err)
	}
	var kids []int64
	for n := range 300 {
		var id int64
		if err := tx.QueryRow(`INSERT INTO children (name, sex, birth_date, cert_type, cert_enc, cert_hash, cert_masked, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, fmt.Sprintf("压测%d", n), "female", "2024-01-01", "resident_id", "enc",
			fmt.Sprintf("bench-checkin-%d", n), "610602********0000", now, now).Scan(&id); err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO enrolments (child_id, institution_id, class_id, care_type, start_date, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			id, inst, class, "full_day", "2000-01-01", now); err != nil {
			b.Fatal(err)
		}
		kids = append(kids, id)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return kids
}

type benchServer struct {
	url    string
	cmd    *exec.Cmd
	sqlite *sql.DB
}

// startServer runs "tuoyu serve" on a free loopback port and waits until
// it answers.
func startServer(b *testing.B, bin, db, key string) *benchServer {
	cmd := exec.Command(bin, "serve", "-db", db, "-addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "TUOYU_SECRET_KEY="+key, "TUOYU_NOW=2026-09-30T10:00:00+08:00")
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	url := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if _, rest, ok := strings.Cut(sc.Text(), "serving on "); ok {
				url <- strings.TrimSuffix(strings.Fields(rest)[0], "/")
			}
		}
	}()
	s := &benchServer{cmd: cmd}
	select {
	case s.url = <-url:
	case <-time.After(2 * time.Minute):
		b.Fatal("the server did not start")
	}
	if !strings.HasPrefix(s.url, "http://127.0.0.1:") {
		b.Fatalf("the server is not on the loopback address: %s", s.url)
	}
	ro, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ro.Close() })
	s.sqlite = ro
	return s
}

// cpu reads the server's CPU time (user and system).
func (s *benchServer) cpu(b *testing.B) time.Duration {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		b.Fatal(err)
	}
	// the fields after the command's name in parentheses: utime and stime
	// are the 12th and 13th, in clock ticks (100 a second on Linux)
	f := strings.Fields(string(raw[bytes.LastIndexByte(raw, ')')+1:]))
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * 10 * time.Millisecond
}

// peakRSS reads the server's peak resident set (VmHWM) in MB.
func (s *benchServer) peakRSS(b *testing.B) float64 {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		b.Fatal(err)
	}
	for line := range strings.SplitSeq(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			if err != nil {
				b.Fatal(err)
			}
			return float64(kb) / 1024
		}
	}
	b.Fatal("no VmHWM")
	return 0
}

func apiLogin(b *testing.B, url, user string) string {
	body, _ := json.Marshal(map[string]string{"username": user, "password": demo.Password})
	resp, err := http.Post(url+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Token string `json:"token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Token == "" {
		b.Fatalf("login %s: %s %v", user, resp.Status, err)
	}
	return out.Token
}

func copyFile(b *testing.B, src, dst string) {
	in, err := os.Open(src)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}

func envInt(b *testing.B, name string, def int) int {
	if v := os.Getenv(name); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			b.Fatalf("%s: %q is not a positive number", name, v)
		}
		return n
	}
	return def
}

func envInts(b *testing.B, name string, def []int) []int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	var out []int
	for f := range strings.SplitSeq(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			b.Fatalf("%s: %q is not a rate", name, f)
		}
		out = append(out, n)
	}
	return out
}

func envDuration(b *testing.B, name string, def time.Duration) time.Duration {
	if v := os.Getenv(name); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > 5*time.Minute {
			b.Fatalf("%s: %q is not a duration up to 5m", name, v)
		}
		return d
	}
	return def
}
