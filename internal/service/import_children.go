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
	"tuoyu/internal/i18n"
	"tuoyu/internal/store"
)

// childImportRenames maps the enrolment's field names to roster columns.
var childImportRenames = map[string]string{
	"class_id":         "class",
	"fee_fen":          "fee",
	"guardian_id_type": "guardian_id_number",
	"guardians":        "guardian_name",
}

// childRow is one roster row checked as the enrolment form is: the child's
// record, the guardian, care type, start date, fee and 普惠.
type childRow struct {
	Child    store.ChildRecord
	Guardian person
	Care     string
	Start    time.Time
	FeeFen   int64
	Puhui    bool
}

// checkChildRow validates the fields of a roster row that need no class
// with the checks of Enrol (checkChild, checkPerson, checkStartDate and
// the terms of enrolment); values are by column key, problems by the
// enrolment's field names.
func (s *Service) checkChildRow(ctx context.Context, q store.Q, inst domain.Institution, values func(key string) string, p domain.Problems) (childRow, error) {
	var out childRow
	var err error
	out.Child, err = s.checkChild(ctx, q, ChildInput{Name: values("name"), Sex: values("sex"), BirthDate: values("birth_date"), CertType: values("cert_type"),
		CertNumber: values("cert_number"), HouseholdRegion: values("household_region"), Allergies: values("allergies"), SpecialNeeds: values("special_needs")}, "", p)
	if err != nil {
		return out, err
	}
	out.Guardian = s.checkPerson(PersonInput{Name: values("guardian_name"), Relation: values("guardian_relation"), Phone: values("guardian_phone"),
		IDNumber: values("guardian_id_number")}, "guardian_", p)
	out.Start = s.checkStartDate(values("start_date"), out.Child.BirthDate, p)
	fee, ok := parseFen(values("fee"))
	if !ok {
		p.Add("fee_fen", "import.not_money")
	}
	out.Care, out.FeeFen, out.Puhui = enrolmentTerms(inst, values("care_type"), fee, values("puhui") == "true", p)
	return out, nil
}

// enrolmentTerms checks the care type, fee and 普惠 flag of an enrolment
// (Enrol's and a roster row's).
func enrolmentTerms(inst domain.Institution, careType string, feeFen int64, puhui bool, p domain.Problems) (string, int64, bool) {
	care := strings.TrimSpace(careType)
	switch {
	case care == "":
		p.Add("care_type", domain.ReasonRequired)
	case !contains(domain.CareTypes, care):
		p.Add("care_type", domain.ReasonNotAllowed)
	case len(inst.CareTypes) > 0 && !slices.ContainsFunc(inst.CareTypes, func(o domain.CareOffer) bool { return o.Type == care }):
		p.Add("care_type", "not_offered")
	}
	if feeFen < 0 {
		p.Add("fee_fen", domain.ReasonNegative)
	} else if feeFen > MaxFeeFen {
		p.Add("fee_fen", domain.ReasonRange)
	}
	if puhui && inst.PuhuiPlaces <= 0 {
		p.Add("puhui", "no_puhui_places")
	}
	return care, feeFen, puhui
}

// importClass is a class named in a roster as enrolClass judged it.
type importClass struct {
	class  domain.Class
	reason string
}

