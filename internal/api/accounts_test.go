package api_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"tuoyu/internal/account"
	"tuoyu/internal/testkit"
)

type acctList struct {
	Items []account.Account `json:"items"`
	Total int               `json:"total"`
}

func (e *env) acctNames(user, query string) []string {
	e.t.Helper()
	var l acctList
	e.do(user, "GET", "/api/v1/accounts"+query, nil, 200, &l)
	out := []string{}
	for _, it := range l.Items {
		out = append(out, it.Username)
	}
	sort.Strings(out)
	if l.Total != len(out) {
		e.t.Fatalf("%s: total %d for %d items", user, l.Total, len(out))
	}
	return out
}

func (e *env) acctID(username string) int64 {
	e.t.Helper()
	var l acctList
	e.do("admin", "GET", "/api/v1/accounts?name="+username, nil, 200, &l)
	for _, it := range l.Items {
		if it.Username == username {
			return it.ID
		}
	}
	e.t.Fatalf("no account %s", username)
	return 0
}

func (e *env) auditCount(action string, id int64) int {
	e.t.Helper()
	var l struct {
		Total int `json:"total"`
	}
	e.do("admin", "GET", fmt.Sprintf("/api/v1/audit?entity=user&id=%d&action=%s", id, action), nil, 200, &l)
	return l.Total
}

// fieldOf decodes a refusal and returns the reason given for field.
func fieldOf(t *testing.T, body []byte, field string) string {
	t.Helper()
	var e struct {
		Error struct {
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return e.Error.Fields[field]
}

// TestAccountsReach: each manager lists exactly the accounts ManageTable
// and its scope give it; an account outside is 404 for reading, changing,
// disabling and resetting; a role it does not manage cannot hold the list.
func TestAccountsReach(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			want := map[string]string{
				"yanan":     "ansai,baota",
				"baota":     "director1,fire,partner",
				"ansai":     "director2",
				"director1": "carer1",
			}
			for user, w := range want {
				if got := strings.Join(e.acctNames(user, ""), ","); got != w {
					t.Errorf("%s manages %s, want %s", user, got, w)
				}
			}
			if got := len(e.acctNames("admin", "?per_page=200")); got != 10 {
				t.Errorf("admin manages %d accounts, want every other one (10)", got)
			}
			e.do("carer1", "GET", "/api/v1/accounts", nil, 403, nil)
			e.do("parent1", "GET", "/api/v1/accounts", nil, 403, nil)
			// filters and paging
			if got := strings.Join(e.acctNames("baota", "?role=partner"), ","); got != "fire,partner" {
				t.Errorf("baota's partners: %s", got)
			}
			if got := strings.Join(e.acctNames("baota", "?name=DIREC"), ","); got != "director1" {
				t.Errorf("baota by name: %s", got)
			}
			var pg acctList
			e.do("admin", "GET", "/api/v1/accounts?per_page=4&page=3", nil, 200, &pg)
			if pg.Total != 10 || len(pg.Items) != 2 {
				t.Errorf("page 3 of 4: %d items of %d", len(pg.Items), pg.Total)
			}
			director2, carer1, ansai := e.acctID("director2"), e.acctID("carer1"), e.acctID("ansai")
			for _, c := range []struct {
				user string
				id   int64
			}{{"baota", director2}, {"director2", carer1}, {"baota", ansai}, {"yanan", director2}} {
				e.do(c.user, "GET", fmt.Sprintf("/api/v1/accounts/%d", c.id), nil, 404, nil)
				e.do(c.user, "POST", fmt.Sprintf("/api/v1/accounts/%d/disable", c.id), nil, 404, nil)
				e.do(c.user, "POST", fmt.Sprintf("/api/v1/accounts/%d/password-reset", c.id), nil, 404, nil)
				e.do(c.user, "PUT", fmt.Sprintf("/api/v1/accounts/%d", c.id), map[string]any{"role": "director", "display_name": "x"}, 404, nil)
			}
			if n := e.auditCount("user.disable", director2); n != 0 {
				t.Errorf("refused disables left %d audit events", n)
			}
			// disabling within reach: audited, the login ends, enabling again
			e.login("director2")
			e.do("ansai", "POST", fmt.Sprintf("/api/v1/accounts/%d/disable", director2), nil, 200, nil)
			e.do("director2", "GET", "/api/v1/me", nil, 401, nil)
			delete(e.tokens, "director2")
			if got := strings.Join(e.acctNames("ansai", "?status=disabled"), ","); got != "director2" {
				t.Errorf("disabled: %s", got)
			}
			e.do("ansai", "POST", fmt.Sprintf("/api/v1/accounts/%d/enable", director2), nil, 200, nil)
			e.do("director2", "GET", "/api/v1/me", nil, 200, nil)
			if e.auditCount("user.disable", director2) != 1 || e.auditCount("user.enable", director2) != 1 {
				t.Error("disable and enable are audited once each")
			}
		})
	}
}

