package api_test

import (
	"fmt"
	"testing"

	"tuoyu/internal/testkit"
)

func TestClassRules(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			inst := e.inst["baota"]
			path := fmt.Sprintf("/api/v1/institutions/%d/classes", inst)
			var er kidErr
			// above the class size of the standard: refused, the rule and its source named
			e.do("director1", "POST", path, map[string]any{"name": "乳儿一班", "type": "infant", "capacity": 12}, 422, &er)
			if er.Error.Fields["capacity"] != "rule:class.size" || !er.ruleNamed("class.size", "《托育机构设置标准（试行）》第十九条") {
				t.Fatalf("class size: %+v", er)
			}
			// no capacity: the most the rules allow; the limits shown
			c := e.kidCreateClass("director1", inst, "乳儿一班", "infant", 0)
			if c.Capacity != 10 || c.MaxChildren != 10 || c.MinAgeMonths != 6 || c.MaxAgeMonths != 12 || c.ChildrenPerCaregiver != 3 {
				t.Fatalf("infant class: %+v", c)
			}
			if cn := e.kidCreateClass("director1", inst, "托小一班", "托小班", 12); cn.Type != "toddler_young" || cn.Capacity != 12 {
				t.Fatalf("Chinese class type: %+v", cn)
			}
			er = kidErr{}
			e.do("director1", "POST", path, map[string]any{"name": "", "type": "nursery", "capacity": -1}, 422, &er)
			if er.Error.Fields["name"] != "required" || er.Error.Fields["type"] != "not_allowed" || er.Error.Fields["capacity"] != "negative" {
				t.Fatalf("bad fields: %+v", er)
			}
			er = kidErr{}
			e.do("director1", "POST", path, map[string]any{"name": "乳儿一班", "type": "infant"}, 409, &er)
			if er.Error.Fields["name"] != "taken" {
				t.Fatalf("duplicate name: %+v", er)
			}
			// caregivers are staff employed here
			db := e.kidRawDB()
			s1, s2 := e.kidHireStaff(db, inst, "保育员甲", 1), e.kidHireStaff(db, inst, "保育员乙", 2)
			elsewhere := e.kidHireStaff(db, e.inst["ansai"], "安塞保育员", 3)
			er = kidErr{}
			e.do("director1", "POST", path, map[string]any{"name": "托大一班", "type": "toddler_older", "caregiver_ids": []int64{s1, elsewhere}}, 422, &er)
			if er.Error.Fields["caregiver_ids"] != "not_employed_here" {
				t.Fatalf("caregiver from elsewhere: %+v", er)
			}
			big := e.kidCreateClass("director1", inst, "托大一班", "toddler_older", 0, s1, s2)
			if big.Capacity != 20 || len(big.Caregivers) != 2 || big.Caregivers[0].Name == "" {
				t.Fatalf("class with caregivers: %+v", big)
			}
			// scope and roles
			e.do("director2", "POST", path, map[string]any{"name": "x", "type": "infant"}, 404, nil)
			e.do("carer1", "POST", path, map[string]any{"name": "x", "type": "infant"}, 403, nil)
			e.do("baota", "POST", path, map[string]any{"name": "x", "type": "infant"}, 403, nil)
			var l struct {
				Items []kidClass `json:"items"`
				Total int        `json:"total"`
			}
			for _, user := range []string{"director1", "carer1", "baota", "yanan"} {
				e.do(user, "GET", path, nil, 200, &l)
				if l.Total != 3 {
					t.Fatalf("%s lists %d classes", user, l.Total)
				}
			}
			e.do("ansai", "GET", path, nil, 404, nil)
			e.do("director2", "GET", fmt.Sprintf("/api/v1/classes/%d", c.ID), nil, 404, nil)
			e.do("parent1", "GET", path, nil, 403, nil)

			// changes: the capacity of the standard, the children enrolled, the age band, the ratio
			er = kidErr{}
			e.do("director1", "PATCH", fmt.Sprintf("/api/v1/classes/%d", big.ID), map[string]any{"capacity": 21}, 422, &er)
			if er.Error.Fields["capacity"] != "rule:class.size" {
				t.Fatalf("patch above the class size: %+v", er)
			}
			for i := range 8 {
				e.kidEnrol("director1", inst, big.ID, "610602", "20240501", 10+i)
			}
			er = kidErr{}
			e.do("director1", "PATCH", fmt.Sprintf("/api/v1/classes/%d", big.ID), map[string]any{"capacity": 7}, 409, &er)
			if er.Error.Fields["capacity"] != "below_enrolled" {
				t.Fatalf("capacity below the children enrolled: %+v", er)
			}
			// 8 children at 1:7 need 2 caregivers: dropping one breaks the ratio
			er = kidErr{}
			e.do("director1", "PATCH", fmt.Sprintf("/api/v1/classes/%d", big.ID), map[string]any{"caregiver_ids": []int64{s1}}, 422, &er)
			if er.Error.Fields["caregiver_ids"] != "rule:class.ratio" || !er.ruleNamed("class.ratio", "第二十条") {
				t.Fatalf("ratio: %+v", er)
			}
			// 28-month-olds do not fit a 托小班 (12–24 months)
			er = kidErr{}
			e.do("director1", "PATCH", fmt.Sprintf("/api/v1/classes/%d", big.ID), map[string]any{"type": "toddler_young", "capacity": 15}, 422, &er)
			if er.Error.Fields["type"] != "rule:class.age" {
				t.Fatalf("type change against the children's ages: %+v", er)
			}
			er = kidErr{}
			e.do("director1", "PATCH", fmt.Sprintf("/api/v1/classes/%d", big.ID), map[string]any{"archived": true}, 409, &er)
			if er.Error.Fields["archived"] != "class_not_empty" {
				t.Fatalf("archive with children: %+v", er)
			}
			var got kidClass
			e.do("director1", "PATCH", fmt.Sprintf("/api/v1/classes/%d", big.ID), map[string]any{"capacity": 8, "name": "托大班（满）"}, 200, &got)
			if got.Capacity != 8 || got.Name != "托大班（满）" || got.Enrolled != 8 || len(got.Caregivers) != 2 {
				t.Fatalf("patched: %+v", got)
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/institutions/%d/children", inst), kidEnrolBody(t, big.ID, "610602", "20240501", 30), 409, nil)
			// PUT replaces everything
			e.do("director1", "PUT", fmt.Sprintf("/api/v1/classes/%d", c.ID), map[string]any{"name": "乳儿班", "type": "infant", "capacity": 6, "caregiver_ids": []int64{s2}}, 200, &got)
			if got.Name != "乳儿班" || got.Capacity != 6 || len(got.Caregivers) != 1 || got.Caregivers[0].ID != s2 {
				t.Fatalf("put: %+v", got)
			}
			e.do("director1", "PATCH", fmt.Sprintf("/api/v1/classes/%d", c.ID), map[string]any{"archived": true}, 200, &got)
			if !got.Archived {
				t.Fatalf("archive: %+v", got)
			}
			er = kidErr{}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/institutions/%d/children", inst), kidEnrolBody(t, c.ID, "610602", "20260101", 40), 422, &er)
			if er.Error.Fields["class_id"] != "class_archived" {
				t.Fatalf("enrol in an archived class: %+v", er)
			}
			e.do("carer1", "PATCH", fmt.Sprintf("/api/v1/classes/%d", c.ID), map[string]any{"archived": false}, 403, nil)
			var audit struct {
				Total int `json:"total"`
			}
			e.do("baota", "GET", fmt.Sprintf("/api/v1/audit?entity=class&id=%d", big.ID), nil, 200, &audit)
			if audit.Total != 2 { // create, one accepted change
				t.Fatalf("class audit: %+v", audit)
			}
		})
	}
}

