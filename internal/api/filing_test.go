package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
	"tuoyu/internal/testkit"
)

type filingOut struct {
	ID        int64  `json:"id"`
	Status    string `json:"status"`
	DueDate   string `json:"due_date"`
	ReceiptNo string `json:"receipt_no"`
	Version   int    `json:"version"`
	Kind      string `json:"kind"`
	Data      struct {
		LegalRepIDMasked string `json:"legal_rep_id_masked"`
		LegalRepIDEnc    string `json:"legal_rep_id_enc"`
	} `json:"data"`
}

// TestFilingRoundTrip is the end-to-end case: a director files,
// the county reviews within 5 working days, the institution appears in the
// public directory, and each step is audited.
func TestFilingRoundTrip(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			inst := e.inst["baota"]
			var f filingOut
			raw := e.do("director1", "POST", fmt.Sprintf("/api/v1/institutions/%d/filings", inst), filingData(t, "610602", "610602001"), 201, &f)
			if f.Status != "draft" || f.Version != 1 || f.Kind != "initial" {
				t.Fatalf("draft: %s", raw)
			}
			if f.Data.LegalRepIDMasked != "110105********002X" || f.Data.LegalRepIDEnc != "" || strings.Contains(string(raw), "19491231") {
				t.Fatalf("ID number not masked: %s", raw)
			}
			// submitting without materials names each missing one
			var errOut struct {
				Error struct {
					Code   string            `json:"code"`
					Fields map[string]string `json:"fields"`
				} `json:"error"`
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/filings/%d/submit", f.ID), nil, 422, &errOut)
			if errOut.Error.Fields["materials.fire_safety"] != "required" {
				t.Fatalf("missing materials not reported: %+v", errOut)
			}
			// a text file pretending to be a PDF is refused by its content
			e.upload("director1", f.ID, "premises", "fake.pdf", []byte("just text, not a pdf"), 422)
			for _, typ := range domain.RequiredMaterials(domain.FilingData{}) {
				e.upload("director1", f.ID, typ, typ+".pdf", minimalPDF, 201)
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/filings/%d/submit", f.ID), nil, 200, &f)
			// 2026-09-30 + 5 working days: National Day 10-01..10-07 off, Saturday 10-10 a make-up working day.
			if f.Status != "submitted" || f.DueDate != "2026-10-13" {
				t.Fatalf("submitted %+v, want due 2026-10-13", f)
			}
			var work struct {
				Items []filingOut `json:"items"`
				Total int         `json:"total"`
			}
			e.do("baota", "GET", "/api/v1/filings?status=submitted", nil, 200, &work)
			if work.Total != 1 || work.Items[0].ID != f.ID {
				t.Fatalf("worklist: %+v", work)
			}
			e.do("ansai", "GET", "/api/v1/filings?status=submitted", nil, 200, &work)
			if work.Total != 0 {
				t.Fatalf("ansai sees baota's filing: %+v", work)
			}
			e.do("ansai", "POST", fmt.Sprintf("/api/v1/filings/%d/decision", f.ID), map[string]string{"decision": "file"}, 404, nil)
			e.do("director1", "POST", fmt.Sprintf("/api/v1/filings/%d/decision", f.ID), map[string]string{"decision": "file"}, 403, nil)

			// return with a reason per item, correct, resubmit
			e.do("baota", "POST", fmt.Sprintf("/api/v1/filings/%d/decision", f.ID), map[string]any{"decision": "return", "reason": "消防证明过期",
				"item_reasons": map[string]string{"fire_safety": "证明已过期"}}, 200, &f)
			if f.Status != "returned" {
				t.Fatalf("returned: %+v", f)
			}
			var inst1 domain.Institution
			e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d", inst), nil, 200, &inst1)
			if inst1.Status != domain.StatusReturned {
				t.Fatalf("institution status %q", inst1.Status)
			}
			e.upload("director1", f.ID, "fire_safety", "fire-new.pdf", minimalPDF, 201)
			e.do("director1", "POST", fmt.Sprintf("/api/v1/filings/%d/submit", f.ID), nil, 200, &f)
			e.do("baota", "POST", fmt.Sprintf("/api/v1/filings/%d/decision", f.ID), map[string]string{"decision": "file"}, 200, &f)
			if f.Status != "filed" || f.ReceiptNo != "610602-2026-0001" {
				t.Fatalf("filed: %+v", f)
			}
			var pub struct {
				Items []domain.PublicInstitution `json:"items"`
				Total int                        `json:"total"`
			}
			raw = e.do("", "GET", "/api/v1/public/institutions?region=610602&q=小星星", nil, 200, &pub)
			if pub.Total != 1 || pub.Items[0].ReceiptNo != f.ReceiptNo || pub.Items[0].TownshipName != "宝塔山街道" || !pub.Items[0].Puhui {
				t.Fatalf("public directory: %s", raw)
			}
			for _, secret := range []string{"credit_code", "legal_rep", "phone", "13912345678"} {
				if strings.Contains(string(raw), secret) {
					t.Fatalf("public directory leaks %s: %s", secret, raw)
				}
			}
			e.do("", "GET", "/api/v1/public/institutions?care_type=hourly&puhui=true", nil, 200, &pub)
			if pub.Total != 1 {
				t.Fatalf("care type filter: %+v", pub)
			}
			e.do("", "GET", "/api/v1/public/institutions?region=610603", nil, 200, &pub)
			if pub.Total != 0 {
				t.Fatalf("unfiled institutions are public: %+v", pub)
			}

			// audit: submit and decision name the actor and the time
			var audit struct {
				Items []domain.AuditEvent `json:"items"`
			}
			e.do("baota", "GET", fmt.Sprintf("/api/v1/audit?entity=filing&id=%d", f.ID), nil, 200, &audit)
			seen := map[string]string{}
			for _, ev := range audit.Items {
				if ev.At.IsZero() {
					t.Fatalf("audit event without time: %+v", ev)
				}
				seen[ev.Action] = ev.ActorName
			}
			if seen["filing.submit"] != "director1" || seen["filing.file"] != "baota" || seen["filing.return"] != "baota" {
				t.Fatalf("audit actions: %v", seen)
			}
			e.do("ansai", "GET", fmt.Sprintf("/api/v1/audit?entity=filing&id=%d", f.ID), nil, 200, &audit)
			if len(audit.Items) != 0 {
				t.Fatalf("ansai sees baota's audit: %+v", audit.Items)
			}

			// change filing: a new version, the reviewer sees what changed
			d := filingData(t, "610602", "610602001")
			d["places"] = 80
			e.do("director1", "POST", fmt.Sprintf("/api/v1/institutions/%d/filings", inst), d, 201, &f)
			if f.Kind != "change" || f.Version != 2 {
				t.Fatalf("change filing: %+v", f)
			}
			var view struct {
				Changes []domain.Change `json:"changes"`
			}
			e.do("baota", "GET", fmt.Sprintf("/api/v1/filings/%d", f.ID), nil, 200, &view)
			found := false
			for _, c := range view.Changes {
				if c.Field == "places" && c.Old == "60" && c.New == "80" {
					found = true
				}
				if c.Field == "legal_rep_id_masked" {
					t.Fatalf("unchanged ID shown as a change: %+v", view.Changes)
				}
			}
			if !found {
				t.Fatalf("changes: %+v", view.Changes)
			}
			// a second open filing is a conflict
			e.do("director1", "POST", fmt.Sprintf("/api/v1/institutions/%d/filings", inst), d, 409, nil)
		})
	}
}

