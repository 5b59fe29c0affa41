// Package web serves the server-rendered pages over the same services as
// the JSON API. routes.go is the route table; each use case has its own
// file; templates/ and static/ are embedded.
package web

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"

	"tuoyu/internal/account"
	"tuoyu/internal/daily"
	"tuoyu/internal/service"
	"tuoyu/internal/stats"
	"tuoyu/internal/supervision"
)

//go:embed static
var staticFiles embed.FS

//go:embed templates/*.html
var templateFiles embed.FS

// DefaultDeploymentRegion is the division the deployment serves when none is
// configured: Yan'an 延安市, the first deployment (docs/design.md, introduction).
const DefaultDeploymentRegion = "610600"

// Web serves the HTML pages.
type Web struct {
	svc *service.Service
	log *slog.Logger
	// pages holds every page template, parsed once per language so each
	// set's "t" function is bound to its language.
	pages map[string]map[string]pageTemplate
	// DeploymentRegion is the city (or province) whose counties the public
	// directory and the registration form offer.
	DeploymentRegion string
	// The context and capability services; app.Open sets them.
	Daily       *daily.Service
	Supervision *supervision.Service
	Stats       *stats.Service
	Account     *account.Service
}

// New makes the web pages. The templates are embedded, so a template that
// does not parse is a programming error caught by the package's tests.
func New(svc *service.Service, log *slog.Logger) *Web {
	pages, err := parsedTemplates()
	if err != nil {
		panic("web: " + err.Error())
	}
	return &Web{svc: svc, log: log, pages: pages, DeploymentRegion: DefaultDeploymentRegion}
}

// Static serves the embedded static files.
func (wb *Web) Static() http.Handler {
	sub, _ := fs.Sub(staticFiles, "static")
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}
