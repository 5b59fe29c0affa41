package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/billing"
	"tuoyu/internal/daily"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/service"
)

// The attendance grid of a class on a tablet: one tap per child checks in,
// then out (with who collected the child); absences with their reason;
// caregivers clock in and out and the live ratio shows green, amber or red.
// A mistaken tap is undone by the button beside the time it recorded. On a
// past day each tap carries a time input filled with the usual opening
// (check-in) or closing time (check-out). Every button is a form, so the
// grid works without JavaScript; ops.js sends the forms in the background
// and redraws the grid in place.
func (wb *Web) attendanceRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/institutions/{id}/attendance", Permission: authz.DailyView, Summary: "Today at an institution: classes with the live ratio, alerts", Handler: wb.attendanceOverview},
		{Method: "GET", Pattern: "/classes/{id}/attendance", Permission: authz.DailyView, Summary: "The attendance grid of a class for a date (?date=)", Handler: wb.attendanceGrid},
		{Method: "POST", Pattern: "/classes/{id}/attendance/{child}", Permission: authz.DailyRecord, Summary: "Check a child in or out (with who collected them), record an absence, or undo a check-in or check-out", Handler: wb.attendanceMark},
		{Method: "POST", Pattern: "/classes/{id}/clock-in", Permission: authz.DailyRecord, Summary: "A caregiver clocks in to the class", Handler: wb.clockIn},
		{Method: "POST", Pattern: "/classes/{id}/clock-out", Permission: authz.DailyRecord, Summary: "A caregiver clocks out of the class", Handler: wb.clockOut},
	}
}

type overviewData struct {
	Institution domain.Institution
	Live        []domain.ClassLive
	Alerts      domain.DailyAlerts
	ExportURL   string
	Today       string
}

// attendanceOverview shows an institution's classes now and today's alerts.
func (wb *Web) attendanceOverview(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "ops.attendance.title", "attendance")
	if !ok {
		return
	}
	a := httpx.Actor(r)
	live, err := wb.Daily.LiveClasses(r.Context(), a, in.ID)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	alerts, err := wb.Daily.DailyAlerts(r.Context(), a, in.ID, "")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	month := url.Values{"month": {billing.MonthOf(wb.svc.Today()).String()}}
	p.Data = overviewData{Institution: in, Live: live, Alerts: alerts, Today: wb.opsToday(),
		ExportURL: opsExport(p, httpx.AttendanceExport, in.ID, month)}
	wb.render(w, r, http.StatusOK, "ops_attendance", p)
}

// gridRow is a child on the grid.
type gridRow struct {
	attView
	// Error is the refusal of this child's last tap, translated.
	Error string
	// Pickup is the person preselected to collect the child.
	Pickup string
	// OutAt prefills the check-out time on a past day: the closing time,
	// unless the child came in at or after it.
	OutAt string
}

type gridData struct {
	Class       domain.Class
	Institution domain.Institution
	Date        string
	IsToday     bool
	Prev, Next  string
	Sheet       domain.AttendanceSheet
	Rows        []gridRow
	Live        *domain.ClassLive
	CanRecord   bool
	// CanClockOthers: the viewer clocks each caregiver in and out for them.
	CanClockOthers bool
	// Clocked is the clock-in time (HH:MM) of the class's caregivers
	// clocked in now.
	Clocked map[int64]string
	// The viewer's own clock: linked to a staff member, clocked in here
	// since OwnSince, or clocked in to another class (OwnElsewhere).
	OwnLinked    bool
	OwnSince     string
	OwnElsewhere int64
	Absences     []Option
	// Focus is the child whose row was just used.
	Focus int64
	// InAt prefills the check-in time on a past day.
	InAt string
}

// gridDate reads ?date= (or the form's date): "" is today; a bad date is today.
func (wb *Web) gridDate(s string) (time.Time, bool) {
	today := wb.svc.Today()
	d, reason := domain.ParseDayDate(strings.TrimSpace(s), today)
	if reason != "" {
		return today, true
	}
	return d, d.Equal(today)
}

// dayNotice says, in the reader's language, why the day shown is not the
// day asked for (a date to come or not a date shows today) or that the day
// shown is not a working day (a holiday, a weekend); "" when there is
// nothing to say.
func (wb *Web) dayNotice(lang, asked string, shown time.Time) string {
	asked = strings.TrimSpace(asked)
	today := wb.svc.Today()
	switch _, reason := domain.ParseDayDate(asked, today); reason {
	case domain.ReasonFuture:
		return i18n.T(lang, "ops.day.future", asked, today.Format(time.DateOnly))
	case domain.ReasonDate:
		return i18n.T(lang, "ops.day.bad_date", today.Format(time.DateOnly))
	}
	if wb.svc.Calendar.IsWorkday(shown) {
		return ""
	}
	ds := shown.Format(time.DateOnly)
	if e, ok := wb.svc.Calendar.Entry(shown); ok && e.OffDay && e.Name != "" {
		return i18n.T(lang, "ops.day.holiday", ds, e.Name)
	}
	return i18n.T(lang, "ops.day.weekend", ds)
}

