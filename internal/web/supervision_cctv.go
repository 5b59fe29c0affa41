package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
	"tuoyu/internal/supervision"
)

// supervisionCCTVRoutes: an institution's CCTV register (cameras, the
// areas they cover, retention), kept by the director and read by the
// regulators in scope.
func (wb *Web) supervisionCCTVRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/institutions/{id}/cctv", Permission: authz.CCTVView, Summary: "An institution's CCTV register with its gaps", Handler: wb.svCCTV},
		{Method: "POST", Pattern: "/institutions/{id}/cctv", Permission: authz.CCTVEdit, Summary: "Add a camera to the register", Handler: wb.svCameraSave},
		{Method: "POST", Pattern: "/institutions/{id}/cctv/{camera}", Permission: authz.CCTVEdit, Summary: "Update a camera of the register", Handler: wb.svCameraSave},
		{Method: "POST", Pattern: "/institutions/{id}/cctv/{camera}/remove", Permission: authz.CCTVEdit, Summary: "Remove a camera from the register", Handler: wb.svCameraRemove},
		{Method: "POST", Pattern: "/institutions/{id}/footage", Permission: authz.FootageRequest, Summary: "Ask the institution to preserve footage for a time range (incident or complaint)", Handler: wb.svFootageRequest},
		{Method: "POST", Pattern: "/institutions/{id}/footage/{request}/confirm", Permission: authz.FootageConfirm, Summary: "The institution confirms the footage is preserved", Handler: wb.svFootageConfirm},
	}
}

type svCCTVData struct {
	Institution domain.Institution
	Register    supervision.CCTVRegister
	Areas       []Option
	CanEdit     bool
	Footage     []supervision.FootageRequest
	CanRequest  bool
	CanConfirm  bool
}

// FieldOrder is the order of the form's fields, for the problem summary.
func (svCCTVData) FieldOrder() []string {
	return []string{"location", "area", "covers_children", "covers_kitchen", "retention_days", "last_checked_on", "working", "note"}
}

func (wb *Web) svCCTV(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "cases.cctv.title", "overview")
	if !ok {
		return
	}
	p.Form.Set("working", "on")
	wb.renderCCTV(w, r, p, in, http.StatusOK)
}

func (wb *Web) renderCCTV(w http.ResponseWriter, r *http.Request, p *Page, in domain.Institution, status int) {
	a := httpx.Actor(r)
	reg, err := wb.Supervision.Register(r.Context(), a, in.ID)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	if p.Form.Get("retention_days") == "" {
		p.Form.Set("retention_days", itoa(reg.RequiredRetention))
	}
	footage, err := wb.Supervision.FootageRequests(r.Context(), a, in.ID)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = svCCTVData{Institution: in, Register: reg, Areas: svOptions(p.Lang, "cctv.area.", supervision.CameraAreas), CanEdit: a.Can(authz.CCTVEdit),
		Footage: footage, CanRequest: a.Can(authz.FootageRequest), CanConfirm: a.Can(authz.FootageConfirm)}
	wb.render(w, r, status, "supervision_cctv", p)
}

func svCameraInput(v url.Values, errs map[string]string) supervision.CameraInput {
	return supervision.CameraInput{Location: v.Get("location"), Area: v.Get("area"), CoversChildren: checked(v, "covers_children"), CoversKitchen: checked(v, "covers_kitchen"),
		RetentionDays: svInt(v, "retention_days", errs), LastCheckedOn: strings.TrimSpace(v.Get("last_checked_on")), Working: checked(v, "working"), Note: v.Get("note")}
}

func (wb *Web) svCameraSave(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "cases.cctv.title", "overview")
	if !ok || !opsParse(w, r, wb) {
		return
	}
	var cam int64
	if r.PathValue("camera") != "" {
		var err error
		if cam, err = pathID(r, "camera"); err != nil {
			wb.WriteError(w, r, err)
			return
		}
	}
	errs := map[string]string{}
	input := svCameraInput(r.PostForm, errs)
	var err error
	if len(errs) > 0 {
		err = &domain.Error{Code: domain.CodeInvalid, Validation: true, Message: "invalid camera", Fields: errs}
	} else {
		_, err = wb.Supervision.SaveCamera(r.Context(), httpx.Actor(r), in.ID, cam, input)
	}
	if err != nil {
		p.Form = r.PostForm
		status, ok := opsRefused(p, err, nil)
		if !ok {
			wb.WriteError(w, r, err)
			return
		}
		wb.renderCCTV(w, r, p, in, status)
		return
	}
	redirect(w, r, "/institutions/"+itoa64(in.ID)+"/cctv?msg=sv_camera_saved")
}

func (wb *Web) svCameraRemove(w http.ResponseWriter, r *http.Request) {
	_, in, ok := wb.opsInstitutionPage(w, r, "cases.cctv.title", "overview")
	if !ok || !opsParse(w, r, wb) {
		return
	}
	cam, err := pathID(r, "camera")
	if err == nil {
		err = wb.Supervision.RemoveCamera(r.Context(), httpx.Actor(r), in.ID, cam)
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, "/institutions/"+itoa64(in.ID)+"/cctv?msg=sv_camera_removed")
}

// svDateTime reads a datetime-local input as China time.
func svDateTime(v url.Values, name string, errs map[string]string) time.Time {
	t, err := time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(v.Get(name)), service.China)
	if err != nil {
		errs[name] = "bad_datetime"
	}
	return t
}

func (wb *Web) svFootageRequest(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "cases.cctv.title", "overview")
	if !ok || !opsParse(w, r, wb) {
		return
	}
	v := r.PostForm
	errs := map[string]string{}
	n := supervision.NewFootageRequest{InstitutionID: in.ID, Incident: v.Get("incident"), Reason: v.Get("reason"),
		From: svDateTime(v, "from", errs), To: svDateTime(v, "to", errs)}
	var err error
	if len(errs) > 0 {
		err = &domain.Error{Code: domain.CodeInvalid, Validation: true, Message: "invalid request", Fields: errs}
	} else {
		_, err = wb.Supervision.RequestFootage(r.Context(), httpx.Actor(r), n)
	}
	if err != nil {
		p.Form = v
		status, ok := opsRefused(p, err, nil)
		if !ok {
			wb.WriteError(w, r, err)
			return
		}
		wb.renderCCTV(w, r, p, in, status)
		return
	}
	redirect(w, r, "/institutions/"+itoa64(in.ID)+"/cctv?msg=sv_footage_requested")
}

func (wb *Web) svFootageConfirm(w http.ResponseWriter, r *http.Request) {
	_, in, ok := wb.opsInstitutionPage(w, r, "cases.cctv.title", "overview")
	if !ok || !opsParse(w, r, wb) {
		return
	}
	id, err := pathID(r, "request")
	if err == nil {
		_, err = wb.Supervision.ConfirmFootage(r.Context(), httpx.Actor(r), id, r.PostForm.Get("confirm_note"))
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, "/institutions/"+itoa64(in.ID)+"/cctv?msg=sv_footage_confirmed")
}
