package api

import (
	"io"
	"net/http"

	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/service"
)

func (a *API) audit(r *http.Request) (any, error) {
	q := r.URL.Query()
	f, err := service.AuditQueryFrom(q.Get).Filter()
	if err != nil {
		return nil, err
	}
	p := page(r)
	items, total, err := a.svc.AuditEvents(r.Context(), httpx.Actor(r), f, p)
	return list(items, total, p), err
}

// exportAudit streams the audit events in scope that match the filter.
func (a *API) exportAudit(w http.ResponseWriter, r *http.Request) {
	f, err := service.AuditQueryFrom(r.URL.Query().Get).Filter()
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	lang := requestLang(r)
	action := func(ev domain.AuditEvent) string {
		if i18n.Has("action." + ev.Action) {
			return i18n.T(lang, "action."+ev.Action)
		}
		return ev.Action
	}
	// The detail is the event's record as stored (the evidence), the
	// reveal's masked number and reason in their own columns.
	detail := func(ev domain.AuditEvent) string { return string(ev.Detail) }
	a.stream(w, r, xlsxType, "audit.xlsx", func(out io.Writer) error {
		_, err := a.svc.ExportAudit(r.Context(), httpx.Actor(r), f, lang, action, detail, out)
		return err
	})
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
