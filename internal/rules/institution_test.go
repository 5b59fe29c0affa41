package rules

import (
	"testing"
	"time"
)

func check(t *testing.T, s Standard, in InstitutionFacts) []Finding {
	t.Helper()
	fs, err := s.CheckInstitution(in, testAsOf)
	if err != nil {
		t.Fatalf("CheckInstitution: %v", err)
	}
	return fs
}

func TestCompliantCentreHasNoFindings(t *testing.T) {
	if fs := check(t, National(), compliantCentre()); len(fs) != 0 {
		t.Errorf("compliant centre: %v", fs)
	}
}

func setHealthStaff(in *InstitutionFacts, fullTime bool, present bool) {
	var staff []StaffMember
	for _, m := range in.Staff {
		if m.Post == PostHealth {
			if !present {
				continue
			}
			m.FullTime = fullTime
		}
		staff = append(staff, m)
	}
	in.Staff = staff
}

// 76号令 第12条 via GH-TotSafe (docs/domain-reference.md §1.3, §12): ≥150 children →
// at least one full-time; fewer → full- or part-time.
func TestHealthStaffThreshold(t *testing.T) {
	s := National()
	for _, tc := range []struct {
		children int
		fullTime bool
		want     int
	}{
		{149, false, 0}, {150, false, 1}, {151, false, 1},
		{150, true, 0}, {151, true, 0},
	} {
		in := compliantCentre()
		in.Classes = nil
		in.Places = 200
		in.EnrolledChildren = tc.children
		in.Catering = CateringNone
		setHealthStaff(&in, tc.fullTime, true)
		if got := count(check(t, s, in), RuleHealthStaff, Violation); got != tc.want {
			t.Errorf("%d children, full-time %v: %d violations, want %d", tc.children, tc.fullTime, got, tc.want)
		}
	}
	// No health staff at all: below the threshold one is still required
	// (2022 卫生评价: at least 1 保健员); above it both rules fail.
	in := compliantCentre()
	setHealthStaff(&in, false, false)
	if got := count(check(t, s, in), RuleHealthStaff, Violation); got != 1 {
		t.Errorf("no health staff, 35 children: %d violations, want 1", got)
	}
	in.Classes, in.Places, in.EnrolledChildren, in.Catering = nil, 200, 150, CateringNone
	if got := count(check(t, s, in), RuleHealthStaff, Violation); got != 2 {
		t.Errorf("no health staff, 150 children: %d violations, want 2", got)
	}
}

func withCooks(in *InstitutionFacts, n int) {
	var staff []StaffMember
	for _, m := range in.Staff {
		if m.Post != PostCook {
			staff = append(staff, m)
		}
	}
	for range n {
		staff = append(staff, StaffMember{ID: "cook", Post: PostCook, Certificates: certs(day(2026, 3, 1), CertHealth, CertNoCriminalRecord)})
	}
	in.Staff = staff
}

// WS/T 821 (docs/domain-reference.md §2.5, §12): 1 cook for ≤50 children, +1 per further 50.
func TestCooks(t *testing.T) {
	s := National()
	for _, tc := range []struct{ children, cooks, want int }{
		{0, 1, 0}, {0, 0, 1}, {50, 1, 0}, {51, 1, 1}, {51, 2, 0}, {100, 2, 0}, {101, 2, 1}, {101, 3, 0},
	} {
		in := compliantCentre()
		in.Classes, in.Places, in.EnrolledChildren = nil, 200, tc.children
		withCooks(&in, tc.cooks)
		if got := count(check(t, s, in), RuleCooks, Violation); got != tc.want {
			t.Errorf("%d children, %d cooks: %d violations, want %d", tc.children, tc.cooks, got, tc.want)
		}
	}
	in := compliantCentre()
	withCooks(&in, 0)
	in.Catering = CateringExternal
	if got := count(check(t, s, in), RuleFoodSafetyManager, Violation); got != 1 {
		t.Errorf("external catering without manager: %d", got)
	}
	in.FoodSafetyManager = true
	if fs := check(t, s, in); len(fs) != 0 {
		t.Errorf("external catering with manager: %v", fs)
	}
}

func editStaff(in *InstitutionFacts, id string, edit func(*StaffMember)) {
	for i := range in.Staff {
		if in.Staff[i].ID == id {
			edit(&in.Staff[i])
		}
	}
}

