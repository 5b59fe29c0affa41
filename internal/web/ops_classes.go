package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
)

func (wb *Web) classRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/institutions/{id}/classes", Permission: authz.ClassView, Summary: "An institution's classes with their limits, children and live ratio", Handler: wb.classList},
		{Method: "GET", Pattern: "/institutions/{id}/classes/new", Permission: authz.ClassEdit, Summary: "New class form", Handler: wb.classNewForm},
		{Method: "POST", Pattern: "/institutions/{id}/classes", Permission: authz.ClassEdit, Summary: "Create a class (type, capacity, caregivers)", Handler: wb.classCreate},
		{Method: "GET", Pattern: "/classes/{id}", Permission: authz.ClassView, Summary: "A class: limits, rules findings, caregivers and children", Handler: wb.classDetail},
		{Method: "GET", Pattern: "/classes/{id}/edit", Permission: authz.ClassEdit, Summary: "Edit a class and its caregivers", Handler: wb.classEditForm},
		{Method: "POST", Pattern: "/classes/{id}/edit", Permission: authz.ClassEdit, Summary: "Save a class and its caregivers", Handler: wb.classSave},
		{Method: "POST", Pattern: "/classes/{id}/archive", Permission: authz.ClassEdit, Summary: "Archive an empty class", Handler: wb.classArchive},
	}
}

type classListData struct {
	Institution domain.Institution
	Items       []domain.Class
	Pager       Pager
	// Live is each class's ratio now (viewers of daily records).
	Live map[int64]domain.ClassLive
}

// classList lists an institution's classes.
func (wb *Web) classList(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "ops.classes.title", "classes")
	if !ok {
		return
	}
	a := httpx.Actor(r)
	pg := pageOf(r, 50)
	items, total, err := wb.svc.Classes(r.Context(), a, in.ID, pg)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d := classListData{Institution: in, Items: items, Pager: newPager(r, pg, total)}
	if authz.Has(a.Role, authz.DailyView) {
		if d.Live, err = wb.opsLive(r, in.ID); err != nil {
			wb.WriteError(w, r, err)
			return
		}
	}
	p.Data = d
	wb.render(w, r, http.StatusOK, "ops_classes", p)
}

// opsLive is the live ratio of an institution's classes, by class.
func (wb *Web) opsLive(r *http.Request, institutionID int64) (map[int64]domain.ClassLive, error) {
	live, err := wb.Daily.LiveClasses(r.Context(), httpx.Actor(r), institutionID)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]domain.ClassLive, len(live))
	for _, l := range live {
		out[l.ClassID] = l
	}
	return out, nil
}

type classFormData struct {
	Institution domain.Institution
	Class       *domain.Class
	Types       []Option
	// Staff are the institution's current staff who may be assigned.
	Staff  []domain.Staff
	Action string
}

// FieldOrder is the order of the form's fields, for the problem summary.
func (classFormData) FieldOrder() []string {
	return []string{"class.name", "type", "capacity", "caregiver_ids", "class", "archived"}
}

func (wb *Web) classFormData(r *http.Request, p *Page, in domain.Institution) (classFormData, error) {
	d := classFormData{Institution: in, Types: opsOptions(p.Lang, "class_type.", domain.ClassTypes)}
	for page := 1; page <= 10; page++ {
		staff, total, err := wb.svc.InstitutionStaff(r.Context(), httpx.Actor(r), storeStaffFilter(in.ID, ""), domain.Page{Page: page, PerPage: 100})
		if err != nil {
			return d, err
		}
		d.Staff = append(d.Staff, staff...)
		if page*100 >= total {
			break
		}
	}
	return d, nil
}

func (wb *Web) classNewForm(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "ops.class.new_title", "classes")
	if !ok {
		return
	}
	wb.renderClassForm(w, r, p, http.StatusOK, in, nil)
}

func (wb *Web) renderClassForm(w http.ResponseWriter, r *http.Request, p *Page, status int, in domain.Institution, c *domain.Class) {
	d, err := wb.classFormData(r, p, in)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d.Class = c
	d.Action = "/institutions/" + itoa64(in.ID) + "/classes"
	if c != nil {
		d.Action = "/classes/" + itoa64(c.ID) + "/edit"
	}
	p.Data = d
	wb.render(w, r, status, "ops_class_form", p)
}

// classRename maps the service's field names to the class form's.
var classRename = map[string]string{"name": "class.name"}

// classInput reads the class form.
func classInput(v url.Values) (service.ClassInput, map[string]string) {
	errs := map[string]string{}
	in := service.ClassInput{Name: v.Get("class.name"), Type: v.Get("type"), Capacity: opsInt(v, "capacity", errs), CaregiverIDs: []int64{}}
	for _, s := range v["caregiver_ids"] {
		id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || id <= 0 {
			errs["caregiver_ids"] = reasonNotWhole
			continue
		}
		in.CaregiverIDs = append(in.CaregiverIDs, id)
	}
	return in, errs
}

