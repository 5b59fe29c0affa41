package api_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/testkit"
)

// accounts of newEnv by role; "" is anonymous.
var roleAccounts = map[string]domain.Role{
	"admin": domain.RoleAdmin, "yanan": domain.RoleCityRegulator, "baota": domain.RoleCountyRegulator, "ansai": domain.RoleCountyRegulator,
	"partner": domain.RolePartner, "director1": domain.RoleDirector, "director2": domain.RoleDirector, "carer1": domain.RoleCaregiver,
	"parent1": domain.RoleGuardian, "guide1": domain.RoleGuide, "fire": domain.RolePartner,
}

// accountDuty is the department of the partner accounts.
var accountDuty = map[string]authz.Duty{"partner": authz.DutyApproval, "fire": authz.DutyEmergency}

func TestEveryRouteHasAPermissionRow(t *testing.T) {
	e := newEnv(t, testkit.Backends()[0])
	seen := map[string]bool{}
	for _, rt := range e.app.Routes() {
		key := rt.Method + " " + rt.Pattern
		if seen[key] {
			t.Errorf("route %s is listed twice", key)
		}
		seen[key] = true
		if !authz.Known(rt.Permission) {
			t.Errorf("route %s has no row in the permission table (permission %q)", key, rt.Permission)
		}
		if rt.Handler == nil {
			t.Errorf("route %s has no handler", key)
		}
	}
	for p := range authz.Table {
		for _, r := range authz.Table[p] {
			if !r.Valid() {
				t.Errorf("permission %s names unknown role %q", p, r)
			}
		}
	}
	for p, duties := range authz.DutyTable {
		if !authz.Has(domain.RolePartner, p) {
			t.Errorf("duty row %s: partners do not hold the permission in Table", p)
		}
		for _, d := range duties {
			if !d.Valid() {
				t.Errorf("duty row %s names unknown department %q", p, d)
			}
		}
	}
}

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	e := newEnv(t, testkit.Backends()[0])
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	e.do("", "GET", "/api/v1/openapi.json", nil, 200, &doc)
	if doc.OpenAPI == "" {
		t.Fatal("no openapi version")
	}
	for _, rt := range e.app.API.Routes() {
		op, ok := doc.Paths[rt.Pattern][strings.ToLower(rt.Method)]
		if !ok {
			t.Errorf("%s %s is missing from openapi.json", rt.Method, rt.Pattern)
			continue
		}
		if op["x-permission"] != string(rt.Permission) || op["summary"] == "" {
			t.Errorf("%s %s: permission or summary missing: %v", rt.Method, rt.Pattern, op)
		}
	}
}

// TestPermissionMatrix logs in as every role and calls every API route: a
// role without the permission gets 403 (anonymous 401); a role with it never
// does. Then the scope cells: records outside the caller's scope are 404.
func TestPermissionMatrix(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			routes := e.app.API.Routes()
			// logging out ends the token, so it goes last
			sort.SliceStable(routes, func(i, j int) bool {
				return !strings.HasSuffix(routes[i].Pattern, "/logout") && strings.HasSuffix(routes[j].Pattern, "/logout")
			})
			users := []string{""}
			for u := range roleAccounts {
				users = append(users, u)
			}
			sort.Strings(users)
			for _, user := range users {
				role := roleAccounts[user]
				for _, rt := range routes {
					path := strings.NewReplacer("{id}", "999999", "{material}", "999999").Replace(rt.Pattern)
					var body any
					if rt.Method == "POST" || rt.Method == "PUT" {
						body = map[string]any{}
					}
					b := e.do(user, rt.Method, path, body, 0, nil)
					status := e.lastStatus
					switch {
					case rt.Permission == authz.Public:
						// the login route answers 401 to the empty credentials sent here
						if status == 403 || (status == 401 && rt.Pattern != "/api/v1/auth/login") {
							t.Errorf("%s %s as %q: %d on a public route", rt.Method, path, user, status)
						}
					case user == "":
						if status != 401 {
							t.Errorf("%s %s anonymous: %d, want 401", rt.Method, path, status)
						}
					case !authz.Allows(role, accountDuty[user], rt.Permission):
						if status != 403 {
							t.Errorf("%s %s as %s (%s %s): %d, want 403: %s", rt.Method, path, user, role, accountDuty[user], status, b)
						}
					default:
						if status == 401 || status == 403 || status >= 500 {
							t.Errorf("%s %s as %s (%s): %d, want allowed: %s", rt.Method, path, user, role, status, b)
						}
					}
				}
			}

			// Scope cells on real records: baota's institution and ansai's.
			e.tokens = map[string]string{} // fresh sessions after the logouts above
			fb, fa := e.draftFiling("director1", e.inst["baota"]), e.draftFiling("director2", e.inst["ansai"])
			cells := []struct {
				path string
				want map[string]int
			}{
				{fmt.Sprintf("/api/v1/institutions/%d", e.inst["ansai"]), map[string]int{
					"admin": 200, "yanan": 200, "baota": 404, "ansai": 200, "partner": 404, "director1": 404, "director2": 200, "carer1": 404, "parent1": 403, "guide1": 403, "": 401}},
				{fmt.Sprintf("/api/v1/institutions/%d/filings", e.inst["baota"]), map[string]int{
					"admin": 200, "yanan": 200, "baota": 200, "ansai": 404, "partner": 200, "director1": 200, "director2": 404, "carer1": 403, "parent1": 403, "guide1": 403, "": 401}},
				{fmt.Sprintf("/api/v1/filings/%d", fa), map[string]int{
					"admin": 200, "yanan": 200, "baota": 404, "ansai": 200, "partner": 404, "director1": 404, "director2": 200, "carer1": 403, "parent1": 403, "guide1": 403, "": 401}},
				{fmt.Sprintf("/api/v1/filings/%d", fb), map[string]int{
					"admin": 200, "yanan": 200, "baota": 200, "ansai": 404, "partner": 200, "director1": 200, "director2": 404, "carer1": 403, "parent1": 403, "guide1": 403, "": 401}},
				{fmt.Sprintf("/api/v1/stats/institution-reports/%d/2026-08", e.inst["baota"]), map[string]int{
					"admin": 200, "yanan": 200, "baota": 200, "ansai": 404, "partner": 200, "director1": 200, "director2": 404, "carer1": 403, "parent1": 403, "guide1": 403, "": 401}},
				{"/api/v1/stats/planning?region=610603", map[string]int{
					"admin": 200, "yanan": 200, "baota": 404, "ansai": 200, "partner": 404, "director1": 403, "director2": 403, "carer1": 403, "parent1": 403, "guide1": 403, "": 401}},
			}
			for _, c := range cells {
				for user, want := range c.want {
					e.tokens = map[string]string{} // fresh sessions after the logout above
					e.do(user, "GET", c.path, nil, want, nil)
				}
			}
		})
	}
}

func (e *env) draftFiling(user string, inst int64) int64 {
	county, township := "610602", "610602001"
	if inst == e.inst["ansai"] {
		county, township = "610603", "610603001"
	}
	d := filingData(e.t, county, township)
	d["credit_code"] = creditCode(e.t, "52", county, 1000)
	if inst == e.inst["ansai"] {
		d["credit_code"] = creditCode(e.t, "52", county, 1001)
	}
	var f filingOut
	e.do(user, "POST", fmt.Sprintf("/api/v1/institutions/%d/filings", inst), d, 201, &f)
	return f.ID
}
