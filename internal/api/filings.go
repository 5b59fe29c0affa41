package api

import (
	"net/http"

	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
)

func (a *API) institutionFilings(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	p := page(r)
	items, total, err := a.svc.Filings(r.Context(), httpx.Actor(r), id, p)
	return list(items, total, p), err
}

func (a *API) createFiling(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	var d domain.FilingData
	if err := decode(w, r, &d); err != nil {
		return nil, err
	}
	return a.svc.CreateFiling(r.Context(), httpx.Actor(r), id, d)
}

func (a *API) updateFiling(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	var d domain.FilingData
	if err := decode(w, r, &d); err != nil {
		return nil, err
	}
	return a.svc.UpdateFiling(r.Context(), httpx.Actor(r), id, d)
}

func (a *API) worklist(r *http.Request) (any, error) {
	p := page(r)
	items, total, err := a.svc.FilingWorklist(r.Context(), httpx.Actor(r), r.URL.Query().Get("status"), p)
	return list(items, total, p), err
}

func (a *API) decideFiling(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	var d service.Decision
	if err := decode(w, r, &d); err != nil {
		return nil, err
	}
	return a.svc.DecideFiling(r.Context(), httpx.Actor(r), id, d)
}

type cancellationRequest struct {
	Reason string `json:"reason"`
}

func (a *API) requestCancellation(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	var req cancellationRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	return a.svc.RequestCancellation(r.Context(), httpx.Actor(r), id, req.Reason)
}

func (a *API) uploadMaterial(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	typ, name, content, err := httpx.ReadUpload(w, r)
	if err != nil {
		return nil, err
	}
	return a.svc.UploadMaterial(r.Context(), httpx.Actor(r), id, typ, name, content)
}

func (a *API) replaceMaterial(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	mid, err := pathID(r, "material")
	if err != nil {
		return nil, err
	}
	_, name, content, err := httpx.ReadUpload(w, r)
	if err != nil {
		return nil, err
	}
	return a.svc.ReplaceMaterial(r.Context(), httpx.Actor(r), id, mid, name, content)
}

func (a *API) deleteMaterial(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	mid, err := pathID(r, "material")
	if err != nil {
		return nil, err
	}
	return map[string]string{"status": "deleted"}, a.svc.DeleteMaterial(r.Context(), httpx.Actor(r), id, mid)
}
