package web_test

import (
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
)

// The director enrols a child through the form: a bad ID number comes back
// at its field (422) with everything typed kept; the enrolled child's page
// shows masked numbers, and revealing one is a POST that is audited.
func TestOpsDirectorEnrolsThroughTheForm(t *testing.T) {
	eachOpsBackend(t, func(t *testing.T, f *opsFixture) {
		c := f.client()
		c.login("director1")
		c.get("/institutions/"+itoa(f.inst.ID)+"/classes").want(t, http.StatusOK).contains(t, "托小一班", "王保育", "12–24 月龄")
		c.get("/institutions/"+itoa(f.inst.ID)+"/children/new").want(t, http.StatusOK).
			contains(t, `name="child.cert_number"`, `name="guardians[0].phone"`, `name="pickup_persons[0].name"`, "托小一班")

		bad := f.enrolForm("李小宝", childID1[:17]+"0")
		if bad.Get("child.cert_number") == childID1 {
			bad.Set("child.cert_number", childID1[:17]+"1")
		}
		refused := c.post("/institutions/"+itoa(f.inst.ID)+"/children", bad).want(t, http.StatusUnprocessableEntity)
		if msg := fieldError(refused.Body, "f-child_cert_number"[2:]); msg != "校验位不正确" {
			t.Errorf("message at the ID number: %q", msg)
		}
		refused.contains(t, "请更正以下内容", "证件号码")
		if inputValue(refused.Body, "child.name") != "李小宝" || inputValue(refused.Body, "guardians[0].phone") != "13700137000" {
			t.Errorf("the refused form lost what was typed")
		}
		// A bad guardian phone is shown at that guardian's input.
		badPhone := f.enrolForm("李小宝", childID1)
		badPhone.Set("guardians[0].phone", "12345")
		if msg := fieldError(c.post("/institutions/"+itoa(f.inst.ID)+"/children", badPhone).want(t, http.StatusUnprocessableEntity).Body, "guardians_0__phone"); msg == "" {
			t.Errorf("no message at the guardian's phone")
		}

		ok := c.post("/institutions/"+itoa(f.inst.ID)+"/children", f.enrolForm("李小宝", childID1)).want(t, http.StatusSeeOther)
		m := regexp.MustCompile(`^/children/(\d+)\?msg=enrolled`).FindStringSubmatch(ok.Header.Get("Location"))
		if m == nil {
			t.Fatalf("after enrolling: %q", ok.Header.Get("Location"))
		}
		page := c.get(ok.Header.Get("Location")).want(t, http.StatusOK).
			contains(t, "已办理入托", "李小宝", cnid.Mask(childID1), "李妈妈", cnid.Mask(guardianID1), "李爷爷", "花生", "2800.00 元", "入托信息采集与使用").
			lacks(t, childID1, guardianID1)
		if !strings.Contains(page.Body, `action="/children/`+m[1]+`/reveal"`) {
			t.Fatalf("no reveal button")
		}
		// Enrolling the same child again: the conflict names the field.
		again := c.post("/institutions/"+itoa(f.inst.ID)+"/children", f.enrolForm("李小宝", childID1)).want(t, http.StatusConflict)
		if msg := fieldError(again.Body, "child_cert_number"); !strings.Contains(msg, "已在其他机构在托") {
			t.Errorf("re-enrolment message %q", msg)
		}

		before := f.count(t, "SELECT COUNT(*) FROM audit_events WHERE action = 'child.reveal_id'")
		shown := c.post("/children/"+m[1]+"/reveal", url.Values{"r.reason": {"核对户籍"}}).want(t, http.StatusOK)
		shown.contains(t, childID1, "已记入审计日志")
		if got := shown.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("revealed page cache %q", got)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM audit_events WHERE action = 'child.reveal_id'"); n != before+1 {
			t.Errorf("reveals audited: %d, want %d", n, before+1)
		}
		// A caregiver may not reveal a number.
		cg := f.client()
		cg.login("carer1")
		cg.post("/children/"+m[1]+"/reveal", nil).want(t, http.StatusForbidden)
		cg.get("/children/"+m[1]).want(t, http.StatusOK).contains(t, cnid.Mask(childID1)).lacks(t, "查看完整号码")

		// The child is on the class's list, and the class counts them.
		list := c.get("/institutions/"+itoa(f.inst.ID)+"/children?class_id="+itoa(f.class.ID)).want(t, http.StatusOK)
		list.rows().contains(t, "李小宝", cnid.Mask(childID1))
		if !strings.Contains(list.Body, `href="/api/v1/institutions/`+itoa(f.inst.ID)+`/children.xlsx?lang=zh"`) {
			t.Errorf("the children list has no Excel export link")
		}
		if strings.Contains(cg.get("/institutions/"+itoa(f.inst.ID)+"/children").want(t, http.StatusOK).Body, "children.xlsx") {
			t.Errorf("a caregiver is offered the export")
		}
		c.get("/classes/"+itoa(f.class.ID)).want(t, http.StatusOK).contains(t, "李小宝", "1 / ")

		// Withdrawal frees the place; the child then leaves the list.
		w := c.post("/children/"+m[1]+"/withdraw", url.Values{"w.reason": {"搬家"}}).want(t, http.StatusSeeOther)
		if w.Header.Get("Location") != "/institutions/"+itoa(f.inst.ID)+"/children?msg=child_withdrawn" {
			t.Errorf("after withdrawal: %q", w.Header.Get("Location"))
		}
		c.get("/institutions/"+itoa(f.inst.ID)+"/children").want(t, http.StatusOK).rows().lacks(t, "李小宝")
		c.get("/institutions/"+itoa(f.inst.ID)+"/children?status=withdrawn").want(t, http.StatusOK).rows().contains(t, "李小宝")
	})
}

