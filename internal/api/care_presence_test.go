package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/daily"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/testkit"
)

// TestClassCareLogOnlyForChildrenPresent: a whole-class entry reaches the
// day of a child only when the child was there at its time — checked in by
// then and not yet checked out; a sleep counts over its span; an absent
// child, or one never checked in, sees no class entry; the child's own
// entries always show; an entry written down on a later day reaches every
// child who came that day.
func TestClassCareLogOnlyForChildrenPresent(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			f := newDailyFixture(t, e)
			c := f.child
			ctx := context.Background()
			rec, err := e.app.Service.DB.Read().UserByUsername(ctx, "carer1")
			if err != nil {
				t.Fatal(err)
			}
			carer := authz.ForUser(rec.User, "", 0)
			at := func(hh, mm int) *daily.Service {
				now := time.Date(2026, 9, 30, hh, mm, 0, 0, service.China)
				return e.app.Daily.WithCore(e.app.Service.WithClock(func() time.Time { return now }))
			}
			// parent2 also becomes a guardian of c2, c3 and c4.
			for _, k := range []string{"c2", "c3", "c4"} {
				f.insert("INSERT INTO guardians (child_id, name, relation, phone, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
					c[k], "家长"+k, "mother", "1390000010"+k[1:], f.user["parent2"], f.now())
			}

			// c1 comes at 08:05 and is sent home at 10:16; c2 comes at 08:20 and
			// stays; c3 is absent; c4 never comes; yesterday c1 came, c2 did not.
			out, err := at(12, 40).RecordAttendance(ctx, carer, []domain.AttendanceItem{
				{ChildID: c["c1"], CheckIn: "08:05", CheckOut: "10:16", PickedUpBy: key("guardian", f.guardian["g1"])},
				{ChildID: c["c2"], CheckIn: "08:20"},
				{ChildID: c["c3"], AbsentReason: "sick", Symptoms: "发热"},
				{ChildID: c["c1"], Date: fixYesterday, CheckIn: "08:00", CheckOut: "17:00", PickedUpBy: key("guardian", f.guardian["g1"])},
			})
			if err != nil {
				t.Fatalf("attendance: %v %+v", err, out)
			}
			entry := func(s *daily.Service, in domain.CareLogInput) int64 {
				t.Helper()
				in.ClassID, in.Publish = f.class["sun"], true
				if in.Date == "" {
					in.Date = fixToday
				}
				l, err := s.RecordCareLog(ctx, carer, in)
				if err != nil {
					t.Fatalf("care log %+v: %v", in, err)
				}
				return l.ID
			}
			snack := entry(at(9, 30), domain.CareLogInput{Kind: domain.CareMeal, Detail: domain.CareDetail{Meal: "morning_snack", Amount: "all"}})
			lunch := entry(at(12, 12), domain.CareLogInput{Kind: domain.CareMeal, Detail: domain.CareDetail{Meal: "lunch", Amount: "most"}})
			nap := entry(at(12, 40), domain.CareLogInput{Kind: domain.CareSleep, Detail: domain.CareDetail{From: "10:00", To: "11:30"}})
			late := entry(at(12, 40), domain.CareLogInput{Kind: domain.CareSleep, Detail: domain.CareDetail{From: "12:20", To: "14:00"}})
			backfill := entry(at(12, 40), domain.CareLogInput{Date: fixYesterday, Kind: domain.CareNote, Detail: domain.CareDetail{Text: "昨天做了手工"}})
			own, err := at(12, 12).RecordCareLog(ctx, carer, domain.CareLogInput{ChildID: c["c1"], Date: fixToday, Kind: domain.CareNote,
				Detail: domain.CareDetail{Text: "离园后补记"}, Publish: true})
			if err != nil {
				t.Fatal(err)
			}

			ids := func(user string, child int64, date string) []int64 {
				var day dayOut
				e.do(user, "GET", fmt.Sprintf("/api/v1/me/children/%d/day?date=%s", child, date), nil, 200, &day)
				var got []int64
				for _, part := range [][]careLogOut{day.Meals, day.Sleep, day.Mood, day.Notes} {
					for _, l := range part {
						got = append(got, l.ID)
					}
				}
				return got
			}
			for _, tc := range []struct {
				name, user  string
				child       int64
				date        string
				want, never []int64
			}{
				{"sent home at 10:16", "parent1", c["c1"], fixToday, []int64{snack, nap, own.ID}, []int64{lunch, late}},
				{"stayed", "parent2", c["c2"], fixToday, []int64{snack, lunch, nap, late}, nil},
				{"absent", "parent2", c["c3"], fixToday, nil, []int64{snack, lunch, nap, late}},
				{"never came", "parent2", c["c4"], fixToday, nil, []int64{snack, lunch, nap, late}},
				{"came yesterday", "parent1", c["c1"], fixYesterday, []int64{backfill}, nil},
				{"not there yesterday", "parent2", c["c2"], fixYesterday, nil, []int64{backfill}},
			} {
				got := ids(tc.user, tc.child, tc.date)
				if len(got) != len(tc.want) {
					t.Errorf("%s: entries %v, want %v", tc.name, got, tc.want)
				}
				for _, id := range tc.want {
					if !contains(got, id) {
						t.Errorf("%s: entry %d missing from %v", tc.name, id, got)
					}
				}
				for _, id := range tc.never {
					if contains(got, id) {
						t.Errorf("%s: entry %d shown (%v)", tc.name, id, got)
					}
				}
			}
		})
	}
}

// TestNotificationSaysWhenAndWho: a guardian's notification names the
// child and the date and time of the check.
func TestNotificationSaysWhenAndWho(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			f := newDailyFixture(t, e)
			e.do("carer1", "POST", "/api/v1/health-checks", []map[string]any{{"child_id": f.child["c1"], "kind": "morning", "temperature": 38.2}}, 201, nil)
			e.do("carer1", "POST", "/api/v1/health-checks", []map[string]any{{"child_id": f.child["c1"], "date": fixYesterday, "kind": "midday", "temperature": 38.4}}, 201, nil)
			var notes notificationsOut
			e.do("parent1", "GET", "/api/v1/me/notifications", nil, 200, &notes)
			if notes.Total != 2 {
				t.Fatalf("notifications: %+v", notes)
			}
			for _, want := range []string{fixYesterday + "，王小明午检体温 38.4℃", fixToday + " 10:00，王小明晨检体温 38.2℃"} {
				found := false
				for _, n := range notes.Items {
					found = found || strings.HasPrefix(n.Body, want) && strings.Contains(n.Title, "王小明")
				}
				if !found {
					t.Errorf("no notification starting %q: %+v", want, notes.Items)
				}
			}
		})
	}
}

func contains(xs []int64, x int64) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
