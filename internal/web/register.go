package web

import (
	"net/http"
	"strings"

	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
)

// accountFields are the registration form's own inputs; every other
// problem the service reports is about the institution.
var accountFields = map[string]bool{"username": true, "display_name": true, "password": true, "password_confirm": true}

const registerPrefix = "institution."

// registerForm lets an operator register their institution and become its
// director.
func (wb *Web) registerForm(w http.ResponseWriter, r *http.Request) {
	if httpx.Actor(r).LoggedIn() {
		redirect(w, r, "/")
		return
	}
	wb.renderRegister(w, r, newPage(r, "register.title"), http.StatusOK)
}

func (wb *Web) renderRegister(w http.ResponseWriter, r *http.Request, p *Page, status int) {
	d, err := wb.institutionFormData(r, p, wb.DeploymentRegion, registerPrefix)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = d
	wb.render(w, r, status, "register", p)
}

// register creates the institution and the account, then logs in.
func (wb *Web) register(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		wb.WriteError(w, r, domain.BadRequest("malformed form"))
		return
	}
	f := r.PostForm
	pw, confirm := f.Get("password"), f.Get("password_confirm")
	p := newPage(r, "register.title")
	p.Form = cloneValues(f)
	// A refused form never sends the password back.
	p.Form.Del("password")
	p.Form.Del("password_confirm")
	n, errs := newInstitutionFromForm(f, registerPrefix)
	reg := service.Registration{Institution: n, Username: f.Get("username"), DisplayName: f.Get("display_name"), Password: pw}
	if confirm != pw {
		errs["password_confirm"] = reasonMismatch
	}
	if len(errs) > 0 {
		// The service's problems too, so the form shows all of them at once.
		more, err := wb.svc.CheckRegistration(r.Context(), reg)
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		p.Errors = mergeErrors(errs, registerErrors(more, n.CareTypes))
		wb.renderRegister(w, r, p, http.StatusUnprocessableEntity)
		return
	}
	a := httpx.Actor(r)
	_, u, err := wb.svc.Register(r.Context(), a, reg)
	if err != nil {
		fe := fieldErrors(err)
		if fe == nil {
			wb.WriteError(w, r, err)
			return
		}
		p.Errors = registerErrors(fe, n.CareTypes)
		wb.renderRegister(w, r, p, httpx.Status(err))
		return
	}
	res, err := wb.svc.Login(r.Context(), u.Username, pw, r.UserAgent(), httpx.ClientIP(r))
	if err != nil {
		redirect(w, r, "/login?msg=registered")
		return
	}
	wb.setSessionCookie(w, r, res.Token, res.ExpiresAt)
	redirect(w, r, "/?msg=registered")
}

// registerErrors places the service's problems at the registration form's
// inputs (the institution's under its prefix).
func registerErrors(fe map[string]string, offers []domain.CareOffer) map[string]string {
	placed := map[string]string{}
	for k, v := range fe {
		if !accountFields[k] && !strings.HasPrefix(k, registerPrefix) {
			k = registerPrefix + k
		}
		placed[k] = v
	}
	return institutionErrors(placed, registerPrefix, offers)
}