// A caregiver checks a child in through the grid (a form POST), the live
// ratio counts them, and the guardian's day page shows the check-in time.
func TestOpsCaregiverChecksInGuardianSeesIt(t *testing.T) {
	eachOpsBackend(t, func(t *testing.T, f *opsFixture) {
		child := f.enrol(t, "张小米", childID2)
		d := f.client()
		d.login("director1")
		g := f.guardianFor(t, d, child, "parent1")
		g.get("/my/children/"+itoa(child.ID)).want(t, http.StatusOK).contains(t, "张小米", "未入园")

		c := f.client()
		c.login("carer1")
		grid := "/classes/" + itoa(f.class.ID) + "/attendance"
		page := c.get(grid).want(t, http.StatusOK).contains(t, "张小米", "未入园", "上班打卡")
		action := `action="/classes/` + itoa(f.class.ID) + `/attendance/` + itoa(child.ID) + `"`
		if !strings.Contains(page.Body, action) {
			t.Fatalf("no tap form for the child")
		}
		// Clocking in makes the ratio count a caregiver.
		clocked := c.post("/classes/"+itoa(f.class.ID)+"/clock-in", nil).want(t, http.StatusSeeOther)
		c.get(clocked.Header.Get("Location")).want(t, http.StatusOK).contains(t, "已上班打卡", "在岗", "王保育", "保育人员 1 人")
		c.post("/classes/"+itoa(f.class.ID)+"/clock-in", nil).want(t, http.StatusConflict).contains(t, "已经打过上班卡")

		in := c.post(grid+"/"+itoa(child.ID), url.Values{"action": {"in"}, "date": {f.svc.Today().Format("2006-01-02")}}).want(t, http.StatusSeeOther)
		if loc := in.Header.Get("Location"); !strings.HasPrefix(loc, grid+"?date=") || !strings.HasSuffix(loc, "#child-"+itoa(child.ID)) {
			t.Errorf("after check-in: %q", loc)
		}
		hhmm := f.svc.Now().In(service.China).Format("15:04")
		after := c.get(grid).want(t, http.StatusOK).contains(t, "在园", hhmm+" 入园", "在园 1 人 / 保育人员 1 人", "师幼比正常")
		if !strings.Contains(after.Body, `name="picked_up_by"`) {
			t.Errorf("a present child has no check-out with pick-up choice")
		}

		// The guardian sees the check-in time.
		day := g.get("/my/children/"+itoa(child.ID)).want(t, http.StatusOK).contains(t, "在园")
		if m := regexp.MustCompile(`id="check-in">([^<]*)<`).FindStringSubmatch(day.Body); m == nil || m[1] != hhmm {
			t.Errorf("the guardian's day shows check-in %v, want %s", m, hhmm)
		}
		g.get("/my/children").want(t, http.StatusOK).contains(t, "张小米", hhmm+" 入园")

		// Checking out needs a person allowed to collect the child.
		c.post(grid+"/"+itoa(child.ID), url.Values{"action": {"out"}}).want(t, http.StatusUnprocessableEntity).contains(t, "请选择接走孩子的监护人或授权接送人")
		c.post(grid+"/"+itoa(child.ID), url.Values{"action": {"out"}, "picked_up_by": {"guardian:999999"}}).want(t, http.StatusUnprocessableEntity).
			contains(t, "不是该婴幼儿的监护人或授权接送人")
		full, _ := f.svc.Child(f.ctx(), actor(f.director), child.ID)
		time.Sleep(1100 * time.Millisecond) // times are kept to the second: check-out after check-in
		c.post(grid+"/"+itoa(child.ID), url.Values{"action": {"out"}, "picked_up_by": {"guardian:" + itoa(full.Guardians[0].ID)}}).want(t, http.StatusSeeOther)
		c.get(grid).want(t, http.StatusOK).contains(t, "已离园", "张小米妈妈")
		g.get("/my/children/"+itoa(child.ID)).want(t, http.StatusOK).contains(t, "已离园", "张小米妈妈")

		// A sick absence needs the symptoms.
		other := f.enrol(t, "赵小雨", residentID("61060220250601141"))
		c.post(grid+"/"+itoa(other.ID), url.Values{"action": {"absent"}, "absent_reason": {"sick"}}).want(t, http.StatusUnprocessableEntity).contains(t, "症状或疾病")
		c.post(grid+"/"+itoa(other.ID), url.Values{"action": {"absent"}, "absent_reason": {"sick"}, "symptoms": {"发热"}}).want(t, http.StatusSeeOther)
		c.get(grid).want(t, http.StatusOK).contains(t, "缺勤", "病假", "发热")
	})
}

