package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/testkit"
)

// dailyFixture is the data the daily-record tests work on, inserted with
// plain SQL into the tables of the children and staff use cases:
//
//	baota: class "向日葵班" (toddler_older, 1:7): children c1–c4 (c4 hourly care)
//	       class "小星星班" (infant, 1:3): children b1–b4
//	ansai: class "安塞班" (toddler_young): child a1
//
// c1 has guardians g1 (linked to parent1) and g2 (no account) and pick-up
// person p1; c2 has guardian g3 and pick-up person p2; a1 has guardian g4
// (linked to parent2). Staff: s1 (linked to carer1) and s2 (no account) care
// for 向日葵班, s3 and s4 (no accounts) for 小星星班, s5 for 安塞班.
type dailyFixture struct {
	*rawDB
	e        *env
	class    map[string]int64
	child    map[string]int64
	guardian map[string]int64
	pickup   map[string]int64
	staff    map[string]int64
	user     map[string]int64
	n        int
}

const (
	fixToday     = "2026-09-30" // testkit.DefaultNow, 10:00 China time, a Wednesday
	fixYesterday = "2026-09-29"
)

func newDailyFixture(t *testing.T, e *env) *dailyFixture {
	t.Helper()
	f := &dailyFixture{e: e, class: map[string]int64{}, child: map[string]int64{}, guardian: map[string]int64{}, pickup: map[string]int64{},
		staff: map[string]int64{}, user: map[string]int64{}}
	f.rawDB = newRawDB(e)
	ctx := context.Background()
	sys := authz.System("test")
	for _, n := range []service.NewUser{
		{Username: "parent2", Role: domain.RoleGuardian},
		{Username: "carer2", Role: domain.RoleCaregiver, InstitutionID: e.inst["baota"]},
	} {
		n.Password = password
		if _, err := e.app.Service.AddUser(ctx, sys, n); err != nil {
			t.Fatalf("add %s: %v", n.Username, err)
		}
	}
	for _, u := range []string{"parent1", "parent2", "carer1", "carer2", "director1"} {
		var id int64
		if err := f.db.QueryRow(f.bind("SELECT id FROM users WHERE username = ?"), u).Scan(&id); err != nil {
			t.Fatalf("user %s: %v", u, err)
		}
		f.user[u] = id
	}
	baota, ansai := e.inst["baota"], e.inst["ansai"]
	f.class["sun"] = f.insert("INSERT INTO classes (institution_id, name, type, capacity, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
		baota, "向日葵班", "toddler_older", 20, f.now(), f.now())
	f.class["star"] = f.insert("INSERT INTO classes (institution_id, name, type, capacity, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
		baota, "小星星班", "infant", 10, f.now(), f.now())
	f.class["ansai"] = f.insert("INSERT INTO classes (institution_id, name, type, capacity, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
		ansai, "安塞班", "toddler_young", 15, f.now(), f.now())
	for _, c := range []struct {
		key, name, class, care string
		inst                   int64
	}{
		{"c1", "王小明", "sun", "full_day", baota}, {"c2", "李小红", "sun", "full_day", baota}, {"c3", "张小华", "sun", "half_day", baota},
		{"c4", "刘小东", "sun", "hourly", baota},
		{"b1", "陈一", "star", "full_day", baota}, {"b2", "陈二", "star", "full_day", baota}, {"b3", "陈三", "star", "full_day", baota},
		{"b4", "陈四", "star", "full_day", baota},
		{"a1", "赵安安", "ansai", "full_day", ansai},
	} {
		f.child[c.key] = f.addChild(t, c.name, c.inst, f.class[c.class], c.care, "2026-09-01")
	}
	f.guardian["g1"] = f.insert("INSERT INTO guardians (child_id, name, relation, phone, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		f.child["c1"], "王大明", "father", "13900000001", f.user["parent1"], f.now())
	f.guardian["g2"] = f.insert("INSERT INTO guardians (child_id, name, relation, phone, created_at) VALUES (?, ?, ?, ?, ?)",
		f.child["c1"], "林美", "mother", "13900000002", f.now())
	f.guardian["g3"] = f.insert("INSERT INTO guardians (child_id, name, relation, phone, created_at) VALUES (?, ?, ?, ?, ?)",
		f.child["c2"], "李大红", "mother", "13900000003", f.now())
	f.guardian["g4"] = f.insert("INSERT INTO guardians (child_id, name, relation, phone, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		f.child["a1"], "赵大安", "father", "13900000004", f.user["parent2"], f.now())
	f.pickup["p1"] = f.insert("INSERT INTO pickup_persons (child_id, name, relation, phone, created_at) VALUES (?, ?, ?, ?, ?)",
		f.child["c1"], "王奶奶", "grandparent", "13900000005", f.now())
	f.pickup["p2"] = f.insert("INSERT INTO pickup_persons (child_id, name, relation, phone, created_at) VALUES (?, ?, ?, ?, ?)",
		f.child["c2"], "李爷爷", "grandparent", "13900000006", f.now())
	for _, s := range []struct {
		key, class string
		inst       int64
		user       string
	}{{"s1", "sun", baota, "carer1"}, {"s2", "sun", baota, ""}, {"s3", "star", baota, ""}, {"s4", "star", baota, ""}, {"s5", "ansai", ansai, ""}} {
		f.n++
		id := f.insert(`INSERT INTO staff (name, sex, id_enc, id_hash, id_masked, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			"保育员"+s.key, "female", "enc-"+s.key, fmt.Sprintf("hash-staff-%d", f.n), "610602********0000", f.now(), f.now())
		var user any
		if s.user != "" {
			user = f.user[s.user]
		}
		f.insert(`INSERT INTO employments (staff_id, institution_id, post, full_time, start_date, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			id, s.inst, "caregiver", true, "2026-01-01", user, f.now())
		f.exec("INSERT INTO class_caregivers (class_id, staff_id) VALUES (?, ?)", f.class[s.class], id)
		f.staff[s.key] = id
	}
	return f
}

func (f *dailyFixture) now() time.Time { return time.Now().UTC() }

func (f *dailyFixture) addChild(t testing.TB, name string, inst, class int64, care, start string) int64 {
	f.n++
	id := f.insert(`INSERT INTO children (name, sex, birth_date, cert_type, cert_enc, cert_hash, cert_masked, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, name, "male", "2024-03-01", "resident_id", "enc", fmt.Sprintf("hash-child-%d", f.n), "610602********0000", f.now(), f.now())
	f.exec(`INSERT INTO enrolments (child_id, institution_id, class_id, care_type, start_date, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		id, inst, class, care, start, f.now())
	return id
}

// Shapes of the answers.
type batchOut struct {
	Results []struct {
		Index  int    `json:"index"`
		Status string `json:"status"`
		ID     int64  `json:"id"`
		Error  *struct {
			Code   string            `json:"code"`
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	} `json:"results"`
	Applied int `json:"applied"`
	Failed  int `json:"failed"`
}

type sheetOut struct {
	Expected int `json:"expected"`
	Present  int `json:"present"`
	Left     int `json:"left"`
	Absent   int `json:"absent"`
	NotIn    int `json:"not_checked_in"`
	Items    []struct {
		ChildID        int64      `json:"child_id"`
		Status         string     `json:"status"`
		CheckIn        *time.Time `json:"check_in"`
		CheckOut       *time.Time `json:"check_out"`
		AbsentReason   string     `json:"absent_reason"`
		Symptoms       string     `json:"symptoms"`
		PickedUpBy     string     `json:"picked_up_by"`
		PickedUpByName string     `json:"picked_up_by_name"`
		PickupOptions  []struct {
			Key string `json:"key"`
		} `json:"pickup_options"`
	} `json:"items"`
}

func (s sheetOut) of(t *testing.T, child int64) int {
	for i, it := range s.Items {
		if it.ChildID == child {
			return i
		}
	}
	t.Fatalf("child %d not on the sheet: %+v", child, s)
	return -1
}

func key(kind string, id int64) string { return fmt.Sprintf("%s:%d", kind, id) }

// TestAttendanceBatch: a batch with valid and invalid items gets one
// result per item; the valid ones are applied with their audit events,
// the invalid ones change nothing.
func TestAttendanceBatch(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			f := newDailyFixture(t, e)
			c := f.child
			items := []map[string]any{
				0:  {"child_id": c["c1"], "date": fixYesterday, "check_in": "08:05"},
				1:  {"child_id": c["c2"], "date": fixYesterday, "absent_reason": "sick"},
				2:  {"child_id": c["c3"], "date": fixYesterday, "check_in": "08:10", "check_out": "17:00", "picked_up_by": key("guardian", f.guardian["g1"])},
				3:  {"child_id": c["a1"], "date": fixYesterday, "check_in": "08:00"},
				4:  {"child_id": c["c1"], "date": "2026-10-01", "check_in": "08:00"},
				5:  {"child_id": c["c2"], "date": fixYesterday, "absent_reason": "personal"},
				6:  {"child_id": c["c3"], "date": fixYesterday, "check_in": "2026-09-29T08:10:00+08:00"},
				7:  {"child_id": c["c1"], "date": fixYesterday, "check_out": "17:30", "picked_up_by": key("pickup", f.pickup["p1"])},
				8:  {"child_id": c["c4"], "date": fixYesterday, "check_in": "09:00", "check_out": "16:00", "picked_up_by": "grandma"},
				9:  {"child_id": 999999, "date": fixYesterday, "check_in": "08:00"},
				10: {"child_id": c["b1"], "date": fixYesterday, "check_in": "09:00", "check_out": "08:00", "picked_up_by": key("pickup", f.pickup["p1"])},
				11: {"child_id": c["b1"], "date": fixYesterday, "absent_reason": "holiday"},
				12: {"child_id": c["b2"], "date": fixYesterday, "check_in": "2026-09-28T08:00:00+08:00"},
				13: {"child_id": c["b3"], "date": fixYesterday, "absent_reason": "other"},
			}
			var out batchOut
			e.do("carer1", "POST", "/api/v1/attendance", items, 200, &out)
			if len(out.Results) != len(items) || out.Applied != 4 || out.Failed != 10 {
				t.Fatalf("results: %+v", out)
			}
			want := map[int]string{ // index → "ok" or "code field=reason"
				0: "ok", 1: "invalid symptoms=required", 2: "invalid picked_up_by=pickup_not_authorised", 3: "not_found",
				4: "invalid date=in_future", 5: "ok", 6: "ok", 7: "ok", 8: "invalid picked_up_by=pickup_bad_format", 9: "not_found",
				10: "invalid check_out=check_out_before_check_in", 11: "invalid absent_reason=not_allowed", 12: "invalid check_in=not_on_date",
				13: "invalid note=required",
			}
			for i, r := range out.Results {
				got := r.Status
				if r.Error != nil {
					got = r.Error.Code
					for k, v := range r.Error.Fields {
						got += " " + k + "=" + v
					}
				}
				if r.Index != i || got != want[i] {
					t.Errorf("item %d: %q, want %q", i, got, want[i])
				}
				if (r.Status == "ok") != (r.ID != 0) {
					t.Errorf("item %d: id %d with status %s", i, r.ID, r.Status)
				}
			}
			if out.Results[0].ID != out.Results[7].ID {
				t.Errorf("check-in and check-out of the same child and day are two records: %d, %d", out.Results[0].ID, out.Results[7].ID)
			}

			var sheet sheetOut
			e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d/attendance?date=%s", e.inst["baota"], fixYesterday), nil, 200, &sheet)
			if sheet.Expected != 8 || sheet.Left != 1 || sheet.Present != 1 || sheet.Absent != 1 || sheet.NotIn != 5 {
				t.Fatalf("sheet counts: %+v", sheet)
			}
			c1 := sheet.Items[sheet.of(t, c["c1"])]
			if c1.Status != "left" || c1.PickedUpByName != "王奶奶" || c1.CheckIn.In(service.China).Format("15:04") != "08:05" ||
				c1.CheckOut.In(service.China).Format("15:04") != "17:30" || len(c1.PickupOptions) != 3 {
				t.Errorf("c1: %+v", c1)
			}
			if c2 := sheet.Items[sheet.of(t, c["c2"])]; c2.Status != "absent" || c2.AbsentReason != "personal" {
				t.Errorf("c2: %+v", c2)
			}
			if c3 := sheet.Items[sheet.of(t, c["c3"])]; c3.Status != "present" || c3.CheckOut != nil {
				t.Errorf("c3: %+v", c3)
			}
			for _, k := range []string{"c4", "b1", "b2", "b3"} {
				if it := sheet.Items[sheet.of(t, c[k])]; it.Status != "not_checked_in" {
					t.Errorf("%s was applied: %+v", k, it)
				}
			}
			if n := f.count("SELECT COUNT(*) FROM attendance"); n != 3 {
				t.Errorf("%d attendance rows, want 3", n)
			}
			// One audit event for the batch, on the institution, listing each record written.
			if n := f.count("SELECT COUNT(*) FROM audit_events WHERE action = 'attendance.record'"); n != 1 {
				t.Errorf("%d audit events, want 1", n)
			}
			var detail string
			if err := f.db.QueryRow(f.bind("SELECT detail FROM audit_events WHERE action = 'attendance.record' AND entity = 'institution' AND entity_id = ? AND institution_id = ?"),
				e.inst["baota"], e.inst["baota"]).Scan(&detail); err != nil {
				t.Fatal(err)
			}
			var audited struct {
				Count int `json:"count"`
				Items []struct {
					Index   int    `json:"index"`
					ID      int64  `json:"id"`
					ChildID int64  `json:"child_id"`
					Date    string `json:"date"`
				} `json:"items"`
			}
			if err := json.Unmarshal([]byte(detail), &audited); err != nil || audited.Count != 4 || len(audited.Items) != 4 {
				t.Fatalf("audit detail %s: %v", detail, err)
			}
			for _, it := range audited.Items {
				if r := out.Results[it.Index]; r.Status != "ok" || r.ID != it.ID || it.ChildID != items[it.Index]["child_id"] || it.Date != fixYesterday {
					t.Errorf("audited item %+v, result %+v", it, r)
				}
			}

			// A regulator sees the sheet of their county only, without pick-up options
			// (decoded afresh: decoding over the director's sheet would keep its options).
			sheet = sheetOut{}
			e.do("baota", "GET", fmt.Sprintf("/api/v1/institutions/%d/attendance?date=%s", e.inst["baota"], fixYesterday), nil, 200, &sheet)
			if len(sheet.Items) != 8 || len(sheet.Items[0].PickupOptions) != 0 {
				t.Errorf("regulator sheet: %+v", sheet)
			}
			path := fmt.Sprintf("/api/v1/institutions/%d/attendance", e.inst["baota"])
			for user, want := range map[string]int{"yanan": 200, "carer1": 200, "ansai": 404, "director2": 404, "parent1": 403, "guide1": 403, "": 401} {
				e.do(user, "GET", path, nil, want, nil)
			}

			// Pick-up by someone who is not authorised for that child is refused, and nothing changes.
			e.do("carer1", "POST", "/api/v1/attendance", map[string]any{"items": []map[string]any{
				{"child_id": c["c3"], "date": fixYesterday, "check_out": "17:10", "picked_up_by": key("pickup", f.pickup["p2"])},
				{"child_id": c["c3"], "date": fixYesterday, "check_out": "17:10", "picked_up_by": key("guardian", 999999)},
				{"child_id": c["c3"], "date": fixYesterday, "check_out": "07:00", "picked_up_by": key("guardian", f.guardian["g1"])},
			}}, 200, &out)
			for i, r := range out.Results {
				if r.Status != "error" || (i < 2 && r.Error.Fields["picked_up_by"] != "pickup_not_authorised") {
					t.Errorf("unauthorised pick-up %d: %+v", i, r)
				}
			}
			if f.count("SELECT COUNT(*) FROM attendance WHERE child_id = ? AND check_out IS NOT NULL", c["c3"]) != 0 {
				t.Error("a refused check-out was stored")
			}
			// A removed guardian may no longer collect the child.
			f.exec("UPDATE guardians SET removed_at = ? WHERE id = ?", f.now(), f.guardian["g2"])
			e.do("carer1", "POST", "/api/v1/attendance", []map[string]any{
				{"child_id": c["c1"], "date": fixYesterday, "check_out": "17:40", "picked_up_by": key("guardian", f.guardian["g2"])},
			}, 200, &out)
			if out.Results[0].Status != "error" || out.Results[0].Error.Fields["picked_up_by"] != "pickup_not_authorised" {
				t.Errorf("removed guardian collected: %+v", out.Results[0])
			}

			// A sick absence needs the symptoms; with them it is recorded.
			e.do("carer1", "POST", "/api/v1/attendance", []map[string]any{
				{"child_id": c["c4"], "date": fixYesterday, "absent_reason": "sick", "symptoms": "  "},
				{"child_id": c["b4"], "date": fixYesterday, "absent_reason": "sick", "symptoms": "手足口病"},
			}, 200, &out)
			if out.Results[0].Status != "error" || out.Results[0].Error.Fields["symptoms"] != "required" || out.Results[1].Status != "ok" {
				t.Fatalf("sick absences: %+v", out)
			}
			if f.count("SELECT COUNT(*) FROM attendance WHERE child_id = ? AND absent_reason = 'sick' AND symptoms = '手足口病'", c["b4"]) != 1 {
				t.Error("sick absence not stored with its disease")
			}

			// Another institution's director cannot record this institution's children;
			// a regulator cannot record at all.
			e.do("director2", "POST", "/api/v1/attendance", []map[string]any{{"child_id": c["c1"], "date": fixToday, "check_in": "08:00"}}, 200, &out)
			if out.Results[0].Status != "error" || out.Results[0].Error.Code != "not_found" {
				t.Errorf("director2 recorded baota's child: %+v", out.Results[0])
			}
			e.do("ansai", "POST", "/api/v1/attendance", []map[string]any{{"child_id": c["a1"], "date": fixToday, "check_in": "08:00"}}, 403, nil)
			e.do("carer1", "POST", "/api/v1/attendance", []map[string]any{}, 422, nil)
			e.do("carer1", "POST", "/api/v1/attendance", []byte(`[{"child_id": "x"}]`), 422, nil)
			e.do("carer1", "POST", "/api/v1/attendance", []byte(`[{"child": 1}]`), 400, nil)
			// A check-in later than now (10:00) is refused.
			e.do("carer1", "POST", "/api/v1/attendance", []map[string]any{{"child_id": c["c1"], "date": fixToday, "check_in": "11:00"}}, 200, &out)
			if out.Results[0].Status != "error" || out.Results[0].Error.Fields["check_in"] != "in_future" {
				t.Errorf("check-in in the future: %+v", out.Results[0])
			}
		})
	}
}

type liveOut struct {
	ClassID           int64  `json:"class_id"`
	Enrolled          int    `json:"enrolled"`
	Present           int    `json:"present"`
	CaregiversPresent int    `json:"caregivers_present"`
	Ratio             string `json:"ratio"`
}

func (e *env) live(t *testing.T, user string, inst, class int64) liveOut {
	t.Helper()
	var out []liveOut
	e.do(user, "GET", fmt.Sprintf("/api/v1/institutions/%d/classes/live", inst), nil, 200, &out)
	for _, c := range out {
		if c.ClassID == class {
			return c
		}
	}
	t.Fatalf("class %d not in %+v", class, out)
	return liveOut{}
}

// TestClockInAndLiveRatio: caregivers clock in to their classes and the
// live ratio of children present against caregivers present turns green,
// amber and red.
func TestClockInAndLiveRatio(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			f := newDailyFixture(t, e)
			baota := e.inst["baota"]
			sun, star := f.class["sun"], f.class["star"]
			clockIn := func(user string, class int64, body any, want int) {
				t.Helper()
				e.do(user, "POST", fmt.Sprintf("/api/v1/classes/%d/clock-in", class), body, want, nil)
			}
			checkIn := func(keys ...string) {
				t.Helper()
				var items []map[string]any
				for _, k := range keys {
					items = append(items, map[string]any{"child_id": f.child[k], "date": fixToday, "check_in": "08:30"})
				}
				var out batchOut
				e.do("carer1", "POST", "/api/v1/attendance", items, 200, &out)
				if out.Applied != len(keys) {
					t.Fatalf("check-in: %+v", out)
				}
			}

			// carer1 is linked to s1, a caregiver of 向日葵班, and clocks in without naming anyone.
			var sa struct {
				StaffID  int64      `json:"staff_id"`
				ClassID  int64      `json:"class_id"`
				ClockOut *time.Time `json:"clock_out"`
			}
			e.do("carer1", "POST", fmt.Sprintf("/api/v1/classes/%d/clock-in", sun), nil, 201, &sa)
			if sa.StaffID != f.staff["s1"] || sa.ClassID != sun {
				t.Fatalf("clock-in: %+v", sa)
			}
			clockIn("carer1", sun, nil, 409)                                           // twice
			clockIn("carer1", star, nil, 403)                                          // not assigned there
			clockIn("carer1", star, map[string]any{"staff_id": f.staff["s3"]}, 403)    // only the director names someone
			clockIn("carer2", sun, nil, 422)                                           // account linked to no staff member
			clockIn("director1", star, map[string]any{}, 422)                          // the director must name the staff member
			clockIn("director1", star, map[string]any{"staff_id": f.staff["s1"]}, 422) // s1 is not a caregiver of 小星星班
			clockIn("director2", sun, map[string]any{"staff_id": f.staff["s1"]}, 404)  // another institution
			clockIn("ansai", sun, nil, 403)

			if l := e.live(t, "director1", baota, sun); l.Enrolled != 4 || l.Present != 0 || l.CaregiversPresent != 1 || l.Ratio != "green" {
				t.Fatalf("sun before check-in: %+v", l)
			}
			// 小星星班 (infant, 1:3) with one caregiver: 1 child green, 3 amber (at the limit), 4 red.
			clockIn("director1", star, map[string]any{"staff_id": f.staff["s3"]}, 201)
			checkIn("b1")
			if l := e.live(t, "carer1", baota, star); l.Present != 1 || l.CaregiversPresent != 1 || l.Ratio != "green" {
				t.Errorf("1 infant, 1 caregiver: %+v", l)
			}
			checkIn("b2", "b3")
			if l := e.live(t, "carer1", baota, star); l.Present != 3 || l.Ratio != "amber" {
				t.Errorf("3 infants, 1 caregiver: %+v", l)
			}
			checkIn("b4")
			if l := e.live(t, "carer1", baota, star); l.Present != 4 || l.Ratio != "red" {
				t.Errorf("4 infants, 1 caregiver: %+v", l)
			}
			clockIn("director1", star, map[string]any{"staff_id": f.staff["s4"]}, 201)
			if l := e.live(t, "yanan", baota, star); l.CaregiversPresent != 2 || l.Ratio != "green" {
				t.Errorf("4 infants, 2 caregivers: %+v", l)
			}
			// A child collected no longer counts; a caregiver who clocks out neither.
			var out batchOut
			e.do("carer1", "POST", "/api/v1/attendance", []map[string]any{{"child_id": f.child["b4"], "date": fixToday, "check_out": "09:45",
				"picked_up_by": key("pickup", f.pickup["p1"])}}, 200, &out) // p1 collects c1, not b4
			if out.Failed != 1 {
				t.Fatalf("b4 collected by c1's pick-up person: %+v", out)
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/classes/%d/clock-out", star), map[string]any{"staff_id": f.staff["s4"]}, 200, &sa)
			if sa.ClockOut == nil {
				t.Errorf("clock-out: %+v", sa)
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/classes/%d/clock-out", star), map[string]any{"staff_id": f.staff["s4"]}, 409, nil)
			if l := e.live(t, "director1", baota, star); l.CaregiversPresent != 1 || l.Ratio != "red" {
				t.Errorf("after clock-out: %+v", l)
			}
			// 向日葵班 (1:7): 4 children and no caregiver once carer1 leaves is red.
			checkIn("c1", "c2", "c3", "c4")
			e.do("carer1", "POST", fmt.Sprintf("/api/v1/classes/%d/clock-out", sun), nil, 200, nil)
			if l := e.live(t, "director1", baota, sun); l.Present != 4 || l.CaregiversPresent != 0 || l.Ratio != "red" {
				t.Errorf("sun without caregivers: %+v", l)
			}
			for user, want := range map[string]int{"baota": 200, "ansai": 404, "director2": 404, "parent1": 403, "partner": 403} {
				e.do(user, "GET", fmt.Sprintf("/api/v1/institutions/%d/classes/live", baota), nil, want, nil)
			}
			if n := f.count("SELECT COUNT(*) FROM audit_events WHERE entity = 'staff_attendance'"); n != 5 {
				t.Errorf("%d clock audit events, want 5", n)
			}
		})
	}
}

type alertChild struct {
	ChildID int64 `json:"child_id"`
}

type alertsOut struct {
	CheckinDeadlinePassed bool         `json:"checkin_deadline_passed"`
	ClosingTimePassed     bool         `json:"closing_time_passed"`
	NotCheckedIn          []alertChild `json:"not_checked_in"`
	NotCollected          []alertChild `json:"not_collected"`
	Fever                 []struct {
		ChildID     int64   `json:"child_id"`
		Temperature float64 `json:"temperature"`
	} `json:"fever"`
}

func childSet(list []alertChild) map[int64]bool {
	out := map[int64]bool{}
	for _, x := range list {
		out[x.ChildID] = true
	}
	return out
}

// TestDailyAlerts: expected children not in by the deadline, children not
// collected by closing time, and fevers of the day.
func TestDailyAlerts(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			f := newDailyFixture(t, e)
			c := f.child
			var out batchOut
			e.do("carer1", "POST", "/api/v1/attendance", []map[string]any{
				{"child_id": c["c1"], "date": fixToday, "check_in": "08:00"},
				{"child_id": c["c2"], "date": fixToday, "absent_reason": "personal"},
				{"child_id": c["b1"], "date": fixToday, "check_in": "08:20"},
				{"child_id": c["c1"], "date": fixYesterday, "check_in": "08:00"}, // never collected yesterday
				{"child_id": c["c2"], "date": fixYesterday, "check_in": "08:00", "check_out": "17:00", "picked_up_by": key("guardian", f.guardian["g3"])},
			}, 200, &out)
			if out.Applied != 5 {
				t.Fatalf("setup: %+v", out)
			}
			e.do("carer1", "POST", "/api/v1/health-checks", []map[string]any{
				{"child_id": c["b1"], "date": fixToday, "kind": "morning", "temperature": 37.8},
				{"child_id": c["c1"], "date": fixToday, "kind": "morning", "temperature": 36.5},
			}, 201, nil)

			// Today at 10:00: the 09:30 deadline has passed, closing time has not.
			var al alertsOut
			e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d/alerts", e.inst["baota"]), nil, 200, &al)
			notIn := childSet(al.NotCheckedIn)
			// c3 (half day) and b2–b4 are missing; c4 comes by the hour; c2 is excused.
			if !al.CheckinDeadlinePassed || al.ClosingTimePassed || len(notIn) != 4 || !notIn[c["c3"]] || !notIn[c["b2"]] || !notIn[c["b4"]] || notIn[c["c4"]] {
				t.Errorf("today: %+v", al)
			}
			if len(al.NotCollected) != 0 || len(al.Fever) != 1 || al.Fever[0].ChildID != c["b1"] || al.Fever[0].Temperature != 37.8 {
				t.Errorf("today: %+v", al)
			}
			// Yesterday: both times have passed; c1 was never collected.
			e.do("carer1", "GET", fmt.Sprintf("/api/v1/institutions/%d/alerts?date=%s", e.inst["baota"], fixYesterday), nil, 200, &al)
			if !al.ClosingTimePassed || len(al.NotCollected) != 1 || al.NotCollected[0].ChildID != c["c1"] || len(al.Fever) != 0 || len(al.NotCheckedIn) != 5 {
				t.Errorf("yesterday: %+v", al)
			}
			// On the Mid-Autumn holiday (Sunday 2026-09-27) nobody is expected; on
			// Sunday 2026-09-20, a make-up working day, every full- and half-day child is.
			e.do("carer1", "GET", fmt.Sprintf("/api/v1/institutions/%d/alerts?date=2026-09-27", e.inst["baota"]), nil, 200, &al)
			if len(al.NotCheckedIn) != 0 {
				t.Errorf("holiday: %+v", al)
			}
			e.do("carer1", "GET", fmt.Sprintf("/api/v1/institutions/%d/alerts?date=2026-09-20", e.inst["baota"]), nil, 200, &al)
			if len(al.NotCheckedIn) != 7 {
				t.Errorf("make-up working day: %+v", al)
			}

			// The deadline is a setting of the deployment: at 10:30 nobody is late yet at 10:00.
			var set domain.DailySettings
			e.do("director1", "PUT", "/api/v1/settings/daily", map[string]any{"fever_threshold": 37.5, "checkin_deadline": "10:30", "closing_time": "18:00"}, 403, nil)
			e.do("admin", "PUT", "/api/v1/settings/daily", map[string]any{"fever_threshold": 37.5, "checkin_deadline": "25:00", "closing_time": "18:00"}, 422, nil)
			e.do("admin", "PUT", "/api/v1/settings/daily", map[string]any{"fever_threshold": 37.5, "checkin_deadline": "10:30", "closing_time": "17:30"}, 200, &set)
			if set.CheckinDeadline != "10:30" || set.FeverThreshold != 37.5 || set.OpeningTime != domain.DefaultOpeningTime {
				t.Fatalf("settings: %+v (an opening time left out keeps its value)", set)
			}
			// The opening time (the grid's default check-in on a past day) comes before the deadline.
			e.do("admin", "PUT", "/api/v1/settings/daily", map[string]any{"fever_threshold": 37.5, "opening_time": "11:00", "checkin_deadline": "10:30", "closing_time": "17:30"}, 422, nil)
			e.do("admin", "PUT", "/api/v1/settings/daily", map[string]any{"fever_threshold": 37.5, "opening_time": "7:5", "checkin_deadline": "10:30", "closing_time": "17:30"}, 422, nil)
			e.do("admin", "PUT", "/api/v1/settings/daily", map[string]any{"fever_threshold": 37.5, "opening_time": "07:30", "checkin_deadline": "10:30", "closing_time": "17:30"}, 200, &set)
			if set.OpeningTime != "07:30" {
				t.Fatalf("opening time: %+v", set)
			}
			e.do("carer1", "GET", "/api/v1/settings/daily", nil, 200, &set)
			e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d/alerts", e.inst["baota"]), nil, 200, &al)
			if al.CheckinDeadlinePassed || len(al.NotCheckedIn) != 0 {
				t.Errorf("with a 10:30 deadline: %+v", al)
			}
			for user, want := range map[string]int{"baota": 200, "yanan": 200, "ansai": 404, "director2": 404, "parent1": 403} {
				e.do(user, "GET", fmt.Sprintf("/api/v1/institutions/%d/alerts", e.inst["baota"]), nil, want, nil)
			}
			e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d/alerts?date=2026-10-02", e.inst["baota"]), nil, 422, nil)
		})
	}
}

