package web

import (
	"net/http"

	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
)

type sessionsData struct {
	Items []domain.Session
}

// sessionList shows the reader's own live sessions and API tokens.
func (wb *Web) sessionList(w http.ResponseWriter, r *http.Request) {
	list, err := wb.svc.Sessions(r.Context(), httpx.Actor(r))
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p := newPage(r, "sessions.title")
	p.Data = sessionsData{Items: list}
	wb.render(w, r, http.StatusOK, "sessions", p)
}

// sessionEnd ends one of the reader's own sessions; ending the current one
// logs out.
func (wb *Web) sessionEnd(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	a := httpx.Actor(r)
	if err := wb.svc.EndSession(r.Context(), a, id); err != nil {
		wb.WriteError(w, r, err)
		return
	}
	if id == a.SessionID {
		clearSessionCookie(w, r)
		redirect(w, r, "/login?msg=logged_out")
		return
	}
	redirect(w, r, "/me/sessions?msg=session_ended")
}
