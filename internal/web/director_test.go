package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"tuoyu/internal/domain"
)

func TestDirectorFilesFromTheForm(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		in := f.institution("宝塔区小树苗托育点", creditCodeC)
		f.user("director3", domain.RoleDirector, "", in.ID)
		c := f.client()
		c.login("director3")
		c.get("/").want(t, http.StatusOK).contains(t, in.Name, "尚未开始备案", "/institutions/"+itoa(in.ID)+"/filings/new")

		created := c.post("/institutions/"+itoa(in.ID)+"/filings", formValues(filingData(in.Name, creditCodeC))).want(t, http.StatusSeeOther)
		loc := created.Header.Get("Location")
		m := regexp.MustCompile(`^/filings/(\d+)/edit\?msg=draft_saved$`).FindStringSubmatch(loc)
		if m == nil {
			t.Fatalf("after saving the draft: %q", loc)
		}
		edit := "/filings/" + m[1] + "/edit"
		form := c.get(loc).want(t, http.StatusOK).contains(t, "备案草稿已保存", "尚缺以下必备材料", "营业执照或法人登记证书", "110105********002X")
		if inputValue(form.Body, "legal_rep_id") != "" {
			t.Errorf("the form shows the ID number again")
		}
		// Starting again goes to the draft in progress.
		if p := c.get("/institutions/" + itoa(in.ID) + "/filings/new"); p.Header.Get("Location") != edit {
			t.Errorf("a second start went to %q", p.Header.Get("Location"))
		}

		// Submitting without materials shows what is missing.
		v := formValues(filingData(in.Name, creditCodeC))
		v.Del("legal_rep_id")
		v.Set("action", "submit")
		refused := c.post(edit, v).want(t, http.StatusUnprocessableEntity).contains(t, "还不能提交")
		if !strings.Contains(refused.Body, `id="f-materials_fire_safety"`) {
			t.Errorf("the missing fire-safety material is not marked")
		}

		// A file that is not a PDF or picture is refused at the upload form.
		bad := c.upload("/filings/"+m[1]+"/materials", domain.MaterialLicence, "licence.txt", []byte("just text")).want(t, http.StatusUnprocessableEntity)
		if msg := fieldError(bad.Body, "file"); msg != "只接受 PDF、JPEG 或 PNG 文件" {
			t.Errorf("upload message %q", msg)
		}
		for _, typ := range domain.RequiredMaterials(filingData(in.Name, creditCodeC)) {
			up := c.upload("/filings/"+m[1]+"/materials", typ, typ+".png", pngScan()).want(t, http.StatusSeeOther)
			if !strings.HasPrefix(up.Header.Get("Location"), edit+"?msg=uploaded") {
				t.Errorf("after upload: %q", up.Header.Get("Location"))
			}
		}
		// One extra material, then removed again.
		c.upload("/filings/"+m[1]+"/materials", domain.MaterialOther, "extra.png", pngScan()).want(t, http.StatusSeeOther)
		list := c.get(edit).want(t, http.StatusOK).contains(t, "extra.png")
		del := regexp.MustCompile(`(?s)extra\.png</a>.*?action="(/filings/\d+/materials/\d+/delete)"`).FindStringSubmatch(list.Body)
		if del == nil {
			t.Fatalf("no delete button for the extra material")
		}
		c.post(del[1], nil).want(t, http.StatusSeeOther)
		c.get(edit).want(t, http.StatusOK).lacks(t, "extra.png")

		sent := c.post(edit, v).want(t, http.StatusSeeOther)
		if sent.Header.Get("Location") != "/filings/"+m[1]+"?msg=submitted" {
			t.Errorf("after submit: %q", sent.Header.Get("Location"))
		}
		c.get("/").want(t, http.StatusOK).contains(t, "待审核", "应在")
		// A submitted filing's form is closed.
		if p := c.get(edit); p.StatusCode != http.StatusSeeOther {
			t.Errorf("edit form of a submitted filing: %d", p.StatusCode)
		}
	})
}

