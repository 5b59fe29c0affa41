package api_test

import (
	"fmt"
	"strings"
	"testing"

	"tuoyu/internal/domain"
	"tuoyu/internal/testkit"
)

type overrideOut struct {
	RegionCode string `json:"region_code"`
	Level      string `json:"level"`
	Setting    string `json:"setting"`
	RuleID     string `json:"rule_id"`
	Value      int    `json:"value"`
	National   int    `json:"national"`
	Source     string `json:"source"`
}

type classLimitsOut struct {
	ID                   int64  `json:"id"`
	Name                 string `json:"name"`
	MaxChildren          int    `json:"max_children"`
	ChildrenPerCaregiver int    `json:"children_per_caregiver"`
}

// TestCountyTightening: a county's stricter ratio, class size and filing
// deadline, set by the city regulator, apply to the county's class limits,
// live ratio, compliance findings and filing due date, while the other
// county keeps the national figures; nothing may loosen a floor.
func TestCountyTightening(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			f := newDailyFixture(t, e)
			baota, ansai := e.inst["baota"], e.inst["ansai"]
			sun := f.class["sun"] // 托大班 at baota, capacity 20, caregivers s1 and s2
			for i, k := range []string{"c5", "c6", "c7"} {
				f.child[k] = f.addChild(t, fmt.Sprintf("孙%d", i), baota, sun, "full_day", "2026-09-01")
			}
			// ansai's own 托大班 of 18.
			ansaiOlder := e.kidCreateClass("director2", ansai, "安塞大班", "toddler_older", 18)

			set := func(user, region, setting string, value int, want int) kidErr {
				t.Helper()
				var out kidErr
				e.do(user, "POST", "/api/v1/standard-overrides", map[string]any{"region_code": region, "setting": setting, "value": value,
					"source": "宝塔区托育机构管理细则 第5条"}, want, &out)
				return out
			}
			limits := func(user string, inst, class int64) classLimitsOut {
				t.Helper()
				var list struct {
					Items []classLimitsOut `json:"items"`
				}
				e.do(user, "GET", fmt.Sprintf("/api/v1/institutions/%d/classes", inst), nil, 200, &list)
				for _, c := range list.Items {
					if c.ID == class {
						return c
					}
				}
				t.Fatalf("class %d not listed: %+v", class, list)
				return classLimitsOut{}
			}
			liveRate := func(user string, inst, class int64) (int, string) {
				t.Helper()
				var out []domain.ClassLive
				e.do(user, "GET", fmt.Sprintf("/api/v1/institutions/%d/classes/live", inst), nil, 200, &out)
				for _, c := range out {
					if c.ClassID == class {
						return c.ChildrenPerCaregiver, c.Ratio
					}
				}
				t.Fatalf("class %d not live: %+v", class, out)
				return 0, ""
			}
			compliance := func(inst int64) []domain.Finding {
				t.Helper()
				var list []domain.Finding
				e.do("yanan", "GET", fmt.Sprintf("/api/v1/institutions/%d/compliance", inst), nil, 200, &list)
				return list
			}

			// 7 children checked in and one caregiver clocked in: green at 1:7.
			var items []map[string]any
			for _, k := range []string{"c1", "c2", "c3", "c4", "c5", "c6", "c7"} {
				items = append(items, map[string]any{"child_id": f.child[k], "date": fixToday, "check_in": "08:30"})
			}
			var batch batchOut
			e.do("carer1", "POST", "/api/v1/attendance", items, 200, &batch)
			if batch.Applied != 7 {
				t.Fatalf("check-in: %+v", batch)
			}
			e.do("carer1", "POST", fmt.Sprintf("/api/v1/classes/%d/clock-in", sun), nil, 201, nil)
			if per, colour := liveRate("director1", baota, sun); per != 7 || colour != "amber" {
				t.Fatalf("national live ratio: 1:%d %s", per, colour)
			}
			if l := limits("director1", baota, sun); l.MaxChildren != 20 || l.ChildrenPerCaregiver != 7 {
				t.Fatalf("national limits: %+v", l)
			}
			if len(cmpFind(compliance(baota), "class.ratio", "向日葵班")) != 0 || len(cmpFind(compliance(baota), "class.size", "向日葵班")) != 0 {
				t.Fatalf("national compliance has class findings: %+v", compliance(baota))
			}

			// Who may set: the city regulator for its counties, the administrator; not a county regulator, nor a city out of scope.
			set("baota", "610602", "class.toddler_older.children_per_caregiver", 3, 403)
			set("director1", "610602", "class.toddler_older.children_per_caregiver", 3, 403)
			set("yanan", "610102", "class.toddler_older.children_per_caregiver", 3, 404)
			// Loosening is refused by field, and so is bad input; nothing is stored.
			if out := set("yanan", "610602", "class.toddler_older.children_per_caregiver", 8, 422); out.Error.Fields["value"] != "looser_than_standard" {
				t.Fatalf("loosening: %+v", out)
			}
			if out := set("yanan", "610602", "class.nonsense", 3, 422); out.Error.Fields["setting"] != "not_allowed" {
				t.Fatalf("unknown setting: %+v", out)
			}
			if out := set("yanan", "610602", "filing.receipt_working_days", -1, 422); out.Error.Fields["value"] != "out_of_range" {
				t.Fatalf("out of range: %+v", out)
			}
			var errOut kidErr
			e.do("yanan", "POST", "/api/v1/standard-overrides", map[string]any{"region_code": "610602", "setting": "filing.receipt_working_days", "value": 3}, 422, &errOut)
			if errOut.Error.Fields["source"] != "required" {
				t.Fatalf("no source: %+v", errOut)
			}
			var list []overrideOut
			e.do("yanan", "GET", "/api/v1/standard-overrides", nil, 200, &list)
			if len(list) != 0 {
				t.Fatalf("refused overrides stored: %+v", list)
			}

			set("yanan", "610602", "class.toddler_older.children_per_caregiver", 3, 201)
			set("yanan", "610602", "class.toddler_older.max_children", 16, 201)
			set("admin", "610602", "filing.receipt_working_days", 3, 201)
			// A city may tighten too, but not below what leaves a county's figure looser than the city's.
			set("yanan", "610600", "class.toddler_older.max_children", 18, 201)
			if out := set("yanan", "610600", "class.toddler_older.max_children", 15, 422); out.Error.Fields["value"] != "looser_than_standard" {
				t.Fatalf("city below its county: %+v", out)
			}
			e.do("yanan", "GET", "/api/v1/standard-overrides", nil, 200, &list)
			if len(list) != 4 || list[0].RegionCode != "610600" || list[0].Level != "city" || list[0].Value != 18 || list[0].National != 20 || list[0].RuleID != "class.size" {
				t.Fatalf("overrides: %+v", list)
			}
			e.do("ansai", "GET", "/api/v1/standard-overrides", nil, 403, nil)

			// Class limits.
			if l := limits("director1", baota, sun); l.MaxChildren != 16 || l.ChildrenPerCaregiver != 3 {
				t.Errorf("baota limits: %+v", l)
			}
			// ansai keeps the national ratio and the city's class size.
			if l := limits("director2", ansai, ansaiOlder.ID); l.MaxChildren != 18 || l.ChildrenPerCaregiver != 7 {
				t.Errorf("ansai limits: %+v", l)
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/institutions/%d/classes", baota),
				map[string]any{"name": "大二班", "type": "toddler_older", "capacity": 17, "caregiver_ids": []int64{}}, 422, &errOut)
			if errOut.Error.Fields["capacity"] != "rule:class.size" {
				t.Errorf("capacity 17 at baota: %+v", errOut)
			}
			e.kidCreateClass("director1", baota, "大二班", "toddler_older", 16)
			e.kidCreateClass("director2", ansai, "安塞二班", "toddler_older", 18)
			e.do("director2", "POST", fmt.Sprintf("/api/v1/institutions/%d/classes", ansai),
				map[string]any{"name": "安塞三班", "type": "toddler_older", "capacity": 19, "caregiver_ids": []int64{}}, 422, nil)

			// Live ratio: 7 children need 3 caregivers at 1:3.
			if per, colour := liveRate("director1", baota, sun); per != 3 || colour != "red" {
				t.Errorf("baota live ratio: 1:%d %s", per, colour)
			}
			if per, _ := liveRate("director2", ansai, ansaiOlder.ID); per != 7 {
				t.Errorf("ansai live ratio: 1:%d", per)
			}

			// Compliance: the class of 20 is above 16, and 2 caregivers are short of 3; the source names the county's document.
			list2 := compliance(baota)
			size := cmpFind(list2, "class.size", "向日葵班")
			if len(size) != 1 || !strings.Contains(size[0].Message, "16") || !strings.Contains(size[0].Source, "宝塔区托育机构管理细则") {
				t.Errorf("baota class size: %+v", list2)
			}
			if r := cmpFind(list2, "class.ratio", "向日葵班"); len(r) != 1 || !strings.Contains(r[0].Message, "现有2名") {
				t.Errorf("baota ratio: %+v", list2)
			}
			if l := compliance(ansai); len(cmpFind(l, "class.size", "")) != 0 || len(cmpFind(l, "class.ratio", "安塞大班")) != 0 {
				t.Errorf("ansai findings: %+v", l)
			}

			// Filing deadline: 3 working days at baota (10-08, 10-09, the make-up Saturday 10-10), 5 at ansai.
			for _, c := range []struct{ user, county, township, due string }{
				{"director1", "610602", "610602001", "2026-10-10"}, {"director2", "610603", "610603001", "2026-10-13"},
			} {
				var fl filingOut
				e.do(c.user, "POST", fmt.Sprintf("/api/v1/institutions/%d/filings", e.inst[map[string]string{"610602": "baota", "610603": "ansai"}[c.county]]),
					filingData(t, c.county, c.township), 201, &fl)
				for _, typ := range domain.RequiredMaterials(domain.FilingData{}) {
					e.upload(c.user, fl.ID, typ, typ+".pdf", minimalPDF, 201)
				}
				e.do(c.user, "POST", fmt.Sprintf("/api/v1/filings/%d/submit", fl.ID), nil, 200, &fl)
				if fl.DueDate != c.due {
					t.Errorf("%s: due %s, want %s", c.county, fl.DueDate, c.due)
				}
			}

			// Withdrawing the county's ratio brings back the national one; each change is audited.
			e.do("yanan", "DELETE", "/api/v1/standard-overrides/610602/class.toddler_older.children_per_caregiver", nil, 200, nil)
			e.do("yanan", "DELETE", "/api/v1/standard-overrides/610602/class.toddler_older.children_per_caregiver", nil, 404, nil)
			if per, _ := liveRate("director1", baota, sun); per != 7 {
				t.Errorf("after withdrawal: 1:%d", per)
			}
			if n := f.count("SELECT COUNT(*) FROM audit_events WHERE entity = 'standard_override'"); n != 5 {
				t.Errorf("%d override audit events, want 5", n)
			}
		})
	}
}
