package cnid

import "time"

// IDKind tells which document an 18-character identity number belongs to.
type IDKind string

const (
	// KindResidentID is a mainland resident identity number (居民身份证, GB 11643-1999).
	KindResidentID IDKind = "resident_id"
	// KindHongKongPermit is a residence permit for Hong Kong residents (港澳居民居住证, address code 810000).
	KindHongKongPermit IDKind = "hong_kong_permit"
	// KindMacaoPermit is a residence permit for Macao residents (港澳居民居住证, address code 820000).
	KindMacaoPermit IDKind = "macao_permit"
	// KindTaiwanPermit is a residence permit for Taiwan residents (台湾居民居住证, address code 830000).
	KindTaiwanPermit IDKind = "taiwan_permit"
)

// IsResidencePermit reports whether k is one of the Hong Kong, Macao and
// Taiwan residence permits.
func (k IDKind) IsResidencePermit() bool {
	return k == KindHongKongPermit || k == KindMacaoPermit || k == KindTaiwanPermit
}

// Sex as encoded in digit 17 of an identity number: odd male, even female.
type Sex string

const (
	SexMale   Sex = "male"
	SexFemale Sex = "female"
)

// ResidentID is a validated 18-character identity number and what it encodes.
type ResidentID struct {
	Number      string    // normalised: 17 digits and a digit or upper-case X
	Kind        IDKind    // mainland ID or one of the residence permits
	Birth       time.Time // birth date at 00:00 UTC
	Sex         Sex
	AddressCode string // first six digits (GB/T 2260 code at the time of issue)
}

// ParseResidentID validates s with DefaultRules; see Rules.ParseResidentID.
func ParseResidentID(s string, today time.Time) (ResidentID, error) {
	return DefaultRules().ParseResidentID(s, today)
}

// ParseResidentID validates a resident identity number or a Hong Kong, Macao
// or Taiwan residence permit number (GB 11643-1999; docs/domain-reference.md §9.1):
//
//   - 18 characters: 17 digits and a check character, a digit or X (a
//     lower-case x is accepted and returned upper-case);
//   - address code: six digits, the first 1-9. It is not checked against a
//     division list, because codes withdrawn since issue (for example
//     子长县 610623, a county until 2019) stay valid on old cards. Codes whose
//     first two digits are those of a permit code (81, 82, 83 by default)
//     must equal that permit code;
//   - birth date YYYYMMDD: a real calendar date, not before
//     Rules.EarliestBirthYear and not after today;
//   - check character by ISO 7064 MOD 11-2.
//
// today is a calendar date: its year, month and day in its own location are
// compared with the birth date, so pass the date in Asia/Shanghai.
func (r Rules) ParseResidentID(s string, today time.Time) (ResidentID, error) {
	s = cleanInput(s)
	if s == "" {
		return ResidentID{}, ErrEmpty
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isDigit(c) && c != 'X' && c != 'x' {
			return ResidentID{}, ErrCharset
		}
	}
	if len(s) != 18 {
		return ResidentID{}, ErrLength
	}
	if !allDigits(s[:17]) {
		return ResidentID{}, ErrCharset // X is only allowed as the check character
	}
	if s[17] == 'x' {
		s = s[:17] + "X"
	}

	address := s[:6]
	kind, ok := r.addressKind(address)
	if !ok {
		return ResidentID{}, ErrAddressCode
	}

	birth, err := r.birthDate(s[6:14], today)
	if err != nil {
		return ResidentID{}, err
	}

	if residentCheck(s[:17]) != s[17] {
		return ResidentID{}, ErrCheckChar
	}

	sex := SexFemale
	if (s[16]-'0')%2 == 1 {
		sex = SexMale
	}
	return ResidentID{Number: s, Kind: kind, Birth: birth, Sex: sex, AddressCode: address}, nil
}

// addressKind classifies a six-digit address code.
func (r Rules) addressKind(address string) (IDKind, bool) {
	if address[0] == '0' {
		return "", false
	}
	permits := [...]struct {
		code string
		kind IDKind
	}{
		{r.HongKongPermitCode, KindHongKongPermit},
		{r.MacaoPermitCode, KindMacaoPermit},
		{r.TaiwanPermitCode, KindTaiwanPermit},
	}
	for _, p := range permits {
		if address == p.code {
			return p.kind, true
		}
	}
	for _, p := range permits {
		if len(p.code) == 6 && address[:2] == p.code[:2] {
			return "", false
		}
	}
	return KindResidentID, true
}

// birthDate checks an eight-digit YYYYMMDD date.
func (r Rules) birthDate(ymd string, today time.Time) (time.Time, error) {
	year := atoi(ymd[0:4])
	month := atoi(ymd[4:6])
	day := atoi(ymd[6:8])
	if year < r.EarliestBirthYear || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) {
		return time.Time{}, ErrBirthDate
	}
	ty, tm, td := today.Date()
	if year > ty || year == ty && (month > int(tm) || month == int(tm) && day > td) {
		return time.Time{}, ErrFutureBirth
	}
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC), nil
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// atoi converts a string of ASCII digits (already checked) to an int.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// ISO 7064 MOD 11-2 as used by GB 11643-1999; weights 2^(18-i) mod 11.
// [C] docs/domain-reference.md §9.1.
var residentWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const residentCheckChars = "10X98765432"

// residentCheck returns the check character of 17 digits (not re-checked).
func residentCheck(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * residentWeights[i]
	}
	return residentCheckChars[sum%11]
}

// ResidentIDCheckChar returns the ISO 7064 MOD 11-2 check character ('0'-'9'
// or 'X') for the first 17 digits of an identity number. It is meant for
// tests and the demo data generator.
func ResidentIDCheckChar(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, ErrLength
	}
	if !allDigits(first17) {
		return 0, ErrCharset
	}
	return residentCheck(first17), nil
}