// TestHomeCarePoint: a 家庭托育点 takes at most 5 children as a whole.
func TestHomeCarePoint(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			var in struct {
				ID int64 `json:"id"`
			}
			e.do("baota", "POST", "/api/v1/institutions", map[string]any{"name": "宝塔区小太阳家庭托育点", "credit_code": creditCode(t, "92", "610602", 77),
				"kind": "home", "nature": "private", "township_code": "610602001", "address": "某小区1号楼", "phone": "13900000000",
				"legal_rep": "赵六", "person_in_charge": "赵六", "places": 5}, 201, &in)
			e.do("admin", "POST", "/api/v1/users", map[string]any{"username": "director3", "password": password, "role": "director", "institution_id": in.ID}, 201, nil)
			path := fmt.Sprintf("/api/v1/institutions/%d/classes", in.ID)
			var er kidErr
			e.do("director3", "POST", path, map[string]any{"name": "大组", "type": "mixed", "capacity": 6}, 422, &er)
			if er.Error.Fields["capacity"] != "rule:homepoint.capacity" || !er.ruleNamed("homepoint.capacity", "《家庭托育点管理办法（试行）》") {
				t.Fatalf("home point class of 6: %+v", er)
			}
			a := e.kidCreateClass("director3", in.ID, "甲组", "mixed", 0)
			if a.Capacity != 5 || a.MaxChildren != 5 || a.ChildrenPerCaregiver != 3 {
				t.Fatalf("home point class: %+v", a)
			}
			b2 := e.kidCreateClass("director3", in.ID, "乙组", "toddler_young", 3)
			// the home point's band: a 9-month-old may join a mixed group here
			e.kidEnrol("director3", in.ID, a.ID, "610602", "20260101", 1)
			for i := range 3 {
				e.kidEnrol("director3", in.ID, a.ID, "610602", "20240501", 2+i)
			}
			e.kidEnrol("director3", in.ID, b2.ID, "610602", "20250315", 5)
			e.do("director3", "POST", fmt.Sprintf("/api/v1/institutions/%d/children", in.ID), kidEnrolBody(t, b2.ID, "610602", "20250401", 6), 409, &er)
			if er.Error.Fields["institution"] != "rule:homepoint.capacity" || !er.ruleNamed("homepoint.capacity", "家庭托育点") {
				t.Fatalf("sixth child: %+v", er)
			}
		})
	}
}
