package api_test

import (
	"fmt"
	"testing"

	"tuoyu/internal/testkit"
)

// A person hired with an account logs in as a caregiver of the institution
// and clocks in to a class they are assigned to.
func TestHireWithAccountThenClockIn(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			inst := e.inst["baota"]
			var st struct {
				ID int64 `json:"id"`
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/institutions/%d/staff", inst), map[string]any{
				"name": "王保育", "id_number": stfID(t, "110105", "19891231", 2), "phone": "13912345670", "post": "caregiver", "education": "bachelor", "certificates": healthCert,
				"account": map[string]string{"username": "carer-wang", "password": password}}, 201, &st)
			var me struct {
				Role          string `json:"role"`
				InstitutionID int64  `json:"institution_id"`
			}
			e.do("carer-wang", "GET", "/api/v1/me", nil, 200, &me)
			if me.Role != "caregiver" || me.InstitutionID != inst {
				t.Fatalf("account: %+v", me)
			}
			var class struct {
				ID int64 `json:"id"`
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/institutions/%d/classes", inst), map[string]any{
				"name": "托大一班", "type": "toddler_older", "capacity": 20, "caregiver_ids": []int64{st.ID}}, 201, &class)
			e.do("carer-wang", "POST", fmt.Sprintf("/api/v1/classes/%d/clock-in", class.ID), map[string]any{}, 201, nil)
			// a taken username names the account field and hires nobody
			var errOut struct {
				Error struct {
					Fields map[string]string `json:"fields"`
				} `json:"error"`
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/institutions/%d/staff", inst), map[string]any{
				"name": "李厨", "id_number": stfID(t, "440524", "19800101", 1), "phone": "13912345671", "post": "cook", "certificates": healthCert,
				"account": map[string]string{"username": "carer-wang", "password": password}}, 409, &errOut)
			if errOut.Error.Fields["account.username"] != "taken" {
				t.Fatalf("taken username: %+v", errOut)
			}
		})
	}
}
