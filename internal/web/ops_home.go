package web

import (
	"context"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// opsHomeData is what the operations add to the home page, by role.
type opsHomeData struct {
	Role string
	// Directors: certificates expiring within 30 days, findings, today's alerts.
	InstitutionID int64
	Expiring      []domain.ExpiringDocument
	Violations    int
	Warnings      int
	Alerts        *domain.DailyAlerts
	// Caregivers (and directors): the classes now. A caregiver sees their
	// own classes here and the others as links (Others); Unassigned says
	// their account is linked to no class, so every class is shown.
	Live       []domain.ClassLive
	Others     []domain.ClassLive
	Unassigned bool
	// Regulators: refused hires of banned persons.
	Refused      []refusedHire
	RefusedTotal int
	// Guardians: children with today's day and unpaid bills.
	My *myChildrenData
}

// opsOf is the operations part of the home page, made on first use.
func opsOf(a authz.Actor, d *homeData) *opsHomeData {
	if d.Ops == nil {
		d.Ops = &opsHomeData{Role: string(a.Role), InstitutionID: a.InstitutionID}
	}
	return d.Ops
}

// directorOps: certificates expiring within 30 days, compliance findings,
// today's alerts and the classes now.
func (wb *Web) directorOps(ctx context.Context, a authz.Actor, d *homeData) error {
	o := opsOf(a, d)
	var err error
	if o.Expiring, err = wb.svc.ExpiringCertificates(ctx, a, 30); err != nil {
		return err
	}
	// The counts of the findings, from the ranking of the director's scope
	// (their institution): kept between requests until a write changes
	// them, where the findings page evaluates the standard again.
	rank, _, err := wb.svc.ComplianceRanking(ctx, a, domain.InstitutionFilter{}, domain.Page{Page: 1, PerPage: 1})
	if err != nil {
		return err
	}
	for _, x := range rank {
		if x.InstitutionID == a.InstitutionID {
			o.Violations, o.Warnings = x.Violations, x.Warnings
		}
	}
	alerts, err := wb.Daily.DailyAlerts(ctx, a, a.InstitutionID, "")
	if err != nil {
		return err
	}
	o.Alerts = &alerts
	o.Live, err = wb.Daily.LiveClasses(ctx, a, a.InstitutionID)
	return err
}

// caregiverOps: the caregiver's own classes now (the others as links) and
// the alerts of their classes.
func (wb *Web) caregiverOps(ctx context.Context, a authz.Actor, d *homeData) error {
	o := opsOf(a, d)
	live, err := wb.Daily.LiveClasses(ctx, a, a.InstitutionID)
	if err != nil {
		return err
	}
	mine := map[int64]bool{}
	for _, c := range live {
		if c.Mine {
			mine[c.ClassID] = true
			o.Live = append(o.Live, c)
		} else {
			o.Others = append(o.Others, c)
		}
	}
	alerts, err := wb.Daily.DailyAlerts(ctx, a, a.InstitutionID, "")
	if err != nil {
		return err
	}
	if len(mine) == 0 {
		o.Live, o.Others, o.Unassigned = live, nil, len(live) > 0
	} else {
		alerts.NotCheckedIn = ofClasses(alerts.NotCheckedIn, mine)
		alerts.NotCollected = ofClasses(alerts.NotCollected, mine)
	}
	o.Alerts = &alerts
	return nil
}

// refusedHiresOps: the latest refused hires of banned persons.
func (wb *Web) refusedHiresOps(ctx context.Context, a authz.Actor, d *homeData) error {
	o := opsOf(a, d)
	var err error
	o.Refused, o.RefusedTotal, err = wb.refusedList(ctx, a, domain.Page{Page: 1, PerPage: 5})
	return err
}

// guardianOps: the guardian's children with today's day and unpaid bills.
func (wb *Web) guardianOps(ctx context.Context, a authz.Actor, d *homeData) error {
	my, err := wb.myChildrenToday(ctx, a)
	if err != nil {
		return err
	}
	opsOf(a, d).My = &my
	return nil
}

// ofClasses keeps the alerted children of the given classes.
func ofClasses(children []domain.AlertChild, classes map[int64]bool) []domain.AlertChild {
	out := []domain.AlertChild{}
	for _, c := range children {
		if classes[c.ClassID] {
			out = append(out, c)
		}
	}
	return out
}
