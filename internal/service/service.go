// Package service holds Tuoyu's use cases, one file each. Every write runs
// in one transaction together with its audit event.
package service

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync/atomic"
	"time"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/rules"
	"tuoyu/internal/secure"
	"tuoyu/internal/store"
	"tuoyu/internal/workday"
)

// China keeps one time zone and no daylight saving since 1991, so a fixed
// offset is exact for every date the platform handles.
var China = time.FixedZone("CST", 8*3600)

// Service is the application: the database, the clock, the keys, the
// working-day calendar and the standards in force.
type Service struct {
	DB       *store.DB
	Keys     *secure.Keys
	Calendar *workday.Calendar
	Log      *slog.Logger
	clock    func() time.Time
	// standards is shared by the copies WithClock makes, so that a changed
	// override reaches them all.
	standards *atomic.Pointer[rules.Source]
	// rankings keeps the compliance rankings (shared by the copies too).
	rankings *rankingCache
	// PasswordPolicy, when set (by the account context), says why a new
	// password is refused ("" when it is acceptable); without it only the
	// length is checked.
	PasswordPolicy func(ctx context.Context, username, password string) (string, error)
}

// checkNewPassword records at "password" why a new account's password is refused.
func (s *Service) checkNewPassword(ctx context.Context, username, password string, p domain.Problems) error {
	if s.PasswordPolicy == nil {
		if len([]rune(password)) < MinPasswordLength {
			p.Add("password", "password_short")
		}
		return nil
	}
	reason, err := s.PasswordPolicy(ctx, username, password)
	if reason != "" {
		p.Add("password", reason)
	}
	return err
}

// New builds the service; the working-day calendar is read from the
// holidays loaded into the database, the standards from the local
// overrides stored there.
func New(ctx context.Context, db *store.DB, keys *secure.Keys, clock func() time.Time, log *slog.Logger) (*Service, error) {
	s := &Service{DB: db, Keys: keys, Log: log, clock: clock, standards: &atomic.Pointer[rules.Source]{}, rankings: newRankingCache(db)}
	if err := s.ReloadCalendar(ctx); err != nil {
		return nil, err
	}
	if err := s.ReloadStandards(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Standards is the source of the standard in force for each county.
func (s *Service) Standards() rules.Source { return *s.standards.Load() }

// UseStandards replaces the source of standards (tests inject
// rules.NationalOnly or their own); ReloadStandards restores the stored one.
func (s *Service) UseStandards(src rules.Source) { s.standards.Store(&src) }

// ReloadStandards rebuilds the standards from the overrides in the database.
func (s *Service) ReloadStandards(ctx context.Context) error {
	rows, err := s.DB.Read().StandardOverrides(ctx)
	if err != nil {
		return err
	}
	src, err := localStandards(rows)
	if err != nil {
		return err
	}
	s.UseStandards(src)
	return nil
}

// ReloadCalendar rebuilds the working-day calendar from the database.
func (s *Service) ReloadCalendar(ctx context.Context) error {
	hs, err := s.DB.Read().Holidays(ctx)
	if err != nil {
		return err
	}
	days := make([]workday.Day, 0, len(hs))
	for _, h := range hs {
		d, err := time.Parse(time.DateOnly, h.Date)
		if err != nil {
			return err
		}
		days = append(days, workday.Day{Date: d, OffDay: h.OffDay, Name: h.Name})
	}
	s.Calendar = workday.New(days)
	return nil
}

// Now is the service's clock (fixed by TUOYU_NOW in demos and tests).
func (s *Service) Now() time.Time { return s.clock() }

// Today is the current calendar date in China, at midnight UTC so date
// arithmetic is plain.
func (s *Service) Today() time.Time {
	y, m, d := s.clock().In(China).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// audit appends an event inside the write's transaction.
func (s *Service) audit(ctx context.Context, q store.Q, a authz.Actor, action audit.Action, entity string, id int64, region string, institution int64, detail any) error {
	ev, err := s.auditEvent(a, action, entity, id, region, institution, detail)
	if err != nil {
		return err
	}
	return q.Audit(ctx, ev)
}

// Audit appends an event inside the write's transaction q: the helper of
// the context packages (internal/daily) whose actions are listed in
// internal/audit.
func (s *Service) Audit(ctx context.Context, q store.Q, a authz.Actor, action audit.Action, entity string, id int64, region string, institution int64, detail any) error {
	return s.audit(ctx, q, a, action, entity, id, region, institution, detail)
}

// AuditEvent is the event Audit writes, for a use case of a context
// package that writes many at once (store.Q.AuditMany).
func (s *Service) AuditEvent(a authz.Actor, action audit.Action, entity string, id int64, region string, institution int64, detail any) (domain.AuditEvent, error) {
	return s.auditEvent(a, action, entity, id, region, institution, detail)
}

// auditEvent is the event audit writes, for a use case that writes many
// at once (store.Q.AuditMany).
func (s *Service) auditEvent(a authz.Actor, action audit.Action, entity string, id int64, region string, institution int64, detail any) (domain.AuditEvent, error) {
	var raw json.RawMessage
	if detail != nil {
		b, err := json.Marshal(detail)
		if err != nil {
			return domain.AuditEvent{}, err
		}
		raw = b
	}
	name := a.Username
	if name == "" {
		name = "anonymous"
	}
	return domain.AuditEvent{At: s.clock(), ActorID: a.UserID, ActorName: name, Action: string(action), Entity: entity,
		EntityID: id, RegionCode: region, InstitutionID: institution, Detail: raw, IP: a.IP}, nil
}

// WithClock returns a copy of the service that reads another clock; the
// demo generator uses it to date what it creates in the past.
func (s *Service) WithClock(clock func() time.Time) *Service {
	c := *s
	c.clock = clock
	return &c
}
