package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
)

// The guardian's pages, phone first: their children with today's day,
// the day in detail, attendance history, consents, bills, and claiming an
// invitation code.
func (wb *Web) guardianRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/my/children", Permission: authz.OwnChildren, Summary: "A guardian's children with today's day and unpaid bills; claim an invitation code", Handler: wb.myChildren},
		{Method: "POST", Pattern: "/my/children/claim", Permission: authz.OwnChildren, Summary: "Link one's account to a child with an invitation code", Handler: wb.myClaim},
		{Method: "GET", Pattern: "/my/children/{id}", Permission: authz.OwnChildren, Summary: "The child's day: check-in, checks, meals, sleep, notes (published entries only)", Handler: wb.myChildDay},
		{Method: "GET", Pattern: "/my/children/{id}/attendance", Permission: authz.OwnChildren, Summary: "The child's attendance in a month", Handler: wb.myAttendance},
		{Method: "GET", Pattern: "/my/children/{id}/consents", Permission: authz.OwnChildren, Summary: "The child's consents: give or withdraw", Handler: wb.myConsents},
		{Method: "POST", Pattern: "/my/children/{id}/consents", Permission: authz.OwnChildren, Summary: "Give consent for one's own child", Handler: wb.myConsentGive},
		{Method: "POST", Pattern: "/my/consents/{id}/withdraw", Permission: authz.OwnChildren, Summary: "Withdraw a consent given for one's own child", Handler: wb.myConsentWithdraw},
		{Method: "GET", Pattern: "/my/bills", Permission: authz.OwnChildren, Summary: "Bills of one's own children", Handler: wb.myBills},
		{Method: "GET", Pattern: "/my/bills/{id}", Permission: authz.OwnChildren, Summary: "One bill of one's own child", Handler: wb.myBill},
		{Method: "POST", Pattern: "/my/notifications/{id}/read", Permission: authz.Authenticated, Summary: "Mark one of one's messages read", Handler: wb.myNotificationRead},
	}
}

// myChild is a child on the guardian's list, with today's day.
type myChild struct {
	Child  domain.Child
	Day    dayView
	Unpaid []domain.Bill
}

// checkView is a morning or midday check as the pages show it.
type checkView struct {
	domain.HealthCheck
	Temp string
}

func viewCheck(h *domain.HealthCheck) *checkView {
	if h == nil {
		return nil
	}
	v := &checkView{HealthCheck: *h}
	if h.Temperature != nil {
		v.Temp = strconv.FormatFloat(*h.Temperature, 'f', 1, 64)
	}
	return v
}

// dayView is a child's day with its times in China time.
type dayView struct {
	domain.ChildDay
	Status, In, Out  string
	Absent, Symptoms string
	PickedUpBy, Note string
	Morning, Midday  *checkView
}

func viewDay(d domain.ChildDay) dayView {
	v := dayView{ChildDay: d, Status: domain.AttendanceNotIn, Morning: viewCheck(d.MorningCheck), Midday: viewCheck(d.MiddayCheck)}
	if a := d.Attendance; a != nil {
		v.Status = a.StateOf()
		v.In, v.Out = opsTime(a.CheckIn), opsTime(a.CheckOut)
		v.Absent, v.Symptoms, v.PickedUpBy, v.Note = a.AbsentReason, a.Symptoms, a.PickedUpByName, a.Note
	}
	return v
}

type myChildrenData struct {
	Children      []myChild
	Notifications []domain.Notification
	Unread        int
	Today         string
}

// FieldOrder is the order of the page's fields, for the problem summary.
func (myChildrenData) FieldOrder() []string { return []string{"code"} }

// myChildrenToday lists a guardian's children with today's day and their
// unpaid bills (the home page shows it too).
func (wb *Web) myChildrenToday(ctx context.Context, a authz.Actor) (myChildrenData, error) {
	d := myChildrenData{Today: wb.opsToday()}
	children, _, err := wb.svc.OwnChildren(ctx, a, domain.Page{Page: 1, PerPage: 50})
	if err != nil {
		return d, err
	}
	unpaid, err := wb.unpaidBills(ctx, a)
	if err != nil {
		return d, err
	}
	for _, c := range children {
		mc := myChild{Child: c}
		if c.Enrolment != nil {
			day, err := wb.Daily.ChildDay(ctx, a, c.ID, "")
			if err != nil {
				return d, err
			}
			mc.Day = viewDay(day)
		}
		for _, b := range unpaid {
			if b.ChildID == c.ID {
				mc.Unpaid = append(mc.Unpaid, b)
			}
		}
		d.Children = append(d.Children, mc)
	}
	d.Notifications, _, d.Unread, err = wb.svc.Notifications(ctx, a, true, domain.Page{Page: 1, PerPage: 5})
	return d, err
}

