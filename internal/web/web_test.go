package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"tuoyu/internal/domain"
	"tuoyu/internal/testkit"
)

// eachBackend runs a test on SQLite and, when configured, PostgreSQL.
func eachBackend(t *testing.T, fn func(t *testing.T, f *fixture)) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			fn(t, newFixture(t, b))
		})
	}
}

func TestLoginSetsCookieAndRedirects(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		c := f.client()
		c.get("/login").want(t, http.StatusOK).contains(t, `name="username"`, `name="password"`, "婴幼儿照护服务信息管理系统")

		wrong := c.post("/login", url.Values{"username": {"baota"}, "password": {"not-the-password"}}).want(t, http.StatusUnauthorized)
		wrong.contains(t, "用户名或密码错误")
		if inputValue(wrong.Body, "username") != "baota" {
			t.Errorf("the refused form lost the username")
		}

		ok := c.post("/login", url.Values{"username": {"baota"}, "password": {password}, "next": {"/filings?status=submitted"}}).want(t, http.StatusSeeOther)
		if loc := ok.Header.Get("Location"); loc != "/filings?status=submitted" {
			t.Errorf("redirect after login to %q, want the next page", loc)
		}
		var session *http.Cookie
		for _, ck := range ok.Cookies() {
			if ck.Name == "tuoyu_session" {
				session = ck
			}
		}
		if session == nil || session.Value == "" {
			t.Fatalf("login set no session cookie: %v", ok.Header["Set-Cookie"])
		}
		if !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Path != "/" || session.Secure {
			t.Errorf("cookie attributes: HttpOnly=%v SameSite=%v Path=%q Secure=%v (plain HTTP)", session.HttpOnly, session.SameSite, session.Path, session.Secure)
		}
		c.get("/").want(t, http.StatusOK).contains(t, "待审核备案", "baota")
		// A logged-in reader asking for the login form goes home.
		if p := c.get("/login"); p.StatusCode != http.StatusSeeOther {
			t.Errorf("login form for a logged-in reader: %d", p.StatusCode)
		}

		// next= never leads off the site.
		other := f.client()
		evil := other.post("/login", url.Values{"username": {"baota"}, "password": {password}, "next": {"//evil.example/"}}).want(t, http.StatusSeeOther)
		if loc := evil.Header.Get("Location"); loc != "/" {
			t.Errorf("next=//evil.example/ redirected to %q", loc)
		}
	})
}

func TestLoginLockedShowsOnForm(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		c := f.client()
		// service.MaxFailedLogins wrong passwords lock the account.
		for i := 0; i < 5; i++ {
			c.post("/login", url.Values{"username": {"ansai"}, "password": {"wrong-password-1"}}).want(t, http.StatusUnauthorized)
		}
		c.post("/login", url.Values{"username": {"ansai"}, "password": {password}}).want(t, http.StatusTooManyRequests).contains(t, "暂时锁定")
	})
}

func TestLogoutClearsCookie(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		c := f.client()
		c.login("baota")
		out := c.post("/logout", nil).want(t, http.StatusSeeOther)
		if loc := out.Header.Get("Location"); !strings.HasPrefix(loc, "/login") {
			t.Errorf("logout went to %q", loc)
		}
		cleared := false
		for _, ck := range out.Cookies() {
			cleared = cleared || (ck.Name == "tuoyu_session" && ck.MaxAge < 0)
		}
		if !cleared {
			t.Errorf("logout did not clear the cookie: %v", out.Header["Set-Cookie"])
		}
		if p := c.get("/"); p.StatusCode != http.StatusSeeOther {
			t.Errorf("home after logout: %d, want a redirect to login", p.StatusCode)
		}
	})
}

func TestAnonymousIsSentToLogin(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		c := f.client()
		for _, path := range []string{"/", "/filings", "/institutions?status=filed", "/filings/" + itoa(f.filing.ID), "/audit", "/me/sessions"} {
			p := c.get(path).want(t, http.StatusSeeOther)
			if want := "/login?next=" + url.QueryEscape(path); p.Header.Get("Location") != want {
				t.Errorf("GET %s: Location %q, want %q", path, p.Header.Get("Location"), want)
			}
		}
		// A form sent without a login is refused with a page, not a redirect.
		c.post("/filings/"+itoa(f.filing.ID)+"/decision", url.Values{"decision": {"file"}}).want(t, http.StatusUnauthorized).contains(t, "请先登录")
		// Public pages need no login.
		c.get("/public").want(t, http.StatusOK)
		c.get("/register").want(t, http.StatusOK)
		c.get("/no/such/page").want(t, http.StatusNotFound).contains(t, "没有找到")
	})
}

