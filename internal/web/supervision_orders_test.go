package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tuoyu/internal/civil"
	"tuoyu/internal/supervision"
	"tuoyu/internal/testkit"
)

// completedInspection draws one institution and carries out its annual
// inspection through the service, the first item failed.
func (f *svFixture) completedInspection(t *testing.T) (supervision.Inspection, supervision.Item) {
	t.Helper()
	tpl := f.annualTemplate(t)
	sv, a := f.app.Supervision, actor(f.baota)
	pl, err := sv.CreatePlan(f.ctx(), a, supervision.NewPlan{Name: "抽查", Kind: supervision.KindAnnual, TemplateID: tpl.ID, PeriodStart: civil.New(2026, 9, 30),
		PeriodEnd: civil.New(2026, 10, 30), Method: supervision.MethodDraw, DrawCount: 1, Pool: []int64{f.baota.ID, f.inspector2.ID}, InspectorsEach: 2, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	n := pl.Inspections[0]
	inst, err := f.svc.Institution(f.ctx(), a, n.InstitutionID)
	if err != nil {
		t.Fatal(err)
	}
	var failed supervision.Item
	for _, it := range tpl.Items {
		if !it.AppliesTo(inst.Kind) {
			continue
		}
		outcome := supervision.OutcomePass
		if failed.Code == "" {
			failed, outcome = it, supervision.OutcomeFail
			if _, err := sv.AddPhoto(f.ctx(), a, n.ID, it.Code, "p.png", pngScan()); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := sv.SaveItem(f.ctx(), a, n.ID, supervision.ItemSave{ItemCode: it.Code, Outcome: outcome}); err != nil {
			t.Fatal(err)
		}
	}
	done, err := sv.CompleteInspection(f.ctx(), a, n.ID, supervision.Completion{Representative: "李四"})
	if err != nil {
		t.Fatal(err)
	}
	return done, failed
}

func TestSupervisionOrderPages(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newSvFixture(t, b)
			n, failed := f.completedInspection(t)
			baota := f.client()
			baota.login("baota")
			ipath := "/supervision/inspections/" + itoa(n.ID)
			baota.get(ipath).want(t, http.StatusOK).contains(t, `id="sv-issue"`, failed.TextZh)
			// No finding chosen: refused at the field on the inspection page.
			baota.post("/supervision/orders", url.Values{"inspection": {itoa(n.ID)}}).want(t, http.StatusUnprocessableEntity).contains(t, "整改的问题")
			issued := baota.post("/supervision/orders", url.Values{"inspection": {itoa(n.ID)}, "finding_ids": {itoa(n.Findings[0].ID)},
				"required_evidence": {"整改后照片"}}).want(t, http.StatusSeeOther)
			opath := strings.Split(issued.Header.Get("Location"), "?")[0]
			baota.get(opath).want(t, http.StatusOK).contains(t, "待整改", failed.TextZh, "整改后照片").lacks(t, `action="`+opath+`/submit"`)
			baota.get("/supervision/orders?status=open").want(t, http.StatusOK).contains(t, n.InstitutionName)
			baota.get("/supervision/orders?status=bogus").want(t, http.StatusUnprocessableEntity)
			if x := baota.get("/supervision/orders.xlsx?status=open").want(t, http.StatusOK); !strings.HasPrefix(x.Body, "PK") {
				t.Fatal("orders export is not a workbook")
			}

			drawnDirector, otherDirector := "director1", "director2"
			if n.InstitutionID == f.other.ID {
				drawnDirector, otherDirector = otherDirector, drawnDirector
			}
			dir := f.client()
			dir.login(drawnDirector)
			dir.get("/").want(t, http.StatusOK).contains(t, `id="sv-orders-open"`, "待整改事项")
			dir.get(opath).want(t, http.StatusOK).contains(t, `action="`+opath+`/submit"`).lacks(t, `id="sv-decide"`)
			other := f.client()
			other.login(otherDirector)
			other.get(opath).want(t, http.StatusNotFound)
			other.get("/supervision/orders").want(t, http.StatusOK).lacks(t, n.InstitutionName)

			// Evidence: a text file is refused, a PDF kept; then submitted.
			dir.upload(opath+"/evidence", "", "note.txt", []byte("just text, not a photo")).want(t, http.StatusUnprocessableEntity).contains(t, "只接受 JPEG、PNG 照片或 PDF 文件")
			dir.upload(opath+"/evidence", "", "rectified.pdf", pdfScan()).want(t, http.StatusSeeOther)
			page := dir.get(opath).contains(t, "rectified.pdf")
			file := regexpFind(page.Body, `/supervision/order-files/(\d+)`)
			dir.get("/supervision/order-files/"+file).want(t, http.StatusOK)
			other.get("/supervision/order-files/"+file).want(t, http.StatusNotFound)
			dir.post(opath+"/submit", url.Values{"explanation": {"已补齐消毒记录"}}).want(t, http.StatusSeeOther)
			// The director may not decide.
			dir.post(opath+"/decision", url.Values{"decision": {"accept"}}).want(t, http.StatusForbidden)

			// Rejected once with a reason, resubmitted, then accepted.
			baota.get(opath).contains(t, `id="sv-decide"`, "已补齐消毒记录")
			baota.post(opath+"/decision", url.Values{"decision": {"reject"}}).want(t, http.StatusUnprocessableEntity).contains(t, "理由")
			baota.post(opath+"/decision", url.Values{"decision": {"reject"}, "reason": {"照片看不清"}}).want(t, http.StatusSeeOther)
			dir.get(opath).contains(t, "已退回，重新整改", "照片看不清")
			dir.post(opath+"/submit", url.Values{"explanation": {"重新拍摄"}}).want(t, http.StatusSeeOther)
			baota.post(opath+"/decision", url.Values{"decision": {"accept"}}).want(t, http.StatusSeeOther)
			baota.get(opath).contains(t, "已销号", "审核不通过，退回", "审核通过，销号")
			// A decision on a closed order is a conflict and changes nothing.
			baota.post(opath+"/decision", url.Values{"decision": {"reject"}, "reason": {"再看看"}}).want(t, http.StatusConflict)
			baota.get(opath).contains(t, "已销号").lacks(t, "再看看")
			baota.get("/supervision/findings").contains(t, "已下达整改")
		})
	}
}