// 设置标准 第18条, WS/T 821 5.1, 5.2.1 (docs/domain-reference.md §1.3, §2.7).
func TestDirector(t *testing.T) {
	s := National()
	for _, tc := range []struct {
		name string
		edit func(*StaffMember)
		rule string
	}{
		{"senior high only", func(m *StaffMember) { m.Education = EducationSeniorHigh }, RuleDirector},
		{"education not recorded", func(m *StaffMember) { m.Education = EducationUnknown }, RuleDirector},
		{"2 years", func(m *StaffMember) { m.ManagementYears = 2 }, RuleDirector},
		{"no training certificate", func(m *StaffMember) {
			var kept []Certificate
			for _, c := range m.Certificates {
				if c.Kind != CertDirectorTraining {
					kept = append(kept, c)
				}
			}
			m.Certificates = kept
		}, RuleDirector},
		{"59 hours", func(m *StaffMember) { m.TrainingHours = 59 }, RuleDirectorTrainingHours},
	} {
		in := compliantCentre()
		editStaff(&in, "director", tc.edit)
		fs := check(t, s, in)
		if len(fs) != 1 || fs[0].RuleID != tc.rule || fs[0].Subject != "director" {
			t.Errorf("%s: %v", tc.name, fs)
		}
	}
	// At the boundaries: junior college, 3 years, 60 hours are enough.
	in := compliantCentre()
	editStaff(&in, "director", func(m *StaffMember) {
		m.Education, m.ManagementYears, m.TrainingHours = EducationJuniorCollege, 3, 60
	})
	if fs := check(t, s, in); len(fs) != 0 {
		t.Errorf("director at the minimum: %v", fs)
	}
	in.Staff = in.Staff[1:]
	if got := count(check(t, s, in), RuleDirector, Violation); got != 1 {
		t.Errorf("no director: %d", got)
	}
}

func TestStaffCertificates(t *testing.T) {
	s := National() // as of 2026-09-01; warning window 30 days
	for _, tc := range []struct {
		name   string
		edit   func(*StaffMember)
		rule   string
		sev    Severity
		noneOK bool
	}{
		// Health certificate issued 2025-09-01 is due 2026-09-01: still valid that day.
		{"health due today", func(m *StaffMember) { m.Certificates[0].IssuedOn = day(2025, 9, 1) }, RuleStaffHealthCheck, Warning, false},
		{"health lapsed yesterday", func(m *StaffMember) { m.Certificates[0].IssuedOn = day(2025, 8, 31) }, RuleStaffHealthCheck, Violation, false},
		{"health due in 30 days", func(m *StaffMember) { m.Certificates[0].IssuedOn = day(2025, 10, 1) }, RuleStaffHealthCheck, Warning, false},
		{"health due in 31 days", func(m *StaffMember) { m.Certificates[0].IssuedOn = day(2025, 10, 2) }, "", "", true},
		{"health explicit expiry passed", func(m *StaffMember) { m.Certificates[0].ExpiresOn = day(2026, 8, 31) }, RuleStaffHealthCheck, Violation, false},
		{"no health certificate", func(m *StaffMember) { m.Certificates = m.Certificates[1:] }, RuleStaffHealthCheck, Violation, false},
		{"hired before first exam", func(m *StaffMember) { m.HiredOn = day(2026, 2, 28) }, RuleStaffHealthCheck, Violation, false},
		{"hired on exam day", func(m *StaffMember) { m.HiredOn = day(2026, 3, 1) }, "", "", true},
		{"no criminal-record certificate", func(m *StaffMember) { m.Certificates = m.Certificates[:1] }, RuleStaffBackground, Violation, false},
		{"other certificate expired", func(m *StaffMember) {
			m.Certificates = append(m.Certificates, Certificate{Kind: CertOther, IssuedOn: day(2024, 1, 1), ExpiresOn: day(2026, 8, 31)})
		}, RuleStaffCertificates, Violation, false},
		{"other certificate expires today", func(m *StaffMember) {
			m.Certificates = append(m.Certificates, Certificate{Kind: CertOther, IssuedOn: day(2024, 1, 1), ExpiresOn: day(2026, 9, 1)})
		}, RuleStaffCertificates, Warning, false},
		{"other certificate expires in 31 days", func(m *StaffMember) {
			m.Certificates = append(m.Certificates, Certificate{Kind: CertOther, IssuedOn: day(2024, 1, 1), ExpiresOn: day(2026, 10, 2)})
		}, "", "", true},
	} {
		in := compliantCentre()
		editStaff(&in, "c1", tc.edit)
		fs := check(t, s, in)
		if tc.noneOK {
			if len(fs) != 0 {
				t.Errorf("%s: %v", tc.name, fs)
			}
			continue
		}
		if len(fs) != 1 || fs[0].RuleID != tc.rule || fs[0].Severity != tc.sev || fs[0].Subject != "c1" {
			t.Errorf("%s: %v", tc.name, fs)
		}
	}
}

