package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"tuoyu/internal/app"
	"tuoyu/internal/authz"
	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/testkit"
)

const password = "correct-horse-battery"

// env is a running app with a few accounts and institutions.
type env struct {
	t      *testing.T
	app    *app.App
	srv    *httptest.Server
	tokens map[string]string
	// lastStatus is the status of the last response.
	lastStatus int
	// institutions: "baota" (610602) and "ansai" (610603)
	inst map[string]int64
}

// creditCode makes a valid credit code with the given prefix and serial.
func creditCode(t testing.TB, prefix, division string, serial int) string {
	first := fmt.Sprintf("%s%s%09d", prefix, division, serial)
	c, err := cnid.CreditCodeCheckChar(first)
	if err != nil {
		t.Fatal(err)
	}
	return first + string(c)
}

func newEnv(t *testing.T, b testkit.Backend) *env {
	t.Helper()
	a := testkit.NewApp(t, b, testkit.DefaultNow)
	e := &env{t: t, app: a, srv: httptest.NewServer(a.Handler()), tokens: map[string]string{}, inst: map[string]int64{}}
	t.Cleanup(e.srv.Close)
	ctx := context.Background()
	svc := a.Service
	sys := authz.System("test")
	mk := func(n service.NewUser) domain.User {
		n.Password = password
		u, err := svc.AddUser(ctx, sys, n)
		if err != nil {
			t.Fatalf("add %s: %v", n.Username, err)
		}
		return u
	}
	mk(service.NewUser{Username: "admin", Role: domain.RoleAdmin})
	mk(service.NewUser{Username: "yanan", Role: domain.RoleCityRegulator, RegionCode: "610600"})
	baota := mk(service.NewUser{Username: "baota", Role: domain.RoleCountyRegulator, RegionCode: "610602"})
	ansai := mk(service.NewUser{Username: "ansai", Role: domain.RoleCountyRegulator, RegionCode: "610603"})
	mk(service.NewUser{Username: "partner", Role: domain.RolePartner, RegionCode: "610602", Department: string(authz.DutyApproval)})
	mk(service.NewUser{Username: "fire", Role: domain.RolePartner, RegionCode: "610602", Department: string(authz.DutyEmergency)})
	mk(service.NewUser{Username: "guide1", Role: domain.RoleGuide, RegionCode: "610602001"})
	mk(service.NewUser{Username: "parent1", Role: domain.RoleGuardian})
	for i, c := range []struct {
		key, county, township string
		regulator             domain.User
	}{{"baota", "610602", "610602001", baota}, {"ansai", "610603", "610603001", ansai}} {
		in, err := svc.CreateInstitution(ctx, authz.ForUser(c.regulator, "", 0), service.NewInstitution{
			Name: c.key + "托育中心", CreditCode: creditCode(t, "52", c.county, 1000+i), Kind: domain.KindCentre, Nature: domain.NaturePrivate,
			TownshipCode: c.township, Address: "某路1号", Phone: "0911-2345678", LegalRep: "张三", PersonInCharge: "李四", Places: 60})
		if err != nil {
			t.Fatalf("institution %s: %v", c.key, err)
		}
		e.inst[c.key] = in.ID
	}
	mk(service.NewUser{Username: "director1", Role: domain.RoleDirector, InstitutionID: e.inst["baota"]})
	mk(service.NewUser{Username: "carer1", Role: domain.RoleCaregiver, InstitutionID: e.inst["baota"]})
	mk(service.NewUser{Username: "director2", Role: domain.RoleDirector, InstitutionID: e.inst["ansai"]})
	return e
}

func (e *env) login(user string) string {
	if tok, ok := e.tokens[user]; ok {
		return tok
	}
	var res struct {
		Token string `json:"token"`
	}
	e.do("", "POST", "/api/v1/auth/login", map[string]string{"username": user, "password": password}, 200, &res)
	e.tokens[user] = res.Token
	return res.Token
}

// do sends a JSON request as user ("" = anonymous) and checks the status.
func (e *env) do(user, method, path string, body any, want int, out any) []byte {
	e.t.Helper()
	var r io.Reader
	if body != nil {
		if raw, ok := body.([]byte); ok {
			r = bytes.NewReader(raw)
		} else {
			b, _ := json.Marshal(body)
			r = bytes.NewReader(b)
		}
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, r)
	req.Header.Set("Content-Type", "application/json")
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+e.login(user))
	}
	return e.send(req, want, out)
}

func (e *env) send(req *http.Request, want int, out any) []byte {
	e.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	e.lastStatus = resp.StatusCode
	if want != 0 && resp.StatusCode != want {
		e.t.Fatalf("%s %s: status %d, want %d: %s", req.Method, req.URL.Path, resp.StatusCode, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			e.t.Fatalf("%s %s: decode %s: %v", req.Method, req.URL.Path, b, err)
		}
	}
	return b
}

func (e *env) upload(user string, filingID int64, typ, name string, content []byte, want int) []byte {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("type", typ)
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(content)
	w.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/filings/%d/materials", e.srv.URL, filingID), &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.login(user))
	return e.send(req, want, nil)
}

// minimalPDF is a tiny well-formed PDF.
var minimalPDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

func filingData(t testing.TB, county, township string) map[string]any {
	return map[string]any{
		"name": "宝塔区小星星托育中心", "credit_code": creditCode(t, "52", county, 1000), "legal_rep": "张三", "legal_rep_id": "11010519491231002X",
		"person_in_charge": "李四", "phone": "13912345678", "founded_on": "2024-03-01", "kind": "centre", "nature": "private",
		"premises_nature": "leased", "lease_end": "2030-12-31", "township_code": township, "address": "宝塔山街道某路1号",
		"building_area": 800.5, "outdoor_area": 200, "living_area": 500, "room_floor": 1,
		"full_time_staff": 12, "caregivers": 8, "security_staff": 1, "places": 60, "vacancies": 20, "enrolled": 40, "puhui_places": 30, "puhui_enrolled": 20,
		"care_types":  []map[string]any{{"type": "full_day", "fee": 1800}, {"type": "hourly", "fee": 30}},
		"serves_food": false, "commitment": true,
	}
}
