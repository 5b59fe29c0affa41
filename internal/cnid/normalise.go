package cnid

import (
	"strings"
	"unicode"
)

// cleanInput folds full-width ASCII forms (U+FF01-U+FF5E, and the ideographic
// space U+3000) that Chinese input methods produce to plain ASCII, then trims
// surrounding white space and the invisible characters (zero-width space,
// byte-order mark) that arrive with cells pasted from spreadsheets.
func cleanInput(s string) string {
	if !isASCII(s) {
		s = strings.Map(foldWidth, s)
	}
	return strings.TrimFunc(s, isBlank)
}

func foldWidth(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFF01 + '!'
	case r == 0x3000:
		return ' '
	}
	return r
}

func isBlank(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return unicode.IsSpace(r)
}

// upperASCII upper-cases ASCII letters only, allocating only when needed.
func upperASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'a' && s[i] <= 'z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'a' && b[j] <= 'z' {
					b[j] -= 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
