package web

import (
	"net/http"

	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
)

// materialUpload attaches a scan (multipart "type" and "file") to a draft
// or returned filing; a refused file is shown on the form.
func (wb *Web) materialUpload(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	a := httpx.Actor(r)
	typ, name, content, err := httpx.ReadUpload(w, r)
	if err == nil {
		_, err = wb.svc.UploadMaterial(r.Context(), a, id, typ, name, content)
	}
	if err == nil {
		redirect(w, r, "/filings/"+itoa64(id)+"/edit?msg=uploaded#materials")
		return
	}
	errs := fieldErrors(err)
	if domain.ErrorCode(err) == domain.CodeTooLarge {
		errs = map[string]string{"file": reasonFileSize}
	}
	if errs == nil {
		wb.WriteError(w, r, err)
		return
	}
	v, in, ok := wb.filingFor(w, r)
	if !ok {
		return
	}
	p := newPage(r, "filing.edit_title")
	p.Form = filingForm(v.Data)
	p.Form.Set("type", typ)
	p.Errors = errs
	p.Problem = "filing.upload_failed"
	wb.renderFilingForm(w, r, p, httpx.Status(err), in, &v, v.Data.LegalRepIDMasked)
}

// materialDelete removes a scan from a draft or returned filing.
func (wb *Web) materialDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	mid, err := pathID(r, "material")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	if err := wb.svc.DeleteMaterial(r.Context(), httpx.Actor(r), id, mid); err != nil {
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, "/filings/"+itoa64(id)+"/edit?msg=material_deleted#materials")
}
