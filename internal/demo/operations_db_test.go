package demo_test

import (
	"context"
	"testing"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/daily"
	"tuoyu/internal/demo"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

// checkOperations checks the operations of the generated data: counts,
// the standard met, parent1's and carer1's accounts, the daily records of
// the last school days, the bills and the blacklist.
func checkOperations(t *testing.T, svc *service.Service, sum demo.Summary, opt demo.Options) {
	ctx := context.Background()
	dl := daily.New(svc.DB, svc)
	actor := func(username string) authz.Actor { return authz.ForUser(login(t, svc, username), "", 0) }
	director1, parent1, carer1 := actor("director1"), actor("parent1"), actor("carer1")
	inst := director1.InstitutionID
	today := svc.Today()
	// the last school day before today, and today if it is one
	yesterday, _ := svc.Calendar.AddWorkdays(today, -1)

	t.Run("CaregiversClockedIn", func(t *testing.T) {
		// The demo day: the caregivers came before the children (07:30), so
		// a class whose children have come is not red for want of them.
		if !svc.Calendar.IsWorkday(today) {
			t.Fatalf("the demo day %s is not a school day", today.Format(time.DateOnly))
		}
		live, err := dl.LiveClasses(ctx, director1, inst)
		if err != nil || len(live) == 0 {
			t.Fatalf("live classes: %v (%v)", live, err)
		}
		green := 0
		for _, l := range live {
			if l.CaregiversPresent == 0 {
				t.Errorf("class %s: no caregiver clocked in", l.Name)
			}
			if l.Ratio == "green" {
				green++
			}
		}
		if green == 0 {
			t.Errorf("no class of director1's is green: %+v", live)
		}
	})

	t.Run("Counts", func(t *testing.T) {
		// about 4,000-5,000 children at scale 1, in proportion otherwise
		lo, hi := 4000*opt.Scale, 5000*opt.Scale
		if opt.Scale < 1 {
			lo, hi = 3000*opt.Scale, 6000*opt.Scale // a small sample of institutions varies more
		}
		if n := float64(sum.Children); n < lo || n > hi {
			t.Errorf("%d children at scale %g, want %.0f-%.0f", sum.Children, opt.Scale, lo, hi)
		}
		if sum.Classes < sum.Children/20 || sum.Staff < sum.Children/6 {
			t.Errorf("%d classes and %d staff for %d children", sum.Classes, sum.Staff, sum.Children)
		}
		days := opt.Days
		if days == 0 {
			days = demo.DefaultDays
		}
		if sum.Days != days || float64(sum.Attendance) < 0.5*float64(sum.Children*days) || sum.Attendance > sum.Children*days {
			t.Errorf("%d attendance records for %d children over %d school days", sum.Attendance, sum.Children, sum.Days)
		}
		if sum.Checks < sum.Children || sum.CareLogs == 0 {
			t.Errorf("%d morning checks, %d care log entries", sum.Checks, sum.CareLogs)
		}
		if sum.Bills < sum.Children/2 || sum.BillsPaid == 0 || sum.BillsPartPaid == 0 || sum.BillsPaid+sum.BillsPartPaid >= sum.Bills {
			t.Errorf("%d bills, %d paid, %d part paid: want most children billed, some paid, some part paid, some not yet", sum.Bills, sum.BillsPaid, sum.BillsPartPaid)
		}
	})

	t.Run("Standard", func(t *testing.T) {
		// Classes, ages, ratios, places and the staffing rules hold
		// everywhere; the only violations are the two lapsed health
		// certificates.
		inputs, err := svc.DB.Read().ComplianceInputs(ctx, system.Scope(), domain.InstitutionFilter{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		lapsed, checked := 0, 0
		for _, in := range inputs {
			if len(in.Classes) == 0 {
				continue
			}
			checked++
			fs, err := svc.Compliance(ctx, system, in.Institution.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fs {
				switch {
				case f.Severity != "violation":
				case f.Rule == "staff.health_check":
					lapsed++
				default:
					t.Errorf("%s: %s %s (%s)", in.Institution.Name, f.Rule, f.MessageEN, f.Subject)
				}
			}
		}
		if checked == 0 || lapsed != 2 {
			t.Errorf("%d institutions with classes, %d lapsed health certificates; want 2", checked, lapsed)
		}
		docs, err := svc.ExpiringCertificates(ctx, director1, 30)
		if err != nil {
			t.Fatal(err)
		}
		soon, expired := 0, 0
		for _, d := range docs {
			if d.Expired {
				expired++
			} else {
				soon++
			}
		}
		if soon < 2 || expired != 1 {
			t.Errorf("director1 sees %d certificates expiring within 30 days and %d expired; want 2 or more and 1", soon, expired)
		}
	})

	t.Run("Parent1", func(t *testing.T) {
		kids, total, err := svc.OwnChildren(ctx, parent1, domain.Page{})
		if err != nil {
			t.Fatal(err)
		}
		if total != 2 || len(kids) != 2 {
			t.Fatalf("parent1 has %d children, want 2", total)
		}
		for _, k := range kids {
			if k.Enrolment == nil || k.Enrolment.InstitutionID != inst {
				t.Errorf("parent1's %s is not at director1's institution: %+v", k.Name, k.Enrolment)
			}
			c, err := svc.OwnChild(ctx, parent1, k.ID)
			if err != nil {
				t.Fatal(err)
			}
			photos := false
			for _, x := range c.Consents {
				photos = photos || x.Purpose == domain.ConsentPhotos && x.Active
			}
			if !photos {
				t.Errorf("parent1 has not consented to photos of %s: %+v", k.Name, c.Consents)
			}
		}
		notes, _, _, err := svc.Notifications(ctx, parent1, false, domain.Page{})
		if err != nil {
			t.Fatal(err)
		}
		fever := false
		for _, n := range notes {
			fever = fever || n.Kind == domain.NotifySentHome || n.Kind == domain.NotifyFever
		}
		if !fever {
			t.Errorf("parent1 has no fever notification: %+v", notes)
		}
		if n, _, err := svc.OwnBills(ctx, parent1, domain.BillFilter{}, domain.Page{}); err != nil || len(n) == 0 {
			t.Errorf("parent1 sees no bill (%v)", err)
		}
	})

	t.Run("Carer1", func(t *testing.T) {
		// carer1's staff record (same name as the account) is a caregiver
		// of the class of one of parent1's children. The service cannot
		// link the account to the staff record (employments.user_id).
		me := login(t, svc, "carer1")
		kids, _, err := svc.OwnChildren(ctx, parent1, domain.Page{})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, k := range kids {
			c, err := svc.Class(ctx, director1, k.Enrolment.ClassID)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range c.Caregivers {
				found = found || s.Name == me.DisplayName
			}
		}
		if !found {
			t.Errorf("carer1 (%s) is no caregiver of parent1's children's classes", me.DisplayName)
		}
		logs, err := dl.CareLogs(ctx, carer1, inst, yesterday.Format(time.DateOnly), 0)
		if err != nil {
			t.Fatal(err)
		}
		byCarer := 0
		for _, l := range logs {
			if !l.Published {
				t.Errorf("care log %d of %s is not published", l.ID, l.Date)
			}
			byCarer++
		}
		if byCarer < 2 {
			t.Errorf("%d care log entries at director1's institution on %s", byCarer, yesterday.Format(time.DateOnly))
		}
	})

	t.Run("Daily", func(t *testing.T) {
		// yesterday's records are complete; today's check-ins are in
		sheet, err := dl.AttendanceSheet(ctx, director1, inst, yesterday.Format(time.DateOnly), 0)
		if err != nil {
			t.Fatal(err)
		}
		if sheet.Expected == 0 || sheet.NotIn != 0 || sheet.Present != 0 || sheet.Absent == 0 || float64(sheet.Left) < 0.8*float64(sheet.Expected) {
			t.Errorf("director1's attendance on %s: %d expected, %d left, %d absent, %d present, %d not in", sheet.Date, sheet.Expected, sheet.Left,
				sheet.Absent, sheet.Present, sheet.NotIn)
		}
		for _, it := range sheet.Items {
			switch {
			case it.AbsentReason == domain.AbsentSick && it.Symptoms == "":
				t.Errorf("%s is sick without symptoms", it.ChildName)
			case it.CheckOut != nil && it.PickedUpByName == "":
				t.Errorf("%s left with nobody named", it.ChildName)
			case it.CheckIn != nil:
				in := it.CheckIn.In(service.China)
				if m := in.Hour()*60 + in.Minute(); m < 7*60+40 || m > 9*60+10 {
					t.Errorf("%s checked in at %s", it.ChildName, in.Format("15:04"))
				}
			}
		}
		checks, err := dl.HealthChecks(ctx, director1, inst, yesterday.Format(time.DateOnly), domain.CheckMorning)
		if err != nil {
			t.Fatal(err)
		}
		flagged := 0
		for _, c := range checks {
			if c.Flagged {
				flagged++
				if *c.Temperature < 37.3 {
					t.Errorf("check %d flagged at %.1f", c.ID, *c.Temperature)
				}
			}
		}
		if len(checks) != sheet.Left || flagged == 0 {
			t.Errorf("%d morning checks (%d flagged) for %d children in on %s", len(checks), flagged, sheet.Left, sheet.Date)
		}
		if svc.Calendar.IsWorkday(today) {
			now, err := dl.AttendanceSheet(ctx, director1, inst, today.Format(time.DateOnly), 0)
			if err != nil {
				t.Fatal(err)
			}
			if now.Present == 0 || now.Left != 0 || now.NotIn != 0 {
				t.Errorf("director1's attendance at 10:00 today: %d present, %d left, %d not in", now.Present, now.Left, now.NotIn)
			}
		}
		// elsewhere too: an institution of another county recorded yesterday
		other := false
		inputs, err := svc.DB.Read().ComplianceInputs(ctx, system.Scope(), domain.InstitutionFilter{Region: "610621"}, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range inputs {
			s, err := dl.AttendanceSheet(ctx, system, in.Institution.ID, yesterday.Format(time.DateOnly), 0)
			if err != nil {
				t.Fatal(err)
			}
			other = other || s.Left > 0
		}
		if !other && len(inputs) > 0 {
			t.Errorf("no institution of 延长县 recorded attendance on %s", yesterday.Format(time.DateOnly))
		}
	})

	t.Run("Bills", func(t *testing.T) {
		month := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0).Format("2006-01")
		bills, total, err := svc.InstitutionBills(ctx, director1, inst, domain.BillFilter{Month: month}, domain.Page{PerPage: 200})
		if err != nil {
			t.Fatal(err)
		}
		status := map[string]int{}
		for _, b := range bills {
			status[b.Status]++
			if b.TotalFen <= 0 || b.PaidFen > b.TotalFen {
				t.Errorf("bill %d: total %d, paid %d", b.ID, b.TotalFen, b.PaidFen)
			}
		}
		if total == 0 || status[domain.BillPaid] == 0 {
			t.Errorf("director1's bills for %s: %d, %v", month, total, status)
		}
		fees, err := svc.FeeSchedule(ctx, director1, inst)
		if err != nil || len(fees.Items) == 0 {
			t.Errorf("director1's fee schedule: %+v, %v", fees.Items, err)
		}
	})

	t.Run("Blacklist", func(t *testing.T) {
		bans, total, err := svc.Blacklist(ctx, actor("yanan"), store.BlacklistFilter{}, domain.Page{})
		if err != nil {
			t.Fatal(err)
		}
		if total != 2 {
			t.Errorf("%d blacklist entries, want 2: %+v", total, bans)
		}
		refused, n, err := svc.RefusedBlacklistedHires(ctx, actor("baota"), domain.Page{})
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 || refused[0].RegionCode != "610602" {
			t.Errorf("宝塔区 sees %d refused hires: %+v", n, refused)
		}
	})
}
