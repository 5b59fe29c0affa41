package api

import (
	"net/http"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
)

func (a *API) classRoutes() []httpx.Route {
	ok, created := http.StatusOK, http.StatusCreated
	return []httpx.Route{
		{Method: "GET", Pattern: "/api/v1/institutions/{id}/classes", Permission: authz.ClassView, Summary: "An institution's classes with their limits and children enrolled",
			Handler: a.handle(ok, a.listClasses), Query: []string{"page", "per_page"}, Response: List[domain.Class]{}},
		{Method: "POST", Pattern: "/api/v1/institutions/{id}/classes", Permission: authz.ClassEdit, Summary: "Create a class (type, capacity, caregivers); a class that breaks a rule is refused with the rule named",
			Handler: a.withBody(created, onIDWithBody(a.svc.CreateClass)), Request: service.ClassInput{}, Response: domain.Class{}},
		{Method: "GET", Pattern: "/api/v1/classes/{id}", Permission: authz.ClassView, Summary: "A class with the rules engine's findings on it today",
			Handler: a.handle(ok, onID(a.svc.Class)), Response: domain.Class{}},
		{Method: "PUT", Pattern: "/api/v1/classes/{id}", Permission: authz.ClassEdit, Summary: "Replace a class's name, type, capacity and caregivers (422 if a rule breaks, 409 below the children enrolled)",
			Handler: a.withBody(ok, onIDWithBody(a.svc.ReplaceClass)), Request: service.ClassInput{}, Response: domain.Class{}},
		{Method: "PATCH", Pattern: "/api/v1/classes/{id}", Permission: authz.ClassEdit, Summary: "Change some of a class's settings, or archive an empty class",
			Handler: a.withBody(ok, onIDWithBody(a.svc.UpdateClass)), Request: service.ClassPatch{}, Response: domain.Class{}},
	}
}

func (a *API) listClasses(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	p := page(r)
	items, total, err := a.svc.Classes(r.Context(), httpx.Actor(r), id, p)
	return list(items, total, p), err
}
