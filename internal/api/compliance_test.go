package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/testkit"
)

// cmpFind returns the findings of a rule about a subject ("" = any).
func cmpFind(list []domain.Finding, rule, subject string) []domain.Finding {
	var out []domain.Finding
	for _, f := range list {
		if f.Rule == rule && (subject == "" || f.Subject == subject) {
			out = append(out, f)
		}
	}
	return out
}

// cmpClass adds a class with n children born on birth, enrolled, through
// fixture rows (classes and enrolment belong to another capability).
func cmpClass(fx *rawDB, inst int64, name, typ string, capacity, n int, birth string, archived bool, tag string) int64 {
	now := time.Now()
	class := fx.insert(`INSERT INTO classes (institution_id, name, type, capacity, archived, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		inst, name, typ, capacity, archived, now, now)
	for i := range n {
		child := fx.insert(`INSERT INTO children (name, sex, birth_date, cert_type, cert_enc, cert_hash, cert_masked, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, fmt.Sprintf("幼儿%s%d", tag, i), "female", birth, "resident_id", "sealed", fmt.Sprintf("hash-%s-%d", tag, i), "****", now, now)
		if !archived {
			fx.insert(`INSERT INTO enrolments (child_id, institution_id, class_id, care_type, start_date, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
				child, inst, class, "full_day", "2026-09-01", now)
		}
	}
	return class
}

var cmpGoodCerts = []map[string]any{{"kind": "health", "issued_on": "2026-08-01"}, {"kind": "no_criminal_record", "issued_on": "2026-08-01"}}

// TestCompliance: findings for a class over capacity and missing health
// staff, with their sources; the ranked list is scoped.
func TestCompliance(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			baota, ansai := e.inst["baota"], e.inst["ansai"]
			fx := newRawDB(e)
			// 16 children of 18 months in a 托小班 (at most 15, 1:5), one caregiver
			class := cmpClass(fx, baota, "小一班", "toddler_young", 15, 16, "2025-03-10", false, "a")
			cmpClass(fx, baota, "旧班", "infant", 30, 0, "2025-03-10", true, "b") // archived: not checked
			carer, _, _ := hire(e, "director1", baota, map[string]any{"name": "保育员甲", "id_number": stfID(t, "610602", "19950505", 11),
				"post": "caregiver", "certificates": cmpGoodCerts}, 201)
			fx.exec("INSERT INTO class_caregivers (class_id, staff_id) VALUES (?, ?)", class, carer.ID)

			path := fmt.Sprintf("/api/v1/institutions/%d/compliance", baota)
			var raw []map[string]any
			e.do("director1", "GET", path, nil, 200, &raw)
			if len(raw) == 0 {
				t.Fatal("no findings")
			}
			for _, k := range []string{"rule", "severity", "message", "subject", "source"} {
				if _, ok := raw[0][k]; !ok {
					t.Fatalf("finding without %q: %v", k, raw[0])
				}
			}
			var list []domain.Finding
			e.do("director1", "GET", path, nil, 200, &list)
			size := cmpFind(list, "class.size", "小一班")
			if len(size) != 1 || size[0].Severity != "violation" || !strings.Contains(size[0].Message, "16") || !strings.Contains(size[0].Source, "第十九条") {
				t.Fatalf("class size: %+v", list)
			}
			ratio := cmpFind(list, "class.ratio", "小一班")
			if len(ratio) != 1 || !strings.Contains(ratio[0].Message, "现有1名") || !strings.Contains(ratio[0].Source, "第二十条") {
				t.Fatalf("class ratio: %+v", list)
			}
			health := cmpFind(list, "staff.health_staff", "institution")
			if len(health) != 1 || health[0].Severity != "violation" || !strings.Contains(health[0].Source, "第十二条") || health[0].MessageEN == "" {
				t.Fatalf("health staff: %+v", list)
			}
			if len(cmpFind(list, "staff.director", "institution")) != 1 {
				t.Fatalf("no person in charge not reported: %+v", list)
			}
			if len(cmpFind(list, "", "旧班")) != 0 || len(cmpFind(list, "class.size", "")) != 1 {
				t.Fatalf("archived class checked: %+v", list)
			}
			if len(cmpFind(list, "safety.cctv", "")) != 0 || len(cmpFind(list, "capacity.places", "")) != 0 {
				t.Fatalf("unexpected findings: %+v", list)
			}
			for i := 1; i < len(list); i++ {
				if list[i-1].Severity == "warning" && list[i].Severity == "violation" {
					t.Fatalf("violations do not come first: %+v", list)
				}
			}

			// who sees it
			for user, want := range map[string]int{"baota": 200, "yanan": 200, "partner": 200, "ansai": 404, "director2": 404, "carer1": 403, "parent1": 403, "": 401} {
				e.do(user, "GET", path, nil, want, nil)
			}

			// a qualified health staff member clears the health-staff finding
			hire(e, "director1", baota, map[string]any{"name": "保健员乙", "id_number": stfID(t, "610602", "19920202", 22), "post": "health",
				"education": "senior_high", "certificates": append([]map[string]any{{"kind": "health_staff_training", "issued_on": "2026-01-01"}}, cmpGoodCerts...)}, 201)
			e.do("baota", "GET", path, nil, 200, &list)
			if len(cmpFind(list, "staff.health_staff", "")) != 0 || len(cmpFind(list, "staff.health_staff_qualification", "")) != 0 {
				t.Fatalf("health staff still reported: %+v", list)
			}

			// a caregiver later banned is reported where she works
			e.do("baota", "POST", "/api/v1/blacklist", map[string]any{"id_number": stfID(t, "610602", "19950505", 11), "name": "保育员甲", "reason": "禁业判决"}, 201, nil)
			e.do("director1", "GET", path, nil, 200, &list)
			if f := cmpFind(list, "staff.blacklisted", "保育员甲"); len(f) != 1 || f[0].Severity != "violation" || f[0].Source == "" {
				t.Fatalf("banned caregiver: %+v", list)
			}
			var one domain.Staff
			e.do("director1", "GET", fmt.Sprintf("/api/v1/staff/%d", carer.ID), nil, 200, &one)
			if !one.Blacklisted {
				t.Fatalf("staff not marked banned: %+v", one)
			}

			// ansai: a filed form with a lease that has ended, living rooms on the 4th floor and meals cooked on site
			data, _ := json.Marshal(map[string]any{"premises_nature": "leased", "lease_end": "2026-06-30", "room_floor": 4, "serves_food": true,
				"kind": "centre", "places": 60})
			now := time.Now()
			fx.insert(`INSERT INTO filings (institution_id, region_code, version, kind, status, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				ansai, "610603", 1, "initial", "filed", string(data), now, now)
			e.do("director2", "GET", fmt.Sprintf("/api/v1/institutions/%d/compliance", ansai), nil, 200, &list)
			for _, rule := range []string{"premises.lease", "premises.floor", "staff.cooks", "staff.director", "staff.health_staff"} {
				if f := cmpFind(list, rule, ""); len(f) != 1 || f[0].Severity != "violation" {
					t.Errorf("ansai %s: %+v", rule, list)
				}
			}

			// the ranked list: by violations, within scope
			var rank struct {
				Items []domain.ComplianceSummary `json:"items"`
				Total int                        `json:"total"`
			}
			e.do("yanan", "GET", "/api/v1/compliance", nil, 200, &rank)
			if rank.Total != 2 || rank.Items[0].Violations < rank.Items[1].Violations || rank.Items[0].Violations == 0 {
				t.Fatalf("city ranking: %+v", rank)
			}
			e.do("ansai", "GET", "/api/v1/compliance", nil, 200, &rank)
			if rank.Total != 1 || rank.Items[0].InstitutionID != ansai {
				t.Fatalf("ansai ranking: %+v", rank)
			}
			for _, it := range rank.Items {
				if strings.HasPrefix(it.RegionCode, "610602") {
					t.Fatalf("ansai sees a 610602 institution: %+v", it)
				}
			}
			e.do("baota", "GET", "/api/v1/compliance?region=610603", nil, 200, &rank)
			if rank.Total != 0 {
				t.Fatalf("baota sees ansai through the region filter: %+v", rank)
			}
			e.do("yanan", "GET", "/api/v1/compliance?region=610603", nil, 200, &rank)
			if rank.Total != 1 || rank.Items[0].InstitutionID != ansai {
				t.Fatalf("city filtered to ansai: %+v", rank)
			}
			e.do("director1", "GET", "/api/v1/compliance", nil, 200, &rank)
			if rank.Total != 1 || rank.Items[0].InstitutionID != baota {
				t.Fatalf("director's ranking: %+v", rank)
			}
			e.do("yanan", "GET", "/api/v1/compliance?region=61", nil, 422, nil)
			e.do("carer1", "GET", "/api/v1/compliance", nil, 403, nil)
			// the counts agree with the findings
			e.do("baota", "GET", "/api/v1/compliance", nil, 200, &rank)
			e.do("baota", "GET", path, nil, 200, &list)
			v := 0
			for _, f := range list {
				if f.Severity == "violation" {
					v++
				}
			}
			if rank.Items[0].Violations != v || rank.Items[0].Violations+rank.Items[0].Warnings != len(list) {
				t.Fatalf("ranking counts %+v, findings %d (%d violations)", rank.Items[0], len(list), v)
			}
		})
	}
}

