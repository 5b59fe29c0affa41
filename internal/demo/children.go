package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"tuoyu/internal/domain"
	"tuoyu/internal/service"
)

// child is a child an institution enrols, with the enrolment form the
// director fills in and the days the child is away.
type child struct {
	Index     int // across the city: the child's stream of daily draws
	Name      string
	Female    bool
	Birth     time.Time
	IDNumber  string
	Household string
	Allergies string
	Class     *class
	CareType  string
	FeeFen    int64
	Puhui     bool
	Start     time.Time // first day at the institution
	EnrolAt   time.Time // the director enrols the child
	Guardians []service.PersonInput
	Pickups   []service.PersonInput
	Consents  []string
	Absences  map[int]absence // by index of g.days
	Parent1   bool            // a child of parent1
	Pay       payment         // how last month's bill is paid

	// Set when enrolled.
	ID          int64
	GuardianIDs []int64
	PickupIDs   []int64
}

// absence is a day a child stays at home.
type absence struct {
	Reason   string // domain.AbsentSick or domain.AbsentPersonal
	Symptoms string
}

// careWeights are the shares of the care types an institution offers.
var careWeights = map[string]float64{domain.CareFullDay: 0.85, domain.CareHalfDay: 0.12, domain.CareHourly: 0.03, domain.CareTemporary: 0.01}

// planChildren fills each class with children whose age fits it today and
// on their first day: most started months ago, some lately. In
// director1's institution the first two are parent1's: the elder in a 托大班,
// the younger in carer1's 托小班.
func (g *generator) planChildren(op *operation) error {
	r := newRand(g.seed, streamChildren, op.in.Index)
	d := op.in.Data
	county := op.in.County.Region.Code
	firstDay := g.cal.after(op.opened, 1)
	puhuiLeft := d.PuhuiPlaces
	var twins [2]*class // parent1's children's classes
	if op.full {
		twins[1] = op.classes[youngestToddlerClass(op)]
		for _, c := range op.classes {
			if c.Type == domain.ClassToddlerOlder && twins[0] == nil {
				twins[0] = c
			}
		}
		if twins[0] == nil {
			twins[0] = twins[1]
		}
	}
	for _, c := range op.classes {
		for range c.Children {
			ch := &child{Index: g.children, Class: c, Absences: map[int]absence{}}
			g.children++
			for i, t := range twins {
				if t == c && g.parent1 != nil && !g.parent1Has(i) {
					ch.Parent1 = true
					g.parent1Kids[i] = ch
					break
				}
			}
			if err := g.planChild(r, op, ch, county, firstDay, &puhuiLeft); err != nil {
				return err
			}
			op.children = append(op.children, ch)
		}
	}
	return nil
}

// parent1Has reports whether parent1's i-th child (0 the elder) is planned.
func (g *generator) parent1Has(i int) bool { return g.parent1Kids[i] != nil }

