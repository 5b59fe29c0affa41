package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"tuoyu/internal/domain"
)

func TestReviewFlowFilesAndPublishes(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		anon := f.client()
		anon.get("/public").want(t, http.StatusOK).lacks(t, f.inst.Name)

		c := f.client()
		c.login("baota")
		// The home page leads to the filing.
		home := c.get("/").want(t, http.StatusOK)
		link := "/filings/" + itoa(f.filing.ID)
		if !strings.Contains(home.Body, `href="`+link+`"`) {
			t.Fatalf("home page has no link to the submitted filing")
		}
		review := c.get(link).want(t, http.StatusOK)
		review.contains(t, f.inst.Name, f.filing.DueDate, "110105********002X", "宝塔山街道", "全日托 2800 元/月", "予以备案", "退回修改", "办理过程")
		review.lacks(t, "11010519491231002X")
		// Every material is previewed inline: images as <img>, PDFs in a
		// <details> whose viewer is made only when it is opened.
		var pdf, img int64
		for _, m := range f.materials(t) {
			if m.ContentType == "application/pdf" {
				pdf = m.ID
				if !strings.Contains(review.Body, `<details class="pdf-preview" data-pdf="/materials/`+itoa(m.ID)+`"`) {
					t.Errorf("PDF %s is not previewed", m.Filename)
				}
				if strings.Contains(review.Body, `<object`) || strings.Contains(review.Body, `<iframe`) {
					t.Errorf("a PDF viewer is loaded before it is opened")
				}
			} else {
				img = m.ID
				if !strings.Contains(review.Body, `<img src="/materials/`+itoa(m.ID)+`"`) {
					t.Errorf("image %s is not previewed", m.Filename)
				}
			}
		}
		if p := c.get("/materials/"+itoa(img)).want(t, http.StatusOK); p.Header.Get("Content-Type") != "image/png" {
			t.Errorf("image preview type %q", p.Header.Get("Content-Type"))
		}
		if p := c.get("/materials/"+itoa(pdf)).want(t, http.StatusOK); p.Header.Get("Content-Type") != "application/pdf" || p.Header.Get("X-Frame-Options") != "SAMEORIGIN" {
			t.Errorf("PDF preview headers %v", p.Header)
		}

		// Returning needs a reason: the form comes back with the message.
		p := c.post(link+"/decision", url.Values{"decision": {"return"}, "reason": {""}}).want(t, http.StatusUnprocessableEntity)
		if msg := fieldError(p.Body, "reason"); msg != "必填" {
			t.Errorf("reason message %q", msg)
		}

		done := c.post(link+"/decision", url.Values{"decision": {"file"}}).want(t, http.StatusSeeOther)
		if loc := done.Header.Get("Location"); loc != link+"?msg=filed" {
			t.Errorf("after filing: %q", loc)
		}
		filed := c.get(link+"?msg=filed").want(t, http.StatusOK).contains(t, "已予备案", "已备案")
		receipt := regexp.MustCompile(`<strong>([^<]+)</strong> <a class="receipt-link"`).FindStringSubmatch(filed.Body)
		if receipt == nil {
			t.Fatalf("no receipt number on the filed filing")
		}
		// The timeline shows each state change: submitted, then filed.
		tl := filed.Body[strings.Index(filed.Body, "办理过程"):]
		if i, j := strings.Index(tl, "提交审核"), strings.Index(tl, "予以备案"); i < 0 || j < 0 || i > j {
			t.Errorf("timeline lacks submit then file")
		}

		// The directory's figures are the records': no child is enrolled
		// and no fee schedule entered yet, whatever the filing typed.
		pub := anon.get("/public").want(t, http.StatusOK).contains(t, f.inst.Name, receipt[1], "宝塔区", "宝塔山街道", "全日托", "计时托", "托位 60 个，空余 60 个", "暂未公布收费标准", "普惠")
		pub.lacks(t, "空余 20 个", "2800 元/月")
		pub.lacks(t, "张三", "13800138000", creditCodeA)
		// Search: by county, township, care type, 普惠 and name.
		for _, q := range []string{"county=" + baotaCounty, "county=" + baotaCounty + "&township=" + baotaTownship, "care_type=hourly", "puhui=true", "q=" + url.QueryEscape("阳光")} {
			anon.get("/public?"+q).want(t, http.StatusOK).contains(t, f.inst.Name)
		}
		for _, q := range []string{"county=" + ansaiCounty, "care_type=temporary", "puhui=false", "q=" + url.QueryEscape("不存在的名字")} {
			anon.get("/public?"+q).want(t, http.StatusOK).lacks(t, f.inst.Name)
		}
		anon.get("/public?puhui=maybe").want(t, http.StatusUnprocessableEntity)
	})
}

func TestReturnShowsReasonsAtTheFields(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		c := f.client()
		c.login("baota")
		link := "/filings/" + itoa(f.filing.ID)
		c.post(link+"/decision", url.Values{"decision": {"return"}, "reason": {"材料不清晰"}, "item.building_area": {"与房产证不符"},
			"item.materials.fire_safety": {"请上传消防验收意见书"}}).want(t, http.StatusSeeOther)

		d := f.client()
		d.login("director1")
		d.get("/").want(t, http.StatusOK).contains(t, "材料不清晰", "与房产证不符", "继续填写")
		edit := d.get(link+"/edit").want(t, http.StatusOK)
		edit.contains(t, "材料不清晰", "请上传消防验收意见书")
		// The note about the building area sits with its input.
		field := regexp.MustCompile(`(?s)id="f-building_area".*?</div>`).FindString(edit.Body)
		if !strings.Contains(field, "与房产证不符") {
			t.Errorf("the reviewer's note is not at the building area")
		}
		// The institution corrects and submits again; it is due again.
		v := formValues(filingData(f.inst.Name, creditCodeA))
		v.Del("legal_rep_id") // kept from the last version
		v.Set("building_area", "650")
		v.Set("action", "submit")
		d.post(link+"/edit", v).want(t, http.StatusSeeOther)
		c.get("/filings").want(t, http.StatusOK).contains(t, f.inst.Name)
		c.get(link).want(t, http.StatusOK).contains(t, "110105********002X", "650")
	})
}

func TestOtherCountyGetsNotFound(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		c := f.client()
		c.login("ansai")
		for _, path := range []string{"/filings/" + itoa(f.filing.ID), "/institutions/" + itoa(f.inst.ID), "/materials/" + itoa(f.materials(t)[0].ID), "/filings/999999"} {
			c.get(path).want(t, http.StatusNotFound).contains(t, "没有找到这个页面或记录").lacks(t, f.inst.Name, "not found")
		}
		c.post("/filings/"+itoa(f.filing.ID)+"/decision", url.Values{"decision": {"file"}}).want(t, http.StatusNotFound)
		c.get("/filings").want(t, http.StatusOK).lacks(t, f.inst.Name)
		c.get("/institutions").want(t, http.StatusOK).lacks(t, f.inst.Name)
		// A director may not review: the role lacks the permission.
		d := f.client()
		d.login("director1")
		d.post("/filings/"+itoa(f.filing.ID)+"/decision", url.Values{"decision": {"file"}}).want(t, http.StatusForbidden)
	})
}

func (f *fixture) materials(t *testing.T) []domain.Material {
	t.Helper()
	v, err := f.svc.FilingDetail(f.ctx(), actor(f.baota), f.filing.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Materials) == 0 {
		t.Fatal("fixture filing has no materials")
	}
	return v.Materials
}
