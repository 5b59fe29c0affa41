package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"

	"tuoyu/internal/authz"
	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/testkit"
)

// stfID makes a valid resident ID number born on birth (YYYYMMDD) in county.
func stfID(t testing.TB, county, birth string, seq int) string {
	first := fmt.Sprintf("%s%s%03d", county, birth, seq)
	c, err := cnid.ResidentIDCheckChar(first)
	if err != nil {
		t.Fatal(err)
	}
	return first + string(c)
}

// healthCert is the health certificate a person brings to be hired.
var healthCert = []map[string]any{{"kind": "health", "issued_on": "2026-09-01"}}

type stfErr struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

type stfList struct {
	Items []domain.Staff `json:"items"`
	Total int            `json:"total"`
}

func hire(e *env, user string, inst int64, body map[string]any, want int) (domain.Staff, stfErr, []byte) {
	e.t.Helper()
	var s domain.Staff
	var er stfErr
	var out any = &s
	if want >= 400 {
		out = &er
	}
	raw := e.do(user, "POST", fmt.Sprintf("/api/v1/institutions/%d/staff", inst), body, want, out)
	return s, er, raw
}

// TestStaffHireConflictLeave: one employer at a time, city-wide; leaving
// frees the person; the ID number is only ever shown masked.
func TestStaffHireConflictLeave(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			baota, ansai := e.inst["baota"], e.inst["ansai"]
			idA := stfID(t, "610602", "19900101", 123)
			person := map[string]any{"name": "王芳", "id_number": idA, "phone": "139 1234 5678", "education": "junior_college", "post": "caregiver",
				"start_date": "2026-09-01", "certificates": []map[string]any{{"kind": "health", "number": "JK-1", "issued_on": "2026-08-20"}}}
			s, _, raw := hire(e, "director1", baota, person, 201)
			if s.ID == 0 || s.InstitutionID != baota || s.Post != "caregiver" || !s.FullTime || s.Sex != "male" || s.Phone != "13912345678" {
				t.Fatalf("hired: %s", raw)
			}
			if s.IDMasked != cnid.Mask(idA) || strings.Contains(string(raw), idA) || strings.Contains(string(raw), "19900101") {
				t.Fatalf("ID number not masked: %s", raw)
			}
			if len(s.Certificates) != 1 || s.Certificates[0].Kind != "health" {
				t.Fatalf("certificates: %s", raw)
			}

			var l stfList
			path := fmt.Sprintf("/api/v1/institutions/%d/staff", baota)
			for _, user := range []string{"director1", "baota", "yanan"} {
				raw = e.do(user, "GET", path, nil, 200, &l)
				if l.Total != 1 || l.Items[0].ID != s.ID || strings.Contains(string(raw), idA) {
					t.Fatalf("%s lists %s", user, raw)
				}
			}
			e.do("ansai", "GET", path, nil, 404, nil)
			e.do("director2", "GET", path, nil, 404, nil)
			e.do("carer1", "GET", path, nil, 403, nil)
			e.do("partner", "GET", path, nil, 403, nil)
			e.do("director2", "GET", fmt.Sprintf("/api/v1/staff/%d", s.ID), nil, 404, nil)
			e.do("ansai", "GET", fmt.Sprintf("/api/v1/staff/%d", s.ID), nil, 404, nil)

			// employed at baota: ansai's director cannot hire her, and is not told where she works
			_, er, raw := hire(e, "director2", ansai, person, 409)
			if er.Error.Code != "conflict" || er.Error.Fields["id_number"] != "employed_elsewhere" || strings.Contains(string(raw), "baota") {
				t.Fatalf("employed elsewhere: %s", raw)
			}
			_, er, _ = hire(e, "director1", baota, person, 409)
			if er.Error.Code != "conflict" || er.Error.Fields["id_number"] != "already_employed" {
				t.Fatalf("hired twice: %+v", er)
			}
			// directors act in their own institution only
			e.do("director2", "POST", fmt.Sprintf("/api/v1/institutions/%d/staff", baota), person, 404, nil)
			e.do("director2", "POST", fmt.Sprintf("/api/v1/staff/%d/leave", s.ID), map[string]any{}, 404, nil)
			e.do("baota", "POST", fmt.Sprintf("/api/v1/staff/%d/leave", s.ID), map[string]any{}, 403, nil)

			// bad input: reported by field, nothing written
			bad := map[string]any{"name": "", "id_number": "610602199001011234", "post": "pilot", "education": "phd", "start_date": "2026-02-30",
				"certificates": []map[string]any{{"kind": "health", "issued_on": "2026-09-01", "expires_on": "2026-08-01"}}}
			_, er, _ = hire(e, "director1", baota, bad, 422)
			for _, f := range []string{"name", "id_number", "post", "education", "start_date", "certificates[0].expires_on"} {
				if er.Error.Fields[f] == "" {
					t.Errorf("no problem reported for %s: %+v", f, er.Error.Fields)
				}
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/institutions/%d/staff", baota), []byte(`{"name": 1}`), 422, nil)
			e.do("director1", "GET", path, nil, 200, &l)
			if l.Total != 1 {
				t.Fatalf("bad input wrote staff: %+v", l)
			}

			// leaving: an end date in the future or before the start is refused
			e.do("director1", "POST", fmt.Sprintf("/api/v1/staff/%d/leave", s.ID), map[string]any{"end_date": "2026-10-30"}, 422, nil)
			e.do("director1", "POST", fmt.Sprintf("/api/v1/staff/%d/leave", s.ID), map[string]any{"end_date": "2026-08-30"}, 422, nil)
			var left domain.Staff
			e.do("director1", "POST", fmt.Sprintf("/api/v1/staff/%d/leave", s.ID), map[string]any{"reason": "合同到期"}, 200, &left)
			if left.EndDate != "2026-09-30" {
				t.Fatalf("left: %+v", left)
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/staff/%d/leave", s.ID), map[string]any{}, 404, nil)
			e.do("director1", "GET", path, nil, 200, &l)
			if l.Total != 0 {
				t.Fatalf("current staff after leaving: %+v", l)
			}
			e.do("director1", "GET", path+"?include_ended=true", nil, 200, &l)
			if l.Total != 1 || l.Items[0].EndDate != "2026-09-30" {
				t.Fatalf("staff with those who left: %+v", l)
			}

			// now ansai may hire her: the same person record is reused
			person["post"] = "teacher"
			s2, _, _ := hire(e, "director2", ansai, person, 201)
			if s2.ID != s.ID || s2.InstitutionID != ansai || s2.Post != "teacher" {
				t.Fatalf("rehired elsewhere: %+v", s2)
			}
			var one domain.Staff
			e.do("director2", "GET", fmt.Sprintf("/api/v1/staff/%d", s.ID), nil, 200, &one)
			if len(one.Employments) != 1 || one.EndDate != "" || one.InstitutionID != ansai {
				t.Fatalf("ansai's view: %+v", one)
			}
			raw = e.do("yanan", "GET", fmt.Sprintf("/api/v1/staff/%d", s.ID), nil, 200, &one)
			if len(one.Employments) != 2 || one.InstitutionID != ansai || one.Employments[1].EndDate != "2026-09-30" || strings.Contains(string(raw), idA) {
				t.Fatalf("city view: %s", raw)
			}
			e.do("baota", "GET", fmt.Sprintf("/api/v1/institutions/%d/staff", ansai), nil, 404, nil)

			// every change is audited, in the institution's county
			var audit struct {
				Items []domain.AuditEvent `json:"items"`
			}
			e.do("baota", "GET", fmt.Sprintf("/api/v1/audit?entity=staff&id=%d", s.ID), nil, 200, &audit)
			seen := map[string]int{}
			for _, ev := range audit.Items {
				seen[ev.Action]++
				if strings.Contains(string(ev.Detail), idA) {
					t.Fatalf("audit detail holds the ID number: %s", ev.Detail)
				}
			}
			if seen["staff.hire"] != 1 || seen["staff.leave"] != 1 {
				t.Fatalf("baota's audit: %v", seen)
			}
			e.do("ansai", "GET", fmt.Sprintf("/api/v1/audit?entity=staff&id=%d", s.ID), nil, 200, &audit)
			if len(audit.Items) != 1 || audit.Items[0].Action != "staff.hire" || audit.Items[0].InstitutionID != ansai {
				t.Fatalf("ansai's audit: %+v", audit.Items)
			}
		})
	}
}

