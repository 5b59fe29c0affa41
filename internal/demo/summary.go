package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

// Summary says what Ensure found or generated.
type Summary struct {
	// Existing is true when demo data was already there and nothing was generated.
	Existing bool
	Seed     int64
	Scale    float64
	// Setting is the recorded "demo_data" setting.
	Setting string
	// Institutions counts institutions by status (domain.Status*).
	Institutions map[string]int
	// AwaitingReview counts submitted filings; Overdue those past their due date.
	AwaitingReview, Overdue int
	// AccountsCreated and Materials count what this call generated (0 when Existing).
	AccountsCreated, Materials int
	// Days is the school days of daily records generated.
	Days int
	// Children (enrolled now), Classes and Staff (employed now) of the
	// institutions that are not cancelled.
	Children, Classes, Staff int
	// Attendance counts attendance records (a child's day, present or
	// away); Checks the morning checks; CareLogs the care log entries.
	Attendance, Checks, CareLogs int
	// Bills counts the bills issued, BillsPaid and BillsPartPaid those paid
	// in full and in part.
	Bills, BillsPaid, BillsPartPaid int
	// Elapsed is the generation's wall-clock time (0 when Existing).
	Elapsed time.Duration
}

// count fills the counts from the database.
func (s *Summary) count(ctx context.Context, svc *service.Service) error {
	var err error
	if s.Institutions, err = svc.DB.Read().CountInstitutionsByStatus(ctx, creator.Scope()); err != nil {
		return err
	}
	if err := s.countOperations(ctx, svc); err != nil {
		return err
	}
	s.AwaitingReview, s.Overdue = 0, 0
	for page := 1; ; page++ {
		list, total, err := svc.FilingWorklist(ctx, creator, domain.FilingSubmitted, domain.Page{Page: page, PerPage: 200})
		if err != nil {
			return err
		}
		for _, f := range list {
			s.AwaitingReview++
			if f.Overdue {
				s.Overdue++
			}
		}
		if len(list) == 0 || s.AwaitingReview >= total {
			return nil
		}
	}
}

// countOperations counts children, classes, staff, daily records and
// bills.
func (s *Summary) countOperations(ctx context.Context, svc *service.Service) error {
	q := svc.DB.Read()
	inputs, err := q.ComplianceInputs(ctx, creator.Scope(), domain.InstitutionFilter{}, 0)
	if err != nil {
		return err
	}
	s.Children, s.Classes, s.Staff, s.Attendance = 0, 0, 0, 0
	for _, in := range inputs {
		s.Children += in.Enrolled
		s.Classes += len(in.Classes)
		s.Staff += len(in.Staff)
		if len(in.Classes) == 0 {
			continue
		}
		rows, err := q.BillingAttendance(ctx, creator.Scope(), in.Institution.ID, "0001-01-01", "9999-12-31")
		if err != nil {
			return err
		}
		s.Attendance += len(rows)
	}
	for action, n := range map[string]*int{"health_check.record": &s.Checks, "care_log.create": &s.CareLogs} {
		if _, *n, err = svc.AuditEvents(ctx, creator, store.AuditFilter{Action: action}, domain.Page{PerPage: 1}); err != nil {
			return err
		}
	}
	for status, n := range map[string]*int{"": &s.Bills, domain.BillPaid: &s.BillsPaid, domain.BillPartPaid: &s.BillsPartPaid} {
		if _, *n, err = q.ListBills(ctx, creator.Scope(), 0, domain.BillFilter{Status: status}, domain.Page{PerPage: 1}, false); err != nil {
			return err
		}
	}
	return nil
}

func (s Summary) total() int {
	n := 0
	for _, k := range s.Institutions {
		n += k
	}
	return n
}

// String is a short report for the console.
func (s Summary) String() string {
	var b strings.Builder
	if s.Existing {
		fmt.Fprintf(&b, "Demo data already present (%s); nothing generated.\n", s.Setting)
	} else {
		fmt.Fprintf(&b, "Demo data generated (seed %d, scale %g) in %s.\n", s.Seed, s.Scale, s.Elapsed.Round(100*time.Millisecond))
	}
	var parts []string
	for _, st := range domain.InstitutionStatuses {
		if n := s.Institutions[st]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", st, n))
		}
	}
	fmt.Fprintf(&b, "Institutions: %d (%s)\n", s.total(), strings.Join(parts, ", "))
	fmt.Fprintf(&b, "Filings awaiting review: %d, of which %d overdue\n", s.AwaitingReview, s.Overdue)
	if !s.Existing {
		fmt.Fprintf(&b, "Accounts created: %d (the %d below, a regulator reg-<county> per other county, a director dir-<county>-<n> per other institution)\n",
			s.AccountsCreated, len(Accounts))
		fmt.Fprintf(&b, "Filing materials uploaded: %d\n", s.Materials)
	}
	fmt.Fprintf(&b, "Children enrolled: %d in %d classes; staff employed: %d\n", s.Children, s.Classes, s.Staff)
	days := ""
	if s.Days > 0 {
		days = fmt.Sprintf(" (%d school days)", s.Days)
	}
	fmt.Fprintf(&b, "Daily records%s: %d attendance records, %d morning checks, %d care log entries\n", days, s.Attendance, s.Checks, s.CareLogs)
	fmt.Fprintf(&b, "Bills: %d (%d paid, %d part paid)\n", s.Bills, s.BillsPaid, s.BillsPartPaid)
	return b.String()
}
