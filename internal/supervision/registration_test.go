package supervision_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"tuoyu/internal/app"
	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/supervision"
	"tuoyu/internal/testkit"
)

// svEnv is an app with the accounts the supervision tests act as.
type svEnv struct {
	t   *testing.T
	app *app.App
	sv  *supervision.Service
	ctx context.Context
	// actors by name: city, baota, ansai (county regulators), approval,
	// fire, market (partners in 宝塔区), director (of baotaInst).
	as        map[string]authz.Actor
	baotaInst int64
	ansaiInst int64
}

func newSvEnv(t *testing.T, b testkit.Backend, now time.Time) *svEnv {
	t.Helper()
	a := testkit.NewApp(t, b, now)
	e := &svEnv{t: t, app: a, sv: a.Supervision, ctx: context.Background(), as: map[string]authz.Actor{}}
	mk := func(name string, n service.NewUser) domain.User {
		n.Username, n.Password = name, "correct-horse-battery"
		u, err := a.Service.AddUser(e.ctx, authz.System("test"), n)
		if err != nil {
			t.Fatalf("add %s: %v", name, err)
		}
		e.as[name] = authz.ForUser(u, "", 0)
		return u
	}
	mk("city", service.NewUser{Role: domain.RoleCityRegulator, RegionCode: "610600"})
	mk("baota", service.NewUser{Role: domain.RoleCountyRegulator, RegionCode: "610602"})
	mk("baota2", service.NewUser{Role: domain.RoleCountyRegulator, RegionCode: "610602"})
	mk("ansai", service.NewUser{Role: domain.RoleCountyRegulator, RegionCode: "610603"})
	mk("approval", service.NewUser{Role: domain.RolePartner, RegionCode: "610602", Department: string(authz.DutyApproval)})
	mk("fire", service.NewUser{Role: domain.RolePartner, RegionCode: "610602", Department: string(authz.DutyEmergency)})
	mk("fire2", service.NewUser{Role: domain.RolePartner, RegionCode: "610602", Department: string(authz.DutyEmergency)})
	mk("market", service.NewUser{Role: domain.RolePartner, RegionCode: "610602", Department: string(authz.DutyMarket)})
	for i, c := range []struct {
		county, township string
		id               *int64
	}{{"610602", "610602001", &e.baotaInst}, {"610603", "610603001", &e.ansaiInst}} {
		reg := e.as["baota"]
		if c.county == "610603" {
			reg = e.as["ansai"]
		}
		in, err := a.Service.CreateInstitution(e.ctx, reg, service.NewInstitution{Name: fmt.Sprintf("第%d托育中心", i+1), CreditCode: creditCode(t, "52", c.county, 500+i),
			Kind: domain.KindCentre, Nature: domain.NaturePrivate, TownshipCode: c.township, Address: "某路1号", Phone: "0911-2345678",
			LegalRep: "张三", PersonInCharge: "李四", Places: 60})
		if err != nil {
			t.Fatal(err)
		}
		*c.id = in.ID
	}
	mk("director", service.NewUser{Role: domain.RoleDirector, InstitutionID: e.baotaInst})
	mk("director2", service.NewUser{Role: domain.RoleDirector, InstitutionID: e.ansaiInst})
	return e
}

// at is the service with its clock at a China date, 10:00.
func (e *svEnv) at(d string) *supervision.Service {
	t := civil.MustParse(d).At(10, 0)
	return e.sv.WithCore(e.app.Service.WithClock(func() time.Time { return t }))
}

func creditCode(t testing.TB, prefix, division string, serial int) string {
	first := fmt.Sprintf("%s%s%09d", prefix, division, serial)
	c, err := cnid.CreditCodeCheckChar(first)
	if err != nil {
		t.Fatal(err)
	}
	return first + string(c)
}

func fieldOf(t *testing.T, err error, field, reason string) {
	t.Helper()
	de, ok := err.(*domain.Error)
	if !ok || de.Fields[field] == "" || (reason != "" && de.Fields[field] != reason) {
		t.Fatalf("want a field error on %s (%s), got %v", field, reason, err)
	}
}