// noticeDay adds the day's notice to the page's warnings.
func (wb *Web) noticeDay(p *Page, asked string, shown time.Time) {
	if n := wb.dayNotice(p.Lang, asked, shown); n != "" {
		p.Warnings = append(p.Warnings, n)
	}
}

func (wb *Web) attendanceGrid(w http.ResponseWriter, r *http.Request) {
	p, c, in, ok := wb.opsClass(w, r, "ops.grid.title", "attendance")
	if !ok {
		return
	}
	date, _ := wb.gridDate(r.URL.Query().Get("date"))
	wb.noticeDay(p, r.URL.Query().Get("date"), date)
	wb.renderGrid(w, r, p, http.StatusOK, c, in, date, nil, 0)
}

// renderGrid draws the grid; rowErrs are refusals by child.
func (wb *Web) renderGrid(w http.ResponseWriter, r *http.Request, p *Page, status int, c domain.Class, in domain.Institution, date time.Time, rowErrs map[int64]string, focus int64) {
	a := httpx.Actor(r)
	ds := date.Format(time.DateOnly)
	sheet, err := wb.Daily.AttendanceSheet(r.Context(), a, in.ID, ds, c.ID)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d := gridData{Class: c, Institution: in, Date: ds, IsToday: ds == wb.opsToday(), Sheet: sheet, Focus: focus,
		CanRecord: authz.Has(a.Role, authz.DailyRecord) && !c.Archived, CanClockOthers: authz.Has(a.Role, authz.DailyClockOthers), Clocked: map[int64]string{},
		Absences: opsOptions(p.Lang, "daily.absent.", domain.AbsentReasons),
		Prev:     date.AddDate(0, 0, -1).Format(time.DateOnly)}
	closing := ""
	if !d.IsToday {
		d.Next = date.AddDate(0, 0, 1).Format(time.DateOnly)
		settings, err := wb.Daily.DailySettings(r.Context())
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		d.InAt, closing = settings.OpeningTime, settings.ClosingTime
	}
	for _, it := range sheet.Items {
		row := gridRow{attView: viewAttendance(it), Error: rowErrs[it.ChildID], Pickup: it.PickedUpBy}
		if row.Pickup == "" && len(it.PickupOptions) == 1 {
			row.Pickup = it.PickupOptions[0].Key
		}
		if row.In < closing { // HH:MM strings compare as times
			row.OutAt = closing
		}
		d.Rows = append(d.Rows, row)
	}
	if d.IsToday {
		live, err := wb.opsLive(r, in.ID)
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		if l, ok := live[c.ID]; ok {
			d.Live = &l
		}
		if d.CanRecord {
			if err := wb.clockState(r, &d); err != nil {
				wb.WriteError(w, r, err)
				return
			}
		}
	}
	p.Heading = c.Name + " · " + ds
	p.Data = d
	wb.render(w, r, status, "ops_grid", p)
}

// clockState fills the grid's clock: who is clocked in since when, and the
// viewer's own state, so only the button that applies is shown.
func (wb *Web) clockState(r *http.Request, d *gridData) error {
	ids := make([]int64, len(d.Class.Caregivers))
	for i, s := range d.Class.Caregivers {
		ids[i] = s.ID
	}
	st, err := wb.Daily.ClassClockState(r.Context(), httpx.Actor(r), d.Class.ID, ids)
	if err != nil {
		return err
	}
	for id, at := range st.Since {
		d.Clocked[id] = chinaTime(at).Format("15:04")
	}
	d.OwnLinked = st.Own != 0
	if o := st.OwnOpen; o != nil {
		if o.ClassID == d.Class.ID {
			d.OwnSince = chinaTime(o.ClockIn).Format("15:04")
		} else {
			d.OwnElsewhere = o.ClassID
			d.OwnSince = chinaTime(o.ClockIn).Format("15:04")
		}
	}
	return nil
}

// gridURL is the grid of a date, back at a child's row.
func gridURL(classID int64, date string, childID int64, msg string) string {
	u := "/classes/" + itoa64(classID) + "/attendance?date=" + date
	if msg != "" {
		u += "&msg=" + msg
	}
	if childID != 0 {
		u += "#child-" + itoa64(childID)
	}
	return u
}

