package cnid

import (
	"time"
	"unicode"
	"unicode/utf8"
)

// CertType is the type of identity document recorded with a certificate
// number (证件类型), for a child who may not have an ID number yet and for
// guardians. docs/domain-reference.md §9.1.
type CertType string

const (
	CertResidentID       CertType = "resident_id"       // 居民身份证
	CertResidencePermit  CertType = "residence_permit"  // 港澳台居民居住证
	CertBirthCertificate CertType = "birth_certificate" // 出生医学证明
	CertPassport         CertType = "passport"          // 护照
	// CertForeignPermanentResidence is 外国人永久居留身份证.
	CertForeignPermanentResidence CertType = "foreign_permanent_residence"
	CertOther                     CertType = "other" // 其他
)

// CertTypeInfo is a certificate type with its display labels.
type CertTypeInfo struct {
	Type    CertType
	Chinese string
	English string
}

// CertTypes lists every certificate type in display order.
func CertTypes() []CertTypeInfo {
	return []CertTypeInfo{
		{CertResidentID, "居民身份证", "Resident identity card"},
		{CertResidencePermit, "港澳台居民居住证", "Residence permit for Hong Kong, Macao and Taiwan residents"},
		{CertBirthCertificate, "出生医学证明", "Medical birth certificate"},
		{CertPassport, "护照", "Passport"},
		{CertForeignPermanentResidence, "外国人永久居留身份证", "Foreign permanent resident ID card"},
		{CertOther, "其他", "Other"},
	}
}

// Valid reports whether t is one of the listed certificate types.
func (t CertType) Valid() bool {
	switch t {
	case CertResidentID, CertResidencePermit, CertBirthCertificate, CertPassport,
		CertForeignPermanentResidence, CertOther:
		return true
	}
	return false
}

// ValidateCertificate validates number with DefaultRules; see
// Rules.ValidateCertificate.
func ValidateCertificate(t CertType, number string, today time.Time) (string, error) {
	return DefaultRules().ValidateCertificate(t, number, today)
}

// ValidateCertificate checks a certificate number against its type and
// returns the normalised number:
//
//   - resident_id: ParseResidentID, and the number must not be a permit;
//   - residence_permit: ParseResidentID, and the address code must be a
//     permit code (810000, 820000, 830000 by default);
//   - birth_certificate: Rules.BirthCertificate (one letter + 9 digits),
//     upper-cased. [U] the format is not confirmed;
//   - passport: Rules.PassportMinLength-PassportMaxLength letters and
//     digits, upper-cased. [U];
//   - foreign_permanent_residence: 18 characters starting with
//     Rules.ForeignResidenceLeadDigit with the MOD 11-2 check (2023 card),
//     or Rules.ForeignResidenceOldLayout (3 letters + 12 digits), upper-cased. [U];
//   - other: 1 to Rules.OtherMaxLength printable characters, kept as typed
//     apart from trimming and full-width folding.
//
// today is only used for the birth date in resident IDs and permits.
func (r Rules) ValidateCertificate(t CertType, number string, today time.Time) (string, error) {
	switch t {
	case CertResidentID, CertResidencePermit:
		id, err := r.ParseResidentID(number, today)
		if err != nil {
			return "", err
		}
		if id.Kind.IsResidencePermit() != (t == CertResidencePermit) {
			return "", ErrCertMismatch
		}
		return id.Number, nil
	case CertBirthCertificate:
		return validateLayout(number, r.BirthCertificate)
	case CertPassport:
		return r.validatePassport(number)
	case CertForeignPermanentResidence:
		return r.validateForeignResidence(number)
	case CertOther:
		return r.validateOther(number)
	}
	return "", ErrCertType
}

// validateLayout checks an upper-cased letters-then-digits number.
func validateLayout(number string, layout LetterDigitLayout) (string, error) {
	s := upperASCII(cleanInput(number))
	if s == "" {
		return "", ErrEmpty
	}
	if !lettersAndDigits(s) {
		return "", ErrCharset
	}
	if len(s) != layout.length() {
		return "", ErrLength
	}
	if !layout.match(s) {
		return "", ErrFormat
	}
	return s, nil
}

func (r Rules) validatePassport(number string) (string, error) {
	s := upperASCII(cleanInput(number))
	if s == "" {
		return "", ErrEmpty
	}
	if !lettersAndDigits(s) {
		return "", ErrCharset
	}
	if len(s) < r.PassportMinLength || len(s) > r.PassportMaxLength {
		return "", ErrLength
	}
	return s, nil
}

func (r Rules) validateForeignResidence(number string) (string, error) {
	s := upperASCII(cleanInput(number))
	if s == "" {
		return "", ErrEmpty
	}
	if !lettersAndDigits(s) {
		return "", ErrCharset
	}
	switch {
	case len(s) == 18:
		if s[0] != r.ForeignResidenceLeadDigit || !allDigits(s[:17]) || !isDigit(s[17]) && s[17] != 'X' {
			return "", ErrFormat
		}
		if residentCheck(s[:17]) != s[17] {
			return "", ErrCheckChar
		}
		return s, nil
	case len(s) == r.ForeignResidenceOldLayout.length():
		if !r.ForeignResidenceOldLayout.match(s) {
			return "", ErrFormat
		}
		return s, nil
	}
	return "", ErrLength
}

func (r Rules) validateOther(number string) (string, error) {
	if !utf8.ValidString(number) {
		return "", ErrCharset
	}
	s := cleanInput(number)
	if s == "" {
		return "", ErrEmpty
	}
	for _, c := range s {
		if !unicode.IsPrint(c) {
			return "", ErrCharset
		}
	}
	if utf8.RuneCountInString(s) > r.OtherMaxLength {
		return "", ErrLength
	}
	return s, nil
}

// lettersAndDigits reports whether s holds only upper-case ASCII letters and digits.
func lettersAndDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && !isUpper(s[i]) {
			return false
		}
	}
	return true
}
