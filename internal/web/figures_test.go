package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"tuoyu/internal/domain"
	"tuoyu/internal/service"
)

// fileIt has the county file the fixture's submitted filing.
func (f *fixture) fileIt(t *testing.T) domain.Filing {
	t.Helper()
	fl, err := f.svc.DecideFiling(f.ctx(), actor(f.baota), f.filing.ID, service.Decision{Decision: "file"})
	if err != nil {
		t.Fatalf("file: %v", err)
	}
	return fl
}

// The directory, the institution page and the regulator's list show the
// same live numbers: places minus the children enrolled now (per class type
// too) and the fee schedule in force, not the filing's typed figures.
func TestLiveFiguresOnEveryPage(t *testing.T) {
	eachOpsBackend(t, func(t *testing.T, f *opsFixture) {
		f.fileIt(t)
		anon := f.client()
		reg := f.client()
		reg.login("baota")
		inst := "/institutions/" + itoa(f.inst.ID)
		// Filed with 60 places and "40 enrolled" typed in; nobody is enrolled.
		anon.get("/public").want(t, http.StatusOK).contains(t, "托位 60 个，空余 60 个", "暂未公布收费标准").lacks(t, "空余 20 个")
		reg.get(inst).want(t, http.StatusOK).contains(t, `<dd class="vacancies">60`, `<dd class="enrolled">0</dd>`, "暂未公布收费标准")

		f.enrol(t, "王小明", childID1)
		f.enrol(t, "王小红", childID2)
		if _, err := f.svc.CreateFee(f.ctx(), actor(f.director), f.inst.ID, service.NewFee{CareType: domain.CareFullDay, Unit: domain.FeeMonthly,
			Amount: "2600", MealFeeDaily: "15", EffectiveFrom: "2026-01-01"}); err != nil {
			t.Fatalf("fee: %v", err)
		}
		// A schedule not yet in force is not shown.
		if _, err := f.svc.CreateFee(f.ctx(), actor(f.director), f.inst.ID, service.NewFee{CareType: domain.CareFullDay, Unit: domain.FeeMonthly,
			Amount: "2900", EffectiveFrom: "2027-06-01"}); err != nil {
			t.Fatalf("later fee: %v", err)
		}
		cls, err := f.svc.Class(f.ctx(), actor(f.director), f.class.ID)
		if err != nil {
			t.Fatal(err)
		}
		band := "托小班：托位 " + itoa(int64(cls.Capacity)) + " 个，在托 2 人，空余 " + itoa(int64(cls.Capacity-2)) + " 个"
		fee := "全日托 2,600.00 元/月，伙食费 15.00 元/天"
		if !strings.Contains(anon.get("/public").Body, "2,600") {
			fee = "全日托 2600.00 元/月，伙食费 15.00 元/天"
		}
		anon.get("/public").want(t, http.StatusOK).contains(t, "托位 60 个，空余 58 个", band, fee).lacks(t, "2900", "暂未公布收费标准")
		reg.get(inst).want(t, http.StatusOK).contains(t, `<dd class="vacancies">58`, `<dd class="enrolled">2</dd>`, band, fee).lacks(t, "2900")
		list := reg.get("/institutions").want(t, http.StatusOK)
		row := regexp.MustCompile(`(?s)<tr>\s*<td data-label="[^"]*"><a href="` + inst + `">.*?</tr>`).FindString(list.Body)
		if !strings.Contains(row, `class="enrolled">2</td>`) || !strings.Contains(row, `class="vacancies">58</td>`) {
			t.Errorf("the regulator's list row lacks the live figures: %s", row)
		}
		// The other institution, registered with 60 places and no child, has 60.
		reg.get("/institutions/"+itoa(f.other.ID)).want(t, http.StatusOK).contains(t, `<dd class="vacancies">60`)
	})
}

// The city's county × status table has a total per status and a grand total.
func TestCountyTableHasGrandTotal(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		f.institution("宝塔区彩虹托育园", creditCodeB)
		c := f.client()
		c.login("yanan")
		home := c.get("/").want(t, http.StatusOK)
		foot := regexp.MustCompile(`(?s)<tfoot>.*?</tfoot>`).FindString(home.Body)
		if !strings.Contains(foot, `<td class="grand-total"><a href="/institutions">2</a></td>`) {
			t.Errorf("no grand total of 2 in %s", foot)
		}
		if !strings.Contains(foot, `status=submitted">1</a>`) || !strings.Contains(foot, `status=unfiled">1</a>`) {
			t.Errorf("status totals missing in %s", foot)
		}
	})
}

