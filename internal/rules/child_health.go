package rules

import (
	"errors"
	"fmt"
	"time"
)

// ReexamRequired reports whether a child whose last day at the institution
// was lastAttended must be re-examined before returning on returning: the
// absence is ChildHealth.ReexamAbsenceMonths (3) completed months or more,
// counted from the last day attended.
func (s Standard) ReexamRequired(lastAttended, returning time.Time) (bool, error) {
	if lastAttended.IsZero() {
		return false, fieldErr("last_attended", ErrRequired)
	}
	if returning.IsZero() {
		return false, fieldErr("returning", ErrRequired)
	}
	from, to := dateOf(lastAttended), dateOf(returning)
	if to.before(from) {
		return false, fieldErr("returning", ErrDateOrder)
	}
	return completedMonths(from, to) >= s.ChildHealth.ReexamAbsenceMonths, nil
}

// NextPeriodicExam returns the date by which a child's next health
// examination is due after the one on lastExam: under 12 months of age, the
// next community visit age (3, 6, 8, 12 months); 12–35 months, every 6
// months; 36 months and over, every 12 months.
func (s Standard) NextPeriodicExam(birth, lastExam time.Time) (time.Time, error) {
	age, err := CompletedMonths(birth, lastExam)
	if err != nil {
		var fe *FieldError
		if errors.As(err, &fe) && fe.Field == "as_of" {
			return time.Time{}, fieldErr("last_exam", fe.Err)
		}
		return time.Time{}, err
	}
	ch := s.ChildHealth
	b, last := dateOf(birth), dateOf(lastExam)
	if age < 12 {
		for _, visit := range ch.InfantVisitAgesMonths {
			if visit > age {
				return b.addMonths(visit).time(), nil
			}
		}
	}
	if age < 36 {
		return last.addMonths(ch.ToddlerExamIntervalMonths).time(), nil
	}
	return last.addMonths(ch.OlderExamIntervalMonths).time(), nil
}

// NextHaemoglobinTest returns the date by which the next haemoglobin or blood
// routine test is due after the one on lastTest.
func (s Standard) NextHaemoglobinTest(lastTest time.Time) (time.Time, error) {
	if lastTest.IsZero() {
		return time.Time{}, fieldErr("last_test", ErrRequired)
	}
	return dateOf(lastTest).addMonths(s.ChildHealth.HaemoglobinIntervalMonths).time(), nil
}

// VaccinationCheckDue returns the last day for checking the vaccination
// certificate of a child who joined on joined (term start, transfer or
// mid-year entry): joined + ChildHealth.VaccinationCheckDays calendar days.
func (s Standard) VaccinationCheckDue(joined time.Time) (time.Time, error) {
	if joined.IsZero() {
		return time.Time{}, fieldErr("joined", ErrRequired)
	}
	return dateOf(joined).addDays(s.ChildHealth.VaccinationCheckDays).time(), nil
}

// VaccinationRecheckDue returns the last day for re-checking a child referred
// for catch-up doses at the check on checkedOn: 31 December of that year.
func VaccinationRecheckDue(checkedOn time.Time) (time.Time, error) {
	if checkedOn.IsZero() {
		return time.Time{}, fieldErr("checked_on", ErrRequired)
	}
	return time.Date(checkedOn.Year(), time.December, 31, 0, 0, 0, 0, time.UTC), nil
}

// ChildHealthFacts is what CheckChild needs about one enrolled child. Zero
// dates mean "not recorded".
type ChildHealthFacts struct {
	ID        string
	BirthDate time.Time
	Joined    time.Time // first day at the institution (or transfer/mid-year entry)
	// LastExam is the latest health examination; the admission exam counts.
	LastExam        time.Time
	LastHaemoglobin time.Time
	// VaccinationCheckedOn is when the certificate was checked; CatchUpNeeded
	// says that check referred the child for catch-up, and RecheckedOn when
	// the re-check was done.
	VaccinationCheckedOn time.Time
	CatchUpNeeded        bool
	RecheckedOn          time.Time
	// AbsentFrom is the last day attended before the latest absence and
	// ReturnedOn the day the child came back; ReexamOn is an examination
	// for that return.
	AbsentFrom time.Time
	ReturnedOn time.Time
	ReexamOn   time.Time
}

