package cnid

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateCertificate(t *testing.T) {
	foreignNew := withResidentCheck(t, "93268519850101001") // 2023 layout: 9 + digits + MOD 11-2
	tests := []struct {
		name string
		typ  CertType
		in   string
		want string
		err  error
	}{
		{"resident ID, GB 11643 example", CertResidentID, "11010519491231002x", "11010519491231002X", nil},
		{"resident ID given a permit number", CertResidentID, "810000199408230021", "", ErrCertMismatch},
		{"resident ID, wrong check", CertResidentID, "110105194912310021", "", ErrCheckChar},
		{"permit, Beijing PSB specimen", CertResidencePermit, "830000199201300022", "830000199201300022", nil},
		{"permit given a mainland number", CertResidencePermit, "11010519491231002X", "", ErrCertMismatch},

		{"birth certificate", CertBirthCertificate, "Q610123456", "Q610123456", nil},
		{"birth certificate, lower case", CertBirthCertificate, " q610123456 ", "Q610123456", nil},
		{"birth certificate, no letter", CertBirthCertificate, "6101234567", "", ErrFormat},
		{"birth certificate, two letters", CertBirthCertificate, "QA10123456", "", ErrFormat},
		{"birth certificate, too short", CertBirthCertificate, "Q61012345", "", ErrLength},
		{"birth certificate, dash", CertBirthCertificate, "Q-610123456", "", ErrCharset},

		{"passport, Chinese e-passport layout", CertPassport, "E12345678", "E12345678", nil},
		{"passport, lower case", CertPassport, "ea1234567", "EA1234567", nil},
		{"passport, 5 characters", CertPassport, "AB123", "AB123", nil},
		{"passport, 4 characters", CertPassport, "AB12", "", ErrLength},
		{"passport, 18 characters", CertPassport, "AB1234567890123456", "", ErrLength},
		{"passport, space inside", CertPassport, "E 12345678", "", ErrCharset},

		{"foreign residence, 2023 card", CertForeignPermanentResidence, foreignNew, foreignNew, nil},
		{"foreign residence, 2023 card, wrong check", CertForeignPermanentResidence, foreignNew[:17] + wrongDigit(foreignNew[17]), "", ErrCheckChar},
		{"foreign residence, 18 digits not starting 9", CertForeignPermanentResidence, "11010519491231002X", "", ErrFormat},
		{"foreign residence, old card", CertForeignPermanentResidence, "usa110085081501", "USA110085081501", nil},
		{"foreign residence, old card, digits first", CertForeignPermanentResidence, "110085081501USA", "", ErrFormat},
		{"foreign residence, other length", CertForeignPermanentResidence, "USA11008508150", "", ErrLength},

		{"other", CertOther, " 军字第１２３４５号 ", "军字第12345号", nil},
		{"other, 30 characters", CertOther, strings.Repeat("证", 30), strings.Repeat("证", 30), nil},
		{"other, 31 characters", CertOther, strings.Repeat("证", 31), "", ErrLength},
		{"other, control character", CertOther, "AB\x0012", "", ErrCharset},
		{"other, invalid UTF-8", CertOther, "AB\xff12", "", ErrCharset},
		{"other, empty", CertOther, "\u200b ", "", ErrEmpty},

		{"unknown type", CertType("driving_licence"), "123456", "", ErrCertType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ValidateCertificate(tt.typ, tt.in, testToday)
			if !errors.Is(err, tt.err) || got != tt.want {
				t.Errorf("ValidateCertificate(%q, %q) = %q, %v; want %q, %v", tt.typ, tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

// The unconfirmed formats are settings.
func TestValidateCertificateRules(t *testing.T) {
	rules := DefaultRules()
	rules.BirthCertificate = LetterDigitLayout{Letters: 2, Digits: 8}
	rules.PassportMaxLength = 9
	if got, err := rules.ValidateCertificate(CertBirthCertificate, "QA10123456", testToday); err != nil || got != "QA10123456" {
		t.Errorf("two-letter birth certificate layout: %q, %v", got, err)
	}
	if _, err := rules.ValidateCertificate(CertPassport, "E123456789", testToday); !errors.Is(err, ErrLength) {
		t.Errorf("PassportMaxLength 9: error %v, want ErrLength", err)
	}
	// Nonsense settings refuse input instead of panicking.
	var zero Rules
	for _, ct := range CertTypes() {
		if _, err := zero.ValidateCertificate(ct.Type, "Q610123456", testToday); err == nil {
			t.Errorf("zero Rules accepted %q as %s", "Q610123456", ct.Type)
		}
	}
	rules.BirthCertificate = LetterDigitLayout{Letters: -1, Digits: 11}
	if _, err := rules.ValidateCertificate(CertBirthCertificate, "Q610123456", testToday); err == nil {
		t.Error("negative layout accepted a number")
	}
}

func TestCertTypes(t *testing.T) {
	types := CertTypes()
	if len(types) != 6 {
		t.Fatalf("CertTypes() has %d entries, want 6", len(types))
	}
	seen := map[CertType]bool{}
	for _, ct := range types {
		if !ct.Type.Valid() || ct.Chinese == "" || ct.English == "" || seen[ct.Type] {
			t.Errorf("bad entry %+v", ct)
		}
		seen[ct.Type] = true
	}
	if types[2].Type != CertBirthCertificate || types[2].Chinese != "出生医学证明" {
		t.Errorf("CertTypes()[2] = %+v, want 出生医学证明", types[2])
	}
	if CertType("").Valid() || CertType("RESIDENT_ID").Valid() {
		t.Error("Valid() accepted an unknown type")
	}
	// Callers get their own copy.
	types[0].Chinese = "changed"
	if CertTypes()[0].Chinese != "居民身份证" {
		t.Error("CertTypes() shares its slice between calls")
	}
}

func wrongDigit(c byte) string {
	if c == '0' {
		return "1"
	}
	return "0"
}
