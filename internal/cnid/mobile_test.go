package cnid

import (
	"errors"
	"testing"
)

// Mainland mobile numbers are 11 digits starting 13-19 (MIIT numbering plan,
// issue text). 13800138000 is China Mobile's long-standing example number.
func TestNormaliseMobile(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  error
	}{
		{"13800138000", "13800138000", nil},
		{"138 0013 8000", "13800138000", nil},
		{"138-0013-8000", "13800138000", nil},
		{"+86 138 0013 8000", "13800138000", nil},
		{"+86-13800138000", "13800138000", nil},
		{"+8613800138000", "13800138000", nil},
		{"8613800138000", "13800138000", nil},
		{"0086 138 0013 8000", "13800138000", nil},
		{"＋８６　１３８００１３８０００", "13800138000", nil}, // full-width
		{"19912345678", "19912345678", nil},
		{"16612345678", "16612345678", nil},
		{"", "", ErrEmpty},
		{"12345678901", "", ErrMobile},   // second digit 2
		{"11012345678", "", ErrMobile},   // second digit 1
		{"23800138000", "", ErrMobile},   // not starting 1
		{"1380013800", "", ErrMobile},    // 10 digits
		{"138001380001", "", ErrMobile},  // 12 digits
		{"+85291234567", "", ErrMobile},  // Hong Kong
		{"+1 4155550100", "", ErrMobile}, // another country
		{"138+00138000", "", ErrMobile},  // + not in front
		{"++8613800138000", "", ErrMobile},
		{"(138)00138000", "", ErrMobile},
		{"029-88888888", "", ErrMobile}, // Xi'an landline
		{"10086", "", ErrMobile},
		{"861380013800", "", ErrMobile}, // 86 + 10 digits
		{"13800138000138001380001380013800", "", ErrMobile},
	}
	for _, tt := range tests {
		got, err := NormaliseMobile(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("NormaliseMobile(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}
