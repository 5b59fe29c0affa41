package i18n

import (
	"sort"
	"testing"
)

// TestCatalogPlain checks every key of the catalog in both languages: the
// Chinese has no rule code, source tag or English word, the English no
// Chinese.
func TestCatalogPlain(t *testing.T) {
	keys := Keys()
	sort.Strings(keys)
	if len(keys) < 500 {
		t.Fatalf("only %d keys: is the catalog loaded?", len(keys))
	}
	for _, k := range keys {
		if !Checked(k) {
			continue
		}
		zh, en := Both(k)
		for _, p := range PlainZh(zh) {
			t.Errorf("%s zh %q: %s", k, zh, p)
		}
		for _, p := range PlainEn(en) {
			t.Errorf("%s en %q: %s", k, en, p)
		}
	}
}

func TestPlainCatches(t *testing.T) {
	for _, s := range []string{"违规 institution 名称", "规则 staff.health_check", "依据 [C] GH-TotSafe", "见 domain-reference §1.1"} {
		if len(PlainZh(s)) == 0 {
			t.Errorf("PlainZh(%q) found nothing", s)
		}
	}
	for _, s := range []string{"依据《托育机构设置标准（试行）》第十九条", "上传 PDF、JPEG 或 PNG，%d 个", "WS/T 821—2023", "身份证号（ID）"} {
		if p := PlainZh(s); len(p) > 0 {
			t.Errorf("PlainZh(%q) = %v", s, p)
		}
	}
	if len(PlainEn("Health certificate 健康")) == 0 || len(PlainEn("Health certificate")) > 0 {
		t.Error("PlainEn")
	}
}