// TestScope checks the scope rules.
func TestScope(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			var list struct {
				Items []domain.Institution `json:"items"`
				Total int                  `json:"total"`
			}
			e.do("ansai", "GET", "/api/v1/institutions", nil, 200, &list)
			for _, in := range list.Items {
				if strings.HasPrefix(in.RegionCode, "610602") {
					t.Fatalf("ansai lists a 610602 institution: %+v", in)
				}
			}
			if list.Total != 1 {
				t.Fatalf("ansai total %d", list.Total)
			}
			e.do("ansai", "GET", fmt.Sprintf("/api/v1/institutions/%d", e.inst["baota"]), nil, 404, nil)
			e.do("director2", "GET", fmt.Sprintf("/api/v1/institutions/%d", e.inst["baota"]), nil, 404, nil)
			e.do("director2", "GET", fmt.Sprintf("/api/v1/institutions/%d/filings", e.inst["baota"]), nil, 404, nil)
			e.do("director2", "POST", fmt.Sprintf("/api/v1/institutions/%d/filings", e.inst["baota"]), filingData(t, "610602", "610602001"), 404, nil)
			e.do("yanan", "GET", "/api/v1/institutions", nil, 200, &list)
			if list.Total != 2 {
				t.Fatalf("city sees %d", list.Total)
			}
			e.do("", "GET", "/api/v1/institutions", nil, 401, nil)
			e.do("", "GET", "/api/v1/me", nil, 401, nil)
			req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/me", nil)
			req.Header.Set("Authorization", "Bearer not-a-token")
			e.send(req, 401, nil)
		})
	}
}

