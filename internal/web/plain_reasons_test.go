package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tuoyu/internal/service"
)

// The right reason in the right words, through the forms a user fills in
// (issue 9 §3): each refusal says what is wrong, not a neighbouring reason.
func TestFormsGiveTheRightReason(t *testing.T) {
	eachOpsBackend(t, func(t *testing.T, f *opsFixture) {
		d := f.client()
		d.login("director1")
		enrol := "/institutions/" + itoa(f.inst.ID) + "/children"

		// A child over 3 is not a childcare child, whatever the class.
		old := f.enrolForm("李大宝", residentID("61060220220315123"))
		page := d.post(enrol, old).want(t, http.StatusUnprocessableEntity)
		page.contains(t, "超过3周岁，不属于托育服务对象", "依据《托育机构设置标准（试行）》第十九条").lacks(t, "class.age", "rule:")

		// A wrong check character is the one thing to correct: sex and
		// birth date come from the number and are not reported missing.
		bad := f.enrolForm("李小宝", childID1[:17]+"0")
		if childID1[17] == '0' {
			bad.Set("child.cert_number", childID1[:17]+"1")
		}
		page = d.post(enrol, bad).want(t, http.StatusUnprocessableEntity)
		if got := fieldError(page.Body, "child_cert_number"); got != "校验位不正确" {
			t.Errorf("ID number: %q", got)
		}
		for _, field := range []string{"child_sex", "child_birth_date"} {
			if got := fieldError(page.Body, field); got != "" {
				t.Errorf("%s reported as %q beside a wrong check character", field, got)
			}
		}

		// A negative fee is negative; nothing chosen is required; a name
		// over its limit is an error at the field, not a bare error page.
		neg := f.enrolForm("李小宝", childID1)
		neg.Set("fee", "-100")
		neg.Set("care_type", "")
		neg.Set("child.name", strings.Repeat("李", 51))
		page = d.post(enrol, neg).want(t, http.StatusUnprocessableEntity)
		for field, want := range map[string]string{"fee": "不能为负数", "care_type": "必填", "child_name": "太长"} {
			if got := fieldError(page.Body, field); got != want {
				t.Errorf("%s: %q, want %q", field, got, want)
			}
		}

		// A temperature typed with a comma is malformed, not missing; the
		// input is text, so the browser sends what was typed.
		child := f.enrol(t, "张小米", childID2)
		c := f.client()
		c.login("carer1")
		checks := "/classes/" + itoa(f.class.ID) + "/checks"
		c.get(checks).want(t, http.StatusOK).lacks(t, `type="number"`)
		page = c.post(checks+"/"+itoa(child.ID), url.Values{"kind": {"morning"}, "temperature": {"37,5"}}).want(t, http.StatusUnprocessableEntity)
		page.contains(t, "格式不对（例如 37.5）").lacks(t, "必填")

		// A certificate named as its kind is named once.
		if _, err := f.svc.AddStaffCertificate(f.ctx(), actor(f.director), f.carerStaff,
			service.NewCertificate{Kind: "health", Name: "健康合格证明", IssuedOn: "2026-03-01"}); err != nil {
			t.Fatal(err)
		}
		d.get("/staff/"+itoa(f.carerStaff)).want(t, http.StatusOK).contains(t, "健康合格证明").lacks(t, "健康合格证明 · 健康合格证明")

		// The compliance page: each finding with its legal basis, in words,
		// in either language; no rule code, source tag or English subject.
		compliance := "/institutions/" + itoa(f.inst.ID) + "/compliance"
		d.get(compliance).want(t, http.StatusOK).contains(t, "依据《", "请").
			lacks(t, "staff.", "class.", "[C]", "[S]", "domain-reference", ">institution<", ">premises<")
		en := f.client()
		en.login("director1")
		en.get("/lang?to=en&back=/")
		en.get(compliance).want(t, http.StatusOK).contains(t, "Under ").lacks(t, "依据", "staff.", "[C]")
	})
}

// The registration form shows all its problems at once: the form's own
// (a number that is not one, passwords that differ) with the service's
// (nothing chosen, a negative fee, a bad credit code).
func TestRegistrationShowsEveryProblem(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		v := url.Values{"institution.name": {"安塞区向阳托育中心"}, "institution.credit_code": {"91110000600037341N"}, "institution.kind": {""},
			"institution.nature": {"private"}, "institution.township_code": {"610603001"}, "institution.address": {"安塞区真武洞街道1号"},
			"institution.phone": {"13900139000"}, "institution.legal_rep": {"刘一"}, "institution.person_in_charge": {"陈二"},
			"institution.places": {"四十"}, "institution.care_full_day": {"on"}, "institution.fee_full_day": {"-5"},
			"username": {"xiangyang"}, "display_name": {"陈二"}, "password": {"long-enough-pw"}, "password_confirm": {"different-pw-1"}}
		page := f.client().post("/register", v).want(t, http.StatusUnprocessableEntity)
		for field, want := range map[string]string{
			"password_confirm":         "两次输入的密码不一致",
			"institution_places":       "格式不对，应为整数（例如 40）",
			"institution_kind":         "必填",
			"institution_fee_full_day": "不能为负数",
			"institution_credit_code":  "校验位不正确",
		} {
			if got := fieldError(page.Body, field); got != want {
				t.Errorf("%s: %q, want %q", field, got, want)
			}
		}
		page.lacks(t, "不是允许的值")
	})
}
