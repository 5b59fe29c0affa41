package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"tuoyu/internal/domain"
	"tuoyu/internal/supervision"
	"tuoyu/internal/testkit"
)

// A complaint starts a special inspection and a footage request; each
// links to the other.
func TestSupervisionComplaintLinks(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newSvFixture(t, b)
			c, err := f.app.Supervision.EnterHotlineComplaint(f.ctx(), actor(f.baota), supervision.NewComplaint{WorkOrderNo: "YA20260930009",
				InstitutionID: f.inst.ID, Category: "safety", Text: "午睡室无人看护", Phone: "13700000002"})
			if err != nil {
				t.Fatal(err)
			}
			path := "/supervision/complaints/" + itoa(c.ID)
			baota := f.client()
			baota.login("baota")
			baota.get(path).want(t, http.StatusOK).contains(t, `id="sv-complaint-inspection"`, `id="sv-complaint-footage"`, "尚未启动专项检查")

			// Bad input: one inspector, a date in the past; nothing is started.
			p := baota.post(path+"/inspection", url.Values{"inspectors": {itoa(f.baota.ID)}, "due_by": {"2026-09-01"}}).want(t, http.StatusUnprocessableEntity)
			if fieldError(p.Body, "inspectors") == "" || fieldError(p.Body, "due_by") == "" {
				t.Fatalf("errors not named: %s", excerpt(p.Body))
			}
			baota.post(path+"/inspection", url.Values{"inspectors": {itoa(f.baota.ID), itoa(f.inspector2.ID)}, "due_by": {"x"}}).want(t, http.StatusUnprocessableEntity)
			if list, _, _ := f.app.Supervision.Inspections(f.ctx(), actor(f.baota), supervision.InspectionFilter{ComplaintID: c.ID}, domain.Page{Page: 1, PerPage: 20}); len(list) != 0 {
				t.Fatalf("a refused form started an inspection: %+v", list)
			}
			baota.post(path+"/inspection", url.Values{"inspectors": {itoa(f.baota.ID), itoa(f.inspector2.ID)}, "due_by": {"2026-10-20"}}).want(t, http.StatusSeeOther)
			list, _, err := f.app.Supervision.Inspections(f.ctx(), actor(f.baota), supervision.InspectionFilter{ComplaintID: c.ID}, domain.Page{Page: 1, PerPage: 20})
			if err != nil || len(list) != 1 || list[0].Kind != supervision.KindSpecial || list[0].InstitutionID != f.inst.ID {
				t.Fatalf("inspection from the complaint: %+v %v", list, err)
			}
			in := "/supervision/inspections/" + itoa(list[0].ID)
			baota.get(path+"?msg=sv_complaint_inspection").want(t, http.StatusOK).contains(t, "专项检查已启动", `href="`+in+`"`)
			baota.get(in).want(t, http.StatusOK).contains(t, `id="sv-origin"`, `href="`+path+`"`)

			// Footage: bad times are named; then the request is tied to the complaint.
			p = baota.post(path+"/footage", url.Values{"from": {"2026-09-29T12:00"}, "to": {"2026-09-29T11:00"}, "reason": {""}}).want(t, http.StatusUnprocessableEntity)
			if fieldError(p.Body, "to") == "" || fieldError(p.Body, "reason") == "" {
				t.Fatalf("errors not named: %s", excerpt(p.Body))
			}
			baota.post(path+"/footage", url.Values{"from": {"2026-09-29T12:00"}, "to": {"2026-09-29T14:30"}, "reason": {"核实午睡时段看护情况"}}).want(t, http.StatusSeeOther)
			fr, err := f.app.Supervision.ComplaintFootage(f.ctx(), actor(f.baota), c.ID)
			if err != nil || len(fr) != 1 || fr[0].InstitutionID != f.inst.ID {
				t.Fatalf("footage request: %+v %v", fr, err)
			}
			baota.get(path).want(t, http.StatusOK).contains(t, "核实午睡时段看护情况")
			cctv := "/institutions/" + itoa(f.inst.ID) + "/cctv"
			baota.get(cctv).want(t, http.StatusOK).contains(t, `href="`+path+`"`)
			// The director sees the request and the inspection, never the complaint's page.
			dir := f.client()
			dir.login("director1")
			dir.get(cctv).want(t, http.StatusOK).contains(t, "核实午睡时段看护情况").lacks(t, `href="`+path+`"`, "13700000002")
			dir.post(path+"/footage", url.Values{}).want(t, http.StatusForbidden)
			// Another county reaches neither.
			ansai := f.client()
			ansai.login("ansai")
			ansai.post(path+"/inspection", url.Values{"inspectors": {itoa(f.ansai.ID)}, "due_by": {"2026-10-20"}}).want(t, http.StatusNotFound)
			ansai.post(path+"/footage", url.Values{"from": {"2026-09-29T12:00"}, "to": {"2026-09-29T14:30"}, "reason": {"x"}}).want(t, http.StatusNotFound)
		})
	}
}
