package cnid

import (
	"errors"
	"testing"
)

// Credit codes published by their holders or collected from public records.
func TestParseCreditCodePublished(t *testing.T) {
	tests := []struct {
		source   string
		in       string
		want     string
		division string
		regType  string
	}{
		// 华为技术有限公司, registered in Shenzhen (440300): the company's published
		// code, e.g. in the national enterprise credit publicity system.
		{"华为技术有限公司", "914403001922038216", "914403001922038216", "440300", "企业"},
		// 深圳市腾讯计算机系统有限公司: its public registration record; the same code
		// is embedded in the AIGC producer label of its generated content
		// (ContentProducer 001191440300708461136T...).
		{"深圳市腾讯计算机系统有限公司", "91440300708461136T", "91440300708461136T", "440300", "企业"},
		// The rest are from python-stdnum tests/test_cn_uscc.doctest ("found online").
		{"python-stdnum, 事业单位", "121200004013590816", "121200004013590816", "120000", "事业单位"},
		{"python-stdnum", "91110000600037341L", "91110000600037341L", "110000", "企业"},
		{"python-stdnum, X inside", "9144030071526726XG", "9144030071526726XG", "440300", "企业"},
		{"python-stdnum, letter in organisation code", "91620105L015101280", "91620105L015101280", "620105", "企业"},
		{"python-stdnum, MA organisation code", "91340600MA2PBM9HXD", "91340600MA2PBM9HXD", "340600", "企业"},
		{"python-stdnum, 个体工商户", "92340602MA2PBMEM24", "92340602MA2PBMEM24", "340602", "个体工商户"},
		{"python-stdnum, lower case", "9144030071526726xg", "9144030071526726XG", "440300", "企业"},
		{"python-stdnum, padded", "  91110000600037341L ", "91110000600037341L", "110000", "企业"},
		{"python-stdnum, full-width", "９１１１００００６０００３７３４１Ｌ", "91110000600037341L", "110000", "企业"},
	}
	for _, tt := range tests {
		t.Run(tt.source, func(t *testing.T) {
			got, err := ParseCreditCode(tt.in)
			if err != nil {
				t.Fatalf("ParseCreditCode(%q) error %v", tt.in, err)
			}
			want := CreditCode{
				Code:             tt.want,
				Authority:        tt.want[0],
				Category:         tt.want[1],
				Division:         tt.division,
				RegistrationType: tt.regType,
			}
			if got != want {
				t.Errorf("ParseCreditCode(%q) = %+v, want %+v", tt.in, got, want)
			}
			if got.Prefix() != tt.want[:2] {
				t.Errorf("Prefix() = %q, want %q", got.Prefix(), tt.want[:2])
			}
		})
	}
}

func TestCreditCodeCheckCharPublished(t *testing.T) {
	for _, code := range []string{
		"914403001922038216", // 华为技术有限公司
		"91440300708461136T", // 深圳市腾讯计算机系统有限公司
		"121200004013590816", // python-stdnum
		"9144030071526726XG", // python-stdnum
		"92340602MA2PBMEM24", // python-stdnum
	} {
		got, err := CreditCodeCheckChar(code[:17])
		if err != nil || got != code[17] {
			t.Errorf("CreditCodeCheckChar(%q) = %q, %v; want %q", code[:17], got, err, code[17])
		}
	}
	for _, tt := range []struct {
		in   string
		want error
	}{
		{"9144030019220382", ErrLength},
		{"91440300192203821I", ErrLength},
		{"9144030019220382I", ErrCharset},
		{"9144030019220382a", ErrCharset},
	} {
		if _, err := CreditCodeCheckChar(tt.in); !errors.Is(err, tt.want) {
			t.Errorf("CreditCodeCheckChar(%q) error %v, want %v", tt.in, err, tt.want)
		}
	}
}

// Every wrong check character is refused.
func TestParseCreditCodeWrongCheckChar(t *testing.T) {
	const valid = "914403001922038216" // 华为技术有限公司
	for i := 0; i < len(creditCharset); i++ {
		if creditCharset[i] == valid[17] {
			continue
		}
		in := valid[:17] + string(creditCharset[i])
		if _, err := ParseCreditCode(in); !errors.Is(err, ErrCheckChar) {
			t.Errorf("ParseCreditCode(%q) error %v, want ErrCheckChar", in, err)
		}
	}
}

