package rules

import (
	"fmt"
	"strings"
)

// Override sets one setting to a stricter value, with the local document
// that requires it.
type Override struct {
	Setting string // a key of OverridableSettings
	Value   int
	Source  string // e.g. "延安市托育机构管理办法 第X条"
}

// Overrides are one city's or one county's stricter rules.
type Overrides struct {
	Level  Level  // LevelCity or LevelCounty
	Region string // 6-digit division code (GB/T 2260), e.g. "610600"
	Items  []Override
}

// SettingInfo describes a setting a local override may tighten.
type SettingInfo struct {
	Key    string
	RuleID string
	// LowerIsStricter: a smaller value is stricter (class sizes, children per
	// caregiver, intervals); otherwise a larger one is (lease years, areas).
	LowerIsStricter bool
	Min, Max        int
}

type settingDef struct {
	SettingInfo
	get func(*Standard) int
	set func(*Standard, int)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func intField(p func(*Standard) *int) (func(*Standard) int, func(*Standard, int)) {
	return func(s *Standard) int { return *p(s) }, func(s *Standard, v int) { *p(s) = v }
}

func def(key, rule string, lower bool, lo, hi int, p func(*Standard) *int) settingDef {
	g, st := intField(p)
	return settingDef{SettingInfo{key, rule, lower, lo, hi}, g, st}
}

// settingDefs is built on each call so that the package has no mutable
// global state.
func settingDefs() []settingDef {
	const lower, higher = true, false
	edu := func(p func(*Standard) *Education) settingDef {
		return settingDef{get: func(s *Standard) int { return int(*p(s)) }, set: func(s *Standard, v int) { *p(s) = Education(v) }}
	}
	healthEdu := edu(func(s *Standard) *Education { return &s.HealthStaff.MinEducation })
	healthEdu.SettingInfo = SettingInfo{"health_staff.min_education", RuleHealthStaffQualification, higher, int(EducationJuniorHigh), int(EducationPostgraduate)}
	dirEdu := edu(func(s *Standard) *Education { return &s.Director.MinEducation })
	dirEdu.SettingInfo = SettingInfo{"director.min_education", RuleDirector, higher, int(EducationJuniorHigh), int(EducationPostgraduate)}

	return []settingDef{
		def("class.infant.max_children", RuleClassSize, lower, 1, 100, func(s *Standard) *int { return &s.Infant.MaxChildren }),
		def("class.toddler_young.max_children", RuleClassSize, lower, 1, 100, func(s *Standard) *int { return &s.ToddlerYoung.MaxChildren }),
		def("class.toddler_older.max_children", RuleClassSize, lower, 1, 100, func(s *Standard) *int { return &s.ToddlerOlder.MaxChildren }),
		def("class.mixed.max_children", RuleClassSize, lower, 1, 100, func(s *Standard) *int { return &s.Mixed.MaxChildren }),
		def("class.infant.children_per_caregiver", RuleClassRatio, lower, 1, 100, func(s *Standard) *int { return &s.Infant.ChildrenPerCaregiver }),
		def("class.toddler_young.children_per_caregiver", RuleClassRatio, lower, 1, 100, func(s *Standard) *int { return &s.ToddlerYoung.ChildrenPerCaregiver }),
		def("class.toddler_older.children_per_caregiver", RuleClassRatio, lower, 1, 100, func(s *Standard) *int { return &s.ToddlerOlder.ChildrenPerCaregiver }),
		def("class.mixed.children_per_caregiver", RuleClassMixedRatio, lower, 1, 100, func(s *Standard) *int { return &s.Mixed.ChildrenPerCaregiver }),
		def("class.mixed.min_age_months", RuleClassAge, higher, 0, 35, func(s *Standard) *int { return &s.Mixed.MinAgeMonths }),
		{SettingInfo{"class.age.upper_inclusive", RuleClassAge, lower, 0, 1},
			func(s *Standard) int { return boolInt(s.Ages.UpperInclusive) },
			func(s *Standard, v int) { s.Ages.UpperInclusive = v == 1 }},
		{SettingInfo{"class.age.admit_under_six_months", RuleClassAge, lower, 0, 1},
			func(s *Standard) int { return boolInt(s.Ages.AdmitUnderSixMonths) },
			func(s *Standard, v int) { s.Ages.AdmitUnderSixMonths = v == 1 }},

		def("homepoint.max_children", RuleHomePointCapacity, lower, 1, 100, func(s *Standard) *int { return &s.HomePoint.MaxChildren }),
		def("homepoint.children_per_carer", RuleHomePointRatio, lower, 1, 100, func(s *Standard) *int { return &s.HomePoint.ChildrenPerCarer }),
		def("homepoint.lease_years", RuleHomePointLease, higher, 0, 99, func(s *Standard) *int { return &s.HomePoint.LeaseYears }),

		def("health_staff.full_time_threshold", RuleHealthStaff, lower, 0, 100000, func(s *Standard) *int { return &s.HealthStaff.FullTimeThreshold }),
		def("health_staff.min_count", RuleHealthStaff, higher, 0, 100, func(s *Standard) *int { return &s.HealthStaff.MinCount }),
		healthEdu,
		def("cooks.children_per_cook", RuleCooks, lower, 1, 1000, func(s *Standard) *int { return &s.Cooks.ChildrenPerCook }),
		dirEdu,
		def("director.min_management_years", RuleDirector, higher, 0, 50, func(s *Standard) *int { return &s.Director.MinManagementYears }),
		def("director.min_training_hours", RuleDirectorTrainingHours, higher, 0, 10000, func(s *Standard) *int { return &s.Director.MinTrainingHours }),
		def("staff_health.check_interval_months", RuleStaffHealthCheck, lower, 1, 120, func(s *Standard) *int { return &s.StaffHealth.CheckIntervalMonths }),

		def("premises.lease_years", RulePremisesLease, higher, 0, 99, func(s *Standard) *int { return &s.Premises.LeaseYears }),
		def("premises.max_living_room_storey", RulePremisesFloor, lower, 1, 200, func(s *Standard) *int { return &s.Premises.MaxLivingRoomStorey }),
		def("premises.min_window_percent", RulePremisesWindow, higher, 0, 100, func(s *Standard) *int { return &s.Premises.MinWindowPercent }),
		def("premises.infant_room_m2", RulePremisesRoomArea, higher, 0, 10000, func(s *Standard) *int { return &s.Premises.InfantRoomM2 }),
		def("premises.toddler_room_m2", RulePremisesRoomArea, higher, 0, 10000, func(s *Standard) *int { return &s.Premises.ToddlerRoomM2 }),
		def("premises.observation_room_m2", RuleObservationRoom, higher, 0, 10000, func(s *Standard) *int { return &s.Premises.ObservationRoomM2 }),
		def("premises.observation_beds", RuleObservationRoom, higher, 0, 100, func(s *Standard) *int { return &s.Premises.ObservationBeds }),
		def("cctv.retention_days", RuleCCTV, higher, 0, 3660, func(s *Standard) *int { return &s.CCTV.RetentionDays }),

		def("outdoor.minutes_per_day", RuleOutdoorTime, higher, 0, 1440, func(s *Standard) *int { return &s.Outdoor.MinutesPerDay }),
		def("outdoor.boarding_minutes_per_day", RuleOutdoorTime, higher, 0, 1440, func(s *Standard) *int { return &s.Outdoor.BoardingMinutesPerDay }),
		def("child_health.reexam_absence_months", RuleChildReexam, lower, 1, 120, func(s *Standard) *int { return &s.ChildHealth.ReexamAbsenceMonths }),
		def("child_health.toddler_exam_interval_months", RuleChildPeriodicExam, lower, 1, 120, func(s *Standard) *int { return &s.ChildHealth.ToddlerExamIntervalMonths }),
		def("child_health.older_exam_interval_months", RuleChildPeriodicExam, lower, 1, 120, func(s *Standard) *int { return &s.ChildHealth.OlderExamIntervalMonths }),
		def("child_health.haemoglobin_interval_months", RuleChildHaemoglobin, lower, 1, 120, func(s *Standard) *int { return &s.ChildHealth.HaemoglobinIntervalMonths }),
		def("child_health.vaccination_check_days", RuleVaccinationCheck, lower, 0, 3660, func(s *Standard) *int { return &s.ChildHealth.VaccinationCheckDays }),
		def("filing.receipt_working_days", RuleFilingReceipt, lower, 0, 365, func(s *Standard) *int { return &s.Filing.ReceiptWorkingDays }),
		def("filing.notice_working_days", RuleFilingNotice, lower, 0, 365, func(s *Standard) *int { return &s.Filing.NoticeWorkingDays }),
	}
}

// OverridableSettings lists the settings local overrides may tighten.
func OverridableSettings() []SettingInfo {
	defs := settingDefs()
	out := make([]SettingInfo, len(defs))
	for i, d := range defs {
		out[i] = d.SettingInfo
	}
	return out
}

// Setting returns the current value of a setting.
func (s Standard) Setting(key string) (int, error) {
	for _, d := range settingDefs() {
		if d.Key == key {
			return d.get(&s), nil
		}
	}
	return 0, fieldErr("setting", ErrUnknownSetting)
}

func validRegion(code string) bool {
	if len(code) != 6 {
		return false
	}
	for _, r := range code {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// regionPrefix drops trailing "00" pairs: "610600" → "6106".
func regionPrefix(code string) string {
	for len(code) > 2 && strings.HasSuffix(code, "00") {
		code = code[:len(code)-2]
	}
	return code
}

// Tighten applies a city's or a county's overrides and returns the stricter
// Standard; s itself is not changed. Overrides apply national → city →
// county: a city's after a county's is refused, and a county must lie in the
// city already applied. Each item needs a source; an item that would loosen
// the current value gives a *LooserError (errors.Is ErrLooser), wrapped in
// a *FieldError naming the item. On any error nothing is applied.
func (s Standard) Tighten(local Overrides) (Standard, error) {
	if err := s.Validate(); err != nil {
		return Standard{}, err
	}
	if !validRegion(local.Region) {
		return Standard{}, fieldErr("region", ErrInvalidRegion)
	}
	switch local.Level {
	case LevelCity:
		if s.Level == LevelCounty {
			return Standard{}, fieldErr("level", ErrLevelOrder)
		}
		if !strings.HasSuffix(local.Region, "00") {
			return Standard{}, fieldErr("region", ErrInvalidRegion)
		}
		if s.CityRegion != "" && s.CityRegion != local.Region {
			return Standard{}, fieldErr("region", ErrRegionMismatch)
		}
	case LevelCounty:
		if strings.HasSuffix(local.Region, "00") {
			return Standard{}, fieldErr("region", ErrInvalidRegion)
		}
		if s.CityRegion != "" && !strings.HasPrefix(local.Region, regionPrefix(s.CityRegion)) {
			return Standard{}, fieldErr("region", ErrRegionMismatch)
		}
		if s.CountyRegion != "" && s.CountyRegion != local.Region {
			return Standard{}, fieldErr("region", ErrRegionMismatch)
		}
	default:
		return Standard{}, fieldErr("level", ErrUnknownLevel)
	}

	out := s
	out.Applied = append([]AppliedOverride(nil), s.Applied...)
	defs := settingDefs()
	for i, o := range local.Items {
		item := fmt.Sprintf("items[%d]", i)
		if strings.TrimSpace(o.Source) == "" {
			return Standard{}, fieldErr(item+".source", ErrRequired)
		}
		var d *settingDef
		for j := range defs {
			if defs[j].Key == o.Setting {
				d = &defs[j]
				break
			}
		}
		if d == nil {
			return Standard{}, fieldErr(item+".setting", ErrUnknownSetting)
		}
		if o.Value < d.Min || o.Value > d.Max {
			return Standard{}, fieldErr(item+".value", ErrOutOfRange)
		}
		cur := d.get(&out)
		if (d.LowerIsStricter && o.Value > cur) || (!d.LowerIsStricter && o.Value < cur) {
			return Standard{}, fieldErr(item+".value", &LooserError{Setting: d.Key, RuleID: d.RuleID, Current: cur, Proposed: o.Value})
		}
		d.set(&out, o.Value)
		out.Applied = append(out.Applied, AppliedOverride{
			Level: local.Level, Region: local.Region, Setting: d.Key, RuleID: d.RuleID,
			Previous: cur, Value: o.Value, Source: strings.TrimSpace(o.Source),
		})
	}
	out.Level = local.Level
	if local.Level == LevelCity {
		out.CityRegion = local.Region
	} else {
		out.CountyRegion = local.Region
	}
	if err := out.Validate(); err != nil {
		return Standard{}, err
	}
	return out, nil
}
