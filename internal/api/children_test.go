package api_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/i18n"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
	"tuoyu/internal/testkit"
)

// kidResidentID makes a valid 18-character ID number.
func kidResidentID(t testing.TB, county, birth string, seq int) string {
	t.Helper()
	first := fmt.Sprintf("%s%s%03d", county, birth, seq)
	c, err := cnid.ResidentIDCheckChar(first)
	if err != nil {
		t.Fatal(err)
	}
	return first + string(c)
}

// kidWrongCheck replaces the check character of an ID number by another.
func kidWrongCheck(id string) string {
	last := id[17]
	repl := byte('0')
	if last == '0' {
		repl = '1'
	}
	return id[:17] + string(repl)
}

type kidClass struct {
	ID                   int64  `json:"id"`
	InstitutionID        int64  `json:"institution_id"`
	Name                 string `json:"name"`
	Type                 string `json:"type"`
	Capacity             int    `json:"capacity"`
	Enrolled             int    `json:"enrolled"`
	Archived             bool   `json:"archived"`
	MinAgeMonths         int    `json:"min_age_months"`
	MaxAgeMonths         int    `json:"max_age_months"`
	MaxChildren          int    `json:"max_children"`
	ChildrenPerCaregiver int    `json:"children_per_caregiver"`
	Caregivers           []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"caregivers"`
	Findings []struct {
		RuleID   string `json:"rule_id"`
		Severity string `json:"severity"`
	} `json:"findings"`
}

type kidChild struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Sex        string `json:"sex"`
	BirthDate  string `json:"birth_date"`
	AgeMonths  int    `json:"age_months"`
	CertType   string `json:"cert_type"`
	CertMasked string `json:"cert_masked"`
	Enrolment  *struct {
		ID              int64  `json:"id"`
		InstitutionID   int64  `json:"institution_id"`
		InstitutionName string `json:"institution_name"`
		ClassID         int64  `json:"class_id"`
		ClassName       string `json:"class_name"`
		CareType        string `json:"care_type"`
		StartDate       string `json:"start_date"`
		EndDate         string `json:"end_date"`
		Puhui           bool   `json:"puhui"`
		FeeFen          int64  `json:"fee_fen"`
	} `json:"enrolment"`
	Guardians []struct {
		ID       int64  `json:"id"`
		Name     string `json:"name"`
		Phone    string `json:"phone"`
		IDMasked string `json:"id_masked"`
		Linked   bool   `json:"linked"`
	} `json:"guardians"`
	PickupPersons []struct {
		ID       int64  `json:"id"`
		Name     string `json:"name"`
		IDMasked string `json:"id_masked"`
	} `json:"pickup_persons"`
	Consents []kidConsent `json:"consents"`
	Warnings []struct {
		RuleID string `json:"rule_id"`
	} `json:"warnings"`
}

type kidConsent struct {
	ID          int64      `json:"id"`
	GuardianID  int64      `json:"guardian_id"`
	Purpose     string     `json:"purpose"`
	GivenAt     time.Time  `json:"given_at"`
	WithdrawnAt *time.Time `json:"withdrawn_at"`
	Active      bool       `json:"active"`
}

type kidErr struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
		// The rules a refusal names: the code, and message and legal
		// basis in both languages.
		Findings []struct {
			Code, Message, Basis string
			MessageEN            string `json:"message_en"`
			BasisEN              string `json:"basis_en"`
		} `json:"findings"`
	} `json:"error"`
}

// ruleNamed reports whether the error names the rule, with its legal basis
// containing basis, and says nothing of the rule's code in its messages.
func (er kidErr) ruleNamed(code, basis string) bool {
	for _, f := range er.Error.Findings {
		if f.Code == code && strings.Contains(f.Basis, basis) && f.BasisEN != "" && f.MessageEN != "" && f.Message != "" &&
			!strings.Contains(er.Error.Message, code) && !strings.Contains(f.Message, code) &&
			len(i18n.PlainEn(er.Error.Message)) == 0 && len(i18n.PlainEn(f.MessageEN+f.BasisEN)) == 0 && len(i18n.PlainZh(f.Message+f.Basis)) == 0 {
			return true
		}
	}
	return false
}

type kidList struct {
	Items []kidChild `json:"items"`
	Total int        `json:"total"`
}

func (e *env) kidCreateClass(user string, inst int64, name, typ string, capacity int, caregivers ...int64) kidClass {
	e.t.Helper()
	if caregivers == nil {
		caregivers = []int64{}
	}
	var c kidClass
	e.do(user, "POST", fmt.Sprintf("/api/v1/institutions/%d/classes", inst),
		map[string]any{"name": name, "type": typ, "capacity": capacity, "caregiver_ids": caregivers}, 201, &c)
	return c
}

// kidEnrolBody is a complete enrolment form for a child born on birth
// (YYYYMMDD) with an ID number of the county.
func kidEnrolBody(t testing.TB, classID int64, county, birth string, seq int) map[string]any {
	return map[string]any{
		"child": map[string]any{"name": fmt.Sprintf("小明%d", seq), "cert_type": "resident_id", "cert_number": kidResidentID(t, county, birth, seq),
			"household_region": county, "allergies": "花生", "special_needs": ""},
		"guardians": []map[string]any{
			{"name": "王芳", "relation": "mother", "phone": fmt.Sprintf("1391234%04d", seq), "id_number": kidResidentID(t, "610602", "19900101", 200+seq)},
			{"name": "李强", "relation": "father", "phone": fmt.Sprintf("1381234%04d", seq)},
		},
		"pickup_persons": []map[string]any{{"name": "王奶奶", "relation": "grandparent", "phone": fmt.Sprintf("1371234%04d", seq)}},
		"class_id":       classID, "care_type": "full_day", "start_date": "2026-10-08", "puhui": false, "fee_fen": 180000,
	}
}

func (e *env) kidEnrol(user string, inst, classID int64, county, birth string, seq int) kidChild {
	e.t.Helper()
	var c kidChild
	e.do(user, "POST", fmt.Sprintf("/api/v1/institutions/%d/children", inst), kidEnrolBody(e.t, classID, county, birth, seq), 201, &c)
	return c
}

// rawDB opens the test database directly, to add rows of tables another
// capability owns (staff and employments).
func (e *env) kidRawDB() *sql.DB {
	e.t.Helper()
	dsn := e.app.Config.DB
	var db *sql.DB
	var err error
	if store.IsPostgres(dsn) {
		db, err = sql.Open("pgx", dsn)
	} else {
		db, err = sql.Open("sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)")
	}
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { db.Close() })
	return db
}

// hireStaff adds a staff member with an open employment at inst.
func (e *env) kidHireStaff(db *sql.DB, inst int64, name string, n int) int64 {
	e.t.Helper()
	var id int64
	err := db.QueryRow(fmt.Sprintf(`INSERT INTO staff (name, sex, id_enc, id_hash, id_masked, created_at, updated_at)
		VALUES ('%s', 'female', 'x', 'test-hash-%d', '610602********%04d', '2026-01-01 00:00:00', '2026-01-01 00:00:00') RETURNING id`, name, n, n)).Scan(&id)
	if err != nil {
		e.t.Fatalf("staff: %v", err)
	}
	if _, err := db.Exec(fmt.Sprintf(`INSERT INTO employments (staff_id, institution_id, post, start_date, created_at)
		VALUES (%d, %d, 'caregiver', '2026-01-01', '2026-01-01 00:00:00')`, id, inst)); err != nil {
		e.t.Fatalf("employment: %v", err)
	}
	return id
}

func TestEnrolHappyPath(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			inst := e.inst["baota"]
			cls := e.kidCreateClass("director1", inst, "托小一班", "toddler_young", 0)
			body := kidEnrolBody(t, cls.ID, "610602", "20250315", 1)
			body["consents"] = []string{"enrolment", "health_sharing"}
			var c kidChild
			raw := e.do("director1", "POST", fmt.Sprintf("/api/v1/institutions/%d/children", inst), body, 201, &c)
			full := kidResidentID(t, "610602", "20250315", 1)
			if c.CertMasked != cnid.Mask(full) || !strings.HasPrefix(c.CertMasked, "610602********") || strings.Contains(string(raw), full) {
				t.Fatalf("certificate not masked: %s", raw)
			}
			if c.BirthDate != "2025-03-15" || c.Sex != "male" || c.AgeMonths != 18 {
				t.Fatalf("birth date, sex and age from the ID: %+v", c)
			}
			if c.Enrolment == nil || c.Enrolment.ClassID != cls.ID || c.Enrolment.CareType != "full_day" || c.Enrolment.FeeFen != 180000 ||
				c.Enrolment.StartDate != "2026-10-08" || c.Enrolment.InstitutionName != "baota托育中心" {
				t.Fatalf("enrolment: %s", raw)
			}
			if len(c.Guardians) != 2 || len(c.PickupPersons) != 1 || c.Guardians[0].IDMasked != "610602********"+kidResidentID(t, "610602", "19900101", 201)[14:] {
				t.Fatalf("guardians: %s", raw)
			}
			if len(c.Consents) != 2 || c.Consents[0].GuardianID != c.Guardians[0].ID || !c.Consents[0].Active {
				t.Fatalf("consents from the form: %s", raw)
			}
			if strings.Contains(string(raw), "19900101") {
				t.Fatalf("a guardian's ID number leaked: %s", raw)
			}
			// a second child, then the list with its filters and pages
			e.kidEnrol("director1", inst, cls.ID, "610602", "20250401", 2)
			other := e.kidCreateClass("director1", inst, "托大一班", "toddler_older", 0)
			e.kidEnrol("director1", inst, other.ID, "610602", "20240501", 3)
			var l kidList
			raw = e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d/children?per_page=2", inst), nil, 200, &l)
			if l.Total != 3 || len(l.Items) != 2 || strings.Contains(string(raw), "20250315") && strings.Contains(string(raw), full) {
				t.Fatalf("list: %s", raw)
			}
			e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d/children?per_page=2&page=2", inst), nil, 200, &l)
			if l.Total != 3 || len(l.Items) != 1 {
				t.Fatalf("page 2: %+v", l)
			}
			e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d/children?class_id=%d", inst, cls.ID), nil, 200, &l)
			if l.Total != 2 {
				t.Fatalf("class filter: %+v", l)
			}
			e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d/children?q=%s", inst, "小明3"), nil, 200, &l)
			if l.Total != 1 || l.Items[0].Enrolment.ClassID != other.ID {
				t.Fatalf("name filter: %+v", l)
			}
			var got kidClass
			e.do("carer1", "GET", fmt.Sprintf("/api/v1/classes/%d", cls.ID), nil, 200, &got)
			if got.Enrolled != 2 || got.Capacity != 15 {
				t.Fatalf("class after enrolment: %+v", got)
			}
			// no caregivers assigned: the ratio finding is a warning on the response
			var c4 kidChild
			e.do("director1", "POST", fmt.Sprintf("/api/v1/institutions/%d/children", inst), kidEnrolBody(t, cls.ID, "610602", "20250501", 4), 201, &c4)
			if len(c4.Warnings) == 0 || c4.Warnings[0].RuleID != "class.ratio" {
				t.Fatalf("ratio warning: %+v", c4.Warnings)
			}
			var audit struct {
				Total int `json:"total"`
			}
			e.do("baota", "GET", fmt.Sprintf("/api/v1/audit?entity=child&id=%d&action=child.enrol", c.ID), nil, 200, &audit)
			if audit.Total != 1 {
				t.Fatalf("enrolment not audited: %+v", audit)
			}
		})
	}
}

func TestEnrolRefusals(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			inst := e.inst["baota"]
			infants := e.kidCreateClass("director1", inst, "乳儿班", "infant", 0)
			toddlers := e.kidCreateClass("director1", inst, "托小班", "toddler_young", 1)
			path := fmt.Sprintf("/api/v1/institutions/%d/children", inst)
			var er kidErr

			// a wrong check character names the field
			body := kidEnrolBody(t, toddlers.ID, "610602", "20250315", 1)
			body["child"].(map[string]any)["cert_number"] = kidWrongCheck(kidResidentID(t, "610602", "20250315", 1))
			e.do("director1", "POST", path, body, 422, &er)
			if er.Error.Fields["child.cert_number"] != "bad_check_char" {
				t.Fatalf("bad ID: %+v", er)
			}
			// a guardian's bad ID and phone, a bad care type and no start date
			body = kidEnrolBody(t, toddlers.ID, "610602", "20250315", 1)
			g := body["guardians"].([]map[string]any)
			g[0]["id_number"] = kidWrongCheck(kidResidentID(t, "610602", "19900101", 5))
			g[1]["phone"] = "12345"
			body["care_type"], body["start_date"], body["fee_fen"] = "overnight", "", -1
			er = kidErr{}
			e.do("director1", "POST", path, body, 422, &er)
			want := map[string]string{"guardians[0].id_number": "bad_check_char", "guardians[1].phone": "bad_phone", "care_type": "not_allowed",
				"start_date": "required", "fee_fen": "negative"}
			for f, r := range want {
				if er.Error.Fields[f] != r {
					t.Errorf("field %s: %q, want %q (%+v)", f, er.Error.Fields[f], r, er.Error.Fields)
				}
			}
			body = kidEnrolBody(t, toddlers.ID, "610602", "20250315", 1)
			body["guardians"] = []map[string]any{}
			er = kidErr{}
			e.do("director1", "POST", path, body, 422, &er)
			if er.Error.Fields["guardians"] != "required" {
				t.Fatalf("no guardian: %+v", er)
			}
			// birth date given that contradicts the ID
			body = kidEnrolBody(t, toddlers.ID, "610602", "20250315", 1)
			body["child"].(map[string]any)["birth_date"] = "2025-03-16"
			er = kidErr{}
			e.do("director1", "POST", path, body, 422, &er)
			if er.Error.Fields["child.birth_date"] != "does_not_match_id" {
				t.Fatalf("birth date against ID: %+v", er)
			}
			// an 18-month-old does not fit the infant class: the rule is named with its legal basis
			er = kidErr{}
			e.do("director1", "POST", path, kidEnrolBody(t, infants.ID, "610602", "20250315", 1), 422, &er)
			if er.Error.Fields["class_id"] != "rule:class.age" || !er.ruleNamed("class.age", "《托育机构设置标准（试行）》第十九条") {
				t.Fatalf("age: %+v", er)
			}
			// a child over 3 is told so, whatever the class
			er = kidErr{}
			e.do("director1", "POST", path, kidEnrolBody(t, infants.ID, "610602", "20220315", 1), 422, &er)
			if !er.ruleNamed("class.age", "第十九条") || !strings.Contains(er.Error.Findings[0].Message, "超过3周岁，不属于托育服务对象") {
				t.Fatalf("over 3: %+v", er)
			}
			// nothing was kept of the refused requests
			var l kidList
			e.do("director1", "GET", path, nil, 200, &l)
			if l.Total != 0 {
				t.Fatalf("a refused enrolment left a child: %+v", l)
			}
			// a full class is a conflict
			e.kidEnrol("director1", inst, toddlers.ID, "610602", "20250315", 1)
			er = kidErr{}
			e.do("director1", "POST", path, kidEnrolBody(t, toddlers.ID, "610602", "20250401", 2), 409, &er)
			if er.Error.Fields["class_id"] != "class_full" {
				t.Fatalf("full: %+v", er)
			}
			// the same child at another institution: 409, ID number unique city-wide
			ansai := e.kidCreateClass("director2", e.inst["ansai"], "托小班", "toddler_young", 0)
			er = kidErr{}
			e.do("director2", "POST", fmt.Sprintf("/api/v1/institutions/%d/children", e.inst["ansai"]), kidEnrolBody(t, ansai.ID, "610602", "20250315", 1), 409, &er)
			if er.Error.Fields["child.cert_number"] != "already_enrolled" {
				t.Fatalf("enrolled elsewhere: %+v", er)
			}
			// a class of another institution is not one to enrol into
			er = kidErr{}
			e.do("director1", "POST", path, kidEnrolBody(t, ansai.ID, "610602", "20250401", 3), 422, &er)
			if er.Error.Fields["class_id"] != "unknown_class" {
				t.Fatalf("foreign class: %+v", er)
			}
			// out of scope and wrong role
			e.do("director2", "POST", path, kidEnrolBody(t, toddlers.ID, "610602", "20250401", 3), 404, nil)
			e.do("carer1", "POST", path, kidEnrolBody(t, toddlers.ID, "610602", "20250401", 3), 403, nil)
			e.do("baota", "POST", path, kidEnrolBody(t, toddlers.ID, "610602", "20250401", 3), 403, nil)
		})
	}
}

// TestEnrolRaceForLastPlace races several enrolments over HTTP for the last
// place of a class: exactly one wins, the others are told the class is full.
func TestEnrolRaceForLastPlace(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			inst := e.inst["baota"]
			cls := e.kidCreateClass("director1", inst, "托大班", "toddler_older", 2)
			e.kidEnrol("director1", inst, cls.ID, "610602", "20240501", 1)
			tok := e.login("director1")
			const racers = 6
			statuses := make([]int, racers)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range racers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					body := kidEnrolBody(t, cls.ID, "610602", "20240601", 10+i)
					req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/institutions/%d/children", e.srv.URL, inst), strings.NewReader(kidJSON(body)))
					req.Header.Set("Authorization", "Bearer "+tok)
					req.Header.Set("Content-Type", "application/json")
					<-start
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						t.Error(err)
						return
					}
					resp.Body.Close()
					statuses[i] = resp.StatusCode
				}()
			}
			close(start)
			wg.Wait()
			won, full := 0, 0
			for _, s := range statuses {
				switch s {
				case 201:
					won++
				case 409:
					full++
				}
			}
			if won != 1 || full != racers-1 {
				t.Fatalf("race for the last place: statuses %v", statuses)
			}
			var got kidClass
			e.do("director1", "GET", fmt.Sprintf("/api/v1/classes/%d", cls.ID), nil, 200, &got)
			if got.Enrolled != 2 {
				t.Fatalf("class holds %d children, capacity 2", got.Enrolled)
			}
		})
	}
}

func TestWithdrawAndMove(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			inst := e.inst["baota"]
			a := e.kidCreateClass("director1", inst, "托小一班", "toddler_young", 1)
			c1 := e.kidEnrol("director1", inst, a.ID, "610602", "20250315", 1)
			path := fmt.Sprintf("/api/v1/institutions/%d/children", inst)
			e.do("director1", "POST", path, kidEnrolBody(t, a.ID, "610602", "20250401", 2), 409, nil)

			// withdrawal frees the place at once
			var end struct {
				EndDate string `json:"end_date"`
				ClassID int64  `json:"class_id"`
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/withdraw", c1.ID), map[string]string{"date": "2027-01-01"}, 422, nil)
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/withdraw", c1.ID), map[string]string{"reason": "搬家"}, 200, &end)
			// the enrolment started 2026-10-08, after today: it ends on its start date
			if end.EndDate != "2026-10-08" || end.ClassID != a.ID {
				t.Fatalf("withdrawal: %+v", end)
			}
			e.do("director1", "GET", fmt.Sprintf("/api/v1/children/%d", c1.ID), nil, 404, nil)
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/withdraw", c1.ID), nil, 404, nil)
			c2 := e.kidEnrol("director1", inst, a.ID, "610602", "20250401", 2)
			var l kidList
			e.do("director1", "GET", path+"?status=withdrawn", nil, 200, &l)
			if l.Total != 1 || l.Items[0].ID != c1.ID || l.Items[0].Enrolment.EndDate != "2026-10-08" {
				t.Fatalf("withdrawn list: %+v", l)
			}
			// the child who left can enrol elsewhere: the record is re-used
			ansai := e.kidCreateClass("director2", e.inst["ansai"], "托小班", "toddler_young", 0)
			var again kidChild
			e.do("director2", "POST", fmt.Sprintf("/api/v1/institutions/%d/children", e.inst["ansai"]), kidEnrolBody(t, ansai.ID, "610602", "20250315", 1), 201, &again)
			if again.ID != c1.ID || again.Enrolment.InstitutionID != e.inst["ansai"] || len(again.Guardians) != 2 {
				t.Fatalf("re-enrolment: %+v", again)
			}

			// moves: the age band and the capacity of the target class apply
			infants := e.kidCreateClass("director1", inst, "乳儿班", "infant", 0)
			var er kidErr
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/move", c2.ID), map[string]any{"class_id": infants.ID}, 422, &er)
			if er.Error.Fields["class_id"] != "rule:class.age" {
				t.Fatalf("move to a class of the wrong age: %+v", er)
			}
			fullClass := e.kidCreateClass("director1", inst, "托小二班", "toddler_young", 1)
			e.kidEnrol("director1", inst, fullClass.ID, "610602", "20250501", 3)
			er = kidErr{}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/move", c2.ID), map[string]any{"class_id": fullClass.ID}, 409, &er)
			if er.Error.Fields["class_id"] != "class_full" {
				t.Fatalf("move to a full class: %+v", er)
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/move", c2.ID), map[string]any{"class_id": ansai.ID}, 422, nil)
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/move", c2.ID), map[string]any{"class_id": a.ID}, 422, nil)
			mixed := e.kidCreateClass("director1", inst, "混合班", "混合班", 0)
			var moved kidChild
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/move", c2.ID), map[string]any{"class_id": mixed.ID}, 200, &moved)
			if moved.Enrolment.ClassID != mixed.ID || moved.Enrolment.ClassName != "混合班" {
				t.Fatalf("moved: %+v", moved.Enrolment)
			}
			var old kidClass
			e.do("director1", "GET", fmt.Sprintf("/api/v1/classes/%d", a.ID), nil, 200, &old)
			if old.Enrolled != 0 {
				t.Fatalf("the old class still counts the child: %+v", old)
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/move", c2.ID), map[string]any{"class_id": a.ID}, 200, nil)
		})
	}
}

func TestMaskedIDsAndReveal(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			inst := e.inst["baota"]
			cls := e.kidCreateClass("director1", inst, "托小班", "toddler_young", 0)
			c := e.kidEnrol("director1", inst, cls.ID, "610602", "20250315", 1)
			full := kidResidentID(t, "610602", "20250315", 1)
			guardianID := kidResidentID(t, "610602", "19900101", 201)
			for _, user := range []string{"director1", "carer1", "baota", "yanan"} {
				raw := e.do(user, "GET", fmt.Sprintf("/api/v1/children/%d", c.ID), nil, 200, nil)
				if strings.Contains(string(raw), full) || strings.Contains(string(raw), guardianID) || !strings.Contains(string(raw), cnid.Mask(full)) {
					t.Fatalf("%s sees an unmasked ID: %s", user, raw)
				}
				raw = e.do(user, "GET", fmt.Sprintf("/api/v1/institutions/%d/children", inst), nil, 200, nil)
				if strings.Contains(string(raw), full) || !strings.Contains(string(raw), cnid.Mask(full)) {
					t.Fatalf("%s list: %s", user, raw)
				}
			}
			// regulators see guardians' phones masked too
			var reg kidChild
			e.do("baota", "GET", fmt.Sprintf("/api/v1/children/%d", c.ID), nil, 200, &reg)
			if reg.Guardians[0].Phone != "139******01" {
				t.Fatalf("regulator sees phone %q", reg.Guardians[0].Phone)
			}
			// revealing is the director's, audited
			var rv struct {
				Number  string `json:"number"`
				Subject string `json:"subject"`
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/reveal-id", c.ID), map[string]string{"reason": "核对入托材料"}, 200, &rv)
			if rv.Number != full || rv.Subject != "child" {
				t.Fatalf("reveal: %+v", rv)
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/reveal-id", c.ID), map[string]any{"guardian_id": c.Guardians[0].ID}, 200, &rv)
			if rv.Number != guardianID || rv.Subject != "guardian" {
				t.Fatalf("guardian reveal: %+v", rv)
			}
			e.do("carer1", "POST", fmt.Sprintf("/api/v1/children/%d/reveal-id", c.ID), nil, 403, nil)
			e.do("baota", "POST", fmt.Sprintf("/api/v1/children/%d/reveal-id", c.ID), nil, 403, nil)
			e.do("director2", "POST", fmt.Sprintf("/api/v1/children/%d/reveal-id", c.ID), nil, 404, nil)
			var audit struct {
				Total int `json:"total"`
				Items []struct {
					ActorName string          `json:"actor"`
					Detail    json.RawMessage `json:"detail"`
				} `json:"items"`
			}
			e.do("baota", "GET", fmt.Sprintf("/api/v1/audit?entity=child&id=%d&action=child.reveal_id", c.ID), nil, 200, &audit)
			if audit.Total != 2 || audit.Items[0].ActorName != "director1" {
				t.Fatalf("reveals not audited: %+v", audit)
			}
			for _, it := range audit.Items {
				if strings.Contains(string(it.Detail), full) || strings.Contains(string(it.Detail), guardianID) {
					t.Fatalf("the audit log holds a full number: %s", it.Detail)
				}
			}
		})
	}
}

func TestInvitationAndOwnChildren(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			e.do("admin", "POST", "/api/v1/users", map[string]any{"username": "parent2", "password": password, "role": "guardian"}, 201, nil)
			inst := e.inst["baota"]
			cls := e.kidCreateClass("director1", inst, "托小班", "toddler_young", 0)
			c := e.kidEnrol("director1", inst, cls.ID, "610602", "20250315", 1)
			mother := c.Guardians[0].ID
			var inv struct {
				Code      string    `json:"code"`
				ExpiresAt time.Time `json:"expires_at"`
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/guardians/%d/invitation", c.ID, mother), nil, 201, &inv)
			if d := inv.ExpiresAt.Sub(testkit.DefaultNow.Add(14 * 24 * time.Hour)); len(inv.Code) != 14 || d < 0 || d > time.Minute {
				t.Fatalf("invitation: %+v", inv)
			}
			// before claiming, the parent sees nothing
			var mine kidList
			e.do("parent1", "GET", "/api/v1/me/children", nil, 200, &mine)
			if mine.Total != 0 {
				t.Fatalf("unlinked parent sees %+v", mine)
			}
			e.do("parent1", "GET", fmt.Sprintf("/api/v1/me/children/%d", c.ID), nil, 404, nil)
			e.do("parent1", "POST", "/api/v1/me/children/claim", map[string]string{"code": "AAAA-BBBB-CCCC"}, 422, nil)
			var claimed kidChild
			e.do("parent1", "POST", "/api/v1/me/children/claim", map[string]string{"code": strings.ToLower(inv.Code)}, 200, &claimed)
			if claimed.ID != c.ID {
				t.Fatalf("claim: %+v", claimed)
			}
			raw := e.do("parent1", "GET", "/api/v1/me/children", nil, 200, &mine)
			if mine.Total != 1 || mine.Items[0].ID != c.ID || mine.Items[0].Enrolment.ClassName != "托小班" ||
				mine.Items[0].Enrolment.InstitutionName != "baota托育中心" || mine.Items[0].CertMasked == "" || !mine.Items[0].Guardians[0].Linked {
				t.Fatalf("own children: %s", raw)
			}
			if strings.Contains(string(raw), kidResidentID(t, "610602", "20250315", 1)) || strings.Contains(string(raw), kidResidentID(t, "610602", "19900101", 201)) {
				t.Fatalf("own children shows a full ID: %s", raw)
			}
			e.do("parent1", "GET", fmt.Sprintf("/api/v1/me/children/%d", c.ID), nil, 200, nil)
			e.do("parent1", "GET", fmt.Sprintf("/api/v1/children/%d", c.ID), nil, 403, nil)
			// the code is spent; another guardian account sees nothing of the child
			e.do("parent2", "POST", "/api/v1/me/children/claim", map[string]string{"code": inv.Code}, 422, nil)
			e.do("parent2", "GET", fmt.Sprintf("/api/v1/me/children/%d", c.ID), nil, 404, nil)
			e.do("parent2", "GET", "/api/v1/me/children", nil, 200, &mine)
			if mine.Total != 0 {
				t.Fatalf("parent2 sees %+v", mine)
			}
			// a linked guardian gets no new code; the other guardian's expires after 14 days
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/guardians/%d/invitation", c.ID, mother), nil, 409, nil)
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/guardians/%d/invitation", c.ID, c.Guardians[1].ID), nil, 201, &inv)
			var me domain.User
			e.do("parent2", "GET", "/api/v1/me", nil, 200, &me)
			later := e.app.Service.WithClock(func() time.Time { return testkit.DefaultNow.Add(15 * 24 * time.Hour) })
			_, err := later.ClaimInvitation(context.Background(), authz.ForUser(me, "", 0), service.Claim{Code: inv.Code})
			if domain.ErrorCode(err) != domain.CodeInvalid {
				t.Fatalf("expired code: %v", err)
			}
			e.do("director2", "POST", fmt.Sprintf("/api/v1/children/%d/guardians/%d/invitation", c.ID, c.Guardians[1].ID), nil, 404, nil)
			e.do("carer1", "POST", fmt.Sprintf("/api/v1/children/%d/guardians/%d/invitation", c.ID, c.Guardians[1].ID), nil, 403, nil)
			e.do("parent2", "POST", "/api/v1/me/children/claim", map[string]string{"code": inv.Code}, 200, nil)
			var audit struct {
				Total int `json:"total"`
			}
			e.do("baota", "GET", fmt.Sprintf("/api/v1/audit?entity=child&id=%d&action=guardian.claim", c.ID), nil, 200, &audit)
			if audit.Total != 2 {
				t.Fatalf("claims not audited: %+v", audit)
			}
			// removing a guardian takes the account's access away; the last one stays
			e.do("director1", "DELETE", fmt.Sprintf("/api/v1/children/%d/guardians/%d", c.ID, c.Guardians[1].ID), nil, 200, nil)
			e.do("parent2", "GET", fmt.Sprintf("/api/v1/me/children/%d", c.ID), nil, 404, nil)
			var er kidErr
			e.do("director1", "DELETE", fmt.Sprintf("/api/v1/children/%d/guardians/%d", c.ID, mother), nil, 409, &er)
			if er.Error.Fields["guardian"] != "last_guardian" {
				t.Fatalf("last guardian: %+v", er)
			}
			// guardians and pick-up persons: add with a validated ID, remove
			var g struct {
				ID       int64  `json:"id"`
				IDMasked string `json:"id_masked"`
				Phone    string `json:"phone"`
			}
			er = kidErr{}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/guardians", c.ID), map[string]any{"name": "王外婆", "relation": "grandparent",
				"phone": "13700000001", "id_number": kidWrongCheck(kidResidentID(t, "610603", "19600101", 7))}, 422, &er)
			if er.Error.Fields["id_number"] != "bad_check_char" {
				t.Fatalf("guardian ID: %+v", er)
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/guardians", c.ID), map[string]any{"name": "王外婆", "relation": "grandparent",
				"phone": "+86 137-0000-0001", "id_number": kidResidentID(t, "610603", "19600101", 7)}, 201, &g)
			if g.Phone != "13700000001" || g.IDMasked != cnid.Mask(kidResidentID(t, "610603", "19600101", 7)) {
				t.Fatalf("guardian added: %+v", g)
			}
			var p struct {
				ID int64 `json:"id"`
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/pickup-persons", c.ID), map[string]any{"name": "张阿姨", "relation": "other", "phone": "13600000002"}, 201, &p)
			e.do("director1", "DELETE", fmt.Sprintf("/api/v1/children/%d/pickup-persons/%d", c.ID, p.ID), nil, 200, nil)
			e.do("director1", "DELETE", fmt.Sprintf("/api/v1/children/%d/pickup-persons/%d", c.ID, p.ID), nil, 404, nil)
			var detail kidChild
			e.do("director1", "GET", fmt.Sprintf("/api/v1/children/%d", c.ID), nil, 200, &detail)
			if len(detail.Guardians) != 2 || len(detail.PickupPersons) != 1 {
				t.Fatalf("guardians %d, pick-up persons %d", len(detail.Guardians), len(detail.PickupPersons))
			}
		})
	}
}

func TestConsents(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			e.do("admin", "POST", "/api/v1/users", map[string]any{"username": "parent2", "password": password, "role": "guardian"}, 201, nil)
			inst := e.inst["baota"]
			cls := e.kidCreateClass("director1", inst, "托小班", "toddler_young", 0)
			c := e.kidEnrol("director1", inst, cls.ID, "610602", "20250315", 1)
			var inv struct {
				Code string `json:"code"`
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/guardians/%d/invitation", c.ID, c.Guardians[0].ID), nil, 201, &inv)
			e.do("parent1", "POST", "/api/v1/me/children/claim", map[string]string{"code": inv.Code}, 200, nil)

			// the director records a paper consent by the father
			var paper kidConsent
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/consents", c.ID), map[string]any{"purpose": "enrolment", "guardian_id": c.Guardians[1].ID}, 201, &paper)
			if d := paper.GivenAt.Sub(testkit.DefaultNow); paper.GuardianID != c.Guardians[1].ID || !paper.Active || d < 0 || d > time.Minute {
				t.Fatalf("paper consent: %+v", paper)
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/consents", c.ID), map[string]any{"purpose": "enrolment", "guardian_id": c.Guardians[1].ID}, 409, nil)
			e.do("director1", "POST", fmt.Sprintf("/api/v1/children/%d/consents", c.ID), map[string]any{"purpose": "marketing", "guardian_id": c.Guardians[1].ID}, 422, nil)
			// the mother consents to photos from her own account, then withdraws
			var photos kidConsent
			e.do("parent1", "POST", fmt.Sprintf("/api/v1/me/children/%d/consents", c.ID), map[string]string{"purpose": "photos"}, 201, &photos)
			if photos.GuardianID != c.Guardians[0].ID || photos.Purpose != "photos" {
				t.Fatalf("own consent: %+v", photos)
			}
			e.do("parent1", "POST", fmt.Sprintf("/api/v1/me/children/%d/consents", c.ID), map[string]string{"purpose": "photos"}, 409, nil)
			e.do("parent2", "POST", fmt.Sprintf("/api/v1/me/children/%d/consents", c.ID), map[string]string{"purpose": "photos"}, 404, nil)
			e.do("parent2", "POST", fmt.Sprintf("/api/v1/consents/%d/withdraw", photos.ID), nil, 404, nil)
			e.do("director1", "POST", fmt.Sprintf("/api/v1/consents/%d/withdraw", photos.ID), nil, 403, nil)
			var withdrawn kidConsent
			e.do("parent1", "POST", fmt.Sprintf("/api/v1/consents/%d/withdraw", photos.ID), nil, 200, &withdrawn)
			if withdrawn.Active || withdrawn.WithdrawnAt == nil {
				t.Fatalf("withdrawn: %+v", withdrawn)
			}
			e.do("parent1", "POST", fmt.Sprintf("/api/v1/consents/%d/withdraw", photos.ID), nil, 409, nil)
			// any current guardian of the child may withdraw a consent given for it
			e.do("parent1", "POST", fmt.Sprintf("/api/v1/consents/%d/withdraw", paper.ID), nil, 200, nil)
			var list []kidConsent
			e.do("director1", "GET", fmt.Sprintf("/api/v1/children/%d/consents", c.ID), nil, 200, &list)
			if len(list) != 2 || list[0].Active || list[1].Active {
				t.Fatalf("consents: %+v", list)
			}
			e.do("parent1", "GET", fmt.Sprintf("/api/v1/me/children/%d/consents", c.ID), nil, 200, &list)
			if len(list) != 2 {
				t.Fatalf("own consents: %+v", list)
			}
			e.do("parent2", "GET", fmt.Sprintf("/api/v1/me/children/%d/consents", c.ID), nil, 404, nil)
			e.do("ansai", "GET", fmt.Sprintf("/api/v1/children/%d/consents", c.ID), nil, 404, nil)
			var audit struct {
				Total int `json:"total"`
			}
			e.do("baota", "GET", fmt.Sprintf("/api/v1/audit?entity=child&id=%d&action=consent.withdraw", c.ID), nil, 200, &audit)
			if audit.Total != 2 {
				t.Fatalf("withdrawals not audited: %+v", audit)
			}
			ok, err := e.app.Service.ChildHasConsent(context.Background(), c.ID, domain.ConsentPhotos)
			if err != nil || ok {
				t.Fatalf("photo consent after withdrawal: %v %v", ok, err)
			}
		})
	}
}

func TestChildScope(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			bc := e.kidCreateClass("director1", e.inst["baota"], "托小班", "toddler_young", 0)
			ac := e.kidCreateClass("director2", e.inst["ansai"], "托小班", "toddler_young", 0)
			baotaChild := e.kidEnrol("director1", e.inst["baota"], bc.ID, "610602", "20250315", 1)
			ansaiChild := e.kidEnrol("director2", e.inst["ansai"], ac.ID, "610603", "20250315", 2)
			want := map[string]int{"admin": 403, "yanan": 200, "baota": 200, "ansai": 404, "partner": 403, "director1": 200, "director2": 404,
				"carer1": 200, "parent1": 403, "guide1": 403, "": 401}
			for user, status := range want {
				e.do(user, "GET", fmt.Sprintf("/api/v1/children/%d", baotaChild.ID), nil, status, nil)
			}
			e.do("carer1", "GET", fmt.Sprintf("/api/v1/children/%d", ansaiChild.ID), nil, 404, nil)
			e.do("carer1", "GET", fmt.Sprintf("/api/v1/institutions/%d/children", e.inst["ansai"]), nil, 404, nil)
			e.do("carer1", "GET", fmt.Sprintf("/api/v1/institutions/%d/classes", e.inst["ansai"]), nil, 404, nil)
			e.do("ansai", "GET", fmt.Sprintf("/api/v1/classes/%d", bc.ID), nil, 404, nil)
			var l kidList
			e.do("carer1", "GET", fmt.Sprintf("/api/v1/institutions/%d/children", e.inst["baota"]), nil, 200, &l)
			if l.Total != 1 || l.Items[0].ID != baotaChild.ID {
				t.Fatalf("carer1 list: %+v", l)
			}
			e.do("yanan", "GET", fmt.Sprintf("/api/v1/institutions/%d/children", e.inst["ansai"]), nil, 200, &l)
			if l.Total != 1 || l.Items[0].ID != ansaiChild.ID {
				t.Fatalf("city list: %+v", l)
			}
			// writes out of scope are not found
			e.do("director2", "POST", fmt.Sprintf("/api/v1/children/%d/withdraw", baotaChild.ID), nil, 404, nil)
			e.do("director2", "POST", fmt.Sprintf("/api/v1/children/%d/move", baotaChild.ID), map[string]any{"class_id": ac.ID}, 404, nil)
			e.do("director2", "PATCH", fmt.Sprintf("/api/v1/children/%d", baotaChild.ID), map[string]any{"allergies": "无"}, 404, nil)
			e.do("director2", "POST", fmt.Sprintf("/api/v1/children/%d/guardians", baotaChild.ID), map[string]any{"name": "x", "relation": "other", "phone": "13600000009"}, 404, nil)
			var upd kidChild
			e.do("director1", "PATCH", fmt.Sprintf("/api/v1/children/%d", baotaChild.ID), map[string]any{"allergies": "无", "household_region": "999999"}, 422, nil)
			e.do("director1", "PATCH", fmt.Sprintf("/api/v1/children/%d", baotaChild.ID), map[string]any{"allergies": "牛奶"}, 200, &upd)
		})
	}
}

func kidJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
