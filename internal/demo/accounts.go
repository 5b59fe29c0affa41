package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

// Password is the password of every demo account.
const Password = "tuoyu-demo"

// Account is a demo account to show on the console.
type Account struct {
	Username, Description string
}

// Accounts are the named demo accounts, one per role to try. Every other
// county has a regulator reg-<county code>, and every other institution a
// director dir-<county code>-<number>, with the same password.
var Accounts = []Account{
	{"admin", "平台管理员 全平台 / platform administrator, whole deployment"},
	{"yanan", "市级监管 延安市 / city regulator, Yan'an (610600)"},
	{"baota", "县区监管 宝塔区 / county regulator, Baota (610602)"},
	{"ansai", "县区监管 安塞区 / county regulator, Ansai (610603)"},
	{"director1", "机构负责人 宝塔区 已备案机构 / director of a filed institution in Baota"},
	{"director2", "机构负责人 安塞区 备案待审核 / director of an institution in Ansai, filing awaiting review"},
	{"carer1", "保育员 director1 的机构，带 parent1 孩子所在班级 / caregiver at director1's institution, with the class of a child of parent1"},
	{"parent1", "家长 director1 机构两名幼儿的监护人 / guardian of two children at director1's institution"},
	{"guide1", "指导员 宝塔区宝塔山街道 / guidance worker, Baotashan subdistrict of Baota (610602001)"},
}

// creator is the actor that creates demo accounts.
var creator = authz.System("demo")

// setUp creates the regional accounts on the platform's first day: the
// administrator, the city regulator, a regulator for every county and the
// guidance worker. The named ones go through service.AddUser like an
// administrator's accounts; the other counties' regulators are written
// like the extra directors (see director).
func (g *generator) setUp(day time.Time) {
	at := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, service.China)
	next := func() time.Time {
		at = at.Add(2 * time.Minute)
		return at
	}
	add := func(n service.NewUser, then func(domain.User)) {
		g.tl.add(next(), -1, func(ctx context.Context, svc *service.Service) error {
			u, err := g.addUser(ctx, svc, n)
			if err == nil && then != nil {
				then(u)
			}
			return err
		})
	}
	r := newRand(g.seed, streamAccounts, 0)
	add(service.NewUser{Username: "admin", DisplayName: "平台管理员", Password: Password, Role: domain.RoleAdmin}, nil)
	add(service.NewUser{Username: "yanan", DisplayName: "延安市卫生健康委员会", Password: Password, Role: domain.RoleCityRegulator, RegionCode: cityCode},
		func(u domain.User) { g.city = authz.ForUser(u, "", 0) })
	for _, c := range g.counties {
		code := c.Region.Code
		keep := func(u domain.User) { g.regulators[code] = authz.ForUser(u, "", 0) }
		n := service.NewUser{Username: "reg-" + code, DisplayName: c.Region.Name + "卫生健康局", Password: Password, Role: domain.RoleCountyRegulator, RegionCode: code}
		switch code {
		case baotaCode:
			n.Username = "baota"
		case ansaiCode:
			n.Username = "ansai"
		default:
			g.tl.add(next(), -1, func(ctx context.Context, svc *service.Service) error {
				u, err := g.quickUser(ctx, svc, domain.User{Username: n.Username, DisplayName: n.DisplayName, Role: n.Role, RegionCode: code})
				if err == nil {
					keep(u)
				}
				return err
			})
			continue
		}
		add(n, keep)
	}
	add(service.NewUser{Username: "guide1", DisplayName: newPerson(r, 0.8).Name, Password: Password, Role: domain.RoleGuide, RegionCode: guideTownship}, nil)
}

// addUser creates an account through the service.
func (g *generator) addUser(ctx context.Context, svc *service.Service, n service.NewUser) (domain.User, error) {
	u, err := svc.AddUser(ctx, creator, n)
	if err != nil {
		return u, fmt.Errorf("account %s: %w", n.Username, err)
	}
	g.accounts++
	return u, nil
}

