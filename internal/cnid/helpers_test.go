package cnid

import (
	"errors"
	"testing"
	"time"
)

// testToday is the calendar date the tests treat as today.
var testToday = time.Date(2026, time.September, 15, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))

// withResidentCheck completes 17 digits with their check character. It relies
// on ResidentIDCheckChar, which TestResidentIDCheckCharPublished pins to the
// published examples.
func withResidentCheck(t testing.TB, first17 string) string {
	t.Helper()
	c, err := ResidentIDCheckChar(first17)
	if err != nil {
		t.Fatalf("ResidentIDCheckChar(%q): %v", first17, err)
	}
	return first17 + string(c)
}

// withCreditCheck completes 17 characters with their GB 32100 check character.
func withCreditCheck(t testing.TB, first17 string) string {
	t.Helper()
	c, err := CreditCodeCheckChar(first17)
	if err != nil {
		t.Fatalf("CreditCodeCheckChar(%q): %v", first17, err)
	}
	return first17 + string(c)
}

// knownErrors are all sentinel errors of the package.
var knownErrors = []error{
	ErrEmpty, ErrLength, ErrCharset, ErrFormat, ErrCheckChar, ErrBirthDate,
	ErrFutureBirth, ErrAddressCode, ErrDivisionCode, ErrOrganisationCode,
	ErrMobile, ErrCertType, ErrCertMismatch,
}

func isKnownError(err error) bool {
	for _, k := range knownErrors {
		if errors.Is(err, k) {
			return true
		}
	}
	return false
}