// attendanceMark records one tap on a child's row: in, out or absent.
func (wb *Web) attendanceMark(w http.ResponseWriter, r *http.Request) {
	p, c, in, ok := wb.opsClass(w, r, "ops.grid.title", "attendance")
	if !ok {
		return
	}
	childID, err := pathID(r, "child")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	if !opsParse(w, r, wb) {
		return
	}
	v := r.PostForm
	date, isToday := wb.gridDate(v.Get("date"))
	refuse := func(msg string) {
		wb.renderGrid(w, r, p, http.StatusUnprocessableEntity, c, in, date, map[int64]string{childID: msg}, childID)
	}
	// A day in the future (or not a day) is refused, not taken for today.
	if _, reason := domain.ParseDayDate(strings.TrimSpace(v.Get("date")), wb.svc.Today()); reason != "" {
		refuse(opsLabel(p.Lang, "date") + "：" + opsReason(p.Lang, reason))
		return
	}
	ds := date.Format(time.DateOnly)
	at := strings.TrimSpace(v.Get("time"))
	if at == "" && isToday {
		at = wb.svc.Now().In(service.China).Format(time.RFC3339)
	}
	item := domain.AttendanceItem{ChildID: childID, Date: ds}
	switch v.Get("action") {
	case "in":
		item.CheckIn = at
	case "out":
		item.CheckOut, item.PickedUpBy = at, v.Get("picked_up_by")
		if item.PickedUpBy == "" {
			refuse(i18n.T(p.Lang, "ops.grid.choose_pickup"))
			return
		}
	case "absent":
		item.AbsentReason, item.Symptoms, item.Note = v.Get("absent_reason"), v.Get("symptoms"), v.Get("note")
		if item.AbsentReason == "" {
			refuse(i18n.T(p.Lang, "ops.grid.choose_reason"))
			return
		}
	case "undo":
		item.Clear = []string{v.Get("clear")}
	default:
		wb.WriteError(w, r, domain.BadRequest("unknown action"))
		return
	}
	if (item.CheckIn == "" && v.Get("action") == "in") || (item.CheckOut == "" && v.Get("action") == "out") {
		refuse(i18n.T(p.Lang, "ops.grid.time_needed"))
		return
	}
	out, err := wb.Daily.RecordAttendance(r.Context(), httpx.Actor(r), []domain.AttendanceItem{item})
	if err != nil {
		if _, ok := opsRefused(p, err, nil); ok {
			wb.renderGrid(w, r, p, httpx.Status(err), c, in, date, nil, childID)
			return
		}
		wb.WriteError(w, r, err)
		return
	}
	if len(out.Results) == 1 && out.Results[0].Error != nil {
		e := out.Results[0].Error
		if e.Code == domain.CodeNotFound {
			wb.WriteError(w, r, domain.NotFound("child"))
			return
		}
		wb.renderGrid(w, r, p, http.StatusUnprocessableEntity, c, in, date, map[int64]string{childID: itemMessage(p.Lang, e)}, childID)
		return
	}
	redirect(w, r, gridURL(c.ID, ds, childID, ""))
}

// itemMessage translates a refused item of a batch: its fields' reasons.
func itemMessage(lang string, e *domain.BatchItemError) string {
	var parts []string
	for _, k := range sortedKeys(e.Fields) {
		parts = append(parts, opsLabel(lang, k)+"："+opsReason(lang, e.Fields[k]))
	}
	if len(parts) == 0 {
		return i18n.T(lang, "ops.conflict")
	}
	return strings.Join(parts, "；")
}

func (wb *Web) clockIn(w http.ResponseWriter, r *http.Request)  { wb.clock(w, r, true) }
func (wb *Web) clockOut(w http.ResponseWriter, r *http.Request) { wb.clock(w, r, false) }

// clock clocks a caregiver in or out of the class: oneself, or for a
// director the caregiver named by staff_id.
func (wb *Web) clock(w http.ResponseWriter, r *http.Request, in bool) {
	p, c, inst, ok := wb.opsClass(w, r, "ops.grid.title", "attendance")
	if !ok || !opsParse(w, r, wb) {
		return
	}
	req := daily.ClockRequest{StaffID: opsID(r.PostForm, "staff_id")}
	var err error
	if in {
		_, err = wb.Daily.ClockIn(r.Context(), httpx.Actor(r), c.ID, req)
	} else {
		_, err = wb.Daily.ClockOut(r.Context(), httpx.Actor(r), c.ID, req)
	}
	if err != nil {
		status := httpx.Status(err)
		switch domain.ErrorCode(err) {
		case domain.CodeForbidden:
			p.Problem = "ops.clock.not_assigned"
		case domain.CodeConflict:
			p.Problem = "ops.clock.conflict_in"
			if !in {
				p.Problem = "ops.clock.conflict_out"
			}
		default:
			if _, ok := opsRefused(p, err, nil); !ok {
				wb.WriteError(w, r, err)
				return
			}
		}
		wb.renderGrid(w, r, p, status, c, inst, wb.svc.Today(), nil, 0)
		return
	}
	msg := "clocked_in"
	if !in {
		msg = "clocked_out"
	}
	redirect(w, r, gridURL(c.ID, wb.opsToday(), 0, msg))
}
