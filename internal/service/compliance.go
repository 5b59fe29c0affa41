package service

import (
	"context"
	"fmt"
	"sort"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/rules"
	"tuoyu/internal/store"
)

// RuleStaffBlacklisted is checked here rather than in the rules package,
// because it needs the blacklist: a current staff member with an active ban.
const RuleStaffBlacklisted = "staff.blacklisted"

// The legal basis of the ban-list finding, as users read it.
const (
	sourceStaffBlacklisted   = "《中华人民共和国未成年人保护法》第六十二条"
	sourceStaffBlacklistedEN = "Law on the Protection of Minors, Article 62"
)

// complianceUnrecorded are rules whose facts the platform does not record
// yet (video surveillance, the observation room): left out rather than
// reported against every institution.
var complianceUnrecorded = map[string]bool{rules.RuleCCTV: true, rules.RuleObservationRoom: true}

// Compliance evaluates the setting-up standard live for one institution in
// scope: classes (size, ages, caregiver ratio), health staff, cooks, the
// person in charge, staff certificates, enrolled children against places,
// premises from the last filed form, and the home-point limits. Violations
// come first.
func (s *Service) Compliance(ctx context.Context, a authz.Actor, institutionID int64) ([]domain.Finding, error) {
	if err := a.Require(authz.ComplianceView); err != nil {
		return nil, err
	}
	q := s.DB.Read()
	inputs, err := q.ComplianceInputs(ctx, a.Scope(), domain.InstitutionFilter{}, institutionID)
	if err != nil {
		return nil, err
	}
	if len(inputs) == 0 {
		// out of scope (not found) or cancelled (nothing to check)
		if _, err := q.Institution(ctx, a.Scope(), institutionID); err != nil {
			return nil, err
		}
		return []domain.Finding{}, nil
	}
	return s.complianceFindings(inputs[0], s.Today())
}

// ComplianceRanking ranks the institutions in scope (cancelled ones
// excepted) by their number of violations, then warnings. Every institution
// is evaluated live (the facts read in a fixed number of queries) and the
// ranking kept until a write that can change it is committed (rankingCache).
func (s *Service) ComplianceRanking(ctx context.Context, a authz.Actor, f domain.InstitutionFilter, page domain.Page) ([]domain.ComplianceSummary, int, error) {
	if err := a.Require(authz.ComplianceView); err != nil {
		return nil, 0, err
	}
	if err := checkFilter(f); err != nil {
		return nil, 0, err
	}
	today := s.Today()
	key := rankingKeyOf(a.Scope(), f, today.Format(time.DateOnly), s.standards.Load())
	all, err := s.rankings.ranking(ctx, key, func() ([]domain.ComplianceSummary, error) { return s.rankAll(ctx, a, f, today) })
	if err != nil {
		return nil, 0, err
	}
	page = page.Normalised()
	lo := min(page.Offset(), len(all))
	hi := min(lo+page.PerPage, len(all))
	return all[lo:hi], len(all), nil
}

// rankAll evaluates every institution in scope and ranks them.
func (s *Service) rankAll(ctx context.Context, a authz.Actor, f domain.InstitutionFilter, today time.Time) ([]domain.ComplianceSummary, error) {
	inputs, err := s.DB.Read().ComplianceInputs(ctx, a.Scope(), f, 0)
	if err != nil {
		return nil, err
	}
	all := make([]domain.ComplianceSummary, 0, len(inputs))
	for _, in := range inputs {
		findings, err := s.complianceFindings(in, today)
		if err != nil {
			return nil, err
		}
		sum := domain.ComplianceSummary{InstitutionID: in.Institution.ID, Name: in.Institution.Name, RegionCode: in.Institution.RegionCode,
			TownshipCode: in.Institution.TownshipCode, Kind: in.Institution.Kind, Status: in.Institution.Status}
		for _, x := range findings {
			if x.Severity == string(rules.Violation) {
				sum.Violations++
			} else {
				sum.Warnings++
			}
		}
		all = append(all, sum)
	}
	sort.SliceStable(all, func(i, j int) bool {
		x, y := all[i], all[j]
		if x.Violations != y.Violations {
			return x.Violations > y.Violations
		}
		if x.Warnings != y.Warnings {
			return x.Warnings > y.Warnings
		}
		if x.RegionCode != y.RegionCode {
			return x.RegionCode < y.RegionCode
		}
		if x.Name != y.Name {
			return x.Name < y.Name
		}
		return x.InstitutionID < y.InstitutionID
	})
	return all, nil
}

var complianceEducation = map[string]rules.Education{
	domain.EduJuniorHigh: rules.EducationJuniorHigh, domain.EduSeniorHigh: rules.EducationSeniorHigh,
	domain.EduJuniorCollege: rules.EducationJuniorCollege, domain.EduBachelor: rules.EducationBachelor,
	domain.EduPostgraduate: rules.EducationPostgraduate,
}

// complianceCertKind maps a certificate kind to the rules package's; the
// qualifications it does not check by kind are "other".
func complianceCertKind(kind string) string {
	switch kind {
	case domain.CertHealth, domain.CertNoCriminalRecord, domain.CertDirectorTraining, domain.CertHealthStaffTraining, domain.CertSecurityGuard:
		return kind
	}
	return rules.CertOther
}

