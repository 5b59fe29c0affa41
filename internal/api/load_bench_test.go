package api_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
	"tuoyu/internal/testkit"
)

// BenchmarkLoad is the load test of the issue (§13): the real application
// on 127.0.0.1 (an httptest server over app.Handler, with an institution
// like the demo's: 6 classes of 50 children) takes vegeta's attack at a
// fixed rate for a few seconds. Two requests in three are a tablet's batch
// check-in (10 children of a class, every item a new record) and one in
// three is the class grid of a day (GET .../attendance?date=&class_id=),
// all with a caregiver's bearer token. It reports the success ratio, the
// throughput (successful requests/s), the check-ins written per second and
// the latency percentiles, and fails if any request fails: a transport
// error, a status other than 200, or a batch item refused.
//
// It is a benchmark so that go test does not run it:
//
//	go test -run '^$' -bench Load -benchtime 1x ./internal/api
//
// TUOYU_LOAD_RATES sets the rates in requests per second (default
// "200,500"), TUOYU_LOAD_DURATION the length of each attack (default 5s).
// It runs on SQLite, and on PostgreSQL too when TUOYU_TEST_POSTGRES is set.
// Every request goes to the loopback address the server listens on.
func BenchmarkLoad(b *testing.B) {
	rates := []int{200, 500}
	if v := os.Getenv("TUOYU_LOAD_RATES"); v != "" {
		rates = nil
		for f := range strings.SplitSeq(v, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n <= 0 {
				b.Fatalf("TUOYU_LOAD_RATES: %q is not a rate", f)
			}
			rates = append(rates, n)
		}
	}
	duration := 5 * time.Second
	if v := os.Getenv("TUOYU_LOAD_DURATION"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 || d > 5*time.Minute {
			b.Fatalf("TUOYU_LOAD_DURATION: %q is not a duration up to 5m", v)
		}
		duration = d
	}
	for _, backend := range testkit.Backends() {
		b.Run(backend.Name, func(b *testing.B) {
			l := newLoadSite(b, backend)
			for _, rate := range rates {
				b.Run(fmt.Sprintf("rate=%d", rate), func(b *testing.B) {
					for b.Loop() {
						l.attack(b, rate, duration)
					}
				})
			}
		})
	}
}

const (
	loadClasses  = 6
	loadPerClass = 50
	loadBatch    = 10 // children in one batch: a fifth of a class
)

// loadSite is the server under attack and what its targets need.
type loadSite struct {
	srv     *httptest.Server
	token   string
	inst    int64
	classes []int64
	// children by class, in enrolment order.
	children [][]int64
	// next numbers the batches: batch n checks in the n-th slice of
	// children on the n-th day back from yesterday, so no two batches
	// write the same record, across attacks too.
	next atomic.Uint64
}