// TestBlacklist: regulators add and lift bans with reasons; hiring a banned
// person is refused anywhere and the attempt is shown to the county.
func TestBlacklist(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			baota, ansai := e.inst["baota"], e.inst["ansai"]
			idB := stfID(t, "610603", "19850315", 456)
			entry := map[string]any{"id_number": idB, "name": "赵某", "reason": "虐待婴幼儿，法院判决"}
			e.do("director1", "POST", "/api/v1/blacklist", entry, 403, nil)
			e.do("director1", "GET", "/api/v1/blacklist", nil, 403, nil)
			e.do("partner", "GET", "/api/v1/blacklist", nil, 403, nil)

			var be domain.BlacklistEntry
			raw := e.do("baota", "POST", "/api/v1/blacklist", entry, 201, &be)
			if !be.Active || be.RegionCode != "610602" || be.AddedBy != "baota" || be.IDMasked != cnid.Mask(idB) || strings.Contains(string(raw), idB) {
				t.Fatalf("added: %s", raw)
			}
			var er stfErr
			e.do("yanan", "POST", "/api/v1/blacklist", entry, 409, &er)
			if er.Error.Code != "conflict" {
				t.Fatalf("second ban: %+v", er)
			}
			e.do("baota", "POST", "/api/v1/blacklist", map[string]any{"id_number": "123", "name": "x"}, 422, &er)
			if er.Error.Fields["reason"] != "required" || er.Error.Fields["id_number"] == "" {
				t.Fatalf("bad entry: %+v", er)
			}

			var bl struct {
				Items []domain.BlacklistEntry `json:"items"`
				Total int                     `json:"total"`
			}
			e.do("ansai", "GET", "/api/v1/blacklist", nil, 200, &bl)
			if bl.Total != 0 {
				t.Fatalf("ansai sees baota's entries: %+v", bl)
			}
			e.do("yanan", "GET", "/api/v1/blacklist?active=true", nil, 200, &bl)
			if bl.Total != 1 || bl.Items[0].ID != be.ID {
				t.Fatalf("city list: %+v", bl)
			}

			// hiring is refused in either county, and each attempt is audited for its county
			person := map[string]any{"name": "赵某", "id_number": idB, "post": "cook", "certificates": healthCert}
			_, er, raw = hire(e, "director1", baota, person, 409)
			if er.Error.Code != "blacklisted" || er.Error.Fields["id_number"] != "blacklisted" {
				t.Fatalf("banned hire: %s", raw)
			}
			// the ban is checked before anything else on the form
			_, er, _ = hire(e, "director2", ansai, map[string]any{"name": "", "id_number": idB, "post": ""}, 409)
			if er.Error.Code != "blacklisted" {
				t.Fatalf("banned hire with a bad form: %+v", er)
			}
			var l stfList
			e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d/staff?include_ended=true", baota), nil, 200, &l)
			if l.Total != 0 {
				t.Fatalf("refused hire wrote staff: %+v", l)
			}
			var refused struct {
				Items []domain.AuditEvent `json:"items"`
				Total int                 `json:"total"`
			}
			raw = e.do("baota", "GET", "/api/v1/blacklist/refused-hires", nil, 200, &refused)
			if refused.Total != 1 || refused.Items[0].Action != "staff.hire_refused_blacklisted" || refused.Items[0].InstitutionID != baota ||
				refused.Items[0].ActorName != "director1" || strings.Contains(string(raw), idB) || !strings.Contains(string(raw), cnid.Mask(idB)) {
				t.Fatalf("baota's refused hires: %s", raw)
			}
			e.do("ansai", "GET", "/api/v1/blacklist/refused-hires", nil, 200, &refused)
			if refused.Total != 1 || refused.Items[0].InstitutionID != ansai {
				t.Fatalf("ansai's refused hires: %+v", refused)
			}
			e.do("yanan", "GET", "/api/v1/blacklist/refused-hires", nil, 200, &refused)
			if refused.Total != 2 {
				t.Fatalf("city's refused hires: %+v", refused)
			}
			e.do("director1", "GET", "/api/v1/blacklist/refused-hires", nil, 403, nil)
			// the service function of the county home page
			evs, n, err := e.app.Service.RefusedBlacklistedHires(t.Context(), stfActor(t, e, "baota"), domain.Page{})
			if err != nil || n != 1 || evs[0].Action != "staff.hire_refused_blacklisted" {
				t.Fatalf("RefusedBlacklistedHires: %v %d %+v", err, n, evs)
			}

			// lifting: another county cannot (not found), a director may not, a reason is needed
			lift := fmt.Sprintf("/api/v1/blacklist/%d/lift", be.ID)
			e.do("ansai", "POST", lift, map[string]any{"reason": "x"}, 404, nil)
			e.do("director1", "POST", lift, map[string]any{"reason": "x"}, 403, nil)
			e.do("baota", "POST", lift, map[string]any{"reason": " "}, 422, nil)
			raw = e.do("baota", "POST", lift, map[string]any{"reason": "再审改判无罪"}, 200, &be)
			if be.Active || be.LiftedAt == nil || be.LiftedBy != "baota" || be.LiftReason != "再审改判无罪" {
				t.Fatalf("lifted: %s", raw)
			}
			e.do("baota", "POST", lift, map[string]any{"reason": "again"}, 409, nil)
			e.do("yanan", "GET", "/api/v1/blacklist?active=true", nil, 200, &bl)
			if bl.Total != 0 {
				t.Fatalf("lifted entry still active: %+v", bl)
			}
			// a city entry is out of a county's scope
			var cityEntry domain.BlacklistEntry
			e.do("yanan", "POST", "/api/v1/blacklist", map[string]any{"id_number": stfID(t, "610602", "19800101", 777), "name": "钱某", "reason": "禁业判决"}, 201, &cityEntry)
			if cityEntry.RegionCode != "610600" {
				t.Fatalf("city entry region %q", cityEntry.RegionCode)
			}
			e.do("baota", "POST", fmt.Sprintf("/api/v1/blacklist/%d/lift", cityEntry.ID), map[string]any{"reason": "x"}, 404, nil)

			// after the lift the person may be hired
			hire(e, "director1", baota, person, 201)

			var audit struct {
				Items []domain.AuditEvent `json:"items"`
			}
			e.do("baota", "GET", fmt.Sprintf("/api/v1/audit?entity=blacklist&id=%d", be.ID), nil, 200, &audit)
			seen := map[string]string{}
			for _, ev := range audit.Items {
				seen[ev.Action] = string(ev.Detail)
			}
			if !strings.Contains(seen["blacklist.add"], "虐待婴幼儿") || !strings.Contains(seen["blacklist.lift"], "再审改判无罪") {
				t.Fatalf("blacklist audit: %v", seen)
			}
		})
	}
}

