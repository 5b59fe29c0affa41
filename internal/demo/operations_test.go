package demo

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/refdata"
	"tuoyu/internal/rules"
	"tuoyu/internal/service"
	"tuoyu/internal/workday"
)

// testNow is testkit.DefaultNow: 2026-09-30 10:00 in China.
var testNow = time.Date(2026, 9, 30, 10, 0, 0, 0, service.China)

// planned plans the demo data at scale 1 as Ensure would, without a
// database: the official calendar and Yan'an's divisions come from the
// embedded reference data.
func planned(t testing.TB, seed int64, days int, now ...time.Time) *generator {
	t.Helper()
	hs, err := refdata.Holidays()
	if err != nil {
		t.Fatal(err)
	}
	var entries []workday.Day
	for _, list := range hs {
		for _, h := range list {
			d, err := time.Parse(time.DateOnly, h.Date)
			if err != nil {
				t.Fatal(err)
			}
			entries = append(entries, workday.Day{Date: d, OffDay: h.OffDay, Name: h.Name})
		}
	}
	clock := testNow
	if len(now) > 0 {
		clock = now[0]
	}
	g := &generator{seed: seed, cal: calendar{cal: workday.New(entries), today: dayOf(clock)}, now: clock, counties: yanan(t),
		regulators: map[string]authz.Actor{}, used: map[string]bool{}}
	if days == 0 {
		days = DefaultDays
	}
	if err := g.plan(1, days); err != nil {
		t.Fatal(err)
	}
	return g
}

