package cnid

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Published examples with the facts their sources state about them.
func TestParseResidentIDPublished(t *testing.T) {
	tests := []struct {
		source  string
		in      string
		want    string
		kind    IDKind
		birth   time.Time
		sex     Sex
		address string
	}{
		// GB 11643-1999 example: 北京市朝阳区, born 1949-12-31, a woman.
		{"GB 11643-1999 example", "11010519491231002X", "11010519491231002X", KindResidentID, date(1949, 12, 31), SexFemale, "110105"},
		// GB 11643-1999 example: 广东省汕头市潮阳县, born 1880-01-01, a man.
		{"GB 11643-1999 example", "440524188001010014", "440524188001010014", KindResidentID, date(1880, 1, 1), SexMale, "440524"},
		// python-stdnum stdnum/cn/ric.py doctest: born 1991-01-01.
		{"python-stdnum cn/ric", "360426199101010071", "360426199101010071", KindResidentID, date(1991, 1, 1), SexMale, "360426"},
		// python-stdnum tests/test_cn_ric.doctest: lower-case x, normalised to X, born 2014-10-05.
		{"python-stdnum cn/ric, lower-case x", "44011320141005001x", "44011320141005001X", KindResidentID, date(2014, 10, 5), SexMale, "440113"},
		// Specimen permit numbers published by the Beijing public security bureau
		// (quoted in the README of jxlwqq/id-validator.py).
		{"Beijing PSB specimen, Hong Kong/Macao permit", "810000199408230021", "810000199408230021", KindHongKongPermit, date(1994, 8, 23), SexFemale, "810000"},
		{"Beijing PSB specimen, Taiwan permit", "830000199201300022", "830000199201300022", KindTaiwanPermit, date(1992, 1, 30), SexFemale, "830000"},
		// Surrounding spaces and full-width characters from a Chinese input method.
		{"GB 11643-1999 example, padded", "  11010519491231002X\t", "11010519491231002X", KindResidentID, date(1949, 12, 31), SexFemale, "110105"},
		{"GB 11643-1999 example, full-width", "１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X", KindResidentID, date(1949, 12, 31), SexFemale, "110105"},
	}
	for _, tt := range tests {
		t.Run(tt.source+" "+tt.in, func(t *testing.T) {
			got, err := ParseResidentID(tt.in, testToday)
			if err != nil {
				t.Fatalf("ParseResidentID(%q) error %v", tt.in, err)
			}
			want := ResidentID{Number: tt.want, Kind: tt.kind, Birth: tt.birth, Sex: tt.sex, AddressCode: tt.address}
			if got != want {
				t.Errorf("ParseResidentID(%q) = %+v, want %+v", tt.in, got, want)
			}
		})
	}
}

// The check characters of the published examples come out of the algorithm.
func TestResidentIDCheckCharPublished(t *testing.T) {
	for _, number := range []string{
		"11010519491231002X", // GB 11643-1999 example
		"440524188001010014", // GB 11643-1999 example
		"360426199101010071", // python-stdnum cn/ric
		"810000199408230021", // Beijing PSB specimen permit
		"830000199201300022", // Beijing PSB specimen permit
	} {
		got, err := ResidentIDCheckChar(number[:17])
		if err != nil || got != number[17] {
			t.Errorf("ResidentIDCheckChar(%q) = %q, %v; want %q", number[:17], got, err, number[17])
		}
	}
}

func TestResidentIDCheckCharErrors(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want error
	}{
		{"1101051949123100", ErrLength},
		{"110105194912310021", ErrLength},
		{"11010519491231A02", ErrCharset},
	} {
		if _, err := ResidentIDCheckChar(tt.in); !errors.Is(err, tt.want) {
			t.Errorf("ResidentIDCheckChar(%q) error %v, want %v", tt.in, err, tt.want)
		}
	}
}

// Every wrong check character is refused (GB 11643 example with each other character).
func TestParseResidentIDWrongCheckChar(t *testing.T) {
	const valid = "11010519491231002X" // GB 11643-1999 example
	for _, c := range "0123456789" {
		in := valid[:17] + string(c)
		if _, err := ParseResidentID(in, testToday); !errors.Is(err, ErrCheckChar) {
			t.Errorf("ParseResidentID(%q) error %v, want ErrCheckChar", in, err)
		}
	}
	// python-stdnum tests/test_cn_ric.doctest: invalid checksum.
	if _, err := ParseResidentID("36042619910102009X", testToday); !errors.Is(err, ErrCheckChar) {
		t.Errorf("36042619910102009X: error %v, want ErrCheckChar", err)
	}
}

func TestParseResidentIDRefused(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"empty", "", ErrEmpty},
		{"only spaces", " \u3000 ", ErrEmpty},
		{"first-generation 15-digit number", "610104620927690", ErrLength},
		{"too long", "11010519491231002X0", ErrLength},
		{"letter inside", "1101051949123100X2", ErrCharset},
		{"inner space", "110105 19491231002X", ErrCharset},
		{"Chinese character", "11010519491231002号", ErrCharset},
		// python-stdnum tests/test_cn_ric.doctest: invalid format.
		{"letter at start", "T60426199101010078", ErrCharset},
		// python-stdnum tests/test_cn_ric.doctest: month 13.
		{"month 13", "360426199113010079", ErrBirthDate},
		{"address starting 0", withResidentCheck(t, "01010519491231002"), ErrAddressCode},
		{"81 prefix but not the permit code", withResidentCheck(t, "81010119900101002"), ErrAddressCode},
		{"83 prefix but not the permit code", withResidentCheck(t, "83120019900101002"), ErrAddressCode},
		{"day 00", withResidentCheck(t, "61060220200100001"), ErrBirthDate},
		{"April 31", withResidentCheck(t, "61060220200431001"), ErrBirthDate},
		{"year before EarliestBirthYear", withResidentCheck(t, "61060217990101001"), ErrBirthDate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseResidentID(tt.in, testToday); !errors.Is(err, tt.want) {
				t.Errorf("ParseResidentID(%q) error %v, want %v", tt.in, err, tt.want)
			}
		})
	}
}

