package web_test

import (
	"bytes"
	"context"
	"html"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"tuoyu/internal/app"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/testkit"
)

// password is every test account's password.
const password = "correct-horse-9"

// Division codes from the embedded statistical division data
// (data/regions: 610602 宝塔区 and its township 610602001 宝塔山街道,
// 610603 安塞区, 610600 延安市).
const (
	baotaCounty   = "610602"
	baotaTownship = "610602001"
	ansaiCounty   = "610603"
	yananCity     = "610600"
)

// Credit codes with valid check characters, published as examples in
// GB 32100-2015 test suites (python-stdnum cn/uscic; see
// internal/cnid/creditcode_test.go).
const (
	creditCodeA = "91440300708461136T"
	creditCodeB = "914403001922038216"
	creditCodeC = "91110000600037341L"
	creditCodeD = "9144030071526726XG"
)

// fixture is an app with the people of a county's filing work: regulators
// of Baota and Ansai, the city, an administrator, and a director whose
// institution has a submitted filing with materials.
type fixture struct {
	t        *testing.T
	app      *app.App
	svc      *service.Service
	srv      *httptest.Server
	baota    domain.User
	ansai    domain.User
	city     domain.User
	admin    domain.User
	director domain.User
	inst     domain.Institution
	filing   domain.Filing
}

var system = authz.System("test")

func newFixture(t *testing.T, b testkit.Backend) *fixture {
	t.Helper()
	a := testkit.NewApp(t, b, testkit.DefaultNow)
	f := &fixture{t: t, app: a, svc: a.Service}
	f.srv = httptest.NewServer(a.Handler())
	t.Cleanup(f.srv.Close)
	f.baota = f.user("baota", domain.RoleCountyRegulator, baotaCounty, 0)
	f.ansai = f.user("ansai", domain.RoleCountyRegulator, ansaiCounty, 0)
	f.city = f.user("yanan", domain.RoleCityRegulator, yananCity, 0)
	f.admin = f.user("admin1", domain.RoleAdmin, "", 0)
	f.inst = f.institution("宝塔区阳光托育中心", creditCodeA)
	f.director = f.user("director1", domain.RoleDirector, "", f.inst.ID)
	f.filing = f.submittedFiling(f.svc, f.director, f.inst, creditCodeA)
	return f
}

func (f *fixture) ctx() context.Context { return context.Background() }

func (f *fixture) user(name string, role domain.Role, region string, institution int64) domain.User {
	f.t.Helper()
	u, err := f.svc.AddUser(f.ctx(), system, service.NewUser{Username: name, DisplayName: name, Password: password, Role: role, RegionCode: region, InstitutionID: institution})
	if err != nil {
		f.t.Fatalf("add user %s: %v", name, err)
	}
	return u
}

func actor(u domain.User) authz.Actor { return authz.ForUser(u, "127.0.0.1", 0) }

// institution registers an institution in Baota as its county regulator.
func (f *fixture) institution(name, code string) domain.Institution {
	f.t.Helper()
	in, err := f.svc.CreateInstitution(f.ctx(), actor(f.baota), service.NewInstitution{Name: name, CreditCode: code, Kind: domain.KindCentre,
		Nature: domain.NaturePrivate, ForProfit: true, TownshipCode: baotaTownship, Address: "宝塔区南关街1号", Phone: "13800138000",
		LegalRep: "张三", PersonInCharge: "李四", Places: 60, CareTypes: []domain.CareOffer{{Type: domain.CareFullDay, Fee: 2800}}})
	if err != nil {
		f.t.Fatalf("create institution: %v", err)
	}
	return in
}

// filingData is a complete filing form. The resident ID is the
// GB 11643-1999 example number 11010519491231002X.
func filingData(name, code string) domain.FilingData {
	return domain.FilingData{Name: name, Intro: "全日托与计时托", CreditCode: code, LegalRep: "张三", LegalRepID: "11010519491231002X",
		PersonInCharge: "李四", Phone: "13800138000", FoundedOn: "2024-03-01", Kind: domain.KindCentre, Nature: domain.NaturePrivate,
		ForProfit: true, RegistrationAuthority: "延安市宝塔区市场监督管理局", PremisesNature: "leased", LeaseEnd: "2030-12-31",
		TownshipCode: baotaTownship, Address: "宝塔区南关街1号", BuildingArea: 600, OutdoorArea: 120, LivingArea: 400, RoomFloor: 1,
		FullTimeStaff: 12, Caregivers: 8, SecurityStaff: 1, Places: 60, Vacancies: 20, Enrolled: 40, PuhuiPlaces: 30, PuhuiEnrolled: 20,
		CareTypes: []domain.CareOffer{{Type: domain.CareFullDay, Fee: 2800}, {Type: domain.CareHourly, Fee: 30}}, Commitment: true}
}

