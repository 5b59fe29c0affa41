package web

import (
	"net/http"

	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
)

// langCookieAge keeps the chosen language for a year.
const langCookieAge = 365 * 24 * 3600

// switchLang sets the "lang" cookie that i18n.FromRequest reads and goes
// back to the page the reader came from (on this site only).
func (wb *Web) switchLang(w http.ResponseWriter, r *http.Request) {
	to, back := r.FormValue("to"), localPath(r.FormValue("back"))
	known := false
	for _, l := range i18n.Languages {
		known = known || l == to
	}
	if !known {
		to = i18n.Languages[0]
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: to, Path: "/", MaxAge: langCookieAge,
		HttpOnly: true, Secure: httpx.IsTLS(r), SameSite: http.SameSiteLaxMode})
	redirect(w, r, back)
}
