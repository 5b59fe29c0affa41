package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"tuoyu/internal/service"
	"tuoyu/internal/testkit"
)

type checkOut struct {
	ID          int64    `json:"id"`
	ChildID     int64    `json:"child_id"`
	Kind        string   `json:"kind"`
	Temperature *float64 `json:"temperature"`
	Flagged     bool     `json:"flagged"`
	SentHome    bool     `json:"sent_home"`
	Action      string   `json:"action"`
	Abnormal    []string `json:"abnormal"`
}

type notificationsOut struct {
	Items []struct {
		ID    int64      `json:"id"`
		Kind  string     `json:"kind"`
		Title string     `json:"title"`
		Body  string     `json:"body"`
		Link  string     `json:"link"`
		Read  *time.Time `json:"read_at"`
	} `json:"items"`
	Total  int `json:"total"`
	Unread int `json:"unread"`
}

type errorOut struct {
	Error struct {
		Code   string            `json:"code"`
		Fields map[string]string `json:"fields"`
	} `json:"error"`
}

// TestHealthChecksFlagFeverAndNotifyGuardians: a temperature at or above
// the threshold is flagged and each guardian account of the child is
// notified; sending the child home is recorded; a bad list changes nothing.
func TestHealthChecksFlagFeverAndNotifyGuardians(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			f := newDailyFixture(t, e)
			c := f.child

			// A bad item refuses the whole list: nothing is stored.
			var bad errorOut
			e.do("carer1", "POST", "/api/v1/health-checks", []map[string]any{
				{"child_id": c["c2"], "kind": "morning", "temperature": 36.6},
				{"child_id": c["c1"], "kind": "morning", "temperature": 43.5},
				{"child_id": c["c3"], "kind": "evening", "temperature": 36.5, "findings": map[string]any{"look_ears": map[string]string{"status": "normal"}}},
				{"child_id": c["c4"], "kind": "midday", "temperature": 36.5, "findings": map[string]any{"look_throat": map[string]string{"status": "red"}}, "action": "nap"},
			}, 422, &bad)
			want := map[string]string{"[1].temperature": "out_of_range", "[2].kind": "not_allowed", "[2].findings.look_ears": "not_allowed",
				"[3].findings.look_throat": "not_allowed", "[3].action": "not_allowed"}
			for k, v := range want {
				if bad.Error.Fields[k] != v {
					t.Errorf("field %s: %q, want %q (%+v)", k, bad.Error.Fields[k], v, bad.Error.Fields)
				}
			}
			e.do("carer1", "POST", "/api/v1/health-checks", []map[string]any{{"child_id": c["c2"], "kind": "morning", "temperature": 33.9}}, 422, nil)
			e.do("carer1", "POST", "/api/v1/health-checks", []map[string]any{{"child_id": c["c2"], "kind": "morning"}}, 422, nil)
			// A child of another institution: 404, naming the item.
			e.do("carer1", "POST", "/api/v1/health-checks", []map[string]any{
				{"child_id": c["c2"], "kind": "morning", "temperature": 36.6},
				{"child_id": c["a1"], "kind": "morning", "temperature": 36.6},
			}, 404, &bad)
			if bad.Error.Fields["[1].child_id"] != "not_found" {
				t.Errorf("out of scope: %+v", bad)
			}
			if n := f.count("SELECT COUNT(*) FROM health_checks"); n != 0 {
				t.Fatalf("%d checks stored from refused lists", n)
			}

			var checks []checkOut
			e.do("carer1", "POST", "/api/v1/health-checks", []map[string]any{
				{"child_id": c["c1"], "kind": "morning", "temperature": 37.3, "findings": map[string]any{
					"touch_forehead": map[string]string{"status": "abnormal", "note": "额头发烫"}, "look_throat": map[string]string{"status": "normal"}},
					"action": "sent_home"},
				{"child_id": c["c2"], "kind": "morning", "temperature": 37.2},
				{"child_id": c["b1"], "kind": "morning", "temperature": 36.5},
			}, 201, &checks)
			if len(checks) != 3 || !checks[0].Flagged || !checks[0].SentHome || *checks[0].Temperature != 37.3 || len(checks[0].Abnormal) != 1 ||
				checks[1].Flagged || checks[1].SentHome || checks[2].Flagged {
				t.Fatalf("checks: %+v", checks)
			}

			// parent1 (guardian g1 of c1) is told; c1's other guardian has no account; parent2 hears nothing.
			var notes notificationsOut
			e.do("parent1", "GET", "/api/v1/me/notifications", nil, 200, &notes)
			if notes.Total != 1 || notes.Unread != 1 || notes.Items[0].Kind != "sent_home" || notes.Items[0].Title != "请接 王小明 回家" ||
				notes.Items[0].Link != fmt.Sprintf("/api/v1/me/children/%d/day?date=%s", c["c1"], fixToday) {
				t.Fatalf("parent1 notifications: %+v", notes)
			}
			if n := f.count("SELECT COUNT(*) FROM notifications"); n != 1 {
				t.Errorf("%d notifications, want 1", n)
			}
			// Stored as kind and arguments, it reads in the reader's language;
			// a row stored rendered before that reads as it was stored.
			if n := f.count("SELECT COUNT(*) FROM notifications WHERE args LIKE ? AND title = ''", "%王小明%"); n != 1 {
				t.Errorf("the notification is not stored as its arguments")
			}
			enReq, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/me/notifications", nil)
			enReq.Header.Set("Authorization", "Bearer "+e.login("parent1"))
			enReq.Header.Set("Accept-Language", "en")
			var en notificationsOut
			e.send(enReq, 200, &en)
			if len(en.Items) != 1 || en.Items[0].Title != "Please collect 王小明" || !strings.Contains(en.Items[0].Body, "morning check temperature 37.3 °C") ||
				strings.Contains(en.Items[0].Body, "晨检") {
				t.Fatalf("English notification: %+v", en)
			}
			f.exec("INSERT INTO notifications (user_id, kind, title, body, link, created_at) VALUES (?, 'fever', '旧的提醒', '旧的内容', '', ?)",
				f.user["parent1"], time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
			e.send(enReq, 200, &en)
			if len(en.Items) != 2 || en.Items[1].Title != "旧的提醒" || en.Items[1].Body != "旧的内容" {
				t.Fatalf("an old notification: %+v", en.Items)
			}
			f.exec("DELETE FROM notifications WHERE title = '旧的提醒'")
			e.do("parent2", "GET", "/api/v1/me/notifications", nil, 200, &notes)
			if notes.Total != 0 {
				t.Errorf("parent2: %+v", notes)
			}
			// A recheck of the same kind replaces the check and does not notify again;
			// being sent home stays recorded.
			e.do("carer1", "POST", "/api/v1/health-checks", []map[string]any{{"child_id": c["c1"], "kind": "morning", "temperature": 37.6, "action": "isolate"}}, 201, &checks)
			if !checks[0].Flagged || !checks[0].SentHome || checks[0].Action != "isolate" {
				t.Errorf("recheck: %+v", checks)
			}
			// A fever at the midday check notifies again, as a fever.
			e.do("director1", "POST", "/api/v1/health-checks", []map[string]any{{"child_id": c["c2"], "kind": "midday", "temperature": 38.1}}, 201, nil)
			f.exec("UPDATE guardians SET user_id = ? WHERE id = ?", f.user["parent2"], f.guardian["g3"])
			e.do("carer1", "POST", "/api/v1/health-checks", []map[string]any{{"child_id": c["c3"], "kind": "midday", "temperature": 38.0}}, 201, nil)
			if n := f.count("SELECT COUNT(*) FROM health_checks"); n != 5 {
				t.Errorf("%d checks, want 5", n)
			}
			if n := f.count("SELECT COUNT(*) FROM notifications"); n != 1 {
				t.Errorf("%d notifications, want 1 (c2 and c3 have no guardian account at the time)", n)
			}
			e.do("carer1", "POST", "/api/v1/health-checks", []map[string]any{{"child_id": c["c2"], "date": fixYesterday, "kind": "morning", "temperature": 39}}, 201, nil)
			e.do("parent2", "GET", "/api/v1/me/notifications?unread=true", nil, 200, &notes)
			if notes.Total != 1 || notes.Items[0].Kind != "fever" || notes.Items[0].Title != "李小红 体温异常" {
				t.Errorf("parent2 after c2's fever: %+v", notes)
			}
			if n := f.count("SELECT COUNT(*) FROM audit_events WHERE action = 'health_check.record'"); n != 7 {
				t.Errorf("%d health-check audit events, want 7", n)
			}

			// Reading: only one's own notifications.
			e.do("parent1", "GET", "/api/v1/me/notifications", nil, 200, &notes)
			id := notes.Items[0].ID
			e.do("parent2", "POST", fmt.Sprintf("/api/v1/me/notifications/%d/read", id), nil, 404, nil)
			e.do("parent1", "POST", fmt.Sprintf("/api/v1/me/notifications/%d/read", id), nil, 200, nil)
			e.do("parent1", "POST", fmt.Sprintf("/api/v1/me/notifications/%d/read", id), nil, 200, nil)
			e.do("parent1", "GET", "/api/v1/me/notifications", nil, 200, &notes)
			if notes.Unread != 0 || notes.Items[0].Read == nil {
				t.Errorf("after reading: %+v", notes)
			}
			e.do("parent1", "GET", "/api/v1/me/notifications?unread=true", nil, 200, &notes)
			if notes.Total != 0 {
				t.Errorf("unread after reading: %+v", notes)
			}

			// The day's checks, as staff and regulators see them.
			var list []checkOut
			e.do("baota", "GET", fmt.Sprintf("/api/v1/institutions/%d/health-checks?kind=morning", e.inst["baota"]), nil, 200, &list)
			if len(list) != 3 {
				t.Errorf("morning checks: %+v", list)
			}
			for user, want := range map[string]int{"carer1": 200, "ansai": 404, "director2": 404, "parent1": 403} {
				e.do(user, "GET", fmt.Sprintf("/api/v1/institutions/%d/health-checks", e.inst["baota"]), nil, want, nil)
			}
			e.do("ansai", "POST", "/api/v1/health-checks", []map[string]any{{"child_id": c["a1"], "kind": "morning", "temperature": 36.6}}, 403, nil)
			e.do("director2", "POST", "/api/v1/health-checks", []map[string]any{{"child_id": c["c1"], "kind": "morning", "temperature": 36.6}}, 404, nil)
		})
	}
}

