package api_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tuoyu/internal/app"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
	"tuoyu/internal/testkit"
)

// Issue 4 §13: importing a 5,000-row roster (time and peak memory) and
// exporting a month of attendance for 100,000 children-days (peak memory
// under 100 MB), through the real HTTP API, on each database:
//
//	go test -run '^$' -bench 'ImportChildren5000|ExportAttendanceMonth' -benchtime 1x ./internal/api
//	TUOYU_TEST_POSTGRES=postgres://… go test -run '^$' -bench … ./internal/api
//
// Peak memory is the Go heap in use (runtime.MemStats.HeapInuse), sampled
// every 5 ms while the request runs, server and client together in the one
// process; alloc_MB is what the request allocated in all (TotalAlloc).
// The whole process is measured too: peak_sys_MB is the memory the Go
// runtime holds from the system (Sys less HeapReleased: heap, stacks and
// the runtime's own), sampled likewise, and peak_rss_MB the resident set
// at its peak (VmHWM of /proc/self/status, reset when sampling starts;
// Linux only), which also counts SQLite's page cache outside the Go heap.

// benchMem is what benchPeak measured, in MB: the heap in use at its peak
// (live data and garbage not yet collected, as GOGC=100 lets it grow), the
// live heap at its peak (as each GC cycle marked it), the heap in use when
// sampling started (the app itself), what was allocated meanwhile, the Go
// runtime's memory from the system at its peak and at the start, and the
// resident set at its peak and at the start (0 where not known).
type benchMem struct{ peak, live, base, alloc, sys, baseSys, rss, baseRSS float64 }

// merge keeps the peaks of two runs and adds up what they allocated.
func (m benchMem) merge(n benchMem) benchMem {
	return benchMem{peak: max(m.peak, n.peak), live: max(m.live, n.live), base: n.base, alloc: m.alloc + n.alloc,
		sys: max(m.sys, n.sys), baseSys: n.baseSys, rss: max(m.rss, n.rss), baseRSS: n.baseRSS}
}

// procStatus reads a size in kB from /proc/self/status ("VmHWM", "VmRSS"),
// in MB; 0 where there is none.
func procStatus(field string) float64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(raw)) {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			if err != nil {
				return 0
			}
			return kb / 1024
		}
	}
	return 0
}

// benchPeak samples the heap every 5 ms until stop is called.
func benchPeak() (stop func() benchMem) {
	debug.FreeOSMemory()
	var start runtime.MemStats
	runtime.ReadMemStats(&start)
	peak, sys := start.HeapInuse, start.Sys-start.HeapReleased
	// "5" resets the peak resident set to the current one (Linux)
	rssKnown := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	baseRSS := procStatus("VmRSS")
	var live uint64
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
				sys = max(sys, m.Sys-m.HeapReleased)
				metrics.Read(sample)
				if sample[0].Value.Kind() == metrics.KindUint64 {
					live = max(live, sample[0].Value.Uint64())
				}
			}
		}
	}()
	return func() benchMem {
		close(done)
		wg.Wait()
		var end runtime.MemStats
		runtime.ReadMemStats(&end)
		peak = max(peak, end.HeapInuse)
		sys = max(sys, end.Sys-end.HeapReleased)
		const mb = 1 << 20
		m := benchMem{peak: float64(peak) / mb, live: float64(live) / mb, base: float64(start.HeapInuse) / mb, alloc: float64(end.TotalAlloc-start.TotalAlloc) / mb,
			sys: float64(sys) / mb, baseSys: float64(start.Sys-start.HeapReleased) / mb}
		if rssKnown {
			m.rss, m.baseRSS = procStatus("VmHWM"), baseRSS
		}
		return m
	}
}

// benchInstitution makes a big centre in 宝塔区 with its director's token.
func benchInstitution(b *testing.B, a *app.App, places int) (int64, string) {
	ctx := context.Background()
	svc, sys := a.Service, authz.System("bench")
	county, err := svc.AddUser(ctx, sys, service.NewUser{Username: "county", Role: domain.RoleCountyRegulator, RegionCode: "610602", Password: password})
	if err != nil {
		b.Fatal(err)
	}
	inst, err := svc.CreateInstitution(ctx, authz.ForUser(county, "", 0), service.NewInstitution{Name: "基准托育中心", CreditCode: creditCode(b, "52", "610602", 9),
		Kind: domain.KindCentre, Nature: domain.NaturePrivate, TownshipCode: "610602001", Address: "某路1号", Phone: "0911-2345678", LegalRep: "张三",
		PersonInCharge: "李四", Places: places})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := svc.AddUser(ctx, sys, service.NewUser{Username: "director", Role: domain.RoleDirector, InstitutionID: inst.ID, Password: password}); err != nil {
		b.Fatal(err)
	}
	login, err := svc.Login(ctx, "director", password, "", "")
	if err != nil {
		b.Fatal(err)
	}
	return inst.ID, login.Token
}

