package web

import (
	"net/http"
	"net/url"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
)

// The care log (一日生活记录) of a class: meals, sleep, nappies or toilet,
// mood and notes, for a child or the whole class; guardians see an entry
// once it is published.
func (wb *Web) careLogRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/classes/{id}/care-log", Permission: authz.DailyView, Summary: "A class's care log for a date (?date=), with the entry form", Handler: wb.careLogPage},
		{Method: "POST", Pattern: "/classes/{id}/care-log", Permission: authz.DailyRecord, Summary: "Add a care log entry for a child or the whole class (publish now or later)", Handler: wb.careLogCreate},
		{Method: "POST", Pattern: "/care-logs/{id}/publish", Permission: authz.DailyRecord, Summary: "Publish a care log entry to the guardians", Handler: wb.careLogPublish},
	}
}

// careFieldsOf are the detail inputs each kind of entry takes.
var careFieldsOf = map[string][]string{
	domain.CareMeal:   {"meal", "amount"},
	domain.CareSleep:  {"from", "to"},
	domain.CareToilet: {"type"},
	domain.CareMood:   {"mood"},
	domain.CareNote:   {"text"},
}

type careLogData struct {
	Class     domain.Class
	Date      string
	Entries   []domain.CareLog
	Children  []Option
	Kinds     []Option
	Meals     []Option
	Amounts   []Option
	Toilets   []Option
	Moods     []Option
	CanRecord bool
}

// FieldOrder is the order of the form's fields, for the problem summary.
func (careLogData) FieldOrder() []string {
	return []string{"child_id", "kind", "detail.meal", "detail.amount", "detail.from", "detail.to", "detail.type", "detail.mood", "detail.text", "detail.note", "date"}
}

func (wb *Web) careLogPage(w http.ResponseWriter, r *http.Request) {
	p, c, in, ok := wb.opsClass(w, r, "ops.carelog.title", "attendance")
	if !ok {
		return
	}
	date, _ := wb.gridDate(r.URL.Query().Get("date"))
	wb.noticeDay(p, r.URL.Query().Get("date"), date)
	p.Form.Set("publish", "on")
	p.Form.Set("kind", domain.CareMeal)
	wb.renderCareLog(w, r, p, http.StatusOK, c, in, date)
}

func (wb *Web) renderCareLog(w http.ResponseWriter, r *http.Request, p *Page, status int, c domain.Class, in domain.Institution, date time.Time) {
	a := httpx.Actor(r)
	ds := date.Format(time.DateOnly)
	entries, err := wb.Daily.CareLogs(r.Context(), a, in.ID, ds, c.ID)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	sheet, err := wb.Daily.AttendanceSheet(r.Context(), a, in.ID, ds, c.ID)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d := careLogData{Class: c, Date: ds, Entries: entries, CanRecord: authz.Has(a.Role, authz.DailyRecord) && !c.Archived,
		Kinds: opsOptions(p.Lang, "daily.care.", domain.CareKinds), Meals: opsOptions(p.Lang, "daily.meal.", domain.Meals),
		Amounts: opsOptions(p.Lang, "daily.amount.", domain.MealAmounts), Toilets: opsOptions(p.Lang, "daily.toilet.", domain.ToiletTypes),
		Moods: opsOptions(p.Lang, "daily.mood.", domain.Moods)}
	for _, it := range sheet.Items {
		d.Children = append(d.Children, Option{Value: itoa64(it.ChildID), Label: it.ChildName})
	}
	p.Heading = c.Name + " · " + ds
	p.Data = d
	wb.render(w, r, status, "ops_carelog", p)
}

// careLogInput reads the entry form; only the detail inputs of the chosen
// kind are taken (the others may still hold what was typed before the
// kind changed).
func careLogInput(v url.Values, classID int64, date string) domain.CareLogInput {
	in := domain.CareLogInput{Date: date, Kind: v.Get("kind"), Publish: checked(v, "publish")}
	if child := opsID(v, "child_id"); child > 0 {
		in.ChildID = child
	} else {
		in.ClassID = classID
	}
	get := func(f string) string { return v.Get("detail." + f) }
	for _, f := range careFieldsOf[in.Kind] {
		switch f {
		case "meal":
			in.Detail.Meal = get(f)
		case "amount":
			in.Detail.Amount = get(f)
		case "from":
			in.Detail.From = get(f)
		case "to":
			in.Detail.To = get(f)
		case "type":
			in.Detail.Type = get(f)
		case "mood":
			in.Detail.Mood = get(f)
		case "text":
			in.Detail.Text = get(f)
		}
	}
	in.Detail.Note = get("note")
	return in
}

func (wb *Web) careLogCreate(w http.ResponseWriter, r *http.Request) {
	p, c, in, ok := wb.opsClass(w, r, "ops.carelog.title", "attendance")
	if !ok || !opsParse(w, r, wb) {
		return
	}
	date, _ := wb.gridDate(r.PostForm.Get("date"))
	ds := date.Format(time.DateOnly)
	entry := careLogInput(r.PostForm, c.ID, ds)
	if _, err := wb.Daily.RecordCareLog(r.Context(), httpx.Actor(r), entry); err != nil {
		if status, ok := opsRefused(p, err, nil); ok {
			p.Form = r.PostForm
			wb.renderCareLog(w, r, p, status, c, in, date)
			return
		}
		wb.WriteError(w, r, err)
		return
	}
	msg := "care_saved"
	if entry.Publish {
		msg = "care_published"
	}
	redirect(w, r, "/classes/"+itoa64(c.ID)+"/care-log?date="+ds+"&msg="+msg)
}

func (wb *Web) careLogPublish(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	var l domain.CareLog
	if err == nil {
		l, err = wb.Daily.PublishCareLog(r.Context(), httpx.Actor(r), id)
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, "/classes/"+itoa64(l.ClassID)+"/care-log?date="+l.Date+"&msg=care_published")
}