// Out of scope is not found: another institution's class, children,
// grid and child; another guardian's child.
func TestOpsScope(t *testing.T) {
	eachOpsBackend(t, func(t *testing.T, f *opsFixture) {
		child := f.enrol(t, "张小米", childID2)
		other := f.client()
		other.login("director2")
		other.get("/classes/"+itoa(f.class.ID)).want(t, http.StatusNotFound)
		other.get("/classes/"+itoa(f.class.ID)+"/attendance").want(t, http.StatusNotFound)
		other.get("/institutions/"+itoa(f.inst.ID)+"/children").want(t, http.StatusNotFound)
		other.get("/institutions/"+itoa(f.inst.ID)+"/staff").want(t, http.StatusNotFound)
		other.get("/children/"+itoa(child.ID)).want(t, http.StatusNotFound)
		other.post("/children/"+itoa(child.ID)+"/reveal", nil).want(t, http.StatusNotFound)
		other.get("/staff/"+itoa(f.carerStaff)).want(t, http.StatusNotFound)
		other.get("/classes/"+itoa(f.otherClass.ID)).want(t, http.StatusOK).contains(t, "乳儿班")

		c := f.client()
		c.login("carer1")
		c.get("/classes/"+itoa(f.otherClass.ID)+"/attendance").want(t, http.StatusNotFound)
		c.post("/classes/"+itoa(f.otherClass.ID)+"/attendance/"+itoa(child.ID), url.Values{"action": {"in"}}).want(t, http.StatusNotFound)
		// A child of the institution through another institution's class is not found either.
		c.get("/institutions/"+itoa(f.other.ID)+"/classes").want(t, http.StatusNotFound)

		f.user("parent9", domain.RoleGuardian, "", 0)
		g := f.client()
		g.login("parent9")
		g.get("/my/children/"+itoa(child.ID)).want(t, http.StatusNotFound)
		g.get("/my/children").want(t, http.StatusOK).lacks(t, "张小米")
		g.get("/classes/"+itoa(f.class.ID)).want(t, http.StatusForbidden)

		// The county regulator reads the institution's pages, but edits nothing.
		r := f.client()
		r.login("baota")
		r.get("/institutions/"+itoa(f.inst.ID)).want(t, http.StatusOK).contains(t, `href="/institutions/`+itoa(f.inst.ID)+`/classes"`, `href="/institutions/`+itoa(f.inst.ID)+`/compliance"`)
		r.get("/institutions/"+itoa(f.inst.ID)+"/children").want(t, http.StatusOK).rows().contains(t, "张小米")
		r.get("/classes/"+itoa(f.class.ID)).want(t, http.StatusOK).lacks(t, "修改班级")
		r.get("/institutions/"+itoa(f.inst.ID)+"/classes/new").want(t, http.StatusForbidden)
		r.get("/institutions/"+itoa(f.inst.ID)+"/compliance").want(t, http.StatusOK).contains(t, "合规检查")
		// Ansai's regulator does not see a Baota institution.
		a := f.client()
		a.login("ansai")
		a.get("/institutions/"+itoa(f.inst.ID)+"/classes").want(t, http.StatusNotFound)
	})
}

