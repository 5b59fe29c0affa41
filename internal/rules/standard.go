package rules

import (
	"fmt"
	"strings"
)

// Level is the tier of government whose rules a Standard reflects.
type Level string

const (
	LevelNational Level = "national"
	LevelCity     Level = "city"
	LevelCounty   Level = "county"
)

// ClassRule is the national rule for one class type: age band in completed
// months, maximum class size, and the caregiver ratio as children per
// caregiver ("1:3" is 3).
type ClassRule struct {
	Type                 ClassType
	MinAgeMonths         int // inclusive
	MaxAgeMonths         int // exclusive, unless Ages.UpperInclusive
	MaxChildren          int
	ChildrenPerCaregiver int
}

// AgePolicy holds the [U] settings about age bands (docs/domain-reference.md §1.1, §12).
type AgePolicy struct {
	// UpperInclusive makes a band's upper month part of the band: with it a
	// child of exactly 12 completed months still fits 乳儿班. Default false,
	// so bands are [min, max) and never overlap.
	UpperInclusive bool
	// AdmitUnderSixMonths lets children under 6 months be placed in 乳儿班;
	// the national standard defines no class for them. Default false.
	AdmitUnderSixMonths bool
}

// WarningPolicy holds the tool's own choices about early warnings; none of
// them is a legal figure.
type WarningPolicy struct {
	// RatioAmberMargin: RatioStatus is amber when the children present are at
	// the ratio limit or up to this many below it. Default 1.
	RatioAmberMargin int
	// CertificateWarningDays: a certificate expiring within this many days
	// gives a warning. Default 30.
	CertificateWarningDays int
	// LeaseWarningMonths: a lease ending within this many months gives a
	// warning. Default 6.
	LeaseWarningMonths int
}

// HomePointRule: 家庭托育点 limits (docs/domain-reference.md §3.5).
type HomePointRule struct {
	MaxChildren      int
	ChildrenPerCarer int
	LeaseYears       int
}

// HealthStaffRule: 保健人员 staffing and qualification (§1.3).
type HealthStaffRule struct {
	FullTimeThreshold int       // at or above this many children, at least one full-time
	MinCount          int       // per institution, full- or part-time
	MinEducation      Education // 2022 卫生评价: senior high school or above
}

// CookRule: on-site cooking needs one cook per this many children (§2.5).
type CookRule struct {
	ChildrenPerCook int
}

// DirectorRule: the person in charge (§1.3, §2.7).
type DirectorRule struct {
	MinEducation       Education
	MinManagementYears int
	MinTrainingHours   int
}

// StaffHealthRule: staff health examinations (§2.4).
type StaffHealthRule struct {
	CheckIntervalMonths int
}

// PremisesRule: site and rooms (§1.4).
type PremisesRule struct {
	LeaseYears          int
	MaxLivingRoomStorey int
	MinWindowPercent    int
	InfantRoomM2        int // 乳儿班 activity area, usable m²
	ToddlerRoomM2       int // 托小班 and 托大班 activity room, usable m²
	ObservationRoomM2   int
	ObservationBeds     int
}

// CCTVRule: video surveillance (§2.6).
type CCTVRule struct {
	RetentionDays int
}

// OutdoorRule: daily outdoor activity (§2.3).
type OutdoorRule struct {
	MinutesPerDay         int
	BoardingMinutesPerDay int
}

// ChildHealthRule: children's examinations and vaccination checks (§5.2, §6.5).
type ChildHealthRule struct {
	ReexamAbsenceMonths       int
	ToddlerExamIntervalMonths int    // 12–35 months of age
	OlderExamIntervalMonths   int    // 36 months and over
	InfantVisitAgesMonths     [4]int // under 12 months: community visits
	HaemoglobinIntervalMonths int
	VaccinationCheckDays      int
}

// FilingRule: the filing authority's deadlines in working days (§3.2).
type FilingRule struct {
	ReceiptWorkingDays int
	NoticeWorkingDays  int
}

// AppliedOverride records one local override that a Standard carries.
type AppliedOverride struct {
	Level    Level
	Region   string
	Setting  string
	RuleID   string
	Previous int
	Value    int
	Source   string
}

