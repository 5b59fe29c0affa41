package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"tuoyu/internal/api"
	"tuoyu/internal/audit"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
	"tuoyu/internal/testkit"
)

// TestAuditFiltersScopeAndExport: the audit list filters by person,
// institution, county, action, dates and reveals; a county regulator sees
// only its county's events whatever the filter asks; the export streams
// the same filtered rows and is itself audited.
func TestAuditFiltersScopeAndExport(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			ctx := context.Background()
			at := func(day, hour int) time.Time { return time.Date(2025, 3, day, hour, 0, 0, 0, service.China) }
			reveal := func(masked, reason string) json.RawMessage {
				raw, _ := json.Marshal(map[string]any{"subject": "child", "subject_id": 7, "masked": masked, "reason": reason})
				return raw
			}
			evs := []domain.AuditEvent{
				{At: at(10, 9), ActorID: e.userID("director1"), ActorName: "director1", Action: string(audit.ChildRevealId), Entity: "child", EntityID: 7,
					RegionCode: "610602", InstitutionID: e.inst["baota"], Detail: reveal("610602********1234", "核对户籍")},
				{At: at(11, 9), ActorID: e.userID("director2"), ActorName: "director2", Action: string(audit.ChildRevealId), Entity: "child", EntityID: 8,
					RegionCode: "610603", InstitutionID: e.inst["ansai"], Detail: reveal("610603********5678", "转学核验")},
				{At: at(12, 23), ActorID: e.userID("director1"), ActorName: "director1", Action: string(audit.BillPayment), Entity: "bill", EntityID: 3,
					RegionCode: "610602", InstitutionID: e.inst["baota"]},
			}
			if err := e.app.DB.Tx(ctx, func(q store.Q) error { return q.AuditMany(ctx, evs) }); err != nil {
				t.Fatal(err)
			}
			list := func(user, query string) api.List[domain.AuditEvent] {
				t.Helper()
				var out api.List[domain.AuditEvent]
				e.do(user, "GET", "/api/v1/audit?per_page=200&"+query, nil, 200, &out)
				return out
			}
			ids := func(l api.List[domain.AuditEvent]) string {
				var s []string
				for _, ev := range l.Items {
					if ev.At.Year() == 2025 {
						s = append(s, ev.ActorName+":"+ev.Action)
					}
				}
				return strings.Join(s, ",")
			}
			cases := []struct{ user, query, want string }{
				{"admin", "reveals=1", "director2:child.reveal_id,director1:child.reveal_id"},
				{"admin", "actor=director2", "director2:child.reveal_id"},
				{"admin", fmt.Sprintf("institution=%d&from=2025-03-01&to=2025-03-31", e.inst["baota"]), "director1:bill.payment,director1:child.reveal_id"},
				{"admin", "region=610603&from=2025-03-01", "director2:child.reveal_id"},
				{"yanan", "region=610602&from=2025-03-01&to=2025-03-31", "director1:bill.payment,director1:child.reveal_id"},
				// the last day is included, in China time (23:00 on the 12th)
				{"admin", "from=2025-03-11&to=2025-03-12", "director1:bill.payment,director2:child.reveal_id"},
				{"admin", "action=bill.payment", "director1:bill.payment"},
				// a county regulator: its county only, whatever it asks
				{"baota", "reveals=1", "director1:child.reveal_id"},
				{"baota", fmt.Sprintf("institution=%d", e.inst["ansai"]), ""},
				{"baota", "actor=director2", ""},
				{"baota", "region=610603", ""},
				{"ansai", "from=2025-03-01&to=2025-03-31", "director2:child.reveal_id"},
			}
			for _, c := range cases {
				if got := ids(list(c.user, c.query)); got != c.want {
					t.Errorf("%s ?%s: %q, want %q", c.user, c.query, got, c.want)
				}
			}
			// The display name and the institution's name come with each event.
			if l := list("admin", "actor=director1&reveals=1"); len(l.Items) != 1 || l.Items[0].InstitutionName != "baota托育中心" {
				t.Errorf("reveal row: %+v", l.Items)
			}
			// Bad filters are refused by field, before anything is read.
			for _, q := range []string{"from=2025-13-01", "to=abc", "institution=x", "region=12", "from=2025-03-12&to=2025-03-11"} {
				e.do("admin", "GET", "/api/v1/audit?"+q, nil, 422, nil)
				if body := e.do("admin", "GET", "/api/v1/audit.xlsx?"+q, nil, 422, nil); !strings.HasPrefix(string(body), `{"error"`) {
					t.Errorf("export with %s: %s", q, body)
				}
			}
			// Those without the permission get nothing.
			e.do("director1", "GET", "/api/v1/audit.xlsx", nil, 403, nil)

			// The export: the same rows, the reveal's masked number and reason,
			// in the county regulator's scope only; and it is audited.
			raw := e.do("baota", "GET", "/api/v1/audit.xlsx?reveals=1", nil, 200, nil)
			sheets, names := expOpen(t, raw)
			rows := sheets[names[0]]
			if len(rows) != 2 || rows[0][0] != "时间" || !strings.Contains(fmt.Sprint(rows[1]), "610602********1234") ||
				!strings.Contains(fmt.Sprint(rows[1]), "核对户籍") || !strings.Contains(fmt.Sprint(rows[1]), "查看完整证件号码") {
				t.Fatalf("baota's export of reveals: %v", rows)
			}
			if strings.Contains(fmt.Sprint(rows), "转学核验") {
				t.Errorf("another county's reveal exported: %v", rows)
			}
			if l := list("admin", "action=audit.export&actor=baota"); len(l.Items) != 1 || l.Items[0].RegionCode != "610602" {
				t.Errorf("the export's own audit: %+v", l.Items)
			}
			raw = e.do("admin", "GET", "/api/v1/audit.xlsx?from=2025-03-01&to=2025-03-31&lang=en", nil, 200, nil)
			sheets, names = expOpen(t, raw)
			if rows := sheets[names[0]]; len(rows) != 4 || rows[0][0] != "Time" || rows[1][2] != "Recorded a payment" {
				t.Errorf("admin's export: %v", rows)
			}
		})
	}
}
