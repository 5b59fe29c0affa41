package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"tuoyu/internal/domain"
)

// capForm is the price cap form with the given fields set.
func capForm(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set("cap."+kv[i], kv[i+1])
	}
	return v
}

// A county regulator sets a cap through the form and sees it listed; bad
// input is refused at its fields with nothing stored; another county is
// neither offered nor accepted; a director may not open the page.
func TestPriceCapsPage(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		caps := func(region string) []domain.PriceCap {
			t.Helper()
			out, err := f.svc.PriceCaps(f.ctx(), actor(f.city), region, "")
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		c := f.client()
		c.login("baota")
		c.get("/").want(t, http.StatusOK).contains(t, `href="/price-caps"`).lacks(t, `href="/settings/daily"`)
		empty := c.get("/price-caps").want(t, http.StatusOK).contains(t, "普惠托育限价", "尚未设定限价", `value="610602" selected`)
		// Only the regulator's own county is offered.
		empty.lacks(t, `value="610603"`, "安塞区")
		if v := inputValue(empty.Body, "cap.effective_from"); v != "2026-09-30" {
			t.Errorf("the date is not today by default: %q", v)
		}

		good := capForm("region_code", baotaCounty, "care_type", domain.CareFullDay, "unit", domain.FeeMonthly, "amount", "1800",
			"effective_from", "2026-09-01", "source", "延市发改发〔2026〕12号")
		saved := c.post("/price-caps", good).want(t, http.StatusSeeOther)
		if loc := saved.Header.Get("Location"); loc != "/price-caps?msg=price_cap_saved" {
			t.Fatalf("after saving: %q", loc)
		}
		list := c.get("/price-caps?msg=price_cap_saved").want(t, http.StatusOK).contains(t, "限价已保存")
		list.rows().contains(t, "宝塔区", "全日托", "按月", "1800.00 元", "2026-09-01", "延市发改发〔2026〕12号", "执行中")
		// A cap from a later date is listed as not yet in force.
		later := capForm("region_code", baotaCounty, "care_type", domain.CareFullDay, "unit", domain.FeeMonthly, "amount", "1900.5",
			"effective_from", "2027-01-01", "source", "延市发改发〔2026〕30号")
		c.post("/price-caps", later).want(t, http.StatusSeeOther)
		c.get("/price-caps").want(t, http.StatusOK).rows().contains(t, "1900.50 元", "尚未执行", "1800.00 元", "执行中")
		if got := caps(baotaCounty); len(got) != 2 {
			t.Fatalf("stored caps: %+v", got)
		}
		// Filters: by care type.
		c.get("/price-caps?care_type="+domain.CareHourly).want(t, http.StatusOK).contains(t, "没有符合条件的限价").rows().lacks(t, "1800.00")
		c.get("/price-caps?care_type=nonsense").want(t, http.StatusUnprocessableEntity).contains(t, "查询条件有误")

		// A bad amount and no source: 422, each at its field, nothing stored.
		bad := capForm("region_code", baotaCounty, "care_type", domain.CareFullDay, "unit", domain.FeeMonthly, "amount", "12.345",
			"effective_from", "2026-10-01", "source", " ")
		refused := c.post("/price-caps", bad).want(t, http.StatusUnprocessableEntity)
		if e := fieldError(refused.Body, "cap_amount"); e == "" {
			t.Errorf("no error at the amount:\n%s", excerpt(refused.Body))
		}
		if e := fieldError(refused.Body, "cap_source"); e != "必填" {
			t.Errorf("source error %q", e)
		}
		if v := inputValue(refused.Body, "cap.amount"); v != "12.345" {
			t.Errorf("the amount typed is not shown again: %q", v)
		}
		refused.contains(t, "请更正以下内容")
		// A unit that does not fit the care type is refused at the unit.
		hourly := capForm("region_code", baotaCounty, "care_type", domain.CareHourly, "unit", domain.FeeMonthly, "amount", "30",
			"effective_from", "2026-10-01", "source", "文件")
		if e := fieldError(c.post("/price-caps", hourly).want(t, http.StatusUnprocessableEntity).Body, "cap_unit"); e == "" {
			t.Errorf("no error at the unit")
		}
		if got := caps(""); len(got) != 2 {
			t.Fatalf("a refused form stored a cap: %+v", got)
		}

		// Another county is not in scope: not found, nothing stored.
		other := capForm("region_code", ansaiCounty, "care_type", domain.CareFullDay, "unit", domain.FeeMonthly, "amount", "1500",
			"effective_from", "2026-09-01", "source", "安塞区文件")
		c.post("/price-caps", other).want(t, http.StatusNotFound)
		if got := caps(ansaiCounty); len(got) != 0 {
			t.Fatalf("a cap was set out of scope: %+v", got)
		}
		// Ansai's regulator does not see Baota's caps.
		a := f.client()
		a.login("ansai")
		a.get("/price-caps").want(t, http.StatusOK).contains(t, "尚未设定限价").lacks(t, "1800.00")

		// The city regulator chooses among its counties and sets Ansai's.
		y := f.client()
		y.login("yanan")
		y.get("/price-caps").want(t, http.StatusOK).contains(t, `value="610602"`, `value="610603"`, "安塞区")
		noCounty := capForm("care_type", domain.CareFullDay, "unit", domain.FeeMonthly, "amount", "1500", "effective_from", "2026-09-01", "source", "文件")
		if e := fieldError(y.post("/price-caps", noCounty).want(t, http.StatusUnprocessableEntity).Body, "cap_region_code"); e != "必填" {
			t.Errorf("county error %q", e)
		}
		y.post("/price-caps", other).want(t, http.StatusSeeOther)
		y.get("/price-caps?county="+ansaiCounty).want(t, http.StatusOK).rows().contains(t, "安塞区", "1500.00 元").lacks(t, "宝塔区")
		y.get("/price-caps?county=610").want(t, http.StatusUnprocessableEntity)

		// A director holds no price cap permission.
		d := f.client()
		d.login("director1")
		d.get("/price-caps").want(t, http.StatusForbidden)
		d.post("/price-caps", good).want(t, http.StatusForbidden)
		d.get("/").want(t, http.StatusOK).lacks(t, `href="/price-caps"`)
		if got := caps(""); len(got) != 3 {
			t.Fatalf("caps after the refusals: %d", len(got))
		}

		// The page in English.
		en := f.client()
		en.login("baota")
		en.get("/lang?to=en&back=/price-caps")
		en.get("/price-caps").want(t, http.StatusOK).contains(t, "Puhui price caps", "In force", "Not yet in force", "Source (pricing document and number)")
	})
}

