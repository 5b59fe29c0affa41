package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"tuoyu/internal/domain"
)

func TestLanguageSwitch(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		c := f.client()
		zh := c.get("/login").want(t, http.StatusOK).contains(t, `<html lang="zh-CN">`, "用户名", "English")
		if !strings.Contains(zh.Body, `href="/lang?to=en&amp;back=%2flogin"`) {
			t.Errorf("no switch to English on the page")
		}
		sw := c.get("/lang?to=en&back="+url.QueryEscape("/public?q=x")).want(t, http.StatusSeeOther)
		if sw.Header.Get("Location") != "/public?q=x" {
			t.Errorf("switch went to %q", sw.Header.Get("Location"))
		}
		c.get("/login").want(t, http.StatusOK).contains(t, `<html lang="en">`, "Username", "Log in", "Infant and Toddler Care").lacks(t, "用户名")
		// Refusals are translated too.
		c.post("/login", url.Values{"username": {"baota"}, "password": {"nope-nope-nope"}}).want(t, http.StatusUnauthorized).contains(t, "Wrong username or password")
		// back= stays on this site.
		if loc := c.get("/lang?to=zh&back=https://evil.example/").Header.Get("Location"); loc != "/" {
			t.Errorf("back= led to %q", loc)
		}
		c.get("/login").want(t, http.StatusOK).contains(t, "用户名")

		// Without a cookie, Accept-Language decides.
		req, _ := http.NewRequest("GET", f.srv.URL+"/public", nil)
		req.Header.Set("Accept-Language", "en-GB,en;q=0.9")
		f.client().do(req).want(t, http.StatusOK).contains(t, "Public directory of childcare institutions")
	})
}

func TestSecurityHeaders(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		c := f.client()
		for _, path := range []string{"/login", "/public", "/nope"} {
			p := c.get(path)
			h := p.Header
			if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "style-src 'self'") {
				t.Errorf("%s: CSP %q", path, csp)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" || h.Get("Referrer-Policy") == "" {
				t.Errorf("%s: headers %v", path, h)
			}
			if h.Get("Cache-Control") != "no-store" || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
				t.Errorf("%s: cache %q type %q", path, h.Get("Cache-Control"), h.Get("Content-Type"))
			}
		}
		css := c.get("/static/app.css").want(t, http.StatusOK)
		if !strings.HasPrefix(css.Header.Get("Content-Type"), "text/css") {
			t.Errorf("stylesheet type %q", css.Header.Get("Content-Type"))
		}
		c.get("/static/app.js").want(t, http.StatusOK)
		// A form from another site is refused (CSRF).
		req, _ := http.NewRequest("POST", f.srv.URL+"/login", strings.NewReader("username=baota&password="+password))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if p := c.do(req); p.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site login form: %d", p.StatusCode)
		}
	})
}

func TestSessionsListAndEnd(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		phone, office := f.client(), f.client()
		phone.login("baota")
		office.login("baota")
		list := office.get("/me/sessions").want(t, http.StatusOK).contains(t, "网页登录", "当前")
		ends := regexp.MustCompile(`action="(/me/sessions/(\d+)/end)" class="inline"( data-confirm)?`).FindAllStringSubmatch(list.Body, -1)
		if len(ends) != 2 {
			t.Fatalf("%d sessions listed, want 2", len(ends))
		}
		var other, current string
		for _, e := range ends {
			if e[3] != "" {
				current = e[1]
			} else {
				other = e[1]
			}
		}
		office.post(other, nil).want(t, http.StatusSeeOther)
		if p := phone.get("/"); p.StatusCode != http.StatusSeeOther {
			t.Errorf("the ended session still works: %d", p.StatusCode)
		}
		// Someone else's session is not found.
		d := f.client()
		d.login("director1")
		d.post(current, nil).want(t, http.StatusNotFound)
		office.get("/").want(t, http.StatusOK)
		// Ending one's current session logs out.
		out := office.post(current, nil).want(t, http.StatusSeeOther)
		if !strings.HasPrefix(out.Header.Get("Location"), "/login") {
			t.Errorf("ending the current session went to %q", out.Header.Get("Location"))
		}
		if p := office.get("/"); p.StatusCode != http.StatusSeeOther {
			t.Errorf("still logged in after ending the current session")
		}
	})
}

