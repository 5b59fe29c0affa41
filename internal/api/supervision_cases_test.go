package api_test

import (
	"fmt"
	"strings"
	"testing"

	"tuoyu/internal/testkit"
)

func TestSupervisionCasesAPI(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			db := newRawDB(e)
			db.exec("UPDATE institutions SET status = 'filed', receipt_no = 'R1', filed_on = '2024-01-10'")
			baota := e.inst["baota"]

			// A public complaint: receipt, progress with the right phone only.
			var pr struct {
				ReceiptCode string `json:"receipt_code"`
				AnswerDue   string `json:"answer_due"`
			}
			e.do("", "POST", "/api/v1/public/complaints", map[string]any{"institution_id": baota, "category": "health", "text": "午餐变质", "phone": "13912345678"}, 201, &pr)
			if len(pr.ReceiptCode) != 12 || pr.AnswerDue != "2026-10-13" {
				t.Fatalf("receipt %+v", pr)
			}
			right := e.do("", "POST", "/api/v1/public/complaints/progress", map[string]any{"receipt_code": pr.ReceiptCode, "phone": "13912345678"}, 200, nil)
			if !strings.Contains(string(right), "baota托育中心") {
				t.Fatalf("progress: %s", right)
			}
			wrong := e.do("", "POST", "/api/v1/public/complaints/progress", map[string]any{"receipt_code": pr.ReceiptCode, "phone": "13900000000"}, 404, nil)
			unknown := e.do("", "POST", "/api/v1/public/complaints/progress", map[string]any{"receipt_code": "ABCDEFGHJKMN", "phone": "13912345678"}, 404, nil)
			if string(wrong) != string(unknown) {
				t.Fatalf("a wrong phone answers otherwise than an unknown code: %s vs %s", wrong, unknown)
			}
			bad := e.do("", "POST", "/api/v1/public/complaints", map[string]any{"institution_id": baota, "category": "x", "text": "", "phone": "1"}, 422, nil)
			for _, f := range []string{`"category"`, `"text"`, `"phone"`} {
				if !strings.Contains(string(bad), f) {
					t.Errorf("bad input does not name %s: %s", f, bad)
				}
			}
			if n := db.count("SELECT COUNT(*) FROM complaints"); n != 1 {
				t.Fatalf("%d complaints", n)
			}

			// Scope: the other county gets 404; the county sees the complainant; the institution never.
			var list struct {
				Items []struct {
					ID int64 `json:"id"`
				} `json:"items"`
			}
			e.do("baota", "GET", "/api/v1/complaints", nil, 200, &list)
			if len(list.Items) != 1 {
				t.Fatalf("worklist: %+v", list)
			}
			id := list.Items[0].ID
			e.do("ansai", "GET", fmt.Sprintf("/api/v1/complaints/%d", id), nil, 404, nil)
			full := e.do("baota", "GET", fmt.Sprintf("/api/v1/complaints/%d", id), nil, 200, nil)
			if !strings.Contains(string(full), "13912345678") {
				t.Fatalf("the county does not see the complainant: %s", full)
			}
			e.do("director1", "GET", fmt.Sprintf("/api/v1/complaints/%d", id), nil, 403, nil)
			e.do("baota", "POST", fmt.Sprintf("/api/v1/complaints/%d/forward", id), map[string]any{"note": "请说明"}, 200, nil)
			fw := e.do("director1", "GET", "/api/v1/forwarded-complaints", nil, 200, nil)
			if !strings.Contains(string(fw), "午餐变质") || strings.Contains(string(fw), "5678") || strings.Contains(string(fw), pr.ReceiptCode) {
				t.Fatalf("forwarded: %s", fw)
			}
			if fw2 := e.do("director2", "GET", "/api/v1/forwarded-complaints", nil, 200, nil); strings.Contains(string(fw2), "午餐变质") {
				t.Fatalf("another institution sees it: %s", fw2)
			}
			xl := e.do("baota", "GET", "/api/v1/complaints.xlsx", nil, 200, nil)
			if len(xl) < 100 || string(xl[:2]) != "PK" {
				t.Fatalf("export is not a workbook: %d bytes", len(xl))
			}

			// Annual reviews: out of scope is 404, bad input 422.
			e.do("ansai", "POST", fmt.Sprintf("/api/v1/institutions/%d/annual-reviews", baota), map[string]any{"year": 2025, "result": "pass"}, 404, nil)
			e.do("baota", "POST", fmt.Sprintf("/api/v1/institutions/%d/annual-reviews", baota), map[string]any{"year": 2025, "result": "fail"}, 422, nil)
			e.do("baota", "POST", fmt.Sprintf("/api/v1/institutions/%d/annual-reviews", baota), map[string]any{"year": 2024, "result": "fail", "reasons": "无消防验收"}, 201, nil)
			var out struct {
				Proposal *struct {
					ID int64 `json:"id"`
				} `json:"proposal"`
			}
			e.do("baota", "POST", fmt.Sprintf("/api/v1/institutions/%d/annual-reviews", baota), map[string]any{"year": 2025, "result": "fail", "reasons": "仍无消防验收"}, 201, &out)
			if out.Proposal == nil {
				t.Fatal("two failed years raised no proposal")
			}
			e.do("baota", "POST", fmt.Sprintf("/api/v1/closures/%d/decision", out.Proposal.ID), map[string]any{"decision": "close", "reason": "连续两年年审不合格"}, 200, nil)
			notices := e.do("", "GET", "/api/v1/public/notices", nil, 200, nil)
			if !strings.Contains(string(notices), "baota托育中心") {
				t.Fatalf("notices: %s", notices)
			}
			rec := e.do("", "GET", fmt.Sprintf("/api/v1/public/institutions/%d/record", baota), nil, 200, nil)
			if !strings.Contains(string(rec), `"status":"closed"`) || strings.Contains(string(rec), "午餐变质") {
				t.Fatalf("record: %s", rec)
			}
		})
	}
}
