package store

import (
	"reflect"
	"sort"
	"testing"
	"time"

	"tuoyu/internal/authz"
)

// unscopedReads are the methods of Q that return data without taking a
// scope, each with why that is right. Everything else that returns more
// than numbers and flags takes an authz.Scope.
var unscopedReads = map[string]string{
	"SessionByTokenHash":   "authenticates a request: the token is the credential",
	"Dialect":              "the querier's database, no records",
	"Exec":                 "the querier for capability packages, which join the scope in their own SQL",
	"Query":                "the querier for capability packages, which join the scope in their own SQL",
	"QueryRow":             "the querier for capability packages, which join the scope in their own SQL",
	"ForUpdate":            "an SQL suffix, no records",
	"Savepoint":            "a point to roll a write transaction back to, no records",
	"StandardOverrides":    "figures of the standard in force, not people or institutions",
	"UserByUsername":       "login: the password is checked next",
	"UserByID":             "the account of a session or of an account just written (accounts have no scope; managing them is the administrator's permission)",
	"ListUsers":            "account administration, the administrator's permission only; accounts have no scope",
	"GuardianByInvitation": "redeeming an invitation: the code is the credential",
	"PublicInstitutions":   "the public directory: public facts of filed institutions",
	"CountyPriceCaps":      "price caps are public pricing rules of a county",
	"PriceCap":             "price caps are public pricing rules of a county",
	"Holidays":             "reference data: the official calendar",
	"Region":               "reference data: administrative divisions",
	"Regions":              "reference data: administrative divisions",
	"Setting":              "deployment settings, not people",
	"ApplyPayment":         "a write: returns the new state of the bill it changed",
	"NextReceiptNo":        "a write: issues the next receipt number of a county",
}

var scopeType = reflect.TypeOf(authz.Scope{})

// scoped reports whether a parameter of type t is the caller's scope or
// carries an InstitutionRef, which only a scoped read makes.
func scoped(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Pointer:
		return scoped(t.Elem())
	case reflect.Struct:
		if t == scopeType || t == reflect.TypeOf(InstitutionRef{}) {
			return true
		}
		for i := 0; i < t.NumField(); i++ {
			if scoped(t.Field(i).Type) {
				return true
			}
		}
	}
	return false
}

// carriesData reports whether values of t hold more than numbers, flags
// and times: a string or a record.
func carriesData(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Interface:
		return true
	case reflect.Struct:
		return t != reflect.TypeOf(time.Time{})
	case reflect.Slice, reflect.Array, reflect.Pointer:
		return carriesData(t.Elem())
	case reflect.Map:
		return carriesData(t.Key()) || carriesData(t.Elem())
	default:
		return false
	}
}

// Every exported read of Q that returns people or institution data takes
// the caller's scope or a value only a scoped read makes (InstitutionRef),
// or is listed above with its reason.
func TestEveryReadTakesTheScope(t *testing.T) {
	errorType := reflect.TypeOf((*error)(nil)).Elem()
	q := reflect.TypeOf(Q{})
	seen := map[string]bool{}
	var withScope, unscoped []string
	for i := 0; i < q.NumMethod(); i++ {
		m := q.Method(i)
		takesScope := false
		for j := 1; j < m.Type.NumIn(); j++ {
			if scoped(m.Type.In(j)) {
				takesScope = true
			}
		}
		returnsData := false
		for j := 0; j < m.Type.NumOut(); j++ {
			if out := m.Type.Out(j); out != errorType && carriesData(out) {
				returnsData = true
			}
		}
		switch {
		case takesScope:
			withScope = append(withScope, m.Name)
			if _, listed := unscopedReads[m.Name]; listed {
				t.Errorf("%s takes a scope: take it off unscopedReads", m.Name)
			}
		case returnsData:
			unscoped = append(unscoped, m.Name)
			seen[m.Name] = true
			if _, listed := unscopedReads[m.Name]; !listed {
				t.Errorf("%s returns data but takes no authz.Scope: add the scope and join it in SQL (scopeWhere)", m.Name)
			}
		}
	}
	for name := range unscopedReads {
		if !seen[name] {
			t.Errorf("unscopedReads lists %s, which is no unscoped read of Q", name)
		}
	}
	sort.Strings(unscoped)
	t.Logf("%d methods, %d take a scope; unscoped reads: %v", q.NumMethod(), len(withScope), unscoped)
}

// A scope that reaches nothing (nobody logged in) keeps no row, whatever
// the row is tied to.
func TestNobodysScopeKeepsNothing(t *testing.T) {
	nobody := authz.Anonymous("").Scope()
	for _, on := range []scopeOn{{Institution: "i"}, {Child: "c.id"}, {Region: "a.region_code"}, {Institution: "i", Child: "c.id"},
		{Region: "a.region_code", InstitutionID: "a.institution_id"}, {User: "n.user_id"}} {
		if where, args := scopeWhere(nobody, on); where != "1=0" || len(args) != 0 {
			t.Errorf("%+v: %q %v, want 1=0", on, where, args)
		}
	}
}