// TestAccountsCreateChangeReset: a manager creates accounts only of the
// roles and in the places it manages; the first password must be changed
// at the first login, which every other route refuses until then; a reset
// code works the same way; each write is audited.
func TestAccountsCreateChangeReset(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			// out of the manager's roles or places: refused by field, nothing written
			body := e.do("baota", "POST", "/api/v1/accounts", map[string]any{"username": "newcity", "display_name": "王五", "role": "city_regulator", "region_code": "610600"}, 422, nil)
			if fieldOf(t, body, "role") != "not_allowed" {
				t.Errorf("baota creating a city regulator: %s", body)
			}
			body = e.do("baota", "POST", "/api/v1/accounts", map[string]any{"username": "dir3", "display_name": "王五", "role": "director", "institution_id": e.inst["ansai"]}, 422, nil)
			if fieldOf(t, body, "institution_id") != "unknown_institution" {
				t.Errorf("baota creating a director of an Ansai institution: %s", body)
			}
			body = e.do("baota", "POST", "/api/v1/accounts", map[string]any{"username": "mkt", "display_name": "王五", "role": "partner", "region_code": "610603", "department": "market"}, 422, nil)
			if fieldOf(t, body, "region_code") != "outside_your_region" {
				t.Errorf("baota creating a partner in Ansai: %s", body)
			}
			body = e.do("yanan", "POST", "/api/v1/accounts", map[string]any{"username": "yanchuan", "display_name": "", "role": "county_regulator", "region_code": "610600"}, 422, nil)
			if fieldOf(t, body, "region_code") != "wrong_region_level" || fieldOf(t, body, "display_name") != "required" {
				t.Errorf("a county regulator at city level without a name: %s", body)
			}
			// the administrator's direct creation follows the password policy too
			for pw, reason := range map[string]string{"short": "password_too_short", "parent9parent9": "password_has_username", "1234567890": "password_common"} {
				body = e.do("admin", "POST", "/api/v1/users", map[string]any{"username": "parent9", "password": pw, "role": "guardian"}, 422, nil)
				if got := fieldOf(t, body, "password"); got != reason {
					t.Errorf("admin creating a user with password %q: %s, want %s", pw, got, reason)
				}
			}
			if got := e.acctNames("admin", "?name=parent9"); len(got) != 0 {
				t.Error("a refused creation wrote the account")
			}
			// within reach
			var h account.Handover
			e.do("director1", "POST", "/api/v1/accounts", map[string]any{"username": "carer2", "display_name": "赵保育", "role": "caregiver"}, 201, &h)
			if h.Password == "" || !h.User.MustChangePassword || h.User.InstitutionID == nil || *h.User.InstitutionID != e.inst["baota"] {
				t.Fatalf("handover: %+v", h)
			}
			if e.auditCount("user.create", h.User.ID) != 1 {
				t.Error("the creation is audited")
			}
			var res struct {
				Token string `json:"token"`
			}
			e.do("", "POST", "/api/v1/auth/login", map[string]string{"username": "carer2", "password": h.Password}, 200, &res)
			e.tokens["carer2"] = res.Token
			// until the password is changed only the change (and /me) answer
			body = e.do("carer2", "GET", fmt.Sprintf("/api/v1/institutions/%d", e.inst["baota"]), nil, 403, nil)
			if !strings.Contains(string(body), "password_change_required") {
				t.Errorf("before the change: %s", body)
			}
			var me struct {
				DisplayName        string `json:"display_name"`
				MustChangePassword bool   `json:"must_change_password"`
			}
			e.do("carer2", "GET", "/api/v1/me", nil, 200, &me)
			if !me.MustChangePassword || me.DisplayName != "赵保育" {
				t.Errorf("me: %+v", me)
			}
			// the policy, by field
			for _, c := range []struct{ old, new, field, reason string }{
				{"wrong-password-1", "a-better-pass-77", "old_password", "password_wrong"},
				{h.Password, "short-1", "new_password", "password_too_short"},
				{h.Password, "xx-carer2-is-me", "new_password", "password_has_username"},
				{h.Password, "1q2w3e4r5t", "new_password", "password_common"},
				{h.Password, "QWERTYUIOP", "new_password", "password_common"},
				{h.Password, h.Password, "new_password", "password_same"},
			} {
				body := e.do("carer2", "POST", "/api/v1/me/password", map[string]string{"old_password": c.old, "new_password": c.new}, 422, nil)
				if got := fieldOf(t, body, c.field); got != c.reason {
					t.Errorf("%q → %q: %s is %q, want %q", c.old, c.new, c.field, got, c.reason)
				}
			}
			e.do("carer2", "POST", "/api/v1/me/password", map[string]string{"old_password": h.Password, "new_password": "tea-garden-river"}, 200, nil)
			e.do("carer2", "GET", fmt.Sprintf("/api/v1/institutions/%d", e.inst["baota"]), nil, 200, nil)
			if e.auditCount("user.password_change", h.User.ID) != 1 {
				t.Error("the change is audited")
			}
			// the minimum length is a setting
			e.do("baota", "PUT", "/api/v1/account-settings", map[string]int{"min_password_length": 12}, 403, nil)
			e.do("admin", "PUT", "/api/v1/account-settings", map[string]int{"min_password_length": 7}, 422, nil)
			e.do("admin", "PUT", "/api/v1/account-settings", map[string]int{"min_password_length": 20}, 200, nil)
			body = e.do("carer2", "POST", "/api/v1/me/password", map[string]string{"old_password": "tea-garden-river", "new_password": "tea-garden-river-2"}, 422, nil)
			if fieldOf(t, body, "new_password") != "password_too_short" {
				t.Errorf("with a minimum of 20: %s", body)
			}
			// a reset by the manager: a one-time code, sessions end, must change again
			var reset account.Handover
			e.do("director1", "POST", fmt.Sprintf("/api/v1/accounts/%d/password-reset", h.User.ID), nil, 200, &reset)
			if reset.Password == "" || reset.Password == h.Password {
				t.Fatalf("reset: %+v", reset)
			}
			e.do("carer2", "GET", "/api/v1/me", nil, 401, nil)
			e.do("", "POST", "/api/v1/auth/login", map[string]string{"username": "carer2", "password": "tea-garden-river"}, 401, nil)
			e.do("", "POST", "/api/v1/auth/login", map[string]string{"username": "carer2", "password": reset.Password}, 200, &res)
			e.tokens["carer2"] = res.Token
			e.do("carer2", "GET", "/api/v1/me/sessions", nil, 403, nil)
			e.do("carer2", "POST", "/api/v1/auth/logout", nil, 200, nil)
			e.do("carer2", "GET", "/api/v1/me", nil, 401, nil)
			if e.auditCount("user.password_reset", h.User.ID) != 1 {
				t.Error("the reset is audited")
			}
			// changing role and scope stays within reach
			id := e.acctID("partner")
			body = e.do("baota", "PUT", fmt.Sprintf("/api/v1/accounts/%d", id), map[string]any{"role": "county_regulator", "region_code": "610602", "display_name": "审批科"}, 422, nil)
			if fieldOf(t, body, "role") != "not_allowed" {
				t.Errorf("baota promoting a partner: %s", body)
			}
			var changed account.Account
			e.do("baota", "PUT", fmt.Sprintf("/api/v1/accounts/%d", id), map[string]any{"role": "partner", "region_code": "610602", "department": "market", "display_name": "市场监管局"}, 200, &changed)
			if changed.Department != "market" || changed.DisplayName != "市场监管局" || e.auditCount("user.update", id) != 1 {
				t.Errorf("changed: %+v", changed)
			}
		})
	}
}

