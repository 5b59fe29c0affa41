package nip

import (
	"errors"
	"sort"
	"time"
)

// Dose statuses.
const (
	StatusDone     = "done"
	StatusDue      = "due"
	StatusOverdue  = "overdue"
	StatusUpcoming = "upcoming"
)

// Result is the schedule of one child on the as-of date.
type Result struct {
	// Edition is the ID of the edition in force on the as-of date.
	Edition string `json:"edition"`
	// Doses lists every dose of the schedule that applies to the child, by age.
	Doses []Dose `json:"doses"`
	// Complete is the admission check (入托查验): every dose whose minimum age has
	// been reached is done.
	Complete bool `json:"complete"`
	// CatchUp lists the doses whose minimum age has been reached but which are not
	// done, in the order of Doses.
	CatchUp []Dose `json:"catch_up"`
}

// Dose is one dose of the schedule for one child.
type Dose struct {
	Vaccine string `json:"vaccine"`
	Dose    int    `json:"dose"`
	// Earliest is the first date the dose may be given (YYYY-MM-DD).
	Earliest string `json:"earliest"`
	// CompleteBefore is the date from which the dose is overdue; the last day on time
	// is the day before. Empty when the schedule sets no such age.
	CompleteBefore string `json:"complete_before"`
	Status         string `json:"status"`
	GivenDate      string `json:"given_date,omitempty"`
	// GivenAs is the vaccine actually given when it is not Vaccine, e.g. JE-I
	// counted towards JE-L, or DT counted towards DTaP 5.
	GivenAs string `json:"given_as,omitempty"`
}

// Check applies the schedule with DefaultSettings to a child whose sex is not
// given (HPV, for girls, is then listed only if an HPV dose is recorded). Bad input
// returns the errors joined, each an *InputError; see FieldErrors.
func Check(birth, asOf time.Time, records []Record) (Result, error) {
	return DefaultSettings().Check(birth, SexUnknown, asOf, records)
}

// Check applies the schedule to one child with these settings.
func (s Settings) Check(birth time.Time, sex Sex, asOf time.Time, records []Record) (Result, error) {
	cat, err := loadCatalog()
	if err != nil {
		return Result{}, err
	}
	if err := s.validate(); err != nil {
		return Result{}, err
	}
	eds, err := s.editions(cat)
	if err != nil {
		return Result{}, err
	}
	birth, asOf = calendarDate(birth), calendarDate(asOf)
	gs, errs := cat.validateInput(birth, sex, asOf, records)
	if len(errs) > 0 {
		return Result{}, errors.Join(errs...)
	}
	p := planner{
		settings: s, eds: eds, cur: inForce(eds, asOf),
		birth: birth, asOf: asOf, sex: sex,
		byKey:    make(map[doseKey]time.Time, len(gs)),
		recorded: make(map[string]bool, len(gs)),
	}
	for _, g := range gs {
		p.byKey[g.key] = g.date
		p.recorded[g.key.vaccine] = true
		if cat.vaccines[g.key.vaccine].LiveInjectable {
			p.live = append(p.live, g)
		}
	}
	return p.plan(), nil
}

type planner struct {
	settings Settings
	eds      []datedEdition
	cur      datedEdition
	birth    time.Time
	asOf     time.Time
	sex      Sex
	byKey    map[doseKey]time.Time
	recorded map[string]bool
	live     []given
	used     map[doseKey]bool
	rows     []row
}

// row is a dose of the result with what it sorts by and whether it is missing.
type row struct {
	dose    Dose
	minAge  time.Time
	order   int
	missing bool
}

func (p *planner) plan() Result {
	p.used = make(map[doseKey]bool, len(p.byKey))
	order := 0
	for gi, g := range p.cur.groups {
		tr := p.chooseTrack(g)
		var prev time.Time // date of the previous dose: given, or planned
		havePrev, prevGiven := false, false
		for _, sl := range tr.slots {
			order++
			if !p.applies(sl) {
				continue
			}
			minAgeDate := sl.minAge.after(p.birth)
			r := row{minAge: minAgeDate, order: order}
			if recKey, date, ok := p.match(sl); ok {
				r.dose = p.doneDose(g.name, tr.whenRecorded, sl, recKey, date, prev, prevGiven)
				prev, havePrev, prevGiven = date, true, true
				p.rows = append(p.rows, r)
				continue
			}
			if sl.hasCatchUp && !p.asOf.Before(sl.catchUpBefore.after(p.birth)) {
				continue // too old for this dose: no catch-up (§6.3, BCG)
			}
			earliest := minAgeDate
			if havePrev {
				earliest = laterOf(earliest, p.interval(sl).after(prev))
			}
			if sl.live {
				earliest = p.liveEarliest(gi, earliest)
			}
			r.dose = Dose{Vaccine: sl.key.vaccine, Dose: sl.key.dose, Earliest: formatDate(earliest)}
			status := StatusUpcoming
			if sl.hasDeadline {
				deadline := sl.completeBefore.after(p.birth)
				r.dose.CompleteBefore = formatDate(deadline)
				if !p.asOf.Before(deadline) {
					status = StatusOverdue
				}
			}
			if status != StatusOverdue && !earliest.After(p.asOf) {
				status = StatusDue
			}
			r.dose.Status = status
			r.missing = !minAgeDate.After(p.asOf)
			// A later dose counts its interval from the day this one can be given.
			prev, havePrev, prevGiven = laterOf(earliest, p.asOf), true, false
			p.rows = append(p.rows, r)
		}
	}
	sort.SliceStable(p.rows, func(i, j int) bool {
		a, b := p.rows[i], p.rows[j]
		if !a.minAge.Equal(b.minAge) {
			return a.minAge.Before(b.minAge)
		}
		return a.order < b.order
	})
	res := Result{
		Edition: p.cur.info.ID,
		Doses:   make([]Dose, 0, len(p.rows)),
		CatchUp: []Dose{},
	}
	for _, r := range p.rows {
		res.Doses = append(res.Doses, r.dose)
		if r.missing {
			res.CatchUp = append(res.CatchUp, r.dose)
		}
	}
	res.Complete = len(res.CatchUp) == 0
	return res
}

