package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tuoyu/internal/testkit"
)

func wantWorkbook(t *testing.T, p page) {
	t.Helper()
	if !strings.HasPrefix(p.Header.Get("Content-Type"), "application/vnd.openxmlformats") || !strings.HasPrefix(p.Body, "PK") {
		t.Fatalf("not a workbook: %s", p.Header.Get("Content-Type"))
	}
}

// The institution monthly report pages: the director sees the standard
// tables, corrects a figure (a bad value is refused by field), prints,
// exports and submits; another county does not find it; the county
// returns without a reason (refused), approves (locked); the city's late
// list and totals; planning and its settings.
func TestMonthlyReportPages(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newFixture(t, b)
			if _, err := f.app.Stats.Refresh(f.ctx()); err != nil {
				t.Fatal(err)
			}
			base := fmt.Sprintf("/stats/monthly/%d/2026-08", f.inst.ID)
			dir := f.client()
			dir.login("director1")
			dir.get("/stats/monthly?month=2026-08").want(t, http.StatusOK).contains(t, "宝塔区阳光托育中心", "未上报", "未报", "2026-09-07", "第5个工作日")
			dir.get(base).want(t, http.StatusOK).contains(t, "表一　在托幼儿", "托小班", "全日托", "表四　病假", "表五　工作人员", "保育员",
				"表八　普惠托位", "更正数据", "提交县级审核", "打印").lacks(t, "审核通过")
			p := dir.post(base+"/correct", url.Values{"item": {"fees.billed_fen"}, "value": {"abc"}, "reason": {"纸质账单"}}).want(t, http.StatusUnprocessableEntity)
			if fieldError(p.Body, "value") == "" {
				t.Fatalf("no message beside the value:\n%s", excerpt(p.Body))
			}
			p = dir.post(base+"/correct", url.Values{"item": {"fees.billed_fen"}, "value": {"12.5"}, "reason": {""}}).want(t, http.StatusUnprocessableEntity)
			if fieldError(p.Body, "reason") == "" {
				t.Fatalf("no message beside the reason:\n%s", excerpt(p.Body))
			}
			dir.post(base+"/correct", url.Values{"item": {"fees.billed_fen"}, "value": {"12.5"}, "reason": {"纸质账单未录入"}}).want(t, http.StatusSeeOther)
			dir.get(base).want(t, http.StatusOK).contains(t, "12.50", "系统计算 0.00 · 纸质账单未录入")
			wantWorkbook(t, dir.get(base+"/export").want(t, http.StatusOK))
			dir.get(base+"/print").want(t, http.StatusOK).contains(t, "机构负责人（签字）", "12.50", `data-testid="print-page"`)
			dir.get(fmt.Sprintf("/stats/monthly/%d/2026-08", f.inst.ID+100)).want(t, http.StatusNotFound)
			dir.get("/stats/monthly/late").want(t, http.StatusForbidden)
			dir.get("/").want(t, http.StatusOK).contains(t, "机构月报 2026-08", "查看并提交月报", base)

			// In English: the same tables, no Chinese labels.
			en := f.client()
			en.login("director1")
			en.get("/lang?to=en&back=/").want(t, http.StatusSeeOther)
			en.get(base).want(t, http.StatusOK).contains(t, "Table 1. Children enrolled by class and care type", "Young toddler class", "Full day",
				"Average daily attendance", "Correct a figure").lacks(t, "表一", "托小班", "全日托")

			other := f.client()
			other.login("ansai")
			other.get(base).want(t, http.StatusNotFound)
			other.post(base+"/approve", url.Values{}).want(t, http.StatusNotFound)

			dir.post(base+"/submit", url.Values{}).want(t, http.StatusSeeOther)
			county := f.client()
			county.login("baota")
			county.get("/stats/monthly?month=2026-08").want(t, http.StatusOK).contains(t, "宝塔区阳光托育中心", "已上报待审核", "迟报")
			county.get("/").want(t, http.StatusOK).contains(t, "待审核 1 份，迟报或未报 1 家。")
			county.get("/stats/monthly?month=2026-08&status=approved").want(t, http.StatusOK).lacks(t, "宝塔区阳光托育中心")
			county.get("/stats/monthly?month=2026-08&status=nonsense").want(t, http.StatusUnprocessableEntity)
			wantWorkbook(t, county.get("/stats/monthly/export?month=2026-08&status=submitted").want(t, http.StatusOK))
			county.get(base).want(t, http.StatusOK).contains(t, "审核通过", "退回", "纸质账单未录入").lacks(t, "更正数据")
			p = county.post(base+"/return", url.Values{"reason": {""}}).want(t, http.StatusUnprocessableEntity)
			if fieldError(p.Body, "reason") == "" {
				t.Fatalf("no message beside the reason:\n%s", excerpt(p.Body))
			}
			county.post(base+"/approve", url.Values{}).want(t, http.StatusSeeOther)
			county.get(base).want(t, http.StatusOK).contains(t, "已审核（锁定）", base+"/reopen")
			dir.get(base).want(t, http.StatusOK).contains(t, "已审核（锁定）").lacks(t, "更正数据", "提交县级审核", base+"/reopen")
			dir.post(base+"/correct", url.Values{"item": {"fees.bills"}, "value": {"2"}, "reason": {"再改"}}).want(t, http.StatusConflict)

			city := f.client()
			city.login("yanan")
			city.get("/stats/monthly/late?month=2026-08").want(t, http.StatusOK).contains(t, "宝塔区阳光托育中心", "迟报")
			wantWorkbook(t, city.get("/stats/monthly/late/export?month=2026-08").want(t, http.StatusOK))
			city.get("/stats/monthly/totals?region=610600&month=2026-08").want(t, http.StatusOK).contains(t, "已审核 1 家，应报 1 家。", "12.50")
			county.get("/stats/reports/"+baotaCounty+"/2026-08").want(t, http.StatusOK).contains(t, "/stats/monthly/totals?region=610602&month=2026-08", "已审核 1 家，应报 1 家。")

			// Planning: the city by county on the map, a county by township.
			city.get("/stats/planning").want(t, http.StatusOK).contains(t, "托位规划", "宝塔区", "安塞区", `class="tilemap"`, `data-chart="/stats/planning/chart?`,
				"需求托位", "普惠托位供需", "尚无托育机构的乡镇（街道）", "统计设置")
			var chart struct {
				Kind   string            `json:"kind"`
				Values []json.RawMessage `json:"values"`
			}
			if err := json.Unmarshal([]byte(city.get("/stats/planning/chart?region=610600").want(t, http.StatusOK).Body), &chart); err != nil || chart.Kind != "bar" || len(chart.Values) != 13 {
				t.Fatalf("chart: %+v %v", chart, err)
			}
			wantWorkbook(t, city.get("/stats/planning/export?region=610600").want(t, http.StatusOK))
			county.get("/stats/planning").want(t, http.StatusOK).contains(t, "宝塔山街道").lacks(t, "安塞区", "统计设置")
			county.get("/stats/planning?region="+ansaiCounty).want(t, http.StatusNotFound)
			dir.get("/stats/planning").want(t, http.StatusForbidden)

			county.get("/stats/settings").want(t, http.StatusForbidden)
			city.get("/stats/settings").want(t, http.StatusOK).contains(t, "月报截止", "尚未设置")
			p = city.post("/stats/settings", url.Values{"deadline_workday": {"0"}}).want(t, http.StatusUnprocessableEntity)
			if fieldError(p.Body, "deadline_workday") == "" {
				t.Fatalf("no message beside the deadline:\n%s", excerpt(p.Body))
			}
			city.post("/stats/settings", url.Values{"deadline_workday": {"3"}, "year": {"2026"}, "target": {"4.5"}}).want(t, http.StatusSeeOther)
			city.get("/stats/settings?msg=stats_settings_saved").want(t, http.StatusOK).contains(t, "设置已保存", "4.5")
			city.get("/stats/planning?region=610600&year=2026").want(t, http.StatusOK).contains(t, "每千人口托位目标：4.5（2026年）")
			dir.get("/stats/monthly?month=2026-08").want(t, http.StatusOK).contains(t, "2026-09-03", "第3个工作日")
		})
	}
}