// TestGuardianSignUp: a parent with an invitation code creates an account
// and is linked to the child in one step; a bad code or a weak password
// leaves no account behind.
func TestGuardianSignUp(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			inst := e.inst["baota"]
			cls := e.kidCreateClass("director1", inst, "托小班", "toddler_young", 0)
			c := e.kidEnrol("director1", inst, cls.ID, "610602", "20250315", 1)
			var inv struct {
				Code string `json:"code"`
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/guardians/%d/invitation", c.ID, c.Guardians[0].ID), nil, 201, &inv)
			body := e.do("", "POST", "/api/v1/signup", map[string]string{"code": "AAAA-BBBB-CCCC", "display_name": "王妈妈", "mobile": "13912345678", "password": "plum-blossom-22"}, 422, nil)
			if fieldOf(t, body, "code") != "invitation_invalid" {
				t.Errorf("bad code: %s", body)
			}
			body = e.do("", "POST", "/api/v1/signup", map[string]string{"code": inv.Code, "display_name": "", "mobile": "1391234", "password": "password123"}, 422, nil)
			if fieldOf(t, body, "display_name") != "required" || fieldOf(t, body, "mobile") != "bad_phone" || fieldOf(t, body, "password") != "password_common" {
				t.Errorf("every problem at once: %s", body)
			}
			e.do("", "POST", "/api/v1/auth/login", map[string]string{"username": "13912345678", "password": "plum-blossom-22"}, 401, nil)
			var out account.SignedUp
			e.do("", "POST", "/api/v1/signup", map[string]string{"code": inv.Code, "display_name": "王妈妈", "mobile": "139 1234 5678", "password": "plum-blossom-22"}, 201, &out)
			if out.ChildID != c.ID || out.User.Username != "13912345678" {
				t.Fatalf("signed up: %+v", out)
			}
			var res struct {
				Token string `json:"token"`
			}
			e.do("", "POST", "/api/v1/auth/login", map[string]string{"username": "13912345678", "password": "plum-blossom-22"}, 200, &res)
			e.tokens["mum"] = res.Token
			var mine kidList
			e.do("mum", "GET", "/api/v1/me/children", nil, 200, &mine)
			if mine.Total != 1 {
				t.Fatalf("the new parent sees %+v", mine)
			}
			if e.auditCount("guardian.sign_up", out.User.ID) != 1 {
				t.Error("the sign-up is audited")
			}
			// the code is spent
			body = e.do("", "POST", "/api/v1/signup", map[string]string{"code": inv.Code, "display_name": "李爸爸", "mobile": "13812345679", "password": "plum-blossom-23"}, 422, nil)
			if fieldOf(t, body, "code") != "invitation_invalid" {
				t.Errorf("a spent code: %s", body)
			}
			// without a good code nothing tells whether a mobile number has an account
			body = e.do("", "POST", "/api/v1/signup", map[string]string{"code": inv.Code, "display_name": "王妈妈", "mobile": "13912345678", "password": "plum-blossom-24"}, 422, nil)
			if fieldOf(t, body, "code") != "invitation_invalid" || fieldOf(t, body, "mobile") != "" {
				t.Errorf("a spent code with a known number: %s", body)
			}
			// with a good code, a number that has an account is told to log in
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/guardians/%d/invitation", c.ID, c.Guardians[1].ID), nil, 201, &inv)
			body = e.do("", "POST", "/api/v1/signup", map[string]string{"code": inv.Code, "display_name": "王妈妈", "mobile": "13912345678", "password": "plum-blossom-24"}, 422, nil)
			if fieldOf(t, body, "mobile") != "mobile_has_account" {
				t.Errorf("a good code with a known number: %s", body)
			}
		})
	}
}