// unpaidBills are the guardian's bills with something outstanding.
func (wb *Web) unpaidBills(ctx context.Context, a authz.Actor) ([]domain.Bill, error) {
	var out []domain.Bill
	for _, status := range []string{domain.BillIssued, domain.BillPartPaid} {
		bills, _, err := wb.svc.OwnBills(ctx, a, domain.BillFilter{Status: status}, domain.Page{Page: 1, PerPage: 100})
		if err != nil {
			return nil, err
		}
		for _, b := range bills {
			if b.OutstandingFen > 0 {
				out = append(out, b)
			}
		}
	}
	return out, nil
}

func (wb *Web) myChildren(w http.ResponseWriter, r *http.Request) {
	wb.renderMyChildren(w, r, newPage(r, "ops.my.title"), http.StatusOK)
}

func (wb *Web) renderMyChildren(w http.ResponseWriter, r *http.Request, p *Page, status int) {
	p.Active = "ops_my_children"
	d, err := wb.myChildrenToday(r.Context(), httpx.Actor(r))
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = d
	wb.render(w, r, status, "ops_my_children", p)
}

func (wb *Web) myClaim(w http.ResponseWriter, r *http.Request) {
	if !opsParse(w, r, wb) {
		return
	}
	c, err := wb.svc.ClaimInvitation(r.Context(), httpx.Actor(r), service.Claim{Code: r.PostForm.Get("code")})
	if err != nil {
		p := newPage(r, "ops.my.title")
		status, ok := opsRefused(p, err, nil)
		if !ok {
			wb.WriteError(w, r, err)
			return
		}
		p.Form = r.PostForm
		wb.renderMyChildren(w, r, p, status)
		return
	}
	redirect(w, r, "/my/children/"+itoa64(c.ID)+"?msg=claimed")
}

type myDayData struct {
	Child      domain.Child
	Day        dayView
	Prev, Next string
	IsToday    bool
}

