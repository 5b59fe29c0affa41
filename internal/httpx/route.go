// Package httpx holds what the JSON API and the web pages share: the route
// type, authentication, the permission check, security headers, serving
// uploaded materials and the exports both link to.
package httpx

import (
	"context"
	"net"
	"net/http"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
)

// Route is one row of the route table: a method and path pattern, the
// permission it needs, and its handler. The table is data: tests walk it.
type Route struct {
	Method     string
	Pattern    string
	Permission authz.Permission
	Summary    string
	Handler    http.HandlerFunc
	// Doc describes the JSON request and response for the OpenAPI document.
	Request  any
	Response any
	Query    []string
	// PasswordChange marks the routes an account that must change its
	// password may still use (the change form itself); the guard refuses
	// every other non-public route to it.
	PasswordChange bool
}

type ctxKey int

const actorKey ctxKey = 1

// Actor returns the actor of a request.
func Actor(r *http.Request) authz.Actor {
	a, _ := r.Context().Value(actorKey).(authz.Actor)
	return a
}

// CookieName is the session cookie: __Host- prefixed behind TLS.
func CookieName(r *http.Request) string {
	if IsTLS(r) {
		return "__Host-tuoyu_session"
	}
	return "tuoyu_session"
}

// IsTLS reports whether the request came over TLS (directly or through a
// proxy that says so).
func IsTLS(r *http.Request) bool {
	return r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https"
}

// Token returns the bearer token or session cookie of a request.
func Token(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		if t, ok := strings.CutPrefix(h, "Bearer "); ok {
			return strings.TrimSpace(t)
		}
		return ""
	}
	if c, err := r.Cookie(CookieName(r)); err == nil {
		return c.Value
	}
	return ""
}

// ClientIP is the remote address without the port.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Guard authenticates the request and checks the route's permission before
// the handler runs. onErr renders a refusal (JSON or HTML).
func Guard(svc *service.Service, rt Route, onErr func(http.ResponseWriter, *http.Request, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip := ClientIP(r)
		actor := authz.Anonymous(ip)
		if tok := Token(r); tok != "" {
			a, err := svc.Authenticate(r.Context(), tok, ip)
			if err != nil && domain.ErrorCode(err) != domain.CodeUnauthorized {
				onErr(w, r, err)
				return
			}
			if err == nil {
				actor = a
			}
		}
		if err := actor.Require(rt.Permission); err != nil {
			onErr(w, r, err)
			return
		}
		if actor.MustChangePassword && rt.Permission != authz.Public && !rt.PasswordChange {
			onErr(w, r, domain.PasswordChangeRequired())
			return
		}
		rt.Handler(w, r.WithContext(context.WithValue(r.Context(), actorKey, actor)))
	})
}

// SecurityHeaders sets the headers every response carries.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; object-src 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		if IsTLS(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// Status maps an error code to its HTTP status.
func Status(err error) int {
	e := Public(err)
	switch e.Code {
	case domain.CodeInvalid:
		if e.Validation {
			return http.StatusUnprocessableEntity
		}
		return http.StatusBadRequest
	case domain.CodeUnauthorized:
		return http.StatusUnauthorized
	case domain.CodeForbidden, domain.CodePasswordChange:
		return http.StatusForbidden
	case domain.CodeNotFound:
		return http.StatusNotFound
	case domain.CodeConflict, domain.CodeBlacklisted:
		return http.StatusConflict
	case domain.CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	case domain.CodeRateLimited:
		return http.StatusTooManyRequests
	case domain.CodeBusy:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}
