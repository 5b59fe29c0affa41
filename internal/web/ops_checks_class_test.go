package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"tuoyu/internal/domain"
	"tuoyu/internal/service"
)

// TestOpsChecksWholeClass: the checks page lists the class with everyone
// normal, each child's allergies on the card; the caregiver changes only
// the child with findings and saves the whole class in one request. A bad
// row refuses the whole class (nothing saved) and is marked; a child of
// another class is not found.
func TestOpsChecksWholeClass(t *testing.T) {
	eachOpsBackend(t, func(t *testing.T, f *opsFixture) {
		a := f.enrol(t, "张小米", childID2)
		res, err := f.svc.Enrol(f.ctx(), actor(f.director), f.inst.ID, service.Enrolment{
			Child: service.ChildInput{Name: "李小宝", CertNumber: childID1, Allergies: "花生、牛奶"}, ClassID: f.class.ID, CareType: domain.CareFullDay, StartDate: "2026-09-01",
			Guardians: []service.PersonInput{{Name: "李妈妈", Relation: domain.RelationMother, Phone: "13500135001"}}})
		if err != nil {
			t.Fatal(err)
		}
		b := res.Child
		c := f.client()
		c.login("carer1")
		checks := "/classes/" + itoa(f.class.ID) + "/checks"
		page := c.get(checks).want(t, http.StatusOK).contains(t, "张小米", "李小宝", "过敏：花生、牛奶", "保存全班检查", `name="default_temperature"`, `value="36.5"`)
		for _, id := range []int64{a.ID, b.ID} {
			page.contains(t, `name="include" value="`+itoa(id)+`" checked`)
		}
		count := func() int {
			return f.count(t, "SELECT COUNT(*) FROM health_checks WHERE institution_id = ?", f.inst.ID)
		}
		form := url.Values{"kind": {"morning"}, "default_temperature": {"36.6"}, "include": {itoa(a.ID), itoa(b.ID)},
			"t." + itoa(b.ID): {"45"}, "ab." + itoa(b.ID): {"look_throat"}, "act." + itoa(b.ID): {"sent_home"}}
		bad := c.post(checks, form).want(t, http.StatusUnprocessableEntity).contains(t, "有幼儿的检查需要更正", "超出合理范围")
		bad.contains(t, `id="child-`+itoa(b.ID)+`"`)
		if n := count(); n != 0 {
			t.Fatalf("a refused class saved %d checks", n)
		}
		// Not the class's child: not found, nothing saved.
		other := url.Values{"kind": {"morning"}, "default_temperature": {"36.6"}, "include": {itoa(a.ID), "999999"}}
		c.post(checks, other).want(t, http.StatusNotFound)
		c.post(checks, url.Values{"kind": {"morning"}}).want(t, http.StatusUnprocessableEntity).contains(t, "没有勾选任何幼儿")
		if n := count(); n != 0 {
			t.Fatalf("%d checks saved by refused requests", n)
		}

		form.Set("t."+itoa(b.ID), "37.9")
		before := f.count(t, "SELECT COUNT(*) FROM audit_events WHERE action = 'health_check.record'")
		c.post(checks, form).want(t, http.StatusSeeOther)
		if n := count(); n != 2 {
			t.Fatalf("%d checks saved, want the whole class (2)", n)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM audit_events WHERE action = 'health_check.record'"); n != before+2 {
			t.Errorf("%d check audits, want 2", n-before)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM health_checks WHERE child_id = ? AND ABS(temperature - 36.6) < 0.01 AND flagged = ?", a.ID, false); n != 1 {
			t.Errorf("the unchanged child is not recorded normal at the default temperature")
		}
		c.get(checks+"?msg=checks_saved").want(t, http.StatusOK).contains(t, "全班的检查已保存", "36.6℃", "37.9℃", "发热")
	})
}
