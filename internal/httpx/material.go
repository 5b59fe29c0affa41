package httpx

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"tuoyu/internal/domain"
	"tuoyu/internal/service"
)

// PathID reads a numeric path parameter; anything else is not found.
func PathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.NotFound("record")
	}
	return id, nil
}

// ReadUpload reads the "file" part of a multipart upload within the size
// limit, for the API and the pages.
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

// ServeMaterial sends a scan inline for preview, for the API and the pages.
func ServeMaterial(svc *service.Service, onErr func(http.ResponseWriter, *http.Request, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := PathID(r, "id")
		if err != nil {
			onErr(w, r, err)
			return
		}
		m, content, err := svc.MaterialContent(r.Context(), Actor(r), id)
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
		w.Header().Set("Content-Disposition", "inline; filename*=UTF-8''"+url.PathEscape(m.Filename))
		_, _ = w.Write(content)
	}
}

// SendUpload sends an uploaded photo or document inline, never cached,
// an image in a sandbox: inspection photos and order evidence, for the
// API and the pages.
func SendUpload(w http.ResponseWriter, contentType string, content []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(content)))
	w.Header().Set("Cache-Control", "private, no-store")
	csp := "default-src 'none'; img-src 'self'; object-src 'self'; frame-ancestors 'self'"
	if contentType != "application/pdf" {
		csp += "; sandbox"
	}
	w.Header().Set("Content-Security-Policy", csp)
	_, _ = w.Write(content)
}
