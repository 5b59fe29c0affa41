package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/service"
)

type filingFormData struct {
	Institution domain.Institution
	// View is the filing being edited; nil on the form that starts one.
	View            *service.FilingView
	Action          string
	FilingKind      string
	Kinds           []Option
	Natures         []Option
	PremisesNatures []Option
	Townships       []Option
	MaterialTypes   []Option
	MaskedID        string
}

// filingNewForm starts a first filing, or a change filing once filed. An
// institution with a filing in progress goes to that filing instead.
func (wb *Web) filingNewForm(w http.ResponseWriter, r *http.Request) {
	in, ok := wb.institutionFor(w, r)
	if !ok {
		return
	}
	if f, open, err := wb.openFiling(r, in.ID); err != nil {
		wb.WriteError(w, r, err)
		return
	} else if open {
		redirect(w, r, filingURL(f))
		return
	}
	if domain.StatusEnded(in.Status) {
		wb.WriteError(w, r, domain.Conflict("the institution's filing is cancelled"))
		return
	}
	p := newPage(r, "filing.new_title")
	p.Form = institutionForm(in)
	masked := ""
	if last, ok, err := wb.lastFiled(r, in.ID); err != nil {
		wb.WriteError(w, r, err)
		return
	} else if ok {
		p.Form, masked = filingForm(last.Data), last.Data.LegalRepIDMasked
	}
	counts, err := wb.svc.FilingCounts(r.Context(), httpx.Actor(r), in.ID)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	for k, n := range counts.Live {
		p.Form.Set(k, strconv.Itoa(n))
	}
	wb.renderFilingForm(w, r, p, http.StatusOK, in, nil, masked)
}

// filingCreate saves the first draft and opens it for materials.
func (wb *Web) filingCreate(w http.ResponseWriter, r *http.Request) {
	in, ok := wb.institutionFor(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		wb.WriteError(w, r, domain.BadRequest("malformed form"))
		return
	}
	p := newPage(r, "filing.new_title")
	p.Form = r.PostForm
	d, errs := filingFromForm(r.PostForm)
	masked := ""
	if last, ok, err := wb.lastFiled(r, in.ID); err == nil && ok {
		masked = last.Data.LegalRepIDMasked
	}
	if len(errs) > 0 {
		p.Errors = placeErrors(mergeErrors(errs, localProblems(d, wb.svc.Today())), "", d.CareTypes)
		wb.renderFilingForm(w, r, p, http.StatusUnprocessableEntity, in, nil, masked)
		return
	}
	f, err := wb.svc.CreateFiling(r.Context(), httpx.Actor(r), in.ID, d)
	if err != nil {
		if fe := fieldErrors(err); fe != nil {
			p.Errors = placeErrors(fe, "", d.CareTypes)
			wb.renderFilingForm(w, r, p, httpx.Status(err), in, nil, masked)
			return
		}
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, "/filings/"+itoa64(f.ID)+"/edit?msg=draft_saved")
}

// filingEditForm shows a draft or returned filing's form with its
// materials; other filings are shown read-only on their own page.
func (wb *Web) filingEditForm(w http.ResponseWriter, r *http.Request) {
	v, in, ok := wb.filingFor(w, r)
	if !ok {
		return
	}
	if !editable(v.Filing) {
		redirect(w, r, "/filings/"+itoa64(v.ID))
		return
	}
	p := newPage(r, "filing.edit_title")
	p.Form = filingForm(v.Data)
	wb.renderFilingForm(w, r, p, http.StatusOK, in, &v, v.Data.LegalRepIDMasked)
}

// filingSave saves the form and, when the "submit" button was pressed,
// submits the filing for review.
func (wb *Web) filingSave(w http.ResponseWriter, r *http.Request) {
	v, in, ok := wb.filingFor(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		wb.WriteError(w, r, domain.BadRequest("malformed form"))
		return
	}
	p := newPage(r, "filing.edit_title")
	p.Form = r.PostForm
	d, errs := filingFromForm(r.PostForm)
	if len(errs) > 0 {
		p.Errors = placeErrors(mergeErrors(errs, localProblems(d, wb.svc.Today())), "", d.CareTypes)
		wb.renderFilingForm(w, r, p, http.StatusUnprocessableEntity, in, &v, v.Data.LegalRepIDMasked)
		return
	}
	a := httpx.Actor(r)
	if _, err := wb.svc.UpdateFiling(r.Context(), a, v.ID, d); err != nil {
		if fe := fieldErrors(err); fe != nil {
			p.Errors = placeErrors(fe, "", d.CareTypes)
			wb.renderFilingForm(w, r, p, httpx.Status(err), in, &v, v.Data.LegalRepIDMasked)
			return
		}
		wb.WriteError(w, r, err)
		return
	}
	if r.PostForm.Get("action") != "submit" {
		redirect(w, r, "/filings/"+itoa64(v.ID)+"/edit?msg=saved")
		return
	}
	wb.submitAndShow(w, r, v.ID, in, d.CareTypes)
}

