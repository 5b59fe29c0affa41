package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
	"tuoyu/internal/testkit"
)

// world is a small fixture written through the store: institution A in
// county 610602 with one of every kind of record about a child and a
// caregiver, and institution B in county 610603 with nothing.
type world struct {
	db                           *store.DB
	instA, instB                 int64
	class, child, guardian       int64
	pickup, consent              int64
	careLog, check, bill, staff  int64
	filing, material             int64
	guardianUser, otherGuardian  int64
	directorA, directorB, county int64
	date                         string
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func newWorld(t *testing.T, b testkit.Backend) *world {
	ctx := context.Background()
	db, err := store.Open(ctx, b.New(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Date(2026, 9, 30, 2, 0, 0, 0, time.UTC)
	w := &world{db: db, date: "2026-09-30"}
	id := must[int64](t)
	err = db.Tx(ctx, func(q store.Q) error {
		inst := func(name, credit, county string) int64 {
			return id(q.CreateInstitution(ctx, domain.Institution{Name: name, CreditCode: credit, Kind: domain.KindCentre, Nature: domain.NaturePrivate,
				RegionCode: county, TownshipCode: county + "001", Status: domain.StatusFiled, Places: 50, CareTypes: []domain.CareOffer{{Type: domain.CareFullDay}}}, now))
		}
		w.instA, w.instB = inst("甲托育园", "91610602MA0000001A", "610602"), inst("乙托育园", "91610603MA0000002B", "610603")
		user := func(name string, role domain.Role, region string, inst int64) int64 {
			u := domain.User{Username: name, DisplayName: name, Role: role, RegionCode: region}
			if inst != 0 {
				u.InstitutionID = &inst
			}
			return id(q.CreateUser(ctx, u, "x", now))
		}
		w.directorA, w.directorB = user("director_a", domain.RoleDirector, "", w.instA), user("director_b", domain.RoleDirector, "", w.instB)
		w.county = user("county_610603", domain.RoleCountyRegulator, "610603", 0)
		w.guardianUser, w.otherGuardian = user("parent", domain.RoleGuardian, "", 0), user("stranger", domain.RoleGuardian, "", 0)

		w.class = id(q.CreateClass(ctx, domain.Class{InstitutionID: w.instA, Name: "小一班", Type: domain.ClassToddlerYoung, Capacity: 15}, now))
		w.child = id(q.CreateChild(ctx, store.ChildRecord{Child: domain.Child{Name: "王小明", Sex: "M", BirthDate: "2024-03-01", CertType: "birth_certificate",
			CertMasked: "O1****01"}, CertEnc: "enc", CertHash: "hash-child"}, now))
		id(q.CreateEnrolment(ctx, domain.Enrolment{ChildID: w.child, InstitutionID: w.instA, ClassID: w.class, CareType: domain.CareFullDay, StartDate: "2026-09-01", FeeFen: 150000}, now))
		w.guardian = id(q.AddGuardian(ctx, store.GuardianRecord{Guardian: domain.Guardian{ChildID: w.child, Name: "王大明", Relation: "father", Phone: "13800000001",
			IDType: "resident_id", IDMasked: "6106**********0011"}, IDEnc: "enc"}, now))
		if err := q.LinkGuardian(ctx, w.guardian, w.guardianUser); err != nil {
			return err
		}
		w.pickup = id(q.AddPickup(ctx, store.PickupRecord{PickupPerson: domain.PickupPerson{ChildID: w.child, Name: "李奶奶", Relation: "grandmother", Phone: "13800000002",
			IDType: "resident_id", IDMasked: "6106**********0022"}, IDEnc: "enc"}, now))
		w.consent = id(q.AddConsent(ctx, w.child, w.guardian, "health_data", now))
		in := now
		key := store.AttendanceKey{ChildID: w.child, Date: w.date}
		enrol, _, err := q.AttendanceTargets(ctx, authz.System("test").Scope(), []store.AttendanceKey{key})
		if err != nil {
			return err
		}
		row := store.AttendanceRow{ChildID: w.child, ClassID: w.class, Date: w.date, CheckIn: &in,
			PickedUpBy: domain.PickupKey(domain.PickupKindPerson, w.pickup), UpdatedAt: now}
		if _, err := q.UpsertAttendance(ctx, []store.AttendanceRow{row}); err == nil {
			return errors.New("an attendance row without a scoped institution was written")
		}
		row.Institution = enrol[w.child].Institution
		if _, err := q.UpsertAttendance(ctx, []store.AttendanceRow{row}); err != nil {
			return err
		}
		w.check = id(q.UpsertHealthCheck(ctx, store.HealthCheckRow{ChildID: w.child, InstitutionID: w.instA, Date: w.date, Kind: domain.CheckMorning, Temperature: 36.6,
			Action: "none"}, now))
		w.careLog = id(q.CreateCareLog(ctx, store.CareLogRow{InstitutionID: w.instA, ClassID: w.class, ChildID: w.child, Date: w.date, Kind: domain.CareNote,
			Published: true}, now))
		w.bill = id(q.CreateBill(ctx, domain.Bill{InstitutionID: w.instA, ChildID: w.child, Month: "2026-09", TotalFen: 150000}, now))
		id(q.AddPayment(ctx, domain.Payment{BillID: w.bill, AmountFen: 50000, PaidOn: w.date, Method: "cash"}, w.directorA, now))
		id(q.CreateFeeSchedule(ctx, domain.FeeSchedule{InstitutionID: w.instA, CareType: domain.CareFullDay, Unit: "month", AmountFen: 150000, EffectiveFrom: "2026-01-01"}, 0, now))
		if err := q.SaveBillingSettings(ctx, domain.BillingSettings{InstitutionID: w.instA, HourlyRoundingMinutes: 30}, now); err != nil {
			return err
		}
		w.staff = id(q.CreateStaff(ctx, store.StaffRow{Name: "张老师", Sex: "F", IDEnc: "enc", IDHash: "hash-staff", IDMasked: "6106**********0033"}, now))
		id(q.CreateEmployment(ctx, domain.Employment{StaffID: w.staff, InstitutionID: w.instA, Post: domain.PostCaregiver, FullTime: true, StartDate: "2026-01-01"}, now))
		id(q.AddStaffCertificate(ctx, domain.StaffCertificate{StaffID: w.staff, Kind: domain.CertHealth, Name: "健康合格证明", IssuedOn: "2026-01-05"}, now))
		if err := q.SetClassCaregivers(ctx, w.class, []int64{w.staff}); err != nil {
			return err
		}
		id(q.ClockIn(ctx, domain.StaffAttendance{StaffID: w.staff, InstitutionID: w.instA, ClassID: w.class, Date: w.date, ClockIn: now}))
		w.filing = id(q.CreateFiling(ctx, domain.Filing{InstitutionID: w.instA, RegionCode: "610602", Version: 1, Kind: "initial", Status: domain.FilingDraft}, w.directorA, now))
		w.material = id(q.AddMaterial(ctx, domain.Material{FilingID: w.filing, Type: "licence", Filename: "a.pdf", ContentType: "application/pdf", Size: 3, SHA256: "x"},
			[]byte("pdf"), w.directorA, now))
		id(q.AddNotification(ctx, w.guardianUser, domain.Notification{Kind: domain.NotifyFever, Title: "体温", Body: "…"}, now))
		id(q.CreateSession(ctx, w.guardianUser, "web", "", "token-hash", now, now.Add(time.Hour), "test", "127.0.0.1"))
		return q.Audit(ctx, domain.AuditEvent{At: now, ActorID: w.directorA, Action: "child.enrol", Entity: "child", EntityID: w.child, RegionCode: "610602", InstitutionID: w.instA})
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) actor(role domain.Role, user, inst int64, region string) authz.Actor {
	u := domain.User{ID: user, Role: role, RegionCode: region}
	if inst != 0 {
		u.InstitutionID = &inst
	}
	return authz.ForUser(u, "", 0)
}

// count turns a read's answer into the number of records it let through;
// not found counts none.
func count[T any](list []T, err error) (int, error) { return len(list), err }

func one[T any](_ T, err error) (int, error) {
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return 1, nil
}

func found[T any](_ T, ok bool, err error) (int, error) {
	if ok {
		return 1, err
	}
	return 0, err
}

func paged[T any](list []T, _ int, err error) (int, error) { return len(list), err }

// Each read of people or institution data lets through the records of
// institution A to A's director (and the guardian their own child's, the
// platform everything but accounts' own messages and sessions), and
// nothing, or not found, to B's director, the regulator of B's county, a
// guardian of another child and nobody.
func TestScopedReads(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			w := newWorld(t, b)
			ctx := context.Background()
			q := w.db.Read()
			director := w.actor(domain.RoleDirector, w.directorA, w.instA, "")
			parent := w.actor(domain.RoleGuardian, w.guardianUser, 0, "")
			outside := map[string]authz.Actor{
				"director of B":  w.actor(domain.RoleDirector, w.directorB, w.instB, ""),
				"county of B":    w.actor(domain.RoleCountyRegulator, w.county, 0, "610603"),
				"another parent": w.actor(domain.RoleGuardian, w.otherGuardian, 0, ""),
				"nobody":         authz.Anonymous(""),
			}
			key := store.AttendanceKey{ChildID: w.child, Date: w.date}
			pickupKey := domain.PickupKey(domain.PickupKindPerson, w.pickup)
			children := domain.ChildFilter{}
			page := domain.Page{PerPage: 50}
			reads := []struct {
				name   string
				inside []authz.Actor
				read   func(authz.Scope) (int, error)
			}{
				{"Institution", []authz.Actor{director}, func(s authz.Scope) (int, error) { return one(q.Institution(ctx, s, w.instA)) }},
				{"ListInstitutions", []authz.Actor{director}, func(s authz.Scope) (int, error) {
					return paged(q.ListInstitutions(ctx, s, domain.InstitutionFilter{Region: "610602"}, page))
				}},
				{"ComplianceInputs", []authz.Actor{director}, func(s authz.Scope) (int, error) {
					return count(q.ComplianceInputs(ctx, s, domain.InstitutionFilter{}, w.instA))
				}},
				{"Class", []authz.Actor{director}, func(s authz.Scope) (int, error) { return one(q.Class(ctx, s, w.class)) }},
				{"ListClasses", []authz.Actor{director}, func(s authz.Scope) (int, error) { return paged(q.ListClasses(ctx, s, w.instA, page)) }},
				{"ClassMembers", []authz.Actor{director}, func(s authz.Scope) (int, error) { return count(q.ClassMembers(ctx, s, w.class)) }},
				{"LiveClasses", []authz.Actor{director}, func(s authz.Scope) (int, error) { return count(q.LiveClasses(ctx, s, w.instA, w.date)) }},
				{"DailyClassInScope", []authz.Actor{director}, func(s authz.Scope) (int, error) { return one(q.DailyClassInScope(ctx, s, w.class)) }},
				{"Child", []authz.Actor{director, parent}, func(s authz.Scope) (int, error) { return one(q.Child(ctx, s, w.child)) }},
				{"ChildCert", []authz.Actor{director, parent}, func(s authz.Scope) (int, error) {
					_, _, err := q.ChildCert(ctx, s, w.child)
					return one(0, err)
				}},
				{"ListChildren", []authz.Actor{director}, func(s authz.Scope) (int, error) { return paged(q.ListChildren(ctx, s, w.instA, children, page)) }},
				{"ListChildrenInScope", []authz.Actor{director, parent}, func(s authz.Scope) (int, error) {
					return paged(q.ListChildrenInScope(ctx, s, children, page))
				}},
				{"DailyChildInScope", []authz.Actor{director, parent}, func(s authz.Scope) (int, error) { return one(q.DailyChildInScope(ctx, s, w.child)) }},
				{"DailyEnrolments", []authz.Actor{director}, func(s authz.Scope) (int, error) {
					m, err := q.DailyEnrolments(ctx, s, []int64{w.child})
					return len(m), err
				}},
				{"Guardians", []authz.Actor{director, parent}, func(s authz.Scope) (int, error) { return count(q.Guardians(ctx, s, w.child)) }},
				{"Guardian", []authz.Actor{director, parent}, func(s authz.Scope) (int, error) { return one(q.Guardian(ctx, s, w.child, w.guardian)) }},
				{"GuardianOfUser", []authz.Actor{director, parent}, func(s authz.Scope) (int, error) {
					return one(q.GuardianOfUser(ctx, s, w.child, w.guardianUser))
				}},
				{"GuardianUsers", []authz.Actor{director, parent}, func(s authz.Scope) (int, error) { return count(q.GuardianUsers(ctx, s, w.child)) }},
				{"Pickups", []authz.Actor{director, parent}, func(s authz.Scope) (int, error) { return count(q.Pickups(ctx, s, w.child)) }},
				{"PickupOptions", []authz.Actor{director, parent}, func(s authz.Scope) (int, error) {
					m, err := q.PickupOptions(ctx, s, []int64{w.child})
					return len(m[w.child]), err
				}},
				{"PickupName", []authz.Actor{director, parent}, func(s authz.Scope) (int, error) {
					name, err := q.PickupName(ctx, s, w.child, pickupKey)
					return len(name), err
				}},
				{"Consents", []authz.Actor{director, parent}, func(s authz.Scope) (int, error) { return count(q.Consents(ctx, s, w.child)) }},
				{"Consent", []authz.Actor{director, parent}, func(s authz.Scope) (int, error) { return one(q.Consent(ctx, s, w.consent)) }},
				{"AttendanceSheet", []authz.Actor{director}, func(s authz.Scope) (int, error) {
					return count(q.AttendanceSheet(ctx, s, store.AttendanceFilter{InstitutionID: w.instA, Date: w.date}))
				}},
				{"ChildAttendance", []authz.Actor{director, parent}, func(s authz.Scope) (int, error) {
					return count(q.ChildAttendance(ctx, s, w.child, w.date, w.date))
				}},
				{"AttendanceTargets", []authz.Actor{director}, func(s authz.Scope) (int, error) {
					enrol, rows, err := q.AttendanceTargets(ctx, s, []store.AttendanceKey{key})
					return len(enrol) + len(rows), err
				}},
				{"HealthChecks", []authz.Actor{director, parent}, func(s authz.Scope) (int, error) {
					return count(q.HealthChecks(ctx, s, store.HealthCheckFilter{ChildID: w.child, Date: w.date}))
				}},
				{"HealthCheckByID", []authz.Actor{director, parent}, func(s authz.Scope) (int, error) { return one(q.HealthCheckByID(ctx, s, w.check)) }},
				{"HealthCheckStates", []authz.Actor{director}, func(s authz.Scope) (int, error) {
					m, err := q.HealthCheckStates(ctx, s, []store.AttendanceKey{key}, domain.CheckMorning)
					return len(m), err
				}},
				{"CareLogs", []authz.Actor{director}, func(s authz.Scope) (int, error) {
					return count(q.CareLogs(ctx, s, store.CareLogFilter{InstitutionID: w.instA, Date: w.date}))
				}},
				{"CareLogByID", []authz.Actor{director}, func(s authz.Scope) (int, error) { return one(q.CareLogByID(ctx, s, w.careLog)) }},
				{"CareLogInScope", []authz.Actor{director}, func(s authz.Scope) (int, error) {
					_, _, err := q.CareLogInScope(ctx, s, w.careLog)
					return one(0, err)
				}},
				{"ChildCareLogs", []authz.Actor{director, parent}, func(s authz.Scope) (int, error) { return count(q.ChildCareLogs(ctx, s, w.child, w.date)) }},
				{"Bill", []authz.Actor{director, parent}, func(s authz.Scope) (int, error) { return one(q.Bill(ctx, s, w.bill)) }},
				{"ListBills", []authz.Actor{director, parent}, func(s authz.Scope) (int, error) {
					return paged(q.ListBills(ctx, s, 0, domain.BillFilter{}, page, true))
				}},
				{"MonthBills", []authz.Actor{director}, func(s authz.Scope) (int, error) {
					m, err := q.MonthBills(ctx, s, "2026-09", []int64{w.child})
					return len(m), err
				}},
				{"BillingEnrolments", []authz.Actor{director}, func(s authz.Scope) (int, error) {
					return count(q.BillingEnrolments(ctx, s, w.instA, "2026-09-01", "2026-09-30"))
				}},
				{"BillingAttendance", []authz.Actor{director}, func(s authz.Scope) (int, error) {
					return count(q.BillingAttendance(ctx, s, w.instA, "2026-09-01", "2026-09-30"))
				}},
				{"FeeSchedules", []authz.Actor{director}, func(s authz.Scope) (int, error) { return count(q.FeeSchedules(ctx, s, w.instA)) }},
				{"BillingSettings", []authz.Actor{director}, func(s authz.Scope) (int, error) { return found(q.BillingSettings(ctx, s, w.instA)) }},
				{"ListStaff", []authz.Actor{director}, func(s authz.Scope) (int, error) {
					return paged(q.ListStaff(ctx, s, store.StaffFilter{InstitutionID: w.instA}, page))
				}},
				{"StaffInScope", []authz.Actor{director}, func(s authz.Scope) (int, error) { return one(q.StaffInScope(ctx, s, w.staff)) }},
				{"OpenEmployment", []authz.Actor{director}, func(s authz.Scope) (int, error) { return one(q.OpenEmployment(ctx, s, w.staff)) }},
				{"StaffCertificatesDue", []authz.Actor{director}, func(s authz.Scope) (int, error) { return count(q.StaffCertificatesDue(ctx, s, "2027-12-31")) }},
				{"StaffAssignedToClass", []authz.Actor{director}, func(s authz.Scope) (int, error) {
					name, _, err := q.StaffAssignedToClass(ctx, s, w.class, w.staff)
					return len(name), err
				}},
				{"OpenClockIn", []authz.Actor{director}, func(s authz.Scope) (int, error) { return found(q.OpenClockIn(ctx, s, w.staff, w.date)) }},
				{"Filing", []authz.Actor{director}, func(s authz.Scope) (int, error) { return one(q.Filing(ctx, s, w.filing)) }},
				{"ListFilings", []authz.Actor{director}, func(s authz.Scope) (int, error) { return paged(q.ListFilings(ctx, s, store.FilingFilter{}, page)) }},
				{"OpenFiling", []authz.Actor{director}, func(s authz.Scope) (int, error) { return found(q.OpenFiling(ctx, s, w.instA)) }},
				{"MaterialContent", []authz.Actor{director}, func(s authz.Scope) (int, error) {
					_, content, err := q.MaterialContent(ctx, s, w.material)
					return one(content, err)
				}},
				{"ListAudit", []authz.Actor{director}, func(s authz.Scope) (int, error) { return paged(q.ListAudit(ctx, s, store.AuditFilter{}, page)) }},
				{"Notifications", []authz.Actor{parent}, func(s authz.Scope) (int, error) {
					list, _, _, err := q.Notifications(ctx, s, false, page)
					return len(list), err
				}},
				{"ListSessions", []authz.Actor{parent}, func(s authz.Scope) (int, error) {
					return count(q.ListSessions(ctx, s, time.Date(2026, 9, 30, 2, 30, 0, 0, time.UTC)))
				}},
			}
			for _, r := range reads {
				inside := r.inside
				if r.name != "Notifications" && r.name != "ListSessions" { // an account's own rows: the platform has none
					inside = append(inside, authz.System("test"))
				}
				for _, a := range inside {
					if n, err := r.read(a.Scope()); err != nil || n == 0 {
						t.Errorf("%s for %s %d: %d records, %v; want the record", r.name, a.Role, a.UserID, n, err)
					}
				}
				for who, a := range outside {
					if n, err := r.read(a.Scope()); err != nil || n != 0 {
						t.Errorf("%s for %s: %d records, %v; want none", r.name, who, n, err)
					}
				}
			}
		})
	}
}
