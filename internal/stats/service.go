// Package stats turns the records into the indicators a city and a county
// are judged by: the indicator catalogue, roll-ups maintained as records
// change, dashboards, monthly reports approved up the hierarchy, planning.
// It reads other contexts' tables with its own SQL and writes only its own.
package stats

import (
	"time"

	"tuoyu/internal/civil"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

// Service holds the statistics use cases.
type Service struct {
	db   *store.DB
	core *service.Service // clock, working-day calendar, institutions in scope
}

// New builds the statistics service over the core service.
func New(db *store.DB, core *service.Service) *Service { return &Service{db: db, core: core} }

// WithCore returns a copy over another core service (the demo's past clock).
func (s *Service) WithCore(core *service.Service) *Service { return &Service{db: s.db, core: core} }

func (s *Service) now() time.Time    { return s.core.Now() }
func (s *Service) today() civil.Date { return civil.InChina(s.core.Now()) }