// Hiring: a banned person is refused clearly (409) and the county sees the
// refused attempt on its home page; a person employed elsewhere is a
// conflict at the ID field; a good hire lands on the person's page.
func TestOpsHiringAndBlacklist(t *testing.T) {
	eachOpsBackend(t, func(t *testing.T, f *opsFixture) {
		r := f.client()
		r.login("baota")
		r.get("/blacklist").want(t, http.StatusOK).contains(t, "终身禁入名单", "没有被拒绝的禁入人员聘用")
		bad := r.post("/blacklist", url.Values{"name": {"赵某"}, "id_number": {"123"}, "reason": {""}}).want(t, http.StatusUnprocessableEntity)
		if fieldError(bad.Body, "reason") != "必填" || fieldError(bad.Body, "id_number") == "" {
			t.Errorf("blacklist form errors: reason %q id %q", fieldError(bad.Body, "reason"), fieldError(bad.Body, "id_number"))
		}
		r.post("/blacklist", url.Values{"name": {"赵某"}, "id_number": {bannedID}, "reason": {"虐待婴幼儿，法院判决"}}).want(t, http.StatusSeeOther)
		r.get("/blacklist").want(t, http.StatusOK).contains(t, "赵某", cnid.Mask(bannedID), "生效中").lacks(t, bannedID)

		d := f.client()
		d.login("director1")
		form := url.Values{"name": {"赵某"}, "id_number": {bannedID}, "post": {domain.PostCaregiver}, "full_time": {"on"}, "hire.start_date": {"2026-09-01"},
			"certificates[0].kind": {domain.CertHealth}, "certificates[1].kind": {domain.CertNoCriminalRecord}}
		banned := d.post("/institutions/"+itoa(f.inst.ID)+"/staff", form).want(t, http.StatusConflict)
		banned.contains(t, "终身禁入人员，不得聘用", "此次聘用尝试已记录")
		if fieldError(banned.Body, "id_number") != "该人员在终身禁入名单中，不得聘用" {
			t.Errorf("banned message at the field: %q", fieldError(banned.Body, "id_number"))
		}
		r.get("/").want(t, http.StatusOK).contains(t, "被拒绝的禁入人员聘用", "赵某", f.inst.Name, "机构合规排名")

		// Employed elsewhere: the carer works for the first institution.
		o := f.client()
		o.login("director2")
		busy := o.post("/institutions/"+itoa(f.other.ID)+"/staff", url.Values{"name": {"王保育"}, "id_number": {carerID}, "post": {domain.PostCaregiver}}).want(t, http.StatusConflict)
		if msg := fieldError(busy.Body, "id_number"); !strings.Contains(msg, "正在其他机构任职") {
			t.Errorf("employed elsewhere: %q", msg)
		}
		// A good hire with a certificate; then a certificate is added.
		newID := residentID("61060219950707152")
		form = url.Values{"name": {"孙保健"}, "id_number": {newID}, "post": {domain.PostHealth}, "full_time": {"on"}, "hire.start_date": {"2026-09-01"},
			"certificates[0].kind": {domain.CertHealth}, "certificates[0].issued_on": {"2026-01-10"}, "certificates[1].kind": {domain.CertNoCriminalRecord}}
		hired := o.post("/institutions/"+itoa(f.other.ID)+"/staff", form).want(t, http.StatusSeeOther)
		loc := hired.Header.Get("Location")
		if !strings.HasSuffix(loc, "?msg=staff_hired") {
			t.Fatalf("after hiring: %q", loc)
		}
		person := strings.TrimSuffix(loc, "?msg=staff_hired")
		o.get(loc).want(t, http.StatusOK).contains(t, "孙保健", "保健员", "健康合格证明", cnid.Mask(newID)).lacks(t, newID)
		refused := o.post(person+"/certificates", url.Values{"ct.kind": {domain.CertTraining}, "ct.issued_on": {"2030-01-01"}}).want(t, http.StatusUnprocessableEntity)
		if fieldError(refused.Body, "ct_issued_on") != "不能晚于今天" {
			t.Errorf("future certificate: %q", fieldError(refused.Body, "ct_issued_on"))
		}
		o.post(person+"/certificates", url.Values{"ct.kind": {domain.CertTraining}, "ct.name": {"婴幼儿照护培训"}, "ct.issued_on": {"2026-03-01"}, "ct.hours": {"40"}}).want(t, http.StatusSeeOther)
		o.get(person).want(t, http.StatusOK).contains(t, "婴幼儿照护培训", "培训记录")

		// Lifting the ban needs a reason.
		list := r.get("/blacklist").want(t, http.StatusOK)
		lift := regexp.MustCompile(`action="(/blacklist/\d+/lift)"`).FindStringSubmatch(list.Body)
		if lift == nil {
			t.Fatalf("no lift form")
		}
		r.post(lift[1], url.Values{"lift_reason": {""}}).want(t, http.StatusUnprocessableEntity).contains(t, "解除理由")
		r.post(lift[1], url.Values{"lift_reason": {"判决撤销"}}).want(t, http.StatusSeeOther)
		r.get("/blacklist").want(t, http.StatusOK).contains(t, "已解除", "判决撤销")
	})
}

