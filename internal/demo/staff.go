package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"tuoyu/internal/domain"
	"tuoyu/internal/rules"
	"tuoyu/internal/service"
)

// staffMember is a person an institution employs, with the certificates
// they hold.
type staffMember struct {
	Person    person
	IDNumber  string
	Phone     string
	Post      string
	FullTime  bool
	Education string
	Years     int // management years (the person in charge)
	Start     time.Time
	Certs     []certificate
	ID        int64 // set when hired
}

// certificate is a certificate with the day it was issued; one issued after
// the hire is added on that day.
type certificate struct {
	service.NewCertificate
	Issued time.Time
}

// healthState says how a staff member's latest health certificate stands
// today: most are valid, a few expire within 30 days, one or two have
// lapsed.
type healthState int

const (
	healthValid healthState = iota
	healthExpiring
	healthExpired
)

// expiringShare is the share of staff whose health certificate expires
// within 30 days.
const expiringShare = 0.04

// planStaff plans an institution's staff: the person in charge as
// director, caregivers enough for every class full, a health staff member,
// cooks when food is served (one per 50 children), the security staff of
// the filing and, at larger centres, teachers. A home care point has its
// operator and one carer per three children. director1's institution has
// carer1 (with the class of parent1's younger child), two health
// certificates expiring soon and one lapsed.
func (g *generator) planStaff(op *operation) error {
	r := newRand(g.seed, streamStaff, op.in.Index)
	d := op.in.Data
	county := op.in.County.Region.Code
	home := d.Kind == domain.KindHome
	children := 0
	for _, c := range op.classes {
		children += c.Children
	}
	newMember := func(p person, post string) *staffMember {
		m := &staffMember{Person: p, Post: post, FullTime: true, Phone: mobile(r), Education: pick(r, caregiverEducation)}
		m.Start = op.opened.AddDate(0, 0, -between(r, 0, 60))
		return m
	}
	// the person in charge: the legal representative or the head named in the filing
	head := newMember(person{Name: d.PersonInCharge, Female: chance(r, 0.8)}, domain.PostDirector)
	head.Education = pick(r, []string{domain.EduJuniorCollege, domain.EduBachelor, domain.EduBachelor, domain.EduPostgraduate})
	head.Years = between(r, 3, 15)
	head.Start = op.opened.AddDate(0, 0, -between(r, 30, 200))
	if d.PersonInCharge == d.LegalRep {
		head.IDNumber = d.LegalRepID
		if id, ok := parseSex(d.LegalRepID); ok {
			head.Person.Female = id
		}
		g.used[d.LegalRepID] = true
	}
	op.staff = append(op.staff, head)
	for ci, c := range op.classes {
		for k := range c.carersNeeded() {
			p := newPerson(r, 0.95)
			if op.full && ci == youngestToddlerClass(op) && k == 0 {
				p = op.in.Carer // carer1's staff record
			}
			m := newMember(p, domain.PostCaregiver)
			c.Carers = append(c.Carers, m)
			op.staff = append(op.staff, m)
		}
	}
	if !home {
		extra := []string{domain.PostHealth}
		if d.ServesFood {
			for range max(1, (children+49)/50) {
				extra = append(extra, domain.PostCook)
			}
		}
		for range d.SecurityStaff {
			extra = append(extra, domain.PostSecurity)
		}
		if d.Kind == domain.KindCentre && d.Places >= 60 {
			for range r.IntN(3) {
				extra = append(extra, domain.PostTeacher)
			}
		}
		if chance(r, 0.5) { // a spare caregiver for days off
			extra = append(extra, domain.PostCaregiver)
		}
		for _, post := range extra {
			female := map[string]float64{domain.PostSecurity: 0.1, domain.PostCook: 0.6}[post]
			if female == 0 {
				female = 0.9
			}
			m := newMember(newPerson(r, female), post)
			switch post {
			case domain.PostHealth:
				m.Education = pick(r, []string{domain.EduSeniorHigh, domain.EduJuniorCollege, domain.EduJuniorCollege, domain.EduBachelor})
				m.FullTime = children >= rules.National().HealthStaff.FullTimeThreshold || chance(r, 0.7)
			case domain.PostCook, domain.PostSecurity:
				m.Education = pick(r, []string{domain.EduJuniorHigh, domain.EduSeniorHigh})
			case domain.PostTeacher:
				m.Education = pick(r, []string{domain.EduJuniorCollege, domain.EduBachelor})
			}
			op.staff = append(op.staff, m)
		}
	}
	for i, m := range op.staff {
		if m.IDNumber == "" {
			id, err := g.adultID(r, county, m.Person, 1968, 2003)
			if err != nil {
				return err
			}
			m.IDNumber = id
		}
		state := healthValid
		switch {
		case op.full && (i == 2 || i == 5):
			state = healthExpiring
		case op.full && i == 3:
			state = healthExpired
		case chance(r, expiringShare):
			state = healthExpiring
		}
		if g.expiredAway == nil && !op.full && m.Post == domain.PostCook {
			state, g.expiredAway = healthExpired, m // the city's second lapsed certificate
		}
		m.Certs = g.certificates(r, m, state)
	}
	return nil
}

