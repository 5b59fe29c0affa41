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
		{Method: "POST", Pattern: "/classes/{id}/checks", Permission: authz.DailyRecord, Summary: "Record the checks of the whole class at once (all normal unless marked; one transaction)", Handler: wb.checkClass},
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
	// Allergies are the child's, shown on the card.
	Allergies string
	// Include: the class form records this child's check.
	Include bool
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
	// DefaultTemp is the temperature recorded for a child whose own is
	// left blank on the class form.
	DefaultTemp string
}

// defaultCheckTemperature prefills the class form's temperature for every
// child without one of their own (normal, below any fever threshold).
const defaultCheckTemperature = "36.5"

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
	sheet, err := wb.Daily.AttendanceSheet(r.Context(), a, in.ID, ds, c.ID)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	checks, err := wb.Daily.HealthChecks(r.Context(), a, in.ID, ds, kind)
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
	allergies, err := wb.classAllergies(r, in.ID, c.ID)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d.DefaultTemp = defaultCheckTemperature
	batch := p.Form.Get("batch") != ""
	if batch {
		d.DefaultTemp = p.Form.Get("default_temperature")
	}
	included := map[string]bool{}
	for _, id := range p.Form["include"] {
		included[id] = true
	}
	for _, it := range sheet.Items {
		row := checkRow{ChildID: it.ChildID, ChildName: it.ChildName, State: it.StateOf(), Check: viewCheck(byChild[it.ChildID]),
			Action: domain.ActionNone, Abnormal: map[string]bool{}, Errors: map[string]string{}, Allergies: allergies[it.ChildID]}
		row.Include = row.State != domain.AttendanceAbsent
		id := itoa64(it.ChildID)
		switch {
		case batch:
			row.Include = included[id]
			row.Temp, row.Action, row.Note = p.Form.Get("t."+id), p.Form.Get("act."+id), p.Form.Get("note."+id)
			for _, k := range p.Form["ab."+id] {
				row.Abnormal[k] = true
			}
			for k, reason := range p.Errors {
				if f, ok := strings.CutPrefix(k, id+"."); ok {
					row.Errors[f] = opsReason(p.Lang, reason)
				}
			}
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
	if _, err := wb.Daily.RecordHealthChecks(r.Context(), httpx.Actor(r), []domain.HealthCheckInput{h}); err != nil {
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

// classAllergies are the allergies of the class's children, by child.
func (wb *Web) classAllergies(r *http.Request, institutionID, classID int64) (map[int64]string, error) {
	kids, _, err := wb.svc.Children(r.Context(), httpx.Actor(r), institutionID, domain.ChildFilter{ClassID: classID}, domain.Page{PerPage: 200})
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(kids))
	for _, k := range kids {
		if a := strings.TrimSpace(k.Allergies); a != "" {
			out[k.ID] = a
		}
	}
	return out, nil
}

// checkClass records the checks of the whole class in one request and one
// transaction: every child ticked is recorded, normal unless an item is
// marked abnormal, at their own temperature or the form's default. Any
// refusal changes nothing and comes back at the child's row.
func (wb *Web) checkClass(w http.ResponseWriter, r *http.Request) {
	p, c, in, ok := wb.opsClass(w, r, "ops.checks.title", "attendance")
	if !ok || !opsParse(w, r, wb) {
		return
	}
	v := r.PostForm
	v.Set("batch", "1")
	p.Form = v
	date, _ := wb.gridDate(v.Get("date"))
	kind := checkKind(v.Get("kind"))
	errs := map[string]string{}
	var items []domain.HealthCheckInput
	var order []string
	def := strings.TrimSpace(v.Get("default_temperature"))
	sheet, err := wb.Daily.AttendanceSheet(r.Context(), httpx.Actor(r), in.ID, date.Format(time.DateOnly), c.ID)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	inClass := map[string]bool{}
	for _, it := range sheet.Items {
		inClass[itoa64(it.ChildID)] = true
	}
	for _, id := range v["include"] {
		childID, err := strconv.ParseInt(id, 10, 64)
		if err != nil || !inClass[id] {
			wb.WriteError(w, r, domain.NotFound("child"))
			return
		}
		h := domain.HealthCheckInput{ChildID: childID, Date: date.Format(time.DateOnly), Kind: kind, Action: v.Get("act." + id), Note: v.Get("note." + id),
			Findings: map[string]domain.CheckFinding{}}
		t := strings.TrimSpace(v.Get("t." + id))
		if t == "" {
			t = def
		}
		switch f, err := strconv.ParseFloat(strings.ReplaceAll(t, "，", "."), 64); {
		case t == "":
			errs[id+".temperature"] = domain.ReasonRequired
		case err != nil:
			errs[id+".temperature"] = reasonNotNumber
		default:
			h.Temperature = &f
		}
		abnormal := map[string]bool{}
		for _, k := range v["ab."+id] {
			abnormal[k] = true
		}
		for _, it := range domain.CheckItems {
			f := domain.CheckFinding{Status: domain.FindingNormal}
			if abnormal[it] {
				f.Status = domain.FindingAbnormal
			}
			h.Findings[it] = f
		}
		items = append(items, h)
		order = append(order, id)
	}
	if len(items) == 0 {
		p.Problem = "ops.checks.none_ticked"
		wb.renderChecks(w, r, p, http.StatusUnprocessableEntity, c, in, date, kind, 0)
		return
	}
	if len(errs) > 0 {
		p.Errors, p.Problem = errs, "ops.checks.fix_rows"
		wb.renderChecks(w, r, p, http.StatusUnprocessableEntity, c, in, date, kind, 0)
		return
	}
	if _, err := wb.Daily.RecordHealthChecks(r.Context(), httpx.Actor(r), items); err != nil {
		rename := map[string]string{}
		for i, id := range order {
			for _, f := range []string{"temperature", "action", "note", "date", "kind", "child_id"} {
				rename["["+itoa(i)+"]."+f] = id + "." + f
			}
			for _, it := range domain.CheckItems {
				rename["["+itoa(i)+"].findings."+it] = id + ".findings." + it
			}
		}
		if status, ok := opsRefused(p, err, rename); ok && domain.ErrorCode(err) != domain.CodeNotFound {
			p.Problem = "ops.checks.fix_rows"
			wb.renderChecks(w, r, p, status, c, in, date, kind, 0)
			return
		}
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, "/classes/"+itoa64(c.ID)+"/checks?date="+date.Format(time.DateOnly)+"&kind="+kind+"&msg=checks_saved")
}