func TestOperationsPlan(t *testing.T) {
	g := planned(t, 1, DefaultDays)
	std := rules.National()
	if len(g.days) != DefaultDays || !g.days[len(g.days)-1].Equal(testToday) {
		t.Fatalf("%d school days ending %s, want %d ending today", len(g.days), g.days[len(g.days)-1], DefaultDays)
	}
	for _, d := range g.days {
		if !g.cal.cal.IsWorkday(d) {
			t.Errorf("%s is not a working day", d.Format(time.DateOnly))
		}
	}
	if got := g.billing.Month.String(); got != "2026-08" || !g.billing.Run.Equal(time.Date(2026, 9, 1, 10, 0, 0, 0, service.China)) {
		t.Errorf("billing %s on %s, want 2026-08 on the first working day of September", got, g.billing.Run)
	}

	children, expiring, expired, present, days, fevers := 0, 0, 0, 0, 0, 0
	for _, op := range g.ops {
		in, d := op.in, op.in.Data
		if in.Filed.IsZero() || !op.opened.After(in.Filed) || op.live.Before(op.opened) {
			t.Errorf("%s: filed %s, opened %s, live %s", d.Name, in.Filed, op.opened, op.live)
		}
		// classes: sized by the rules and the places
		total := 0
		for _, c := range op.classes {
			max := std.HomePoint.MaxChildren
			if d.Kind != domain.KindHome {
				r, err := std.Class(rules.ClassType(c.Type))
				if err != nil {
					t.Fatalf("%s: class %s: %v", d.Name, c.Name, err)
				}
				max = r.MaxChildren
			}
			if c.Capacity > max || c.Children > c.Capacity || c.Children < 1 {
				t.Errorf("%s: class %s (%s) capacity %d, %d children, type allows %d", d.Name, c.Name, c.Type, c.Capacity, c.Children, max)
			}
			if need := (c.Capacity + c.Ratio - 1) / c.Ratio; len(c.Carers) < need {
				t.Errorf("%s: class %s of %d places has %d caregivers, the ratio 1:%d needs %d", d.Name, c.Name, c.Capacity, len(c.Carers), c.Ratio, need)
			}
			total += c.Children
		}
		if d.Kind == domain.KindHome && (len(op.classes) != 1 || op.classes[0].Type != domain.ClassMixed || op.classes[0].Capacity > 5) {
			t.Errorf("%s: home care point classes %+v, want one mixed class of at most 5", d.Name, op.classes[0])
		}
		if total > d.Places || total != len(op.children) {
			t.Errorf("%s: %d children planned (%d placed) for %d places", d.Name, total, len(op.children), d.Places)
		}
		// staff: the posts the standard asks for
		posts := map[string]int{}
		for _, m := range op.staff {
			posts[m.Post]++
			kinds := map[string]bool{}
			for _, c := range m.Certs {
				kinds[c.Kind] = true
				if c.Issued.After(testToday) {
					t.Errorf("%s: %s's %s issued in the future", d.Name, m.Person.Name, c.Kind)
				}
			}
			if !kinds[domain.CertHealth] || !kinds[domain.CertNoCriminalRecord] {
				t.Errorf("%s: %s (%s) lacks a health or no-criminal-record certificate", d.Name, m.Person.Name, m.Post)
			}
			if _, err := cnid.ParseResidentID(m.IDNumber, testToday); err != nil {
				t.Errorf("%s: staff ID %s: %v", d.Name, m.IDNumber, err)
			}
			switch latest := latestHealth(m); {
			case latest.Before(testToday):
				expired++
			case latest.Before(testToday.AddDate(0, 0, 30)):
				expiring++
			}
		}
		if posts[domain.PostDirector] != 1 || d.Kind != domain.KindHome && posts[domain.PostHealth] != 1 || d.ServesFood && d.Kind != domain.KindHome && posts[domain.PostCook] < (total+49)/50 {
			t.Errorf("%s (%s, food %v, %d children): posts %v", d.Name, d.Kind, d.ServesFood, total, posts)
		}
		// children: ages fit the class today and on the first day
		for _, ch := range op.children {
			children++
			id, err := cnid.ParseResidentID(ch.IDNumber, testToday)
			if err != nil {
				t.Fatalf("child ID %s: %v", ch.IDNumber, err)
			}
			if !id.Birth.Equal(ch.Birth) || (id.Sex == cnid.SexFemale) != ch.Female || !strings.HasPrefix(id.AddressCode, "6106") || id.AddressCode != ch.Household {
				t.Errorf("child ID %s: birth %s sex %s address %s; planned %s female %v household %s", ch.IDNumber, id.Birth, id.Sex, id.AddressCode,
					ch.Birth, ch.Female, ch.Household)
			}
			atStart, _ := rules.CompletedMonths(ch.Birth, ch.Start)
			now, _ := rules.CompletedMonths(ch.Birth, testToday)
			if atStart < ch.Class.Lo || now >= ch.Class.Hi {
				t.Errorf("%s: %s born %s in %s [%d, %d) months: %d months on %s, %d today", d.Name, ch.Name, ch.Birth.Format(time.DateOnly),
					ch.Class.Name, ch.Class.Lo, ch.Class.Hi, atStart, ch.Start.Format(time.DateOnly), now)
			}
			// enrolled before the first day, or when operations started for a child there before
			enrolled := dayOf(ch.EnrolAt)
			if !ch.Start.After(op.opened) || ch.Start.After(testToday) || enrolled.Before(op.live) ||
				!enrolled.Before(ch.Start) && !enrolled.Equal(op.live) || !ch.EnrolAt.Before(at(g.days[0], 7, 0)) && !enrolled.Before(ch.Start) {
				t.Errorf("%s: %s enrolled %s, first day %s (opened %s, live %s)", d.Name, ch.Name, ch.EnrolAt, ch.Start.Format(time.DateOnly), op.opened, op.live)
			}
			if n := len(ch.Guardians); n < 1 || n > 2 {
				t.Errorf("%s has %d guardians", ch.Name, n)
			}
			phones := map[string]bool{}
			for _, p := range append(append([]service.PersonInput{}, ch.Guardians...), ch.Pickups...) {
				m, err := cnid.NormaliseMobile(p.Phone)
				if err != nil || phones[m] {
					t.Errorf("%s: %s's phone %s: %v (repeated %v)", ch.Name, p.Name, p.Phone, err, phones[m])
				}
				phones[m] = true
				if p.IDNumber != "" {
					if _, err := cnid.ParseResidentID(p.IDNumber, testToday); err != nil {
						t.Errorf("%s: guardian ID %s: %v", ch.Name, p.IDNumber, err)
					}
				}
			}
			for k := range g.days {
				cd := g.day(op, ch, k)
				if !cd.Expected {
					continue
				}
				days++
				if cd.Present() {
					present++
					if cd.In < 7*60+40 || cd.In > 9*60+10 || cd.Out <= cd.In {
						t.Errorf("%s on day %d: in %s out %s", ch.Name, k, hhmm(cd.In), hhmm(cd.Out))
					}
					if ch.CareType == domain.CareFullDay && !cd.Fever && (cd.Out < 16*60+30 || cd.Out > 18*60) {
						t.Errorf("%s (full day) leaves at %s", ch.Name, hhmm(cd.Out))
					}
					if cd.Fever {
						fevers++
						if cd.Temp < 37.3 || !g.checked(op, k) {
							t.Errorf("%s: fever %.1f on day %d, checked %v", ch.Name, cd.Temp, k, g.checked(op, k))
						}
					} else if cd.Temp >= 37.3 {
						t.Errorf("%s: %.1f °C without a fever", ch.Name, cd.Temp)
					}
				} else if cd.Absence.Reason == domain.AbsentSick && cd.Absence.Symptoms == "" {
					t.Errorf("%s: sick without symptoms", ch.Name)
				}
			}
		}
	}
	if children < 4000 || children > 5000 {
		t.Errorf("%d children at scale 1, want 4,000-5,000", children)
	}
	if share := float64(present) / float64(days); share < 0.87 || share > 0.93 {
		t.Errorf("%.1f %% present, want about 90 %%", share*100)
	}
	if fevers == 0 || expiring < 10 || expired != 2 {
		t.Errorf("%d fevers, %d health certificates expiring within 30 days, %d expired; want some, some and 2", fevers, expiring, expired)
	}
	t.Logf("%d institutions, %d children, %.1f %% present, %d fevers, %d expiring, %d expired", len(g.ops), children, float64(present)/float64(days)*100,
		fevers, expiring, expired)

	// parent1's two children at director1's institution, the younger in carer1's class
	kids := g.parent1Kids
	if kids[0] == nil || kids[1] == nil || kids[0] == kids[1] {
		t.Fatalf("parent1's children %v", kids)
	}
	op := g.opOf(kids[0])
	if op == nil || !op.full || g.opOf(kids[1]) != op {
		t.Fatal("parent1's children are not both at director1's institution")
	}
	carer1 := kids[1].Class.Carers[0]
	if carer1.Person.Name != op.in.Carer.Name || kids[1].Class.Type != domain.ClassToddlerYoung || kids[0].Class.Type != domain.ClassToddlerOlder {
		t.Errorf("carer1 %s (account %s) with %s; parent1's children in %s and %s", carer1.Person.Name, op.in.Carer.Name, kids[1].Class.Name,
			kids[0].Class.Name, kids[1].Class.Name)
	}
	for _, ch := range kids {
		if ch.Guardians[0].Name != g.parent1.Person.Name || ch.Guardians[0].Phone != g.parent1.Phone || !ch.EnrolAt.Before(g.parent1Linked) {
			t.Errorf("parent1's child %s: first guardian %+v, enrolled %s, linked %s", ch.Name, ch.Guardians[0], ch.EnrolAt, g.parent1Linked)
		}
		if len(ch.Guardians) != 2 || ch.Guardians[1] != kids[0].Guardians[1] || []rune(ch.Name)[0] != []rune(kids[0].Name)[0] {
			t.Errorf("parent1's children %s and %s: guardians %+v and %+v", kids[0].Name, ch.Name, kids[0].Guardians, ch.Guardians)
		}
		if start := g.days[0]; ch.Start.After(start) {
			t.Errorf("parent1's child %s started %s, after the history's first day %s", ch.Name, ch.Start, start)
		}
	}
	if g.feverDay < 0 || !g.day(op, kids[1], g.feverDay).Fever || g.day(op, kids[1], g.feverDay).Action != domain.ActionSentHome {
		t.Errorf("parent1's younger child has no fever the day before today (day %d)", g.feverDay)
	}
	if len(g.refusals) != 1 || g.refusals[0].op.in.County.Region.Code != baotaCode {
		t.Errorf("refused hires %+v, want one in 宝塔区", g.refusals)
	}
}

