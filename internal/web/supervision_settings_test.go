package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tuoyu/internal/store"
	"tuoyu/internal/supervision"
	"tuoyu/internal/testkit"
)

func TestSupervisionSettingsPage(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newSvFixture(t, b)
			city := f.client()
			city.login("yanan")
			city.get("/").want(t, http.StatusOK).contains(t, `href="/supervision/settings"`)
			city.get("/supervision/settings").want(t, http.StatusOK).contains(t, `action="/supervision/settings/case"`, `action="/supervision/settings/orders"`, "投诉签收期限")
			form := url.Values{"complaint_sign_workdays": {"2"}, "complaint_answer_workdays": {"6"}, "complaint_urgent_answer_workdays": {"3"},
				"closure_notice_days": {"30"}, "cctv_retention_days": {"120"}, "footage_confirm_workdays": {"2"}, "demo_filed_days": {"365"},
				"demo_min_grade": {"B"}, "demo_target_per_county": {"3"}}
			city.post("/supervision/settings/case", form).want(t, http.StatusSeeOther)
			set, err := f.app.Supervision.Settings(f.ctx())
			if err != nil || set.CCTVRetentionDays != 120 || set.ComplaintSignWorkdays != 2 {
				t.Fatalf("case settings not saved: %+v %v", set, err)
			}
			// Bad input: each field named, nothing changes.
			bad := url.Values{}
			for k, v := range form {
				bad[k] = v
			}
			bad.Set("cctv_retention_days", "30")
			bad.Set("complaint_sign_workdays", "x")
			p := city.post("/supervision/settings/case", bad).want(t, http.StatusUnprocessableEntity)
			if fieldError(p.Body, "complaint_sign_workdays") == "" {
				t.Fatalf("no error on the unreadable number: %s", excerpt(p.Body))
			}
			bad.Set("complaint_sign_workdays", "2")
			p = city.post("/supervision/settings/case", bad).want(t, http.StatusUnprocessableEntity)
			if fieldError(p.Body, "cctv_retention_days") == "" || inputValue(p.Body, "cctv_retention_days") != "30" {
				t.Fatalf("no error on retention below 90: %s", excerpt(p.Body))
			}
			if set, _ := f.app.Supervision.Settings(f.ctx()); set.CCTVRetentionDays != 120 {
				t.Fatalf("a refused form changed the settings: %+v", set)
			}

			// The county reads the case settings and sets its own order deadlines.
			baota := f.client()
			baota.login("baota")
			baota.get("/supervision/settings").want(t, http.StatusOK).contains(t, "此处仅供查看", "120").lacks(t, `action="/supervision/settings/case"`)
			baota.post("/supervision/settings/case", form).want(t, http.StatusForbidden)
			p = baota.post("/supervision/settings/orders", url.Values{"order_days_general": {"20"}, "order_days_serious": {"61"}, "escalate_days": {"5"}}).want(t, http.StatusUnprocessableEntity)
			if fieldError(p.Body, "order_days_serious") == "" {
				t.Fatalf("no error on 61 days: %s", excerpt(p.Body))
			}
			rs, err := f.app.Supervision.RegionSettings(f.ctx(), actor(f.baota))
			if err != nil || rs[0].Own || rs[0].Value != 15 {
				t.Fatalf("a refused form changed the order settings: %+v %v", rs, err)
			}
			baota.post("/supervision/settings/orders", url.Values{"order_days_general": {"20"}, "order_days_serious": {"4"}, "escalate_days": {"5"}}).want(t, http.StatusSeeOther)
			baota.get("/supervision/settings?msg=sv_settings_saved").want(t, http.StatusOK).contains(t, "设置已保存", "本辖区设置")
			if rs, _ := f.app.Supervision.RegionSettings(f.ctx(), actor(f.baota)); !rs[0].Own || rs[0].Value != 20 || rs[1].Value != 4 {
				t.Fatalf("order settings not saved: %+v", rs)
			}
			// Ansai keeps the default; a director has no settings page.
			if rs, _ := f.app.Supervision.RegionSettings(f.ctx(), actor(f.ansai)); rs[0].Value != 15 {
				t.Fatalf("Baota's setting leaked to Ansai: %+v", rs)
			}
			dir := f.client()
			dir.login("director1")
			dir.get("/supervision/settings").want(t, http.StatusForbidden)
			// In English on a phone-width page: the labels are translated.
			baota.get("/lang?to=en&back=/")
			baota.get("/supervision/settings").want(t, http.StatusOK).contains(t, "Deadline for general findings", "read them here")
		})
	}
}

