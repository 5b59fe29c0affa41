package api_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"tuoyu/internal/domain"
	"tuoyu/internal/testkit"
)

type materialOut struct {
	ID               int64  `json:"id"`
	Type             string `json:"type"`
	InheritedFrom    int64  `json:"inherited_from"`
	InheritedVersion int    `json:"inherited_version"`
}

type filingDetailOut struct {
	filingOut
	Materials        []materialOut `json:"materials"`
	MissingMaterials []string      `json:"missing_materials"`
	Timeline         []struct {
		Action string `json:"action"`
		Actor  string `json:"actor"`
		Person string `json:"person"`
	} `json:"timeline"`
}

// replace sends a new file in place of a material.
func (e *env) replace(user string, filingID, materialID int64, name string, content []byte, want int, out any) []byte {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(content)
	w.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/filings/%d/materials/%d/replace", e.srv.URL, filingID, materialID), &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.login(user))
	return e.send(req, want, out)
}

// fileBaota files a first filing of Baota's institution through the API.
func (e *env) fileBaota(t *testing.T) filingOut {
	inst := e.inst["baota"]
	var f filingOut
	e.do("director1", "POST", fmt.Sprintf("/api/v1/institutions/%d/filings", inst), filingData(t, "610602", "610602001"), 201, &f)
	for _, typ := range domain.RequiredMaterials(domain.FilingData{}) {
		e.upload("director1", f.ID, typ, typ+".pdf", minimalPDF, 201)
	}
	e.do("director1", "POST", fmt.Sprintf("/api/v1/filings/%d/submit", f.ID), nil, 200, &f)
	e.do("baota", "POST", fmt.Sprintf("/api/v1/filings/%d/decision", f.ID), map[string]string{"decision": "file"}, 200, &f)
	return f
}

// The API's institution, list and public directory give the same live
// figures: places minus children enrolled now, the fee schedule in force.
func TestAPILiveFigures(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			// A newly registered institution with 40 places and no children has 40 vacancies.
			var fresh domain.Institution
			e.do("baota", "POST", "/api/v1/institutions", map[string]any{"name": "宝塔区新苗托育园", "credit_code": creditCode(t, "52", "610602", 1900),
				"kind": "centre", "nature": "private", "township_code": "610602001", "address": "某路9号", "phone": "0911-2345678",
				"legal_rep": "王五", "person_in_charge": "赵六", "places": 40}, 201, &fresh)
			e.do("baota", "GET", fmt.Sprintf("/api/v1/institutions/%d", fresh.ID), nil, 200, &fresh)
			if fresh.Vacancies != 40 || fresh.Enrolled != 0 || fresh.Fees == nil || fresh.Bands == nil {
				t.Fatalf("new institution: %+v", fresh)
			}

			e.fileBaota(t) // typed: 60 places, 40 enrolled, 20 vacancies
			inst := e.inst["baota"]
			e.do("director1", "POST", fmt.Sprintf("/api/v1/institutions/%d/fees", inst), map[string]any{"care_type": "full_day", "unit": "monthly",
				"amount": "1500", "meal_fee_daily": "12", "effective_from": "2026-01-01"}, 201, nil)
			e.do("director1", "POST", fmt.Sprintf("/api/v1/institutions/%d/fees", inst), map[string]any{"care_type": "full_day", "unit": "monthly",
				"amount": "1700", "effective_from": "2027-01-01"}, 201, nil)
			var pub struct {
				Items []domain.PublicInstitution `json:"items"`
			}
			e.do("", "GET", "/api/v1/public/institutions?region=610602", nil, 200, &pub)
			if len(pub.Items) != 1 {
				t.Fatalf("public: %+v", pub)
			}
			p := pub.Items[0]
			want := []domain.FeeInForce{{CareType: "full_day", Unit: "monthly", AmountFen: 150000, MealFeeDailyFen: 1200, EffectiveFrom: "2026-01-01"}}
			if p.Vacancies != 60 || p.Enrolled != 0 || !slices.Equal(p.Fees, want) {
				t.Fatalf("public figures %d/%d %+v, want 60 vacant and %+v", p.Enrolled, p.Vacancies, p.Fees, want)
			}
			var one domain.Institution
			e.do("baota", "GET", fmt.Sprintf("/api/v1/institutions/%d", inst), nil, 200, &one)
			var list struct {
				Items []domain.Institution `json:"items"`
			}
			e.do("yanan", "GET", "/api/v1/institutions?region=610602&status=filed", nil, 200, &list)
			if len(list.Items) != 1 || list.Items[0].Vacancies != p.Vacancies || !slices.Equal(list.Items[0].Fees, p.Fees) ||
				one.Vacancies != p.Vacancies || !slices.Equal(one.Fees, p.Fees) {
				t.Fatalf("the institution %+v and the list %+v disagree with the directory %+v", one, list.Items, p)
			}
			e.do("ansai", "GET", fmt.Sprintf("/api/v1/institutions/%d", inst), nil, 404, nil)
			// The Excel export says the same.
			x, err := excelize.OpenReader(bytes.NewReader(e.do("baota", "GET", "/api/v1/institutions.xlsx", nil, 200, nil)))
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			rows, err := x.GetRows("托育机构")
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, r := range rows[1:] {
				got[r[0]] = r[9]
			}
			if got[one.Name] != "60" || got["宝塔区新苗托育园"] != "40" {
				t.Fatalf("export vacancies %v", got)
			}
		})
	}
}

