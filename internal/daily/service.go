// Package daily is the daily operations of an institution: children's
// attendance (written by group commit) and the staff's clock-in, the live
// ratio of each class, the morning and midday health checks, care logs, a
// guardian's view of the child's day, the daily settings, the attendance
// alerts and the monthly attendance export. It reads institutions,
// classes and children through the caller's scope; the core service gives
// it the clock, the standards in force and the audit helper.
package daily

import (
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

// Service holds the daily-operations use cases.
type Service struct {
	db   *store.DB
	core *service.Service // clock, standards in force, audit, exports
	// attendance is the queue of the attendance writer (group commit),
	// shared by the copies WithCore makes.
	attendance *attendanceQueue
}

// New builds the daily-operations service over the core service.
func New(db *store.DB, core *service.Service) *Service {
	return &Service{db: db, core: core, attendance: newAttendanceQueue(attendanceQueueSize)}
}

// WithCore returns a copy over another core service (the demo's past
// clock); it shares the attendance writer.
func (s *Service) WithCore(core *service.Service) *Service {
	c := *s
	c.core = core
	return &c
}
