package nip

import (
	"errors"
	"fmt"
)

// InputError is a problem with one input field. Field names the field as the JSON
// API spells it: "birth", "as_of", "sex", "records[2].vaccine", "records[2].dose",
// "records[2].date", or "records[2]" for a duplicate record.
type InputError struct {
	Field   string
	Message string
}

func (e *InputError) Error() string { return "nip: " + e.Field + ": " + e.Message }

// ErrScheduleData reports that the embedded edition files could not be read; a test
// guards against it, so a caller sees it only with a broken build.
var ErrScheduleData = errors.New("nip: embedded schedule data is invalid")

// ErrSettings reports an invalid Settings value.
var ErrSettings = errors.New("nip: invalid settings")

// FieldErrors lists every *InputError in err. Check joins one error per problem
// (errors.Join), so errors.As finds the first and FieldErrors finds them all.
func FieldErrors(err error) []*InputError {
	var out []*InputError
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		if ie, ok := e.(*InputError); ok {
			out = append(out, ie)
			return
		}
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				walk(inner)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	return out
}

func inputErrorf(field, format string, args ...any) *InputError {
	return &InputError{Field: field, Message: fmt.Sprintf(format, args...)}
}
