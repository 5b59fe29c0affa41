package service

import (
	"context"
	"strings"
	"time"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/secure"
	"tuoyu/internal/store"
)

// Login rules (issue: sessions and passwords).
const (
	MaxFailedLogins = 5
	LockDuration    = 15 * time.Minute
	IdleTimeout     = 30 * time.Minute
	AbsoluteTimeout = 12 * time.Hour
	APITokenLife    = 365 * 24 * time.Hour
)

// LoginResult is a new session.
type LoginResult struct {
	Token     string
	SessionID int64
	User      domain.User
	ExpiresAt time.Time
}

var errBadCredentials = domain.Unauthorized("wrong username or password")

// Login checks a password and opens a session with a new token. Five
// failures in a row lock the account for 15 minutes; while locked even the
// right password is refused.
func (s *Service) Login(ctx context.Context, username, password, userAgent, ip string) (LoginResult, error) {
	username = strings.TrimSpace(username)
	now := s.Now()
	u, err := s.DB.Read().UserByUsername(ctx, username)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		secure.DummyCheck(password)
		return LoginResult{}, errBadCredentials
	}
	if err != nil {
		return LoginResult{}, err
	}
	if u.LockedUntil != nil && now.Before(*u.LockedUntil) {
		return LoginResult{}, domain.RateLimited("too many failed logins; try again later")
	}
	actor := authz.ForUser(u.User, ip, 0)
	if !secure.CheckPassword(u.PasswordHash, password) || u.Disabled {
		failures := u.FailedLogins + 1
		if u.LockedUntil != nil { // an expired lock starts a new count
			failures = 1
		}
		var lock *time.Time
		if failures >= MaxFailedLogins {
			t := now.Add(LockDuration)
			lock = &t
		}
		err := s.DB.Tx(ctx, func(q store.Q) error {
			if err := q.RecordLoginFailure(ctx, u.ID, failures, lock); err != nil {
				return err
			}
			action := audit.LoginFailed
			if lock != nil {
				action = audit.LoginLocked
			}
			return s.audit(ctx, q, actor, action, "user", u.ID, u.RegionCode, 0, map[string]any{"failures": failures})
		})
		if err != nil {
			return LoginResult{}, err
		}
		return LoginResult{}, errBadCredentials
	}
	token, hash := secure.NewToken()
	res := LoginResult{Token: token, User: u.User, ExpiresAt: now.Add(AbsoluteTimeout)}
	err = s.DB.Tx(ctx, func(q store.Q) error {
		if err := q.ClearLoginFailures(ctx, u.ID); err != nil {
			return err
		}
		id, err := q.CreateSession(ctx, u.ID, "session", "", hash, now, res.ExpiresAt, truncate(userAgent, 300), ip)
		if err != nil {
			return err
		}
		res.SessionID = id
		return s.audit(ctx, q, actor, audit.Login, "session", id, u.RegionCode, instOf(u.User), nil)
	})
	return res, err
}

// Authenticate turns a session or API token into an actor. Expired, ended
// and idle sessions and disabled users are refused.
func (s *Service) Authenticate(ctx context.Context, token, ip string) (authz.Actor, error) {
	if token == "" {
		return authz.Anonymous(ip), domain.Unauthorized("login required")
	}
	sess, err := s.DB.Read().SessionByTokenHash(ctx, secure.TokenHash(token))
	if err != nil {
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return authz.Anonymous(ip), domain.Unauthorized("session expired or ended")
		}
		return authz.Anonymous(ip), err
	}
	now := s.Now()
	expired := !now.Before(sess.ExpiresAt) || sess.User.Disabled
	if sess.Kind == "session" && now.Sub(sess.LastSeenAt) > IdleTimeout {
		expired = true
	}
	if expired {
		return authz.Anonymous(ip), domain.Unauthorized("session expired or ended")
	}
	// Touch at most once a minute, so reads do not all become writes.
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if err := s.DB.Tx(ctx, func(q store.Q) error { return q.TouchSession(ctx, sess.ID, now) }); err != nil {
			return authz.Anonymous(ip), err
		}
	}
	return authz.ForUser(sess.User.User, ip, sess.ID), nil
}

// Logout ends the actor's current session.
func (s *Service) Logout(ctx context.Context, a authz.Actor) error {
	if a.SessionID == 0 {
		return nil
	}
	return s.EndSession(ctx, a, a.SessionID)
}

// Me returns the actor's account.
func (s *Service) Me(ctx context.Context, a authz.Actor) (domain.User, error) {
	if err := a.Require(authz.Authenticated); err != nil {
		return domain.User{}, err
	}
	u, err := s.DB.Read().UserByID(ctx, a.UserID)
	return u.User, err
}

func instOf(u domain.User) int64 {
	if u.InstitutionID != nil {
		return *u.InstitutionID
	}
	return 0
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