var caregiverEducation = []string{domain.EduJuniorHigh, domain.EduSeniorHigh, domain.EduSeniorHigh, domain.EduSeniorHigh, domain.EduJuniorCollege,
	domain.EduJuniorCollege, domain.EduJuniorCollege, domain.EduBachelor}

// youngestToddlerClass is the index of the first 托小班 (or, lacking one,
// the first class): carer1's class, where parent1's younger child goes.
func youngestToddlerClass(op *operation) int {
	for i, c := range op.classes {
		if c.Type == domain.ClassToddlerYoung {
			return i
		}
	}
	return 0
}

// parseSex reads the sex digit of a resident ID number (true: female).
func parseSex(id string) (bool, bool) {
	if len(id) != 18 {
		return false, false
	}
	return (id[16]-'0')%2 == 0, true
}

// certificates are what a staff member holds: health certificates (the
// pre-employment one and the latest annual one, valid a year), the
// no-criminal-record certificate and the qualification of the post.
func (g *generator) certificates(r *rand.Rand, m *staffMember, state healthState) []certificate {
	today := g.cal.today
	var out []certificate
	cert := func(kind, name, prefix string, issued time.Time, expires time.Time, hours float64) {
		c := certificate{Issued: issued, NewCertificate: service.NewCertificate{Kind: kind, Name: name, IssuedOn: issued.Format(time.DateOnly),
			Number: fmt.Sprintf("%s%d%06d", prefix, issued.Year(), r.IntN(1000000)), Hours: hours}}
		if !expires.IsZero() {
			c.ExpiresOn = expires.Format(time.DateOnly)
		}
		out = append(out, c)
	}
	// the latest health certificate, valid a year from issue
	var expiry time.Time
	switch state {
	case healthExpiring:
		expiry = today.AddDate(0, 0, between(r, 1, 28))
	case healthExpired:
		expiry = today.AddDate(0, 0, -between(r, 3, 30))
	default:
		expiry = today.AddDate(0, 0, between(r, 35, 350))
	}
	latest := expiry.AddDate(-1, 0, 1)
	if !latest.Before(m.Start) { // the pre-employment examination came first
		pre := m.Start.AddDate(0, 0, -between(r, 3, 30))
		cert(domain.CertHealth, "健康合格证明", "JK", pre, pre.AddDate(1, 0, -1), 0)
	}
	cert(domain.CertHealth, "健康合格证明", "JK", latest, expiry, 0)
	cert(domain.CertNoCriminalRecord, "无犯罪记录证明", "WF", m.Start.AddDate(0, 0, -between(r, 10, 60)), time.Time{}, 0)
	switch m.Post {
	case domain.PostDirector:
		cert(domain.CertDirectorTraining, "托育机构负责人岗位培训合格证明", "FZ", m.Start.AddDate(0, 0, -between(r, 30, 700)), time.Time{}, float64(between(r, 60, 120)))
	case domain.PostCaregiver:
		name := pick(r, []string{"保育师职业技能等级证书", "育婴员职业资格证书", "保育员证"})
		cert(domain.CertCaregiver, name, "BY", m.Start.AddDate(0, 0, -between(r, 60, 3000)), time.Time{}, 0)
		if chance(r, 0.4) {
			cert(domain.CertTraining, "婴幼儿照护岗位培训", "PX", m.Start.AddDate(0, 0, -between(r, 10, 400)), time.Time{}, float64(between(r, 16, 80)))
		}
	case domain.PostHealth:
		cert(domain.CertHealthStaffTraining, "托幼机构卫生保健人员培训合格证明", "WB", m.Start.AddDate(0, 0, -between(r, 30, 900)), time.Time{}, float64(between(r, 24, 40)))
	case domain.PostSecurity:
		cert(domain.CertSecurityGuard, "保安员证", "BA", m.Start.AddDate(0, 0, -between(r, 30, 2000)), time.Time{}, 0)
	case domain.PostTeacher:
		cert(domain.CertTeacher, "幼儿园教师资格证", "JS", m.Start.AddDate(0, 0, -between(r, 100, 3000)), time.Time{}, 0)
	}
	return out
}

