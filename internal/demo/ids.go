package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"tuoyu/internal/cnid"
)

// Registration prefixes (GB 32100 positions 1-2) used by the generator;
// cnid.CreditCodeFitsNature holds which ones fit each nature.
const (
	prefixPublicUnit = "12" // 事业单位, registered with 机构编制
	prefixNonProfit  = "52" // 社会服务机构, registered with 民政
	prefixEnterprise = "91" // 企业, registered with 市场监管
)

// creditLetters are the letters of the GB 32100 character set (no I, O, S, V, Z).
const creditLetters = "ABCDEFGHJKLMNPQRTUWXY"

// creditCode makes a valid unified social credit code: the registration
// prefix, the county's division code, a nine-character organisation code
// with its GB 11714 check character, and the GB 32100 check character.
func creditCode(r *rand.Rand, prefix, division string) (string, error) {
	org := make([]byte, 8)
	if prefix == prefixPublicUnit {
		for i := range org { // older public units keep all-digit organisation codes
			org[i] = byte('0' + r.IntN(10))
		}
	} else { // codes issued since 2015 start "MA"
		org[0], org[1] = 'M', 'A'
		for i := 2; i < 8; i++ {
			if chance(r, 0.5) {
				org[i] = creditLetters[r.IntN(len(creditLetters))]
			} else {
				org[i] = byte('0' + r.IntN(10))
			}
		}
	}
	first17 := prefix + division + string(org) + string(organisationCheck(org))
	check, err := cnid.CreditCodeCheckChar(first17)
	if err != nil {
		return "", fmt.Errorf("demo: credit code for division %q: %w", division, err)
	}
	return first17 + string(check), nil
}

// organisationCheck is the GB 11714 check character of eight organisation
// code characters (weights 3 7 9 10 5 8 4 2; 11 - sum mod 11, 10 → X,
// 11 → 0), as quoted in docs/domain-reference.md §9.2.
func organisationCheck(code []byte) byte {
	weights := [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, c := range code {
		v := int(c - '0')
		if c >= 'A' && c <= 'Z' {
			v = int(c-'A') + 10
		}
		sum += v * weights[i]
	}
	switch v := 11 - sum%11; v {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + v)
	}
}

// residentID makes a valid resident identity number for an adult born
// between 1968 and 1995, registered in the given county; the sex digit
// matches the person.
func residentID(r *rand.Rand, county string, p person) (string, error) {
	birth := time.Date(1968, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(28*365))
	seq := r.IntN(100)*10 + r.IntN(5)*2 // even: female
	if !p.Female {
		seq++
	}
	first17 := fmt.Sprintf("%s%s%03d", county, birth.Format("20060102"), seq)
	check, err := cnid.ResidentIDCheckChar(first17)
	if err != nil {
		return "", fmt.Errorf("demo: ID number for county %q: %w", county, err)
	}
	return first17 + string(check), nil
}

// idNumber makes a valid resident identity number of a person born on
// birth and registered in the county (a 6106xx address code); the sex
// digit is even for a woman or girl.
func idNumber(r *rand.Rand, county string, birth time.Time, female bool) (string, error) {
	seq := r.IntN(100)*10 + r.IntN(5)*2
	if !female {
		seq++
	}
	first17 := fmt.Sprintf("%s%s%03d", county, birth.Format("20060102"), seq)
	check, err := cnid.ResidentIDCheckChar(first17)
	if err != nil {
		return "", fmt.Errorf("demo: ID number for county %q: %w", county, err)
	}
	return first17 + string(check), nil
}