func TestRegistrationDeadlines(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newSvEnv(t, b, testkit.DefaultNow) // 2026-09-30
			reg := func(who, code, on string) (supervision.Registration, error) {
				return e.sv.RecordRegistration(e.ctx, e.as[who], supervision.NewRegistration{CreditCode: code, Name: "新登记托育园", Nature: domain.NaturePrivate,
					RegisteredOn: civil.MustParse(on), Authority: supervision.AuthorityApproval, Address: "宝塔区某街2号", TownshipCode: "610602001"})
			}
			// Registered Friday 2026-09-18: Sunday 09-20 is a make-up working
			// day and 09-25..27 the Mid-Autumn holiday, so the 7th working day
			// is 09-29 and the push on 09-30 is late; the 10th is 10-09,
			// after the National Day week (10-01..07).
			r, err := reg("approval", creditCode(t, "91", "610602", 7001), "2026-09-18")
			if err != nil {
				t.Fatal(err)
			}
			if r.PushDue.String() != "2026-09-29" || !r.PushLate || r.FilingDue.String() != "2026-10-09" || r.Matched || r.Overdue {
				t.Fatalf("deadlines: %+v", r)
			}
			// Registered Monday 09-28: 09-29, 09-30, 10-08, 10-09, Saturday
			// 10-10 (make-up), 10-12, 10-13 → push due 10-13, on time today;
			// filing due 10-16.
			r2, err := reg("baota", creditCode(t, "91", "610602", 7002), "2026-09-28")
			if err != nil {
				t.Fatal(err)
			}
			if r2.PushDue.String() != "2026-10-13" || r2.PushLate || r2.FilingDue.String() != "2026-10-16" {
				t.Fatalf("deadlines: %+v", r2)
			}
			// An institution already in the registry is matched, not duplicated.
			in, err := e.app.Service.Institution(e.ctx, e.as["baota"], e.baotaInst)
			if err != nil {
				t.Fatal(err)
			}
			r3, err := e.sv.RecordRegistration(e.ctx, e.as["baota"], supervision.NewRegistration{CreditCode: in.CreditCode, Name: in.Name, Nature: in.Nature,
				RegisteredOn: civil.MustParse("2026-09-01"), Authority: supervision.AuthorityCivilAffairs, Address: in.Address, TownshipCode: in.TownshipCode})
			if err != nil || !r3.Matched || r3.InstitutionID != e.baotaInst {
				t.Fatalf("match: %+v %v", r3, err)
			}
			// The unmatched one created an unfiled institution in 宝塔区.
			created, err := e.app.Service.Institution(e.ctx, e.as["baota"], r.InstitutionID)
			if err != nil || created.Status != domain.StatusUnfiled || created.RegionCode != "610602" || !created.ForProfit {
				t.Fatalf("created institution: %+v %v", created, err)
			}

			// On 10-12 the first is overdue for filing, the second not yet; the
			// matched institution (registered 09-01, still unfiled) is the oldest.
			list, total, err := e.at("2026-10-12").Registrations(e.ctx, e.as["baota"], supervision.RegistrationFilter{Overdue: true}, domain.Page{})
			if err != nil || total != 2 || list[0].ID != r3.ID || list[1].ID != r.ID || !list[1].Overdue {
				t.Fatalf("overdue on 10-12: %d %+v %v", total, list, err)
			}
			// Scope: 安塞区 sees none of them, the city all three.
			if _, n, _ := e.sv.Registrations(e.ctx, e.as["ansai"], supervision.RegistrationFilter{}, domain.Page{}); n != 0 {
				t.Errorf("ansai sees %d registrations of 宝塔区", n)
			}
			if _, n, _ := e.sv.Registrations(e.ctx, e.as["city"], supervision.RegistrationFilter{}, domain.Page{}); n != 3 {
				t.Errorf("city sees %d registrations, want 3", n)
			}

			// Duty: 应急管理 does not record registrations; 行政审批 not outside its region.
			if _, err := reg("fire", creditCode(t, "91", "610602", 7003), "2026-09-28"); domain.ErrorCode(err) != domain.CodeForbidden {
				t.Errorf("fire partner recorded a registration: %v", err)
			}
			_, err = e.sv.RecordRegistration(e.ctx, e.as["approval"], supervision.NewRegistration{CreditCode: creditCode(t, "91", "610603", 7004), Name: "安塞托育",
				Nature: domain.NaturePrivate, RegisteredOn: civil.MustParse("2026-09-28"), Authority: supervision.AuthorityMarket, Address: "安塞区", TownshipCode: "610603001"})
			fieldOf(t, err, "township_code", "outside_your_region")

			// Bad input: nothing recorded, every field named.
			_, err = e.sv.RecordRegistration(e.ctx, e.as["baota"], supervision.NewRegistration{CreditCode: "91610602000000000X", Nature: "nonsense",
				RegisteredOn: civil.MustParse("2026-10-30"), Authority: "x", TownshipCode: "610602"})
			for _, f := range []string{"credit_code", "nature", "authority", "name", "address", "registered_on", "township_code"} {
				fieldOf(t, err, f, "")
			}
			if _, err := reg("baota", r.CreditCode, "2026-09-18"); domain.ErrorCode(err) != domain.CodeConflict {
				t.Errorf("a second registration of the same code: %v", err)
			}
			if _, n, _ := e.sv.Registrations(e.ctx, e.as["city"], supervision.RegistrationFilter{}, domain.Page{}); n != 3 {
				t.Errorf("bad input changed the list: %d", n)
			}
		})
	}
}
