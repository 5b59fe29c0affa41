package gen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"tuoyu/internal/civil"
	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/rules"
)

type inst struct {
	id                   int64
	county               *county
	town                 township
	kind, nature, status string
	forProfit, demo      bool
	places, puhui        int
	name, credit         string
	careTypes            string
	created              time.Time
	filedOn              civil.Date
	classes              []*class
}

type class struct {
	id       int64
	inst     *inst
	name     string
	typ      string
	capacity int
}

// person is who a staff member or a child is: a synthetic name, sex,
// birth date and identity number.
type person struct {
	id     int64
	inst   *inst
	class  *class
	name   string
	female bool
	birth  civil.Date
	number string
}

type worker struct {
	person
	post, education string
	start           civil.Date
}

type cert struct {
	staff            int64
	kind, name       string
	issued, expires  civil.Date // expires zero: no expiry
	hasIssue, hasExp bool
}

type kid struct {
	person
	guardian   int64
	start, end civil.Date // end zero: still enrolled
	care       string
	puhui      bool
	fee        int64
	days       int // days of attendance expected, for the progress bar
}

// plan is the whole province in memory except its attendance, which is
// drawn while it is written.
type plan struct {
	d        Deps
	o        Options
	counties []county
	months   []civil.Month
	first    civil.Date // first day of the first month
	today    civil.Date
	workdays []civil.Date
	rules    map[string]rules.ClassRule
	insts    []*inst
	classes  []*class
	staff    []*worker
	certs    []cert
	carers   [][2]int64 // class, staff
	kids     []*kid
	now      time.Time
}

func newPlan(d Deps, o Options, counties []county) *plan {
	p := &plan{d: d, o: o, counties: counties, months: o.MonthsCovered(), rules: classRules(), now: o.Now.UTC()}
	p.first, p.today = p.months[0].First(), civil.InChina(o.Now)
	if o.Months > 0 {
		for day := p.first; !day.After(p.today); day = day.AddDays(1) {
			if d.Calendar.IsWorkday(day.Time()) {
				p.workdays = append(p.workdays, day)
			}
		}
	}
	return p
}

func (p *plan) rng(stream, i uint64) *rand.Rand {
	return rand.New(rand.NewPCG(p.o.Seed*1_000_003+stream, i))
}

func (p *plan) build() error {
	var total float64
	for _, c := range p.counties {
		total += c.weight
	}
	// Draw the institutions, then scale their places to the total asked for.
	r := p.rng(1, 0)
	raw := 0
	for i := range p.o.Institutions {
		x := r.Float64() * total
		ci := 0
		for ci < len(p.counties)-1 && x >= p.counties[ci].weight {
			x -= p.counties[ci].weight
			ci++
		}
		in := &inst{id: int64(i + 1), county: &p.counties[ci]}
		in.town = in.county.townships[r.IntN(len(in.county.townships))]
		in.kind = pick(r, kindWeights)
		in.status = pick(r, statusWeights)
		span := kindPlaces[in.kind]
		in.places = span[0] + r.IntN(span[1]-span[0]+1)
		raw += in.places
		p.insts = append(p.insts, in)
	}
	scale := float64(p.o.Places) / float64(raw)
	for i, in := range p.insts {
		if in.kind != domain.KindHome {
			in.places = max(10, int(float64(in.places)*scale+0.5))
		}
		if err := p.describe(p.rng(2, uint64(i)), in, i); err != nil {
			return err
		}
		p.planClasses(p.rng(3, uint64(i)), in)
	}
	if p.o.Months == 0 {
		return nil
	}
	seen := idNumbers{}
	for i, in := range p.insts {
		if in.status != domain.StatusFiled {
			continue
		}
		r := p.rng(4, uint64(i))
		if err := p.planPeople(r, in, seen); err != nil {
			return err
		}
	}
	return nil
}