// stfActor returns the actor of an env account, for service calls.
func stfActor(t *testing.T, e *env, username string) authz.Actor {
	t.Helper()
	users, _, err := e.app.DB.Read().ListUsers(t.Context(), domain.Page{PerPage: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Username == username {
			return authz.ForUser(u, "127.0.0.1", 0)
		}
	}
	t.Fatalf("no user %s", username)
	return authz.Actor{}
}

// TestExpiringCertificates: certificates of current staff that have expired
// or expire within 30 days (a setting) are listed for the director's home page.
func TestExpiringCertificates(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			baota := e.inst["baota"]
			// today is 2026-09-30
			s, _, _ := hire(e, "director1", baota, map[string]any{"name": "孙丽", "id_number": stfID(t, "610602", "19880808", 321), "post": "director",
				"education": "bachelor", "management_years": 5, "start_date": "2025-09-01",
				"certificates": []map[string]any{
					{"kind": "health", "number": "JK-2025", "issued_on": "2025-08-15"},                                  // lapsed 2026-08-15 (a year after issue)
					{"kind": "health", "number": "JK-2026", "issued_on": "2025-10-15"},                                  // due 2026-10-15: 15 days left
					{"kind": "no_criminal_record", "issued_on": "2025-08-01"},                                           // never expires
					{"kind": "security_guard", "number": "BA-1", "issued_on": "2020-09-01", "expires_on": "2026-09-01"}, // expired
					{"kind": "teacher_qualification", "number": "JS-1", "issued_on": "2021-01-01", "expires_on": "2026-10-20"},
					{"kind": "director_training", "number": "FZ-1", "issued_on": "2025-06-01", "expires_on": "2026-11-20", "hours": 64},
					{"kind": "other", "name": "急救证", "issued_on": "2023-09-15", "expires_on": "2026-09-15"}, // renewed below
					{"kind": "other", "name": "急救证", "issued_on": "2026-09-10", "expires_on": "2029-09-10"},
				}}, 201)
			if s.TrainingHours != 64 {
				t.Fatalf("training hours %v", s.TrainingHours)
			}
			type expiring struct {
				Within int                       `json:"within"`
				Items  []domain.ExpiringDocument `json:"items"`
			}
			var x expiring
			e.do("director1", "GET", "/api/v1/me/expiring-documents", nil, 200, &x)
			got := []string{}
			for _, d := range x.Items {
				got = append(got, fmt.Sprintf("%s %s %d %v", d.Kind, d.ExpiresOn, d.DaysLeft, d.Expired))
			}
			want := []string{"security_guard 2026-09-01 -29 true", "health 2026-10-15 15 false", "teacher_qualification 2026-10-20 20 false"}
			if x.Within != 30 || strings.Join(got, "; ") != strings.Join(want, "; ") {
				t.Fatalf("expiring (within %d):\n got %v\nwant %v", x.Within, got, want)
			}
			if x.Items[0].StaffName != "孙丽" || x.Items[0].InstitutionID != baota || x.Items[0].StaffID != s.ID {
				t.Fatalf("expiring item: %+v", x.Items[0])
			}
			e.do("director1", "GET", "/api/v1/me/expiring-documents?within=60", nil, 200, &x)
			if len(x.Items) != 4 || x.Items[3].Kind != "director_training" {
				t.Fatalf("within 60: %+v", x.Items)
			}
			e.do("director1", "GET", "/api/v1/me/expiring-documents?within=abc", nil, 422, nil)
			e.do("baota", "GET", "/api/v1/me/expiring-documents", nil, 200, &x)
			if len(x.Items) != 3 {
				t.Fatalf("county sees %d", len(x.Items))
			}
			e.do("director2", "GET", "/api/v1/me/expiring-documents", nil, 200, &x)
			if len(x.Items) != 0 {
				t.Fatalf("director2 sees baota's certificates: %+v", x.Items)
			}
			e.do("ansai", "GET", "/api/v1/me/expiring-documents", nil, 200, &x)
			if len(x.Items) != 0 {
				t.Fatalf("ansai sees baota's certificates: %+v", x.Items)
			}
			// the service function of the home page
			docs, err := e.app.Service.ExpiringCertificates(t.Context(), stfActor(t, e, "director1"), 0)
			if err != nil || len(docs) != 3 {
				t.Fatalf("ExpiringCertificates: %v %+v", err, docs)
			}

			// a new health certificate replaces the one about to lapse
			certPath := fmt.Sprintf("/api/v1/staff/%d/certificates", s.ID)
			var er stfErr
			e.do("director1", "POST", certPath, map[string]any{"kind": "health", "issued_on": "2026-10-01"}, 422, &er)
			if er.Error.Fields["issued_on"] != "in_future" {
				t.Fatalf("future certificate: %+v", er)
			}
			e.do("director1", "POST", certPath, map[string]any{"kind": "licence"}, 422, nil)
			e.do("director2", "POST", certPath, map[string]any{"kind": "health", "issued_on": "2026-09-29"}, 404, nil)
			var c domain.StaffCertificate
			e.do("director1", "POST", certPath, map[string]any{"kind": "health", "number": "JK-2026b", "issued_on": "2026-09-29"}, 201, &c)
			if c.ID == 0 || c.StaffID != s.ID {
				t.Fatalf("certificate: %+v", c)
			}
			e.do("director1", "GET", "/api/v1/me/expiring-documents", nil, 200, &x)
			if len(x.Items) != 2 || x.Items[1].Kind != "teacher_qualification" {
				t.Fatalf("after renewal: %+v", x.Items)
			}
			// people who have left are no longer watched
			e.do("director1", "POST", fmt.Sprintf("/api/v1/staff/%d/leave", s.ID), map[string]any{}, 200, nil)
			e.do("director1", "GET", "/api/v1/me/expiring-documents", nil, 200, &x)
			if len(x.Items) != 0 {
				t.Fatalf("after leaving: %+v", x.Items)
			}
		})
	}
}