// The home pages: the director's alerts, findings and expiring
// certificates; the caregiver's classes with the live ratio; the
// guardian's children with today and unpaid bills.
func TestOpsHomePages(t *testing.T) {
	eachOpsBackend(t, func(t *testing.T, f *opsFixture) {
		child := f.enrol(t, "张小米", childID2)
		d := f.client()
		d.login("director1")
		// The carer's health certificate (2025-10-20) lapses within 30 days.
		d.get("/").want(t, http.StatusOK).contains(t, "今日提醒", "应到未到", "体温异常", "合规违规项", "30天内到期证书", "王保育", "托小一班")
		c := f.client()
		c.login("carer1")
		c.get("/").want(t, http.StatusOK).contains(t, "我的班级", "托小一班", "在园 0 人 / 保育人员 0 人").lacks(t, "即将上线", "本园其他班级")
		// A class the carer is not assigned to is a link, not a live card.
		other, err := f.svc.CreateClass(f.ctx(), actor(f.director), f.inst.ID, service.ClassInput{Name: "托大二班", Type: domain.ClassToddlerOlder})
		if err != nil {
			t.Fatal(err)
		}
		home := c.get("/").want(t, http.StatusOK).contains(t, "我的班级", "本园其他班级", `<a href="/classes/`+itoa(other.ID)+`/attendance">托大二班</a>`)
		if n := strings.Count(home.Body, `class="live-name"`); n != 1 {
			t.Errorf("the carer's home shows %d live classes, want only their own", n)
		}
		// Unlinked from every class, the carer sees all of them, with a hint.
		f.exec(t, "DELETE FROM class_caregivers WHERE staff_id = ?", f.carerStaff)
		home = c.get("/").want(t, http.StatusOK).contains(t, "各班此刻", "尚未关联到任何班级", "托大二班").lacks(t, "我的班级")
		if n := strings.Count(home.Body, `class="live-name"`); n != 2 {
			t.Errorf("the unassigned carer's home shows %d live classes, want 2", n)
		}

		// A month's bills, then the guardian sees the unpaid one.
		d.post("/institutions/"+itoa(f.inst.ID)+"/fees", url.Values{"care_type": {domain.CareFullDay}, "unit": {domain.FeeMonthly}, "amount": {"2800"}, "effective_from": {"2026-01-01"}}).
			want(t, http.StatusSeeOther)
		d.get("/institutions/"+itoa(f.inst.ID)+"/fees").want(t, http.StatusOK).contains(t, "2800.00 元", "执行中")
		run := d.post("/institutions/"+itoa(f.inst.ID)+"/bills/generate", url.Values{"gen_month": {"2026-09"}}).want(t, http.StatusOK)
		run.contains(t, "账单已生成", "2026-09 账单生成结果", "张小米")
		bill := regexp.MustCompile(`href="/bills/(\d+)"`).FindStringSubmatch(run.Body)
		if bill == nil {
			t.Fatalf("no bill listed")
		}
		d.post("/bills/"+bill[1]+"/payments", url.Values{"amount": {"999999"}, "paid_on": {"2026-09-30"}, "method": {"cash"}}).want(t, http.StatusUnprocessableEntity).
			contains(t, "超过未缴金额")
		g := f.guardianFor(t, d, child, "parent1")
		home = g.get("/").want(t, http.StatusOK).contains(t, "张小米", "未入园", "2026-09 待缴")
		if !strings.Contains(home.Body, `href="/my/bills/`+bill[1]+`"`) {
			t.Errorf("the guardian's home does not link the unpaid bill")
		}
		g.get("/my/bills/"+bill[1]).want(t, http.StatusOK).contains(t, "张小米", "2026-09").lacks(t, "登记缴费")
		d.post("/bills/"+bill[1]+"/payments", url.Values{"amount": {"100"}, "paid_on": {"2026-09-30"}, "method": {"wechat"}}).want(t, http.StatusSeeOther)
		d.get("/bills/"+bill[1]).want(t, http.StatusOK).contains(t, "部分缴费", "微信")
	})
}