func TestAuditPageInScope(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		admin := f.client()
		admin.login("admin1")
		admin.get("/audit").want(t, http.StatusOK).rows().contains(t, "提交审核", "登记机构", "director1", "创建账号")
		admin.get("/audit?entity=filing&id="+itoa(f.filing.ID)).want(t, http.StatusOK).rows().contains(t, "上传材料").lacks(t, "创建账号")
		admin.get("/audit?action=filing.submit").want(t, http.StatusOK).rows().contains(t, "提交审核").lacks(t, "上传材料")
		admin.get("/audit?id=abc").want(t, http.StatusUnprocessableEntity).contains(t, "格式不对，应为整数（例如 40）")

		baota := f.client()
		baota.login("baota")
		baota.get("/audit").want(t, http.StatusOK).rows().contains(t, "提交审核", f.inst.Name)

		ansai := f.client()
		ansai.login("ansai")
		ansai.get("/audit").want(t, http.StatusOK).rows().lacks(t, f.inst.Name, "提交审核")

		d := f.client()
		d.login("director1")
		// The refusal keeps the reader's menu.
		d.get("/audit").want(t, http.StatusForbidden).contains(t, "无权", "director1")
	})
}

func TestInstitutionListFiltersPagesAndExport(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		second := f.institution("宝塔区晨曦托育园", creditCodeB)
		c := f.client()
		c.login("baota")
		all := c.get("/institutions").want(t, http.StatusOK).contains(t, f.inst.Name, second.Name, "宝塔山街道", "第 1–2 条，共 2 条")
		if !strings.Contains(all.Body, `href="/api/v1/institutions.xlsx"`) {
			t.Errorf("no export link")
		}
		sub := c.get("/institutions?status=submitted").want(t, http.StatusOK).contains(t, f.inst.Name).lacks(t, second.Name)
		if !strings.Contains(sub.Body, `href="/api/v1/institutions.xlsx?status=submitted"`) {
			t.Errorf("the export link does not keep the filter")
		}
		c.get("/institutions?q="+url.QueryEscape("晨曦")).want(t, http.StatusOK).contains(t, second.Name).lacks(t, f.inst.Name)
		c.get("/institutions?status=bogus").want(t, http.StatusUnprocessableEntity).contains(t, "不是允许的值")

		paged := c.get("/institutions?kind=centre&per_page=1").want(t, http.StatusOK).contains(t, "第 1–1 条，共 2 条")
		next := regexp.MustCompile(`href="([^"]+)" rel="next"`).FindStringSubmatch(paged.Body)
		if next == nil {
			t.Fatalf("no next page link")
		}
		u, _ := url.Parse(strings.ReplaceAll(next[1], "&amp;", "&"))
		if u.Query().Get("kind") != "centre" || u.Query().Get("page") != "2" || u.Query().Get("per_page") != "1" {
			t.Errorf("next link %q loses the filters", next[1])
		}
		c.get(u.RequestURI()).want(t, http.StatusOK).contains(t, "第 2–2 条，共 2 条")

		x := c.get("/api/v1/institutions.xlsx?status=submitted").want(t, http.StatusOK)
		if x.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || !strings.HasPrefix(x.Body, "PK") {
			t.Errorf("export: %q", x.Header.Get("Content-Type"))
		}

		// The county regulator registers a new institution from the form.
		bad := c.post("/institutions", url.Values{"name": {"新机构"}, "credit_code": {"123"}, "kind": {"centre"}, "nature": {"private"},
			"township_code": {baotaTownship}, "address": {"宝塔区"}, "phone": {"13800138000"}, "legal_rep": {"王五"},
			"person_in_charge": {"赵六"}, "places": {"30"}, "care_full_day": {"on"}, "fee_full_day": {""}}).want(t, http.StatusUnprocessableEntity)
		if fieldError(bad.Body, "fee_full_day") != "必填" {
			t.Errorf("the blank fee is not reported: %q", fieldError(bad.Body, "fee_full_day"))
		}
		ok := c.post("/institutions", url.Values{"name": {"新机构"}, "credit_code": {creditCodeD}, "kind": {"centre"}, "nature": {"private"},
			"township_code": {baotaTownship}, "address": {"宝塔区"}, "phone": {"13800138000"}, "legal_rep": {"王五"},
			"person_in_charge": {"赵六"}, "places": {"30"}, "care_full_day": {"on"}, "fee_full_day": {"1800"}}).want(t, http.StatusSeeOther)
		c.get(ok.Header.Get("Location")).want(t, http.StatusOK).contains(t, "机构已登记", "新机构", "未备案")
		taken := c.post("/institutions", url.Values{"name": {"重复"}, "credit_code": {creditCodeD}, "kind": {"centre"}, "nature": {"private"},
			"township_code": {baotaTownship}, "address": {"宝塔区"}, "phone": {"13800138000"}, "legal_rep": {"王五"},
			"person_in_charge": {"赵六"}, "places": {"30"}}).want(t, http.StatusConflict)
		if fieldError(taken.Body, "credit_code") != "已被使用" {
			t.Errorf("a taken credit code is not reported at its field")
		}
		// A township of another county is refused.
		c.post("/institutions", url.Values{"name": {"越界"}, "credit_code": {creditCodeC}, "kind": {"centre"}, "nature": {"private"},
			"township_code": {"610603001"}, "address": {"安塞区"}, "phone": {"13800138000"}, "legal_rep": {"王五"},
			"person_in_charge": {"赵六"}, "places": {"30"}}).want(t, http.StatusUnprocessableEntity)
		// A director sees only the own institution and has no export.
		d := f.client()
		d.login("director1")
		mine := d.get("/institutions").want(t, http.StatusOK).contains(t, f.inst.Name).lacks(t, second.Name)
		if strings.Contains(mine.Body, "institutions.xlsx") {
			t.Errorf("a director is offered the export")
		}
		d.get("/institutions/new").want(t, http.StatusForbidden)
	})
}

