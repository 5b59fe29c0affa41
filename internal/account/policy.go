package account

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode/utf8"

	"tuoyu/data"
	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Password policy (issue 9 §1): at least the configured length, not the
// username inside it, not one of the common passwords shipped as data.
const (
	DefaultMinPasswordLength = 10
	// The bounds an administrator may set the minimum to.
	MinMinPasswordLength = 8
	MaxMinPasswordLength = 64
	// MaxPasswordLength bounds the work of hashing.
	MaxPasswordLength = 128
)

// Reasons a password is refused, by field (catalog keys).
const (
	ReasonPasswordShort    = "password_too_short"
	ReasonPasswordLong     = "password_too_long"
	ReasonPasswordUsername = "password_has_username"
	ReasonPasswordCommon   = "password_common"
	ReasonPasswordWrong    = "password_wrong"
	ReasonPasswordSame     = "password_same"
)

// common is the list of common passwords, lower-cased.
var common = parseCommon(data.CommonPasswords)

func parseCommon(text string) map[string]bool {
	out := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			out[strings.ToLower(line)] = true
		}
	}
	return out
}

// IsCommon reports whether a password is on the common-password list.
func IsCommon(password string) bool { return common[strings.ToLower(password)] }

// Settings are the account context's settings.
type Settings struct {
	MinPasswordLength int `json:"min_password_length"`
}

func settings(ctx context.Context, q store.Q) (Settings, error) {
	set := Settings{MinPasswordLength: DefaultMinPasswordLength}
	err := q.QueryRow(ctx, "SELECT min_password_length FROM account_settings WHERE id = 1").Scan(&set.MinPasswordLength)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return set, err
}

// Settings returns the password policy's settings (every user sees the
// minimum on the password form).
func (s *Service) Settings(ctx context.Context, a authz.Actor) (Settings, error) {
	if err := a.Require(authz.Authenticated); err != nil {
		return Settings{}, err
	}
	return settings(ctx, s.db.Read())
}

// SetSettings changes the password policy's settings (administrators).
func (s *Service) SetSettings(ctx context.Context, a authz.Actor, set Settings) (Settings, error) {
	if err := a.Require(authz.UserManage); err != nil {
		return Settings{}, err
	}
	if set.MinPasswordLength < MinMinPasswordLength || set.MinPasswordLength > MaxMinPasswordLength {
		return Settings{}, domain.Invalid("min_password_length", domain.ReasonRange)
	}
	return set, s.db.Tx(ctx, func(q store.Q) error {
		if _, err := q.Exec(ctx, `INSERT INTO account_settings (id, min_password_length, updated_at) VALUES (1, ?, ?)
			ON CONFLICT (id) DO UPDATE SET min_password_length = excluded.min_password_length, updated_at = excluded.updated_at`,
			set.MinPasswordLength, s.now().UTC()); err != nil {
			return err
		}
		return s.audit(ctx, q, a, audit.AccountSettingsUpdate, 0, a.RegionCode, a.InstitutionID, set)
	})
}

// checkPassword records at field why a new password is refused, if it is.
func checkPassword(set Settings, username, password, field string, p domain.Problems) {
	n := utf8.RuneCountInString(password)
	lower := strings.ToLower(password)
	user := strings.ToLower(strings.TrimSpace(username))
	switch {
	case n < set.MinPasswordLength:
		p.Add(field, ReasonPasswordShort)
	case n > MaxPasswordLength:
		p.Add(field, ReasonPasswordLong)
	case len(user) >= 3 && strings.Contains(lower, user):
		p.Add(field, ReasonPasswordUsername)
	case common[lower]:
		p.Add(field, ReasonPasswordCommon)
	}
}

// CheckPassword returns the problem the policy finds with a new password
// for the account username ("" when it is acceptable).
func (s *Service) CheckPassword(ctx context.Context, username, password string) (string, error) {
	set, err := settings(ctx, s.db.Read())
	if err != nil {
		return "", err
	}
	p := domain.Problems{}
	checkPassword(set, username, password, "password", p)
	return p["password"], nil
}