func TestDirectorWithdrawsADraft(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		in := f.institution("宝塔区小树苗托育点", creditCodeC)
		f.user("director3", domain.RoleDirector, "", in.ID)
		c := f.client()
		c.login("director3")
		loc := c.post("/institutions/"+itoa(in.ID)+"/filings", formValues(filingData(in.Name, creditCodeC))).want(t, http.StatusSeeOther).Header.Get("Location")
		id := regexp.MustCompile(`/filings/(\d+)/`).FindStringSubmatch(loc)[1]
		out := c.post("/filings/"+id+"/withdraw", nil).want(t, http.StatusSeeOther)
		if out.Header.Get("Location") != "/institutions/"+itoa(in.ID)+"?msg=withdrawn" {
			t.Errorf("after withdraw: %q", out.Header.Get("Location"))
		}
		c.get("/filings/"+id).want(t, http.StatusOK).contains(t, "已撤回", "撤回")
		c.get("/institutions/"+itoa(in.ID)).want(t, http.StatusOK).contains(t, "开始备案")
	})
}

func TestChangeAndCancelAfterFiling(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		reg := f.client()
		reg.login("baota")
		reg.post("/filings/"+itoa(f.filing.ID)+"/decision", url.Values{"decision": {"file"}}).want(t, http.StatusSeeOther)

		d := f.client()
		d.login("director1")
		d.get("/institutions/"+itoa(f.inst.ID)).want(t, http.StatusOK).contains(t, "变更备案", "注销备案")
		form := d.get("/institutions/"+itoa(f.inst.ID)+"/filings/new").want(t, http.StatusOK).contains(t, "变更备案", "110105********002X")
		if inputValue(form.Body, "places") != "60" {
			t.Errorf("the change filing does not start from the filed facts")
		}
		v := formValues(filingData(f.inst.Name, creditCodeA))
		v.Del("legal_rep_id")
		v.Set("places", "80")
		loc := d.post("/institutions/"+itoa(f.inst.ID)+"/filings", v).want(t, http.StatusSeeOther).Header.Get("Location")
		id := regexp.MustCompile(`/filings/(\d+)/`).FindStringSubmatch(loc)[1]
		change, err := f.svc.Filing(f.ctx(), actor(f.director), parseID(t, id))
		if err != nil {
			t.Fatal(err)
		}
		f.uploadAll(f.svc, f.director, change)
		v.Set("action", "submit")
		d.post("/filings/"+id+"/edit", v).want(t, http.StatusSeeOther)

		// The reviewer sees what changed, old → new.
		rv := reg.get("/filings/"+id).want(t, http.StatusOK).contains(t, "变更内容", "托位数")
		row := regexp.MustCompile(`(?s)<tr><th scope="row"[^>]*>托位数</th>.*?</tr>`).FindString(rv.Body)
		if !strings.Contains(row, "<del>60</del>") || !strings.Contains(row, "<ins>80</ins>") {
			t.Errorf("change row %q", row)
		}
		reg.post("/filings/"+id+"/decision", url.Values{"decision": {"file"}}).want(t, http.StatusSeeOther)

		// Cancellation needs a reason, then goes to the county.
		d.post("/institutions/"+itoa(f.inst.ID)+"/cancel", url.Values{"reason": {""}}).want(t, http.StatusUnprocessableEntity)
		sent := d.post("/institutions/"+itoa(f.inst.ID)+"/cancel", url.Values{"reason": {"场地到期，停止办园"}}).want(t, http.StatusSeeOther)
		cid := regexp.MustCompile(`^/filings/(\d+)\?msg=cancel_submitted$`).FindStringSubmatch(sent.Header.Get("Location"))
		if cid == nil {
			t.Fatalf("after cancellation: %q", sent.Header.Get("Location"))
		}
		reg.get("/filings").want(t, http.StatusOK).contains(t, "注销备案")
		reg.get("/filings/"+cid[1]).want(t, http.StatusOK).contains(t, "同意注销备案", "场地到期，停止办园")
		reg.post("/filings/"+cid[1]+"/decision", url.Values{"decision": {"file"}}).want(t, http.StatusSeeOther)
		f.client().get("/public").want(t, http.StatusOK).lacks(t, f.inst.Name)
		d.get("/institutions/"+itoa(f.inst.ID)).want(t, http.StatusOK).contains(t, "已注销").lacks(t, "/filings/new", "/cancel")
	})
}
