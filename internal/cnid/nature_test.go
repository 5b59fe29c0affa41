package cnid

import "testing"

// Expected pairs from the issue text, grounded in docs/domain-reference.md §3.1 and §9.2.
func TestCreditCodeFitsNature(t *testing.T) {
	fits := map[string][]string{
		"公办":   {"11", "12"},
		"民办":   {"52", "91", "92"},
		"公办民营": {"12", "52", "91"},
		"民办公助": {"12", "52", "91"},
		"单位办":  {"12", "52", "91", "92"},
	}
	prefixes := []string{"11", "12", "13", "19", "51", "52", "53", "59", "91", "92", "93", "Y1"}
	for nature, ok := range fits {
		for _, p := range prefixes {
			code, err := ParseCreditCode(withCreditCheck(t, p+"610602MA6Y00001"))
			if err != nil {
				t.Fatal(err)
			}
			want := false
			for _, o := range ok {
				want = want || o == p
			}
			if got := CreditCodeFitsNature(code, nature); got != want {
				t.Errorf("CreditCodeFitsNature(%s…, %s) = %v, want %v", p, nature, got, want)
			}
		}
	}
	huawei, err := ParseCreditCode("914403001922038216") // 华为技术有限公司, 企业
	if err != nil {
		t.Fatal(err)
	}
	for _, nature := range []string{"", "private", "公立", "其他"} {
		if CreditCodeFitsNature(huawei, nature) {
			t.Errorf("unknown nature %q fits", nature)
		}
	}
	if CreditCodeFitsNature(CreditCode{}, "民办") {
		t.Error("zero CreditCode fits 民办")
	}
}
