package demo

import (
	"context"
	"fmt"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
)

// blacklistPlan is a lifetime ban a regulator records.
type blacklistPlan struct {
	By       func() authz.Actor
	Person   person
	IDNumber string
	Reason   string
	At       time.Time
}

// refusedHirePlan is a director trying to hire a banned person.
type refusedHirePlan struct {
	op  *operation
	ban *blacklistPlan
	At  time.Time
}

var banReasons = []string{
	"在托育机构工作期间多次体罚、虐待婴幼儿，经公安机关查处，依法予以终身禁入。",
	"因犯猥亵儿童罪被人民法院判处有期徒刑，依据《未成年人保护法》第62条，终身不得从事托育服务工作。",
	"隐瞒传染性疾病从事保育工作并伪造健康合格证明，造成婴幼儿群体感染，依法予以终身禁入。",
}

// planBlacklist has 宝塔区's regulator and the city's ban two people, and a
// director in 宝塔区 try to hire the first of them a few days ago: the hire
// is refused and the attempt shows on 宝塔区's home page.
func (g *generator) planBlacklist() error {
	r := newRand(g.seed, streamBlacklist, 0)
	var bans []*blacklistPlan
	for i, by := range []func() authz.Actor{
		func() authz.Actor { return g.regulators[baotaCode] },
		func() authz.Actor { return g.city },
	} {
		county := baotaCode
		if i == 1 {
			county = pick(r, g.counties).Region.Code
		}
		p := newPerson(r, 0.5)
		id, err := g.adultID(r, county, p, 1970, 1998)
		if err != nil {
			return err
		}
		day := g.cal.workdaysAgo(between(r, 40, 120) - i*30)
		if !day.After(g.founded) {
			day = g.cal.after(g.founded, 1+i)
		}
		b := &blacklistPlan{By: by, Person: p, IDNumber: id, Reason: banReasons[i], At: at(day, 10, between(r, 0, 59))}
		bans = append(bans, b)
		g.tl.add(b.At, -1, func(ctx context.Context, svc *service.Service) error {
			if _, err := svc.AddBlacklistEntry(ctx, b.By(), service.NewBlacklistEntry{IDNumber: b.IDNumber, Name: b.Person.Name, Reason: b.Reason}); err != nil {
				return fmt.Errorf("blacklist %s: %w", b.Person.Name, err)
			}
			return nil
		})
	}
	// a director in 宝塔区, of the institution open longest (director1's
	// if no other is open), tries to hire the first
	var target *operation
	for _, op := range g.ops {
		if op.in.County.Region.Code != baotaCode {
			continue
		}
		if target == nil || target.full && !op.full || target.full == op.full && op.opened.Before(target.opened) {
			target = op
		}
	}
	if target == nil {
		return nil
	}
	day := g.cal.workdaysAgo(between(r, 2, 8))
	if !day.After(target.opened) {
		day = g.cal.after(target.opened, 1)
	}
	h := refusedHirePlan{op: target, ban: bans[0], At: at(day, 10, between(r, 0, 59))}
	g.refusals = append(g.refusals, h)
	phone := mobile(r)
	g.add(target, h.At, func(ctx context.Context, svc *service.Service) error {
		_, err := svc.HireStaff(ctx, h.op.in.Director, h.op.in.ID, service.NewStaff{Name: h.ban.Person.Name, IDNumber: h.ban.IDNumber, Phone: phone,
			Post: domain.PostCaregiver, StartDate: dayOf(h.At).Format(time.DateOnly)})
		if domain.ErrorCode(err) != domain.CodeBlacklisted {
			return h.op.errorf("hiring banned %s: %v, want refused as blacklisted", h.ban.Person.Name, err)
		}
		return nil
	})
	return nil
}