// describe draws an institution's nature, name, code and dates.
func (p *plan) describe(r *rand.Rand, in *inst, i int) error {
	switch in.kind {
	case domain.KindKindergarten:
		in.nature = pick(r, []weighted{{domain.NaturePublic, 0.55}, {domain.NaturePrivate, 0.45}})
	case domain.KindCentre:
		in.nature = pick(r, []weighted{{domain.NaturePrivate, 0.70}, {domain.NaturePublicPrivate, 0.15}, {domain.NaturePrivatePublic, 0.10}, {domain.NaturePublic, 0.05}})
	case domain.KindCommunity:
		in.nature = pick(r, []weighted{{domain.NaturePublicPrivate, 0.6}, {domain.NaturePublic, 0.4}})
	case domain.KindHome:
		in.nature = domain.NaturePrivate
	default:
		in.nature = domain.NatureEmployerRun
	}
	prefix := "52"
	switch {
	case in.nature == domain.NaturePublic:
		prefix = "12"
	case in.nature == domain.NaturePrivate && r.Float64() < 0.6, in.nature == domain.NatureEmployerRun:
		prefix, in.forProfit = "91", in.nature == domain.NaturePrivate
	}
	var err error
	if in.credit, err = creditCode(prefix, in.county.code, i+1); err != nil {
		return err
	}
	if in.nature != domain.NaturePrivate || r.Float64() < 0.3 {
		in.puhui = in.places
		if in.nature == domain.NaturePrivate {
			in.puhui = in.places / 2
		}
	}
	suffix := map[string]string{domain.KindCentre: "托育中心", domain.KindKindergarten: "幼儿园", domain.KindCommunity: "社区托育点",
		domain.KindHome: "家庭托育点", domain.KindEmployer: "职工托育点"}[in.kind]
	in.name = fmt.Sprintf("%s%s%s%s", in.county.name, in.town.name, brands[r.IntN(len(brands))], suffix)
	if in.kind == domain.KindHome || in.kind == domain.KindKindergarten {
		in.name = fmt.Sprintf("%s%s%d号%s", in.town.name, brands[r.IntN(len(brands))], i%97+1, suffix)
	}
	in.careTypes = `["full_day"]`
	if in.kind == domain.KindCentre || in.kind == domain.KindCommunity {
		in.careTypes = `["full_day","half_day","hourly","temporary"]`
	}
	opened := p.first.AddDays(-30 - r.IntN(1500))
	in.created = opened.At(9, r.IntN(480)).UTC()
	if in.status == domain.StatusFiled {
		in.filedOn = opened.AddDays(20 + r.IntN(40))
		in.demo = in.kind == domain.KindCentre && r.Float64() < 0.05
	}
	return nil
}

var classNames = map[string]string{domain.ClassInfant: "乳儿班", domain.ClassToddlerYoung: "托小班", domain.ClassToddlerOlder: "托大班", domain.ClassMixed: "混龄班"}

// planClasses divides the institution's places into classes of the sizes
// the setting-up standard allows.
func (p *plan) planClasses(r *rand.Rand, in *inst) {
	var mix []weighted
	switch in.kind {
	case domain.KindCentre:
		mix = []weighted{{domain.ClassInfant, 0.15}, {domain.ClassToddlerYoung, 0.35}, {domain.ClassToddlerOlder, 0.5}}
	case domain.KindKindergarten:
		mix = []weighted{{domain.ClassToddlerOlder, 1}}
	case domain.KindHome:
		mix = []weighted{{domain.ClassMixed, 1}}
	default:
		mix = []weighted{{domain.ClassToddlerYoung, 0.4}, {domain.ClassToddlerOlder, 0.6}}
	}
	n := map[string]int{}
	for left := in.places; left > 0; {
		t := pick(r, mix)
		size := min(p.rules[t].MaxChildren, left)
		left -= size
		n[t]++
		c := &class{id: int64(len(p.classes) + 1), inst: in, typ: t, capacity: size, name: fmt.Sprintf("%s%d", classNames[t], n[t])}
		in.classes = append(in.classes, c)
		p.classes = append(p.classes, c)
	}
}

