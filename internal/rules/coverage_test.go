package rules

import (
	"strings"
	"testing"
)

// TestQuickRulesCoverage walks every row of docs/domain-reference.md §12
// ("Quick rules table for validators"). Each row that concerns institutions
// names the rules that answer it and a probe that breaks them; the test
// checks that the probe's findings carry those rule IDs with their sources.
// Rows that do not concern institutions name the package that owns them.
func TestQuickRulesCoverage(t *testing.T) {
	s := National()
	centre := func(edit func(*InstitutionFacts)) func() ([]Finding, error) {
		return func() ([]Finding, error) {
			in := compliantCentre()
			edit(&in)
			return s.CheckInstitution(in, testAsOf)
		}
	}
	rows := []struct {
		check   string // the §12 "Check" column
		ruleIDs []string
		probe   func() ([]Finding, error)
		notHere string // owner, for rows outside this package
		notWhy  string
	}{
		{check: "Class capacity", ruleIDs: []string{RuleClassSize},
			probe: centre(func(in *InstitutionFacts) { in.Classes[1].Children = children(testAsOf, repeatAge(30, 21)...) })},
		{check: "Age fits class", ruleIDs: []string{RuleClassAge},
			probe: centre(func(in *InstitutionFacts) { in.Classes[0].Children[0].BirthDate = bornMonthsBefore(testAsOf, 11) })},
		{check: "Caregiver ratio", ruleIDs: []string{RuleClassRatio, RuleClassMixedRatio},
			probe: centre(func(in *InstitutionFacts) {
				in.Classes[0].Caregivers = 2
				in.Classes = append(in.Classes, Class{Name: "混合", Type: ClassMixed, Children: children(testAsOf, 20, 22, 24, 26, 28, 30), Caregivers: 1})
			})},
		{check: "Home point", ruleIDs: []string{RuleHomePointCapacity, RuleHomePointRatio},
			probe: func() ([]Finding, error) {
				return s.CheckInstitution(InstitutionFacts{Kind: KindHome, Places: 6, EnrolledChildren: 6, Catering: CateringNone,
					Premises: Premises{Owned: true}, Staff: []StaffMember{{ID: "a", Post: PostCaregiver,
						Certificates: certs(testAsOf, CertHealth, CertNoCriminalRecord)}}}, testAsOf)
			}},
		{check: "Health-care staff", ruleIDs: []string{RuleHealthStaff},
			probe: centre(func(in *InstitutionFacts) { setHealthStaff(in, false, false) })},
		{check: "Cooks", ruleIDs: []string{RuleCooks},
			probe: centre(func(in *InstitutionFacts) { in.Places, in.EnrolledChildren = 60, 51 })},
		{check: "Lease", ruleIDs: []string{RulePremisesLease},
			probe: centre(func(in *InstitutionFacts) { in.Premises.LeaseStart = day(2026, 1, 2) })},
		{check: "Floors", ruleIDs: []string{RulePremisesFloor, RulePremisesBasement},
			probe: centre(func(in *InstitutionFacts) { in.Premises.Rooms[0].Storey = 4; in.Premises.Rooms[1].Storey = -1 })},
		{check: "CCTV", ruleIDs: []string{RuleCCTV},
			probe: centre(func(in *InstitutionFacts) { in.CCTV.RetentionDays = 30 })},
		{check: "Outdoor time", ruleIDs: []string{RuleOutdoorTime},
			probe: func() ([]Finding, error) {
				return s.CheckOutdoor(OutdoorDay{Subject: "x", Date: testAsOf, Minutes: 90})
			}},
		{check: "Staff health check", ruleIDs: []string{RuleStaffHealthCheck},
			probe: centre(func(in *InstitutionFacts) { in.Staff[4].Certificates[0].IssuedOn = day(2025, 1, 1) })},
		{check: "Child re-exam", ruleIDs: []string{RuleChildReexam},
			probe: func() ([]Finding, error) {
				return s.CheckChild(ChildHealthFacts{ID: "c", BirthDate: day(2024, 9, 1), Joined: day(2025, 9, 1), LastExam: day(2026, 8, 1),
					LastHaemoglobin: day(2026, 8, 1), VaccinationCheckedOn: day(2025, 9, 2), AbsentFrom: day(2026, 4, 1), ReturnedOn: day(2026, 8, 20)}, testAsOf)
			}},
		{check: "Child periodic exam", ruleIDs: []string{RuleChildPeriodicExam, RuleChildHaemoglobin},
			probe: func() ([]Finding, error) {
				return s.CheckChild(ChildHealthFacts{ID: "c", BirthDate: day(2024, 9, 1), Joined: day(2025, 6, 1), VaccinationCheckedOn: day(2025, 6, 2)}, testAsOf)
			}},
		{check: "Vaccination check", ruleIDs: []string{RuleVaccinationCheck},
			probe: func() ([]Finding, error) {
				return s.CheckChild(ChildHealthFacts{ID: "c", BirthDate: day(2024, 9, 1), Joined: day(2026, 7, 1), LastExam: day(2026, 7, 1), LastHaemoglobin: day(2026, 7, 1)}, testAsOf)
			}},
		{check: "Vaccination check", ruleIDs: []string{RuleVaccinationRecheck},
			probe: func() ([]Finding, error) {
				return s.CheckChild(ChildHealthFacts{ID: "c", BirthDate: day(2024, 9, 1), Joined: day(2025, 9, 1), LastExam: day(2026, 8, 1),
					LastHaemoglobin: day(2026, 8, 1), VaccinationCheckedOn: day(2025, 9, 2), CatchUpNeeded: true}, testAsOf)
			}},
		{check: "Filing timelines", ruleIDs: []string{RuleFilingReceipt},
			probe: func() ([]Finding, error) {
				return s.CheckFilingHandling(FilingHandling{Outcome: FilingFiled, WorkingDaysTaken: 6})
			}},
		{check: "Filing timelines", ruleIDs: []string{RuleFilingNotice},
			probe: func() ([]Finding, error) {
				return s.CheckFilingHandling(FilingHandling{Outcome: FilingReturned, WorkingDaysTaken: 16})
			}},
		{check: "Subsidy", notHere: "育儿补贴 subsidy service", notWhy: "a family benefit (§8.4), not an institution rule"},
		{check: "ID check", notHere: "tuoyu/internal/cnid", notWhy: "identity numbers of people (§9.1)"},
		{check: "USCC check", notHere: "tuoyu/internal/cnid", notWhy: "code validation belongs with the other identifier checks (§9.2)"},
		{check: "Logs", notHere: "platform (audit/logging)", notWhy: "system logs (§10.3), not an institution rule"},
	}
	// The §12 table's rows, in order; a new row makes this test fail until
	// it is placed above.
	section12 := []string{"Class capacity", "Age fits class", "Caregiver ratio", "Home point", "Health-care staff", "Cooks",
		"Lease", "Floors", "CCTV", "Outdoor time", "Staff health check", "Child re-exam", "Child periodic exam",
		"Vaccination check", "Filing timelines", "Subsidy", "ID check", "USCC check", "Logs"}
	placed := map[string]bool{}
	for _, row := range rows {
		placed[row.check] = true
		if row.notHere != "" {
			if row.notWhy == "" || len(row.ruleIDs) != 0 {
				t.Errorf("%s: an unowned row needs a reason and no rules", row.check)
			}
			continue
		}
		fs, err := row.probe()
		if err != nil {
			t.Errorf("%s: probe error %v", row.check, err)
			continue
		}
		for _, id := range row.ruleIDs {
			r, ok := RuleByID(id)
			if !ok {
				t.Errorf("%s: rule %s not in the registry", row.check, id)
				continue
			}
			found := false
			for _, f := range fs {
				if f.RuleID == id && f.Severity == Violation && strings.HasPrefix(f.Source, r.Source) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: probe gave no %s violation with its source: %v", row.check, id, fs)
			}
		}
	}
	for _, c := range section12 {
		if !placed[c] {
			t.Errorf("§12 row %q is not answered or assigned", c)
		}
	}
	if len(placed) != len(section12) {
		t.Errorf("rows %d, §12 has %d", len(placed), len(section12))
	}
}
