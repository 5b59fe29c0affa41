package service

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/rules"
	"tuoyu/internal/store"
)

// Enrolment is the director's enrolment form: the child, their guardians
// and pick-up persons, the class, care type, start date, 普惠 or not, the
// fee in fen, and the purposes the first guardian consented to on the
// paper form.
type Enrolment struct {
	Child         ChildInput    `json:"child"`
	Guardians     []PersonInput `json:"guardians"`
	PickupPersons []PersonInput `json:"pickup_persons"`
	ClassID       int64         `json:"class_id"`
	CareType      string        `json:"care_type"`
	StartDate     string        `json:"start_date"`
	Puhui         bool          `json:"puhui"`
	FeeFen        int64         `json:"fee_fen"`
	Consents      []string      `json:"consents"`
}

// EnrolResult is the enrolled child with the rules engine's findings on
// the class after the enrolment (for example a caregiver ratio to fix).
type EnrolResult struct {
	domain.Child
	Warnings []domain.RuleFinding `json:"warnings"`
}

// MaxFeeFen bounds a monthly (or hourly) fee: 100,000 yuan.
const MaxFeeFen = 10_000_000

// Enrol enrols a child at an institution in scope. Bad input is refused by
// field (422), as is a child whose age does not fit the class band (rule
// class.age). A full class, a home care point at its limit, an institution
// at its filed places, and a child enrolled elsewhere are conflicts (409).
// The capacity checks and the insert run in one transaction serialised on
// the institution and the class, so two requests racing for the last place
// end with exactly one enrolled. A child who left an institution is found
// by the keyed hash of their certificate and their record re-used.
func (s *Service) Enrol(ctx context.Context, a authz.Actor, institutionID int64, req Enrolment) (EnrolResult, error) {
	if err := a.Require(authz.ChildEdit); err != nil {
		return EnrolResult{}, err
	}
	var childID int64
	var warnings []domain.RuleFinding
	err := s.DB.Tx(ctx, func(q store.Q) error {
		inst, err := q.Institution(ctx, a.Scope(), institutionID)
		if err != nil {
			return err
		}
		if domain.StatusEnded(inst.Status) {
			return domain.Conflict("the institution's filing is cancelled")
		}
		std, err := s.standardFor(inst.RegionCode)
		if err != nil {
			return err
		}
		p := domain.Problems{}
		child, err := s.checkChild(ctx, q, req.Child, "child.", p)
		if err != nil {
			return err
		}
		if len(req.Guardians) == 0 {
			p.Add("guardians", domain.ReasonRequired)
		}
		guardians := s.checkPeople(req.Guardians, "guardians", MaxGuardians, p)
		pickups := s.checkPeople(req.PickupPersons, "pickup_persons", MaxPickupPersons, p)
		class, err := s.enrolClass(ctx, q, a, inst, req.ClassID, "class_id", p)
		if err != nil {
			return err
		}
		care, _, _ := enrolmentTerms(inst, req.CareType, req.FeeFen, req.Puhui, p)
		start := s.checkStartDate(req.StartDate, child.BirthDate, p)
		consents := checkPurposes(req.Consents, "consents", p)
		// The age band is a rule: named with its source when it is the refusal.
		var ruleFs []domain.RuleFinding
		// (No birth date while the ID number it comes from is refused.)
		if birth, berr := time.Parse(time.DateOnly, child.BirthDate); berr == nil && p["child.birth_date"] == "" && class.ID != 0 && !start.IsZero() {
			f, err := ageFits(std, inst, class, birth, start)
			if err != nil {
				return err
			}
			if f != nil {
				ruleFs = append(ruleFs, *f)
			}
		}
		if len(p) > 0 || len(ruleFs) > 0 {
			return ruleRefusal(domain.CodeInvalid, ruleFs, func(string) string { return "class_id" }, p)
		}

		// Serialise on the institution, then the class, and count again.
		if err := q.LockInstitution(ctx, inst.ID); err != nil {
			return err
		}
		if err := q.LockClass(ctx, class.ID); err != nil {
			return err
		}
		if err := s.checkPlaces(ctx, q, std, inst, class, req.Puhui); err != nil {
			return err
		}

		now := s.Now()
		id, found, err := q.ChildIDByCertHash(ctx, child.CertHash)
		if err != nil {
			return err
		}
		reenrolled := found
		if found {
			open, err := q.HasOpenEnrolment(ctx, id)
			if err != nil {
				return err
			}
			if open {
				return alreadyEnrolled()
			}
			child.ID = id
			if err := q.UpdateChild(ctx, child.Child, now); err != nil {
				return err
			}
		} else {
			id, err = q.CreateChild(ctx, child, now)
			if domain.ErrorCode(err) == domain.CodeConflict {
				return alreadyEnrolled()
			}
			if err != nil {
				return err
			}
		}
		childID = id
		enrolmentID, err := q.CreateEnrolment(ctx, domain.Enrolment{ChildID: id, InstitutionID: inst.ID, ClassID: class.ID, CareType: care,
			StartDate: start.Format(time.DateOnly), Puhui: req.Puhui, FeeFen: req.FeeFen}, now)
		if domain.ErrorCode(err) == domain.CodeConflict {
			return alreadyEnrolled()
		}
		if err != nil {
			return err
		}
		// After the enrolment, which puts the child in the actor's scope.
		guardianIDs, err := s.mergeGuardians(ctx, q, a.Scope(), id, guardians, now)
		if err != nil {
			return err
		}
		if err := s.mergePickups(ctx, q, a.Scope(), id, pickups, now); err != nil {
			return err
		}
		for _, purpose := range consents {
			if err := s.giveConsent(ctx, q, a, id, guardianIDs[0], purpose, inst.RegionCode, inst.ID, "enrolment_form"); err != nil {
				return err
			}
		}
		members, err := q.ClassMembers(ctx, a.Scope(), class.ID)
		if err != nil {
			return err
		}
		if warnings, err = checkClass(std, inst, class, members, s.Today()); err != nil {
			return err
		}
		return s.audit(ctx, q, a, audit.ChildEnrol, "child", id, inst.RegionCode, inst.ID, map[string]any{
			"enrolment_id": enrolmentID, "class_id": class.ID, "care_type": care, "start_date": start.Format(time.DateOnly),
			"puhui": req.Puhui, "fee_fen": req.FeeFen, "cert_masked": child.CertMasked, "reenrolled": reenrolled})
	})
	if err != nil {
		return EnrolResult{}, err
	}
	c, err := s.Child(ctx, a, childID)
	if warnings == nil {
		warnings = []domain.RuleFinding{}
	}
	return EnrolResult{Child: c, Warnings: warnings}, err
}

