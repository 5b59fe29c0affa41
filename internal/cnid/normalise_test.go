package cnid

import "testing"

func TestCleanInput(t *testing.T) {
	tests := []struct{ in, want string }{
		{"abc", "abc"},
		{" \t abc \r\n", "abc"},
		{"\u3000ＡＢＣ１２３\u3000", "ABC123"}, // ideographic space and full-width forms
		{"\ufeff\u200babc\u200b", "abc"}, // BOM and zero-width space from spreadsheets
		{"a\u3000b", "a b"},              // inner ideographic space becomes a space
		{"军字第１２号", "军字第12号"},             // other characters untouched
		{"\uFF01\uFF5E", "!~"},           // ends of the full-width block
		{"\uFF00\uFF5F", "\uFF00\uFF5F"}, // just outside it
	}
	for _, tt := range tests {
		if got := cleanInput(tt.in); got != tt.want {
			t.Errorf("cleanInput(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
