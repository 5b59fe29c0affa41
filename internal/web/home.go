package web

import (
	"context"
	"net/http"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
)

// homeListSize is how many filings the home page lists before linking to
// the full worklist.
const homeListSize = 10

type statusCount struct {
	Status string
	Count  int
}

type countyRow struct {
	Code, Name string
	Counts     []int // in the order of domain.InstitutionStatuses
	Total      int
}

type homeData struct {
	// Kind picks the home page's body: county, city, director or welcome.
	Kind  string
	Today string

	// County and city regulators.
	Worklist       []domain.Filing
	Submitted      int
	Overdue        int
	OverdueFilings []domain.Filing
	StatusCounts   []statusCount
	Statuses       []string
	Counties       []countyRow
	Totals         []int
	GrandTotal     int
	Names          *regionNames

	// Directors.
	Institution   *domain.Institution
	Filing        *service.FilingView
	MissingFields []string

	// Ops is the operations part, drawn by the "ops_home" template.
	Ops *opsHomeData
	// Supervision is the regulators' supervision part ("sv_home").
	Supervision *svHomeData
	// Monthly is the institution monthly reports' part.
	Monthly *monthlyHome
}

// homeSection fills one part of a home page.
type homeSection func(wb *Web, ctx context.Context, a authz.Actor, d *homeData) error

// homePage is a role's home: its body (homeData.Kind) and its sections, in
// the order they are filled.
type homePage struct {
	kind     string
	sections []homeSection
}

// homes is each role's home page. Which page to show is chosen by role;
// what each section may read is still checked by the use cases.
var homes = map[domain.Role]homePage{
	domain.RoleCountyRegulator: {"county", []homeSection{(*Web).countyHome, (*Web).supervisionHome, (*Web).refusedHiresOps, (*Web).monthlyHomeSection}},
	domain.RoleCityRegulator:   {"city", []homeSection{(*Web).cityHome, (*Web).supervisionHome, (*Web).refusedHiresOps}},
	domain.RoleAdmin:           {"city", []homeSection{(*Web).cityHome}},
	domain.RolePartner:         {"welcome", []homeSection{(*Web).partnerHome, (*Web).supervisionHome}},
	domain.RoleDirector:        {"director", []homeSection{(*Web).directorHome, (*Web).supervisionDirectorHome, (*Web).directorOps, (*Web).monthlyHomeSection}},
	// The welcome card says classes and attendance are coming: for
	// caregivers they are here.
	domain.RoleCaregiver: {"ops", []homeSection{(*Web).caregiverOps}},
	domain.RoleGuardian:  {"welcome", []homeSection{(*Web).guardianOps}},
}