// importChildren enrols the rows of a children roster inside the import's
// transaction, in file order, as Enrol does one child: the same checks,
// then the places counted with the rows before (class capacity, filed
// places, home care point limit, 普惠 places), then the child (re-using the
// record of a child who left), the guardian and the enrolment, each with
// its child.enrol audit event.
func (s *Service) importChildren(ctx context.Context, q store.Q, a authz.Actor, inst domain.Institution, r *importRun) error {
	std, err := s.standardFor(inst.RegionCode)
	if err != nil {
		return err
	}
	if err := q.LockInstitution(ctx, inst.ID); err != nil {
		return err
	}
	all, err := importClasses(ctx, q, a, inst.ID)
	if err != nil {
		return err
	}
	byName := make(map[string]domain.Class, len(all))
	for _, c := range all {
		byName[strings.TrimSpace(c.Name)] = c
	}
	checked := map[string]importClass{}
	// The places are counted once, then kept up to date row by row.
	locked := map[int64]bool{}
	classCount := map[int64]int{}
	total, puhuiCount, err := q.CountInstitutionEnrolled(ctx, inst.ID)
	if err != nil {
		return err
	}
	touched := []domain.Class{}
	firstRow := map[string]int{} // certificate hash → row
	keyOf := r.keyOf(childImportRenames)
	now := s.Now()

	for _, row := range r.t.Rows {
		line := row.Line
		val := func(key string) string { return r.t.Value(row, key) }
		p := domain.Problems{}
		c, err := s.checkChildRow(ctx, q, inst, val, p)
		if err != nil {
			return err
		}
		// The class by name, judged once per name as enrolClass judges it.
		name := strings.TrimSpace(val("class"))
		ic, ok := checked[name]
		if !ok {
			if k, found := byName[name]; name != "" && found {
				cp := domain.Problems{}
				ic.class, err = s.enrolClass(ctx, q, a, inst, k.ID, "class", cp)
				if err != nil {
					return err
				}
				ic.reason = cp["class"]
			} else if name == "" {
				ic.reason = domain.ReasonRequired
			} else {
				ic.reason = "unknown_class"
			}
			checked[name] = ic
		}
		if ic.reason != "" {
			p.Add("class", ic.reason)
		}
		class := ic.class
		dup := false
		if c.Child.CertHash != "" {
			if first, seen := firstRow[c.Child.CertHash]; seen {
				r.add(line, "cert_number", "import.duplicate_row", first)
				dup = true
			} else {
				firstRow[c.Child.CertHash] = line
			}
		}
		var ageRule *domain.RuleFinding
		if birth, berr := time.Parse(time.DateOnly, c.Child.BirthDate); berr == nil && p["birth_date"] == "" && class.ID != 0 && !c.Start.IsZero() {
			if ageRule, err = ageFits(std, inst, class, birth, c.Start); err != nil {
				return err
			}
		}
		if len(p) > 0 || ageRule != nil || dup || r.bad[line] {
			r.problems(line, p, keyOf)
			if ageRule != nil {
				r.finding(line, "class", *ageRule)
			}
			continue
		}

		if !locked[class.ID] {
			if err := q.LockClass(ctx, class.ID); err != nil {
				return err
			}
			locked[class.ID] = true
			touched = append(touched, class)
			if classCount[class.ID], err = q.CountClassEnrolled(ctx, class.ID); err != nil {
				return err
			}
		}
		if err := placesRefusal(std, inst, class, placeCounts{class: classCount[class.ID], total: total, puhui: puhuiCount}, c.Puhui); err != nil {
			if r.refusal(line, err, keyOf) {
				continue
			}
			return err
		}
		id, found, err := q.ChildIDByCertHash(ctx, c.Child.CertHash)
		if err != nil {
			return err
		}
		child := c.Child
		if found {
			open, err := q.HasOpenEnrolment(ctx, id)
			if err != nil {
				return err
			}
			if open {
				r.add(line, "cert_number", "already_enrolled")
				continue
			}
			child.ID = id
			if err := q.UpdateChild(ctx, child.Child, now); err != nil {
				return err
			}
		} else if id, err = q.CreateChild(ctx, child, now); err != nil {
			// Only a concurrent enrolment of the same child gets here; on
			// PostgreSQL the transaction cannot go on, so the import stops.
			if domain.ErrorCode(err) == domain.CodeConflict {
				r.add(line, "cert_number", "already_enrolled")
				r.add(line, "", "import.stopped")
				return nil
			}
			return err
		}
		enrolmentID, err := q.CreateEnrolment(ctx, domain.Enrolment{ChildID: id, InstitutionID: inst.ID, ClassID: class.ID, CareType: c.Care,
			StartDate: c.Start.Format(time.DateOnly), Puhui: c.Puhui, FeeFen: c.FeeFen}, now)
		if domain.ErrorCode(err) == domain.CodeConflict {
			r.add(line, "cert_number", "already_enrolled")
			r.add(line, "", "import.stopped")
			return nil
		}
		if err != nil {
			return err
		}
		// After the enrolment, which puts the child in the actor's scope.
		if _, err := s.mergeGuardians(ctx, q, a.Scope(), id, []person{c.Guardian}, now); err != nil {
			return err
		}
		if err := s.audit(ctx, q, a, audit.ChildEnrol, "child", id, inst.RegionCode, inst.ID, map[string]any{
			"enrolment_id": enrolmentID, "class_id": class.ID, "care_type": c.Care, "start_date": c.Start.Format(time.DateOnly),
			"puhui": c.Puhui, "fee_fen": c.FeeFen, "cert_masked": child.CertMasked, "reenrolled": found, "import": true, "row": line}); err != nil {
			return err
		}
		classCount[class.ID]++
		total++
		if c.Puhui {
			puhuiCount++
		}
		r.written++
	}

	// The rules engine on each class that took children: a ratio to fix is
	// a warning, as it is on a single enrolment.
	for _, class := range touched {
		members, err := q.ClassMembers(ctx, a.Scope(), class.ID)
		if err != nil {
			return err
		}
		fs, err := checkClass(std, inst, class, members, s.Today())
		if err != nil {
			return err
		}
		for _, f := range fs {
			msg := f.Message
			if r.lang == "en" {
				msg = f.MessageEN
			}
			r.warnings = append(r.warnings, fmt.Sprintf("%s: %s", class.Name, i18n.T(r.lang, "import.rule", msg, f.Source)))
		}
	}
	return nil
}