// Standard holds every figure the checks use. Build it with National or
// NationalWith and tighten it with Tighten; it is a value, and Tighten never
// changes the Standard it is called on.
type Standard struct {
	Infant       ClassRule
	ToddlerYoung ClassRule
	ToddlerOlder ClassRule
	Mixed        ClassRule

	HomePoint   HomePointRule
	HealthStaff HealthStaffRule
	Cooks       CookRule
	Director    DirectorRule
	StaffHealth StaffHealthRule
	Premises    PremisesRule
	CCTV        CCTVRule
	Outdoor     OutdoorRule
	ChildHealth ChildHealthRule
	Filing      FilingRule

	Ages     AgePolicy
	Warnings WarningPolicy
	// SettingsSource says where the [U] settings came from.
	SettingsSource string

	Level        Level
	CityRegion   string
	CountyRegion string
	Applied      []AppliedOverride
}

// Settings are the values the reference leaves unconfirmed ([U]) or that are
// the tool's own choices. A deployment chooses them once, with a source;
// local overrides may then only tighten them.
type Settings struct {
	MixedChildrenPerCaregiver int // [U] default 5 (GH-TotSafe's "strictest plausible")
	Ages                      AgePolicy
	Warnings                  WarningPolicy
	Source                    string
}

// DefaultSettings returns the documented defaults.
func DefaultSettings() Settings {
	return Settings{
		MixedChildrenPerCaregiver: 5,
		Ages:                      AgePolicy{UpperInclusive: false, AdmitUnderSixMonths: false},
		Warnings:                  WarningPolicy{RatioAmberMargin: 1, CertificateWarningDays: 30, LeaseWarningMonths: 6},
		Source: "默认设置：混合班1:5取 GH-TotSafe 工具值；年龄段按[起,止)计；不收6个月以下；预警阈值为系统取值 " +
			"(default settings: mixed ratio 1:5 per GH-TotSafe; bands [min,max); no under-6-month placement; warning margins are tool choices; domain-reference §1.1, §1.2, §12)",
	}
}

// Validate checks settings before use.
func (set Settings) Validate() error {
	switch {
	case set.MixedChildrenPerCaregiver < 1 || set.MixedChildrenPerCaregiver > 7:
		// 7 is the loosest national ratio (托大班); a mixed class takes
		// children from 18 months, so nothing looser is plausible.
		return fieldErr("mixed_children_per_caregiver", ErrOutOfRange)
	case set.Warnings.RatioAmberMargin < 0:
		return fieldErr("warnings.ratio_amber_margin", ErrNegative)
	case set.Warnings.CertificateWarningDays < 0:
		return fieldErr("warnings.certificate_warning_days", ErrNegative)
	case set.Warnings.LeaseWarningMonths < 0:
		return fieldErr("warnings.lease_warning_months", ErrNegative)
	case strings.TrimSpace(set.Source) == "":
		return fieldErr("source", ErrRequired)
	}
	return nil
}

// National returns the national standard with the default settings.
func National() Standard {
	s, err := NationalWith(DefaultSettings())
	if err != nil {
		// DefaultSettings is valid; a test guards this.
		return Standard{}
	}
	return s
}

