package api

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"

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

// ReadUpload reads the "file" part of a multipart upload within the size
// limit; it is shared with the web pages.
func ReadUpload(w http.ResponseWriter, r *http.Request) (materialType, filename string, content []byte, err error) {
	r.Body = http.MaxBytesReader(w, r.Body, service.MaxMaterialSize+64<<10)
	if err := r.ParseMultipartForm(service.MaxMaterialSize + 64<<10); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", "", nil, domain.TooLarge("the file is larger than 10 MiB")
		}
		return "", "", nil, domain.BadRequest("expected a multipart form with a file")
	}
	defer r.MultipartForm.RemoveAll()
	file, header, err := r.FormFile("file")
	if err != nil {
		return "", "", nil, domain.Invalid("file", domain.ReasonRequired)
	}
	defer file.Close()
	content, err = io.ReadAll(io.LimitReader(file, service.MaxMaterialSize+1))
	if err != nil {
		return "", "", nil, err
	}
	return r.FormValue("type"), header.Filename, content, nil
}

func (a *API) uploadMaterial(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	typ, name, content, err := ReadUpload(w, r)
	if err != nil {
		return nil, err
	}
	return a.svc.UploadMaterial(r.Context(), httpx.Actor(r), id, typ, name, content)
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

// ServeMaterial sends a scan inline for preview; shared with the web pages.
func ServeMaterial(svc *service.Service, onErr func(http.ResponseWriter, *http.Request, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "id")
		if err != nil {
			onErr(w, r, err)
			return
		}
		m, content, err := svc.MaterialContent(r.Context(), httpx.Actor(r), id)
		if err != nil {
			onErr(w, r, err)
			return
		}
		w.Header().Set("Content-Type", m.ContentType)
		w.Header().Set("Content-Length", strconv.Itoa(len(content)))
		w.Header().Set("Cache-Control", "private, no-store")
		// Images are sandboxed; Chromium's PDF viewer does not run inside a
		// sandboxed document, and the bytes were sniffed as a real PDF on upload.
		csp := "default-src 'none'; img-src 'self'; object-src 'self'; frame-ancestors 'self'"
		if m.ContentType != "application/pdf" {
			csp += "; sandbox"
		}
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("X-Frame-Options", "SAMEORIGIN")
		w.Header().Set("Content-Disposition", "inline; filename*=UTF-8''"+pathEscape(m.Filename))
		_, _ = w.Write(content)
	}
}

func pathEscape(s string) string { return url.PathEscape(s) }
