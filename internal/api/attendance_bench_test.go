package api_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/testkit"
)

// BenchmarkAttendanceBatch measures batch check-in through the API on
// SQLite (issue §13): 500 children checked in, in batches of 100, over
// HTTP (authentication, validation, scope, merge, upsert, audit) — against
// a plain prepared-statement INSERT of the same rows in the same run (one
// transaction per 100 rows, same pragmas, the two alternating batch by
// batch), on a table holding a month of history. The goal is at least half
// the plain rate. service_records/s is the same batches handed to the
// service in-process (no HTTP), to show what the round trip costs;
// api_5_tablets_records/s posts the five batches of a round at once, as
// five classes' tablets would.
//
//	go test -run '^$' -bench AttendanceBatch ./internal/api
func BenchmarkAttendanceBatch(b *testing.B) {
	const children, batch, history = 500, 100, 30
	ctx := context.Background()
	a := testkit.NewApp(b, testkit.Backends()[0], testkit.DefaultNow)
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	svc, sys := a.Service, authz.System("bench")
	county, err := svc.AddUser(ctx, sys, service.NewUser{Username: "county", Role: domain.RoleCountyRegulator, RegionCode: "610602", Password: password})
	if err != nil {
		b.Fatal(err)
	}
	inst, err := svc.CreateInstitution(ctx, authz.ForUser(county, "", 0), service.NewInstitution{Name: "基准托育中心", CreditCode: creditCode(b, "52", "610602", 7),
		Kind: domain.KindCentre, Nature: domain.NaturePrivate, TownshipCode: "610602001", Address: "某路1号", Phone: "0911-2345678", LegalRep: "张三",
		PersonInCharge: "李四", Places: 600})
	if err != nil {
		b.Fatal(err)
	}
	carer, err := svc.AddUser(ctx, sys, service.NewUser{Username: "carer", Role: domain.RoleCaregiver, InstitutionID: inst.ID, Password: password})
	if err != nil {
		b.Fatal(err)
	}
	login, err := svc.Login(ctx, "carer", password, "", "")
	if err != nil {
		b.Fatal(err)
	}

	plain, err := sql.Open("sqlite", "file:"+a.Config.DB+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	defer plain.Close()
	plain.SetMaxOpenConns(1)
	now := time.Now().UTC()
	var classID int64
	if err := plain.QueryRow("INSERT INTO classes (institution_id, name, type, capacity, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
		inst.ID, "大班", "toddler_older", children, now, now).Scan(&classID); err != nil {
		b.Fatal(err)
	}
	ids := make([]int64, children)
	tx, _ := plain.Begin()
	for i := range ids {
		if err := tx.QueryRow(`INSERT INTO children (name, sex, birth_date, cert_type, cert_enc, cert_hash, cert_masked, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, fmt.Sprintf("孩子%d", i), "female", "2024-01-01", "resident_id", "enc",
			fmt.Sprintf("bench-%d", i), "610602********0000", now, now).Scan(&ids[i]); err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO enrolments (child_id, institution_id, class_id, care_type, start_date, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			ids[i], inst.ID, classID, "full_day", "2020-01-01", now); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}

	post := func(body []byte) {
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/attendance", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+login.Token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Error(err)
			return
		}
		raw, err := io.ReadAll(resp.Body) // read to the end so the connection is kept alive
		resp.Body.Close()
		if err != nil {
			b.Error(err)
			return
		}
		var out domain.BatchOutcome
		if err := json.Unmarshal(raw, &out); err != nil || resp.StatusCode != 200 || out.Applied != batch {
			b.Errorf("status %d, %+v, %v", resp.StatusCode, out, err)
		}
	}
	// A month of history, as an institution has a few weeks into the term,
	// so both paths write into indexes of a realistic size.
	insertPlain := func(date string, checkIn time.Time, children []int64) {
		tx, err := plain.Begin()
		if err != nil {
			b.Fatal(err)
		}
		stmt, err := tx.Prepare(`INSERT INTO attendance (child_id, institution_id, class_id, date, check_in, recorded_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		for _, id := range children {
			if _, err := stmt.Exec(id, inst.ID, classID, date, checkIn, carer.ID, time.Now().UTC()); err != nil {
				b.Fatal(err)
			}
		}
		stmt.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	for d := range history {
		day := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d)
		insertPlain(day.Format(time.DateOnly), day.Add(15*time.Minute), ids)
	}

	// Each round checks every child in once through the API (a new date each
	// round, so every item is a new record) and inserts the same rows plainly
	// (other dates), a batch of each in turn so both see the same load.
	var apiTime, svcTime, concTime, plainTime time.Duration
	var records int
	round := 0
	yesterday := time.Date(2026, 9, 29, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		date := yesterday.AddDate(0, 0, -round).Format(time.DateOnly)
		sdate := yesterday.AddDate(0, 0, -1000-round).Format(time.DateOnly)
		pday := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, round)
		for start := 0; start < children; start += batch {
			items := make([]domain.AttendanceItem, 0, batch)
			for _, id := range ids[start : start+batch] {
				items = append(items, domain.AttendanceItem{ChildID: id, Date: date, CheckIn: "08:15"})
			}
			body, _ := json.Marshal(items)
			t0 := time.Now()
			post(body)
			apiTime += time.Since(t0)

			// The same items straight to the service (other dates), to show
			// what the HTTP round trip costs.
			for i := range items {
				items[i].Date = sdate
			}
			t0 = time.Now()
			actor, err := svc.Authenticate(ctx, login.Token, "")
			if err != nil {
				b.Fatal(err)
			}
			if out, err := a.Daily.RecordAttendance(ctx, actor, items); err != nil || out.Applied != batch {
				b.Fatalf("service: %v %+v", err, out)
			}
			svcTime += time.Since(t0)

			t0 = time.Now()
			insertPlain(pday.Format(time.DateOnly), pday.Add(15*time.Minute), ids[start:start+batch])
			plainTime += time.Since(t0)
		}

		// Five tablets, one per 100 children, posting at once: the round
		// trips overlap while SQLite writes one batch at a time.
		cdate := yesterday.AddDate(0, 0, -2000-round).Format(time.DateOnly)
		bodies := make([][]byte, 0, children/batch)
		for start := 0; start < children; start += batch {
			items := make([]domain.AttendanceItem, 0, batch)
			for _, id := range ids[start : start+batch] {
				items = append(items, domain.AttendanceItem{ChildID: id, Date: cdate, CheckIn: "08:15"})
			}
			body, _ := json.Marshal(items)
			bodies = append(bodies, body)
		}
		t0 := time.Now()
		var wg sync.WaitGroup
		for _, body := range bodies {
			wg.Go(func() { post(body) })
		}
		wg.Wait()
		concTime += time.Since(t0)
		records += children
		round++
	}
	apiRate := float64(records) / apiTime.Seconds()
	plainRate := float64(records) / plainTime.Seconds()
	b.ReportMetric(apiRate, "api_records/s")
	b.ReportMetric(float64(records)/svcTime.Seconds(), "service_records/s")
	b.ReportMetric(float64(records)/concTime.Seconds(), "api_5_tablets_records/s")
	b.ReportMetric(plainRate, "plain_records/s")
	b.ReportMetric(apiRate/plainRate, "api/plain")
}
