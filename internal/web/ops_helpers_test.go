package web_test

import (
	"database/sql"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
	"tuoyu/internal/testkit"
)

// residentID completes a 17-digit prefix with its GB 11643-1999 check
// character (ISO 7064 MOD 11-2).
func residentID(prefix string) string {
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, c := range prefix {
		sum += int(c-'0') * weights[i]
	}
	return prefix + string("10X98765432"[sum%11])
}

// Identity numbers of the operations tests: Baota (610602) residents.
var (
	childID1    = residentID("61060220250315123") // born 2025-03-15, a boy (odd sequence)
	childID2    = residentID("61060220250120124") // born 2025-01-20, a girl
	carerID     = residentID("61060219900101121")
	bannedID    = residentID("61060219850505131")
	guardianID1 = residentID("61060219920202132")
)

// opsFixture is the director's institution with a caregiver (hired, with
// an account linked to the staff member), a class, and a second
// institution with its own director.
type opsFixture struct {
	*fixture
	carerStaff int64
	carer      domain.User
	class      domain.Class
	other      domain.Institution
	director2  domain.User
	otherClass domain.Class
	db         *sql.DB
}

func eachOpsBackend(t *testing.T, fn func(t *testing.T, f *opsFixture)) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			fn(t, newOpsFixture(t, newFixture(t, b)))
		})
	}
}

func newOpsFixture(t *testing.T, base *fixture) *opsFixture {
	t.Helper()
	f := &opsFixture{fixture: base}
	ctx, dir := f.ctx(), actor(f.director)
	s, err := f.svc.HireStaff(ctx, dir, f.inst.ID, service.NewStaff{Name: "王保育", IDNumber: carerID, Phone: "13900139000", Post: domain.PostCaregiver,
		StartDate: "2026-01-05", Certificates: []service.NewCertificate{{Kind: domain.CertHealth, IssuedOn: "2025-10-20"}, {Kind: domain.CertNoCriminalRecord, IssuedOn: "2025-12-20"}}})
	if err != nil {
		t.Fatalf("hire: %v", err)
	}
	f.carerStaff = s.ID
	if f.class, err = f.svc.CreateClass(ctx, dir, f.inst.ID, service.ClassInput{Name: "托小一班", Type: domain.ClassToddlerYoung, CaregiverIDs: []int64{s.ID}}); err != nil {
		t.Fatalf("class: %v", err)
	}
	f.carer = f.user("carer1", domain.RoleCaregiver, "", f.inst.ID)
	dsn := f.app.Config.DB
	if store.IsPostgres(dsn) {
		f.db, err = sql.Open("pgx", dsn)
	} else {
		f.db, err = sql.Open("sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.db.Close() })
	f.exec(t, "UPDATE employments SET user_id = ? WHERE staff_id = ?", f.carer.ID, s.ID)

	f.other = f.institution("宝塔区彩虹托育园", creditCodeB)
	f.director2 = f.user("director2", domain.RoleDirector, "", f.other.ID)
	if f.otherClass, err = f.svc.CreateClass(ctx, actor(f.director2), f.other.ID, service.ClassInput{Name: "乳儿班", Type: domain.ClassInfant}); err != nil {
		t.Fatalf("other class: %v", err)
	}
	return f
}

// exec runs a statement on the test database (? placeholders).
func (f *opsFixture) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if store.IsPostgres(f.app.Config.DB) {
		n := 0
		q = regexp.MustCompile(`\?`).ReplaceAllStringFunc(q, func(string) string { n++; return "$" + strconv.Itoa(n) })
	}
	if _, err := f.db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// count runs a COUNT query on the test database.
func (f *opsFixture) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	if store.IsPostgres(f.app.Config.DB) {
		n := 0
		q = regexp.MustCompile(`\?`).ReplaceAllStringFunc(q, func(string) string { n++; return "$" + strconv.Itoa(n) })
	}
	var n int
	if err := f.db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// enrolForm is a complete enrolment form for the class.
func (f *opsFixture) enrolForm(name, id string) url.Values {
	return url.Values{
		"child.name": {name}, "child.cert_type": {"resident_id"}, "child.cert_number": {id}, "child.allergies": {"花生"},
		"class_id": {itoa(f.class.ID)}, "care_type": {domain.CareFullDay}, "start_date": {"2026-09-01"}, "fee": {"2800"},
		"guardians[0].name": {"李妈妈"}, "guardians[0].relation": {domain.RelationMother}, "guardians[0].phone": {"13700137000"},
		"guardians[0].id_type": {"resident_id"}, "guardians[0].id_number": {guardianID1},
		"guardians[1].id_type": {"resident_id"}, "pickup_persons[0].id_type": {"resident_id"}, "pickup_persons[1].id_type": {"resident_id"},
		"pickup_persons[0].name": {"李爷爷"}, "pickup_persons[0].relation": {domain.RelationGrandparent}, "pickup_persons[0].phone": {"13600136000"},
		"consents": {domain.ConsentEnrolment, domain.ConsentHealthSharing},
	}
}

// enrol enrols a child through the service and returns it.
func (f *opsFixture) enrol(t *testing.T, name, id string) domain.Child {
	t.Helper()
	res, err := f.svc.Enrol(f.ctx(), actor(f.director), f.inst.ID, service.Enrolment{
		Child: service.ChildInput{Name: name, CertNumber: id}, ClassID: f.class.ID, CareType: domain.CareFullDay, StartDate: "2026-09-01",
		Guardians: []service.PersonInput{{Name: name + "妈妈", Relation: domain.RelationMother, Phone: "13500135000"}}})
	if err != nil {
		t.Fatalf("enrol: %v", err)
	}
	return res.Child
}

var codeRe = regexp.MustCompile(`<p class="code">([A-Z0-9-]+)</p>`)

// guardianFor links a new guardian account to the child through an
// invitation code made on the child's page and claimed on /my/children.
func (f *opsFixture) guardianFor(t *testing.T, director *client, child domain.Child, username string) *client {
	t.Helper()
	c, err := f.svc.Child(f.ctx(), actor(f.director), child.ID)
	if err != nil {
		t.Fatal(err)
	}
	inv := director.post("/children/"+itoa(child.ID)+"/guardians/"+itoa(c.Guardians[0].ID)+"/invitation", nil).want(t, http.StatusOK)
	m := codeRe.FindStringSubmatch(inv.Body)
	if m == nil {
		t.Fatalf("no invitation code shown:\n%s", excerpt(inv.Body))
	}
	f.user(username, domain.RoleGuardian, "", 0)
	g := f.client()
	g.login(username)
	claimed := g.post("/my/children/claim", url.Values{"code": {strings.ToLower(m[1])}}).want(t, http.StatusSeeOther)
	if loc := claimed.Header.Get("Location"); loc != "/my/children/"+itoa(child.ID)+"?msg=claimed" {
		t.Fatalf("after claiming: %q", loc)
	}
	return g
}