func (wb *Web) classCreate(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "ops.class.new_title", "classes")
	if !ok || !opsParse(w, r, wb) {
		return
	}
	p.Form = r.PostForm
	input, errs := classInput(r.PostForm)
	if len(errs) > 0 {
		p.Errors = errs
		wb.renderClassForm(w, r, p, http.StatusUnprocessableEntity, in, nil)
		return
	}
	c, err := wb.svc.CreateClass(r.Context(), httpx.Actor(r), in.ID, input)
	if err != nil {
		if status, ok := opsRefused(p, err, classRename); ok {
			wb.renderClassForm(w, r, p, status, in, nil)
			return
		}
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, "/classes/"+itoa64(c.ID)+"?msg=class_saved")
}

// opsClass loads the class of the path's {id} and its institution, and
// starts its page.
func (wb *Web) opsClass(w http.ResponseWriter, r *http.Request, title, tab string) (*Page, domain.Class, domain.Institution, bool) {
	a := httpx.Actor(r)
	id, err := pathID(r, "id")
	var c domain.Class
	var in domain.Institution
	if err == nil {
		c, err = wb.svc.Class(r.Context(), a, id)
	}
	if err == nil {
		in, err = wb.svc.Institution(r.Context(), a, c.InstitutionID)
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return nil, c, in, false
	}
	p := newPage(r, title)
	p.Heading = c.Name + " · " + in.Name
	p.Active = opsActive(a, tab)
	p.Tabs = opsTabs(a, in.ID, tab)
	return p, c, in, true
}

type classDetailData struct {
	Institution domain.Institution
	Class       domain.Class
	Children    []domain.Child
	Pager       Pager
	Live        *domain.ClassLive
	Today       string
}

// classDetail shows a class with the rules' findings and its children.
func (wb *Web) classDetail(w http.ResponseWriter, r *http.Request) {
	p, c, in, ok := wb.opsClass(w, r, "ops.class.title", "classes")
	if !ok {
		return
	}
	a := httpx.Actor(r)
	d := classDetailData{Institution: in, Class: c, Today: wb.opsToday()}
	if authz.Has(a.Role, authz.ChildView) {
		pg := pageOf(r, 50)
		items, total, err := wb.svc.Children(r.Context(), a, in.ID, domain.ChildFilter{ClassID: c.ID}, pg)
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		d.Children, d.Pager = items, newPager(r, pg, total)
	}
	if authz.Has(a.Role, authz.DailyView) {
		live, err := wb.opsLive(r, in.ID)
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		if l, ok := live[c.ID]; ok {
			d.Live = &l
		}
	}
	p.Data = d
	wb.render(w, r, http.StatusOK, "ops_class", p)
}

func (wb *Web) classEditForm(w http.ResponseWriter, r *http.Request) {
	p, c, in, ok := wb.opsClass(w, r, "ops.class.edit_title", "classes")
	if !ok {
		return
	}
	p.Form.Set("class.name", c.Name)
	p.Form.Set("type", c.Type)
	p.Form.Set("capacity", itoa(c.Capacity))
	for _, s := range c.Caregivers {
		p.Form.Add("caregiver_ids", itoa64(s.ID))
	}
	wb.renderClassForm(w, r, p, http.StatusOK, in, &c)
}

func (wb *Web) classSave(w http.ResponseWriter, r *http.Request) {
	p, c, in, ok := wb.opsClass(w, r, "ops.class.edit_title", "classes")
	if !ok || !opsParse(w, r, wb) {
		return
	}
	p.Form = r.PostForm
	input, errs := classInput(r.PostForm)
	if len(errs) > 0 {
		p.Errors = errs
		wb.renderClassForm(w, r, p, http.StatusUnprocessableEntity, in, &c)
		return
	}
	if _, err := wb.svc.ReplaceClass(r.Context(), httpx.Actor(r), c.ID, input); err != nil {
		if status, ok := opsRefused(p, err, classRename); ok {
			wb.renderClassForm(w, r, p, status, in, &c)
			return
		}
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, "/classes/"+itoa64(c.ID)+"?msg=class_saved")
}

// classArchive archives a class without children.
func (wb *Web) classArchive(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	yes := true
	c, err := wb.svc.UpdateClass(r.Context(), httpx.Actor(r), id, service.ClassPatch{Archived: &yes})
	if err != nil {
		if domain.ErrorCode(err) == domain.CodeConflict {
			redirect(w, r, "/classes/"+itoa64(id)+"?msg=class_not_empty")
			return
		}
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, "/institutions/"+itoa64(c.InstitutionID)+"/classes?msg=class_archived")
}
