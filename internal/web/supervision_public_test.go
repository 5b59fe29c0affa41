package web_test

import (
	"net/http"
	"testing"

	"tuoyu/internal/supervision"
	"tuoyu/internal/testkit"
)

func TestSupervisionPublicRecordPage(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newSvFixture(t, b)
			n, _ := f.completedInspection(t)
			if _, err := f.app.Supervision.IssueOrder(f.ctx(), actor(f.baota), supervision.NewOrder{FindingIDs: []int64{n.Findings[0].ID}, RequiredEvidence: "照片"}); err != nil {
				t.Fatal(err)
			}
			unfiled := f.institution("宝塔区未备案托育点", creditCodeD)
			public := f.client()
			rec := public.get("/public/institutions/"+itoa(n.InstitutionID)).want(t, http.StatusOK)
			rec.contains(t, n.InstitutionName, "2026-09-30", "0 / 1", `href="/complain?institution=`+itoa(n.InstitutionID)+`"`)
			// No personal data: not the person in charge, the phone, nor the inspectors.
			rec.lacks(t, "13800138000", "李四", "baota")
			public.get("/public/institutions/"+itoa(unfiled.ID)).want(t, http.StatusNotFound)
			public.get("/public/institutions/999999").want(t, http.StatusNotFound)
			public.get("/public").want(t, http.StatusOK).contains(t, `href="/public/institutions/`+itoa(n.InstitutionID)+`"`)
			public.get("/public/notices").want(t, http.StatusOK).contains(t, "目前没有公示中的关闭公告")
		})
	}
}
