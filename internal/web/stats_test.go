package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"tuoyu/internal/stats"
	"tuoyu/internal/testkit"
)

// chartValues reads a dashboard chart's data.
func chartValues(t *testing.T, c *client, path string) []stats.Value {
	t.Helper()
	p := c.get(path).want(t, http.StatusOK)
	var d struct {
		Kind   string        `json:"kind"`
		Values []stats.Value `json:"values"`
	}
	if err := json.Unmarshal([]byte(p.Body), &d); err != nil {
		t.Fatalf("%s: %v\n%s", path, err, p.Body)
	}
	return d.Values
}

func apiValues(t *testing.T, c *client, path string) []stats.Value {
	t.Helper()
	p := c.get(path).want(t, http.StatusOK)
	var vs []stats.Value
	if err := json.Unmarshal([]byte(p.Body), &vs); err != nil {
		t.Fatalf("%s: %v\n%s", path, err, p.Body)
	}
	return vs
}

// The region dashboards: the city drills down to a county and its
// townships; a county regulator sees only their county (another county, or
// the city, is not found); a chart's data are the values API's numbers;
// every chart has its table; the export is a workbook.
func TestStatsDashboards(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newFixture(t, b)
			if _, err := f.app.Stats.Refresh(f.ctx()); err != nil {
				t.Fatal(err)
			}
			city := f.client()
			city.login("yanan")
			p := city.get("/stats").want(t, http.StatusSeeOther)
			if loc := p.Header.Get("Location"); loc != "/stats/regions/"+yananCity {
				t.Fatalf("/stats goes to %q", loc)
			}
			city.get("/stats/regions/"+yananCity+"?period=2026-09").want(t, http.StatusOK).
				contains(t, "延安市", "每千人口拥有3岁以下婴幼儿托位数", "普惠托位占比", "入托率", "备案率", "每个县（区）示范托育机构数",
					"科学育儿指导服务覆盖率", "暂无数据", "各县（市、区）比较", "宝塔区", "安塞区", "子长市",
					`class="tilemap"`, `data-chart="/stats/regions/610600/chart?`, "/static/vendor/echarts/echarts.min.js", "数据表", "2025-10", "2026-09")

			// Drill-down: the county's townships, then a township's institutions.
			city.get("/stats/regions/"+baotaCounty+"?period=2026-09&indicator=inst_total").want(t, http.StatusOK).
				contains(t, "延安市", "宝塔区", "各乡镇（街道）比较", "宝塔山街道")
			city.get("/stats/regions/"+baotaTownship+"?period=2026-09&indicator=inst_total").want(t, http.StatusOK).
				contains(t, "各机构比较", "宝塔区阳光托育中心")

			// A chart's data equal the values API's for the same query.
			q := url.Values{"indicator": {"inst_total"}, "period": {"2026-09"}}.Encode()
			below := chartValues(t, city, "/stats/regions/"+yananCity+"/chart?"+q+"&view=below")
			api := apiValues(t, city, "/api/v1/indicators/inst_total/values?region="+yananCity+"&level=county&period=2026-09")
			if len(below) != 13 || !reflect.DeepEqual(below, api) {
				t.Fatalf("bar chart data differ from the values API:\n%+v\n%+v", below, api)
			}
			trend := chartValues(t, city, "/stats/regions/"+baotaCounty+"/chart?"+q+"&view=trend")
			for _, m := range []string{"2026-09", "2026-03", "2025-10"} {
				one := apiValues(t, city, "/api/v1/indicators/inst_total/values?region="+baotaCounty+"&period="+m)
				var got *stats.Value
				for i := range trend {
					if trend[i].Period == m {
						got = &trend[i]
					}
				}
				if got == nil || len(one) != 1 || !reflect.DeepEqual(*got, one[0]) {
					t.Fatalf("trend %s: %+v, values API %+v", m, got, one)
				}
			}
			if len(trend) != stats.TrendMonths || trend[len(trend)-1].Value == nil || *trend[len(trend)-1].Value != 1 {
				t.Fatalf("trend: %+v", trend)
			}

			x := city.get("/stats/regions/"+yananCity+"/export?"+q).want(t, http.StatusOK)
			if !strings.HasPrefix(x.Header.Get("Content-Type"), "application/vnd.openxmlformats") || !strings.HasPrefix(x.Body, "PK") {
				t.Fatalf("export: %s", x.Header.Get("Content-Type"))
			}

			// A county regulator: their county only.
			county := f.client()
			county.login("baota")
			if loc := county.get("/stats").want(t, http.StatusSeeOther).Header.Get("Location"); loc != "/stats/regions/"+baotaCounty {
				t.Fatalf("county /stats goes to %q", loc)
			}
			county.get("/stats/regions/"+baotaCounty).want(t, http.StatusOK).contains(t, "宝塔区", "宝塔山街道").lacks(t, "安塞区")
			county.get("/stats/regions/"+baotaTownship).want(t, http.StatusOK)
			for _, path := range []string{"/stats/regions/" + ansaiCounty, "/stats/regions/" + yananCity, "/stats/regions/610603001",
				"/stats/regions/" + ansaiCounty + "/chart?view=below", "/stats/regions/" + ansaiCounty + "/chart?view=trend",
				"/stats/regions/" + ansaiCounty + "/export"} {
				county.get(path).want(t, http.StatusNotFound)
			}

			// A director: their institution's own figures, no region.
			dir := f.client()
			dir.login("director1")
			dir.get("/stats").want(t, http.StatusOK).contains(t, "宝塔区阳光托育中心", "备案率").lacks(t, "各县（市、区）比较")
			dir.get("/stats/regions/"+baotaCounty).want(t, http.StatusNotFound)
		})
	}
}