func TestCountyWorklistShowsDueDates(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		// A second institution submitted a month earlier is overdue now.
		late := f.institution("宝塔区晨曦托育园", creditCodeB)
		lateDirector := f.user("director2", domain.RoleDirector, "", late.ID)
		past := f.svc.WithClock(func() time.Time { return testkit.DefaultNow.AddDate(0, -1, 0) })
		lateFiling := f.submittedFiling(past, lateDirector, late, creditCodeB)
		if lateFiling.DueDate >= f.filing.DueDate {
			t.Fatalf("fixture: late due %s not before %s", lateFiling.DueDate, f.filing.DueDate)
		}

		c := f.client()
		c.login("baota")
		list := c.get("/filings").want(t, http.StatusOK)
		list.contains(t, f.inst.Name, f.filing.DueDate, late.Name, lateFiling.DueDate, "已超期")
		// By due date: the overdue filing comes first and is marked red.
		body := list.Body
		if strings.Index(body, late.Name) > strings.Index(body, f.inst.Name) {
			t.Errorf("worklist is not by due date")
		}
		overdueRow := regexp.MustCompile(`(?s)<tr class="overdue">.*?</tr>`).FindString(body)
		if !strings.Contains(overdueRow, late.Name) || strings.Contains(overdueRow, f.inst.Name) {
			t.Errorf("the overdue row is not the late filing's: %q", excerpt(overdueRow))
		}
		if !strings.Contains(overdueRow, `class="due overdue"`) {
			t.Errorf("the overdue due date is not marked")
		}
		// The home page lists the same filings with the count of overdue ones.
		home := c.get("/").want(t, http.StatusOK).contains(t, f.filing.DueDate, lateFiling.DueDate)
		if !regexp.MustCompile(`class="stat alert"[^>]*><span class="n">1</span>`).MatchString(home.Body) {
			t.Errorf("home does not count one overdue filing")
		}
		// The city regulator sees the overdue filing and the county table.
		city := f.client()
		city.login("yanan")
		city.get("/").want(t, http.StatusOK).contains(t, late.Name, "宝塔区", "各县区机构备案情况")
	})
}

func TestFilingFormBadCreditCodeShowsFieldError(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		in := f.institution("宝塔区小树苗托育点", creditCodeC)
		f.user("director3", domain.RoleDirector, "", in.ID)
		c := f.client()
		c.login("director3")
		form := c.get("/institutions/"+itoa(in.ID)+"/filings/new").want(t, http.StatusOK)
		form.contains(t, "宝塔山街道", `name="care_full_day"`, `name="commitment"`)
		if inputValue(form.Body, "name") != in.Name {
			t.Errorf("the new filing form does not start from the registry's name")
		}

		v := formValues(filingData(in.Name, "91110000600037341N")) // wrong check character
		v.Set("fee_hourly", "-5")
		p := c.post("/institutions/"+itoa(in.ID)+"/filings", v).want(t, http.StatusUnprocessableEntity)
		if msg := fieldError(p.Body, "credit_code"); msg != "校验位不正确" {
			t.Errorf("credit code message %q", msg)
		}
		// "care_types[1].fee" is the second care type sent: hourly.
		if msg := fieldError(p.Body, "fee_hourly"); msg == "" {
			t.Errorf("the hourly fee's problem is not at its input")
		}
		if inputValue(p.Body, "credit_code") != "91110000600037341N" || inputValue(p.Body, "address") != "宝塔区南关街1号" {
			t.Errorf("the refused form lost the input")
		}
		if strings.Contains(p.Body, "internal") {
			t.Errorf("the page shows internal error text")
		}

		// A number that is not a number is reported at its field too.
		v = formValues(filingData(in.Name, creditCodeC))
		v.Set("places", "sixty")
		p = c.post("/institutions/"+itoa(in.ID)+"/filings", v).want(t, http.StatusUnprocessableEntity)
		if msg := fieldError(p.Body, "places"); msg != "格式不对，应为整数（例如 40）" {
			t.Errorf("places message %q", msg)
		}
	})
}

// formValues is what a browser sends for a filled-in filing form.
func formValues(d domain.FilingData) url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"name": d.Name, "intro": d.Intro, "credit_code": d.CreditCode, "legal_rep": d.LegalRep,
		"legal_rep_id": d.LegalRepID, "person_in_charge": d.PersonInCharge, "phone": d.Phone, "founded_on": d.FoundedOn, "kind": d.Kind,
		"nature": d.Nature, "registration_authority": d.RegistrationAuthority, "premises_nature": d.PremisesNature,
		"township_code": d.TownshipCode, "address": d.Address, "lease_end": d.LeaseEnd, "building_area": "600", "outdoor_area": "120",
		"living_area": "400", "room_floor": "1", "full_time_staff": "12", "caregivers": "8", "security_staff": "1", "places": "60",
		"vacancies": "20", "enrolled": "40", "puhui_places": "30", "puhui_enrolled": "20", "lng": "", "lat": ""} {
		v.Set(k, s)
	}
	if d.ForProfit {
		v.Set("for_profit", "on")
	}
	if d.Commitment {
		v.Set("commitment", "on")
	}
	for _, c := range d.CareTypes {
		v.Set("care_"+c.Type, "on")
		v.Set("fee_"+c.Type, strconv.FormatFloat(c.Fee, 'f', -1, 64))
	}
	return v
}