// quickUser creates an account with the demo password hashed once for all
// (g.sharedHash): argon2 costs tens of milliseconds per hash, which at
// scale 10 would be most of the run. The account row and its audit event
// are written in one transaction, as service.AddUser does.
func (g *generator) quickUser(ctx context.Context, svc *service.Service, u domain.User) (domain.User, error) {
	now := svc.Now()
	detail, err := json.Marshal(map[string]any{"username": u.Username, "role": u.Role})
	if err != nil {
		return u, err
	}
	var inst int64
	if u.InstitutionID != nil {
		inst = *u.InstitutionID
	}
	err = svc.DB.Tx(ctx, func(q store.Q) error {
		if u.ID, err = q.CreateUser(ctx, u, g.sharedHash, now); err != nil {
			return err
		}
		return q.Audit(ctx, domain.AuditEvent{At: now, ActorName: creator.Username, Action: "user.create", Entity: "user", EntityID: u.ID,
			RegionCode: u.RegionCode, InstitutionID: inst, Detail: detail})
	})
	if err != nil {
		return u, fmt.Errorf("account %s: %w", u.Username, err)
	}
	g.accounts++
	return u, nil
}

// parentAccount is parent1: the person, when the account is opened and,
// once it is, the actor that claims the invitations (children.go).
type parentAccount struct {
	Person person
	Phone  string
	At     time.Time // the account is created
	Actor  authz.Actor
	// Spouse is the children's other parent, a guardian of both.
	Spouse      *person
	SpouseInput service.PersonInput
}

// guardian creates parent1 on a recent day: families come when they look
// for a place.
func (g *generator) guardian(day time.Time) {
	r := newRand(g.seed, streamAccounts, 1)
	c := &cursor{r: r}
	p := &parentAccount{At: c.on(day)}
	p.Person = newPerson(r, 0.7)
	p.Phone = mobile(r)
	g.parent1 = p
	g.tl.add(p.At, -1, func(ctx context.Context, svc *service.Service) error {
		u, err := g.addUser(ctx, svc, service.NewUser{Username: "parent1", DisplayName: p.Person.Name, Password: Password, Role: domain.RoleGuardian})
		if err == nil {
			p.Actor = authz.ForUser(u, "", 0)
		}
		return err
	})
}

// register has the county regulator create the institution and then its
// director's account; director1 gets a caregiver, carer1, as well.
func (g *generator) register(in *institution, c *cursor, day time.Time) {
	in.Data.FoundedOn = day.AddDate(0, 0, -between(in.rng, 20, 1000)).Format(time.DateOnly)
	county := in.County.Region.Code
	carer := newPerson(in.rng, 0.95)
	in.Carer = carer
	in.Registered = day
	g.tl.add(c.on(day), in.Index, func(ctx context.Context, svc *service.Service) error {
		reg, ok := g.regulators[county]
		if !ok {
			return fmt.Errorf("demo: no regulator for county %s", county)
		}
		out, err := svc.CreateInstitution(ctx, reg, in.newInstitution())
		if err != nil {
			return fmt.Errorf("register %s: %w", in.Data.Name, err)
		}
		if len(out.Warnings) > 0 {
			return fmt.Errorf("register %s: warnings %v", in.Data.Name, out.Warnings)
		}
		in.ID = out.ID
		return nil
	})
	g.tl.add(c.soon(), in.Index, func(ctx context.Context, svc *service.Service) error {
		return g.director(ctx, svc, in)
	})
	if in.Named == "director1" {
		g.tl.add(c.soon(), in.Index, func(ctx context.Context, svc *service.Service) error {
			u, err := g.addUser(ctx, svc, service.NewUser{Username: "carer1", DisplayName: carer.Name, Password: Password, Role: domain.RoleCaregiver, InstitutionID: in.ID})
			if err == nil {
				g.carer1 = authz.ForUser(u, "", 0)
			}
			return err
		})
	}
}

// director creates the director account of an institution: the named
// directors through service.AddUser, the others (one per institution) with
// quickUser.
func (g *generator) director(ctx context.Context, svc *service.Service, in *institution) error {
	var u domain.User
	var err error
	if in.Named != "" {
		u, err = g.addUser(ctx, svc, service.NewUser{Username: in.Username, DisplayName: in.Data.PersonInCharge, Password: Password,
			Role: domain.RoleDirector, InstitutionID: in.ID})
	} else {
		id := in.ID
		u, err = g.quickUser(ctx, svc, domain.User{Username: in.Username, DisplayName: in.Data.PersonInCharge, Role: domain.RoleDirector,
			RegionCode: in.County.Region.Code, InstitutionID: &id})
	}
	if err != nil {
		return err
	}
	in.Director = authz.ForUser(u, "", 0)
	return nil
}
