package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"tuoyu/internal/testkit"
)

func TestSupervisionComplaintPages(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newSvFixture(t, b)
			public := f.client()
			public.get("/complain").want(t, http.StatusOK).contains(t, "宝塔区阳光托育中心", "被投诉机构")
			form := url.Values{"institution_id": {itoa(f.inst.ID)}, "category": {"fees"}, "text": {""}, "complainant_name": {"王女士"}, "phone": {"13912345678"}}
			public.post("/complain", form).want(t, http.StatusUnprocessableEntity).contains(t, "投诉内容")
			form.Set("text", "多收了两个月的伙食费")
			got := public.post("/complain", form).want(t, http.StatusCreated)
			code := regexpFind(got.Body, `id="receipt-code">([0-9A-Z]+)<`)
			if len(code) != 12 {
				t.Fatalf("receipt code %q", code)
			}
			// The right phone follows it; a wrong one reveals nothing.
			public.post("/complain/follow", url.Values{"receipt_code": {code}, "phone": {"13912345678"}}).want(t, http.StatusOK).
				contains(t, "宝塔区阳光托育中心", "已受理")
			public.post("/complain/follow", url.Values{"receipt_code": {code}, "phone": {"13800000000"}}).want(t, http.StatusNotFound).
				contains(t, "没有找到").lacks(t, "宝塔区阳光托育中心")

			baota := f.client()
			baota.login("baota")
			list := baota.get("/supervision/complaints?status=received").want(t, http.StatusOK).contains(t, code)
			id := regexpFind(list.Body, `/supervision/complaints/(\d+)"`)
			path := "/supervision/complaints/" + id
			baota.get(path).want(t, http.StatusOK).contains(t, "13912345678", "王女士", "多收了两个月的伙食费")
			baota.post(path+"/answer", url.Values{"outcome_text": {"x"}, "reply": {"y"}}).want(t, http.StatusConflict)
			baota.post(path+"/triage", url.Values{"category": {"fees"}, "severity": {"normal"}, "assigned_to": {itoa(f.baota.ID)}}).want(t, http.StatusSeeOther)
			baota.post(path+"/answer", url.Values{"reply": {"已责令退还"}}).want(t, http.StatusUnprocessableEntity).contains(t, "办理结果")
			baota.post(path+"/answer", url.Values{"outcome_text": {"属实，已责令退费"}, "reply": {"已责令机构退还多收费用"}}).want(t, http.StatusSeeOther)
			baota.post(path+"/forward", url.Values{"note": {"请说明收费情况"}}).want(t, http.StatusSeeOther)

			// The institution sees the complaint forwarded, never who made it.
			dir := f.client()
			dir.login("director1")
			dir.get("/supervision/forwarded").want(t, http.StatusOK).contains(t, "多收了两个月的伙食费", "请说明收费情况").lacks(t, "13912345678", "王女士")
			dir.get(path).want(t, http.StatusForbidden)
			dir.get("/").want(t, http.StatusOK).contains(t, `id="sv-forwarded"`).lacks(t, "13912345678")
			other := f.client()
			other.login("director2")
			other.get("/supervision/forwarded").want(t, http.StatusOK).lacks(t, "多收了两个月的伙食费")
			fid := regexpFind(dir.get("/supervision/forwarded").Body, `action="/supervision/forwarded/(\d+)"`)
			dir.post("/supervision/forwarded/"+fid, url.Values{"response": {""}}).want(t, http.StatusUnprocessableEntity)
			dir.post("/supervision/forwarded/"+fid, url.Values{"response": {"已退还"}}).want(t, http.StatusSeeOther)
			other.post("/supervision/forwarded/"+fid, url.Values{"response": {"不是我们"}}).want(t, http.StatusNotFound)
			ansai := f.client()
			ansai.login("ansai")
			ansai.get(path).want(t, http.StatusNotFound)
			ansai.get("/supervision/complaints").want(t, http.StatusOK).lacks(t, code)

			// The complainant reads the reply and rates it; the complaint closes.
			public.post("/complain/follow", url.Values{"receipt_code": {code}, "phone": {"13912345678"}}).contains(t, "已责令机构退还多收费用", "评价办理结果")
			public.post("/complain/rate", url.Values{"receipt_code": {code}, "phone": {"13912345678"}, "satisfaction": {"satisfied"}}).want(t, http.StatusOK).
				contains(t, "感谢您的评价", "已办结")
			baota.get(path).contains(t, "已办结", "满意", "已退还")

			// A 12345 work order entered by the county.
			baota.get("/supervision/complaints/new").want(t, http.StatusOK).contains(t, "12345工单号")
			baota.post("/supervision/complaints", url.Values{"work_order_no": {"YA20260930001"}, "institution_id": {itoa(f.other.ID)}, "category": {"safety"},
				"text": {"门禁无人值守"}, "phone": {"13700000001"}}).want(t, http.StatusSeeOther)
			baota.get("/supervision/complaints?source=hotline").contains(t, "YA20260930001")
			baota.get("/").want(t, http.StatusOK).contains(t, "逾期未办结投诉")
		})
	}
}
