package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"tuoyu/internal/testkit"
)

var oneTimeRe = regexp.MustCompile(`id="one-time-password">([A-Z0-9]+)<`)

// TestAccountPages: the county's account pages list what it manages, refuse
// (404) what it does not, create an account whose first password is shown
// once on a page that is not cached, reset a password, disable and enable;
// the person held by a set password is sent to the change form from every
// page, and errors are shown by field.
func TestAccountPages(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newFixture(t, b)
			county := f.client()
			county.login("baota")
			county.get("/accounts").want(t, http.StatusOK).contains(t, "director1", "账号管理").lacks(t, "ansai", "yanan")
			county.get("/accounts/"+itoa(f.ansai.ID)).want(t, http.StatusNotFound)
			county.post("/accounts/"+itoa(f.ansai.ID)+"/reset", nil).want(t, http.StatusNotFound)
			county.post("/accounts/"+itoa(f.city.ID)+"/disable", nil).want(t, http.StatusNotFound)
			// refused by field: a city regulator is not the county's to make
			bad := county.post("/accounts", url.Values{"username": {"x"}, "display_name": {""}, "role": {"city_regulator"}}).want(t, http.StatusUnprocessableEntity)
			for field, want := range map[string]string{"username": "用户名须为", "display_name": "必填", "role": ""} {
				if got := fieldError(bad.Body, field); got == "" || want != "" && !contains(got, want) {
					t.Errorf("field %s: %q", field, got)
				}
			}
			made := county.post("/accounts", url.Values{"username": {"fire2"}, "display_name": {"宝塔区应急管理局"}, "role": {"partner"},
				"region_code": {baotaCounty}, "department": {"emergency"}}).want(t, http.StatusOK)
			if made.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("the handover page may be cached: %q", made.Header.Get("Cache-Control"))
			}
			m := oneTimeRe.FindStringSubmatch(made.Body)
			if m == nil {
				t.Fatalf("no one-time password shown:\n%s", excerpt(made.Body))
			}
			// the new person logs in and every page sends them to the form
			p := f.client()
			in := p.post("/login", url.Values{"username": {"fire2"}, "password": {m[1]}}).want(t, http.StatusSeeOther)
			if loc := in.Header.Get("Location"); loc != "/" {
				t.Fatalf("login: %s", loc)
			}
			for _, path := range []string{"/", "/institutions", "/me/sessions"} {
				if loc := p.get(path).want(t, http.StatusSeeOther).Header.Get("Location"); loc != "/me/password" {
					t.Errorf("%s went to %q, want the password form", path, loc)
				}
			}
			p.get("/me/password").want(t, http.StatusOK).contains(t, "请先设置自己的新密码", "密码至少10位")
			weak := p.post("/me/password", url.Values{"old_password": {m[1]}, "new_password": {"fire2-fire2-fire2"}}).want(t, http.StatusUnprocessableEntity)
			if got := fieldError(weak.Body, "new_password"); got != "密码不能包含用户名" {
				t.Errorf("new password with the username: %q", got)
			}
			done := p.post("/me/password", url.Values{"old_password": {m[1]}, "new_password": {"maple-leaf-harbour"}}).want(t, http.StatusSeeOther)
			if loc := done.Header.Get("Location"); loc != "/?msg=password_changed" {
				t.Errorf("after the change: %s", loc)
			}
			p.get("/?msg=password_changed").want(t, http.StatusOK).contains(t, "宝塔区应急管理局，您好", "密码已修改")
			// the county disables and enables it, and resets the password
			var id string
			for _, row := range regexp.MustCompile(`href="/accounts/(\d+)">宝塔区应急管理局<`).FindAllStringSubmatch(county.get("/accounts?name=fire2").Body, -1) {
				id = row[1]
			}
			if id == "" {
				t.Fatal("the new account is not in the list")
			}
			county.post("/accounts/"+id+"/disable", nil).want(t, http.StatusSeeOther)
			county.get("/accounts?status=disabled").want(t, http.StatusOK).contains(t, "宝塔区应急管理局")
			if loc := p.get("/").want(t, http.StatusSeeOther).Header.Get("Location"); loc != "/login?next=%2F" {
				t.Errorf("a disabled account's page went to %q", loc)
			}
			county.post("/accounts/"+id+"/enable", nil).want(t, http.StatusSeeOther)
			reset := county.post("/accounts/"+id+"/reset", nil).want(t, http.StatusOK)
			code := oneTimeRe.FindStringSubmatch(reset.Body)
			if code == nil {
				t.Fatalf("no reset code shown:\n%s", excerpt(reset.Body))
			}
			county.get("/accounts/"+id).want(t, http.StatusOK).contains(t, "待修改初始密码")
			// the new-institution form: the director's problems beside the
			// institution's, and a taken username registers nothing
			form := url.Values{"name": {"宝塔区苗苗托育园"}, "credit_code": {creditCodeD}, "kind": {"centre"}, "nature": {"private"},
				"township_code": {baotaTownship}, "address": {"宝塔区"}, "phone": {"13800138000"}, "legal_rep": {"王五"},
				"person_in_charge": {"赵六"}, "places": {"-3"}, "director.username": {"Bad Name"}, "director.display_name": {"苗园长"}}
			both := county.post("/institutions", form).want(t, http.StatusUnprocessableEntity)
			if fieldError(both.Body, "director_username") == "" || fieldError(both.Body, "places") == "" {
				t.Errorf("the form does not show both problems:\n%s", excerpt(both.Body))
			}
			form.Set("places", "30")
			form.Set("director.username", "director1")
			if got := fieldError(county.post("/institutions", form).want(t, http.StatusUnprocessableEntity).Body, "director_username"); got != "已被使用" {
				t.Errorf("a taken director username: %q", got)
			}
			county.get("/institutions").want(t, http.StatusOK).lacks(t, "宝塔区苗苗托育园")
			// the minimum length is the administrator's setting
			county.get("/settings/accounts").want(t, http.StatusForbidden)
			admin := f.client()
			admin.login("admin1")
			admin.get("/accounts").want(t, http.StatusOK).contains(t, "baota", "ansai", "安塞区", "director1", `href="/settings/accounts"`).lacks(t, ">610603<")
			if got := fieldError(admin.post("/settings/accounts", url.Values{"min_password_length": {"6"}}).want(t, http.StatusUnprocessableEntity).Body, "min_password_length"); got == "" {
				t.Error("a minimum of 6 is accepted")
			}
			admin.post("/settings/accounts", url.Values{"min_password_length": {"14"}}).want(t, http.StatusSeeOther)
			admin.get("/settings/accounts").want(t, http.StatusOK).contains(t, "密码至少14位")
			again := f.client()
			again.post("/login", url.Values{"username": {"fire2"}, "password": {code[1]}}).want(t, http.StatusSeeOther)
			again.get("/me/password").want(t, http.StatusOK).contains(t, "请先设置自己的新密码", "密码至少14位")
		})
	}
}

func contains(s, sub string) bool { return regexp.MustCompile(regexp.QuoteMeta(sub)).MatchString(s) }