// Feb 29 exists only in leap years: divisible by 4, except centuries not divisible by 400.
func TestParseResidentIDLeapDay(t *testing.T) {
	tests := []struct {
		first17 string
		want    error
	}{
		{"61060220000229002", nil},          // 2000: divisible by 400
		{"61060220240229002", nil},          // 2024: divisible by 4
		{"61060219000229002", ErrBirthDate}, // 1900: century, not divisible by 400
		{"61060220230229002", ErrBirthDate}, // 2023: not divisible by 4
		{"61060220250229002", ErrBirthDate}, // 2025
		{"61060220240230002", ErrBirthDate}, // Feb 30 never exists
	}
	for _, tt := range tests {
		in := withResidentCheck(t, tt.first17)
		id, err := ParseResidentID(in, testToday)
		if !errors.Is(err, tt.want) {
			t.Errorf("ParseResidentID(%q) error %v, want %v", in, err, tt.want)
			continue
		}
		if err == nil && (id.Birth.Month() != time.February || id.Birth.Day() != 29) {
			t.Errorf("ParseResidentID(%q) birth %v, want 29 February", in, id.Birth)
		}
	}
}

func TestParseResidentIDFutureBirth(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	today := time.Date(2026, time.September, 15, 0, 30, 0, 0, shanghai) // still 14 September in UTC
	tests := []struct {
		first17 string
		want    error
	}{
		{"61060220260915001", nil},            // born today
		{"61060220260914001", nil},            // yesterday
		{"61060220260916001", ErrFutureBirth}, // tomorrow
		{"61060220261001001", ErrFutureBirth}, // next month
		{"61060220270101001", ErrFutureBirth}, // next year
	}
	for _, tt := range tests {
		in := withResidentCheck(t, tt.first17)
		if _, err := ParseResidentID(in, today); !errors.Is(err, tt.want) {
			t.Errorf("ParseResidentID(%q, %v) error %v, want %v", in, today, err, tt.want)
		}
	}
}

// 子长县 610623 became 子长市 610681 in 2019 (docs/domain-reference.md §9.3); cards
// issued earlier keep the old code and stay valid.
func TestParseResidentIDOldAddressCode(t *testing.T) {
	in := withResidentCheck(t, "61062320150601003")
	id, err := ParseResidentID(in, testToday)
	if err != nil {
		t.Fatalf("ParseResidentID(%q) error %v", in, err)
	}
	if id.AddressCode != "610623" || id.Kind != KindResidentID || id.Sex != SexMale {
		t.Errorf("ParseResidentID(%q) = %+v", in, id)
	}
}

func TestParseResidentIDPermits(t *testing.T) {
	macao := withResidentCheck(t, "82000020200101002")
	id, err := ParseResidentID(macao, testToday)
	if err != nil || id.Kind != KindMacaoPermit || !id.Kind.IsResidencePermit() {
		t.Errorf("ParseResidentID(%q) = %+v, %v; want a Macao permit", macao, id, err)
	}
	if KindResidentID.IsResidencePermit() {
		t.Error("KindResidentID.IsResidencePermit() = true")
	}

	// The permit codes are settings ([U] docs/domain-reference.md §9.1).
	rules := DefaultRules()
	rules.MacaoPermitCode = "820100"
	if _, err := rules.ParseResidentID(macao, testToday); !errors.Is(err, ErrAddressCode) {
		t.Errorf("with MacaoPermitCode 820100, %q: error %v, want ErrAddressCode", macao, err)
	}
}

func TestParseResidentIDSex(t *testing.T) {
	for digit := byte('0'); digit <= '9'; digit++ {
		in := withResidentCheck(t, "6106022020010100"+string(digit))
		id, err := ParseResidentID(in, testToday)
		if err != nil {
			t.Fatalf("ParseResidentID(%q) error %v", in, err)
		}
		want := SexFemale
		if (digit-'0')%2 == 1 {
			want = SexMale
		}
		if id.Sex != want {
			t.Errorf("digit 17 = %c: sex %q, want %q", digit, id.Sex, want)
		}
	}
}

// Errors must not leak the number into logs.
func TestErrorsDoNotContainInput(t *testing.T) {
	in := "11010519491231002" + "3"
	_, err := ParseResidentID(in, testToday)
	if err == nil || strings.Contains(err.Error(), in[:6]) {
		t.Errorf("error %v should exist and not contain the number", err)
	}
}

func BenchmarkParseResidentID(b *testing.B) {
	const in = "11010519491231002X" // GB 11643-1999 example
	for b.Loop() {
		if _, err := ParseResidentID(in, testToday); err != nil {
			b.Fatal(err)
		}
	}
}
