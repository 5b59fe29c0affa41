package rules

import (
	"errors"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// bornMonthsBefore returns a birth date that makes a child exactly months
// completed months old on asOf.
func bornMonthsBefore(asOf time.Time, months int) time.Time {
	return dateOf(asOf).addMonths(-months).time()
}

func children(asOf time.Time, ages ...int) []ChildInClass {
	out := make([]ChildInClass, len(ages))
	for i, a := range ages {
		out[i] = ChildInClass{ID: string(rune('A' + i%26)), BirthDate: bornMonthsBefore(asOf, a)}
	}
	return out
}

func repeatAge(age, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = age
	}
	return out
}

// count returns how many findings have the rule and severity.
func count(fs []Finding, ruleID string, sev Severity) int {
	n := 0
	for _, f := range fs {
		if f.RuleID == ruleID && f.Severity == sev {
			n++
		}
	}
	return n
}

func wantField(t *testing.T, err error, field string, target error) {
	t.Helper()
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v is not a *FieldError", err)
	}
	if fe.Field != field {
		t.Errorf("field = %q, want %q (err %v)", fe.Field, field, err)
	}
	if !errors.Is(err, target) {
		t.Errorf("error %v is not %v", err, target)
	}
}

func certs(issued time.Time, kinds ...string) []Certificate {
	out := make([]Certificate, len(kinds))
	for i, k := range kinds {
		out[i] = Certificate{Kind: k, Number: k + "-1", IssuedOn: issued}
	}
	return out
}

var testAsOf = day(2026, time.September, 1)

// compliantCentre is an institution that meets every national rule on
// testAsOf, so that each test can break one thing.
func compliantCentre() InstitutionFacts {
	issued := day(2026, time.March, 1)
	hired := day(2023, time.January, 1)
	staff := []StaffMember{
		{ID: "director", Post: PostDirector, FullTime: true, HiredOn: hired, Education: EducationBachelor,
			ManagementYears: 5, TrainingHours: 80,
			Certificates: append(certs(issued, CertHealth, CertNoCriminalRecord, CertDirectorTraining),
				Certificate{Kind: CertHealth, IssuedOn: day(2022, time.December, 20)})},
		{ID: "health", Post: PostHealth, FullTime: false, Education: EducationSeniorHigh,
			Certificates: certs(issued, CertHealth, CertNoCriminalRecord, CertHealthStaffTraining)},
		{ID: "cook", Post: PostCook, FullTime: true, Certificates: certs(issued, CertHealth, CertNoCriminalRecord)},
		{ID: "guard", Post: PostSecurity, FullTime: true, Certificates: certs(issued, CertHealth, CertNoCriminalRecord, CertSecurityGuard)},
	}
	for _, id := range []string{"c1", "c2", "c3", "c4", "c5", "c6"} {
		staff = append(staff, StaffMember{ID: id, Post: PostCaregiver, FullTime: true,
			Certificates: certs(issued, CertHealth, CertNoCriminalRecord)})
	}
	return InstitutionFacts{
		Name: "示例托育中心", Kind: KindCentre, Places: 40, EnrolledChildren: 35,
		Classes: []Class{
			{Name: "托小一班", Type: ClassToddlerYoung, Capacity: 15, Children: children(testAsOf, repeatAge(18, 15)...), Caregivers: 3},
			{Name: "托大一班", Type: ClassToddlerOlder, Capacity: 20, Children: children(testAsOf, repeatAge(30, 20)...), Caregivers: 3},
		},
		Staff:    staff,
		Catering: CateringOnSite,
		Premises: Premises{
			LeaseStart: day(2024, time.January, 1), LeaseEnd: day(2028, time.December, 31),
			Rooms: []Room{
				{Name: "托小一班活动室", Kind: RoomActivity, ClassType: ClassToddlerYoung, Storey: 2, AreaM2: 40, WindowAreaM2: 10},
				{Name: "托大一班活动室", Kind: RoomActivity, ClassType: ClassToddlerOlder, Storey: 3, AreaM2: 40, WindowAreaM2: 8},
				{Name: "寝室", Kind: RoomSleeping, Storey: 1, AreaM2: 30, WindowAreaM2: 6},
			},
			ObservationRoomM2: 8, ObservationBeds: 1,
		},
		CCTV: CCTV{Installed: true, FullCoverage: true, RetentionDays: 90},
	}
}

func asFieldError(err error, fe **FieldError) bool { return errors.As(err, fe) }