// submitAndShow submits a filing; when something is missing the form is
// shown again with each problem at its field or material.
func (wb *Web) submitAndShow(w http.ResponseWriter, r *http.Request, id int64, in domain.Institution, offers []domain.CareOffer) {
	a := httpx.Actor(r)
	_, err := wb.svc.SubmitFiling(r.Context(), a, id)
	if err == nil {
		redirect(w, r, "/filings/"+itoa64(id)+"?msg=submitted")
		return
	}
	fe := fieldErrors(err)
	if fe == nil {
		wb.WriteError(w, r, err)
		return
	}
	v, err2 := wb.svc.FilingDetail(r.Context(), a, id)
	if err2 != nil {
		wb.WriteError(w, r, err2)
		return
	}
	p := newPage(r, "filing.edit_title")
	p.Form = filingForm(v.Data)
	if offers == nil {
		offers = v.Data.CareTypes
	}
	p.Errors = placeErrors(fe, "", offers)
	p.Problem = "filing.not_ready"
	wb.renderFilingForm(w, r, p, httpx.Status(err), in, &v, v.Data.LegalRepIDMasked)
}

// countNotes notes under each count field of the form what the records
// count now and what the last filing said, where the form says otherwise.
func countNotes(lang string, form url.Values, c service.FilingCounts) map[string]string {
	notes := map[string]string{}
	for k, live := range c.Live {
		var parts []string
		v := strings.TrimSpace(form.Get(k))
		if v != strconv.Itoa(live) {
			parts = append(parts, i18n.T(lang, "figures.note_live", live))
		}
		if filed, ok := c.LastFiled[k]; ok && v != strconv.Itoa(filed) {
			parts = append(parts, i18n.T(lang, "figures.note_filed", filed))
		}
		if parts != nil {
			notes[k] = strings.Join(parts, " · ")
		}
	}
	return notes
}

// localProblems checks the form as far as it can without the service, for
// a form that cannot be sent because some numbers are not numbers.
func localProblems(d domain.FilingData, today time.Time) map[string]string {
	p := domain.Problems{}
	d.Normalise()
	d.Validate(today, p)
	return p
}

func (wb *Web) renderFilingForm(w http.ResponseWriter, r *http.Request, p *Page, status int, in domain.Institution, v *service.FilingView, masked string) {
	ctx := r.Context()
	townships, err := wb.regionOptions(ctx, in.RegionCode)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d := filingFormData{Institution: in, View: v, Kinds: enumOptions(p.Lang, domain.Kinds), Natures: enumOptions(p.Lang, domain.Natures),
		PremisesNatures: enumOptions(p.Lang, domain.PremisesNatures), Townships: townships,
		MaterialTypes: enumOptions(p.Lang, domain.MaterialTypes), MaskedID: masked}
	p.Heading = in.Name
	p.Active = "filings"
	if v == nil || v.Kind != domain.FilingCancel {
		counts, err := wb.svc.FilingCounts(ctx, httpx.Actor(r), in.ID)
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		p.Notes = countNotes(p.Lang, p.Form, counts)
	}
	if v == nil {
		d.Action = "/institutions/" + itoa64(in.ID) + "/filings"
		d.FilingKind = domain.FilingInitial
		if in.Status == domain.StatusFiled {
			d.FilingKind = domain.FilingChange
		}
	} else {
		d.Action = "/filings/" + itoa64(v.ID) + "/edit"
		d.FilingKind = v.Kind
		for k, s := range v.ItemReasons {
			p.Review[k] = s
		}
		if v.Status == domain.FilingReturned && p.Problem == "" && len(p.Errors) == 0 {
			p.Problem = "filing.returned_note"
		}
	}
	p.Data = d
	wb.render(w, r, status, "filing_form", p)
}
