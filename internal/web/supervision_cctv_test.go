package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"tuoyu/internal/testkit"
)

func TestSupervisionCCTVPages(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newSvFixture(t, b)
			path := "/institutions/" + itoa(f.inst.ID) + "/cctv"
			dir := f.client()
			dir.login("director1")
			dir.get(path).want(t, http.StatusOK).contains(t, "尚未登记摄像头", "没有正常工作的摄像头覆盖婴幼儿生活和活动区域", "登记摄像头")
			cam := url.Values{"location": {"小一班教室"}, "area": {"children_room"}, "covers_children": {"on"}, "retention_days": {"30"}, "working": {"on"}}
			dir.post(path, cam).want(t, http.StatusUnprocessableEntity).contains(t, "录像保存天数")
			cam.Set("retention_days", "90")
			dir.post(path, cam).want(t, http.StatusSeeOther)
			page := dir.get(path).want(t, http.StatusOK).contains(t, "小一班教室", "没有正常工作的摄像头覆盖厨房").lacks(t, "覆盖婴幼儿生活和活动区域")

			baota := f.client()
			baota.login("baota")
			baota.get(path).want(t, http.StatusOK).contains(t, "小一班教室").lacks(t, `action="`+path+`"`)
			baota.post(path, cam).want(t, http.StatusForbidden)
			ansai := f.client()
			ansai.login("ansai")
			ansai.get(path).want(t, http.StatusNotFound)
			other := f.client()
			other.login("director2")
			other.get(path).want(t, http.StatusNotFound)

			id := regexpFind(page.Body, `/cctv/(\d+)/remove"`)
			other.post(path+"/"+id+"/remove", url.Values{}).want(t, http.StatusNotFound)
			dir.post(path+"/"+id+"/remove", url.Values{}).want(t, http.StatusSeeOther)

			// Footage preservation: the county asks, the institution confirms.
			baota.post("/institutions/"+itoa(f.inst.ID)+"/footage", url.Values{"from": {"2026-09-29T08:00"}, "to": {"bad"}, "reason": {"投诉核查"}}).
				want(t, http.StatusUnprocessableEntity).contains(t, "时间格式不正确")
			baota.post("/institutions/"+itoa(f.inst.ID)+"/footage", url.Values{"from": {"2026-09-29T08:00"}, "to": {"2026-09-29T12:00"}, "incident": {"午睡时段"}, "reason": {"投诉核查"}}).
				want(t, http.StatusSeeOther)
			fp := dir.get(path).contains(t, "待机构确认", "午睡时段")
			req := regexpFind(fp.Body, `/footage/(\d+)/confirm"`)
			other.post("/institutions/"+itoa(f.inst.ID)+"/footage/"+req+"/confirm", url.Values{}).want(t, http.StatusNotFound)
			dir.post("/institutions/"+itoa(f.inst.ID)+"/footage/"+req+"/confirm", url.Values{"confirm_note": {"已导出备份"}}).want(t, http.StatusSeeOther)
			baota.get(path).contains(t, "已确认保全", "已导出备份")
			dir.get(path).contains(t, "尚未登记摄像头")
		})
	}
}
