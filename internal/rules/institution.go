package rules

import (
	"fmt"
	"time"
)

// Institution kinds; the values match the domain package's.
const (
	KindCentre       = "centre"       // 托育机构
	KindKindergarten = "kindergarten" // 幼儿园托班
	KindHome         = "home"         // 家庭托育点
	KindCommunity    = "community"    // 社区/嵌入式托育点
	KindEmployer     = "employer"     // 用人单位托育点
)

// Catering arrangements.
const (
	CateringOnSite   = "on_site"  // meals cooked on the premises
	CateringExternal = "external" // meals delivered from outside
	CateringNone     = "none"     // no meals served
)

// CCTV is the institution's video surveillance.
type CCTV struct {
	Installed     bool
	FullCoverage  bool // every children's living and activity area
	RetentionDays int
}

// InstitutionFacts is what CheckInstitution needs to know.
type InstitutionFacts struct {
	Name             string
	Kind             string
	Places           int // filed places (托位)
	EnrolledChildren int
	Classes          []Class // not checked for a home point, which has no class types
	Staff            []StaffMember
	Catering         string
	// FoodSafetyManager: someone is named food-safety manager (needed for
	// external catering).
	FoodSafetyManager bool
	Premises          Premises
	CCTV              CCTV // not checked for a home point
}

func validateInstitution(in InstitutionFacts) error {
	switch in.Kind {
	case KindCentre, KindKindergarten, KindHome, KindCommunity, KindEmployer:
	case "":
		return fieldErr("kind", ErrRequired)
	default:
		return fieldErr("kind", ErrUnknownKind)
	}
	switch in.Catering {
	case CateringOnSite, CateringExternal, CateringNone:
	case "":
		return fieldErr("catering", ErrRequired)
	default:
		return fieldErr("catering", ErrUnknownCatering)
	}
	switch {
	case in.Places < 0:
		return fieldErr("places", ErrNegative)
	case in.EnrolledChildren < 0:
		return fieldErr("enrolled_children", ErrNegative)
	case in.CCTV.RetentionDays < 0:
		return fieldErr("cctv.retention_days", ErrNegative)
	}
	for i, m := range in.Staff {
		if err := validateStaff(m); err != nil {
			return prefixed(fmt.Sprintf("staff[%d]", i), err)
		}
	}
	if err := validatePremises(in.Premises); err != nil {
		return prefixed("premises", err)
	}
	return nil
}

// CheckInstitution evaluates every institution-level rule on the date asOf:
// enrolled children against places; for a home point its capacity, carer
// ratio and lease; otherwise each class (see CheckClass), health staff for
// the number of children, cooks or a food-safety manager, the person in
// charge, premises (lease, storeys, basement, windows, room areas,
// observation room) and video surveillance; and for every staff member the
// health certificate, no-criminal-record certificate, certificate expiry and
// post qualifications. Bad input gives a *FieldError and no findings.
func (s Standard) CheckInstitution(in InstitutionFacts, asOf time.Time) ([]Finding, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if asOf.IsZero() {
		return nil, fieldErr("as_of", ErrRequired)
	}
	if err := validateInstitution(in); err != nil {
		return nil, err
	}
	f := findings{s: s}
	day := dateOf(asOf)
	n := in.EnrolledChildren
	subject := "institution"

	if n > in.Places {
		f.add(RulePlaces, Violation, subject,
			fmt.Sprintf("在托%d人，超过备案托位%d个", n, in.Places),
			fmt.Sprintf("%d children enrolled, above the %d filed places", n, in.Places))
	}
	home := in.Kind == KindHome
	if home {
		f.checkHomePoint(in, day)
	} else {
		for i, c := range in.Classes {
			cf, err := s.CheckClass(c, asOf)
			if err != nil {
				return nil, prefixed(fmt.Sprintf("classes[%d]", i), err)
			}
			f.out = append(f.out, cf...)
		}
		f.checkHealthStaffCount(in.Staff, n)
		f.checkCatering(in, n)
		f.checkDirectorPresent(in.Staff)
		f.checkLease(in.Premises, day, RulePremisesLease, s.Premises.LeaseYears)
		f.checkPremises(in.Premises)
		f.checkCCTV(in.CCTV)
	}
	for _, m := range in.Staff {
		f.checkStaffMember(m, day, home)
	}
	return f.out, nil
}

func (f *findings) checkHomePoint(in InstitutionFacts, day civil) {
	hp := f.s.HomePoint
	n := in.EnrolledChildren
	if n > hp.MaxChildren {
		f.add(RuleHomePointCapacity, Violation, "institution",
			fmt.Sprintf("家庭托育点收托%d人，超过%d人；超过的应登记备案为托育机构", n, hp.MaxChildren),
			fmt.Sprintf("home care point has %d children, above %d; beyond that it must register as an institution", n, hp.MaxChildren))
	}
	carers := 0
	for _, m := range in.Staff {
		if m.Post == PostCaregiver {
			carers++
		}
	}
	if need := caregiversNeeded(n, hp.ChildrenPerCarer); carers < need {
		f.add(RuleHomePointRatio, Violation, "institution",
			fmt.Sprintf("%d名婴幼儿按1:%d需照护人员%d名，现有%d名", n, hp.ChildrenPerCarer, need, carers),
			fmt.Sprintf("%d children at 1:%d need %d carers, has %d", n, hp.ChildrenPerCarer, need, carers))
	}
	f.checkLease(in.Premises, day, RuleHomePointLease, hp.LeaseYears)
}

