package refdata

import (
	"errors"
	"fmt"
)

// Reasons a reference file is rejected; a FileError wraps one of them.
var (
	ErrMissingColumn = errors.New("missing column")
	ErrInvalidCode   = errors.New("invalid region code")
	ErrDuplicateCode = errors.New("duplicate region code")
	ErrMissingParent = errors.New("parent region does not exist")
	ErrInvalidNumber = errors.New("invalid number")
	ErrInvalidDate   = errors.New("invalid date")
	ErrYearMismatch  = errors.New("year does not match the file name")
	ErrUnreadable    = errors.New("file cannot be read or parsed")
)

// FileError locates a problem in an embedded reference file. The files are
// fixed at build time, so a FileError means a bad data update; tests catch it.
type FileError struct {
	File  string // path inside data.Files, e.g. "regions/areas.csv"
	Line  int    // 1-based line (CSV) or 0 when not known
	Field string // column or JSON field, e.g. "cityCode"
	Value string // offending value
	Err   error  // one of the Err* sentinels
}

func (e *FileError) Error() string {
	return fmt.Sprintf("%s:%d: field %s %q: %v", e.File, e.Line, e.Field, e.Value, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }
