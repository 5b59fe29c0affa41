package api

import (
	"io"
	"net/http"
	"tuoyu/internal/account"

	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/service"
)

func (a *API) listInstitutions(r *http.Request) (any, error) {
	f, err := institutionFilter(r)
	if err != nil {
		return nil, err
	}
	p := page(r)
	items, total, err := a.svc.Institutions(r.Context(), httpx.Actor(r), f, p)
	return list(items, total, p), err
}

func (a *API) getInstitution(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return a.svc.Institution(r.Context(), httpx.Actor(r), id)
}

func (a *API) createInstitution(r *http.Request, w http.ResponseWriter) (any, error) {
	var req institutionRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	var d account.Director
	if req.Director != nil {
		d = *req.Director
	}
	reg, err := a.Account.RegisterInstitution(r.Context(), httpx.Actor(r), req.NewInstitution, d)
	return institutionResponse{Institution: reg.Institution, Director: reg.Director}, err
}

type registrationResponse struct {
	Institution domain.Institution `json:"institution"`
	User        domain.User        `json:"user"`
}

func (a *API) register(r *http.Request, w http.ResponseWriter) (any, error) {
	var req service.Registration
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	in, u, err := a.svc.Register(r.Context(), httpx.Actor(r), req)
	return registrationResponse{Institution: in, User: u}, err
}

func (a *API) exportInstitutions(w http.ResponseWriter, r *http.Request) {
	f, err := institutionFilter(r)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	lang := i18n.FromRequest(r)
	a.stream(w, r, xlsxType, "institutions.xlsx", func(out io.Writer) error {
		_, err := a.svc.ExportInstitutions(r.Context(), httpx.Actor(r), f, lang, func(v string) string { return i18n.T(lang, v) }, out)
		return err
	})
}

func (a *API) publicInstitutions(r *http.Request) (any, error) {
	f, err := institutionFilter(r)
	if err != nil {
		return nil, err
	}
	p := page(r)
	items, total, err := a.svc.PublicDirectory(r.Context(), f, p)
	return list(items, total, p), err
}

func (a *API) regions(r *http.Request) (any, error) {
	items, err := a.svc.Regions(r.Context(), r.URL.Query().Get("parent"))
	return map[string]any{"items": items}, err
}
