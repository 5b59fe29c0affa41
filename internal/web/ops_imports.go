package web

import (
	"errors"
	"io"
	"net/http"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/importer"
	"tuoyu/internal/service"
)

// The director's roster import: children (with a guardian each) or staff
// from .xlsx or CSV, previewed first; every error by row and column.
func (wb *Web) importRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/institutions/{id}/imports", Permission: authz.ImportRun, Summary: "Roster import form with the templates", Handler: wb.importForm},
		{Method: "POST", Pattern: "/institutions/{id}/imports", Permission: authz.ImportRun, Summary: "Preview or import a roster (multipart: kind, dry_run, file); errors by row and column", Handler: wb.importRun},
	}
}

type importData struct {
	Institution domain.Institution
	Kinds       []Option
	Result      *service.ImportResult
}

// FieldOrder is the order of the form's fields, for the problem summary.
func (importData) FieldOrder() []string { return []string{"roster", "file"} }

func (wb *Web) importForm(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "ops.import.title", "children")
	if !ok {
		return
	}
	p.Form.Set("roster", "children")
	p.Form.Set("dry_run", "on")
	wb.renderImport(w, r, p, http.StatusOK, in, nil)
}

func (wb *Web) renderImport(w http.ResponseWriter, r *http.Request, p *Page, status int, in domain.Institution, res *service.ImportResult) {
	p.Data = importData{Institution: in, Result: res,
		Kinds: []Option{{Value: "children", Label: i18n.T(p.Lang, "ops.import.children")}, {Value: "staff", Label: i18n.T(p.Lang, "ops.import.staff")}}}
	wb.render(w, r, status, "ops_import", p)
}

func (wb *Web) importRun(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "ops.import.title", "children")
	if !ok {
		return
	}
	name, data, status, err := readImportFile(w, r, p)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	if status != 0 {
		wb.renderImport(w, r, p, status, in, nil)
		return
	}
	p.Form.Set("roster", r.FormValue("roster"))
	req := service.ImportRequest{Kind: r.FormValue("roster"), DryRun: checked(p.Form, "dry_run"), Lang: p.Lang}
	req.Filename, req.Data = name, data
	res, err := wb.svc.Import(r.Context(), httpx.Actor(r), in.ID, req)
	if domain.ErrorCode(err) == domain.CodeTooLarge {
		p.Errors = map[string]string{"file": "ops.import.too_large"}
		wb.renderImport(w, r, p, http.StatusRequestEntityTooLarge, in, nil)
		return
	}
	if err != nil {
		if status, ok := opsRefused(p, err, map[string]string{"kind": "roster"}); ok {
			// A file that cannot be read: the reason is about the file.
			if len(p.Errors) == 0 {
				p.Errors = map[string]string{"file": "ops.invalid"}
			}
			wb.renderImport(w, r, p, status, in, nil)
			return
		}
		wb.WriteError(w, r, err)
		return
	}
	status = http.StatusOK
	switch {
	case len(res.Errors) > 0:
		status = http.StatusUnprocessableEntity
	case !req.DryRun:
		p.Flash = "flash.imported"
	}
	wb.renderImport(w, r, p, status, in, &res)
}

// readImportFile reads the file of an import's multipart form and its
// "dry_run" box (into p.Form). A missing or oversized file is refused at
// its field: p.Errors is set and status is the page's status. err is a
// malformed form.
func readImportFile(w http.ResponseWriter, r *http.Request, p *Page) (filename string, data []byte, status int, err error) {
	limit := importer.DefaultLimits.MaxBytes
	r.Body = http.MaxBytesReader(w, r.Body, limit+1<<20)
	if err := r.ParseMultipartForm(limit + 1<<20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			p.Errors = map[string]string{"file": "ops.import.too_large"}
			return "", nil, http.StatusRequestEntityTooLarge, nil
		}
		return "", nil, 0, domain.BadRequest("malformed form")
	}
	defer r.MultipartForm.RemoveAll()
	if checked(r.MultipartForm.Value, "dry_run") {
		p.Form.Set("dry_run", "on")
	}
	file, header, err := r.FormFile("file")
	if err != nil {
		p.Errors = map[string]string{"file": domain.ReasonRequired}
		return "", nil, http.StatusUnprocessableEntity, nil
	}
	defer file.Close()
	data, err = io.ReadAll(io.LimitReader(file, limit+1))
	if err != nil {
		return "", nil, 0, domain.BadRequest("malformed form")
	}
	return header.Filename, data, 0, nil
}
