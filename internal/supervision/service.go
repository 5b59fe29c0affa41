// Package supervision is what regulators do after filing: registrations
// pushed by the registration authority, inspections with checklists and
// random draws, rectification orders, annual reviews and closure,
// complaints, quality assessment, the CCTV register and the public record.
// It owns its tables and its SQL; it reads institutions through the
// caller's scope.
package supervision

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

// Service holds the supervision use cases.
type Service struct {
	db   *store.DB
	core *service.Service // clock, working-day calendar, institutions in scope
	// codes is where receipt codes come from: crypto/rand unless the demo
	// gives a seeded source (WithCodes) so that two demo starts agree.
	codes io.Reader
}

// New builds the supervision service over the core service.
func New(db *store.DB, core *service.Service) *Service { return &Service{db: db, core: core} }

// WithCore returns a copy over another core service (the demo's past clock).
func (s *Service) WithCore(core *service.Service) *Service {
	return &Service{db: s.db, core: core, codes: s.codes}
}

// WithCodes returns a copy that draws receipt codes from r. Only the demo
// does this, with a seeded source; real codes come from crypto/rand.
func (s *Service) WithCodes(r io.Reader) *Service { return &Service{db: s.db, core: s.core, codes: r} }

func (s *Service) now() time.Time    { return s.core.Now() }
func (s *Service) today() civil.Date { return civil.InChina(s.core.Now()) }

// Action is an audit action of this context; every one is listed in Actions.
type Action string

// audit appends an event inside the write's transaction.
func (s *Service) audit(ctx context.Context, q store.Q, a authz.Actor, action Action, entity string, id int64, region string, institution int64, detail any) error {
	var raw json.RawMessage
	if detail != nil {
		b, err := json.Marshal(detail)
		if err != nil {
			return err
		}
		raw = b
	}
	name := a.Username
	if name == "" {
		name = "anonymous"
	}
	return q.Audit(ctx, domain.AuditEvent{At: s.now(), ActorID: a.UserID, ActorName: name, Action: string(action), Entity: entity,
		EntityID: id, RegionCode: region, InstitutionID: institution, Detail: raw, IP: a.IP})
}

// addWorkdays is the n-th working day after d on the official calendar.
func (s *Service) addWorkdays(d civil.Date, n int) civil.Date {
	due, _ := s.core.Calendar.AddWorkdays(d.Time(), n)
	return civil.Of(due)
}

func itoa(i int) string { return strconv.Itoa(i) }

// ids runs a query of one id column.
func ids(ctx context.Context, q store.Q, query string, args ...any) ([]int64, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// notFound turns a missing row into a not-found error.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return domain.NotFound(what)
	}
	return err
}

func jsonList(v []string) string {
	if v == nil {
		v = []string{}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func splitJSONList(s string) []string {
	var v []string
	_ = json.Unmarshal([]byte(s), &v)
	return v
}