func TestParseCreditCodeRefused(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"empty", "  ", ErrEmpty},
		// python-stdnum tests/test_cn_uscc.doctest
		{"too short", "12345", ErrLength},
		{"I O Z S V are not in the set", "9111000060003IOZSV", ErrCharset},
		{"wrong check", "91110000600037341N", ErrCheckChar},
		// own cases
		{"old 15-digit registration number", "440301104001819", ErrLength},
		{"letter I", "91440300I92203821" + "6", ErrCharset},
		{"letter O", "91440300O92203821" + "6", ErrCharset},
		{"lower-case o is upper-cased and still refused", "91440300o922038216", ErrCharset},
		{"inner space", "914403 001922038216", ErrCharset},
		{"too long", "9144030019220382160", ErrLength},
		{"letter in division code", withCreditCheck(t, "91A4030019220382"+"1"), ErrDivisionCode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseCreditCode(tt.in); !errors.Is(err, tt.want) {
				t.Errorf("ParseCreditCode(%q) error %v, want %v", tt.in, err, tt.want)
			}
		})
	}
}

func TestParseCreditCodeRegistrationTypes(t *testing.T) {
	// Prefix meanings: docs/domain-reference.md §9.2 and the GB 32100 table in public
	// implementations (GH-USCC).
	tests := []struct {
		prefix, want string
	}{
		{"11", "机关"},
		{"12", "事业单位"},
		{"13", "中央编办直接管理机构编制的群众团体"},
		{"51", "社会团体"},
		{"52", "社会服务机构"},
		{"53", "基金会"},
		{"91", "企业"},
		{"92", "个体工商户"},
		{"93", "农民专业合作社"},
		{"Y1", "其他"},
		{"81", ""}, // 工会 category: meaning disputed in public sources, so unknown
		{"A1", ""},
	}
	for _, tt := range tests {
		in := withCreditCheck(t, tt.prefix+"610602"+"MA6Y00001")
		got, err := ParseCreditCode(in)
		if err != nil {
			t.Fatalf("ParseCreditCode(%q) error %v", in, err)
		}
		if got.RegistrationType != tt.want || got.Division != "610602" {
			t.Errorf("ParseCreditCode(%q) = %+v, want type %q, division 610602", in, got, tt.want)
		}
	}
}

// The GB 11714 check of characters 9-17 is an opt-in setting ([U] §9.2).
func TestParseCreditCodeOrganisationCheck(t *testing.T) {
	strict := DefaultRules()
	strict.CheckOrganisationCode = true
	// Real codes (sources as in TestParseCreditCodePublished) pass the extra check,
	// including MA... codes and codes with X as organisation check character.
	for _, code := range []string{"914403001922038216", "91440300708461136T", "121200004013590816",
		"9144030071526726XG", "91620105L015101280", "91340600MA2PBM9HXD", "92340602MA2PBMEM24"} {
		if _, err := strict.ParseCreditCode(code); err != nil {
			t.Errorf("strict ParseCreditCode(%q) error %v", code, err)
		}
	}
	// Huawei's organisation code 19220382-1 with a wrong organisation check
	// character, completed with a correct GB 32100 check character.
	bad := withCreditCheck(t, "91440300192203822")
	if _, err := ParseCreditCode(bad); err != nil {
		t.Errorf("default ParseCreditCode(%q) error %v, want nil (check is off by default)", bad, err)
	}
	if _, err := strict.ParseCreditCode(bad); !errors.Is(err, ErrOrganisationCode) {
		t.Errorf("strict ParseCreditCode(%q) error %v, want ErrOrganisationCode", bad, err)
	}
}

func BenchmarkParseCreditCode(b *testing.B) {
	const in = "914403001922038216" // 华为技术有限公司
	for b.Loop() {
		if _, err := ParseCreditCode(in); err != nil {
			b.Fatal(err)
		}
	}
}
