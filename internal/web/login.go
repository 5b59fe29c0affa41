package web

import (
	"net/http"
	"net/url"
	"time"

	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
)

type loginData struct {
	Next string
}

func (wb *Web) loginForm(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.URL.Query().Get("next"))
	if httpx.Actor(r).LoggedIn() {
		redirect(w, r, next)
		return
	}
	p := newPage(r, "login.title")
	p.Data = loginData{Next: next}
	wb.render(w, r, http.StatusOK, "login", p)
}

// login checks the password and sets the session cookie. Wrong credentials
// (401) and a locked account (429) are shown on the form.
func (wb *Web) login(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		wb.WriteError(w, r, domain.BadRequest("malformed form"))
		return
	}
	username, next := r.PostForm.Get("username"), localPath(r.PostForm.Get("next"))
	res, err := wb.svc.Login(r.Context(), username, r.PostForm.Get("password"), r.UserAgent(), httpx.ClientIP(r))
	if err != nil {
		var problem string
		switch domain.ErrorCode(err) {
		case domain.CodeUnauthorized:
			problem = "login.wrong"
		case domain.CodeRateLimited:
			problem = "login.locked"
		default:
			wb.WriteError(w, r, err)
			return
		}
		p := newPage(r, "login.title")
		p.Form = url.Values{"username": {username}}
		p.Problem = problem
		p.Data = loginData{Next: next}
		wb.render(w, r, httpx.Status(err), "login", p)
		return
	}
	wb.setSessionCookie(w, r, res.Token, res.ExpiresAt)
	redirect(w, r, next)
}

// logout ends the session (when there is one) and clears the cookie; an
// already expired session still gets its cookie cleared.
func (wb *Web) logout(w http.ResponseWriter, r *http.Request) {
	if a := httpx.Actor(r); a.LoggedIn() {
		if err := wb.svc.Logout(r.Context(), a); err != nil {
			wb.WriteError(w, r, err)
			return
		}
	}
	clearSessionCookie(w, r)
	redirect(w, r, "/login?msg=logged_out")
}

// setSessionCookie sets the session cookie. Its lifetime is given as
// Max-Age, a duration, so it holds when the service's clock is fixed
// (TUOYU_NOW) and differs from the browser's.
func (wb *Web) setSessionCookie(w http.ResponseWriter, r *http.Request, token string, expires time.Time) {
	age := int(expires.Sub(wb.svc.Now()) / time.Second)
	if age < 1 {
		age = 1
	}
	http.SetCookie(w, &http.Cookie{Name: httpx.CookieName(r), Value: token, Path: "/", MaxAge: age,
		HttpOnly: true, Secure: httpx.IsTLS(r), SameSite: http.SameSiteLaxMode})
}

func clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: httpx.CookieName(r), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: httpx.IsTLS(r), SameSite: http.SameSiteLaxMode})
}