func TestRegisterThenLoggedIn(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		c := f.client()
		form := c.get("/register").want(t, http.StatusOK)
		form.contains(t, "宝塔区", "安塞区", "宝塔山街道", `name="institution.credit_code"`)
		v := url.Values{"institution.name": {"安塞区向阳托育中心"}, "institution.credit_code": {"91110000600037341N"}, "institution.kind": {"centre"},
			"institution.nature": {"private"}, "institution.township_code": {"610603001"}, "institution.address": {"安塞区真武洞街道1号"},
			"institution.phone": {"13900139000"}, "institution.legal_rep": {"刘一"}, "institution.person_in_charge": {"陈二"},
			"institution.places": {"40"}, "institution.care_full_day": {"on"}, "institution.fee_full_day": {"2000"},
			"username": {"xiangyang"}, "display_name": {"陈二"}, "password": {"long-enough-pw"}, "password_confirm": {"different-pw-1"}}
		bad := c.post("/register", v).want(t, http.StatusUnprocessableEntity)
		if fieldError(bad.Body, "password_confirm") != "两次输入的密码不一致" {
			t.Errorf("password mismatch not shown")
		}
		if strings.Contains(bad.Body, "long-enough-pw") {
			t.Errorf("the refused form sends the password back")
		}
		v.Set("password_confirm", "long-enough-pw")
		bad = c.post("/register", v).want(t, http.StatusUnprocessableEntity)
		if fieldError(bad.Body, "institution_credit_code") != "校验位不正确" {
			t.Errorf("credit code problem not at its field: %q", fieldError(bad.Body, "institution_credit_code"))
		}
		if inputValue(bad.Body, "institution.address") != "安塞区真武洞街道1号" {
			t.Errorf("the refused form lost the address")
		}
		v.Set("institution.credit_code", creditCodeD)
		ok := c.post("/register", v).want(t, http.StatusSeeOther)
		if ok.Header.Get("Location") != "/?msg=registered" {
			t.Errorf("after registration: %q", ok.Header.Get("Location"))
		}
		c.get("/?msg=registered").want(t, http.StatusOK).contains(t, "注册成功", "安塞区向阳托育中心", "尚未开始备案")
		// The new institution belongs to Ansai: Ansai's regulator sees it.
		a := f.client()
		a.login("ansai")
		a.get("/institutions").want(t, http.StatusOK).contains(t, "安塞区向阳托育中心")
		// Taken usernames are shown at the field.
		v.Set("institution.credit_code", creditCodeC)
		taken := f.client().post("/register", v)
		if taken.StatusCode != http.StatusConflict || fieldError(taken.Body, "username") != "已被使用" {
			t.Errorf("taken username: %d %q", taken.StatusCode, fieldError(taken.Body, "username"))
		}
	})
}

func TestOtherRolesSeeAWelcome(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		f.user("parent1", domain.RoleGuardian, "", 0)
		c := f.client()
		c.login("parent1")
		home := c.get("/").want(t, http.StatusOK).contains(t, "parent1，您好", "公示查询中查找")
		if strings.Contains(home.Body, `href="/institutions"`) || strings.Contains(home.Body, `href="/audit"`) {
			t.Errorf("a guardian is offered pages of other roles")
		}
		c.get("/institutions").want(t, http.StatusForbidden)
	})
}