func TestPostQualifications(t *testing.T) {
	s := National()
	in := compliantCentre()
	editStaff(&in, "health", func(m *StaffMember) {
		m.Education = EducationJuniorHigh
		m.Certificates = certs(day(2026, 3, 1), CertHealth, CertNoCriminalRecord)
	})
	editStaff(&in, "guard", func(m *StaffMember) { m.Certificates = certs(day(2026, 3, 1), CertHealth, CertNoCriminalRecord) })
	fs := check(t, s, in)
	if count(fs, RuleHealthStaffQualification, Violation) != 2 || count(fs, RuleSecurityGuard, Violation) != 1 || len(fs) != 3 {
		t.Errorf("post qualifications: %v", fs)
	}
}

func TestPlaces(t *testing.T) {
	s := National()
	for _, tc := range []struct{ places, enrolled, want int }{{35, 35, 0}, {34, 35, 1}, {0, 1, 1}} {
		in := compliantCentre()
		in.Places, in.EnrolledChildren = tc.places, tc.enrolled
		if got := count(check(t, s, in), RulePlaces, Violation); got != tc.want {
			t.Errorf("%d places, %d enrolled: %d", tc.places, tc.enrolled, got)
		}
	}
}

// 设置标准 第11条 (docs/domain-reference.md §1.4, §12): owned or leased ≥ 3 years.
func TestLease(t *testing.T) {
	s := National()
	for _, tc := range []struct {
		name       string
		start, end time.Time
		owned      bool
		viol, warn int
	}{
		{"exactly 3 years", day(2026, 1, 1), day(2028, 12, 31), false, 0, 0},
		{"one day short", day(2026, 1, 1), day(2028, 12, 30), false, 1, 0},
		// 2028-02-29 + 3 years is 2031-02-28 (clamped), so the last day is 2031-02-27.
		{"leap-day start", day(2028, 2, 29), day(2031, 2, 27), false, 0, 0},
		{"leap-day start, one day short", day(2028, 2, 29), day(2031, 2, 26), false, 1, 0},
		{"ended yesterday", day(2023, 1, 1), day(2026, 8, 31), false, 1, 0},
		{"ends today", day(2023, 9, 2), day(2026, 9, 1), false, 0, 1},
		{"ends in 6 months", day(2024, 1, 1), day(2027, 3, 1), false, 0, 1},
		{"ends in 6 months and a day", day(2024, 1, 1), day(2027, 3, 2), false, 0, 0},
		{"owned", time.Time{}, time.Time{}, true, 0, 0},
	} {
		in := compliantCentre()
		in.Premises.Owned, in.Premises.LeaseStart, in.Premises.LeaseEnd = tc.owned, tc.start, tc.end
		fs := check(t, s, in)
		if count(fs, RulePremisesLease, Violation) != tc.viol || count(fs, RulePremisesLease, Warning) != tc.warn || len(fs) != tc.viol+tc.warn {
			t.Errorf("%s: %v", tc.name, fs)
		}
	}
}