// NationalWith returns the national standard with the given settings.
func NationalWith(set Settings) (Standard, error) {
	if err := set.Validate(); err != nil {
		return Standard{}, err
	}
	return Standard{
		// 设置标准 第19条 (sizes, bands) and 第20条 (ratios); docs/domain-reference.md §1.1, §1.2.
		Infant:       ClassRule{Type: ClassInfant, MinAgeMonths: 6, MaxAgeMonths: 12, MaxChildren: 10, ChildrenPerCaregiver: 3},
		ToddlerYoung: ClassRule{Type: ClassToddlerYoung, MinAgeMonths: 12, MaxAgeMonths: 24, MaxChildren: 15, ChildrenPerCaregiver: 5},
		ToddlerOlder: ClassRule{Type: ClassToddlerOlder, MinAgeMonths: 24, MaxAgeMonths: 36, MaxChildren: 20, ChildrenPerCaregiver: 7},
		Mixed:        ClassRule{Type: ClassMixed, MinAgeMonths: 18, MaxAgeMonths: 36, MaxChildren: 18, ChildrenPerCaregiver: set.MixedChildrenPerCaregiver},

		HomePoint:   HomePointRule{MaxChildren: 5, ChildrenPerCarer: 3, LeaseYears: 3},
		HealthStaff: HealthStaffRule{FullTimeThreshold: 150, MinCount: 1, MinEducation: EducationSeniorHigh},
		Cooks:       CookRule{ChildrenPerCook: 50},
		Director:    DirectorRule{MinEducation: EducationJuniorCollege, MinManagementYears: 3, MinTrainingHours: 60},
		StaffHealth: StaffHealthRule{CheckIntervalMonths: 12},
		Premises: PremisesRule{LeaseYears: 3, MaxLivingRoomStorey: 3, MinWindowPercent: 20,
			InfantRoomM2: 15, ToddlerRoomM2: 35, ObservationRoomM2: 6, ObservationBeds: 1},
		CCTV:    CCTVRule{RetentionDays: 90},
		Outdoor: OutdoorRule{MinutesPerDay: 120, BoardingMinutesPerDay: 180},
		ChildHealth: ChildHealthRule{ReexamAbsenceMonths: 3, ToddlerExamIntervalMonths: 6, OlderExamIntervalMonths: 12,
			InfantVisitAgesMonths: [4]int{3, 6, 8, 12}, HaemoglobinIntervalMonths: 12, VaccinationCheckDays: 30},
		Filing: FilingRule{ReceiptWorkingDays: 5, NoticeWorkingDays: 15},

		Ages:           set.Ages,
		Warnings:       set.Warnings,
		SettingsSource: set.Source,
		Level:          LevelNational,
	}, nil
}

// Class returns the rule for a class type.
func (s Standard) Class(t ClassType) (ClassRule, error) {
	switch t {
	case ClassInfant:
		return s.Infant, nil
	case ClassToddlerYoung:
		return s.ToddlerYoung, nil
	case ClassToddlerOlder:
		return s.ToddlerOlder, nil
	case ClassMixed:
		return s.Mixed, nil
	}
	return ClassRule{}, ErrUnknownClassType
}

// SourceFor returns the rule's national source followed by the source of
// every local override and setting that changed it.
func (s Standard) SourceFor(ruleID string) string {
	r, ok := RuleByID(ruleID)
	if !ok {
		return ""
	}
	var b strings.Builder
	b.WriteString(r.Source)
	if (r.Confidence == "U" || ruleID == RuleClassAge) && s.SettingsSource != "" {
		b.WriteString("; 设置 setting: ")
		b.WriteString(s.SettingsSource)
	}
	for _, a := range s.Applied {
		if a.RuleID != ruleID {
			continue
		}
		b.WriteString("; 地方从严 local ")
		b.WriteString(string(a.Level))
		b.WriteString(" ")
		b.WriteString(a.Region)
		b.WriteString(": ")
		b.WriteString(a.Source)
	}
	return b.String()
}

