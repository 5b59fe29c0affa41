package web

import (
	"context"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/supervision"
)

// svHomeData is the supervision part of a regulator's home: registrations
// not filed by their deadline, rectification orders past theirs and
// complaints not answered in time.
type svHomeData struct {
	RegistrationsOverdue, OrdersOverdue, ComplaintsOverdue int
	// ClosuresProposed counts the closure proposals awaiting the county.
	ClosuresProposed int
	Registrations    []supervision.Registration
	Orders           []supervision.Order
	Complaints       []supervision.Complaint
	// OpenOrders are the orders a director still owes evidence on;
	// Announced the inspections announced and not completed; Forwarded the
	// complaints forwarded and not yet answered by the institution.
	OpenOrders []supervision.Order
	Announced  []supervision.Inspection
	Forwarded  []supervision.ForwardedComplaint
	// Escalations: for a reader above the counties, the orders escalated
	// to the city (EscalatedOrders of them) and the overdue complaints,
	// with their counties' names.
	Escalations     bool
	Escalated       []supervision.Order
	EscalatedOrders int
	Counties        map[string]string
}

// svHomeList is how many rows of each list the home page shows.
const svHomeList = 5

// supervisionHome fills the regulator's supervision section; each part
// only with its permission.
func (wb *Web) supervisionHome(ctx context.Context, a authz.Actor, d *homeData) error {
	s := &svHomeData{}
	pg := domain.Page{Page: 1, PerPage: svHomeList}
	var err error
	if a.Can(authz.RegistrationView) {
		if s.Registrations, s.RegistrationsOverdue, err = wb.Supervision.Registrations(ctx, a, supervision.RegistrationFilter{Overdue: true}, pg); err != nil {
			return err
		}
	}
	if a.Can(authz.OrderView) {
		if s.Orders, s.OrdersOverdue, err = wb.Supervision.Orders(ctx, a, supervision.OrderFilter{Overdue: true}, pg); err != nil {
			return err
		}
	}
	if a.Can(authz.ComplaintHandle) {
		if s.Complaints, s.ComplaintsOverdue, err = wb.Supervision.Complaints(ctx, a, supervision.ComplaintFilter{Overdue: true}, pg); err != nil {
			return err
		}
	}
	if base := wb.baseRegion(a); a.Can(authz.OrderView) && base != "" && !isCounty(base) {
		s.Escalations = true
		if s.Escalated, s.EscalatedOrders, err = wb.Supervision.Orders(ctx, a, supervision.OrderFilter{Escalated: true}, pg); err != nil {
			return err
		}
		names := wb.names(ctx)
		s.Counties = map[string]string{}
		for _, o := range s.Escalated {
			s.Counties[o.RegionCode] = names.Name(o.RegionCode)
		}
		for _, c := range s.Complaints {
			s.Counties[c.RegionCode] = names.Name(c.RegionCode)
		}
	}
	if a.Can(authz.ClosureDecide) {
		if _, s.ClosuresProposed, err = wb.Supervision.Closures(ctx, a, supervision.ClosureProposed, domain.Page{Page: 1, PerPage: 1}); err != nil {
			return err
		}
	}
	d.Supervision = s
	return nil
}

// supervisionDirectorHome lists the orders the director's institution owes
// evidence on, with their deadlines.
func (wb *Web) supervisionDirectorHome(ctx context.Context, a authz.Actor, d *homeData) error {
	if !a.Can(authz.OrderRespond) {
		return nil
	}
	s := &svHomeData{}
	for _, st := range []string{supervision.OrderReturned, supervision.OrderOpen} {
		list, _, err := wb.Supervision.Orders(ctx, a, supervision.OrderFilter{Status: st}, domain.Page{Page: 1, PerPage: svHomeList})
		if err != nil {
			return err
		}
		s.OpenOrders = append(s.OpenOrders, list...)
	}
	_, n, err := wb.Supervision.Orders(ctx, a, supervision.OrderFilter{Overdue: true}, domain.Page{Page: 1, PerPage: 1})
	if err != nil {
		return err
	}
	s.OrdersOverdue = n
	for _, st := range []string{supervision.StatusPlanned, supervision.StatusInProgress} {
		list, _, err := wb.Supervision.Inspections(ctx, a, supervision.InspectionFilter{Status: st}, domain.Page{Page: 1, PerPage: svHomeList})
		if err != nil {
			return err
		}
		s.Announced = append(s.Announced, list...)
	}
	if a.Can(authz.ComplaintForwarded) {
		all, err := wb.Supervision.ForwardedComplaints(ctx, a)
		if err != nil {
			return err
		}
		for _, c := range all {
			if c.InstitutionResponse == "" {
				s.Forwarded = append(s.Forwarded, c)
			}
		}
	}
	d.Supervision = s
	return nil
}
