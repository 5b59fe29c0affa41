package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"tuoyu/internal/domain"
	"tuoyu/internal/service"
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
	// Elapsed is the generation's wall-clock time (0 when Existing).
	Elapsed time.Duration
}

// count fills the counts from the database.
func (s *Summary) count(ctx context.Context, svc *service.Service) error {
	var err error
	if s.Institutions, err = svc.DB.Read().CountInstitutionsByStatus(ctx, creator.Scope()); err != nil {
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
	return b.String()
}
