package service

import (
	"context"
	"strings"
	"unicode/utf8"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/secure"
	"tuoyu/internal/store"
)

// Sessions lists the actor's own live sessions and API tokens.
func (s *Service) Sessions(ctx context.Context, a authz.Actor) ([]domain.Session, error) {
	if err := a.Require(authz.Authenticated); err != nil {
		return nil, err
	}
	list, err := s.DB.Read().ListSessions(ctx, a.Scope(), s.Now())
	for i := range list {
		list[i].Current = list[i].ID == a.SessionID
	}
	return list, err
}

// EndSession ends one of the actor's own sessions or tokens.
func (s *Service) EndSession(ctx context.Context, a authz.Actor, id int64) error {
	if err := a.Require(authz.Authenticated); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(q store.Q) error {
		if err := q.EndSession(ctx, a.UserID, id, s.Now()); err != nil {
			return err
		}
		return s.audit(ctx, q, a, audit.SessionEnd, "session", id, a.RegionCode, a.InstitutionID, nil)
	})
}

// APIToken is a new bearer token for a program; the token is shown once.
type APIToken struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Token string `json:"token"`
}

// CreateAPIToken issues a bearer token acting as the actor.
func (s *Service) CreateAPIToken(ctx context.Context, a authz.Actor, name string) (APIToken, error) {
	if err := a.Require(authz.Authenticated); err != nil {
		return APIToken{}, err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return APIToken{}, domain.Invalid("name", domain.ReasonRequired)
	}
	if utf8.RuneCountInString(name) > 100 {
		return APIToken{}, domain.Invalid("name", domain.ReasonTooLong)
	}
	token, hash := secure.NewToken()
	now := s.Now()
	out := APIToken{Name: name, Token: token}
	err := s.DB.Tx(ctx, func(q store.Q) error {
		id, err := q.CreateSession(ctx, a.UserID, "api_token", name, hash, now, now.Add(APITokenLife), "", a.IP)
		if err != nil {
			return err
		}
		out.ID = id
		return s.audit(ctx, q, a, audit.APITokenCreate, "session", id, a.RegionCode, a.InstitutionID, map[string]string{"name": name})
	})
	return out, err
}
