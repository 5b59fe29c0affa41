package api

import (
	"net/http"
	"strconv"

	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

func (a *API) audit(r *http.Request) (any, error) {
	q := r.URL.Query()
	f := store.AuditFilter{Entity: q.Get("entity"), Action: q.Get("action")}
	if v := q.Get("id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, domain.Invalid("id", "not_number")
		}
		f.EntityID = id
	}
	p := page(r)
	items, total, err := a.svc.AuditEvents(r.Context(), httpx.Actor(r), f, p)
	return list(items, total, p), err
}

func (a *API) listUsers(r *http.Request) (any, error) {
	p := page(r)
	items, total, err := a.svc.Users(r.Context(), httpx.Actor(r), p)
	return list(items, total, p), err
}

func (a *API) createUser(r *http.Request, w http.ResponseWriter) (any, error) {
	var req service.NewUser
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	return a.svc.AddUser(r.Context(), httpx.Actor(r), req)
}

func (a *API) setDisabled(disabled bool) func(*http.Request) (any, error) {
	return func(r *http.Request) (any, error) {
		id, err := pathID(r, "id")
		if err != nil {
			return nil, err
		}
		return map[string]bool{"disabled": disabled}, a.svc.SetUserDisabled(r.Context(), httpx.Actor(r), id, disabled)
	}
}