// WS/T 821 (docs/domain-reference.md §1.4, §12): living rooms on storey ≤ 3, never a
// basement; windows ≥ 20 %; activity space 15 / 35 m²; observation room ≥ 6 m².
func TestPremisesRooms(t *testing.T) {
	s := National()
	for _, tc := range []struct {
		name string
		room Room
		rule string
	}{
		{"storey 3", Room{Name: "r", Kind: RoomSleeping, Storey: 3}, ""},
		{"storey 4", Room{Name: "r", Kind: RoomSleeping, Storey: 4}, RulePremisesFloor},
		{"basement", Room{Name: "r", Kind: RoomSleeping, Storey: -1}, RulePremisesBasement},
		{"semi-basement", Room{Name: "r", Kind: RoomSleeping, Storey: 1, SemiBasement: true}, RulePremisesBasement},
		{"window 20 %", Room{Name: "r", Kind: RoomSleeping, Storey: 1, AreaM2: 30, WindowAreaM2: 6}, ""},
		{"window 19.9 %", Room{Name: "r", Kind: RoomSleeping, Storey: 1, AreaM2: 30, WindowAreaM2: 5.97}, RulePremisesWindow},
		{"infant 15 m²", Room{Name: "r", Kind: RoomActivity, ClassType: ClassInfant, Storey: 1, AreaM2: 15}, ""},
		{"infant 14.9 m²", Room{Name: "r", Kind: RoomActivity, ClassType: ClassInfant, Storey: 1, AreaM2: 14.9}, RulePremisesRoomArea},
		{"toddler 35 m²", Room{Name: "r", Kind: RoomActivity, ClassType: ClassToddlerOlder, Storey: 1, AreaM2: 35}, ""},
		{"toddler 34.5 m²", Room{Name: "r", Kind: RoomActivity, ClassType: ClassToddlerYoung, Storey: 1, AreaM2: 34.5}, RulePremisesRoomArea},
		{"mixed has no national minimum", Room{Name: "r", Kind: RoomActivity, ClassType: ClassMixed, Storey: 1, AreaM2: 10}, ""},
	} {
		in := compliantCentre()
		in.Premises.Rooms = []Room{tc.room}
		fs := check(t, s, in)
		if tc.rule == "" {
			if len(fs) != 0 {
				t.Errorf("%s: %v", tc.name, fs)
			}
		} else if len(fs) != 1 || fs[0].RuleID != tc.rule || fs[0].Subject != "r" {
			t.Errorf("%s: %v", tc.name, fs)
		}
	}
	for _, tc := range []struct {
		m2   float64
		beds int
		want int
	}{{6, 1, 0}, {5.9, 1, 1}, {0, 0, 1}, {8, 0, 1}} {
		in := compliantCentre()
		in.Premises.ObservationRoomM2, in.Premises.ObservationBeds = tc.m2, tc.beds
		if got := count(check(t, s, in), RuleObservationRoom, Violation); got != tc.want {
			t.Errorf("observation room %.1f m², %d beds: %d", tc.m2, tc.beds, got)
		}
	}
	// A city allowing only storeys 1–2 (docs/domain-reference.md §1.4, P-cnjsjy).
	city, _ := s.Tighten(Overrides{Level: LevelCity, Region: yanan, Items: []Override{{Setting: "premises.max_living_room_storey", Value: 2, Source: "示例市"}}})
	if got := count(check(t, city, compliantCentre()), RulePremisesFloor, Violation); got != 1 {
		t.Errorf("storey 3 under a storey-2 city rule: %d", got)
	}
}

// 管理规范 第32条, WS/T 821 9.4.3 (docs/domain-reference.md §2.6, §12): full coverage, ≥ 90 days.
func TestCCTV(t *testing.T) {
	s := National()
	for _, tc := range []struct {
		c    CCTV
		want int
	}{
		{CCTV{true, true, 90}, 0}, {CCTV{true, true, 89}, 1}, {CCTV{true, false, 90}, 1},
		{CCTV{true, false, 30}, 2}, {CCTV{false, false, 0}, 1},
	} {
		in := compliantCentre()
		in.CCTV = tc.c
		if got := count(check(t, s, in), RuleCCTV, Violation); got != tc.want {
			t.Errorf("%+v: %d violations, want %d", tc.c, got, tc.want)
		}
	}
}