// planPeople fills a filed institution's classes with children and their
// caregivers, and gives it a director, a health worker and a cook.
func (p *plan) planPeople(r *rand.Rand, in *inst, seen idNumbers) error {
	occupancy := 0.55 + 0.45*r.Float64()
	window := p.today.DaysSince(p.first)
	hire := func(post string, c *class) error {
		w := &worker{person: person{id: int64(len(p.staff) + 1), inst: in, class: c, female: r.Float64() < 0.9}, post: post}
		w.name = name(r)
		w.birth = p.today.AddDays(-365*22 - r.IntN(365*28))
		w.education = domain.EducationLevels[1+r.IntN(3)]
		start := p.first.AddDays(-r.IntN(700))
		if created := civil.InChina(in.created); start.Before(created) {
			start = created
		}
		w.start = start
		var err error
		if w.number, err = seen.next(r, in.county.code, w.birth, w.female); err != nil {
			return err
		}
		p.staff = append(p.staff, w)
		issued := p.today.AddDays(-r.IntN(420))
		p.certs = append(p.certs, cert{staff: w.id, kind: domain.CertHealth, name: "健康合格证明", issued: issued, expires: issued.AddDays(365), hasIssue: true, hasExp: true})
		switch {
		case post == domain.PostTeacher:
			p.certs = append(p.certs, cert{staff: w.id, kind: domain.CertTeacher, name: "教师资格证", issued: civil.New(2015+r.IntN(9), time.Month(1+r.IntN(12)), 1), hasIssue: true})
		case post == domain.PostCaregiver && r.Float64() < 0.85:
			p.certs = append(p.certs, cert{staff: w.id, kind: domain.CertCaregiver, name: "保育师", issued: civil.New(2018+r.IntN(6), time.Month(1+r.IntN(12)), 1), hasIssue: true})
		}
		if c != nil {
			p.carers = append(p.carers, [2]int64{c.id, w.id})
		}
		return nil
	}
	if err := hire(domain.PostDirector, nil); err != nil {
		return err
	}
	if in.places > 20 {
		if err := hire(domain.PostHealth, nil); err != nil {
			return err
		}
	}
	if in.kind != domain.KindHome {
		if err := hire(domain.PostCook, nil); err != nil {
			return err
		}
	}
	for _, c := range in.classes {
		rule := p.rules[c.typ]
		enrolled := min(c.capacity, int(float64(c.capacity)*occupancy+r.Float64()))
		carers := max(1, (enrolled+rule.ChildrenPerCaregiver-1)/rule.ChildrenPerCaregiver)
		if r.Float64() < 0.07 && carers > 1 {
			carers-- // a class short of a caregiver
		}
		for j := range carers {
			post := domain.PostCaregiver
			if in.kind == domain.KindKindergarten && j == 0 {
				post = domain.PostTeacher
			}
			if err := hire(post, c); err != nil {
				return err
			}
		}
		withdrawn := int(float64(enrolled)*0.15 + r.Float64())
		for j := range enrolled + withdrawn {
			k := &kid{person: person{id: int64(len(p.kids) + 1), inst: in, class: c, female: r.Float64() < 0.48}}
			k.guardian = k.id
			k.name = name(r)
			lo, hi := rule.MinAgeMonths, rule.MaxAgeMonths
			if c.typ == domain.ClassToddlerOlder && r.Float64() < 0.05 {
				lo, hi = 36, 39 // past three by now
			}
			age := lo*30 + r.IntN((hi-lo)*30)
			k.birth = p.today.AddDays(-age)
			earliest := k.birth.AddMonths(6)
			if opened := civil.InChina(in.created); earliest.Before(opened) {
				earliest = opened
			}
			if r.Float64() < 0.9 {
				k.start = p.first.AddDays(-r.IntN(300))
			} else {
				k.start = p.first.AddDays(r.IntN(window + 1))
			}
			if k.start.Before(earliest) {
				k.start = earliest
			}
			if k.start.After(p.today) {
				k.start = p.today
			}
			if j >= enrolled { // withdrawn during the months
				left := p.today.DaysSince(k.start)
				if left < 2 {
					continue
				}
				k.end = k.start.AddDays(1 + r.IntN(left-1))
			}
			k.care = pick(r, careWeights)
			if in.careTypes == `["full_day"]` {
				k.care = domain.CareFullDay
			}
			k.puhui = in.puhui > 0 && r.Float64() < float64(in.puhui)/float64(in.places)
			switch {
			case k.care == domain.CareFullDay && k.puhui:
				k.fee = int64(80+r.IntN(7)*10) * 1000
			case k.care == domain.CareFullDay:
				k.fee = int64(160+r.IntN(17)*10) * 1000
			case k.care == domain.CareHalfDay:
				k.fee = int64(60+r.IntN(9)*10) * 1000
			}
			var err error
			if k.number, err = seen.next(r, in.county.code, k.birth, k.female); err != nil {
				return err
			}
			k.days = p.attendanceDays(k)
			p.kids = append(p.kids, k)
		}
	}
	return nil
}

