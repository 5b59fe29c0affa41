package api_test

import (
	"math"
	"testing"

	"tuoyu/internal/testkit"
)

func TestCalculators(t *testing.T) {
	e := newEnv(t, testkit.Backends()[0])
	var g struct {
		AgeDays    int `json:"age_days"`
		Indicators map[string]struct {
			Z    float64 `json:"z"`
			Flag bool    `json:"flag"`
		} `json:"indicators"`
	}
	// WHO anthro example (growth package tests): girl, 1522 days, 17 kg → weight-for-age z 0.24.
	e.do("", "POST", "/api/v1/growth/assess", map[string]any{"sex": "female", "age_days": 1522, "weight_kg": 17}, 200, &g)
	if math.Abs(g.Indicators["wfa"].Z-0.24) > 0.01 {
		t.Fatalf("wfa z = %v", g.Indicators["wfa"].Z)
	}
	if _, ok := g.Indicators["lhfa"]; ok {
		t.Fatal("indicator without input reported")
	}
	var errOut struct {
		Error struct {
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	e.do("", "POST", "/api/v1/growth/assess", map[string]any{"sex": "other", "age_days": 100, "weight_kg": 5}, 422, &errOut)
	if errOut.Error.Fields["sex"] == "" {
		t.Fatalf("bad sex: %+v", errOut)
	}
	var imm struct {
		Edition string `json:"edition"`
		Doses   []struct {
			Vaccine string `json:"vaccine"`
			Dose    int    `json:"dose"`
			Status  string `json:"status"`
		} `json:"doses"`
		Complete bool `json:"complete"`
	}
	e.do("", "POST", "/api/v1/immunization/check", map[string]any{"birth_date": "2026-05-01", "as_of": "2026-09-30",
		"records": []map[string]any{{"vaccine": "HepB", "dose": 1, "date": "2026-05-01"}}}, 200, &imm)
	if imm.Edition == "" || imm.Complete || len(imm.Doses) == 0 {
		t.Fatalf("immunization: %+v", imm)
	}
	if imm.Doses[0].Vaccine != "HepB" || imm.Doses[0].Status != "done" {
		t.Fatalf("first dose: %+v", imm.Doses[0])
	}
	e.do("", "GET", "/api/v1/immunization/schedule?birth_date=2026-05-01&as_of=2026-09-30", nil, 200, &imm)
	e.do("", "POST", "/api/v1/immunization/check", map[string]any{"birth_date": "2026-05-01", "as_of": "2026-09-30",
		"records": []map[string]any{{"vaccine": "XYZ", "dose": 1, "date": "2026-05-01"}}}, 422, &errOut)
	if errOut.Error.Fields["records[0].vaccine"] == "" {
		t.Fatalf("bad vaccine: %+v", errOut)
	}
}
