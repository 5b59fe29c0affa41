package cnid

import (
	"testing"
	"unicode/utf8"
)

func TestMask(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"61060220150101123X", "610602********123X"}, // issue text: first 6, last 4
		{" 11010519491231002X ", "110105********002X"},
		{"11010519491231002X0000", "110105************0000"}, // longer: still 6 + 4
		{"USA110085081501", "USA11*******501"},               // 15: 5 + 3 shown
		{"13800138000", "138******00"},                       // 11: 3 + 2 shown
		{"Q610123456", "Q61*****56"},                         // 10: 3 + 2 shown
		{"军字第12345号", "军字第****5号"},                           // 9 characters: 3 + 2 shown
		{"E1234567", "E1****67"},                             // 8: 2 + 2 shown
		{"E123456", "*******"},                               // under 8: all hidden
		{"AB1", "***"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// At most 6 + 4 characters and never more than 7/12 of them are shown.
func TestMaskShowsLittle(t *testing.T) {
	for n := 0; n <= 40; n++ {
		in := ""
		for i := 0; i < n; i++ {
			in += "7"
		}
		out := Mask(in)
		shown := 0
		for _, r := range out {
			if r != '*' {
				shown++
			}
		}
		if utf8.RuneCountInString(out) != n || shown > 10 || shown*12 > n*7 {
			t.Errorf("Mask of %d characters = %q (%d shown)", n, out, shown)
		}
	}
}
