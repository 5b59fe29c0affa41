package cnid

import (
	"strings"
	"unicode/utf8"
)

// Mask hides the middle of an identity number for lists and logs. An
// 18-character number keeps its first 6 and last 4 characters
// (610602********123X). Other lengths keep at most a third of the
// characters at the start (never more than 6) and a quarter at the end
// (never more than 4), so an 11-digit mobile shows 138******78; inputs
// shorter than 8 characters are masked completely. Surrounding white space
// is dropped; each hidden character becomes one '*'.
func Mask(number string) string {
	number = strings.TrimSpace(number)
	n := utf8.RuneCountInString(number)
	head, tail := min(6, n/3), min(4, n/4)
	if n < 8 {
		head, tail = 0, 0
	}
	var b strings.Builder
	b.Grow(len(number))
	i := 0
	for _, r := range number {
		if i < head || i >= n-tail {
			b.WriteRune(r)
		} else {
			b.WriteByte('*')
		}
		i++
	}
	return b.String()
}