// A change filing starts from the live counts, notes the last filed figure
// where it differs, keeps the filed materials and replaces one of them.
func TestChangeFilingStartsFromTheRecords(t *testing.T) {
	eachOpsBackend(t, func(t *testing.T, f *opsFixture) {
		f.fileIt(t)
		f.enrol(t, "王小明", childID1)
		d := f.client()
		d.login("director1")
		form := d.get("/institutions/"+itoa(f.inst.ID)+"/filings/new").want(t, http.StatusOK).contains(t, "已按系统当前记录预填")
		for field, want := range map[string]string{"enrolled": "1", "caregivers": "1", "full_time_staff": "1", "security_staff": "0", "vacancies": "59", "puhui_enrolled": "0"} {
			if got := inputValue(form.Body, field); got != want {
				t.Errorf("%s prefilled %q, want %q", field, got, want)
			}
		}
		for field, note := range map[string]string{"enrolled": "上次备案：40", "caregivers": "上次备案：8", "vacancies": "上次备案：20"} {
			if !strings.Contains(form.Body, `id="n-`+field+`">`+note+`</p>`) {
				t.Errorf("no note %q at %s", note, field)
			}
		}
		if strings.Contains(form.Body, `id="n-places"`) {
			t.Errorf("a note at a field the records do not count")
		}
		v := formValues(filingData(f.inst.Name, creditCodeA))
		v.Del("legal_rep_id")
		for k, n := range map[string]string{"enrolled": "1", "vacancies": "59", "puhui_enrolled": "0", "caregivers": "1", "full_time_staff": "1", "security_staff": "1"} {
			v.Set(k, n)
		}
		created := d.post("/institutions/"+itoa(f.inst.ID)+"/filings", v).want(t, http.StatusSeeOther)
		edit := strings.TrimSuffix(created.Header.Get("Location"), "?msg=draft_saved")
		page := d.get(edit).want(t, http.StatusOK).contains(t, "沿用第 1 版备案材料", "只需替换发生变化的材料").lacks(t, "尚缺以下必备材料")
		if n := strings.Count(page.Body, "沿用第 1 版备案材料"); n != len(domain.RequiredMaterials(filingData("", ""))) {
			t.Errorf("%d materials kept, want every required one", n)
		}
		// The draft notes where it differs from the records and the last filing.
		if !strings.Contains(page.Body, `id="n-caregivers">上次备案：8</p>`) || !strings.Contains(page.Body, `id="n-security_staff">系统记录：0</p>`) {
			t.Errorf("the draft's notes are missing")
		}
		// Replace the staff list only.
		repl := regexp.MustCompile(`action="(/filings/\d+/materials/\d+/replace)"`).FindAllStringSubmatch(page.Body, -1)
		if len(repl) == 0 {
			t.Fatal("no replace form")
		}
		var staffReplace string
		for _, m := range repl {
			i := strings.Index(page.Body, m[0])
			if strings.Contains(page.Body[max(0, i-900):i], "从业人员") {
				staffReplace = m[1]
			}
		}
		if staffReplace == "" {
			staffReplace = repl[0][1]
		}
		d.upload(staffReplace, "", "staff-v2.png", pngScan()).want(t, http.StatusSeeOther)
		after := d.get(edit).want(t, http.StatusOK).contains(t, "staff-v2.png")
		if n := strings.Count(after.Body, "沿用第 1 版备案材料"); n != len(domain.RequiredMaterials(filingData("", "")))-1 {
			t.Errorf("after one replacement %d kept", n)
		}
		// It submits with the kept materials.
		v.Set("action", "submit")
		d.post(edit, v).want(t, http.StatusSeeOther)
		id := parseID(t, regexp.MustCompile(`/filings/(\d+)/edit`).FindStringSubmatch(edit)[1])
		fl, err := f.svc.FilingDetail(f.ctx(), actor(f.baota), id)
		if err != nil {
			t.Fatal(err)
		}
		if fl.Status != domain.FilingSubmitted || len(fl.MissingMaterials) != 0 {
			t.Fatalf("change filing %s, missing %v", fl.Status, fl.MissingMaterials)
		}
		// A kept material reads the filed version's bytes.
		for _, m := range fl.Materials {
			if m.InheritedFrom == 0 {
				continue
			}
			_, content, err := f.svc.MaterialContent(f.ctx(), actor(f.baota), m.ID)
			if err != nil || len(content) == 0 || int64(len(content)) != m.Size {
				t.Errorf("kept material %d: %d bytes, %v", m.ID, len(content), err)
			}
		}
	})
}

// The timeline names people; a filed version has a printable receipt.
func TestFilingTimelineNamesAndReceipt(t *testing.T) {
	eachOpsBackend(t, func(t *testing.T, f *opsFixture) {
		f.exec(t, "UPDATE users SET display_name = ? WHERE username = ?", "宝塔区卫健局 王审核", "baota")
		f.exec(t, "UPDATE users SET display_name = ? WHERE username = ?", "阳光园长", "director1")
		c := f.client()
		c.login("baota")
		link := "/filings/" + itoa(f.filing.ID)
		c.get(link+"/receipt").want(t, http.StatusConflict)
		f.fileIt(t)
		page := c.get(link).want(t, http.StatusOK).contains(t, `href="`+link+`/receipt"`)
		tl := page.Body[strings.Index(page.Body, "办理过程"):]
		if !strings.Contains(tl, `<span class="who">宝塔区卫健局 王审核</span>`) || !strings.Contains(tl, `<span class="who">阳光园长</span>`) {
			t.Errorf("timeline does not name people: %s", excerpt(tl))
		}
		rc := c.get(link+"/receipt").want(t, http.StatusOK)
		rc.contains(t, "托育机构备案回执", f.inst.Name, creditCodeA, "宝塔区卫生健康行政部门", "予以备案", "data-print", `<dd class="filed-by">宝塔区卫健局 王审核</dd>`)
		if !regexp.MustCompile(`<strong>610602-\d{4}-\d{4}</strong>`).MatchString(rc.Body) {
			t.Errorf("no receipt number on the receipt")
		}
		d := f.client()
		d.login("director1")
		d.get(link+"/receipt").want(t, http.StatusOK).contains(t, f.inst.Name)
		o := f.client()
		o.login("ansai")
		o.get(link+"/receipt").want(t, http.StatusNotFound).lacks(t, f.inst.Name)
	})
}
