// Package account is how every person gets and keeps an account (issue 9
// §1): guardians sign up with an invitation code, a county's new
// institution gets its director's login, people change their own password
// and their managers reset it with a one-time code, and managers keep the
// accounts in their reach (authz.ManageTable). It owns its settings table
// and its SQL over users; it calls the core service for what exists
// (institutions, invitations, logins).
package account

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

// Service holds the account use cases.
type Service struct {
	db   *store.DB
	core *service.Service // clock, institutions, invitations, logins
}

// New builds the account service over the core service.
func New(db *store.DB, core *service.Service) *Service {
	s := &Service{db: db, core: core}
	// Accounts the core creates (the administrator's, a self-registered
	// director's) follow the same password policy.
	core.PasswordPolicy = s.CheckPassword
	return s
}

func (s *Service) now() time.Time { return s.core.Now() }

// audit appends an event inside the write's transaction.
func (s *Service) audit(ctx context.Context, q store.Q, a authz.Actor, action audit.Action, id int64, region string, institution int64, detail any) error {
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
	return q.Audit(ctx, domain.AuditEvent{At: s.now(), ActorID: a.UserID, ActorName: name, Action: string(action), Entity: "user",
		EntityID: id, RegionCode: region, InstitutionID: institution, Detail: raw, IP: a.IP})
}

// codeAlphabet has no 0/O, 1/I/L, so a code read aloud or copied from
// paper is typed right: 31 symbols, 12 of them ≈ 59 bits.
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// newCode is a one-time password (a first password, a reset code), shown
// once; only its password hash is stored.
func newCode() string {
	b := make([]byte, 12)
	rand.Read(b)
	out := make([]byte, len(b))
	for i, x := range b {
		out[i] = codeAlphabet[int(x)%len(codeAlphabet)]
	}
	return string(out)
}

// Handover is an account with the one-time password its holder logs in
// with; the password must be changed at that login. It is shown once.
type Handover struct {
	User     domain.User `json:"user"`
	Password string      `json:"one_time_password"`
}

func instOf(u domain.User) int64 {
	if u.InstitutionID != nil {
		return *u.InstitutionID
	}
	return 0
}

func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return domain.NotFound(what)
	}
	return err
}

func trim(v string) string { return strings.TrimSpace(v) }
