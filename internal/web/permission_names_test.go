package web

import (
	"io/fs"
	"regexp"
	"testing"

	"tuoyu/internal/authz"
)

// TestTemplatesNameKnownPermissions: every {{.Can "…"}} in a template names
// a row of the permission table, so a typo cannot hide a button for good.
func TestTemplatesNameKnownPermissions(t *testing.T) {
	can := regexp.MustCompile(`\.Can\s+("[^"]*"|[^\s})]+)`)
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, name := range names {
		b, err := fs.ReadFile(templateFiles, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range can.FindAllStringSubmatch(string(b), -1) {
			n++
			arg := m[1]
			if len(arg) < 2 || arg[0] != '"' || arg[len(arg)-1] != '"' {
				t.Errorf("%s: .Can %s: name the permission as a literal", name, arg)
				continue
			}
			if p := authz.Permission(arg[1 : len(arg)-1]); !authz.Known(p) {
				t.Errorf("%s: .Can %q names no permission of authz.Table", name, p)
			}
		}
	}
	if n == 0 {
		t.Fatal("no .Can found in the templates")
	}
}

// TestNavLinksNamePermissions: every link of the navigation and every
// institution tab names a row of the permission table.
func TestNavLinksNamePermissions(t *testing.T) {
	links := append([]navLink{}, nav...)
	for _, s := range shortcuts {
		links = append(links, s...)
	}
	for _, l := range links {
		if l.shortcuts {
			continue
		}
		if !authz.Known(l.perm) || (l.unless != "" && !authz.Known(l.unless)) {
			t.Errorf("nav link %s: unknown permission %q / %q", l.Key, l.perm, l.unless)
		}
	}
	for _, tab := range institutionTabs {
		if !authz.Known(tab.perm) {
			t.Errorf("tab %s: unknown permission %q", tab.name, tab.perm)
		}
	}
}