// planChild fills in one child's record, family, enrolment and absences.
func (g *generator) planChild(r *rand.Rand, op *operation, ch *child, county string, firstDay time.Time, puhuiLeft *int) error {
	today, c, d := g.cal.today, ch.Class, op.in.Data
	// age: fits the class band today with a fortnight to spare at each end
	lo, hi := c.Lo, c.Hi
	if ch.Parent1 { // the elder around two and a half, the younger around a year and a half
		if c.Type == domain.ClassToddlerOlder {
			lo, hi = 28, 33
		} else if c.Type == domain.ClassToddlerYoung {
			lo, hi = 15, 20
		}
	}
	youngest, oldest := today.AddDate(0, -lo, -15), today.AddDate(0, -hi, 15)
	ch.Birth = oldest.AddDate(0, 0, r.IntN(max(1, int(youngest.Sub(oldest).Hours()/24))))
	// first day: months ago for most, lately for some; never before the
	// child was old enough for the class nor before the institution opened
	var ago int
	switch x := r.Float64(); {
	case x < 0.4:
		ago = between(r, 90, 330)
	case x < 0.85:
		ago = between(r, 20, 90)
	default:
		ago = between(r, 0, 20)
	}
	if ch.Parent1 { // months ago: a full history and last month's bill
		ago = between(r, 120, 200)
	}
	ch.Start = today.AddDate(0, 0, -ago)
	if old := ch.Birth.AddDate(0, c.Lo, 1); ch.Start.Before(old) {
		ch.Start = old
	}
	if ch.Start.Before(firstDay) {
		ch.Start = firstDay
	}
	enrolDay := g.cal.before(ch.Start, between(r, 1, 5))
	if enrolDay.Before(op.live) { // entered when operations start
		enrolDay = op.live
	}
	ch.EnrolAt = at(enrolDay, between(r, 13, 16), r.IntN(60))

	// the family: the child takes the father's surname
	ch.Female = chance(r, 0.5)
	father, mother := newPerson(r, 0), newPerson(r, 1)
	var first service.PersonInput
	if ch.Parent1 { // parent1 and the same spouse for both children
		p, spouse := g.parent1.Person, g.parent1.Spouse
		rel := domain.RelationFather
		if p.Female {
			mother, rel = p, domain.RelationMother
			if spouse != nil {
				father = *spouse
			}
		} else {
			father = p
			if spouse != nil {
				mother = *spouse
			}
		}
		first = service.PersonInput{Name: p.Name, Relation: rel, Phone: g.parent1.Phone}
	}
	surname := string([]rune(father.Name)[:1])
	given := boyNames
	if ch.Female {
		given = girlNames
	}
	ch.Name = surname + pick(r, given)
	ch.Household = county
	if chance(r, 0.15) {
		ch.Household = pick(r, g.counties).Region.Code
	}
	for {
		id, err := idNumber(r, ch.Household, ch.Birth, ch.Female)
		if err != nil {
			return err
		}
		if !g.used[id] {
			g.used[id] = true
			ch.IDNumber = id
			break
		}
	}
	if chance(r, 0.04) {
		ch.Allergies = pick(r, allergies)
	}
	phones := map[string]bool{g.parent1.Phone: true}
	adult := func(p person, rel string, withID bool) (service.PersonInput, error) {
		x := service.PersonInput{Name: p.Name, Relation: rel, Phone: mobile(r)}
		for phones[x.Phone] {
			x.Phone = mobile(r)
		}
		phones[x.Phone] = true
		if withID {
			id, err := g.adultID(r, ch.Household, p, 1982, 2001)
			if err != nil {
				return x, err
			}
			x.IDNumber = id
		}
		return x, nil
	}
	type kin struct {
		p   person
		rel string
	}
	mum, dad := kin{mother, domain.RelationMother}, kin{father, domain.RelationFather}
	var people []kin
	switch x := r.Float64(); {
	case ch.Parent1 && first.Relation == domain.RelationMother:
		people = []kin{dad}
	case ch.Parent1:
		people = []kin{mum}
	case x < 0.55:
		people = []kin{mum, dad}
	case x < 0.78:
		people = []kin{dad, mum}
	case x < 0.93:
		people = []kin{mum}
	case x < 0.98:
		people = []kin{dad}
	default: // brought up by a grandparent
		people = []kin{{newPerson(r, 0.6), domain.RelationGrandparent}}
	}
	if ch.Parent1 {
		ch.Guardians = append(ch.Guardians, first)
	}
	for _, x := range people {
		in, err := adult(x.p, x.rel, chance(r, 0.4))
		if err != nil {
			return err
		}
		if ch.Parent1 {
			if g.parent1.Spouse == nil {
				g.parent1.Spouse, g.parent1.SpouseInput = &x.p, in
			}
			in = g.parent1.SpouseInput
		}
		ch.Guardians = append(ch.Guardians, in)
	}
	switch x := r.Float64(); {
	case x < 0.12:
		for _, rel := range []string{domain.RelationGrandparent, domain.RelationRelative} {
			in, err := adult(newPerson(r, 0.6), rel, false)
			if err != nil {
				return err
			}
			ch.Pickups = append(ch.Pickups, in)
		}
	case x < 0.5:
		in, err := adult(newPerson(r, 0.6), domain.RelationGrandparent, false)
		if err != nil {
			return err
		}
		ch.Pickups = append(ch.Pickups, in)
	}
	ch.Consents = []string{domain.ConsentEnrolment}
	if ch.Parent1 || chance(r, 0.92) {
		ch.Consents = append(ch.Consents, domain.ConsentHealthSharing)
	}
	if !ch.Parent1 && chance(r, 0.7) { // parent1 gives this one in the app
		ch.Consents = append(ch.Consents, domain.ConsentPhotos)
	}

	// care type, fee and 普惠 place
	total := 0.0
	for _, o := range d.CareTypes {
		total += careWeights[o.Type]
	}
	x := r.Float64() * total
	for _, o := range d.CareTypes {
		ch.CareType, ch.FeeFen = o.Type, int64(math.Round(o.Fee*100))
		if x -= careWeights[o.Type]; x < 0 {
			break
		}
	}
	if ch.Parent1 && op.offers(domain.CareFullDay) {
		ch.CareType, ch.FeeFen = domain.CareFullDay, op.feeFen(domain.CareFullDay)
	}
	if *puhuiLeft > 0 && chance(r, 0.9) {
		ch.Puhui = true
		*puhuiLeft--
	}

	// days away: a sick spell now and then, a personal day now and then
	for k := 0; k < len(g.days); k++ {
		if g.days[k].Before(ch.Start) {
			continue
		}
		switch x := r.Float64(); {
		case x < 0.032:
			s := pick(r, symptoms)
			for n := between(r, 1, 3); n > 0 && k < len(g.days); n-- {
				ch.Absences[k] = absence{Reason: domain.AbsentSick, Symptoms: s}
				k++
			}
		case x < 0.062:
			ch.Absences[k] = absence{Reason: domain.AbsentPersonal}
		}
	}
	ch.Pay = g.planPayment(r)
	return nil
}