// A change filing: counts from the records beside the filed ones; the
// filed materials kept (it submits with no upload), one replaced; the
// timeline names people; a filed version has a receipt.
func TestAPIChangeFilingKeepsMaterials(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			v1 := e.fileBaota(t)
			inst := e.inst["baota"]
			var counts struct {
				Live      map[string]int `json:"live"`
				LastFiled map[string]int `json:"last_filed"`
				Differs   []string       `json:"differs"`
			}
			e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d/filing-counts", inst), nil, 200, &counts)
			if counts.Live["enrolled"] != 0 || counts.Live["vacancies"] != 60 || counts.LastFiled["enrolled"] != 40 || counts.LastFiled["caregivers"] != 8 ||
				!slices.Contains(counts.Differs, "enrolled") || !slices.Contains(counts.Differs, "caregivers") {
				t.Fatalf("filing counts %+v", counts)
			}
			e.do("director2", "GET", fmt.Sprintf("/api/v1/institutions/%d/filing-counts", inst), nil, 404, nil)

			var rc struct {
				Filing     filingOut `json:"filing"`
				CountyName string    `json:"county_name"`
				FiledBy    string    `json:"filed_by"`
				FiledAt    string    `json:"filed_at"`
			}
			e.do("director1", "GET", fmt.Sprintf("/api/v1/filings/%d/receipt", v1.ID), nil, 200, &rc)
			if rc.Filing.ReceiptNo != v1.ReceiptNo || rc.CountyName != "宝塔区" || rc.FiledBy != "baota" || rc.FiledAt == "" {
				t.Fatalf("receipt %+v", rc)
			}
			e.do("ansai", "GET", fmt.Sprintf("/api/v1/filings/%d/receipt", v1.ID), nil, 404, nil)

			d := filingData(t, "610602", "610602001")
			delete(d, "legal_rep_id")
			d["enrolled"], d["vacancies"], d["puhui_enrolled"] = 0, 60, 0
			var v2 filingDetailOut
			e.do("director1", "POST", fmt.Sprintf("/api/v1/institutions/%d/filings", inst), d, 201, &v2)
			e.do("director1", "GET", fmt.Sprintf("/api/v1/filings/%d", v2.ID), nil, 200, &v2)
			required := domain.RequiredMaterials(domain.FilingData{})
			if v2.Kind != "change" || len(v2.Materials) != len(required) || len(v2.MissingMaterials) != 0 {
				t.Fatalf("change filing materials %+v, missing %v", v2.Materials, v2.MissingMaterials)
			}
			for _, m := range v2.Materials {
				if m.InheritedFrom == 0 || m.InheritedVersion != 1 {
					t.Fatalf("material %+v is not kept from version 1", m)
				}
			}
			e.do("director1", "GET", fmt.Sprintf("/api/v1/filings/%d/receipt", v2.ID), nil, 409, nil)
			// Replace the first; another filing's material is not found.
			old := v2.Materials[0]
			var repl materialOut
			e.replace("director1", v2.ID, old.ID, "new.pdf", minimalPDF, 201, &repl)
			if repl.Type != old.Type || repl.InheritedFrom != 0 {
				t.Fatalf("replacement %+v of %+v", repl, old)
			}
			e.replace("director1", v2.ID, old.ID, "again.pdf", minimalPDF, 404, nil)
			e.replace("director2", v2.ID, v2.Materials[1].ID, "x.pdf", minimalPDF, 404, nil)
			e.replace("director1", v2.ID, v2.Materials[1].ID, "bad.pdf", []byte("not a pdf"), 422, nil)
			e.do("director1", "GET", fmt.Sprintf("/api/v1/filings/%d", v2.ID), nil, 200, &v2)
			if len(v2.Materials) != len(required) {
				t.Fatalf("after replacing: %+v", v2.Materials)
			}
			// Submits with the kept materials; filed, it has its own receipt.
			e.do("director1", "POST", fmt.Sprintf("/api/v1/filings/%d/submit", v2.ID), nil, 200, nil)
			e.do("baota", "POST", fmt.Sprintf("/api/v1/filings/%d/decision", v2.ID), map[string]string{"decision": "file"}, 200, nil)
			e.do("baota", "GET", fmt.Sprintf("/api/v1/filings/%d/receipt", v2.ID), nil, 200, &rc)
			if rc.Filing.Version != 2 || rc.Filing.Kind != "change" || rc.Filing.ReceiptNo == "" {
				t.Fatalf("change receipt %+v", rc)
			}
			e.do("baota", "GET", fmt.Sprintf("/api/v1/filings/%d", v2.ID), nil, 200, &v2)
			people := map[string]string{}
			for _, ev := range v2.Timeline {
				people[ev.Action] = ev.Person
			}
			if people["filing.create"] != "director1" || people["filing.file"] != "baota" {
				t.Fatalf("timeline people %v", people)
			}
		})
	}
}
