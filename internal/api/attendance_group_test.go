package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"tuoyu/internal/service"
	"tuoyu/internal/testkit"
)

// checkinAnswer is what one single check-in request got.
type checkinAnswer struct {
	status     int
	retryAfter string
	out        batchOut
	body       string
}

// postCheckin posts one check-in with a token; safe from any goroutine.
func postCheckin(url, token string, child int64, date string) (checkinAnswer, error) {
	body, _ := json.Marshal([]map[string]any{{"child_id": child, "date": date, "check_in": "08:20"}})
	req, _ := http.NewRequest("POST", url+"/api/v1/attendance", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return checkinAnswer{}, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := checkinAnswer{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After"), body: string(raw)}
	if resp.StatusCode == 200 {
		err = json.Unmarshal(raw, &a.out)
	}
	return a, err
}

// TestAttendanceGroupCommit: concurrent single check-ins are committed
// together by the attendance writer. Held while they queue, 30 requests
// make one group: 27 valid check-ins, one of a child out of the caregiver's
// scope (its item refused, not_found), one refused by the database (a
// trigger: its savepoint is rolled back and it alone fails) and one
// check-out before its check-in (refused by the merge). Every valid one is
// answered 200 after the commit, is read back at once on another
// connection, and has its own audit event; the failed ones wrote nothing.
func TestAttendanceGroupCommit(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			f := newDailyFixture(t, e)
			const n = 30
			kids := make([]int64, n)
			for i := range kids {
				kids[i] = f.addChild(t, fmt.Sprintf("并发%d", i), e.inst["baota"], f.class["sun"], "full_day", "2026-01-01")
			}
			refused := kids[n-1]
			if f.pg {
				f.exec(fmt.Sprintf(`CREATE FUNCTION refuse_one() RETURNS trigger AS $$ BEGIN IF NEW.child_id = %d THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`, refused))
				f.exec(`CREATE TRIGGER refuse_one BEFORE INSERT ON attendance FOR EACH ROW EXECUTE FUNCTION refuse_one()`)
			} else {
				f.exec(fmt.Sprintf(`CREATE TRIGGER refuse_one BEFORE INSERT ON attendance WHEN NEW.child_id = %d BEGIN SELECT RAISE(ABORT, 'refused'); END`, refused))
			}
			// kids[n-2] was collected at 08:00: a check-in at 08:20 is after it
			in, out := time.Date(2026, 9, 29, 7, 30, 0, 0, service.China), time.Date(2026, 9, 29, 8, 0, 0, 0, service.China)
			f.exec(`INSERT INTO attendance (child_id, institution_id, class_id, date, check_in, check_out, picked_up_by, recorded_by, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, kids[n-2], e.inst["baota"], f.class["sun"], fixYesterday, in.UTC(), out.UTC(), "guardian:1", f.user["carer1"], f.now())
			token := e.login("carer1")
			auditBefore := f.count("SELECT COUNT(*) FROM audit_events WHERE action = 'attendance.record'")

			svc := e.app.Daily
			release := svc.HoldAttendanceWriter()
			answers := make([]checkinAnswer, n+1)
			errs := make([]error, n+1)
			seen := make([]int, n+1) // records read back right after the answer
			var wg sync.WaitGroup
			for i := range n + 1 {
				child := int64(0)
				if i < n {
					child = kids[i]
				} else {
					child = f.child["a1"] // ansai's: not in carer1's scope
				}
				wg.Go(func() {
					answers[i], errs[i] = postCheckin(e.srv.URL, token, child, fixYesterday)
					if errs[i] == nil && answers[i].status == 200 {
						var c int
						errs[i] = f.db.QueryRow(f.bind("SELECT COUNT(*) FROM attendance WHERE child_id = ? AND date = ? AND check_in IS NOT NULL"), child, fixYesterday).Scan(&c)
						seen[i] = c
					}
				})
			}
			waitFor(t, func() bool { return svc.AttendanceQueued() == n+1 })
			release()
			wg.Wait()

			ok := 0
			for i, a := range answers {
				if errs[i] != nil {
					t.Fatalf("request %d: %v", i, errs[i])
				}
				switch {
				case i == n-1: // the trigger
					if a.status != 500 {
						t.Errorf("refused by the database: status %d %s", a.status, a.body)
					}
				case i == n-2 || i == n: // refused items
					if a.status != 200 || a.out.Applied != 0 || a.out.Failed != 1 {
						t.Errorf("request %d: %d %s", i, a.status, a.body)
					}
				default:
					if a.status != 200 || a.out.Applied != 1 || a.out.Results[0].ID == 0 {
						t.Errorf("request %d: %d %s", i, a.status, a.body)
					}
					if seen[i] != 1 {
						t.Errorf("request %d answered before its record was committed", i)
					}
					ok++
				}
			}
			if ok != n-2 {
				t.Fatalf("%d check-ins applied, want %d", ok, n-2)
			}
			if got := f.count("SELECT COUNT(*) FROM attendance WHERE date = ? AND check_in IS NOT NULL AND check_out IS NULL", fixYesterday); got != n-2 {
				t.Errorf("%d records checked in, want %d", got, n-2)
			}
			if got := f.count("SELECT COUNT(*) FROM attendance WHERE child_id = ?", refused); got != 0 {
				t.Errorf("the refused request wrote %d records", got)
			}
			// one audit event per request that wrote, none for the others
			if got := f.count("SELECT COUNT(*) FROM audit_events WHERE action = 'attendance.record'") - auditBefore; got != n-2 {
				t.Errorf("%d audit events, want %d", got, n-2)
			}
		})
	}
}

// TestAttendanceQueueFull: when the writer's queue is full a check-in is
// refused at once with 503 and Retry-After, writing nothing; the queued
// ones are written when the writer runs, and a check-in after that is
// taken again.
func TestAttendanceQueueFull(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			f := newDailyFixture(t, e)
			svc := e.app.Daily
			svc.UseAttendanceQueue(2)
			token := e.login("carer1")
			release := svc.HoldAttendanceWriter()
			var wg sync.WaitGroup
			queued := make([]checkinAnswer, 2)
			for i, k := range []string{"c1", "c2"} {
				wg.Go(func() {
					a, err := postCheckin(e.srv.URL, token, f.child[k], fixYesterday)
					if err != nil {
						t.Error(err)
					}
					queued[i] = a
				})
			}
			waitFor(t, func() bool { return svc.AttendanceQueued() == 2 })
			full, err := postCheckin(e.srv.URL, token, f.child["c3"], fixYesterday)
			if err != nil {
				t.Fatal(err)
			}
			if full.status != 503 || full.retryAfter == "" {
				t.Fatalf("a full queue answered %d (Retry-After %q): %s", full.status, full.retryAfter, full.body)
			}
			var body struct {
				Error struct {
					Code string `json:"code"`
				} `json:"error"`
			}
			if err := json.Unmarshal([]byte(full.body), &body); err != nil || body.Error.Code != "busy" {
				t.Errorf("busy answer: %s", full.body)
			}
			release()
			wg.Wait()
			for i, a := range queued {
				if a.status != 200 || a.out.Applied != 1 {
					t.Errorf("queued request %d: %d %s", i, a.status, a.body)
				}
			}
			if got := f.count("SELECT COUNT(*) FROM attendance WHERE child_id = ?", f.child["c3"]); got != 0 {
				t.Errorf("the refused check-in wrote %d records", got)
			}
			again, err := postCheckin(e.srv.URL, token, f.child["c3"], fixYesterday)
			if err != nil || again.status != 200 || again.out.Applied != 1 {
				t.Fatalf("retry after the queue emptied: %v %d %s", err, again.status, again.body)
			}
			if got := f.count("SELECT COUNT(*) FROM attendance WHERE date = ?", fixYesterday); got != 3 {
				t.Errorf("%d records, want 3", got)
			}
		})
	}
}

// waitFor polls cond for up to ten seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for range 10000 {
		if cond() {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("timed out waiting")
}