func alreadyEnrolled() error {
	return &domain.Error{Code: domain.CodeConflict, Fields: map[string]string{"child.cert_number": "already_enrolled"},
		Message: "this child is enrolled at an institution already; they must be withdrawn there before enrolling here"}
}

// enrolClass loads the class a child is to join: a class of the
// institution, not archived.
func (s *Service) enrolClass(ctx context.Context, q store.Q, a authz.Actor, inst domain.Institution, classID int64, field string, p domain.Problems) (domain.Class, error) {
	if classID == 0 {
		p.Add(field, domain.ReasonRequired)
		return domain.Class{}, nil
	}
	c, err := q.Class(ctx, a.Scope(), classID)
	if domain.ErrorCode(err) == domain.CodeNotFound || (err == nil && c.InstitutionID != inst.ID) {
		p.Add(field, "unknown_class")
		return domain.Class{}, nil
	}
	if err != nil {
		return c, err
	}
	if c.Archived {
		p.Add(field, "class_archived")
		return domain.Class{}, nil
	}
	return c, nil
}

// checkStartDate: a date, not before the birth date, at most a year ahead.
func (s *Service) checkStartDate(v, birth string, p domain.Problems) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		p.Add("start_date", domain.ReasonRequired)
		return time.Time{}
	}
	d, err := time.Parse(time.DateOnly, v)
	if err != nil {
		p.Add("start_date", domain.ReasonDate)
		return time.Time{}
	}
	if b, err := time.Parse(time.DateOnly, birth); err == nil && d.Before(b) {
		p.Add("start_date", "before_birth")
		return time.Time{}
	}
	if d.After(s.Today().AddDate(1, 0, 0)) {
		p.Add("start_date", domain.ReasonRange)
		return time.Time{}
	}
	return d
}

// placeCounts are the open enrolments an enrolment is counted against:
// the class's, the institution's and its 普惠 ones.
type placeCounts struct{ class, total, puhui int }

// countPlaces counts the open enrolments of the institution and the class.
func countPlaces(ctx context.Context, q store.Q, institutionID, classID int64) (placeCounts, error) {
	var n placeCounts
	var err error
	if n.class, err = q.CountClassEnrolled(ctx, classID); err != nil {
		return n, err
	}
	n.total, n.puhui, err = q.CountInstitutionEnrolled(ctx, institutionID)
	return n, err
}

// checkPlaces refuses an enrolment beyond the class capacity, the home
// care point limit, the institution's filed places or its 普惠 places.
// It is called with the institution and class locked.
func (s *Service) checkPlaces(ctx context.Context, q store.Q, std rules.Standard, inst domain.Institution, class domain.Class, puhui bool) error {
	n, err := countPlaces(ctx, q, inst.ID, class.ID)
	if err != nil {
		return err
	}
	return placesRefusal(std, inst, class, n, puhui)
}