// TestStaffHireRace: two institutions hire the same person at the same
// moment; the database lets exactly one of them have her.
func TestStaffHireRace(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			hirers := []struct {
				token string
				inst  int64
			}{{e.login("director1"), e.inst["baota"]}, {e.login("director2"), e.inst["ansai"]}}
			race := func(id string) []int {
				body, _ := json.Marshal(map[string]any{"name": "周敏", "id_number": id, "post": "caregiver", "certificates": healthCert})
				statuses := make([]int, len(hirers))
				var wg sync.WaitGroup
				for i, h := range hirers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/institutions/%d/staff", e.srv.URL, h.inst), bytes.NewReader(body))
						req.Header.Set("Authorization", "Bearer "+h.token)
						req.Header.Set("Content-Type", "application/json")
						resp, err := http.DefaultClient.Do(req)
						if err != nil {
							return
						}
						resp.Body.Close()
						statuses[i] = resp.StatusCode
					}()
				}
				wg.Wait()
				sort.Ints(statuses)
				return statuses
			}
			for i := range 4 {
				// a person not yet on file
				if got := race(stfID(t, "610602", "19910101", 100+i)); got[0] != 201 || got[1] != 409 {
					t.Fatalf("new person, round %d: %v", i, got)
				}
			}
			// a person on file who has left her last employer
			id := stfID(t, "610602", "19910101", 200)
			s, _, _ := hire(e, "director1", e.inst["baota"], map[string]any{"name": "周敏", "id_number": id, "post": "caregiver", "certificates": healthCert}, 201)
			e.do("director1", "POST", fmt.Sprintf("/api/v1/staff/%d/leave", s.ID), map[string]any{}, 200, nil)
			if got := race(id); got[0] != 201 || got[1] != 409 {
				t.Fatalf("person on file: %v", got)
			}
		})
	}
}
