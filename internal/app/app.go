// Package app wires Tuoyu together: configuration, the database, the
// service, and the HTTP server with its route table.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"tuoyu/internal/account"
	"tuoyu/internal/api"
	"tuoyu/internal/daily"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/secure"
	"tuoyu/internal/service"
	"tuoyu/internal/stats"
	"tuoyu/internal/store"
	"tuoyu/internal/supervision"
	"tuoyu/internal/web"
)

// Config is what the program is told by flags and environment.
type Config struct {
	Addr      string
	DB        string
	SecretKey string
	// Region is the division the deployment serves (a city or a province),
	// e.g. 610600 for Yan'an.
	Region string
	// Now fixes the clock (TUOYU_NOW) when not zero.
	Now time.Time
}

// Clock returns the configured clock.
func (c Config) Clock() func() time.Time {
	if c.Now.IsZero() {
		return time.Now
	}
	fixed := c.Now
	// A fixed clock still moves, so sessions and timestamps order correctly;
	// it starts at TUOYU_NOW when the program starts.
	start := time.Now()
	return func() time.Time { return fixed.Add(time.Since(start)) }
}

// App is a running Tuoyu.
type App struct {
	Config  Config
	DB      *store.DB
	Service *service.Service
	// Context and capability services over the core service.
	Daily       *daily.Service
	Supervision *supervision.Service
	Stats       *stats.Service
	Account     *account.Service
	API         *api.API
	Web         *web.Web
	Log         *slog.Logger
}

// Open connects to and migrates the database, loads reference data and
// builds the service.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	keys, err := secure.NewKeys(cfg.SecretKey)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	if loaded, err := service.LoadReferenceData(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("load reference data: %w", err)
	} else if loaded {
		log.Info("reference data loaded")
	}
	svc, err := service.New(ctx, db, keys, cfg.Clock(), log)
	if err != nil {
		db.Close()
		return nil, err
	}
	if cfg.Region == "" {
		cfg.Region = web.DefaultDeploymentRegion
	}
	if _, err := svc.Region(ctx, cfg.Region); err != nil {
		db.Close()
		return nil, fmt.Errorf("deployment region %s is not a known division", cfg.Region)
	}
	a := &App{Config: cfg, DB: db, Service: svc, Log: log}
	a.Daily = daily.New(db, svc)
	a.Supervision = supervision.New(db, svc)
	if err := a.Supervision.LoadTemplates(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("load supervision checklists: %w", err)
	}
	a.Stats = stats.New(db, svc)
	a.Account = account.New(db, svc)
	a.API = api.New(svc, log)
	a.API.Daily, a.API.Supervision, a.API.Stats, a.API.Account = a.Daily, a.Supervision, a.Stats, a.Account
	a.Web = web.New(svc, log)
	a.Web.DeploymentRegion = cfg.Region
	a.Web.Daily, a.Web.Supervision, a.Web.Stats, a.Web.Account = a.Daily, a.Supervision, a.Stats, a.Account
	return a, nil
}

// Close closes the database.
func (a *App) Close() error { return a.DB.Close() }

// Routes is the whole route table: the API's and the web pages'.
func (a *App) Routes() []httpx.Route {
	return append(a.API.Routes(), a.Web.Routes()...)
}

// Handler builds the HTTP handler: every route behind the permission
// guard, CSRF protection and security headers.
func (a *App) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range a.API.Routes() {
		mux.Handle(rt.Method+" "+rt.Pattern, httpx.Guard(a.Service, rt, a.API.WriteError))
	}
	for _, rt := range a.Web.Routes() {
		mux.Handle(rt.Method+" "+rt.Pattern, httpx.Guard(a.Service, rt, a.Web.WriteError))
	}
	mux.HandleFunc("GET /healthz", a.healthz)
	mux.Handle("GET /static/", a.Web.Static())
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		a.API.WriteError(w, r, domain.NotFound("API route"))
	})
	csrf := http.NewCrossOriginProtection()
	return httpx.SecurityHeaders(csrf.Handler(mux))
}

func (a *App) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "application/json")
	if err := a.DB.Ping(ctx); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `{"status":"unavailable"}`)
		return
	}
	fmt.Fprint(w, `{"status":"ok"}`)
}

// Serve answers on ln until ctx is cancelled, then lets requests in flight
// finish (up to 20 s) before returning.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	go a.Stats.Run(ctx, 30*time.Second, a.Log)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down: finishing requests in flight")
	shutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := srv.Shutdown(shutCtx)
	if e := <-errc; e != nil && !errors.Is(e, http.ErrServerClosed) {
		err = errors.Join(err, e)
	}
	return err
}
