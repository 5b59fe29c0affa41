package api_test

import (
	"fmt"
	"strings"
	"testing"

	"tuoyu/internal/domain"
	"tuoyu/internal/testkit"
)

// TestStaffChecksAtHiring: a caregiver, health worker, cook or guard is 18
// or more on the start date (17 years 364 days is refused, 18 that very day
// accepted) and not over the age limit; nobody starts without a health
// certificate in date on the start date; the no-criminal-record certificate
// may follow within the grace period (accepted, and flagged by the
// compliance check until it is there), not after. The refusals name the
// document at its field; the roster import refuses the same rows at the
// same columns.
func TestStaffChecksAtHiring(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			inst := e.inst["baota"]
			both := []map[string]any{{"kind": "health", "issued_on": "2026-09-01"}, {"kind": "no_criminal_record", "issued_on": "2026-09-01"}}
			person := func(birth string, seq int, post, start string, certs []map[string]any) map[string]any {
				return map[string]any{"name": "测试人员", "id_number": stfID(t, "610602", birth, seq), "post": post, "start_date": start, "certificates": certs}
			}
			for _, tc := range []struct {
				name  string
				body  map[string]any
				field string // "" = hired
				why   string
			}{
				{"17 years 364 days", person("20081001", 1, "caregiver", "2026-09-30", both), "id_number", "staff_under_18"},
				{"a cook of 17", person("20081001", 3, "cook", "2026-09-30", both), "id_number", "staff_under_18"},
				{"18 on the start date", person("20080930", 5, "caregiver", "2026-09-30", both), "", ""},
				{"a guard over the limit", person("19620101", 7, "security", "2026-09-30", both), "id_number", "staff_over_age_limit"},
				{"a teacher's age is not limited here", person("19620101", 9, "teacher", "2026-09-30", both), "", ""},
				{"expired health certificate", person("19900101", 11, "caregiver", "2026-09-30", []map[string]any{
					{"kind": "health", "issued_on": "2025-09-01", "expires_on": "2026-08-31"}, both[1]}), "certificates.health", "no_health_certificate"},
				{"health certificate a year old", person("19900101", 13, "health", "2026-09-30", []map[string]any{
					{"kind": "health", "issued_on": "2025-09-30"}, both[1]}), "certificates.health", "no_health_certificate"},
				{"no health certificate", person("19900101", 15, "director", "2026-09-30", both[1:]), "certificates.health", "no_health_certificate"},
				{"no-criminal-record within the grace period", person("19900101", 17, "caregiver", "2026-09-15", both[:1]), "", ""},
				{"no-criminal-record after the grace period", person("19900101", 19, "caregiver", "2026-08-01", []map[string]any{
					{"kind": "health", "issued_on": "2026-07-20"}}), "certificates.no_criminal_record", "no_criminal_record_overdue"},
			} {
				if tc.field == "" {
					hire(e, "director1", inst, tc.body, 201)
					continue
				}
				_, er, _ := hire(e, "director1", inst, tc.body, 422)
				if er.Error.Fields[tc.field] != tc.why || len(er.Error.Fields) != 1 {
					t.Errorf("%s: %+v, want %s: %s", tc.name, er.Error.Fields, tc.field, tc.why)
				}
			}
			var list []domain.Finding
			e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d/compliance", inst), nil, 200, &list)
			flagged := 0
			for _, f := range cmpFind(list, "staff.background", "") {
				if strings.Contains(f.Message, "无犯罪记录证明") {
					flagged++
				}
			}
			if flagged != 1 {
				t.Errorf("%d no-criminal-record findings, want 1 (the hire within the grace period): %+v", flagged, cmpFind(list, "staff.background", ""))
			}

			// The roster: the same checks, by row and column.
			rows := [][]string{impStaffHeader,
				{"未成年", "", "", stfID(t, "610602", "20081001", 31), "", "保育员", "是", "2026-09-30", "", "2026-09-01", "", "2026-09-01", "", "", "", "", ""},
				{"证明过期", "", "", stfID(t, "610602", "19900101", 33), "", "炊事员", "是", "2026-09-30", "", "2025-09-01", "2026-08-31", "2026-09-01", "", "", "", "", ""},
				{"逾期未交", "", "", stfID(t, "610602", "19900101", 35), "", "保安", "是", "2026-08-01", "", "2026-07-20", "", "", "", "", "", "", ""},
				{"刚满18", "", "", stfID(t, "610602", "20080930", 37), "", "保育员", "是", "2026-09-30", "", "2026-09-01", "", "", "", "", "", "", ""},
			}
			res, _ := e.impPost("director1", inst, "kind=staff&dry_run=1", "staff.xlsx", impXLSX(t, rows), 200)
			got := res.errorList()
			for _, want := range []string{"2|证件号码|", "3|健康证明发证日期|", "4|无犯罪记录证明日期|"} {
				if !strings.Contains(got, want) {
					t.Errorf("roster: no error %q in\n%s", want, got)
				}
			}
			if strings.Contains(got, "5|") || res.Valid != 1 {
				t.Errorf("roster: the adult with a health certificate is refused (valid %d):\n%s", res.Valid, got)
			}
		})
	}
}