type careLogOut struct {
	ID         int64  `json:"id"`
	ClassID    int64  `json:"class_id"`
	ChildID    int64  `json:"child_id"`
	WholeClass bool   `json:"whole_class"`
	Kind       string `json:"kind"`
	Published  bool   `json:"published"`
	Detail     struct {
		Meal   string `json:"meal"`
		Amount string `json:"amount"`
		From   string `json:"from"`
		To     string `json:"to"`
		Text   string `json:"text"`
	} `json:"detail"`
}

type dayOut struct {
	ChildID    int64 `json:"child_id"`
	ChildName  string
	Attendance *struct {
		Status         string     `json:"status"`
		CheckIn        *time.Time `json:"check_in"`
		CheckOut       *time.Time `json:"check_out"`
		PickedUpByName string     `json:"picked_up_by_name"`
	} `json:"attendance"`
	MorningCheck *checkOut    `json:"morning_check"`
	MiddayCheck  *checkOut    `json:"midday_check"`
	Meals        []careLogOut `json:"meals"`
	Sleep        []careLogOut `json:"sleep"`
	Mood         []careLogOut `json:"mood"`
	Notes        []careLogOut `json:"notes"`
}

// TestCareLogAndGuardianDay: an entry for a whole class, once published,
// shows in the day of each child of the class; unpublished entries stay
// hidden; guardians reach only their own children.
func TestCareLogAndGuardianDay(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			f := newDailyFixture(t, e)
			c := f.child
			dayPath := func(child int64, date string) string {
				return fmt.Sprintf("/api/v1/me/children/%d/day?date=%s", child, date)
			}

			var lunch, sleep, note, other careLogOut
			e.do("carer1", "POST", "/api/v1/care-logs", map[string]any{"class_id": f.class["sun"], "date": fixToday, "kind": "meal",
				"detail": map[string]any{"meal": "lunch", "amount": "most"}, "publish": true}, 201, &lunch)
			if !lunch.WholeClass || !lunch.Published || lunch.ClassID != f.class["sun"] || lunch.Detail.Amount != "most" {
				t.Fatalf("class entry: %+v", lunch)
			}
			e.do("carer1", "POST", "/api/v1/care-logs", map[string]any{"child_id": c["c1"], "kind": "sleep",
				"detail": map[string]any{"from": "12:30", "to": "14:30"}}, 201, &sleep)
			if sleep.WholeClass || sleep.Published || sleep.ChildID != c["c1"] || sleep.ClassID != f.class["sun"] {
				t.Fatalf("child entry: %+v", sleep)
			}
			e.do("director1", "POST", "/api/v1/care-logs", map[string]any{"class_id": f.class["sun"], "kind": "note",
				"detail": map[string]any{"text": "今天做了手工"}}, 201, &note) // not published
			e.do("carer1", "POST", "/api/v1/care-logs", map[string]any{"child_id": c["c2"], "kind": "mood", "detail": map[string]any{"mood": "happy"},
				"publish": true}, 201, &other) // another child's
			e.do("carer1", "POST", "/api/v1/care-logs", map[string]any{"class_id": f.class["star"], "kind": "meal",
				"detail": map[string]any{"meal": "lunch", "amount": "all"}, "publish": true}, 201, nil) // another class

			// Bad entries.
			var bad errorOut
			e.do("carer1", "POST", "/api/v1/care-logs", map[string]any{"child_id": c["c1"], "class_id": f.class["sun"], "kind": "meal",
				"detail": map[string]any{"meal": "lunch", "amount": "most", "mood": "happy"}}, 422, &bad)
			if bad.Error.Fields["child_id"] != "child_or_class" || bad.Error.Fields["detail.mood"] != "not_allowed" {
				t.Errorf("bad entry: %+v", bad)
			}
			e.do("carer1", "POST", "/api/v1/care-logs", map[string]any{"child_id": c["c1"], "kind": "sleep", "detail": map[string]any{"from": "14:00", "to": "13:00"}}, 422, &bad)
			if bad.Error.Fields["detail.to"] != "check_out_before_check_in" {
				t.Errorf("sleep backwards: %+v", bad)
			}
			e.do("carer1", "POST", "/api/v1/care-logs", map[string]any{"child_id": c["c1"], "kind": "meal", "detail": map[string]any{"meal": "feast"}}, 422, &bad)
			if bad.Error.Fields["detail.meal"] != "not_allowed" || bad.Error.Fields["detail.amount"] != "required" {
				t.Errorf("bad meal: %+v", bad)
			}
			e.do("director2", "POST", "/api/v1/care-logs", map[string]any{"class_id": f.class["sun"], "kind": "note", "detail": map[string]any{"text": "x"}}, 404, nil)
			e.do("director2", "POST", "/api/v1/care-logs", map[string]any{"child_id": c["c1"], "kind": "note", "detail": map[string]any{"text": "x"}}, 404, nil)
			e.do("ansai", "POST", "/api/v1/care-logs", map[string]any{"class_id": f.class["ansai"], "kind": "note", "detail": map[string]any{"text": "x"}}, 403, nil)

			// The day: check-in and the morning check, and the published class lunch only.
			var out batchOut
			e.do("carer1", "POST", "/api/v1/attendance", []map[string]any{{"child_id": c["c1"], "check_in": "08:15"}}, 200, &out)
			e.do("carer1", "POST", "/api/v1/health-checks", []map[string]any{{"child_id": c["c1"], "kind": "morning", "temperature": 36.6}}, 201, nil)
			var day dayOut
			e.do("parent1", "GET", dayPath(c["c1"], fixToday), nil, 200, &day)
			if day.Attendance == nil || day.Attendance.Status != "present" || day.Attendance.CheckIn.In(service.China).Format("15:04") != "08:15" {
				t.Errorf("attendance in the day: %+v", day.Attendance)
			}
			if day.MorningCheck == nil || *day.MorningCheck.Temperature != 36.6 || day.MiddayCheck != nil {
				t.Errorf("checks in the day: %+v %+v", day.MorningCheck, day.MiddayCheck)
			}
			if len(day.Meals) != 1 || day.Meals[0].ID != lunch.ID || len(day.Sleep) != 0 || len(day.Notes) != 0 || len(day.Mood) != 0 {
				t.Fatalf("unpublished or others' entries shown: %+v", day)
			}
			// Publishing the sleep and the note shows them.
			var pub careLogOut
			e.do("carer1", "POST", fmt.Sprintf("/api/v1/care-logs/%d/publish", sleep.ID), nil, 200, &pub)
			if !pub.Published {
				t.Errorf("publish: %+v", pub)
			}
			e.do("director2", "POST", fmt.Sprintf("/api/v1/care-logs/%d/publish", note.ID), nil, 404, nil)
			e.do("ansai", "POST", fmt.Sprintf("/api/v1/care-logs/%d/publish", note.ID), nil, 403, nil)
			e.do("director1", "POST", fmt.Sprintf("/api/v1/care-logs/%d/publish", note.ID), nil, 200, nil)
			e.do("director1", "POST", fmt.Sprintf("/api/v1/care-logs/%d/publish", note.ID), nil, 200, nil) // again: no change
			e.do("parent1", "GET", dayPath(c["c1"], ""), nil, 200, &day)
			if len(day.Sleep) != 1 || day.Sleep[0].Detail.From != "12:30" || len(day.Notes) != 1 || day.Notes[0].Detail.Text != "今天做了手工" {
				t.Errorf("after publishing: %+v", day)
			}
			if n := f.count("SELECT COUNT(*) FROM audit_events WHERE entity = 'care_log'"); n != 7 {
				t.Errorf("%d care log audit events, want 7 (5 entries, 2 publications)", n)
			}
			// Staff see the whole log of the day, published or not.
			var logs []careLogOut
			e.do("director1", "POST", "/api/v1/care-logs", map[string]any{"class_id": f.class["sun"], "kind": "note", "detail": map[string]any{"text": "draft"}}, 201, nil)
			e.do("carer1", "GET", fmt.Sprintf("/api/v1/institutions/%d/care-logs?class_id=%d", e.inst["baota"], f.class["sun"]), nil, 200, &logs)
			if len(logs) != 5 {
				t.Errorf("class log: %d entries", len(logs))
			}
			for user, want := range map[string]int{"baota": 200, "ansai": 404, "director2": 404, "parent1": 403} {
				e.do(user, "GET", fmt.Sprintf("/api/v1/institutions/%d/care-logs", e.inst["baota"]), nil, want, nil)
			}

			// Guardians reach only their own children.
			e.do("parent2", "GET", dayPath(c["c1"], fixToday), nil, 404, nil)
			e.do("parent1", "GET", dayPath(c["a1"], fixToday), nil, 404, nil)
			e.do("parent1", "GET", dayPath(c["c2"], fixToday), nil, 404, nil)
			e.do("parent2", "GET", dayPath(c["a1"], fixToday), nil, 200, nil)
			e.do("parent1", "GET", dayPath(c["c1"], "2026-10-01"), nil, 422, nil)
			for _, user := range []string{"director1", "carer1", "baota", "ansai"} {
				e.do(user, "GET", dayPath(c["c1"], fixToday), nil, 403, nil)
			}

			// Attendance history of the month.
			e.do("carer1", "POST", "/api/v1/attendance", []map[string]any{
				{"child_id": c["c1"], "date": "2026-09-28", "check_in": "08:00", "check_out": "17:00", "picked_up_by": key("guardian", f.guardian["g1"])},
				{"child_id": c["c1"], "date": fixYesterday, "absent_reason": "sick", "symptoms": "咳嗽"},
			}, 200, &out)
			var month struct {
				Month       string `json:"month"`
				PresentDays int    `json:"present_days"`
				AbsentDays  int    `json:"absent_days"`
				Days        []struct {
					Date           string `json:"date"`
					Status         string `json:"status"`
					Symptoms       string `json:"symptoms"`
					PickedUpByName string `json:"picked_up_by_name"`
				} `json:"days"`
			}
			e.do("parent1", "GET", fmt.Sprintf("/api/v1/me/children/%d/attendance?month=2026-09", c["c1"]), nil, 200, &month)
			if month.Month != "2026-09" || month.PresentDays != 2 || month.AbsentDays != 1 || len(month.Days) != 3 ||
				month.Days[0].PickedUpByName != "王大明" || month.Days[1].Symptoms != "咳嗽" {
				t.Errorf("month: %+v", month)
			}
			e.do("parent1", "GET", fmt.Sprintf("/api/v1/me/children/%d/attendance", c["c1"]), nil, 200, &month)
			if month.Month != "2026-09" {
				t.Errorf("default month: %+v", month)
			}
			e.do("parent1", "GET", fmt.Sprintf("/api/v1/me/children/%d/attendance?month=2026-08", c["c1"]), nil, 200, &month)
			if len(month.Days) != 0 {
				t.Errorf("August: %+v", month)
			}
			e.do("parent1", "GET", fmt.Sprintf("/api/v1/me/children/%d/attendance?month=2026-13", c["c1"]), nil, 422, nil)
			e.do("parent2", "GET", fmt.Sprintf("/api/v1/me/children/%d/attendance?month=2026-09", c["c1"]), nil, 404, nil)
			e.do("director1", "GET", fmt.Sprintf("/api/v1/me/children/%d/attendance?month=2026-09", c["c1"]), nil, 403, nil)
		})
	}
}