// Morning checks and the care log reach the guardian's day; an unpublished
// entry does not until it is published.
func TestOpsChecksAndCareLog(t *testing.T) {
	eachOpsBackend(t, func(t *testing.T, f *opsFixture) {
		child := f.enrol(t, "张小米", childID2)
		d := f.client()
		d.login("director1")
		g := f.guardianFor(t, d, child, "parent1")
		c := f.client()
		c.login("carer1")
		checks := "/classes/" + itoa(f.class.ID) + "/checks"
		c.get(checks).want(t, http.StatusOK).contains(t, "张小米", "未检", "摸：额头（是否发热）")
		bad := c.post(checks+"/"+itoa(child.ID), url.Values{"kind": {"morning"}, "temperature": {"45"}}).want(t, http.StatusUnprocessableEntity)
		bad.contains(t, "体温", "超出合理范围")
		c.post(checks+"/"+itoa(child.ID), url.Values{"kind": {"morning"}, "temperature": {"37.8"}, "abnormal": {"look_throat"}, "action": {"sent_home"}, "note": {"咽部发红"}}).
			want(t, http.StatusSeeOther)
		c.get(checks).want(t, http.StatusOK).contains(t, "37.8℃", "发热", "通知家长接回")
		g.get("/my/children/"+itoa(child.ID)).want(t, http.StatusOK).contains(t, "晨检", "体温 37.8℃", "看：咽部", "通知家长接回")
		g.get("/my/children").want(t, http.StatusOK).contains(t, "请接 张小米 回家", "37.8℃", "发热")

		log := "/classes/" + itoa(f.class.ID) + "/care-log"
		c.get(log).want(t, http.StatusOK).contains(t, "全班", "进餐")
		refused := c.post(log, url.Values{"kind": {"meal"}, "detail.meal": {"lunch"}}).want(t, http.StatusUnprocessableEntity)
		if fieldError(refused.Body, "detail_amount") != "必填" {
			t.Errorf("meal without amount: %q", fieldError(refused.Body, "detail_amount"))
		}
		// The whole class's lunch, published; a note for the child kept back.
		// The child is checked in first: a class entry reaches only the
		// children there at its time.
		c.post("/classes/"+itoa(f.class.ID)+"/attendance/"+itoa(child.ID), url.Values{"action": {"in"}, "date": {f.svc.Today().Format("2006-01-02")}}).
			want(t, http.StatusSeeOther)
		c.post(log, url.Values{"kind": {"meal"}, "detail.meal": {"lunch"}, "detail.amount": {"most"}, "detail.text": {"left over"}, "publish": {"on"}}).want(t, http.StatusSeeOther)
		c.post(log, url.Values{"kind": {"note"}, "child_id": {itoa(child.ID)}, "detail.text": {"今天学会了拍手"}}).want(t, http.StatusSeeOther)
		day := g.get("/my/children/"+itoa(child.ID)).want(t, http.StatusOK).contains(t, "午餐", "吃了大部分").lacks(t, "今天学会了拍手")
		_ = day
		list := c.get(log).want(t, http.StatusOK).contains(t, "今天学会了拍手", "未发布")
		pub := regexp.MustCompile(`action="(/care-logs/\d+/publish)"`).FindStringSubmatch(list.Body)
		if pub == nil {
			t.Fatalf("no publish button")
		}
		c.post(pub[1], nil).want(t, http.StatusSeeOther)
		g.get("/my/children/"+itoa(child.ID)).want(t, http.StatusOK).contains(t, "今天学会了拍手")

		// Consents: the guardian withdraws one given on the form, and gives it again.
		cons := g.get("/my/children/"+itoa(child.ID)+"/consents").want(t, http.StatusOK)
		_ = cons
		g.post("/my/children/"+itoa(child.ID)+"/consents", url.Values{"purpose": {"photos"}}).want(t, http.StatusSeeOther)
		page := g.get("/my/children/"+itoa(child.ID)+"/consents").want(t, http.StatusOK).contains(t, "照片和视频", "有效")
		w := regexp.MustCompile(`action="(/my/consents/\d+/withdraw)"`).FindStringSubmatch(page.Body)
		if w == nil {
			t.Fatalf("no withdraw button")
		}
		g.post(w[1], nil).want(t, http.StatusSeeOther)
		g.get("/my/children/"+itoa(child.ID)+"/consents").want(t, http.StatusOK).contains(t, "已于")
		g.post("/my/children/"+itoa(child.ID)+"/consents", url.Values{"purpose": {""}}).want(t, http.StatusUnprocessableEntity)
	})
}

