package cnid

// CreditCode is a validated unified social credit code (统一社会信用代码,
// GB 32100-2015) and what its fixed positions mean.
type CreditCode struct {
	Code      string // normalised: 18 upper-case characters
	Authority byte   // position 1: registration authority (1 机构编制, 5 民政, 9 市场监管, Y other, ...)
	Category  byte   // position 2: organisation category within the authority
	Division  string // positions 3-8: GB/T 2260 division code of the registration authority
	// RegistrationType names positions 1-2, e.g. "事业单位", "社会服务机构",
	// "企业", "个体工商户"; "" when the prefix is not in registrationTypes.
	RegistrationType string
}

// Prefix returns positions 1-2 (authority and category), e.g. "52".
func (c CreditCode) Prefix() string {
	return string([]byte{c.Authority, c.Category})
}

// registrationTypes names the prefixes (positions 1-2) listed in
// docs/domain-reference.md §9.2: 11, 12, 51, 52, 53, 91, 92, 93 [C]; the others
// (13, 19, 59, Y1) [S] from public GB 32100 implementations (GH-USCC), which
// agree on these. 52 is named by its current name 社会服务机构 (formerly
// 民办非企业单位). Other authorities (2 外交, 3 司法行政, ... A, N) exist but
// public sources disagree on their meanings, so they decode to "".
var registrationTypes = [...]struct{ prefix, name string }{
	{"11", "机关"},
	{"12", "事业单位"},
	{"13", "中央编办直接管理机构编制的群众团体"},
	{"19", "其他（机构编制）"},
	{"51", "社会团体"},
	{"52", "社会服务机构"},
	{"53", "基金会"},
	{"59", "其他（民政）"},
	{"91", "企业"},
	{"92", "个体工商户"},
	{"93", "农民专业合作社"},
	{"Y1", "其他"},
}

func registrationType(prefix string) string {
	for _, t := range registrationTypes {
		if t.prefix == prefix {
			return t.name
		}
	}
	return ""
}

// ParseCreditCode validates s with DefaultRules; see Rules.ParseCreditCode.
func ParseCreditCode(s string) (CreditCode, error) {
	return DefaultRules().ParseCreditCode(s)
}

// ParseCreditCode validates a unified social credit code (GB 32100-2015;
// docs/domain-reference.md §9.2): 18 characters from 0-9 and A-Z without I, O, S, V,
// Z; positions 3-8 six digits; the MOD 31 check character. Lower-case input
// is upper-cased and surrounding spaces trimmed. Unknown prefixes are
// accepted (RegistrationType ""), because GB 32100 has been extended since
// 2015 and new authority codes should not lock institutions out.
func (r Rules) ParseCreditCode(s string) (CreditCode, error) {
	s = upperASCII(cleanInput(s))
	if s == "" {
		return CreditCode{}, ErrEmpty
	}
	for i := 0; i < len(s); i++ {
		if creditValue(s[i]) < 0 {
			return CreditCode{}, ErrCharset
		}
	}
	if len(s) != 18 {
		return CreditCode{}, ErrLength
	}
	if !allDigits(s[2:8]) {
		return CreditCode{}, ErrDivisionCode
	}
	if creditCheck(s[:17]) != s[17] {
		return CreditCode{}, ErrCheckChar
	}
	if r.CheckOrganisationCode && !organisationCodeValid(s[8:17]) {
		return CreditCode{}, ErrOrganisationCode
	}
	return CreditCode{
		Code:             s,
		Authority:        s[0],
		Category:         s[1],
		Division:         s[2:8],
		RegistrationType: registrationType(s[:2]),
	}, nil
}

// The 31-character set of GB 32100 (no I, O, S, V, Z); a character's value is
// its index. [C] docs/domain-reference.md §9.2.
const creditCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// Weights 3^(i-1) mod 31. [C] docs/domain-reference.md §9.2.
var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// creditValue returns the value of c in creditCharset, or -1.
func creditValue(c byte) int {
	if isDigit(c) {
		return int(c - '0')
	}
	for i := 10; i < len(creditCharset); i++ {
		if creditCharset[i] == c {
			return i
		}
	}
	return -1
}

// creditCheck returns the check character of 17 characters from
// creditCharset (not re-checked).
func creditCheck(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += creditValue(first17[i]) * creditWeights[i]
	}
	return creditCharset[(31-sum%31)%31]
}

// CreditCodeCheckChar returns the GB 32100 check character for the first 17
// characters of a credit code (upper-case, from the 31-character set). It is
// meant for tests and the demo data generator.
func CreditCodeCheckChar(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, ErrLength
	}
	for i := 0; i < 17; i++ {
		if creditValue(first17[i]) < 0 {
			return 0, ErrCharset
		}
	}
	return creditCheck(first17), nil
}

// organisationCodeValid applies the GB 11714 check to a nine-character
// organisation code (see OrganisationCheckChar).
func organisationCodeValid(code string) bool {
	want, ok := organisationCheck(code)
	return ok && code[8] == want
}

// OrganisationCheckChar returns the GB 11714 check character of the first
// eight characters of an organisation code: weights 3 7 9 10 5 8 4 2
// (digits 0-9, letters A=10 ... Z=35), check = 11 - sum mod 11, where 10 is
// written X and 11 is written 0. [U] docs/domain-reference.md §9.2.
func OrganisationCheckChar(first8 string) (byte, error) {
	if len(first8) != 8 {
		return 0, ErrLength
	}
	c, ok := organisationCheck(first8)
	if !ok {
		return 0, ErrCharset
	}
	return c, nil
}

func organisationCheck(code string) (byte, bool) {
	weights := [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 8; i++ {
		c := code[i]
		switch {
		case isDigit(c):
			sum += int(c-'0') * weights[i]
		case isUpper(c):
			sum += int(c-'A'+10) * weights[i]
		default:
			return 0, false
		}
	}
	switch v := 11 - sum%11; v {
	case 10:
		return 'X', true
	case 11:
		return '0', true
	default:
		return byte('0' + v), true
	}
}
