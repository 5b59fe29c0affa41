package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestOpsHouseholdRegionByName: the enrolment and edit forms pick the
// household region from named choices (the province's counties by city,
// other provinces) and the child's page shows the name, not the code.
func TestOpsHouseholdRegionByName(t *testing.T) {
	eachOpsBackend(t, func(t *testing.T, f *opsFixture) {
		d := f.client()
		d.login("director1")
		form := d.get("/institutions/"+itoa(f.inst.ID)+"/children/new").want(t, http.StatusOK)
		form.contains(t, `<select id="f-child_household_region" name="child.household_region"`, `<optgroup label="延安市">`, `<option value="610602">宝塔区</option>`,
			`<optgroup label="其他省份">`, `<option value="110000">北京市</option>`).lacks(t, `name="child.household_region" value=`)
		v := f.enrolForm("李小宝", childID1)
		v.Set("child.household_region", "610602")
		ok := d.post("/institutions/"+itoa(f.inst.ID)+"/children", v).want(t, http.StatusSeeOther)
		m := regexp.MustCompile(`^/children/(\d+)`).FindStringSubmatch(ok.Header.Get("Location"))
		if m == nil {
			t.Fatalf("after enrolling: %q", ok.Header.Get("Location"))
		}
		page := d.get("/children/"+m[1]).want(t, http.StatusOK).contains(t, "<dd>宝塔区</dd>", `<option value="610602" selected>宝塔区</option>`)
		if strings.Contains(page.Body, "<dd>610602</dd>") {
			t.Errorf("the household region is shown as a code")
		}
		// A county of another province keeps its name on the edit form.
		f.exec(t, "UPDATE children SET household_region = '110105' WHERE id = ?", m[1])
		d.get("/children/"+m[1]).want(t, http.StatusOK).contains(t, "<dd>朝阳区</dd>", `<optgroup label="当前"><option value="110105" selected>朝阳区</option>`)
		// An unknown code is refused at the field.
		v2 := f.enrolForm("张小米", childID2)
		v2.Set("child.household_region", "999999")
		d.post("/institutions/"+itoa(f.inst.ID)+"/children", v2).want(t, http.StatusUnprocessableEntity)
	})
}
