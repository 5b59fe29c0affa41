package api

import (
	"net/http"

	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
)

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type loginResponse struct {
	Token     string      `json:"token"`
	ExpiresAt string      `json:"expires_at"`
	User      domain.User `json:"user"`
}

func (a *API) login(r *http.Request, w http.ResponseWriter) (any, error) {
	var req loginRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	res, err := a.svc.Login(r.Context(), req.Username, req.Password, r.UserAgent(), httpx.ClientIP(r))
	if err != nil {
		return nil, err
	}
	return loginResponse{Token: res.Token, ExpiresAt: res.ExpiresAt.Format("2006-01-02T15:04:05Z07:00"), User: res.User}, nil
}

func (a *API) logout(r *http.Request) (any, error) {
	return map[string]string{"status": "ok"}, a.svc.Logout(r.Context(), httpx.Actor(r))
}

func (a *API) me(r *http.Request) (any, error) {
	return a.svc.Me(r.Context(), httpx.Actor(r))
}

func (a *API) sessions(r *http.Request) (any, error) {
	list, err := a.svc.Sessions(r.Context(), httpx.Actor(r))
	if list == nil {
		list = []domain.Session{}
	}
	return map[string]any{"items": list}, err
}

func (a *API) endSession(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return map[string]string{"status": "ended"}, a.svc.EndSession(r.Context(), httpx.Actor(r), id)
}

type tokenRequest struct {
	Name string `json:"name"`
}

func (a *API) createToken(r *http.Request, w http.ResponseWriter) (any, error) {
	var req tokenRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	return a.svc.CreateAPIToken(r.Context(), httpx.Actor(r), req.Name)
}