// TestAttendanceUndo: "clear" undoes a check-out (and who collected the
// child) or a check-in, each item on its own, audited with the batch; the
// guardian's day no longer shows what was undone.
func TestAttendanceUndo(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			f := newDailyFixture(t, e)
			c := f.child
			var out batchOut
			e.do("carer1", "POST", "/api/v1/attendance", []map[string]any{
				{"child_id": c["c1"], "date": fixYesterday, "check_in": "08:05", "check_out": "17:30", "picked_up_by": key("pickup", f.pickup["p1"])},
				{"child_id": c["c2"], "date": fixYesterday, "check_in": "08:10", "check_out": "17:00", "picked_up_by": key("guardian", f.guardian["g3"])},
				{"child_id": c["c4"], "date": fixYesterday, "check_in": "09:00"},
			}, 200, &out)
			if out.Applied != 3 {
				t.Fatalf("setup: %+v", out)
			}
			c1Record := out.Results[0].ID
			type dayOut struct {
				Attendance *struct {
					Status         string     `json:"status"`
					CheckIn        *time.Time `json:"check_in"`
					CheckOut       *time.Time `json:"check_out"`
					PickedUpBy     string     `json:"picked_up_by"`
					PickedUpByName string     `json:"picked_up_by_name"`
				} `json:"attendance"`
			}
			dayPath := fmt.Sprintf("/api/v1/me/children/%d/day?date=%s", c["c1"], fixYesterday)
			var day dayOut
			e.do("parent1", "GET", dayPath, nil, 200, &day)
			if day.Attendance == nil || day.Attendance.CheckOut == nil || day.Attendance.PickedUpByName != "王奶奶" {
				t.Fatalf("guardian's day before the undo: %+v", day.Attendance)
			}

			// The undo of the check-out, with refusals beside it.
			e.do("carer1", "POST", "/api/v1/attendance", []map[string]any{
				0: {"child_id": c["c1"], "date": fixYesterday, "clear": []string{"check_out"}},
				1: {"child_id": c["c3"], "date": fixYesterday, "clear": []string{"check_out"}},                      // no record that day
				2: {"child_id": c["c2"], "date": fixYesterday, "clear": []string{"check_in"}},                       // checked out
				3: {"child_id": c["c4"], "date": fixYesterday, "clear": []string{"check_out"}},                      // not checked out
				4: {"child_id": c["c4"], "date": fixYesterday, "clear": []string{"absent_reason"}},                  // not clearable
				5: {"child_id": c["c4"], "date": fixYesterday, "clear": []string{"check_in"}, "check_out": "17:00"}, // clears and sets
				6: {"child_id": c["c4"], "date": fixToday, "clear": []string{"check_in"}},                           // no record today
				7: {"child_id": c["c4"], "date": "2026-10-01", "clear": []string{"check_in"}},
				8: {"child_id": c["a1"], "date": fixYesterday, "clear": []string{"check_in"}}, // another institution
			}, 200, &out)
			want := map[int]string{0: "ok", 1: "invalid clear=nothing_to_clear", 2: "invalid clear=check_out_recorded", 3: "invalid clear=nothing_to_clear",
				4: "invalid clear=not_allowed", 5: "invalid check_out=not_allowed", 6: "invalid clear=nothing_to_clear", 7: "invalid date=in_future", 8: "not_found"}
			for i, r := range out.Results {
				got := r.Status
				if r.Error != nil {
					got = r.Error.Code
					for k, v := range r.Error.Fields {
						got += " " + k + "=" + v
					}
				}
				if got != want[i] {
					t.Errorf("item %d: %q, want %q", i, got, want[i])
				}
			}
			if out.Applied != 1 || out.Results[0].ID != c1Record {
				t.Fatalf("undo of the check-out: %+v (record %d)", out, c1Record)
			}
			var sheet sheetOut
			e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d/attendance?date=%s", e.inst["baota"], fixYesterday), nil, 200, &sheet)
			if it := sheet.Items[sheet.of(t, c["c1"])]; it.Status != "present" || it.CheckOut != nil || it.PickedUpBy != "" || it.CheckIn == nil {
				t.Errorf("c1 after the undo: %+v", it)
			}
			if it := sheet.Items[sheet.of(t, c["c2"])]; it.Status != "left" || it.CheckIn == nil {
				t.Errorf("c2 changed by a refused undo: %+v", it)
			}
			if it := sheet.Items[sheet.of(t, c["c4"])]; it.Status != "present" || it.CheckOut != nil {
				t.Errorf("c4 changed by refused undos: %+v", it)
			}
			day = dayOut{}
			e.do("parent1", "GET", dayPath, nil, 200, &day)
			if day.Attendance == nil || day.Attendance.Status != "present" || day.Attendance.CheckOut != nil || day.Attendance.PickedUpByName != "" ||
				day.Attendance.CheckIn.In(service.China).Format("15:04") != "08:05" {
				t.Errorf("guardian's day after the undo: %+v", day.Attendance)
			}
			// Audited with the batch: the item and what it cleared.
			var detail string
			if err := f.db.QueryRow(f.bind("SELECT detail FROM audit_events WHERE action = 'attendance.record' ORDER BY id DESC LIMIT 1")).Scan(&detail); err != nil {
				t.Fatal(err)
			}
			var audited struct {
				Count int `json:"count"`
				Items []struct {
					Index   int      `json:"index"`
					ID      int64    `json:"id"`
					ChildID int64    `json:"child_id"`
					Date    string   `json:"date"`
					Clear   []string `json:"clear"`
				} `json:"items"`
			}
			if err := json.Unmarshal([]byte(detail), &audited); err != nil || audited.Count != 1 || len(audited.Items) != 1 {
				t.Fatalf("audit detail %s: %v", detail, err)
			}
			if it := audited.Items[0]; it.Index != 0 || it.ID != c1Record || it.ChildID != c["c1"] || it.Date != fixYesterday || len(it.Clear) != 1 || it.Clear[0] != "check_out" {
				t.Errorf("audited undo: %+v", it)
			}

			// Check-in and its undo in the same batch leave nothing; the
			// check-in of a child checked out is undone with the check-out.
			e.do("carer1", "POST", "/api/v1/attendance", []map[string]any{
				{"child_id": c["c1"], "date": fixYesterday, "clear": []string{"check_in"}},
				{"child_id": c["c1"], "date": fixYesterday, "clear": []string{"check_in"}},
				{"child_id": c["c2"], "date": fixYesterday, "clear": []string{"check_out", "check_in"}},
				{"child_id": c["b1"], "date": fixYesterday, "check_in": "08:30"},
				{"child_id": c["b1"], "date": fixYesterday, "clear": []string{"check_in"}},
			}, 200, &out)
			if out.Applied != 4 || out.Results[1].Status != "error" || out.Results[1].Error.Fields["clear"] != "nothing_to_clear" {
				t.Fatalf("second undo batch: %+v", out)
			}
			sheet = sheetOut{} // fields absent from the answer would keep the values decoded before
			e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d/attendance?date=%s", e.inst["baota"], fixYesterday), nil, 200, &sheet)
			for _, k := range []string{"c1", "c2", "b1"} {
				if it := sheet.Items[sheet.of(t, c[k])]; it.Status != "not_checked_in" || it.CheckIn != nil || it.CheckOut != nil || it.PickedUpBy != "" {
					t.Errorf("%s after undoing everything: %+v", k, it)
				}
			}
			day = dayOut{}
			e.do("parent1", "GET", dayPath, nil, 200, &day)
			if day.Attendance != nil && (day.Attendance.Status != "not_checked_in" || day.Attendance.CheckIn != nil) {
				t.Errorf("guardian's day after undoing the check-in: %+v", day.Attendance)
			}
			// The child can be checked in again: the same record.
			e.do("carer1", "POST", "/api/v1/attendance", []map[string]any{{"child_id": c["c1"], "date": fixYesterday, "check_in": "08:20"}}, 200, &out)
			if out.Results[0].Status != "ok" || out.Results[0].ID != c1Record {
				t.Errorf("check-in after the undo: %+v", out.Results[0])
			}
			// The request type documents clear.
			var spec struct {
				Paths map[string]map[string]json.RawMessage `json:"paths"`
			}
			e.do("", "GET", "/api/v1/openapi.json", nil, 200, &spec)
			if post := string(spec.Paths["/api/v1/attendance"]["post"]); !strings.Contains(post, `"clear"`) {
				t.Errorf("openapi does not show clear: %s", post)
			}
		})
	}
}
