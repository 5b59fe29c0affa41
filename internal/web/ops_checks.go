package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
)

// Morning and midday checks (晨午检) of a class: temperature, the findings
// of 一摸二看三问四查, the action taken, and sending a child home.
func (wb *Web) checkRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/classes/{id}/checks", Permission: authz.DailyView, Summary: "Morning or midday checks of a class (?kind=&date=)", Handler: wb.checksPage},
		{Method: "POST", Pattern: "/classes/{id}/checks/{child}", Permission: authz.DailyRecord, Summary: "Record a child's morning or midday check", Handler: wb.checkRecord},
	}
}

// checkRow is a child of the class with the day's check of the kind and
// the values of the child's form: the refused input for the form just
// sent, else the check recorded (a recheck starts from it).
type checkRow struct {
	ChildID   int64
	ChildName string
	State     string
	Check     *checkView
	Temp      string
	Action    string
	Note      string
	Abnormal  map[string]bool
	// Errors are the refused form's problems by input, translated.
	Errors map[string]string
}

type checksData struct {
	Class     domain.Class
	Date      string
	Kind      string
	Kinds     []Option
	Rows      []checkRow
	Items     []Option
	Actions   []Option
	CanRecord bool
	// Open is the child whose form was refused.
	Open int64
}

// FieldOrder is the order of the form's fields, for the problem summary.
func (checksData) FieldOrder() []string {
	out := []string{"temperature"}
	for _, it := range domain.CheckItems {
		out = append(out, "findings."+it)
	}
	return append(out, "action", "note", "date", "kind")
}

func checkKind(s string) string {
	if s == domain.CheckMidday {
		return s
	}
	return domain.CheckMorning
}

func (wb *Web) checksPage(w http.ResponseWriter, r *http.Request) {
	p, c, in, ok := wb.opsClass(w, r, "ops.checks.title", "attendance")
	if !ok {
		return
	}
	q := r.URL.Query()
	date, _ := wb.gridDate(q.Get("date"))
	wb.noticeDay(p, q.Get("date"), date)
	wb.renderChecks(w, r, p, http.StatusOK, c, in, date, checkKind(q.Get("kind")), 0)
}

func (wb *Web) renderChecks(w http.ResponseWriter, r *http.Request, p *Page, status int, c domain.Class, in domain.Institution, date time.Time, kind string, open int64) {
	a := httpx.Actor(r)
	ds := date.Format(time.DateOnly)
	sheet, err := wb.svc.AttendanceSheet(r.Context(), a, in.ID, ds, c.ID)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	checks, err := wb.svc.HealthChecks(r.Context(), a, in.ID, ds, kind)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	byChild := map[int64]*domain.HealthCheck{}
	for i := range checks {
		byChild[checks[i].ChildID] = &checks[i]
	}
	d := checksData{Class: c, Date: ds, Kind: kind, Kinds: opsOptions(p.Lang, "daily.check.", domain.CheckKinds),
		Items: opsOptions(p.Lang, "daily.item.", domain.CheckItems), Actions: opsOptions(p.Lang, "daily.action.", domain.CheckActions),
		CanRecord: authz.Has(a.Role, authz.DailyRecord) && !c.Archived, Open: open}
	for _, it := range sheet.Items {
		row := checkRow{ChildID: it.ChildID, ChildName: it.ChildName, State: it.StateOf(), Check: viewCheck(byChild[it.ChildID]),
			Action: domain.ActionNone, Abnormal: map[string]bool{}, Errors: map[string]string{}}
		switch {
		case it.ChildID == open:
			row.Temp, row.Action, row.Note = p.Form.Get("temperature"), p.Form.Get("action"), p.Form.Get("note")
			for _, k := range p.Form["abnormal"] {
				row.Abnormal[k] = true
			}
			for k, reason := range p.Errors {
				row.Errors[k] = opsReason(p.Lang, reason)
			}
		case row.Check != nil:
			row.Temp, row.Action, row.Note = row.Check.Temp, row.Check.Action, row.Check.Note
			for _, k := range row.Check.Abnormal {
				row.Abnormal[k] = true
			}
		}
		d.Rows = append(d.Rows, row)
	}
	p.Heading = c.Name + " · " + ds
	p.Data = d
	wb.render(w, r, status, "ops_checks", p)
}

// checkURL is the checks page of a date and kind, back at a child's row.
func checkURL(classID int64, date, kind string, childID int64) string {
	return "/classes/" + itoa64(classID) + "/checks?date=" + date + "&kind=" + kind + "&msg=check_saved#child-" + itoa64(childID)
}

// checkRecord records one child's check. The form's inputs are named
// "temperature", "abnormal" (the items found abnormal), "action", "note";
// a refusal comes back at the child's form with the fields named.
func (wb *Web) checkRecord(w http.ResponseWriter, r *http.Request) {
	p, c, in, ok := wb.opsClass(w, r, "ops.checks.title", "attendance")
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
	date, _ := wb.gridDate(v.Get("date"))
	kind := checkKind(v.Get("kind"))
	h := domain.HealthCheckInput{ChildID: childID, Date: date.Format(time.DateOnly), Kind: kind, Action: v.Get("action"), Note: v.Get("note"),
		Findings: map[string]domain.CheckFinding{}}
	errs := map[string]string{}
	if t := strings.TrimSpace(v.Get("temperature")); t != "" {
		f, err := strconv.ParseFloat(strings.ReplaceAll(t, "，", "."), 64)
		if err != nil {
			errs["temperature"] = reasonNotNumber
		} else {
			h.Temperature = &f
		}
	}
	abnormal := map[string]bool{}
	for _, k := range v["abnormal"] {
		abnormal[k] = true
	}
	for _, it := range domain.CheckItems {
		f := domain.CheckFinding{Status: domain.FindingNormal}
		if abnormal[it] {
			f.Status = domain.FindingAbnormal
		}
		h.Findings[it] = f
	}
	p.Form = v
	if len(errs) > 0 {
		p.Errors = errs
		wb.renderChecks(w, r, p, http.StatusUnprocessableEntity, c, in, date, kind, childID)
		return
	}
	if _, err := wb.svc.RecordHealthChecks(r.Context(), httpx.Actor(r), []domain.HealthCheckInput{h}); err != nil {
		rename := map[string]string{}
		for _, f := range []string{"temperature", "action", "note", "date", "kind", "child_id"} {
			rename["[0]."+f] = f
		}
		for _, it := range domain.CheckItems {
			rename["[0].findings."+it] = "findings." + it
		}
		if status, ok := opsRefused(p, err, rename); ok && domain.ErrorCode(err) != domain.CodeNotFound {
			wb.renderChecks(w, r, p, status, c, in, date, kind, childID)
			return
		}
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, checkURL(c.ID, date.Format(time.DateOnly), kind, childID))
}
