// Package collate orders people's names as Chinese readers expect: by
// pinyin (toneless, syllable by syllable), then by the characters, so 安
// comes before 白 and 张 after 王, whatever the code points.
package collate

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

var args = pinyin.NewArgs() // toneless, the first (commonest) reading

// Key is a name's sort key: each Han character as its pinyin syllable,
// other letters lowercased, syllables separated by a space (which sorts
// before every letter, so "li" comes before "lin").
func Key(name string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(name) {
		if unicode.Is(unicode.Han, r) {
			if py := pinyin.SinglePinyin(r, args); len(py) > 0 {
				b.WriteString(py[0])
				b.WriteByte(' ')
				continue
			}
		}
		if unicode.IsSpace(r) || r == '·' || r == '•' {
			b.WriteByte(' ')
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// Compare orders two names by Key, then by the names themselves.
func Compare(a, b string) int {
	if c := strings.Compare(Key(a), Key(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}
