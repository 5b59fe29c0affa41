package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/importer"
	"tuoyu/internal/service"
)

func (a *API) importRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "POST", Pattern: "/api/v1/institutions/{id}/imports", Permission: authz.ImportRun,
			Summary: "Import a roster of children (with a guardian each) or staff from .xlsx or CSV (multipart field file, ≤ 5 MiB, ≤ 10,000 rows): " +
				"?kind=children|staff; ?dry_run=1 previews (200) every error by row and column; without it all rows are written in one transaction (201) " +
				"or, with any error, none (422 with the errors); ?lang=en for English messages",
			Handler: a.importRoster, Query: []string{"kind", "dry_run", "lang"}, Response: service.ImportResult{}},
		{Method: "GET", Pattern: "/api/v1/imports/templates/{file}", Permission: authz.ImportRun,
			Summary: "Roster template: children.xlsx, children.csv, staff.xlsx or staff.csv (the .xlsx has a 说明 sheet with each column's format and allowed values and the institution's classes)",
			Handler: a.importTemplate, Query: []string{"lang"}},
	}
}

// importResponse is an import's result; a refused import also carries the
// API's error object.
type importResponse struct {
	service.ImportResult
	Error *errorDetail `json:"error,omitempty"`
}

// requestLang is the language of messages: ?lang=, else the request's.
func requestLang(r *http.Request) string {
	switch r.URL.Query().Get("lang") {
	case "en":
		return "en"
	case "zh":
		return "zh"
	}
	return i18n.FromRequest(r)
}

func (a *API) importRoster(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	lang := requestLang(r)
	q := r.URL.Query()
	req := service.ImportRequest{Kind: q.Get("kind"), Lang: lang}
	switch q.Get("dry_run") {
	case "", "0", "false":
	case "1", "true":
		req.DryRun = true
	default:
		a.WriteError(w, r, domain.Invalid("dry_run", "not_boolean"))
		return
	}
	req.Filename, req.Data, err = readRoster(w, r, lang)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	res, err := a.svc.Import(r.Context(), httpx.Actor(r), id, req)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	switch {
	case req.DryRun:
		writeJSON(w, http.StatusOK, importResponse{ImportResult: res})
	case len(res.Errors) > 0:
		writeJSON(w, http.StatusUnprocessableEntity, importResponse{ImportResult: res, Error: &errorDetail{Code: domain.CodeInvalid,
			Message: i18n.T(lang, "import.refused", len(res.Errors))}})
	default:
		writeJSON(w, http.StatusCreated, importResponse{ImportResult: res})
	}
}

// readRoster reads the uploaded file of a multipart form (field "file")
// without keeping more than the size limit: the body is capped, the part
// streamed and refused past 5 MiB.
func readRoster(w http.ResponseWriter, r *http.Request, lang string) (string, []byte, error) {
	limit := importer.DefaultLimits.MaxBytes
	tooLarge := &domain.Error{Code: domain.CodeTooLarge, Message: i18n.T(lang, importer.ReasonFileTooLarge, limit>>20), Fields: map[string]string{"file": importer.ReasonFileTooLarge}}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "multipart/form-data" {
		return "", nil, domain.BadRequest("expected a multipart form with a file (field file)")
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, domain.BadRequest("expected a multipart form with a file (field file)")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return "", nil, domain.Invalid("file", domain.ReasonRequired)
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, tooLarge
		}
		if err != nil {
			return "", nil, domain.BadRequest("malformed multipart form")
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, limit+1))
		part.Close()
		if errors.As(err, &mbe) || int64(len(data)) > limit {
			return "", nil, tooLarge
		}
		if err != nil {
			return "", nil, domain.BadRequest("malformed multipart form")
		}
		return part.FileName(), data, nil
	}
}

func (a *API) importTemplate(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	kind, format, ok := strings.Cut(file, ".")
	if !ok {
		a.WriteError(w, r, domain.NotFound("template"))
		return
	}
	ct := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	if format == "csv" {
		ct = "text/csv; charset=utf-8"
	}
	out := &download{w: w, contentType: ct, filename: fmt.Sprintf("%s-template.%s", kind, format)}
	if err := a.svc.ImportTemplate(r.Context(), httpx.Actor(r), kind, format, requestLang(r), out); err != nil {
		if out.started {
			a.log.Error("template download failed", "path", r.URL.Path, "err", err)
			return
		}
		a.WriteError(w, r, err)
	}
}

// download sets a file's headers on its first write, so that an error
// before any byte is written can still be sent as the API's JSON error.
type download struct {
	w           http.ResponseWriter
	contentType string
	filename    string
	started     bool
}

func (d *download) Write(p []byte) (int, error) {
	if !d.started {
		d.started = true
		h := d.w.Header()
		h.Set("Content-Type", d.contentType)
		h.Set("Content-Disposition", `attachment; filename="`+d.filename+`"`)
		h.Set("Cache-Control", "private, no-store")
		d.w.WriteHeader(http.StatusOK)
	}
	return d.w.Write(p)
}