// The class form refuses a class too large for its type, naming the rule,
// and keeps what was typed; English works too.
func TestOpsClassForm(t *testing.T) {
	eachOpsBackend(t, func(t *testing.T, f *opsFixture) {
		d := f.client()
		d.login("director1")
		form := url.Values{"class.name": {"托大一班"}, "type": {domain.ClassToddlerOlder}, "capacity": {"99"}, "caregiver_ids": {itoa(f.carerStaff)}}
		refused := d.post("/institutions/"+itoa(f.inst.ID)+"/classes", form).want(t, http.StatusUnprocessableEntity)
		// What is wrong and its legal basis, in words; the rule's code only in the API.
		refused.contains(t, "超过20人上限", "依据《托育机构设置标准（试行）》第十九条", "不符合规定").lacks(t, "class.size", "rule:", "[C]")
		if inputValue(refused.Body, "class.name") != "托大一班" {
			t.Errorf("the refused class form lost the name")
		}
		form.Set("capacity", "")
		ok := d.post("/institutions/"+itoa(f.inst.ID)+"/classes", form).want(t, http.StatusSeeOther)
		d.get(ok.Header.Get("Location")).want(t, http.StatusOK).contains(t, "班级已保存", "托大班", "王保育")
		d.get("/lang?to=en&back=/")
		d.get("/institutions/"+itoa(f.inst.ID)+"/classes").want(t, http.StatusOK).contains(t, "Older toddler class", "Classes")
	})
}

// The roster import page previews a file and lists its problems by row.
func TestOpsImportPage(t *testing.T) {
	eachOpsBackend(t, func(t *testing.T, f *opsFixture) {
		d := f.client()
		d.login("director1")
		form := d.get("/institutions/"+itoa(f.inst.ID)+"/imports").want(t, http.StatusOK).contains(t, "批量导入", "/api/v1/imports/templates/children.xlsx")
		_ = form
		tpl := d.get("/api/v1/imports/templates/children.csv").want(t, http.StatusOK)
		header := strings.SplitN(strings.TrimPrefix(tpl.Body, "\ufeff"), "\n", 2)[0]
		cols := len(strings.Split(header, ","))
		row := "测试宝宝" + strings.Repeat(",", cols-1)
		var body strings.Builder
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("roster", "children")
		_ = mw.WriteField("dry_run", "on")
		fw, _ := mw.CreateFormFile("file", "children.csv")
		_, _ = fw.Write([]byte(header + "\n" + row + "\n"))
		_ = mw.Close()
		req, _ := http.NewRequest("POST", d.base+"/institutions/"+itoa(f.inst.ID)+"/imports", strings.NewReader(body.String()))
		req.Header.Set("Content-Type", mw.FormDataContentType())
		res := d.do(req).want(t, http.StatusUnprocessableEntity).contains(t, "预览结果", "共 1 行，0 行无误，已导入 0 行")
		if !regexp.MustCompile(`<td data-label="行">2</td>`).MatchString(res.Body) {
			t.Errorf("the problems of row 2 are not listed")
		}
		if n := f.count(t, "SELECT COUNT(*) FROM children"); n != 0 {
			t.Errorf("a preview wrote %d children", n)
		}
	})
}