// 家庭托育点管理办法 (docs/domain-reference.md §3.5, §12): ≤ 5 children, 1 carer per ≤ 3,
// own residence or lease ≥ 3 years.
func TestHomePoint(t *testing.T) {
	s := National()
	carer := func(id string) StaffMember {
		return StaffMember{ID: id, Post: PostCaregiver, Certificates: certs(day(2026, 3, 1), CertHealth, CertNoCriminalRecord)}
	}
	base := func(children int, carers ...string) InstitutionFacts {
		in := InstitutionFacts{Kind: KindHome, Places: 6, EnrolledChildren: children, Catering: CateringOnSite,
			Premises: Premises{Owned: true}}
		for _, c := range carers {
			in.Staff = append(in.Staff, carer(c))
		}
		return in
	}
	for _, tc := range []struct {
		children, carers int
		capacity, ratio  int
	}{
		{3, 1, 0, 0}, {4, 1, 0, 1}, {4, 2, 0, 0}, {5, 2, 0, 0}, {6, 2, 1, 0}, {6, 1, 1, 1},
	} {
		ids := []string{"a", "b", "c"}[:tc.carers]
		fs := check(t, s, base(tc.children, ids...))
		if count(fs, RuleHomePointCapacity, Violation) != tc.capacity || count(fs, RuleHomePointRatio, Violation) != tc.ratio ||
			len(fs) != tc.capacity+tc.ratio {
			t.Errorf("home point, %d children, %d carers: %v", tc.children, tc.carers, fs)
		}
	}
	in := base(3, "a")
	in.Premises = Premises{LeaseStart: day(2025, 1, 1), LeaseEnd: day(2027, 12, 30)}
	fs := check(t, s, in)
	if len(fs) != 1 || fs[0].RuleID != RuleHomePointLease {
		t.Errorf("home point 3-year lease one day short: %v", fs)
	}
	// Carers need the no-record certificate too (P-jiating).
	in = base(3, "a")
	in.Staff[0].Certificates = in.Staff[0].Certificates[:1]
	if fs := check(t, s, in); len(fs) != 1 || fs[0].RuleID != RuleStaffBackground {
		t.Errorf("home carer without no-record certificate: %v", fs)
	}
}

func TestCheckInstitutionInputErrors(t *testing.T) {
	s := National()
	for _, tc := range []struct {
		field  string
		target error
		edit   func(*InstitutionFacts)
	}{
		{"kind", ErrRequired, func(in *InstitutionFacts) { in.Kind = "" }},
		{"kind", ErrUnknownKind, func(in *InstitutionFacts) { in.Kind = "school" }},
		{"catering", ErrUnknownCatering, func(in *InstitutionFacts) { in.Catering = "buffet" }},
		{"places", ErrNegative, func(in *InstitutionFacts) { in.Places = -1 }},
		{"enrolled_children", ErrNegative, func(in *InstitutionFacts) { in.EnrolledChildren = -1 }},
		{"staff[2].post", ErrUnknownPost, func(in *InstitutionFacts) { in.Staff[2].Post = "chef" }},
		{"staff[0].education", ErrUnknownEducation, func(in *InstitutionFacts) { in.Staff[0].Education = 9 }},
		{"staff[1].certificates[0].kind", ErrUnknownCertKind, func(in *InstitutionFacts) { in.Staff[1].Certificates[0].Kind = "x" }},
		{"staff[1].certificates[1].issued_on", ErrRequired, func(in *InstitutionFacts) { in.Staff[1].Certificates[1].IssuedOn = time.Time{} }},
		{"staff[1].certificates[1].expires_on", ErrDateOrder, func(in *InstitutionFacts) { in.Staff[1].Certificates[1].ExpiresOn = day(2020, 1, 1) }},
		{"premises.lease_end", ErrDateOrder, func(in *InstitutionFacts) { in.Premises.LeaseEnd = day(2023, 1, 1) }},
		{"premises.lease_start", ErrRequired, func(in *InstitutionFacts) { in.Premises.LeaseStart = time.Time{} }},
		{"premises.rooms[0].kind", ErrUnknownRoomKind, func(in *InstitutionFacts) { in.Premises.Rooms[0].Kind = "hall" }},
		{"premises.rooms[1].area_m2", ErrNegative, func(in *InstitutionFacts) { in.Premises.Rooms[1].AreaM2 = -3 }},
		{"classes[1].type", ErrUnknownClassType, func(in *InstitutionFacts) { in.Classes[1].Type = "big" }},
		{"classes[0].children[2].birth_date", ErrRequired, func(in *InstitutionFacts) { in.Classes[0].Children[2].BirthDate = time.Time{} }},
	} {
		in := compliantCentre()
		tc.edit(&in)
		fs, err := s.CheckInstitution(in, testAsOf)
		if fs != nil {
			t.Errorf("%s: findings returned with an error", tc.field)
		}
		wantField(t, err, tc.field, tc.target)
	}
	_, err := s.CheckInstitution(compliantCentre(), time.Time{})
	wantField(t, err, "as_of", ErrRequired)
}