// The administrator changes the settings for daily records and they take
// effect; bad values are refused at their fields and change nothing; no
// one else may open the page.
func TestDailySettingsPage(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		current := func() domain.DailySettings {
			t.Helper()
			d, err := f.app.Daily.DailySettings(f.ctx())
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		c := f.client()
		c.login("admin1")
		c.get("/").want(t, http.StatusOK).contains(t, `href="/settings/daily"`).lacks(t, `href="/price-caps"`)
		pg := c.get("/settings/daily").want(t, http.StatusOK).contains(t, "日常记录设置", "37.3 ℃", "09:30", "18:00")
		if v := inputValue(pg.Body, "fever_threshold"); v != "37.3" {
			t.Errorf("threshold input %q", v)
		}

		saved := c.post("/settings/daily", url.Values{"fever_threshold": {"37.5"}, "opening_time": {"07:30"}, "checkin_deadline": {"09:00"}, "closing_time": {"17:30"}}).
			want(t, http.StatusSeeOther)
		if loc := saved.Header.Get("Location"); loc != "/settings/daily?msg=daily_settings_saved" {
			t.Fatalf("after saving: %q", loc)
		}
		after := c.get("/settings/daily?msg=daily_settings_saved").want(t, http.StatusOK).contains(t, "日常记录设置已保存", "37.5 ℃", "07:30", "09:00", "17:30")
		if v := inputValue(after.Body, "checkin_deadline"); v != "09:00" {
			t.Errorf("deadline input %q", v)
		}
		want := domain.DailySettings{FeverThreshold: 37.5, CheckinDeadline: "09:00", ClosingTime: "17:30", OpeningTime: "07:30"}
		if got := current(); got != want {
			t.Fatalf("settings %+v, want %+v", got, want)
		}

		const (
			badTime  = "时间格式应为 HH:MM（如 09:30）"
			required = "必填"
		)
		for _, tc := range []struct {
			name   string
			form   url.Values
			errors map[string]string // field: message shown
		}{
			{"bad time", url.Values{"fever_threshold": {"37.5"}, "opening_time": {"07:30"}, "checkin_deadline": {"25:00"}, "closing_time": {"17:30"}}, map[string]string{"checkin_deadline": badTime}},
			{"threshold out of range", url.Values{"fever_threshold": {"42"}, "opening_time": {"07:30"}, "checkin_deadline": {"09:00"}, "closing_time": {"17:30"}}, map[string]string{"fever_threshold": "应在 36.0–39.0 ℃ 之间"}},
			{"two decimals", url.Values{"fever_threshold": {"37.25"}, "opening_time": {"07:30"}, "checkin_deadline": {"09:00"}, "closing_time": {"17:30"}}, map[string]string{"fever_threshold": "最多保留一位小数"}},
			{"not a number and a bad time", url.Values{"fever_threshold": {"hot"}, "opening_time": {"07:30"}, "checkin_deadline": {"09:00"}, "closing_time": {"7pm"}},
				map[string]string{"fever_threshold": "格式不对（例如 37.5）", "closing_time": badTime}},
			{"closing before the deadline", url.Values{"fever_threshold": {"37.5"}, "opening_time": {"07:30"}, "checkin_deadline": {"09:00"}, "closing_time": {"08:00"}}, map[string]string{"closing_time": "须晚于入园截止时间"}},
			{"opening after the deadline", url.Values{"fever_threshold": {"37.5"}, "opening_time": {"09:30"}, "checkin_deadline": {"09:00"}, "closing_time": {"17:30"}},
				map[string]string{"opening_time": "须早于入园截止时间"}},
			{"missing", url.Values{}, map[string]string{"fever_threshold": required, "opening_time": required, "checkin_deadline": badTime, "closing_time": badTime}},
		} {
			p := c.post("/settings/daily", tc.form).want(t, http.StatusUnprocessableEntity)
			for _, field := range []string{"fever_threshold", "opening_time", "checkin_deadline", "closing_time"} {
				if e := fieldError(p.Body, field); e != tc.errors[field] {
					t.Errorf("%s: error at %s is %q, want %q", tc.name, field, e, tc.errors[field])
				}
			}
			// What was typed is shown again.
			if v := inputValue(p.Body, "checkin_deadline"); v != tc.form.Get("checkin_deadline") {
				t.Errorf("%s: deadline input %q", tc.name, v)
			}
			if got := current(); got != want {
				t.Fatalf("%s: settings changed to %+v", tc.name, got)
			}
		}
		// Nobody else may read or change them through this page.
		for _, user := range []string{"baota", "yanan", "director1"} {
			o := f.client()
			o.login(user)
			o.get("/settings/daily").want(t, http.StatusForbidden)
			o.post("/settings/daily", url.Values{"fever_threshold": {"38"}, "checkin_deadline": {"10:00"}, "closing_time": {"19:00"}}).want(t, http.StatusForbidden)
			o.get("/").want(t, http.StatusOK).lacks(t, `href="/settings/daily"`)
		}
		if got := current(); got != want {
			t.Fatalf("settings changed by others: %+v", got)
		}
	})
}