// TestComplianceHomePoint: a home care point is held to its own limits:
// at most 5 children and one carer for every 3.
func TestComplianceHomePoint(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			var home domain.Institution
			e.do("baota", "POST", "/api/v1/institutions", map[string]any{"name": "宝塔区张家家庭托育点", "credit_code": creditCode(t, "92", "610602", 5),
				"kind": "home", "nature": "private", "township_code": "610602001", "address": "某小区3号楼", "legal_rep": "张某",
				"person_in_charge": "张某", "places": 5}, 201, &home)
			fx := newRawDB(e)
			cmpClass(fx, home.ID, "家庭托育", "mixed", 5, 6, "2024-10-01", false, "h")
			sys := authz.System("test")
			if _, err := e.app.Service.HireStaff(t.Context(), sys, home.ID, service.NewStaff{Name: "张某", IDNumber: stfID(t, "610602", "19800303", 33), Post: "caregiver",
				Certificates: []service.NewCertificate{{Kind: domain.CertHealth, IssuedOn: "2026-09-01"}}}); err != nil {
				t.Fatal(err)
			}
			var list []domain.Finding
			e.do("baota", "GET", fmt.Sprintf("/api/v1/institutions/%d/compliance", home.ID), nil, 200, &list)
			for _, rule := range []string{"homepoint.capacity", "homepoint.ratio", "capacity.places"} {
				if f := cmpFind(list, rule, ""); len(f) != 1 || f[0].Severity != "violation" || f[0].Source == "" {
					t.Errorf("home point %s: %+v", rule, list)
				}
			}
			if len(cmpFind(list, "class.size", "")) != 0 || len(cmpFind(list, "staff.director", "")) != 0 {
				t.Fatalf("centre rules applied to a home point: %+v", list)
			}
		})
	}
}

