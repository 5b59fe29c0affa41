package service

import (
	"context"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// FilingCounts are the counts a filing form starts from: the live ones
// from the records, and those of the last filed version to show beside
// them where they differ.
type FilingCounts struct {
	// Live are the counts by filing field (enrolled, puhui_enrolled,
	// caregivers, full_time_staff, security_staff, vacancies of the filed
	// places) from enrolments and employments now.
	Live map[string]int `json:"live"`
	// LastFiled are the counts the last filed version reported, by field;
	// empty before the first filing.
	LastFiled map[string]int `json:"last_filed"`
	// Differs lists the fields whose live and filed counts differ.
	Differs []string `json:"differs"`
	counts  domain.LiveCounts
}

// Apply writes the live counts into a filing's form.
func (c FilingCounts) Apply(d *domain.FilingData) { c.counts.Apply(d) }

// countFields are the filing fields the records can count, in form order.
var countFields = []string{"full_time_staff", "caregivers", "security_staff", "vacancies", "enrolled", "puhui_enrolled"}

// FilingCounts returns an institution's live counts and its last filed
// ones; the institution must be in scope.
func (s *Service) FilingCounts(ctx context.Context, a authz.Actor, institutionID int64) (FilingCounts, error) {
	if err := a.Require(authz.FilingView); err != nil {
		return FilingCounts{}, err
	}
	q := s.DB.Read()
	in, err := q.Institution(ctx, a.Scope(), institutionID)
	if err != nil {
		return FilingCounts{}, err
	}
	live, err := q.LiveCounts(ctx, a.Scope(), in.ID)
	if err != nil {
		return FilingCounts{}, err
	}
	out := FilingCounts{Live: live.Fields(in.Places), LastFiled: map[string]int{}, Differs: []string{}, counts: live}
	last, ok, err := q.LastFiled(ctx, a.Scope(), in.ID)
	if err != nil || !ok {
		return out, err
	}
	out.LastFiled = last.Data.CountFields()
	out.Live["vacancies"] = domain.Vacant(last.Data.Places, live.Enrolled)
	for _, f := range countFields {
		if out.Live[f] != out.LastFiled[f] {
			out.Differs = append(out.Differs, f)
		}
	}
	return out, nil
}