// The monthly report pages: the county submits, the city's return without
// a reason is refused by field and changes nothing, the approval locks.
func TestStatsReportPages(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newFixture(t, b)
			if _, err := f.app.Stats.Refresh(f.ctx()); err != nil {
				t.Fatal(err)
			}
			base := "/stats/reports/" + baotaCounty + "/2026-08"
			county := f.client()
			county.login("baota")
			county.get("/stats/reports").want(t, http.StatusOK).contains(t, "宝塔区", "未上报").lacks(t, "安塞区")
			admin := f.client()
			admin.login("admin1")
			admin.get("/stats/reports?month=2026-08").want(t, http.StatusOK).contains(t, "宝塔区", "安塞区", "子长市")
			county.get(base).want(t, http.StatusOK).contains(t, "本县指标", "各机构数据", "宝塔区阳光托育中心", "上报市级").lacks(t, "审核通过")
			county.get("/stats/reports/"+ansaiCounty+"/2026-08").want(t, http.StatusNotFound)
			county.post(base+"/approve", url.Values{}).want(t, http.StatusForbidden)
			county.post(base+"/submit", url.Values{}).want(t, http.StatusSeeOther)

			city := f.client()
			city.login("yanan")
			city.get("/stats/reports?month=2026-08").want(t, http.StatusOK).contains(t, "已上报待审核", "安塞区")
			city.get(base).want(t, http.StatusOK).contains(t, "已上报待审核", "审核通过", "退回")
			p := city.post(base+"/return", url.Values{"reason": {""}}).want(t, http.StatusUnprocessableEntity)
			if fieldError(p.Body, "reason") == "" {
				t.Fatalf("no message beside the reason:\n%s", excerpt(p.Body))
			}
			city.post(base+"/approve", url.Values{}).want(t, http.StatusSeeOther)
			city.get(base).want(t, http.StatusOK).contains(t, "已审核（锁定）", base+"/unlock").lacks(t, "上报市级")
			county.get(base).want(t, http.StatusOK).contains(t, "已审核（锁定）").lacks(t, "上报市级", base+"/unlock")
		})
	}
}
