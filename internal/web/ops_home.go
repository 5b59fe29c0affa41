package web

import (
	"net/http"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

func init() { homeHooks = append(homeHooks, opsHome) }

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

// opsHome adds each role's operations to the home page.
func opsHome(wb *Web, r *http.Request, a authz.Actor, d *homeData) error {
	ctx := r.Context()
	o := opsHomeData{Role: string(a.Role), InstitutionID: a.InstitutionID}
	var err error
	switch a.Role {
	case domain.RoleDirector:
		if o.Expiring, err = wb.svc.ExpiringCertificates(ctx, a, 30); err != nil {
			return err
		}
		fs, err := wb.svc.Compliance(ctx, a, a.InstitutionID)
		if err != nil {
			return err
		}
		for _, f := range fs {
			if f.Severity == "violation" {
				o.Violations++
			} else {
				o.Warnings++
			}
		}
		alerts, err := wb.svc.DailyAlerts(ctx, a, a.InstitutionID, "")
		if err != nil {
			return err
		}
		o.Alerts = &alerts
		if o.Live, err = wb.svc.LiveClasses(ctx, a, a.InstitutionID); err != nil {
			return err
		}
	case domain.RoleCaregiver:
		// The welcome card says classes and attendance are coming: they are here.
		d.Kind = "ops"
		live, err := wb.svc.LiveClasses(ctx, a, a.InstitutionID)
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
		alerts, err := wb.svc.DailyAlerts(ctx, a, a.InstitutionID, "")
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
	case domain.RoleCountyRegulator, domain.RoleCityRegulator:
		if o.Refused, o.RefusedTotal, err = wb.refusedList(ctx, a, domain.Page{Page: 1, PerPage: 5}); err != nil {
			return err
		}
	case domain.RoleGuardian:
		my, err := wb.myChildrenToday(ctx, a)
		if err != nil {
			return err
		}
		o.My = &my
	default:
		return nil
	}
	d.Ops = o
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
