// Package domain holds Tuoyu's types, enumerations, error codes and validation.
// It knows nothing of SQL or HTTP.
package domain

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Code is a machine-readable error category; the API maps each to one HTTP status.
type Code string

const (
	CodeInvalid      Code = "invalid"
	CodeUnauthorized Code = "unauthorized"
	CodeForbidden    Code = "forbidden"
	CodeNotFound     Code = "not_found"
	CodeConflict     Code = "conflict"
	// CodeBlacklisted refuses hiring a person on the lifetime ban list (终身禁入); 409.
	CodeBlacklisted Code = "blacklisted"
	CodeTooLarge    Code = "too_large"
	CodeRateLimited Code = "rate_limited"
	// CodePasswordChange refuses everything but the password form to an
	// account whose password was set by someone else; 403.
	CodePasswordChange Code = "password_change_required"
	// CodeBusy: the server cannot take the request now (a full write
	// queue); 503 with Retry-After, nothing was written.
	CodeBusy     Code = "busy"
	CodeInternal Code = "internal"
)

// Error is the only error type that crosses from services to users. Its
// Message and Fields are safe to show; anything else is reported as internal.
type Error struct {
	Code    Code
	Message string
	// Fields maps an input field (JSON name) to the reason it was refused.
	Fields map[string]string
	// Validation marks an invalid error that came from checking the content
	// (422) rather than from a malformed request (400).
	Validation bool
	// Findings are the rules a refused change would break, each with its
	// message and legal basis in both languages; the edge shows them in the
	// reader's language.
	Findings []RuleFinding
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.Fields[k]
	}
	return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, strings.Join(parts, "; "))
}

// ErrorCode returns the code of err, or CodeInternal when err is not an *Error.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

func NotFound(what string) error { return &Error{Code: CodeNotFound, Message: what + " not found"} }
func Forbidden(msg string) error { return &Error{Code: CodeForbidden, Message: msg} }
func Conflict(msg string) error  { return &Error{Code: CodeConflict, Message: msg} }
func Unauthorized(msg string) error {
	return &Error{Code: CodeUnauthorized, Message: msg}
}
func PasswordChangeRequired() error {
	return &Error{Code: CodePasswordChange, Message: "change your password first"}
}
func BadRequest(msg string) error { return &Error{Code: CodeInvalid, Message: msg} }
func TooLarge(msg string) error   { return &Error{Code: CodeTooLarge, Message: msg} }
func RateLimited(msg string) error {
	return &Error{Code: CodeRateLimited, Message: msg}
}
func Busy(msg string) error { return &Error{Code: CodeBusy, Message: msg} }

// Problems collects per-field validation failures.
type Problems map[string]string

// Add records the first reason for a field.
func (p Problems) Add(field, reason string) {
	if _, ok := p[field]; !ok {
		p[field] = reason
	}
}

// Err returns a validation error when any problem was recorded, else nil.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: CodeInvalid, Message: "some fields are invalid", Fields: map[string]string(p), Validation: true}
}

// Invalid is a validation error about one field.
func Invalid(field, reason string) error {
	return &Error{Code: CodeInvalid, Message: reason, Fields: map[string]string{field: reason}, Validation: true}
}

// Choice checks a value picked from a list: nothing picked is "required",
// anything else not in the list "not_allowed". It reports whether the value
// is one of the list.
func (p Problems) Choice(field, v string, allowed []string) bool {
	switch {
	case strings.TrimSpace(v) == "":
		p.Add(field, ReasonRequired)
	case !oneOf(v, allowed):
		p.Add(field, ReasonNotAllowed)
	default:
		return true
	}
	return false
}

// Amount checks a number that may not be negative nor above max: below
// zero is "negative", above max "out_of_range".
func (p Problems) Amount(field string, v, max float64) bool {
	switch {
	case v < 0:
		p.Add(field, ReasonNegative)
	case v > max || v != v:
		p.Add(field, ReasonRange)
	default:
		return true
	}
	return false
}