// complianceFacts turns what the database holds into the rules' facts.
// Records the rules would refuse (an unknown class type, a birth date after
// today) are left out and logged rather than failing the whole check.
func (s *Service) complianceFacts(std rules.Standard, in store.ComplianceInput, today time.Time) rules.InstitutionFacts {
	inst := in.Institution
	facts := rules.InstitutionFacts{Name: inst.Name, Kind: inst.Kind, Places: max(0, inst.Places), EnrolledChildren: in.Enrolled,
		Catering: rules.CateringNone, Premises: rules.Premises{Owned: true}}
	if d := in.Filed; d != nil {
		if d.ServesFood {
			facts.Catering = rules.CateringOnSite
		}
		// The filing form has the lease's end but not its start, so the
		// three-year term cannot be checked; its expiry is.
		if d.PremisesNature == "leased" {
			if end, ok := staffDate(d.LeaseEnd); ok {
				facts.Premises = rules.Premises{LeaseStart: end.AddDate(-std.Premises.LeaseYears-1, 0, 0), LeaseEnd: end}
			}
		}
		if d.RoomFloor != 0 {
			facts.Premises.Rooms = []rules.Room{{Name: "婴幼儿生活用房", Kind: rules.RoomOther, Storey: max(0, d.RoomFloor), SemiBasement: d.RoomFloor < 0}}
		}
	}
	for _, c := range in.Classes {
		t, err := rules.ParseClassType(c.Type)
		if err != nil {
			s.complianceLog("compliance: class %d has unknown type %q; skipped", c.ID, c.Type)
			continue
		}
		cl := rules.Class{Name: c.Name, Type: t, Capacity: max(0, c.Capacity), Caregivers: c.Caregivers}
		for _, ch := range c.Children {
			birth, ok := staffDate(ch.BirthDate)
			if !ok || birth.After(today) {
				s.complianceLog("compliance: child %d has an unusable birth date; skipped", ch.ID)
				continue
			}
			cl.Children = append(cl.Children, rules.ChildInClass{ID: fmt.Sprintf("#%d", ch.ID), BirthDate: birth})
		}
		facts.Classes = append(facts.Classes, cl)
	}
	for _, m := range in.Staff {
		post := m.Post
		if !contains(domain.Posts, post) {
			post = rules.PostOther
		}
		sm := rules.StaffMember{ID: m.Name, Name: m.Name, Post: post, FullTime: m.FullTime, Education: complianceEducation[m.Education],
			ManagementYears: max(0, m.ManagementYears), TrainingHours: max(0, int(m.TrainingHours))}
		if t, ok := staffDate(m.StartDate); ok {
			sm.HiredOn = t
		}
		health, others := certificatesInForce(m.Certificates)
		for _, c := range append(health, others...) {
			issued, ok := staffDate(c.IssuedOn)
			if !ok {
				issued = c.CreatedAt.In(China)
				issued = time.Date(issued.Year(), issued.Month(), issued.Day(), 0, 0, 0, 0, time.UTC)
			}
			rc := rules.Certificate{Kind: complianceCertKind(c.Kind), Number: c.Number, IssuedOn: issued}
			if exp, ok := staffDate(c.ExpiresOn); ok {
				if exp.Before(issued) {
					continue
				}
				rc.ExpiresOn = exp
			}
			sm.Certificates = append(sm.Certificates, rc)
		}
		facts.Staff = append(facts.Staff, sm)
	}
	return facts
}

func (s *Service) complianceLog(format string, args ...any) {
	if s.Log != nil {
		s.Log.Warn(fmt.Sprintf(format, args...))
	}
}

// complianceFindings evaluates one institution.
func (s *Service) complianceFindings(in store.ComplianceInput, today time.Time) ([]domain.Finding, error) {
	std, err := s.standardFor(in.Institution.RegionCode)
	if err != nil {
		return nil, err
	}
	found, err := std.CheckInstitution(s.complianceFacts(std, in, today), today)
	if err != nil {
		return nil, fmt.Errorf("compliance of institution %d: %w", in.Institution.ID, err)
	}
	out := []domain.Finding{}
	for _, m := range in.Staff {
		if m.Blacklisted {
			out = append(out, domain.Finding{Rule: RuleStaffBlacklisted, Severity: string(rules.Violation), Subject: m.Name,
				Message:   "该工作人员已被列入托育从业人员终身禁入名单，不得继续从事托育服务",
				MessageEN: "this staff member is on the lifetime ban list and may not work in child care",
				Source:    sourceStaffBlacklisted, SourceEN: sourceStaffBlacklistedEN})
		}
	}
	for _, f := range found {
		if complianceUnrecorded[f.RuleID] {
			continue
		}
		out = append(out, domain.Finding{Rule: f.RuleID, Severity: string(f.Severity), Message: f.Message, MessageEN: f.MessageEN,
			Subject: f.Subject, Source: f.Basis.Zh, SourceEN: f.Basis.En})
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Severity == string(rules.Violation) && out[j].Severity != string(rules.Violation)
	})
	return out, nil
}
