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
	// Caregivers (and directors): the classes now.
	Live []domain.ClassLive
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
		if o.Live, err = wb.svc.LiveClasses(ctx, a, a.InstitutionID); err != nil {
			return err
		}
		alerts, err := wb.svc.DailyAlerts(ctx, a, a.InstitutionID, "")
		if err != nil {
			return err
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
