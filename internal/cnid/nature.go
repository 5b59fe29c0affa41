package cnid

// natureRegistrations is the one table of which credit-code prefixes
// (positions 1-2) fit each institution nature (办园性质). It is a plausibility
// cross-check between the declared nature and the registration, not a legal
// rule. [S] docs/domain-reference.md §3.1 (a 事业单位 registers with the 机构编制
// department → 12; a non-profit 社会服务机构 with 民政 → 52; a for-profit
// with 市场监管 → 91 企业 or 92 个体工商户) and §9.2 (prefix meanings).
// The mixed natures and 单位办 follow the issue text: an employer-run point
// may be registered by the employer itself or by a subsidiary.
var natureRegistrations = [...]struct {
	nature   string
	prefixes []string
}{
	{"公办", []string{"11", "12"}},              // 机关, 事业单位
	{"民办", []string{"52", "91", "92"}},        // 社会服务机构, 企业, 个体工商户
	{"公办民营", []string{"12", "52", "91"}},      // public owner, private operator
	{"民办公助", []string{"12", "52", "91"}},      // private owner, public subsidy
	{"单位办", []string{"12", "52", "91", "92"}}, // employer or its subsidiary
}

// CreditCodeFitsNature reports whether the registration type of code fits the
// institution nature (公办, 民办, 公办民营, 民办公助 or 单位办). An unknown
// nature never fits.
func CreditCodeFitsNature(code CreditCode, nature string) bool {
	for _, n := range natureRegistrations {
		if n.nature != nature {
			continue
		}
		for _, p := range n.prefixes {
			if code.Authority == p[0] && code.Category == p[1] {
				return true
			}
		}
		return false
	}
	return false
}
