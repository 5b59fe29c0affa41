package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tuoyu/internal/testkit"
)

func TestSupervisionReviewAndClosurePages(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newSvFixture(t, b)
			baota := f.client()
			baota.login("baota")
			baota.get("/supervision/reviews").want(t, http.StatusOK).contains(t, "尚无年审记录", "录入年审结果", "宝塔区阳光托育中心")
			review := func(year, result string) page {
				return baota.post("/supervision/reviews", url.Values{"institution_id": {itoa(f.inst.ID)}, "year": {year}, "result": {result}, "reasons": {"消防通道堵塞"}})
			}
			review("二〇二四", "fail").want(t, http.StatusUnprocessableEntity).contains(t, "年度")
			// One failure raises nothing; the second in a row raises a proposal.
			if got := review("2024", "fail").want(t, http.StatusSeeOther); !strings.HasPrefix(got.Header.Get("Location"), "/supervision/reviews") {
				t.Fatalf("one failure went to %s", got.Header.Get("Location"))
			}
			got := review("2025", "fail").want(t, http.StatusSeeOther)
			loc := strings.Split(got.Header.Get("Location"), "?")[0]
			if !strings.HasPrefix(loc, "/supervision/closures/") {
				t.Fatalf("two failures went to %s", loc)
			}
			baota.get("/supervision/reviews?result=fail").contains(t, "2024", "2025")
			if x := baota.get("/supervision/reviews.xlsx").want(t, http.StatusOK); !strings.HasPrefix(x.Body, "PK") {
				t.Fatal("reviews export is not a workbook")
			}
			baota.get("/supervision/closures?status=proposed").want(t, http.StatusOK).contains(t, "宝塔区阳光托育中心")
			baota.get("/").want(t, http.StatusOK).contains(t, `href="/supervision/closures?status=proposed"><span class="n">1<`)
			baota.get(loc).want(t, http.StatusOK).contains(t, "连续两年年审不合格，建议关闭（2024、2025年度）", `id="sv-closure-decide"`)

			ansai := f.client()
			ansai.login("ansai")
			ansai.get(loc).want(t, http.StatusNotFound)
			dir2 := f.client()
			dir2.login("director2")
			dir2.get("/supervision/reviews").want(t, http.StatusOK).lacks(t, "宝塔区阳光托育中心")
			dir2.get(loc).want(t, http.StatusNotFound)

			baota.post(loc+"/decision", url.Values{"decision": {"close"}}).want(t, http.StatusUnprocessableEntity).contains(t, "理由")
			baota.post(loc+"/decision", url.Values{"decision": {"close"}, "reason": {"连续两年不合格，整改无效"}}).want(t, http.StatusSeeOther)
			baota.get(loc).contains(t, "已决定关闭").lacks(t, `id="sv-closure-decide"`)
			baota.post(loc+"/decision", url.Values{"decision": {"keep"}, "reason": {"x"}}).want(t, http.StatusConflict)
			baota.post(loc+"/appeal", url.Values{"appeal": {"已申请行政复议"}}).want(t, http.StatusSeeOther)

			public := f.client()
			public.get("/public/notices").want(t, http.StatusOK).contains(t, "宝塔区阳光托育中心", "已申请行政复议")
			public.get("/public/institutions/"+itoa(f.inst.ID)).want(t, http.StatusOK).contains(t, `id="sv-record-notices"`).lacks(t, `href="/complain?institution=`)
		})
	}
}