// TestComplianceRankingKept: the ranking is kept between requests until a
// write that can change a finding is committed. A row written behind the
// application's back (no audit event) is not seen, nor after a login (an
// action no finding reads); the next audited write that can change a
// finding (a hire) brings the ranking back in line with the live findings.
func TestComplianceRankingKept(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			baota := e.inst["baota"]
			fx := newRawDB(e)
			var rank struct {
				Items []domain.ComplianceSummary `json:"items"`
				Total int                        `json:"total"`
			}
			e.do("baota", "GET", "/api/v1/compliance", nil, 200, &rank)
			if rank.Total != 1 {
				t.Fatalf("baota ranking: %+v", rank)
			}
			before := rank.Items[0]
			cmpClass(fx, baota, "小一班", "toddler_young", 15, 16, "2025-03-10", false, "k") // over capacity: a violation more
			e.login("director1")                                                          // audited, reads no fact
			e.do("baota", "GET", "/api/v1/compliance", nil, 200, &rank)
			if rank.Items[0] != before {
				t.Fatalf("the ranking was computed again without a write that changes it: %+v, before %+v", rank.Items[0], before)
			}
			hire(e, "director1", baota, map[string]any{"name": "保育员甲", "id_number": stfID(t, "610602", "19950505", 11),
				"post": "caregiver", "certificates": cmpGoodCerts}, 201)
			e.do("baota", "GET", "/api/v1/compliance", nil, 200, &rank)
			var list []domain.Finding
			e.do("baota", "GET", fmt.Sprintf("/api/v1/institutions/%d/compliance", baota), nil, 200, &list)
			v := 0
			for _, f := range list {
				if f.Severity == "violation" {
					v++
				}
			}
			if rank.Items[0].Violations != v || rank.Items[0].Violations+rank.Items[0].Warnings != len(list) || len(cmpFind(list, "class.size", "小一班")) != 1 {
				t.Fatalf("after a hire the ranking %+v does not match the findings %+v", rank.Items[0], list)
			}
			if rank.Items[0] == before {
				t.Fatalf("the ranking did not change: %+v", before)
			}
		})
	}
}