// attendanceDays counts the working days a child attends in the months.
func (p *plan) attendanceDays(k *kid) int {
	n := 0
	for _, d := range p.workdays {
		if d.Before(k.start) {
			continue
		}
		if !k.end.IsZero() && !d.Before(k.end) {
			break
		}
		n++
	}
	return n
}

func nullDate(d civil.Date, ok bool) any {
	if !ok || d.IsZero() {
		return nil
	}
	return d.String()
}

func sex(female bool) string {
	if female {
		return domain.SexFemale
	}
	return domain.SexMale
}

func mobile(r *rand.Rand) string {
	return fmt.Sprintf("1%d%09d", []int{3, 5, 7, 8, 9}[r.IntN(5)], r.IntN(1_000_000_000))
}

// write writes the plan table by table, drawing attendance as it goes.
func (p *plan) write(ctx context.Context, s sink) (Counts, error) {
	counts := Counts{}
	var expected, done int64
	expected = int64(len(p.insts) + len(p.classes) + 2*len(p.staff) + len(p.certs) + len(p.carers) + 3*len(p.kids))
	for _, k := range p.kids {
		expected += int64(float64(k.days) * 0.97)
	}
	tick := func() {
		done++
		if p.o.Progress != nil && done%5000 == 0 {
			p.o.Progress(done, max(expected, done))
		}
	}
	table := func(name string, cols string, n int, row func(i int) []any) error {
		i := 0
		c, err := s.write(ctx, name, strings.Split(cols, ", "), func() ([]any, bool) {
			if i >= n {
				return nil, false
			}
			i++
			tick()
			return row(i - 1), true
		})
		counts[name] += c
		return err
	}
	now := p.now
	if err := table("institutions", "id, name, credit_code, kind, nature, for_profit, region_code, township_code, address, phone, legal_rep, person_in_charge, places, puhui_places, vacancies, care_types, status, receipt_no, filed_on, demonstration, created_at, updated_at",
		len(p.insts), func(i int) []any {
			in := p.insts[i]
			r := p.rng(5, uint64(i))
			var receipt, filed any
			if !in.filedOn.IsZero() {
				receipt, filed = fmt.Sprintf("%s-%d-%04d", in.county.code, in.filedOn.Year(), i+1), in.filedOn.String()
			}
			return []any{in.id, in.name, in.credit, in.kind, in.nature, in.forProfit, in.county.code, in.town.code,
				in.county.name + in.town.name + fmt.Sprintf("%d号", 1+r.IntN(300)), mobile(r), name(r), name(r), int64(in.places), int64(in.puhui), int64(0),
				in.careTypes, in.status, receipt, filed, in.demo, in.created, in.created}
		}); err != nil {
		return counts, err
	}
	if err := table("classes", "id, institution_id, name, type, capacity, archived, created_at, updated_at", len(p.classes), func(i int) []any {
		c := p.classes[i]
		return []any{c.id, c.inst.id, c.name, c.typ, int64(c.capacity), false, c.inst.created, c.inst.created}
	}); err != nil {
		return counts, err
	}
	if p.o.Months == 0 {
		return counts, nil
	}
	keys := p.d.Keys
	if err := table("staff", "id, name, sex, birth_date, id_enc, id_hash, id_masked, phone, education, created_at, updated_at", len(p.staff), func(i int) []any {
		w := p.staff[i]
		r := p.rng(6, uint64(i))
		t := w.start.At(9, 0).UTC()
		return []any{w.id, w.name, sex(w.female), w.birth.String(), keys.Encrypt(w.number), keys.LookupHash(w.number), cnid.Mask(w.number), mobile(r), w.education, t, t}
	}); err != nil {
		return counts, err
	}
	if err := table("employments", "id, staff_id, institution_id, post, full_time, start_date, created_at", len(p.staff), func(i int) []any {
		w := p.staff[i]
		return []any{w.id, w.id, w.inst.id, w.post, true, w.start.String(), w.start.At(9, 0).UTC()}
	}); err != nil {
		return counts, err
	}
	if err := table("staff_certificates", "id, staff_id, kind, name, number, issued_on, expires_on, hours, created_at", len(p.certs), func(i int) []any {
		c := p.certs[i]
		return []any{int64(i + 1), c.staff, c.kind, c.name, fmt.Sprintf("G%08d", i+1), nullDate(c.issued, c.hasIssue), nullDate(c.expires, c.hasExp), 0.0, now}
	}); err != nil {
		return counts, err
	}
	if err := table("class_caregivers", "class_id, staff_id", len(p.carers), func(i int) []any {
		return []any{p.carers[i][0], p.carers[i][1]}
	}); err != nil {
		return counts, err
	}
	certType := string(cnid.CertResidentID)
	if err := table("children", "id, name, sex, birth_date, cert_type, cert_enc, cert_hash, cert_masked, household_region, created_at, updated_at", len(p.kids), func(i int) []any {
		k := p.kids[i]
		t := k.start.At(9, 0).UTC()
		return []any{k.id, k.name, sex(k.female), k.birth.String(), certType, keys.Encrypt(k.number),
			keys.LookupHash("child-cert:" + certType + ":" + k.number), cnid.Mask(k.number), k.inst.county.code, t, t}
	}); err != nil {
		return counts, err
	}
	if err := table("guardians", "id, child_id, name, relation, phone, created_at", len(p.kids), func(i int) []any {
		k := p.kids[i]
		r := p.rng(7, uint64(i))
		rel := domain.RelationMother
		if r.Float64() < 0.35 {
			rel = domain.RelationFather
		}
		return []any{k.guardian, k.id, name(r), rel, mobile(r), k.start.At(9, 0).UTC()}
	}); err != nil {
		return counts, err
	}
	if err := table("enrolments", "id, child_id, institution_id, class_id, care_type, start_date, end_date, puhui, fee_fen, created_at", len(p.kids), func(i int) []any {
		k := p.kids[i]
		var end any
		if !k.end.IsZero() {
			end = k.end.String()
		}
		return []any{k.id, k.id, k.inst.id, k.class.id, k.care, k.start.String(), end, k.puhui, k.fee, k.start.At(9, 0).UTC()}
	}); err != nil {
		return counts, err
	}
	return counts, p.writeAttendance(ctx, s, counts, tick)
}