// TestRegisterInstitutionWithDirector: the county registers an institution
// and its director's login in one step; the director logs in with the
// first password and must change it; a bad director username refuses the
// whole registration.
func TestRegisterInstitutionWithDirector(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			inst := map[string]any{"name": "新苗托育园", "credit_code": creditCode(t, "52", "610602", 3001), "kind": "centre", "nature": "private",
				"township_code": "610602001", "address": "某路9号", "phone": "0911-2345670", "legal_rep": "张三", "person_in_charge": "李四", "places": 40}
			inst["director"] = map[string]string{"username": "Bad Name", "display_name": "李园长"}
			body := e.do("baota", "POST", "/api/v1/institutions", inst, 422, nil)
			if fieldOf(t, body, "director.username") != "bad_username" {
				t.Errorf("bad director username: %s", body)
			}
			var list struct {
				Total int `json:"total"`
			}
			e.do("baota", "GET", "/api/v1/institutions?q=新苗", nil, 200, &list)
			if list.Total != 0 {
				t.Fatal("a refused registration left an institution")
			}
			inst["director"] = map[string]string{"username": "xinmiao", "display_name": "李园长"}
			var out struct {
				ID       int64             `json:"id"`
				Name     string            `json:"name"`
				Director *account.Handover `json:"director"`
			}
			e.do("baota", "POST", "/api/v1/institutions", inst, 201, &out)
			if out.ID == 0 || out.Name != "新苗托育园" || out.Director == nil || out.Director.Password == "" || *out.Director.User.InstitutionID != out.ID {
				t.Fatalf("registered: %+v", out)
			}
			var res struct {
				Token string `json:"token"`
			}
			e.do("", "POST", "/api/v1/auth/login", map[string]string{"username": "xinmiao", "password": out.Director.Password}, 200, &res)
			e.tokens["xinmiao"] = res.Token
			e.do("xinmiao", "GET", fmt.Sprintf("/api/v1/institutions/%d", out.ID), nil, 403, nil)
			e.do("xinmiao", "POST", "/api/v1/me/password", map[string]string{"old_password": out.Director.Password, "new_password": "spring-willow-88"}, 200, nil)
			e.do("xinmiao", "GET", fmt.Sprintf("/api/v1/institutions/%d", out.ID), nil, 200, nil)
			if got := strings.Join(e.acctNames("baota", "?role=director"), ","); got != "director1,xinmiao" {
				t.Errorf("baota's directors: %s", got)
			}
		})
	}
}