// latestHealth is the expiry of a staff member's newest health certificate.
func latestHealth(m *staffMember) time.Time {
	var issued, expires string
	for _, c := range m.Certs {
		if c.Kind == domain.CertHealth && c.IssuedOn > issued {
			issued, expires = c.IssuedOn, c.ExpiresOn
		}
	}
	t, _ := time.Parse(time.DateOnly, expires)
	return t
}

func TestOperationsPlanIsDeterministic(t *testing.T) {
	facts := func(g *generator) []string {
		var out []string
		for _, op := range g.ops {
			for _, m := range op.staff {
				out = append(out, fmt.Sprintf("%s|%s|%s|%v", m.Person.Name, m.IDNumber, m.Post, m.Certs))
			}
			for _, ch := range op.children {
				out = append(out, fmt.Sprintf("%s|%s|%s|%s|%v|%v|%v", ch.Name, ch.IDNumber, ch.Class.Name, ch.Start, ch.Guardians, ch.Absences, ch.Pay))
				out = append(out, fmt.Sprintf("%+v", g.day(op, ch, len(g.days)-2)))
			}
		}
		return out
	}
	a, b, other := facts(planned(t, 3, 20)), facts(planned(t, 3, 20)), facts(planned(t, 4, 20))
	if !reflect.DeepEqual(a, b) {
		t.Error("the same seed planned different operations")
	}
	if reflect.DeepEqual(a, other) {
		t.Error("seeds 3 and 4 planned the same operations")
	}
}

func TestOperationsPlanAnyDay(t *testing.T) {
	// The demo starts whenever someone runs it: on a holiday before
	// dawn, on the first working day of a month before the bills are
	// generated, late on a Friday. Nothing planned lies in the future.
	for _, now := range []time.Time{
		time.Date(2026, 10, 5, 7, 30, 0, 0, service.China), // National Day holiday
		time.Date(2026, 6, 1, 9, 0, 0, 0, service.China),   // Monday 1 June, before 10:00
		time.Date(2026, 7, 3, 23, 0, 0, 0, service.China),  // Friday night
		time.Date(2027, 1, 4, 9, 16, 0, 0, service.China),  // after the New Year holiday, mid-morning
		time.Date(2026, 2, 17, 12, 0, 0, 0, service.China), // Spring Festival
	} {
		g := planned(t, 5, 0, now)
		for _, s := range g.tl.steps {
			if s.At.After(now) {
				t.Errorf("%s: a step at %s", now, s.At)
				break
			}
		}
		if !g.billing.Run.Before(now) || g.billing.Month.Last().After(dayOf(now)) {
			t.Errorf("%s: bills for %s on %s", now, g.billing.Month, g.billing.Run)
		}
		if g.parent1Kids[1] == nil || g.feverDay < 0 {
			t.Errorf("%s: parent1's children %v, fever day %d", now, g.parent1Kids, g.feverDay)
		}
	}
}
