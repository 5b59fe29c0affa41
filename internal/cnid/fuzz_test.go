package cnid

import (
	"testing"
	"unicode/utf8"
)

// Properties for every validator: it never panics, every error is one of the
// package's sentinels, and a valid input comes back normalised, so that
// validating the output again returns the same output.

func FuzzParseResidentID(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "44011320141005001x", "810000199408230021",
		" １１０１０５１９４９１２３１００２Ｘ ", "610104620927690", "", "X", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseResidentID(s, testToday)
		if err != nil {
			if !isKnownError(err) {
				t.Fatalf("ParseResidentID(%q): unknown error %v", s, err)
			}
			return
		}
		again, err := ParseResidentID(id.Number, testToday)
		if err != nil || again != id {
			t.Fatalf("ParseResidentID(%q) = %+v, but its number gives %+v, %v", s, id, again, err)
		}
		if len(id.Number) != 18 || id.Birth.After(testToday) {
			t.Fatalf("ParseResidentID(%q) = %+v", s, id)
		}
	})
}

func FuzzParseCreditCode(f *testing.F) {
	for _, s := range []string{"914403001922038216", "9144030071526726xg", "92340602MA2PBMEM24",
		"9111000060003IOZSV", "", "\u3000", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, err := ParseCreditCode(s)
		if err != nil {
			if !isKnownError(err) {
				t.Fatalf("ParseCreditCode(%q): unknown error %v", s, err)
			}
			return
		}
		again, err := ParseCreditCode(code.Code)
		if err != nil || again != code {
			t.Fatalf("ParseCreditCode(%q) = %+v, but its code gives %+v, %v", s, code, again, err)
		}
		for _, nature := range []string{"公办", "民办", "公办民营", "民办公助", "单位办"} {
			CreditCodeFitsNature(code, nature)
		}
	})
}

func FuzzNormaliseMobile(f *testing.F) {
	for _, s := range []string{"13800138000", "+86 138-0013-8000", "0086 13800138000", "+", "86", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := NormaliseMobile(s)
		if err != nil {
			if !isKnownError(err) {
				t.Fatalf("NormaliseMobile(%q): unknown error %v", s, err)
			}
			return
		}
		again, err := NormaliseMobile(m)
		if err != nil || again != m || len(m) != 11 {
			t.Fatalf("NormaliseMobile(%q) = %q, but again gives %q, %v", s, m, again, err)
		}
	})
}

func FuzzValidateCertificate(f *testing.F) {
	for i, s := range []string{"11010519491231002x", "830000199201300022", "q610123456", "E12345678",
		"usa110085081501", " 军字第１２３４５号 ", "\xff"} {
		f.Add(uint8(i), s)
	}
	types := CertTypes()
	f.Fuzz(func(t *testing.T, which uint8, s string) {
		typ := CertType("unknown")
		if int(which) < len(types) {
			typ = types[which].Type
		}
		n, err := ValidateCertificate(typ, s, testToday)
		if err != nil {
			if !isKnownError(err) {
				t.Fatalf("ValidateCertificate(%s, %q): unknown error %v", typ, s, err)
			}
			return
		}
		again, err := ValidateCertificate(typ, n, testToday)
		if err != nil || again != n {
			t.Fatalf("ValidateCertificate(%s, %q) = %q, but again gives %q, %v", typ, s, n, again, err)
		}
	})
}

func FuzzMask(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "13800138000", "AB", "军字第12345号", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Mask(s)
		n := utf8.RuneCountInString(out)
		shown := 0
		for _, r := range out {
			if r != '*' {
				shown++
			}
		}
		if shown > 10 || shown*12 > n*7 {
			t.Fatalf("Mask(%q) = %q shows %d of %d characters", s, out, shown, n)
		}
	})
}