// placesRefusal is checkPlaces on counts already made.
func placesRefusal(std rules.Standard, inst domain.Institution, class domain.Class, n placeCounts, puhui bool) error {
	if n.class >= class.Capacity {
		return classFull(std, inst, class, n.class)
	}
	if inst.Kind == domain.KindHome && n.total >= std.HomePoint.MaxChildren {
		f := newFinding(std, rules.RuleHomePointCapacity, rules.Violation,
			fmt.Sprintf("家庭托育点已收托%d人，达到%d人上限", n.total, std.HomePoint.MaxChildren),
			fmt.Sprintf("the home care point has %d children, its limit of %d", n.total, std.HomePoint.MaxChildren))
		return ruleRefusal(domain.CodeConflict, []domain.RuleFinding{f}, func(string) string { return "institution" }, nil)
	}
	if inst.Places > 0 && n.total >= inst.Places {
		f := newFinding(std, rules.RulePlaces, rules.Violation,
			fmt.Sprintf("在托%d人，已达备案托位数%d", n.total, inst.Places),
			fmt.Sprintf("%d children enrolled, the filed places are %d", n.total, inst.Places))
		return ruleRefusal(domain.CodeConflict, []domain.RuleFinding{f}, func(string) string { return "institution" }, nil)
	}
	if puhui && n.puhui >= inst.PuhuiPlaces {
		return &domain.Error{Code: domain.CodeConflict, Fields: map[string]string{"puhui": "puhui_places_full"},
			Message: fmt.Sprintf("all %d puhui places are taken", inst.PuhuiPlaces)}
	}
	return nil
}

// classFull is the refusal of a full class; at the class size of the
// standard it names the rule.
func classFull(std rules.Standard, inst domain.Institution, class domain.Class, enrolled int) error {
	msg := fmt.Sprintf("the class is full: %d of %d places taken", enrolled, class.Capacity)
	var fs []domain.RuleFinding
	if inst.Kind != domain.KindHome && class.Capacity >= maxChildren(std, inst, class.Type) {
		r, _ := std.Class(rules.ClassType(class.Type))
		f := newFinding(std, rules.RuleClassSize, rules.Violation,
			fmt.Sprintf("%s不超过%d人，本班已满，请选择其他班级", rules.ClassType(class.Type).Chinese(), r.MaxChildren),
			fmt.Sprintf("a %s class takes at most %d children; this one is full, choose another class", rules.ClassType(class.Type).English(), r.MaxChildren))
		msg += "; " + ruleText(f)
		fs = append(fs, f)
	}
	return &domain.Error{Code: domain.CodeConflict, Message: msg, Fields: map[string]string{"class_id": "class_full"}, Findings: fs}
}

// mergeGuardians adds the guardians to a child, updating one already
// recorded with the same phone (a child re-enrolled). It returns the
// guardians' row IDs in the order given.
func (s *Service) mergeGuardians(ctx context.Context, q store.Q, scope authz.Scope, childID int64, people []person, now time.Time) ([]int64, error) {
	existing, err := q.Guardians(ctx, scope, childID)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(people))
	for i, x := range people {
		g := store.GuardianRecord{Guardian: domain.Guardian{ChildID: childID, Name: x.Name, Relation: x.Relation, Phone: x.Phone, IDType: x.IDType, IDMasked: x.IDMasked}, IDEnc: x.IDEnc}
		idx := slices.IndexFunc(existing, func(e store.GuardianRecord) bool { return e.Phone == x.Phone })
		if idx >= 0 {
			g.ID = existing[idx].ID
			if x.IDEnc == "" {
				g.IDType, g.IDEnc, g.IDMasked = existing[idx].IDType, existing[idx].IDEnc, existing[idx].IDMasked
			}
			if err := q.UpdateGuardian(ctx, g); err != nil {
				return nil, err
			}
			ids[i] = g.ID
			continue
		}
		if ids[i], err = q.AddGuardian(ctx, g, now); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// mergePickups adds pick-up persons, updating one with the same phone.
func (s *Service) mergePickups(ctx context.Context, q store.Q, scope authz.Scope, childID int64, people []person, now time.Time) error {
	existing, err := q.Pickups(ctx, scope, childID)
	if err != nil {
		return err
	}
	for _, x := range people {
		if idx := slices.IndexFunc(existing, func(e store.PickupRecord) bool { return e.Phone == x.Phone }); idx >= 0 {
			if err := q.RemovePickup(ctx, childID, existing[idx].ID); err != nil {
				return err
			}
		}
		if _, err := q.AddPickup(ctx, store.PickupRecord{PickupPerson: domain.PickupPerson{ChildID: childID, Name: x.Name, Relation: x.Relation, Phone: x.Phone,
			IDType: x.IDType, IDMasked: x.IDMasked}, IDEnc: x.IDEnc}, now); err != nil {
			return err
		}
	}
	return nil
}

// checkPurposes validates consent purposes; repeats are dropped.
func checkPurposes(in []string, field string, p domain.Problems) []string {
	var out []string
	for _, x := range in {
		x = strings.TrimSpace(x)
		if !contains(domain.ConsentPurposes, x) {
			p.Add(field, domain.ReasonNotAllowed)
			continue
		}
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
