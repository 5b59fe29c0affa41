package web

import (
	"net/http"

	"tuoyu/internal/authz"
	"tuoyu/internal/httpx"
)

// supervisionTemplateRoutes: the checklists (current versions) and one
// version with its items, legal basis, points, veto and photo flags. New
// versions are made through the API for now.
func (wb *Web) supervisionTemplateRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/supervision/templates", Permission: authz.TemplateView, Summary: "Checklist templates, current versions", Handler: wb.svTemplates},
		{Method: "GET", Pattern: "/supervision/templates/{id}", Permission: authz.TemplateView, Summary: "One version of a checklist with its items", Handler: wb.svTemplatePage},
	}
}

func (wb *Web) svTemplates(w http.ResponseWriter, r *http.Request) {
	ts, err := wb.Supervision.Templates(r.Context(), httpx.Actor(r))
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p := newPage(r, "sv.templates.title")
	p.Active = "sv_inspections"
	p.Data = ts
	wb.render(w, r, http.StatusOK, "supervision_templates", p)
}

func (wb *Web) svTemplatePage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	t, err := wb.Supervision.Template(r.Context(), httpx.Actor(r), id)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p := newPage(r, "sv.templates.title")
	p.Active = "sv_inspections"
	p.Heading = t.NameZh
	if p.Lang == "en" {
		p.Heading = t.NameEn
	}
	p.Data = t
	wb.render(w, r, http.StatusOK, "supervision_template", p)
}