// Validate checks that every figure is usable, so that a hand-built or
// decoded Standard cannot make a check divide by zero or loop. The checks
// call it; errors name the field, such as "infant.children_per_caregiver".
func (s Standard) Validate() error {
	for _, c := range []struct {
		name string
		r    ClassRule
		t    ClassType
	}{{"infant", s.Infant, ClassInfant}, {"toddler_young", s.ToddlerYoung, ClassToddlerYoung},
		{"toddler_older", s.ToddlerOlder, ClassToddlerOlder}, {"mixed", s.Mixed, ClassMixed}} {
		switch {
		case c.r.Type != c.t:
			return fieldErr(c.name+".type", ErrUnknownClassType)
		case c.r.MinAgeMonths < 0:
			return fieldErr(c.name+".min_age_months", ErrOutOfRange)
		case c.r.MaxAgeMonths <= c.r.MinAgeMonths:
			return fieldErr(c.name+".max_age_months", ErrOutOfRange)
		case c.r.MaxChildren < 1:
			return fieldErr(c.name+".max_children", ErrOutOfRange)
		case c.r.ChildrenPerCaregiver < 1:
			return fieldErr(c.name+".children_per_caregiver", ErrOutOfRange)
		}
	}
	for _, v := range []struct {
		field string
		value int
		min   int
	}{
		{"home_point.max_children", s.HomePoint.MaxChildren, 1},
		{"home_point.children_per_carer", s.HomePoint.ChildrenPerCarer, 1},
		{"home_point.lease_years", s.HomePoint.LeaseYears, 0},
		{"health_staff.full_time_threshold", s.HealthStaff.FullTimeThreshold, 0},
		{"health_staff.min_count", s.HealthStaff.MinCount, 0},
		{"cooks.children_per_cook", s.Cooks.ChildrenPerCook, 1},
		{"director.min_management_years", s.Director.MinManagementYears, 0},
		{"director.min_training_hours", s.Director.MinTrainingHours, 0},
		{"staff_health.check_interval_months", s.StaffHealth.CheckIntervalMonths, 1},
		{"premises.lease_years", s.Premises.LeaseYears, 0},
		{"premises.max_living_room_storey", s.Premises.MaxLivingRoomStorey, 1},
		{"premises.min_window_percent", s.Premises.MinWindowPercent, 0},
		{"premises.infant_room_m2", s.Premises.InfantRoomM2, 0},
		{"premises.toddler_room_m2", s.Premises.ToddlerRoomM2, 0},
		{"premises.observation_room_m2", s.Premises.ObservationRoomM2, 0},
		{"premises.observation_beds", s.Premises.ObservationBeds, 0},
		{"cctv.retention_days", s.CCTV.RetentionDays, 0},
		{"outdoor.minutes_per_day", s.Outdoor.MinutesPerDay, 0},
		{"outdoor.boarding_minutes_per_day", s.Outdoor.BoardingMinutesPerDay, 0},
		{"child_health.reexam_absence_months", s.ChildHealth.ReexamAbsenceMonths, 1},
		{"child_health.toddler_exam_interval_months", s.ChildHealth.ToddlerExamIntervalMonths, 1},
		{"child_health.older_exam_interval_months", s.ChildHealth.OlderExamIntervalMonths, 1},
		{"child_health.haemoglobin_interval_months", s.ChildHealth.HaemoglobinIntervalMonths, 1},
		{"child_health.vaccination_check_days", s.ChildHealth.VaccinationCheckDays, 0},
		{"filing.receipt_working_days", s.Filing.ReceiptWorkingDays, 0},
		{"filing.notice_working_days", s.Filing.NoticeWorkingDays, 0},
		{"warnings.ratio_amber_margin", s.Warnings.RatioAmberMargin, 0},
		{"warnings.certificate_warning_days", s.Warnings.CertificateWarningDays, 0},
		{"warnings.lease_warning_months", s.Warnings.LeaseWarningMonths, 0},
	} {
		if v.value < v.min {
			return fieldErr(v.field, ErrOutOfRange)
		}
	}
	switch {
	case s.Premises.MinWindowPercent > 100:
		return fieldErr("premises.min_window_percent", ErrOutOfRange)
	case s.HealthStaff.MinEducation < EducationUnknown || s.HealthStaff.MinEducation > EducationPostgraduate:
		return fieldErr("health_staff.min_education", ErrOutOfRange)
	case s.Director.MinEducation < EducationUnknown || s.Director.MinEducation > EducationPostgraduate:
		return fieldErr("director.min_education", ErrOutOfRange)
	case s.Level != LevelNational && s.Level != LevelCity && s.Level != LevelCounty:
		return fieldErr("level", ErrUnknownLevel)
	}
	prev := 0
	for i, a := range s.ChildHealth.InfantVisitAgesMonths {
		if a <= prev {
			return fieldErr(fmt.Sprintf("child_health.infant_visit_ages_months[%d]", i), ErrOutOfRange)
		}
		prev = a
	}
	return nil
}
