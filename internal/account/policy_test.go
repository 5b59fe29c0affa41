package account

import (
	"strings"
	"testing"

	"tuoyu/data"
	"tuoyu/internal/domain"
)

// TestCommonPasswordList: the shipped list is a few hundred entries or
// more, read without its notes, and compared without regard to case.
func TestCommonPasswordList(t *testing.T) {
	if n := len(common); n < 300 {
		t.Fatalf("%d common passwords, want a few hundred", n)
	}
	for _, line := range strings.Split(data.CommonPasswords, "\n") {
		if strings.HasPrefix(line, "#") && common[strings.ToLower(line)] {
			t.Errorf("the note %q is read as a password", line)
		}
	}
	for _, p := range []string{"123456", "PASSWORD", "Qwertyuiop", "woaini1314", "5201314520"} {
		if !IsCommon(p) {
			t.Errorf("%q is not on the list", p)
		}
	}
	if IsCommon("lotus-pond-morning") {
		t.Error("an uncommon password is on the list")
	}
}

// TestPasswordPolicy is the table of the policy's cases and their reasons.
func TestPasswordPolicy(t *testing.T) {
	set := Settings{MinPasswordLength: DefaultMinPasswordLength}
	cases := []struct{ username, password, reason string }{
		{"wangfang", "lotus-pond-morning", ""},
		{"wangfang", "lotus-1", ReasonPasswordShort},
		{"wangfang", "九个汉字的密码不够", ReasonPasswordShort},
		{"wangfang", "十个汉字的密码就够了吧", ""},
		{"wangfang", strings.Repeat("x", 129), ReasonPasswordLong},
		{"wangfang", "my-WangFang-2026", ReasonPasswordUsername},
		{"13912345678", "13912345678a", ReasonPasswordUsername},
		{"ab", "ab-lotus-pond", ""}, // a username this short is not looked for
		{"wangfang", "1234567890", ReasonPasswordCommon},
		{"wangfang", "QAZWSXEDCRFV", ReasonPasswordCommon},
	}
	for _, c := range cases {
		p := domain.Problems{}
		checkPassword(set, c.username, c.password, "password", p)
		if p["password"] != c.reason {
			t.Errorf("%s / %q: %q, want %q", c.username, c.password, p["password"], c.reason)
		}
	}
	p := domain.Problems{}
	checkPassword(Settings{MinPasswordLength: 20}, "wangfang", "lotus-pond-morning", "password", p)
	if p["password"] != ReasonPasswordShort {
		t.Errorf("a minimum of 20: %v", p)
	}
}
