// Package i18n is the one catalog of user-facing strings, in Simplified
// Chinese (the default) and English. A test checks every key has both.
package i18n

import (
	"fmt"
	"net/http"
	"strings"
)

// Languages offered, default first.
var Languages = []string{"zh", "en"}

type entry struct{ zh, en string }

// add merges a capability's strings into the catalog; each catalog_*.go
// file calls it from an init function. A key defined twice is a bug.
func add(entries map[string]entry) {
	for k, v := range entries {
		if _, dup := catalog[k]; dup {
			panic("i18n: key defined twice: " + k)
		}
		catalog[k] = v
	}
}

// merged is add for a catalog file that registers its strings as a
// package variable rather than in an init function.
func merged(entries map[string]entry) bool {
	add(entries)
	return true
}

// T translates a key; an unknown key is returned as it is, so a value that
// needs no translation (a name, a number) passes through.
func T(lang, key string, args ...any) string {
	e, ok := catalog[key]
	if !ok {
		return key
	}
	s := e.zh
	if lang == "en" {
		s = e.en
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Has reports whether the catalog holds a key.
func Has(key string) bool { _, ok := catalog[key]; return ok }

// Keys lists every key, for tests.
func Keys() []string {
	out := make([]string, 0, len(catalog))
	for k := range catalog {
		out = append(out, k)
	}
	return out
}

// Both returns the Chinese and English text of a key.
func Both(key string) (zh, en string) {
	e := catalog[key]
	return e.zh, e.en
}

// FromRequest picks the language: the "lang" cookie, else Accept-Language,
// else Chinese.
func FromRequest(r *http.Request) string {
	if c, err := r.Cookie("lang"); err == nil && (c.Value == "zh" || c.Value == "en") {
		return c.Value
	}
	al := strings.ToLower(r.Header.Get("Accept-Language"))
	if strings.HasPrefix(al, "en") {
		return "en"
	}
	return "zh"
}
