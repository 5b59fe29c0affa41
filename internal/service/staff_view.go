package service

import (
	"context"
	"sort"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// InstitutionStaff lists the staff of an institution in scope: current
// employees, and with IncludeEnded those who have left.
func (s *Service) InstitutionStaff(ctx context.Context, a authz.Actor, f store.StaffFilter, page domain.Page) ([]domain.Staff, int, error) {
	if err := a.Require(authz.StaffView); err != nil {
		return nil, 0, err
	}
	if f.Post != "" && !contains(domain.Posts, f.Post) {
		return nil, 0, domain.Invalid("post", domain.ReasonNotAllowed)
	}
	q := s.DB.Read()
	if _, err := q.Institution(ctx, a.Scope(), f.InstitutionID); err != nil {
		return nil, 0, err
	}
	return q.ListStaff(ctx, a.Scope(), f, page)
}

// StaffMember returns a person employed (now or before) at an institution
// in scope, with the employments in scope and their certificates.
func (s *Service) StaffMember(ctx context.Context, a authz.Actor, id int64) (domain.Staff, error) {
	if err := a.Require(authz.StaffView); err != nil {
		return domain.Staff{}, err
	}
	return s.DB.Read().StaffInScope(ctx, a.Scope(), id)
}

// CertificateWarningDays is how far ahead expiring certificates are shown:
// the standard's warning setting (30 days by default), which no locality
// tightens.
func (s *Service) CertificateWarningDays() (int, error) {
	std, err := s.standardFor("")
	return std.Warnings.CertificateWarningDays, err
}

// ExpiringCertificates lists the certificates of current staff at the
// institutions in scope that have expired or expire within the given number
// of days (0: the setting, 30 days), soonest first: the director's home
// page. Only the certificate in force counts: a renewed certificate hides
// the one it replaces. A health certificate without an expiry date lapses
// a year after issue.
func (s *Service) ExpiringCertificates(ctx context.Context, a authz.Actor, within int) ([]domain.ExpiringDocument, error) {
	if err := a.Require(authz.StaffView); err != nil {
		return nil, err
	}
	if within == 0 {
		w, err := s.CertificateWarningDays()
		if err != nil {
			return nil, err
		}
		within = w
	}
	if within < 0 || within > 366 {
		return nil, domain.Invalid("within", domain.ReasonRange)
	}
	today := s.Today()
	until := today.AddDate(0, 0, within)
	q := s.DB.Read()
	rows, err := q.StaffCertificatesDue(ctx, a.Scope(), until.Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	// The health check interval is the institution's county's.
	months := map[int64]int{}
	for _, r := range rows {
		if _, ok := months[r.InstitutionID]; ok {
			continue
		}
		in, err := q.Institution(ctx, a.Scope(), r.InstitutionID)
		if err != nil {
			return nil, err
		}
		std, err := s.standardFor(in.RegionCode)
		if err != nil {
			return nil, err
		}
		months[r.InstitutionID] = std.StaffHealth.CheckIntervalMonths
	}
	type person struct {
		inst  int64
		staff int64
	}
	byPerson := map[person][]store.StaffCertificateRow{}
	var order []person
	for _, r := range rows {
		k := person{r.InstitutionID, r.StaffID}
		if _, ok := byPerson[k]; !ok {
			order = append(order, k)
		}
		byPerson[k] = append(byPerson[k], r)
	}
	out := []domain.ExpiringDocument{}
	for _, k := range order {
		list := byPerson[k]
		certs := make([]domain.StaffCertificate, len(list))
		for i, r := range list {
			certs[i] = r.StaffCertificate
		}
		health, others := certificatesInForce(certs)
		if len(health) > 0 {
			newest := health[0]
			for _, c := range health[1:] {
				if c.IssuedOn > newest.IssuedOn {
					newest = c
				}
			}
			others = append(others, newest)
		}
		for _, c := range others {
			exp, ok := certificateExpiry(c, months[k.inst])
			if !ok || exp.After(until) {
				continue
			}
			r := list[0]
			days := int(exp.Sub(today).Hours() / 24)
			out = append(out, domain.ExpiringDocument{CertificateID: c.ID, StaffID: c.StaffID, StaffName: r.StaffName, Post: r.Post,
				InstitutionID: r.InstitutionID, InstitutionName: r.InstitutionName, Kind: c.Kind, Name: c.Name, Number: c.Number,
				IssuedOn: c.IssuedOn, ExpiresOn: exp.Format(time.DateOnly), DaysLeft: days, Expired: days < 0})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].ExpiresOn != out[j].ExpiresOn {
			return out[i].ExpiresOn < out[j].ExpiresOn
		}
		return out[i].StaffName < out[j].StaffName
	})
	return out, nil
}

// certificatesInForce splits a person's certificates into health
// certificates (all of them: the rules need the first and the newest) and
// the others, of which only the longest-lasting of each kind and name is in
// force (one without expiry outlasts any).
func certificatesInForce(certs []domain.StaffCertificate) (health, others []domain.StaffCertificate) {
	type key struct{ kind, name string }
	best := map[key]int{}
	for _, c := range certs {
		if c.Kind == domain.CertHealth {
			health = append(health, c)
			continue
		}
		k := key{c.Kind, c.Name}
		i, ok := best[k]
		if !ok {
			best[k] = len(others)
			others = append(others, c)
			continue
		}
		cur := others[i]
		if cur.ExpiresOn != "" && (c.ExpiresOn == "" || c.ExpiresOn > cur.ExpiresOn) {
			others[i] = c
		}
	}
	return health, others
}

// certificateExpiry is a certificate's last valid day: its expiry date, or
// for a health certificate without one, months after issue (clamped to the
// end of a shorter month). ok is false for a certificate that does not expire.
func certificateExpiry(c domain.StaffCertificate, months int) (time.Time, bool) {
	if c.ExpiresOn != "" {
		return staffDate(c.ExpiresOn)
	}
	if c.Kind != domain.CertHealth {
		return time.Time{}, false
	}
	issued, ok := staffDate(c.IssuedOn)
	if !ok {
		return time.Time{}, false
	}
	return addMonthsClamped(issued, months), true
}

func addMonthsClamped(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, time.UTC)
}