// writeAttendance draws each child's days in turn, child by child, so both
// indexes of the table grow in order.
func (p *plan) writeAttendance(ctx context.Context, s sink, counts Counts, tick func()) error {
	var id int64
	ki, di := 0, 0
	var r *rand.Rand
	next := func() ([]any, bool) {
		for ki < len(p.kids) {
			k := p.kids[ki]
			if di == 0 {
				r = p.rng(8, uint64(ki))
			}
			for di < len(p.workdays) {
				d := p.workdays[di]
				di++
				if d.Before(k.start) {
					continue
				}
				if !k.end.IsZero() && !d.Before(k.end) {
					di = len(p.workdays)
					break
				}
				x := r.Float64()
				if x < 0.03 {
					continue // no record that day
				}
				id++
				tick()
				var in, out, picked, updated any
				reason, symptom := "", ""
				switch {
				case x < 0.07:
					reason, symptom = domain.AbsentSick, symptoms[r.IntN(len(symptoms))]
					updated = d.At(9, 0).UTC()
				case x < 0.12:
					reason = domain.AbsentPersonal
					updated = d.At(9, 0).UTC()
				default:
					t := d.At(7, 30+r.IntN(60)).UTC()
					in, updated = t, t
					if d != p.today {
						t = d.At(16, 30+r.IntN(60)).UTC()
						out, updated, picked = t, t, domain.PickupKey(domain.PickupKindGuardian, k.guardian)
					}
				}
				if picked == nil {
					picked = ""
				}
				return []any{id, k.id, k.inst.id, k.class.id, d.String(), in, out, reason, symptom, picked, updated}, true
			}
			ki, di = ki+1, 0
		}
		return nil, false
	}
	c, err := s.write(ctx, "attendance", []string{"id", "child_id", "institution_id", "class_id", "date", "check_in", "check_out", "absent_reason", "symptoms", "picked_up_by", "updated_at"}, next)
	counts["attendance"] += c
	return err
}