// CheckHomeGroup checks the group of a home care point as it would stand:
// its capacity against the point's limit and its carers against the carer
// ratio for the children placed (家庭托育点管理办法（试行）). A home point
// has no class types, so no age band or class size applies.
func (s Standard) CheckHomeGroup(capacity, children, carers int) []Finding {
	hp := s.HomePoint
	f := findings{s: s}
	if capacity > hp.MaxChildren {
		f.add(RuleHomePointCapacity, Violation, "class",
			fmt.Sprintf("家庭托育点班级设定%d人，超过%d人上限", capacity, hp.MaxChildren),
			fmt.Sprintf("home care point group set to %d children, above the limit of %d", capacity, hp.MaxChildren))
	}
	if need := caregiversNeeded(children, hp.ChildrenPerCarer); carers < need {
		f.add(RuleHomePointRatio, Violation, "class",
			fmt.Sprintf("%d名婴幼儿按1:%d需照护人员%d名，现有%d名", children, hp.ChildrenPerCarer, need, carers),
			fmt.Sprintf("%d children at 1:%d need %d carers, has %d", children, hp.ChildrenPerCarer, need, carers))
	}
	return f.out
}

// checkHealthStaffCount: at or above FullTimeThreshold children at least one
// full-time health staff member; below it at least MinCount, full- or
// part-time. The threshold counts enrolled children.
func (f *findings) checkHealthStaffCount(staff []StaffMember, n int) {
	hs := f.s.HealthStaff
	total, fullTime := 0, 0
	for _, m := range staff {
		if m.Post == PostHealth {
			total++
			if m.FullTime {
				fullTime++
			}
		}
	}
	if n >= hs.FullTimeThreshold && fullTime < 1 {
		f.add(RuleHealthStaff, Violation, "institution",
			fmt.Sprintf("在托%d人（≥%d），应至少配备1名专职保健人员，现有专职%d名", n, hs.FullTimeThreshold, fullTime),
			fmt.Sprintf("%d children (≥%d) need at least 1 full-time health staff member; has %d full-time", n, hs.FullTimeThreshold, fullTime))
	}
	if total < hs.MinCount {
		f.add(RuleHealthStaff, Violation, "institution",
			fmt.Sprintf("应至少配备%d名专职或兼职保健人员，现有%d名", hs.MinCount, total),
			fmt.Sprintf("needs at least %d full- or part-time health staff, has %d", hs.MinCount, total))
	}
}

// checkCatering: on-site cooking needs one cook for up to ChildrenPerCook
// children and one more for each further ChildrenPerCook (at least one);
// external catering needs a food-safety manager.
func (f *findings) checkCatering(in InstitutionFacts, n int) {
	switch in.Catering {
	case CateringOnSite:
		per := f.s.Cooks.ChildrenPerCook
		need := max(1, caregiversNeeded(n, per))
		cooks := 0
		for _, m := range in.Staff {
			if m.Post == PostCook {
				cooks++
			}
		}
		if cooks < need {
			f.add(RuleCooks, Violation, "institution",
				fmt.Sprintf("在托%d人，按每%d人1名需炊事人员%d名，现有%d名", n, per, need, cooks),
				fmt.Sprintf("%d children at 1 cook per %d need %d cooks, has %d", n, per, need, cooks))
		}
	case CateringExternal:
		if !in.FoodSafetyManager {
			f.add(RuleFoodSafetyManager, Violation, "institution",
				"外送餐未配备食品安全管理人员", "external catering without a food-safety manager")
		}
	}
}

func (f *findings) checkDirectorPresent(staff []StaffMember) {
	for _, m := range staff {
		if m.Post == PostDirector {
			return
		}
	}
	f.add(RuleDirector, Violation, "institution", "未登记机构负责人", "no person in charge recorded")
}

func (f *findings) checkCCTV(c CCTV) {
	days := f.s.CCTV.RetentionDays
	switch {
	case !c.Installed:
		f.add(RuleCCTV, Violation, "institution", "未安装视频监控", "no video surveillance")
		return
	case !c.FullCoverage:
		f.add(RuleCCTV, Violation, "institution",
			"视频监控未全覆盖婴幼儿生活和活动区域", "video surveillance does not cover every children's area")
	}
	if c.RetentionDays < days {
		f.add(RuleCCTV, Violation, "institution",
			fmt.Sprintf("录像保存%d天，应不少于%d天", c.RetentionDays, days),
			fmt.Sprintf("recordings kept %d days, must be at least %d", c.RetentionDays, days))
	}
}
