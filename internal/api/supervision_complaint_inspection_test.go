package api_test

import (
	"context"
	"fmt"
	"testing"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/testkit"
)

// POST /api/v1/complaints/{id}/inspections starts a special inspection of
// the complaint's institution with the complaint as its origin.
func TestComplaintInspectionAPI(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			db := newRawDB(e)
			db.exec("UPDATE institutions SET status = 'filed', receipt_no = 'R1', filed_on = '2024-01-10'")
			second, err := e.app.Service.AddUser(context.Background(), authz.System("test"), service.NewUser{Username: "baota2", DisplayName: "二号", Password: password,
				Role: domain.RoleCountyRegulator, RegionCode: "610602"})
			if err != nil {
				t.Fatal(err)
			}
			first := db.count("SELECT id FROM users WHERE username = 'baota'")
			var c struct {
				ID int64 `json:"id"`
			}
			e.do("baota", "POST", "/api/v1/complaints", map[string]any{"work_order_no": "YA1", "institution_id": e.inst["baota"], "category": "safety", "text": "门禁无人", "phone": "13700000001"}, 201, &c)
			path := fmt.Sprintf("/api/v1/complaints/%d/inspections", c.ID)
			e.do("baota", "POST", path, map[string]any{"inspectors": []int64{int64(first)}, "due_by": "2026-10-20"}, 422, nil)
			e.do("baota", "POST", path, map[string]any{"inspectors": []int64{int64(first), second.ID}, "due_by": "2026-09-01"}, 422, nil)
			e.do("ansai", "POST", path, map[string]any{"inspectors": []int64{int64(first), second.ID}, "due_by": "2026-10-20"}, 404, nil)
			if n := db.count("SELECT COUNT(*) FROM sv_inspections"); n != 0 {
				t.Fatalf("refused requests started %d inspections", n)
			}
			var in struct {
				ID        int64  `json:"id"`
				Kind      string `json:"kind"`
				Origin    string `json:"origin"`
				OriginRef string `json:"origin_ref"`
			}
			e.do("baota", "POST", path, map[string]any{"inspectors": []int64{int64(first), second.ID}, "due_by": "2026-10-20"}, 201, &in)
			if in.Kind != "special" || in.Origin != "complaint" || in.OriginRef != fmt.Sprint(c.ID) {
				t.Fatalf("inspection: %+v", in)
			}
			var list struct {
				Items []struct {
					ID int64 `json:"id"`
				} `json:"items"`
			}
			e.do("baota", "GET", fmt.Sprintf("/api/v1/supervision/inspections?complaint=%d", c.ID), nil, 200, &list)
			if len(list.Items) != 1 || list.Items[0].ID != in.ID {
				t.Fatalf("inspections of the complaint: %+v", list)
			}
			e.do("baota", "GET", fmt.Sprintf("/api/v1/complaints/%d/footage-requests", c.ID), nil, 200, nil)
			var rs []struct {
				Name  string `json:"name"`
				Value int    `json:"value"`
			}
			e.do("baota", "GET", "/api/v1/supervision/settings", nil, 200, &rs)
			if len(rs) != 3 || rs[0].Value != 15 {
				t.Fatalf("settings: %+v", rs)
			}
		})
	}
}