// home shows each role what needs attention today.
func (wb *Web) home(w http.ResponseWriter, r *http.Request) {
	a := httpx.Actor(r)
	ctx := r.Context()
	p := newPage(r, "home.title")
	p.Active = "home"
	d := homeData{Kind: "welcome", Today: wb.svc.Today().Format("2006-01-02"), Statuses: domain.InstitutionStatuses, Names: wb.names(ctx)}
	home, ok := homes[a.Role]
	if ok {
		d.Kind = home.kind
	}
	var err error
	for _, section := range home.sections {
		if err = section(wb, ctx, a, &d); err != nil {
			break
		}
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = d
	wb.render(w, r, http.StatusOK, "home", p)
}

func (wb *Web) countyHome(ctx context.Context, a authz.Actor, d *homeData) error {
	list, total, err := wb.svc.FilingWorklist(ctx, a, domain.FilingSubmitted, domain.Page{Page: 1, PerPage: homeListSize})
	if err != nil {
		return err
	}
	d.Worklist, d.Submitted = list, total
	if _, d.Overdue, err = wb.overdue(ctx, a); err != nil {
		return err
	}
	d.StatusCounts, err = wb.statusCounts(ctx, a)
	return err
}

func (wb *Web) cityHome(ctx context.Context, a authz.Actor, d *homeData) error {
	var err error
	if d.OverdueFilings, d.Overdue, err = wb.overdue(ctx, a); err != nil {
		return err
	}
	if _, d.Submitted, err = wb.svc.FilingWorklist(ctx, a, domain.FilingSubmitted, domain.Page{Page: 1, PerPage: 1}); err != nil {
		return err
	}
	base := a.RegionCode
	if base == "" {
		base = wb.DeploymentRegion
	}
	counties, err := wb.regionOptions(ctx, base)
	if err != nil {
		return err
	}
	byCounty, err := wb.svc.InstitutionCounts(ctx, a)
	if err != nil {
		return err
	}
	d.Totals = make([]int, len(domain.InstitutionStatuses))
	for _, c := range counties {
		row := countyRow{Code: c.Value, Name: c.Label}
		for i, status := range domain.InstitutionStatuses {
			n := byCounty[c.Value][status]
			row.Counts = append(row.Counts, n)
			row.Total += n
			d.Totals[i] += n
			d.GrandTotal += n
		}
		d.Counties = append(d.Counties, row)
	}
	return nil
}

func (wb *Web) partnerHome(ctx context.Context, a authz.Actor, d *homeData) error {
	var err error
	d.StatusCounts, err = wb.statusCounts(ctx, a)
	return err
}

func (wb *Web) directorHome(ctx context.Context, a authz.Actor, d *homeData) error {
	in, err := wb.svc.Institution(ctx, a, a.InstitutionID)
	if err != nil {
		return err
	}
	d.Institution = &in
	list, _, err := wb.svc.Filings(ctx, a, in.ID, domain.Page{Page: 1, PerPage: 1})
	if err != nil || len(list) == 0 {
		return err
	}
	v, err := wb.svc.FilingDetail(ctx, a, list[0].ID)
	if err != nil {
		return err
	}
	d.Filing = &v
	if (v.Status == domain.FilingDraft || v.Status == domain.FilingReturned) && v.Kind != domain.FilingCancel {
		d.MissingFields = missingFields(v.Data, wb.svc.Today())
	}
	return nil
}

// missingFields lists the fields that still block submission, in form order.
func missingFields(d domain.FilingData, today time.Time) []string {
	p := domain.Problems{}
	d.Validate(today, p)
	d.ReadyToSubmit(p)
	var out []string
	for _, g := range filingGroups {
		for _, f := range g.Fields {
			if p[f] != "" {
				out = append(out, f)
				delete(p, f)
			}
		}
	}
	return append(out, sortedKeys(p)...)
}

// statusCounts counts the institutions in scope per status, optionally in
// one division. It asks for one-row pages and reads their totals.
func (wb *Web) statusCounts(ctx context.Context, a authz.Actor) ([]statusCount, error) {
	byCounty, err := wb.svc.InstitutionCounts(ctx, a)
	if err != nil {
		return nil, err
	}
	out := make([]statusCount, 0, len(domain.InstitutionStatuses))
	for _, s := range domain.InstitutionStatuses {
		n := 0
		for _, counts := range byCounty {
			n += counts[s]
		}
		out = append(out, statusCount{Status: s, Count: n})
	}
	return out, nil
}

// overdue returns the first overdue filings and how many there are. The
// worklist of submitted filings comes by due date, so the overdue ones
// come first and the scan stops at the first filing still in time.
func (wb *Web) overdue(ctx context.Context, a authz.Actor) ([]domain.Filing, int, error) {
	var list []domain.Filing
	n := 0
	for page := 1; ; page++ {
		items, total, err := wb.svc.FilingWorklist(ctx, a, domain.FilingSubmitted, domain.Page{Page: page, PerPage: 200})
		if err != nil {
			return nil, 0, err
		}
		for _, f := range items {
			if !f.Overdue {
				return list, n, nil
			}
			n++
			if len(list) < homeListSize {
				list = append(list, f)
			}
		}
		if len(items) == 0 || page*200 >= total {
			return list, n, nil
		}
	}
}