func TestSupervisionDemonstrationsPage(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newSvFixture(t, b)
			if err := f.app.DB.Tx(f.ctx(), func(q store.Q) error {
				_, err := q.Exec(f.ctx(), "INSERT INTO demonstrations (institution_id, region_code, designated_on, reason, created_at) VALUES (?, ?, ?, ?, ?)",
					f.other.ID, baotaCounty, "2026-01-05", "办园规范", f.app.Service.Now().UTC())
				return err
			}); err != nil {
				t.Fatal(err)
			}
			city := f.client()
			city.login("yanan")
			city.get("/").want(t, http.StatusOK).contains(t, `href="/supervision/demonstrations"`)
			p := city.get("/supervision/demonstrations").want(t, http.StatusOK)
			p.contains(t, "宝塔区彩虹托育园", "办园规范", `data-chart="/supervision/demonstrations/chart"`, "目标：每个县（区）至少 3 所", "还差 2 所", "认定示范机构")
			city.get("/supervision/demonstrations?county="+ansaiCounty).want(t, http.StatusOK).lacks(t, "办园规范")
			city.get("/supervision/demonstrations?county=999999").want(t, http.StatusUnprocessableEntity)
			chart := city.get("/supervision/demonstrations/chart").want(t, http.StatusOK)
			if !strings.Contains(chart.Body, `"kind":"bar"`) || !strings.Contains(chart.Body, `"target":3`) || !strings.Contains(chart.Body, `"value":1`) {
				t.Fatalf("chart data: %s", chart.Body)
			}
			if x := city.get("/supervision/demonstrations.xlsx").want(t, http.StatusOK); !strings.HasPrefix(x.Body, "PK") {
				t.Fatal("export is not a workbook")
			}
			// The criteria check, and a designation refused for the criteria unmet.
			city.get("/supervision/demonstrations?check="+itoa(f.inst.ID)).want(t, http.StatusOK).contains(t, `id="sv-eligibility"`, "不符合示范机构条件")
			city.post("/supervision/demonstrations", url.Values{"institution_id": {itoa(f.inst.ID)}, "reason": {"达标"}}).want(t, http.StatusUnprocessableEntity).
				contains(t, "质量评估等级", "不符合示范机构条件", "备案时间")
			if ds, _ := f.app.Supervision.Demonstrations(f.ctx(), actor(f.city)); len(ds) != 1 {
				t.Fatalf("a refused designation wrote: %+v", ds)
			}
			// Once filed for a year with a B from the city, it is designated.
			sv := f.app.Supervision
			qa, err := sv.SubmitSelfAssessment(f.ctx(), actor(f.director), f.inst.ID, 2026, supervision.StageInput{Answers: dimensionMarks(t, 0.9)})
			if err == nil {
				qa, err = sv.AssessByCounty(f.ctx(), actor(f.baota), qa.ID, supervision.StageInput{Answers: dimensionMarks(t, 0.8)})
			}
			if err == nil {
				_, err = sv.ReviewByCity(f.ctx(), actor(f.city), qa.ID, supervision.StageInput{Note: "同意"})
			}
			if err == nil {
				err = f.app.DB.Tx(f.ctx(), func(q store.Q) error {
					_, err := q.Exec(f.ctx(), "UPDATE institutions SET filed_on = ? WHERE id = ?", "2024-01-10", f.inst.ID)
					return err
				})
			}
			if err != nil {
				t.Fatal(err)
			}
			city.get("/supervision/demonstrations?check="+itoa(f.inst.ID)).want(t, http.StatusOK).contains(t, "符合全部条件")
			city.post("/supervision/demonstrations", url.Values{"institution_id": {itoa(f.inst.ID)}, "reason": {"质量评估B级以上"}}).want(t, http.StatusSeeOther)
			city.get("/supervision/demonstrations?msg=sv_demo_designated").want(t, http.StatusOK).contains(t, "已认定为示范托育机构", "质量评估B级以上", "还差 1 所")
			city.post("/supervision/demonstrations", url.Values{"institution_id": {itoa(f.inst.ID)}, "reason": {"again"}}).want(t, http.StatusConflict)

			// Revoking needs a reason.
			id := itoa(mustDemonstration(t, f, "办园规范").ID)
			p = city.post("/supervision/demonstrations/"+id+"/revoke", url.Values{"reason": {""}}).want(t, http.StatusUnprocessableEntity)
			if fieldError(p.Body, "reason") == "" {
				t.Fatalf("no reason error: %s", excerpt(p.Body))
			}
			city.post("/supervision/demonstrations/"+id+"/revoke", url.Values{"reason": {"年审不合格"}}).want(t, http.StatusSeeOther)
			city.get("/supervision/demonstrations").want(t, http.StatusOK).lacks(t, "办园规范").contains(t, "质量评估B级以上")

			// The county sees its own count, without the designation forms.
			baota := f.client()
			baota.login("baota")
			baota.get("/supervision/demonstrations").want(t, http.StatusOK).contains(t, "各县（区）示范机构数量").lacks(t, `id="sv-designate"`, "撤销认定")
			baota.post("/supervision/demonstrations", url.Values{"institution_id": {itoa(f.inst.ID)}}).want(t, http.StatusForbidden)
		})
	}
}

func mustDemonstration(t *testing.T, f *svFixture, reason string) supervision.Demonstration {
	t.Helper()
	ds, err := f.app.Supervision.Demonstrations(f.ctx(), actor(f.city))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Reason == reason {
			return d
		}
	}
	t.Fatalf("no demonstration for %q: %+v", reason, ds)
	return supervision.Demonstration{}
}