func newLoadSite(b *testing.B, backend testkit.Backend) *loadSite {
	ctx := context.Background()
	a := testkit.NewApp(b, backend, testkit.DefaultNow)
	srv := httptest.NewServer(a.Handler())
	b.Cleanup(srv.Close)
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		b.Fatalf("the server is not on the loopback address: %s", srv.URL)
	}
	svc, sys := a.Service, authz.System("load")
	county, err := svc.AddUser(ctx, sys, service.NewUser{Username: "county", Role: domain.RoleCountyRegulator, RegionCode: "610602", Password: password})
	if err != nil {
		b.Fatal(err)
	}
	inst, err := svc.CreateInstitution(ctx, authz.ForUser(county, "", 0), service.NewInstitution{Name: "压测托育中心", CreditCode: creditCode(b, "52", "610602", 8),
		Kind: domain.KindCentre, Nature: domain.NaturePrivate, TownshipCode: "610602001", Address: "某路2号", Phone: "0911-2345678", LegalRep: "张三",
		PersonInCharge: "李四", Places: loadClasses * loadPerClass})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := svc.AddUser(ctx, sys, service.NewUser{Username: "carer", Role: domain.RoleCaregiver, InstitutionID: inst.ID, Password: password}); err != nil {
		b.Fatal(err)
	}
	login, err := svc.Login(ctx, "carer", password, "", "")
	if err != nil {
		b.Fatal(err)
	}
	l := &loadSite{srv: srv, token: login.Token, inst: inst.ID}

	// Classes and children go in with plain SQL, as the import would, to
	// keep the set-up short.
	dsn := a.Config.DB
	driver, bind := "sqlite", func(q string) string { return q }
	if store.IsPostgres(dsn) {
		driver, bind = "pgx", func(q string) string {
			n := 0
			return replaceEach(q, "?", func() string { n++; return "$" + strconv.Itoa(n) })
		}
	} else {
		dsn = "file:" + dsn + "?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now().UTC()
	n := 0
	for k := range loadClasses {
		var class int64
		if err := tx.QueryRow(bind("INSERT INTO classes (institution_id, name, type, capacity, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id"),
			inst.ID, fmt.Sprintf("%d班", k+1), "toddler_older", loadPerClass, now, now).Scan(&class); err != nil {
			b.Fatal(err)
		}
		l.classes = append(l.classes, class)
		var kids []int64
		for range loadPerClass {
			n++
			var id int64
			if err := tx.QueryRow(bind(`INSERT INTO children (name, sex, birth_date, cert_type, cert_enc, cert_hash, cert_masked, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), fmt.Sprintf("孩子%d", n), "female", "2024-01-01", "resident_id", "enc",
				fmt.Sprintf("load-%d", n), "610602********0000", now, now).Scan(&id); err != nil {
				b.Fatal(err)
			}
			if _, err := tx.Exec(bind(`INSERT INTO enrolments (child_id, institution_id, class_id, care_type, start_date, created_at) VALUES (?, ?, ?, ?, ?, ?)`),
				id, inst.ID, class, "full_day", "2000-01-01", now); err != nil {
				b.Fatal(err)
			}
			kids = append(kids, id)
		}
		l.children = append(l.children, kids)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return l
}

// replaceEach replaces every old in s by what next returns.
func replaceEach(s, old string, next func() string) string {
	var out strings.Builder
	for {
		i := strings.Index(s, old)
		if i < 0 {
			return out.String() + s
		}
		out.WriteString(s[:i] + next())
		s = s[i+len(old):]
	}
}

var loadYesterday = time.Date(2026, 9, 29, 0, 0, 0, 0, time.UTC) // testkit.DefaultNow's yesterday

// targeter hands out the requests: two batch check-ins, then a grid.
// Workers call it concurrently.
func (l *loadSite) targeter() vegeta.Targeter {
	var seq atomic.Uint64
	header := http.Header{"Authorization": {"Bearer " + l.token}, "Content-Type": {"application/json"}}
	slices := loadClasses * loadPerClass / loadBatch
	perClass := loadPerClass / loadBatch
	return func(t *vegeta.Target) error {
		s := seq.Add(1)
		t.Header = header
		if s%3 == 0 {
			day := loadYesterday.AddDate(0, 0, -int(s%30))
			class := l.classes[int(s/3)%loadClasses]
			t.Method, t.Body = "GET", nil
			t.URL = fmt.Sprintf("%s/api/v1/institutions/%d/attendance?date=%s&class_id=%d", l.srv.URL, l.inst, day.Format(time.DateOnly), class)
			return nil
		}
		n := int(l.next.Add(1) - 1)
		slice, day := n%slices, loadYesterday.AddDate(0, 0, -n/slices)
		kids := l.children[slice/perClass][(slice%perClass)*loadBatch:][:loadBatch]
		items := make([]domain.AttendanceItem, len(kids))
		for i, id := range kids {
			items[i] = domain.AttendanceItem{ChildID: id, Date: day.Format(time.DateOnly), CheckIn: "08:" + strconv.Itoa(10+i)}
		}
		body, err := json.Marshal(items)
		if err != nil {
			return err
		}
		t.Method, t.URL, t.Body = "POST", l.srv.URL+"/api/v1/attendance", body
		return nil
	}
}

// attack runs one attack and reports it; any failed request fails b.
func (l *loadSite) attack(b *testing.B, rate int, duration time.Duration) {
	attacker := vegeta.NewAttacker(vegeta.Timeout(10*time.Second), vegeta.KeepAlive(true))
	var m vegeta.Metrics
	var failed, written int
	var first string
	for r := range attacker.Attack(l.targeter(), vegeta.Rate{Freq: rate, Per: time.Second}, duration, "tuoyu") {
		m.Add(r)
		problem := r.Error
		if problem == "" && r.Code != http.StatusOK {
			problem = fmt.Sprintf("status %d: %.200s", r.Code, r.Body)
		}
		if problem == "" && r.Method == "POST" {
			var out domain.BatchOutcome
			if err := json.NewDecoder(bytes.NewReader(r.Body)).Decode(&out); err != nil || out.Failed != 0 || out.Applied != loadBatch {
				problem = fmt.Sprintf("batch: %v %.200s", err, r.Body)
			}
			written += out.Applied
		}
		if problem != "" {
			if failed == 0 {
				first = r.Method + " " + r.URL + ": " + problem
			}
			failed++
		}
	}
	m.Close()
	b.ReportMetric(m.Success, "success_ratio")
	b.ReportMetric(m.Throughput, "ok_requests/s")
	b.ReportMetric(float64(written)/m.Duration.Seconds(), "checkins/s")
	b.ReportMetric(float64(m.Latencies.P50.Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(m.Latencies.P95.Microseconds())/1000, "p95_ms")
	b.ReportMetric(float64(m.Latencies.P99.Microseconds())/1000, "p99_ms")
	b.ReportMetric(float64(m.Latencies.Max.Microseconds())/1000, "max_ms")
	if failed > 0 {
		b.Fatalf("%d of %d requests failed at %d/s; the first: %s", failed, m.Requests, rate, first)
	}
}
