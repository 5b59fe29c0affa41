package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"testing"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/supervision"
	"tuoyu/internal/testkit"
)

func (e *env) uploadTo(user, path string, fields map[string]string, name string, content []byte, want int, out any) []byte {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(content)
	w.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.login(user))
	return e.send(req, want, out)
}

// TestSupervisionLoop walks the loop through the API: a random draw, the
// inspection item by item, a failed veto item, the order, evidence rejected
// once and then accepted, and a decision on the closed order refused.
func TestSupervisionLoop(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			newRawDB(e).exec("UPDATE institutions SET status = ? WHERE id = ?", domain.StatusFiled, e.inst["baota"])
			second, err := e.app.Service.AddUser(context.Background(), authz.System("test"), service.NewUser{Username: "baota2", Password: password, Role: domain.RoleCountyRegulator, RegionCode: "610602"})
			if err != nil {
				t.Fatal(err)
			}
			var me domain.User
			e.do("baota", "GET", "/api/v1/me", nil, 200, &me)
			var fire domain.User
			e.do("fire", "GET", "/api/v1/me", nil, 200, &fire)
			if fire.Department != string(authz.DutyEmergency) {
				t.Fatalf("the partner's department: %+v", fire)
			}
			var templates []supervision.Template
			e.do("baota", "GET", "/api/v1/supervision/templates", nil, 200, &templates)
			var annual supervision.Template
			for _, tp := range templates {
				if tp.Kind == supervision.KindAnnual {
					annual = tp
				}
			}
			plan := map[string]any{"name": "2026年度双随机抽查", "kind": "annual", "template_id": annual.ID, "period_start": "2026-09-30", "period_end": "2026-10-30",
				"method": "draw", "draw_count": 1, "pool": []int64{me.ID, second.ID}, "inspectors_each": 2, "seed": 7}
			// 应急管理 may not plan an annual review; a pool of one is refused by field.
			e.do("fire", "POST", "/api/v1/supervision/plans", plan, 403, nil)
			plan["pool"] = []int64{me.ID}
			if body := e.do("baota", "POST", "/api/v1/supervision/plans", plan, 422, nil); !bytes.Contains(body, []byte(`"pool"`)) {
				t.Fatalf("pool error: %s", body)
			}
			plan["pool"] = []int64{me.ID, second.ID}
			var p supervision.Plan
			e.do("baota", "POST", "/api/v1/supervision/plans", plan, 201, &p)
			if p.Seed != "7" || len(p.Inspections) != 1 || !p.Published {
				t.Fatalf("plan: %+v", p)
			}
			// The started plan is public (双随机一公开) without a login, with its seed
			// and the drawn institution; not the pool.
			var pub struct {
				Items []supervision.PublicPlan `json:"items"`
				Total int                      `json:"total"`
			}
			e.do("", "GET", "/api/v1/public/plans?region=610602", nil, 200, &pub)
			if pub.Total != 1 || pub.Items[0].Seed != "7" || len(pub.Items[0].Targets) != 1 || pub.Items[0].Targets[0].InstitutionID != e.inst["baota"] {
				t.Fatalf("public plans: %+v", pub)
			}
			if body := e.do("", "GET", "/api/v1/public/plans", nil, 200, nil); bytes.Contains(body, []byte(`"pool"`)) {
				t.Fatalf("the pool is public: %s", body)
			}
			e.do("", "GET", "/api/v1/public/plans?institution=x", nil, 422, nil)
			id := p.Inspections[0].ID
			path := fmt.Sprintf("/api/v1/supervision/inspections/%d", id)
			// The institution sees its inspection, never the plan; others see nothing.
			e.do("director1", "GET", path, nil, 200, nil)
			e.do("director1", "GET", fmt.Sprintf("/api/v1/supervision/plans/%d", p.ID), nil, 403, nil)
			for _, u := range []string{"director2", "ansai", "fire"} {
				e.do(u, "GET", path, nil, 404, nil)
			}

			if body := e.do("baota", "PUT", path+"/items", map[string]any{"item_code": "ZZ99", "outcome": "pass"}, 422, nil); !bytes.Contains(body, []byte("unknown_item")) {
				t.Fatalf("unknown item: %s", body)
			}
			for _, it := range annual.Items {
				outcome := "pass"
				if it.Code == "AN10" {
					outcome = "fail"
				}
				e.do("baota", "PUT", path+"/items", map[string]any{"item_code": it.Code, "outcome": outcome, "note": "现场"}, 200, nil)
			}
			var img bytes.Buffer
			png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 2, 2)))
			e.uploadTo("baota", path+"/photos", map[string]string{"item_code": "AN10"}, "x.png", minimalPDF, 422, nil)
			var photo struct{ ID int64 }
			e.uploadTo("baota", path+"/photos", map[string]string{"item_code": "AN10"}, "监控.png", img.Bytes(), 201, &photo)
			e.do("director1", "GET", fmt.Sprintf("/api/v1/supervision/files/%d", photo.ID), nil, 200, nil)
			e.do("director2", "GET", fmt.Sprintf("/api/v1/supervision/files/%d", photo.ID), nil, 404, nil)
			var done supervision.Inspection
			e.do("baota2", "POST", path+"/complete", map[string]any{"refused": true, "refusal_note": "负责人拒绝签字", "latitude": 36.6, "longitude": 109.5}, 200, &done)
			if done.Result != supervision.ResultFail || len(done.Findings) != 1 || !done.Refused {
				t.Fatalf("completed: %+v", done)
			}

			var o supervision.Order
			e.do("baota", "POST", "/api/v1/supervision/orders", map[string]any{"finding_ids": []int64{done.Findings[0].ID}, "due_on": "2026-09-29", "required_evidence": "x"}, 422, nil)
			e.do("baota", "POST", "/api/v1/supervision/orders", map[string]any{"finding_ids": []int64{done.Findings[0].ID}, "required_evidence": "录像保存设置截图"}, 201, &o)
			opath := fmt.Sprintf("/api/v1/supervision/orders/%d", o.ID)
			var mine struct {
				Items []supervision.Order
				Total int
			}
			e.do("director1", "GET", "/api/v1/supervision/orders", nil, 200, &mine)
			if mine.Total != 1 || mine.Items[0].DueOn.String() != "2026-10-13" {
				t.Fatalf("director's orders: %+v", mine)
			}
			e.do("director2", "GET", opath, nil, 404, nil)
			e.uploadTo("director1", opath+"/evidence", nil, "整改.pdf", minimalPDF, 201, nil)
			e.do("director1", "POST", opath+"/submit", map[string]any{"explanation": "已设置保存90日"}, 200, nil)
			e.do("baota", "POST", opath+"/decision", map[string]any{"decision": "reject", "reason": "截图不清晰"}, 200, &o)
			if o.Status != supervision.OrderReturned {
				t.Fatalf("after reject: %s", o.Status)
			}
			e.uploadTo("director1", opath+"/evidence", nil, "整改2.png", img.Bytes(), 201, nil)
			e.do("director1", "POST", opath+"/submit", map[string]any{"explanation": "重新截图"}, 200, nil)
			e.do("baota", "POST", opath+"/decision", map[string]any{"decision": "accept"}, 200, &o)
			if o.Status != supervision.OrderClosed {
				t.Fatalf("after accept: %s", o.Status)
			}
			body := e.do("baota", "POST", opath+"/decision", map[string]any{"decision": "reject", "reason": "再查"}, 409, nil)
			var eb struct {
				Error struct{ Fields map[string]string }
			}
			json.Unmarshal(body, &eb)
			if eb.Error.Fields["decision"] != "order_closed" {
				t.Fatalf("closed order: %s", body)
			}
			e.do("baota", "GET", opath, nil, 200, &o)
			if o.Status != supervision.OrderClosed || len(o.Events) != 5 {
				t.Fatalf("the closed order changed: %+v", o)
			}
		})
	}
}
