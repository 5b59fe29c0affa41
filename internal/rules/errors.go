package rules

import (
	"errors"
	"fmt"
)

// Sentinel errors. Functions return them wrapped in a *FieldError that names
// the input field, so a caller can show a message next to that field.
var (
	ErrRequired          = errors.New("required")
	ErrNegative          = errors.New("must not be negative")
	ErrOutOfRange        = errors.New("out of range")
	ErrUnknownClassType  = errors.New("unknown class type")
	ErrUnknownKind       = errors.New("unknown institution kind")
	ErrUnknownPost       = errors.New("unknown staff post")
	ErrUnknownCatering   = errors.New("unknown catering arrangement")
	ErrUnknownCertKind   = errors.New("unknown certificate kind")
	ErrUnknownRoomKind   = errors.New("unknown room kind")
	ErrUnknownEducation  = errors.New("unknown education level")
	ErrDateOrder         = errors.New("date is before the date it must follow")
	ErrNoClassForAge     = errors.New("no class type for this age")
	ErrUnknownSetting    = errors.New("unknown setting")
	ErrUnknownLevel      = errors.New("unknown level: must be city or county")
	ErrInvalidRegion     = errors.New("invalid region code: must be 6 digits")
	ErrLevelOrder        = errors.New("overrides apply national, then city, then county")
	ErrRegionMismatch    = errors.New("region is not within the region already applied")
	ErrLooser            = errors.New("override would loosen a floor")
	ErrUnknownClause     = errors.New("unknown clause")
	ErrUnknownRule       = errors.New("unknown rule ID")
	ErrDuplicate         = errors.New("duplicate")
	ErrNotScored         = errors.New("clause is not scored on its own")
	ErrNotVeto           = errors.New("clause is not a veto item")
	ErrTemplateTotal     = errors.New("points do not add up")
	ErrUnknownOutcome    = errors.New("unknown filing outcome")
	ErrInvalidConfidence = errors.New("confidence must be C, S or U")
)

// FieldError names the input field that was refused. Field is a path in the
// JSON spelling of the input, for example "classes[1].children[0].birth_date".
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

// LooserError reports an override that would make a rule less strict than
// the standard it is applied to.
type LooserError struct {
	Setting  string
	RuleID   string
	Current  int
	Proposed int
}

func (e *LooserError) Error() string {
	return fmt.Sprintf("%s (rule %s): %d would loosen the current %d", e.Setting, e.RuleID, e.Proposed, e.Current)
}

// Is makes errors.Is(err, ErrLooser) true.
func (e *LooserError) Is(target error) bool { return target == ErrLooser }

func fieldErr(field string, err error) error { return &FieldError{Field: field, Err: err} }

// prefixed re-roots a FieldError under a parent path ("classes[2]" + ".type").
func prefixed(parent string, err error) error {
	var fe *FieldError
	if errors.As(err, &fe) {
		return &FieldError{Field: parent + "." + fe.Field, Err: fe.Err}
	}
	return &FieldError{Field: parent, Err: err}
}