// hire has the director enter the staff on the day the institution's
// operations start on the platform, with the certificates they hold by
// then; a certificate issued later (the annual health examination) is
// added on its day.
func (g *generator) hire(op *operation) {
	when := at(op.live, 9, 0)
	for _, m := range op.staff {
		when = when.Add(90 * time.Second)
		hired := when
		var now, later []certificate
		for _, c := range m.Certs {
			if c.Issued.After(dayOf(hired)) {
				later = append(later, c)
			} else {
				now = append(now, c)
			}
		}
		g.add(op, hired, func(ctx context.Context, svc *service.Service) error {
			n := service.NewStaff{Name: m.Person.Name, IDNumber: m.IDNumber, Phone: m.Phone, Education: m.Education, ManagementYears: m.Years,
				Post: m.Post, FullTime: &m.FullTime, StartDate: m.Start.Format(time.DateOnly)}
			for _, c := range now {
				n.Certificates = append(n.Certificates, c.NewCertificate)
			}
			s, err := svc.HireStaff(ctx, op.in.Director, op.in.ID, n)
			if err != nil {
				return op.errorf("hire %s: %w", m.Person.Name, err)
			}
			m.ID = s.ID
			if g.carer1.UserID != 0 && op.in.Named == "director1" && m.Person.Name == op.in.Carer.Name && m.Post == domain.PostCaregiver && op.in.Carer.Name != "" {
				// carer1's login acts as this person: clocking in to the class
				if err := svc.LinkStaffAccount(ctx, op.in.Director, s.ID, g.carer1.UserID); err != nil {
					return op.errorf("link carer1: %w", err)
				}
			}
			return nil
		})
		for _, c := range later {
			g.add(op, at(c.Issued, 10, 0).Add(time.Duration(op.in.Index%240)*time.Second), func(ctx context.Context, svc *service.Service) error {
				if _, err := svc.AddStaffCertificate(ctx, op.in.Director, m.ID, c.NewCertificate); err != nil {
					return op.errorf("certificate of %s: %w", m.Person.Name, err)
				}
				return nil
			})
		}
	}
}

// adultID is a resident ID number, not yet handed out, of a person born
// between the years given.
func (g *generator) adultID(r *rand.Rand, county string, p person, from, to int) (string, error) {
	for {
		birth := time.Date(from, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN((to-from+1)*365))
		id, err := idNumber(r, county, birth, p.Female)
		if err != nil {
			return "", err
		}
		if !g.used[id] {
			g.used[id] = true
			return id, nil
		}
	}
}