// CheckChild checks one child's health duties of the institution on asOf:
// periodic exam and haemoglobin test not overdue (counted from the last
// exam, or from joining when none is recorded, since admission requires one),
// vaccination certificate checked within the deadline, catch-up re-checked by
// 31 December, and re-examination after a long absence.
func (s Standard) CheckChild(c ChildHealthFacts, asOf time.Time) ([]Finding, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	switch {
	case asOf.IsZero():
		return nil, fieldErr("as_of", ErrRequired)
	case c.BirthDate.IsZero():
		return nil, fieldErr("birth_date", ErrRequired)
	case c.Joined.IsZero():
		return nil, fieldErr("joined", ErrRequired)
	case dateOf(c.Joined).before(dateOf(c.BirthDate)):
		return nil, fieldErr("joined", ErrDateOrder)
	case !c.LastExam.IsZero() && dateOf(c.LastExam).before(dateOf(c.BirthDate)):
		return nil, fieldErr("last_exam", ErrDateOrder)
	case !c.ReturnedOn.IsZero() && c.AbsentFrom.IsZero():
		return nil, fieldErr("absent_from", ErrRequired)
	case !c.ReturnedOn.IsZero() && dateOf(c.ReturnedOn).before(dateOf(c.AbsentFrom)):
		return nil, fieldErr("returned_on", ErrDateOrder)
	}
	f := findings{s: s}
	day, who := dateOf(asOf), c.ID
	show := func(t time.Time) string { return t.Format(time.DateOnly) }

	last := c.LastExam
	if last.IsZero() {
		last = c.Joined
	}
	if due, err := s.NextPeriodicExam(c.BirthDate, last); err == nil && day.after(dateOf(due)) {
		f.add(RuleChildPeriodicExam, Violation, who,
			"定期健康检查已逾期（应于"+show(due)+"前）", "periodic health exam overdue (due by "+show(due)+")")
	}
	lastHb := c.LastHaemoglobin
	if lastHb.IsZero() {
		lastHb = c.Joined
	}
	if due, err := s.NextHaemoglobinTest(lastHb); err == nil && day.after(dateOf(due)) {
		f.add(RuleChildHaemoglobin, Violation, who,
			"血红蛋白（血常规）检查已逾期（应于"+show(due)+"前）", "haemoglobin test overdue (due by "+show(due)+")")
	}
	if c.VaccinationCheckedOn.IsZero() {
		if due, err := s.VaccinationCheckDue(c.Joined); err == nil && day.after(dateOf(due)) {
			f.add(RuleVaccinationCheck, Violation, who,
				"未在入托后"+fmt.Sprint(s.ChildHealth.VaccinationCheckDays)+"日内查验预防接种证（应于"+show(due)+"前）",
				"vaccination certificate not checked within "+fmt.Sprint(s.ChildHealth.VaccinationCheckDays)+" days of joining (due by "+show(due)+")")
		}
	} else if c.CatchUpNeeded && c.RecheckedOn.IsZero() {
		if due, err := VaccinationRecheckDue(c.VaccinationCheckedOn); err == nil && day.after(dateOf(due)) {
			f.add(RuleVaccinationRecheck, Violation, who,
				"需补种儿童未在"+show(due)+"前完成复验", "catch-up re-check not done by "+show(due))
		}
	}
	if !c.ReturnedOn.IsZero() {
		need, err := s.ReexamRequired(c.AbsentFrom, c.ReturnedOn)
		examined := !c.ReexamOn.IsZero() && dateOf(c.ReexamOn).after(dateOf(c.AbsentFrom)) &&
			!dateOf(c.ReexamOn).after(dateOf(c.ReturnedOn))
		if err == nil && need && !examined {
			f.add(RuleChildReexam, Violation, who,
				fmt.Sprintf("离园%d个月以上返园前未重新体检", s.ChildHealth.ReexamAbsenceMonths),
				fmt.Sprintf("returned after %d months or more away without a re-examination", s.ChildHealth.ReexamAbsenceMonths))
		}
	}
	return f.out, nil
}