// myChildDay is the child's day as the guardian sees it.
func (wb *Web) myChildDay(w http.ResponseWriter, r *http.Request) {
	a := httpx.Actor(r)
	id, err := pathID(r, "id")
	var c domain.Child
	if err == nil {
		c, err = wb.svc.OwnChild(r.Context(), a, id)
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	day, err := wb.Daily.ChildDay(r.Context(), a, c.ID, r.URL.Query().Get("date"))
	if domain.ErrorCode(err) == domain.CodeInvalid {
		redirect(w, r, "/my/children/"+itoa64(c.ID))
		return
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p := newPage(r, "daily.day")
	p.Heading = c.Name + " · " + day.Date
	p.Active = "ops_my_children"
	d := myDayData{Child: c, Day: viewDay(day), IsToday: day.Date == wb.opsToday()}
	if t, err := time.Parse(time.DateOnly, day.Date); err == nil {
		d.Prev = t.AddDate(0, 0, -1).Format(time.DateOnly)
		if !d.IsToday {
			d.Next = t.AddDate(0, 0, 1).Format(time.DateOnly)
		}
	}
	p.Data = d
	wb.render(w, r, http.StatusOK, "ops_my_day", p)
}

type myAttendanceData struct {
	Child      domain.Child
	Month      domain.AttendanceMonth
	Days       []attView
	Prev, Next string
}

// attView is a child's attendance on a day with its times in China time.
type attView struct {
	domain.Attendance
	State, In, Out string
}

func viewAttendance(a domain.Attendance) attView {
	return attView{Attendance: a, State: a.StateOf(), In: opsTime(a.CheckIn), Out: opsTime(a.CheckOut)}
}

func (wb *Web) myAttendance(w http.ResponseWriter, r *http.Request) {
	a := httpx.Actor(r)
	id, err := pathID(r, "id")
	var c domain.Child
	if err == nil {
		c, err = wb.svc.OwnChild(r.Context(), a, id)
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	m, err := wb.Daily.ChildAttendanceMonth(r.Context(), a, c.ID, r.URL.Query().Get("month"))
	if domain.ErrorCode(err) == domain.CodeInvalid {
		redirect(w, r, "/my/children/"+itoa64(c.ID)+"/attendance")
		return
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p := newPage(r, "ops.my.attendance_title")
	p.Heading = c.Name + " · " + m.Month
	p.Active = "ops_my_children"
	d := myAttendanceData{Child: c, Month: m}
	for _, day := range m.Days {
		d.Days = append(d.Days, viewAttendance(day))
	}
	if t, err := time.Parse("2006-01", m.Month); err == nil {
		d.Prev = t.AddDate(0, -1, 0).Format("2006-01")
		if next := t.AddDate(0, 1, 0); !next.After(wb.svc.Today()) {
			d.Next = next.Format("2006-01")
		}
	}
	p.Data = d
	wb.render(w, r, http.StatusOK, "ops_my_attendance", p)
}

type myConsentsData struct {
	Child    domain.Child
	Purposes []Option
}

// FieldOrder is the order of the page's fields, for the problem summary.
func (myConsentsData) FieldOrder() []string { return []string{"purpose"} }

func (wb *Web) myConsents(w http.ResponseWriter, r *http.Request) {
	wb.renderMyConsents(w, r, newPage(r, "ops.my.consents_title"), http.StatusOK)
}

func (wb *Web) renderMyConsents(w http.ResponseWriter, r *http.Request, p *Page, status int) {
	a := httpx.Actor(r)
	id, err := pathID(r, "id")
	var c domain.Child
	if err == nil {
		c, err = wb.svc.OwnChild(r.Context(), a, id)
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Heading = c.Name
	p.Active = "ops_my_children"
	p.Data = myConsentsData{Child: c, Purposes: opsOptions(p.Lang, "consent.", domain.ConsentPurposes)}
	wb.render(w, r, status, "ops_my_consents", p)
}

func (wb *Web) myConsentGive(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	if !opsParse(w, r, wb) {
		return
	}
	if _, err := wb.svc.GiveConsent(r.Context(), httpx.Actor(r), id, service.ConsentInput{Purpose: r.PostForm.Get("purpose")}); err != nil {
		p := newPage(r, "ops.my.consents_title")
		status, ok := opsRefused(p, err, nil)
		if !ok {
			wb.WriteError(w, r, err)
			return
		}
		p.Form = r.PostForm
		wb.renderMyConsents(w, r, p, status)
		return
	}
	redirect(w, r, "/my/children/"+itoa64(id)+"/consents?msg=consent_given")
}

func (wb *Web) myConsentWithdraw(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	var c domain.Consent
	if err == nil {
		c, err = wb.svc.WithdrawConsent(r.Context(), httpx.Actor(r), id)
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, "/my/children/"+itoa64(c.ChildID)+"/consents?msg=consent_withdrawn")
}

type myBillsData struct {
	Items    []domain.Bill
	Pager    Pager
	Statuses []Option
}

func (wb *Web) myBills(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "ops.my.bills_title")
	p.Active = "ops_my_bills"
	q := r.URL.Query()
	p.Form.Set("month", q.Get("month"))
	p.Form.Set("status", q.Get("status"))
	pg := pageOf(r, 20)
	status := http.StatusOK
	items, total, err := wb.svc.OwnBills(r.Context(), httpx.Actor(r), domain.BillFilter{Month: q.Get("month"), Status: q.Get("status")}, pg)
	if fe := fieldErrors(err); fe != nil {
		p.Errors, p.Problem, status = fe, "error.filter", http.StatusUnprocessableEntity
	} else if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = myBillsData{Items: items, Pager: newPager(r, pg, total), Statuses: opsOptions(p.Lang, "bill.status.", domain.BillStatuses)}
	wb.render(w, r, status, "ops_my_bills", p)
}

func (wb *Web) myBill(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	var b domain.Bill
	if err == nil {
		b, err = wb.svc.OwnBill(r.Context(), httpx.Actor(r), id)
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p := newPage(r, "ops.bill.title")
	p.Heading = b.ChildName + " · " + b.Month
	p.Active = "ops_my_bills"
	p.Data = billData{Bill: b, Own: true}
	wb.render(w, r, http.StatusOK, "ops_bill", p)
}

func (wb *Web) myNotificationRead(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = wb.svc.MarkNotificationRead(r.Context(), httpx.Actor(r), id)
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	back := localPath(r.FormValue("back"))
	redirect(w, r, back)
}
