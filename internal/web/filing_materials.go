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
	wb.uploadRefused(w, r, err, typ)
}

// uploadRefused shows the form again with a refused file at its field.
func (wb *Web) uploadRefused(w http.ResponseWriter, r *http.Request, err error, typ string) {
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

// materialReplace uploads a scan in place of one of the filing's (a kept
// material of the filed version or one uploaded before).
func (wb *Web) materialReplace(w http.ResponseWriter, r *http.Request) {
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
	_, name, content, err := httpx.ReadUpload(w, r)
	if err == nil {
		_, err = wb.svc.ReplaceMaterial(r.Context(), httpx.Actor(r), id, mid, name, content)
	}
	if err == nil {
		redirect(w, r, "/filings/"+itoa64(id)+"/edit?msg=material_replaced#materials")
		return
	}
	wb.uploadRefused(w, r, err, "")
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