// chooseTrack picks the alternative series (JE-I, HepA-I) when the child has a
// record of its vaccine and none of the default one; otherwise the default.
func (p *planner) chooseTrack(g series) track {
	for _, t := range g.tracks[1:] {
		if p.recorded[t.whenRecorded] && (t.unlessRecorded == "" || !p.recorded[t.unlessRecorded]) {
			return t
		}
	}
	return g.tracks[0]
}

// applies reports whether a dose is for this child: doses for girls (HPV) apply to
// girls, and to children of unknown sex with a record of that vaccine.
func (p *planner) applies(sl slot) bool {
	if sl.sex == SexUnknown || sl.sex == p.sex {
		return true
	}
	return p.sex == SexUnknown && p.recorded[sl.key.vaccine]
}

// match finds the record that fills a dose: one of its own vaccine first, then one
// of the vaccines it accepts.
func (p *planner) match(sl slot) (doseKey, time.Time, bool) {
	if d, ok := p.byKey[sl.key]; ok && !p.used[sl.key] {
		p.used[sl.key] = true
		return sl.key, d, true
	}
	for _, k := range sl.accepts {
		if d, ok := p.byKey[k]; ok && !p.used[k] {
			p.used[k] = true
			return k, d, true
		}
	}
	return doseKey{}, time.Time{}, false
}

// doneDose describes a given dose with the dates of the edition in force on the day
// it was given.
func (p *planner) doneDose(series, track string, sl slot, rec doseKey, date, prev time.Time, prevGiven bool) Dose {
	then := inForce(p.eds, date)
	rule := sl
	if old, ok := then.findSlot(series, track, rec, sl.key); ok {
		rule = old
	}
	earliest := rule.minAge.after(p.birth)
	if prevGiven {
		earliest = laterOf(earliest, p.interval(rule).after(prev))
	}
	d := Dose{
		Vaccine: sl.key.vaccine, Dose: sl.key.dose,
		Earliest: formatDate(earliest), Status: StatusDone, GivenDate: formatDate(date),
	}
	if rule.hasDeadline {
		d.CompleteBefore = formatDate(rule.completeBefore.after(p.birth))
	}
	if rec.vaccine != sl.key.vaccine {
		d.GivenAs = rec.vaccine
	}
	return d
}

func (p *planner) interval(sl slot) span {
	if sl.hasInterval {
		return sl.minInterval
	}
	return daysSpan(p.settings.UnstatedIntervalDays)
}

// liveEarliest applies §6.3: two live injectable vaccines are given on the same day
// or at least the gap apart. Only doses of other series count; within a series the
// series interval applies. When the dose could already be given, it stays due only
// if the as-of date itself is allowed.
func (p *planner) liveEarliest(group int, earliest time.Time) time.Time {
	var days []time.Time
	for _, g := range p.live {
		if gi, ok := p.cur.groupOf[g.key.vaccine]; ok && gi == group {
			continue
		}
		days = append(days, g.date)
	}
	if len(days) == 0 {
		return earliest
	}
	allowed := func(x time.Time) bool {
		for _, d := range days {
			if !x.Equal(d) && x.Before(p.cur.liveGap.after(d)) {
				return false
			}
		}
		return true
	}
	from := earliest
	if !from.After(p.asOf) {
		if allowed(p.asOf) {
			return earliest
		}
		from = p.asOf
	}
	if allowed(from) {
		return from
	}
	var best time.Time
	for _, d := range days {
		c := p.cur.liveGap.after(d)
		if c.After(from) && allowed(c) && (best.IsZero() || c.Before(best)) {
			best = c
		}
	}
	return best
}