// benchRawDB opens the app's database directly, with the placeholder style
// of the dialect.
func benchRawDB(b *testing.B, a *app.App) (*sql.DB, func(string) string) {
	dsn := a.Config.DB
	if store.IsPostgres(dsn) {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		return db, func(q string) string {
			var sb strings.Builder
			n := 0
			for _, c := range q {
				if c == '?' {
					n++
					fmt.Fprintf(&sb, "$%d", n)
					continue
				}
				sb.WriteRune(c)
			}
			return sb.String()
		}
	}
	db, err := sql.Open("sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	b.Cleanup(func() { db.Close() })
	return db, func(q string) string { return q }
}

// benchClasses adds n 托大班 classes of 20 places named 大班1…大班n.
func benchClasses(b *testing.B, a *app.App, inst int64, n int) []int64 {
	db, rebind := benchRawDB(b, a)
	now := time.Now().UTC()
	ids := make([]int64, n)
	for i := range ids {
		if err := db.QueryRow(rebind("INSERT INTO classes (institution_id, name, type, capacity, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id"),
			inst, fmt.Sprintf("大班%d", i+1), "toddler_older", 20, now, now).Scan(&ids[i]); err != nil {
			b.Fatal(err)
		}
	}
	return ids
}

// benchRoster is a children roster of n rows, 20 a class, written with the
// stream writer.
func benchRoster(b *testing.B, n int) []byte {
	x := excelize.NewFile()
	defer x.Close()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	header := make([]any, len(impChildHeader))
	for i, h := range impChildHeader {
		header[i] = h
	}
	sw.SetRow("A1", header)
	first := time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		birth := first.AddDate(0, 0, i%300).Format("20060102")
		row := impChild(b, fmt.Sprintf("大班%d", i/20+1), birth, i/300+1)
		row[0] = fmt.Sprintf("孩子%d", i)
		row[15] = fmt.Sprintf("139%08d", i)
		vals := make([]any, len(row))
		for j, v := range row {
			vals[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, vals); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func benchUpload(b *testing.B, url, token string, data []byte, want int) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", "roster.xlsx")
	fw.Write(data)
	w.Close()
	req, _ := http.NewRequest("POST", url, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		b.Fatalf("status %d: %.500s", resp.StatusCode, body)
	}
}

// BenchmarkImportChildren5000: a 5,000-row children roster (250 classes of
// 20) previewed, then imported, each in one transaction.
func BenchmarkImportChildren5000(b *testing.B) {
	const rows = 5000
	roster := benchRoster(b, rows)
	for _, backend := range testkit.Backends() {
		b.Run(backend.Name, func(b *testing.B) {
			var preview, commit time.Duration
			var mem benchMem
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				a := testkit.NewApp(b, backend, testkit.DefaultNow)
				srv := httptest.NewServer(a.Handler())
				inst, token := benchInstitution(b, a, rows+100)
				benchClasses(b, a, inst, rows/20)
				url := fmt.Sprintf("%s/api/v1/institutions/%d/imports?kind=children", srv.URL, inst)
				b.StartTimer()

				stop := benchPeak()
				t0 := time.Now()
				benchUpload(b, url+"&dry_run=1", token, roster, http.StatusOK)
				preview += time.Since(t0)
				t0 = time.Now()
				benchUpload(b, url, token, roster, http.StatusCreated)
				commit += time.Since(t0)
				m := stop()
				mem = mem.merge(m)

				b.StopTimer()
				if n, _, err := a.Service.DB.Read().CountInstitutionEnrolled(context.Background(), inst); err != nil || n != rows {
					b.Fatalf("enrolled after the import: %d, %v", n, err)
				}
				srv.Close()
				b.StartTimer()
			}
			b.ReportMetric(preview.Seconds()/float64(b.N), "preview_s")
			b.ReportMetric(commit.Seconds()/float64(b.N), "import_s")
			b.ReportMetric(float64(rows)/(commit.Seconds()/float64(b.N)), "rows/s")
			mem.report(b)
		})
	}
}

func (m benchMem) report(b *testing.B) {
	b.ReportMetric(m.peak, "peak_heap_MB")
	b.ReportMetric(m.live, "peak_live_MB")
	b.ReportMetric(m.base, "base_heap_MB")
	b.ReportMetric(m.alloc/float64(b.N), "alloc_MB")
	b.ReportMetric(m.sys, "peak_sys_MB")
	b.ReportMetric(m.baseSys, "base_sys_MB")
	if m.rss > 0 {
		b.ReportMetric(m.rss, "peak_rss_MB")
		b.ReportMetric(m.baseRSS, "base_rss_MB")
	}
}

// BenchmarkExportAttendanceMonth: September 2026 of a centre with 5,000
// children, each with a record on the first 20 working days (100,000
// children-days, inserted with plain SQL), exported over HTTP; the body is
// read and discarded by the client as it arrives. first_byte_s is how long
// the client waits for the response to begin (the workbook is streamed).
func BenchmarkExportAttendanceMonth(b *testing.B) {
	const children, days = 5000, 20
	for _, backend := range testkit.Backends() {
		b.Run(backend.Name, func(b *testing.B) {
			a := testkit.NewApp(b, backend, testkit.DefaultNow)
			srv := httptest.NewServer(a.Handler())
			defer srv.Close()
			inst, token := benchInstitution(b, a, children+100)
			classes := benchClasses(b, a, inst, children/20)
			var dates []string
			for d := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC); len(dates) < days; d = d.AddDate(0, 0, 1) {
				if a.Service.Calendar.IsWorkday(d) {
					dates = append(dates, d.Format(time.DateOnly))
				}
			}
			db, rebind := benchRawDB(b, a)
			now := time.Now().UTC()
			tx, err := db.Begin()
			if err != nil {
				b.Fatal(err)
			}
			ids := make([]int64, children)
			for i := range ids {
				if err := tx.QueryRow(rebind(`INSERT INTO children (name, sex, birth_date, cert_type, cert_enc, cert_hash, cert_masked, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), fmt.Sprintf("孩子%04d", i), "female", "2024-01-01", "resident_id", "enc",
					fmt.Sprintf("bench-%d", i), "610602********0000", now, now).Scan(&ids[i]); err != nil {
					b.Fatal(err)
				}
				if _, err := tx.Exec(rebind(`INSERT INTO enrolments (child_id, institution_id, class_id, care_type, start_date, created_at) VALUES (?, ?, ?, ?, ?, ?)`),
					ids[i], inst, classes[i/20], "full_day", "2026-08-01", now); err != nil {
					b.Fatal(err)
				}
			}
			// 100,000 rows, 500 to a statement
			const chunk = 500
			var vals []string
			var args []any
			flush := func() {
				if len(vals) == 0 {
					return
				}
				if _, err := tx.Exec(rebind(`INSERT INTO attendance (child_id, institution_id, class_id, date, check_in, check_out, picked_up_by, updated_at) VALUES `+
					strings.Join(vals, ", ")), args...); err != nil {
					b.Fatal(err)
				}
				vals, args = vals[:0], args[:0]
			}
			for _, date := range dates {
				d, _ := time.Parse(time.DateOnly, date)
				in, out := d.Add(15*time.Minute), d.Add(9*time.Hour)
				for i, id := range ids {
					if i%50 == 7 {
						vals = append(vals, "(?, ?, ?, ?, NULL, NULL, '', ?)")
						args = append(args, id, inst, classes[i/20], date, now)
					} else {
						vals = append(vals, "(?, ?, ?, ?, ?, ?, '', ?)")
						args = append(args, id, inst, classes[i/20], date, in, out, now)
					}
					if len(vals) == chunk {
						flush()
					}
				}
			}
			flush()
			if _, err := tx.Exec(rebind("UPDATE attendance SET absent_reason = 'sick', symptoms = '发热' WHERE check_in IS NULL")); err != nil {
				b.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}

			url := fmt.Sprintf("%s/api/v1/institutions/%d/attendance.xlsx?month=2026-09", srv.URL, inst)
			var mem benchMem
			var size float64
			var elapsed, firstByte time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				stop := benchPeak()
				t0 := time.Now()
				req, _ := http.NewRequest("GET", url, nil)
				req.Header.Set("Authorization", "Bearer "+token)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				firstByte += time.Since(t0) // the headers go out with the first bytes of the workbook
				n, err := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					b.Fatalf("status %d, %v", resp.StatusCode, err)
				}
				elapsed += time.Since(t0)
				m := stop()
				mem = mem.merge(m)
				size = float64(n) / (1 << 20)
			}
			b.ReportMetric(elapsed.Seconds()/float64(b.N), "export_s")
			b.ReportMetric(firstByte.Seconds()/float64(b.N), "first_byte_s")
			mem.report(b)
			b.ReportMetric(size, "xlsx_MB")
			b.ReportMetric(float64(children*days), "children_days")
		})
	}
}
