package cnid

// Rules holds the format rules that are not confirmed by a published standard
// (docs/domain-reference.md §9.1 and §14 mark them [U]) or that come only from the
// project's issue text. They are settings, not constants: DefaultRules gives
// the documented defaults and a deployment may override them from its
// configuration. The zero Rules is not useful; start from DefaultRules.
//
// Any Rules value is safe to use: nonsense settings make validation fail,
// never panic.
type Rules struct {
	// Address codes of the residence permits for Hong Kong, Macao and Taiwan
	// residents. The permits use the resident-ID algorithm with these fixed
	// address codes. [U] docs/domain-reference.md §9.1, §14. Defaults 810000,
	// 820000, 830000.
	HongKongPermitCode string
	MacaoPermitCode    string
	TaiwanPermitCode   string

	// EarliestBirthYear refuses birth dates before this year as implausible.
	// Not from GB 11643; a guard against garbage such as year 0001. The
	// standard's own example 440524188001010014 is born in 1880, so the
	// default is 1850.
	EarliestBirthYear int

	// BirthCertificate is the layout of a 出生医学证明 number. [U] issue text
	// (not in the domain reference): one letter then 9 digits.
	BirthCertificate LetterDigitLayout

	// Passport numbers: letters and digits only, length within these bounds.
	// [U] issue text: 5-17.
	PassportMinLength int
	PassportMaxLength int

	// Foreign permanent-residence ID card. The 2023 card number has 18
	// characters, starts with ForeignResidenceLeadDigit and carries the
	// ISO 7064 MOD 11-2 check; the older card number follows
	// ForeignResidenceOldLayout (3 letters + 12 digits).
	// [U] docs/domain-reference.md §9.1, §14; issue text.
	ForeignResidenceLeadDigit byte
	ForeignResidenceOldLayout LetterDigitLayout

	// OtherMaxLength bounds a number of certificate type "other", counted in
	// characters. Issue text: 30.
	OtherMaxLength int

	// CheckOrganisationCode also applies the GB 11714 check to characters
	// 9-17 of a credit code. [U] docs/domain-reference.md §9.2 ("optional extra
	// validation"). Default false.
	CheckOrganisationCode bool
}

// LetterDigitLayout is a number made of Letters upper-case ASCII letters
// followed by Digits decimal digits.
type LetterDigitLayout struct {
	Letters int
	Digits  int
}

// DefaultRules returns the documented defaults (see the field comments).
func DefaultRules() Rules {
	return Rules{
		HongKongPermitCode:        "810000",
		MacaoPermitCode:           "820000",
		TaiwanPermitCode:          "830000",
		EarliestBirthYear:         1850,
		BirthCertificate:          LetterDigitLayout{Letters: 1, Digits: 9},
		PassportMinLength:         5,
		PassportMaxLength:         17,
		ForeignResidenceLeadDigit: '9',
		ForeignResidenceOldLayout: LetterDigitLayout{Letters: 3, Digits: 12},
		OtherMaxLength:            30,
		CheckOrganisationCode:     false,
	}
}

// length is the number of characters the layout describes.
func (l LetterDigitLayout) length() int { return l.Letters + l.Digits }

// match reports whether s (already upper-cased ASCII) follows the layout.
func (l LetterDigitLayout) match(s string) bool {
	if l.Letters < 0 || l.Digits < 0 || len(s) != l.length() {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i < l.Letters {
			if !isUpper(s[i]) {
				return false
			}
		} else if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