// offers reports whether the institution offers the care type.
func (op *operation) offers(careType string) bool { return op.feeFen(careType) > 0 }

// feeFen is the filed fee of a care type in fen (0 when not offered).
func (op *operation) feeFen(careType string) int64 {
	for _, o := range op.in.Data.CareTypes {
		if o.Type == careType {
			return int64(math.Round(o.Fee * 100))
		}
	}
	return 0
}

// enrol has the director enrol each child on the form, a few days before
// the child's first day.
func (g *generator) enrol(op *operation) {
	for _, ch := range op.children {
		g.add(op, ch.EnrolAt, func(ctx context.Context, svc *service.Service) error {
			sex := domain.SexMale
			if ch.Female {
				sex = domain.SexFemale
			}
			res, err := svc.Enrol(ctx, op.in.Director, op.in.ID, service.Enrolment{
				Child: service.ChildInput{Name: ch.Name, Sex: sex, BirthDate: ch.Birth.Format(time.DateOnly), CertNumber: ch.IDNumber,
					HouseholdRegion: ch.Household, Allergies: ch.Allergies},
				Guardians: ch.Guardians, PickupPersons: ch.Pickups, ClassID: ch.Class.ID, CareType: ch.CareType,
				StartDate: ch.Start.Format(time.DateOnly), Puhui: ch.Puhui, FeeFen: ch.FeeFen, Consents: ch.Consents})
			if err != nil {
				return op.errorf("enrol %s in %s: %w", ch.Name, ch.Class.Name, err)
			}
			ch.ID = res.ID
			byPhone := map[string]int64{}
			for _, x := range res.Guardians {
				byPhone["g"+x.Phone] = x.ID
			}
			for _, x := range res.PickupPersons {
				byPhone["p"+x.Phone] = x.ID
			}
			ch.GuardianIDs, ch.PickupIDs = nil, nil
			for _, x := range ch.Guardians {
				ch.GuardianIDs = append(ch.GuardianIDs, byPhone["g"+x.Phone])
			}
			for _, x := range ch.Pickups {
				ch.PickupIDs = append(ch.PickupIDs, byPhone["p"+x.Phone])
			}
			return nil
		})
	}
}

// invite links parent1's account to their children as a family would:
// once both are enrolled and the account is open, the director makes an
// invitation code for each child, parent1 types it in, then consents in
// the app to photos.
func (g *generator) invite() {
	p := g.parent1
	kids := g.parent1Kids
	if p == nil || kids[0] == nil {
		return
	}
	op := g.opOf(kids[0])
	when := p.At
	for _, ch := range kids {
		if ch != nil && ch.EnrolAt.After(when) {
			when = ch.EnrolAt
		}
	}
	when = when.Add(40 * time.Minute)
	for i, ch := range kids {
		if ch == nil {
			continue
		}
		var code string
		g.add(op, when.Add(time.Duration(i)*time.Minute), func(ctx context.Context, svc *service.Service) error {
			inv, err := svc.CreateInvitation(ctx, op.in.Director, ch.ID, ch.GuardianIDs[0])
			if err != nil {
				return op.errorf("invitation for parent1: %w", err)
			}
			code = inv.Code
			return nil
		})
		g.add(op, when.Add(time.Duration(12+i)*time.Minute), func(ctx context.Context, svc *service.Service) error {
			if _, err := svc.ClaimInvitation(ctx, p.Actor, service.Claim{Code: code}); err != nil {
				return fmt.Errorf("parent1 claims %s: %w", ch.Name, err)
			}
			return nil
		})
		g.add(op, when.Add(time.Duration(20+i)*time.Minute), func(ctx context.Context, svc *service.Service) error {
			if _, err := svc.GiveConsent(ctx, p.Actor, ch.ID, service.ConsentInput{Purpose: domain.ConsentPhotos}); err != nil {
				return fmt.Errorf("parent1 consents for %s: %w", ch.Name, err)
			}
			return nil
		})
	}
	g.parent1Linked = when.Add(30 * time.Minute)
}

// opOf is the operation of the institution a child is planned at.
func (g *generator) opOf(ch *child) *operation {
	for _, op := range g.ops {
		for _, c := range op.classes {
			if c == ch.Class {
				return op
			}
		}
	}
	return nil
}