// TestBadInputChangesNothing: each bad request gets its error and the database is unchanged.
func TestBadInputChangesNothing(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			ctx, sys := t.Context(), authz.System("test")
			count := func() string {
				_, nInst, _ := e.app.Service.Institutions(ctx, sys, domain.InstitutionFilter{}, domain.Page{})
				_, nFiling, _ := e.app.Service.FilingWorklist(ctx, sys, "", domain.Page{})
				_, nAudit, _ := e.app.DB.Read().ListAudit(ctx, sys.Scope(), store.AuditFilter{}, domain.Page{})
				return fmt.Sprint(nInst, nFiling, nAudit)
			}
			e.login("baota") // logging in is itself audited
			before := count()
			bad := map[string]any{"name": "坏机构", "credit_code": "91610602MA6YX1234A", "kind": "centre", "nature": "private",
				"township_code": "610602001", "address": "x", "legal_rep": "x", "person_in_charge": "x", "places": 10}
			var errOut struct {
				Error struct {
					Code   string            `json:"code"`
					Fields map[string]string `json:"fields"`
				} `json:"error"`
			}
			e.do("baota", "POST", "/api/v1/institutions", bad, 422, &errOut)
			if errOut.Error.Code != "invalid" || errOut.Error.Fields["credit_code"] == "" {
				t.Fatalf("invalid credit code: %+v", errOut)
			}
			// a township of another county
			bad["credit_code"] = creditCode(t, "91", "610602", 77)
			bad["township_code"] = "610603001"
			e.do("baota", "POST", "/api/v1/institutions", bad, 422, &errOut)
			if errOut.Error.Fields["township_code"] != "township_not_in_county" && errOut.Error.Fields["region_code"] == "" {
				t.Fatalf("township outside county: %+v", errOut)
			}
			// a credit code already registered is a conflict, on either database
			bad["credit_code"], bad["township_code"] = creditCode(t, "52", "610602", 1000), "610602001"
			e.do("baota", "POST", "/api/v1/institutions", bad, 409, &errOut)
			if errOut.Error.Code != "conflict" || errOut.Error.Fields["credit_code"] != "taken" {
				t.Fatalf("duplicate credit code: %+v", errOut)
			}
			e.do("baota", "POST", "/api/v1/institutions", []byte(`{"name": "x",`), 400, &errOut)
			if errOut.Error.Code != "invalid" {
				t.Fatalf("malformed: %+v", errOut)
			}
			huge := bytes.Repeat([]byte("a"), 2<<20)
			body, _ := json.Marshal(map[string]string{"name": string(huge)})
			e.do("baota", "POST", "/api/v1/institutions", body, 413, &errOut)
			if errOut.Error.Code != "too_large" {
				t.Fatalf("oversized: %+v", errOut)
			}
			if after := count(); after != before {
				t.Fatalf("database changed: %s → %s", before, after)
			}
		})
	}
}
