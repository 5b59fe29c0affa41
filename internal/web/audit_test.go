package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"tuoyu/internal/audit"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

// TestAuditPageFiltersAndReveals: the filter offers every action, grouped
// and in words; the reveals are listed with who, whose (masked), when and
// the reason; a county regulator does not see another county's events,
// not even by asking for them; the export link carries the filter.
func TestAuditPageFiltersAndReveals(t *testing.T) {
	eachBackend(t, func(t *testing.T, f *fixture) {
		ctx := f.ctx()
		detail := func(masked, reason string) json.RawMessage {
			raw, _ := json.Marshal(map[string]any{"subject": "guardian", "subject_id": 3, "masked": masked, "reason": reason})
			return raw
		}
		at := time.Date(2026, 9, 29, 15, 4, 0, 0, service.China)
		evs := []domain.AuditEvent{
			{At: at, ActorID: f.director.ID, ActorName: "director1", Action: string(audit.ChildRevealId), Entity: "child", EntityID: 11,
				RegionCode: baotaCounty, InstitutionID: f.inst.ID, Detail: detail("610602********1234", "核对监护关系")},
			{At: at, ActorName: "other", Action: string(audit.ChildRevealId), Entity: "child", EntityID: 12,
				RegionCode: ansaiCounty, Detail: detail("610603********9999", "安塞的理由")},
		}
		if err := f.app.DB.Tx(ctx, func(q store.Q) error { return q.AuditMany(ctx, evs) }); err != nil {
			t.Fatal(err)
		}
		admin := f.client()
		admin.login("admin1")
		all := admin.get("/audit").want(t, http.StatusOK).
			contains(t, `<optgroup label="账号与登录">`, `<optgroup label="年检、关停、投诉、监控、质量评估">`, "办结投诉", "查看完整证件号码", `name="reveals"`, `name="from"`, `type="date"`)
		if strings.Contains(all.Body, ">complaint.close<") {
			t.Errorf("an action is offered by its code")
		}
		rv := admin.get("/audit?reveals=on").want(t, http.StatusOK).contains(t, "完整证件号码查看记录")
		rv.rows().contains(t, "director1", "监护人", "610602********1234", "核对监护关系", "2026-09-29 15:04", f.inst.Name, "610603********9999").lacks(t, "提交审核")
		if !strings.Contains(rv.Body, `href="/api/v1/audit.xlsx?lang=zh&amp;reveals=on"`) {
			t.Errorf("the export link does not carry the filter")
		}
		admin.get("/audit?from=2026-09-30&to=2026-09-01").want(t, http.StatusUnprocessableEntity)

		baota := f.client()
		baota.login("baota")
		baota.get("/audit?reveals=on").want(t, http.StatusOK).rows().contains(t, "核对监护关系").lacks(t, "安塞的理由", "610603********9999")
		baota.get("/audit?region="+ansaiCounty).want(t, http.StatusOK).rows().lacks(t, "安塞的理由", "提交审核")
		ansai := f.client()
		ansai.login("ansai")
		ansai.get("/audit?institution="+itoa(f.inst.ID)).want(t, http.StatusOK).rows().lacks(t, "核对监护关系", f.inst.Name)

		city := f.client()
		city.login("yanan")
		city.get("/audit?region="+ansaiCounty+"&reveals=on").want(t, http.StatusOK).contains(t, `<option value="`+ansaiCounty+`" selected>`).
			rows().contains(t, "安塞的理由").lacks(t, "核对监护关系")
	})
}
