package cnid

import "errors"

// Sentinel errors. Callers compare with errors.Is and map them to per-field
// messages. Messages name the rule, never the rejected value.
var (
	ErrEmpty            = errors.New("cnid: value is empty")
	ErrLength           = errors.New("cnid: value has the wrong number of characters")
	ErrCharset          = errors.New("cnid: value contains a character that is not allowed here")
	ErrFormat           = errors.New("cnid: value does not have the expected layout of letters and digits")
	ErrCheckChar        = errors.New("cnid: check character does not match the rest of the number")
	ErrBirthDate        = errors.New("cnid: birth date in the number is not a valid date")
	ErrFutureBirth      = errors.New("cnid: birth date in the number is in the future")
	ErrAddressCode      = errors.New("cnid: address code (first six digits) is not valid")
	ErrDivisionCode     = errors.New("cnid: division code of the registration authority (characters 3-8) must be six digits")
	ErrOrganisationCode = errors.New("cnid: organisation code (characters 9-17) fails the GB 11714 check")
	ErrMobile           = errors.New("cnid: not a mainland mobile number (11 digits starting 13-19, optionally with +86)")
	ErrCertType         = errors.New("cnid: unknown certificate type")
	ErrCertMismatch     = errors.New("cnid: number belongs to a different certificate type")
)