// submittedFiling files the form, uploads every required material (the
// licence as a PDF, the rest as PNG scans) and submits, on svc's clock.
func (f *fixture) submittedFiling(svc *service.Service, director domain.User, in domain.Institution, code string) domain.Filing {
	f.t.Helper()
	ctx, a := f.ctx(), actor(director)
	fl, err := svc.CreateFiling(ctx, a, in.ID, filingData(in.Name, code))
	if err != nil {
		f.t.Fatalf("create filing: %v", err)
	}
	f.uploadAll(svc, director, fl)
	fl, err = svc.SubmitFiling(ctx, a, fl.ID)
	if err != nil {
		f.t.Fatalf("submit filing: %v", err)
	}
	return fl
}

func (f *fixture) uploadAll(svc *service.Service, director domain.User, fl domain.Filing) {
	f.t.Helper()
	for _, typ := range domain.RequiredMaterials(fl.Data) {
		name, content := typ+".png", pngScan()
		if typ == domain.MaterialLicence {
			name, content = "licence.pdf", pdfScan()
		}
		if _, err := svc.UploadMaterial(f.ctx(), actor(director), fl.ID, typ, name, content); err != nil {
			f.t.Fatalf("upload %s: %v", typ, err)
		}
	}
}

// pngScan is a small picture standing in for a scanned document.
func pngScan() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 160, 100))
	for y := 0; y < 100; y++ {
		for x := 0; x < 160; x++ {
			c := color.RGBA{245, 245, 240, 255}
			if y%12 == 0 && x > 10 && x < 150 {
				c = color.RGBA{60, 60, 60, 255}
			}
			if x < 4 || y < 4 || x > 155 || y > 95 {
				c = color.RGBA{200, 30, 30, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}

// pdfScan is a one-page PDF.
func pdfScan() []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
		"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
}

// client is a browser without JavaScript: it keeps cookies and does not
// follow redirects, so tests see each 303.
type client struct {
	t    *testing.T
	base string
	http *http.Client
}

func (f *fixture) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: f.t, base: f.srv.URL, http: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// page is one response with its body read.
type page struct {
	*http.Response
	Body string
}

func (c *client) do(req *http.Request) page {
	c.t.Helper()
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return page{Response: resp, Body: string(b)}
}

func (c *client) get(path string) page {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.base+path, nil)
	return c.do(req)
}

func (c *client) post(path string, form url.Values) page {
	c.t.Helper()
	req, _ := http.NewRequest("POST", c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func (c *client) upload(path, typ, filename string, content []byte) page {
	c.t.Helper()
	return c.uploadForm(path, url.Values{"type": {typ}}, filename, content)
}

// uploadForm posts a multipart form with one file and the given fields.
func (c *client) uploadForm(path string, fields url.Values, filename string, content []byte) page {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile("file", filename)
	_, _ = fw.Write(content)
	_ = mw.Close()
	req, _ := http.NewRequest("POST", c.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// login logs in through the form and checks the redirect home.
func (c *client) login(username string) {
	c.t.Helper()
	p := c.post("/login", url.Values{"username": {username}, "password": {password}})
	if p.StatusCode != http.StatusSeeOther || p.Header.Get("Location") != "/" {
		c.t.Fatalf("login %s: status %d, location %q", username, p.StatusCode, p.Header.Get("Location"))
	}
}

// want checks the status of a page.
func (p page) want(t *testing.T, status int) page {
	t.Helper()
	if p.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d\n%s", p.Request.Method, p.Request.URL.Path, p.StatusCode, status, excerpt(p.Body))
	}
	return p
}

// contains checks that the page's text holds every string (HTML entities
// decoded, so "&#39;" and "'" compare equal).
func (p page) contains(t *testing.T, parts ...string) page {
	t.Helper()
	text := html.UnescapeString(p.Body)
	for _, s := range parts {
		if !strings.Contains(text, s) {
			t.Errorf("%s %s: page lacks %q\n%s", p.Request.Method, p.Request.URL.Path, s, excerpt(p.Body))
		}
	}
	return p
}

func (p page) lacks(t *testing.T, parts ...string) page {
	t.Helper()
	text := html.UnescapeString(p.Body)
	for _, s := range parts {
		if strings.Contains(text, s) {
			t.Errorf("%s %s: page shows %q but must not", p.Request.Method, p.Request.URL.Path, s)
		}
	}
	return p
}

var tagRe = regexp.MustCompile(`(?s)<[^>]*>`)

// excerpt is the visible text of a page, shortened for failure messages.
func excerpt(body string) string {
	s := strings.Join(strings.Fields(tagRe.ReplaceAllString(body, " ")), " ")
	if len(s) > 1500 {
		s = s[:1500] + "…"
	}
	return s
}

// fieldError returns the message shown next to a field (the element with
// id "e-<field>"), or "".
func fieldError(body, field string) string {
	re := regexp.MustCompile(`id="e-` + regexp.QuoteMeta(field) + `">([^<]*)<`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// inputValue returns the value attribute of the input named name.
func inputValue(body, name string) string {
	re := regexp.MustCompile(`<input[^>]*name="` + regexp.QuoteMeta(name) + `"[^>]*value="([^"]*)"`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func parseID(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// rows keeps only the body of the page's table, so the labels of filter
// choices do not count as content.
func (p page) rows() page {
	p.Body = regexp.MustCompile(`(?s)<tbody>.*</tbody>`).FindString(p.Body)
	return p
}
