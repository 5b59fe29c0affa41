package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"tuoyu/internal/audit"
	"tuoyu/internal/domain"
	"tuoyu/internal/i18n"
	"tuoyu/internal/supervision"
)

// checkKey fails when a catalog key is missing or lacks a language.
func checkKey(t *testing.T, where, key string) {
	t.Helper()
	if !i18n.Has(key) {
		t.Errorf("%s: key %q is not in the catalog", where, key)
		return
	}
	if zh, en := i18n.Both(key); zh == "" || en == "" {
		t.Errorf("%s: key %q lacks a language (zh %q, en %q)", where, key, zh, en)
	}
}

var (
	tCall      = regexp.MustCompile(`\bt "([^"]+)"`)
	fieldCall  = regexp.MustCompile(`\b(?:fld|sel|chk|area|grouped) [.$] (?:"([a-z_]+)"|\(print \$p "([a-z_]+)"\))`)
	labelCall  = regexp.MustCompile(`\blabel "([a-z_]+)"`)
	goKeyCalls = []*regexp.Regexp{
		regexp.MustCompile(`newPage\(r, "([^"]+)"\)`),
		regexp.MustCompile(`\.Title = "([^"]+)"`),
		regexp.MustCompile(`Problem = "([^"]+)"`),
		regexp.MustCompile(`Problem, status = errs, "([^"]+)"`),
		regexp.MustCompile(`i18n\.T\([a-zA-Z.]+, "([^"]+)"`),
		regexp.MustCompile(`\btr\("([^"]+)"\)`),
		regexp.MustCompile(`"((?:error|unit|timeline|field|home)\.[a-z_.]+)"`),
		regexp.MustCompile(`\?msg=([a-z_]+)"`),
	}
)

// TestTemplateKeysInCatalog scans the templates for {{t "key"}} and the
// field partials, and the Go code for the keys it passes to pages: every
// one must be in the catalog in both languages.
func TestTemplateKeysInCatalog(t *testing.T) {
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil || len(names) < 10 {
		t.Fatalf("templates: %v %v", names, err)
	}
	seen := 0
	for _, name := range names {
		b, _ := fs.ReadFile(templateFiles, name)
		src := string(b)
		for _, m := range tCall.FindAllStringSubmatch(src, -1) {
			checkKey(t, name, m[1])
			seen++
		}
		for _, m := range fieldCall.FindAllStringSubmatch(src, -1) {
			checkKey(t, name, "field."+m[1]+m[2])
			seen++
		}
		for _, m := range labelCall.FindAllStringSubmatch(src, -1) {
			checkKey(t, name, "field."+m[1])
		}
	}
	if seen < 200 {
		t.Errorf("only %d keys found in templates: is the scan broken?", seen)
	}
	files, _ := filepath.Glob("*.go")
	goKeys := 0
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for i, re := range goKeyCalls {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				key := m[1]
				if strings.HasSuffix(key, ".") {
					continue // a prefix of run-time keys: TestDynamicKeysInCatalog
				}
				if i == len(goKeyCalls)-1 {
					key = "flash." + key
				}
				checkKey(t, file, key)
				goKeys++
			}
		}
	}
	if goKeys < 30 {
		t.Errorf("only %d keys found in Go files: is the scan broken?", goKeys)
	}
}

// TestDynamicKeysInCatalog covers keys built at run time: domain values,
// field labels, roles, audit entities, session kinds and decision flashes.
func TestDynamicKeysInCatalog(t *testing.T) {
	var values []string
	values = append(values, domain.Kinds...)
	values = append(values, domain.Natures...)
	values = append(values, domain.CareTypes...)
	values = append(values, domain.PremisesNatures...)
	values = append(values, domain.InstitutionStatuses...)
	values = append(values, domain.MaterialTypes...)
	values = append(values, filingStatuses...)
	values = append(values, domain.FilingInitial, domain.FilingChange, domain.FilingCancel)
	values = append(values, domain.ReasonRequired, domain.ReasonTooLong, domain.ReasonNotAllowed, domain.ReasonNegative, domain.ReasonDate,
		domain.ReasonFuture, domain.ReasonPhone, domain.ReasonTownship, domain.ReasonExceeds, domain.ReasonDuplicate, domain.ReasonCommitment,
		domain.ReasonHomeLimit, domain.ReasonRange, reasonNotNumber, reasonMismatch, reasonFileSize)
	for _, r := range domain.Roles {
		values = append(values, string(r), "home.can."+string(r))
	}
	for _, e := range auditEntities {
		values = append(values, "entity."+e)
	}
	for _, a := range audit.Actions {
		values = append(values, "action."+string(a))
	}
	for _, g := range audit.Groups {
		values = append(values, "audit.group."+g.Key)
	}
	for _, a := range append(append([]supervision.Action{}, supervision.OversightActions...), supervision.CaseActions...) {
		values = append(values, "action."+string(a))
	}
	values = append(values, "audit.group.supervision", "audit.group.cases", "audit.subject.child", "audit.subject.guardian", "audit.subject.pickup")
	for _, g := range filingGroups {
		values = append(values, g.Key)
		for _, f := range g.Fields {
			values = append(values, "field."+f)
		}
	}
	values = append(values, "sessions.kind.session", "sessions.kind.api_token", "flash."+domain.FilingFiled, "flash."+domain.FilingReturned)
	for _, k := range errorKeys {
		values = append(values, k)
	}
	// Every field of the filing form, as domain.Diff names it, has a label.
	ft := reflect.TypeOf(domain.FilingData{})
	for i := 0; i < ft.NumField(); i++ {
		name := strings.Split(ft.Field(i).Tag.Get("json"), ",")[0]
		if name != "legal_rep_id_enc" {
			values = append(values, "field."+name)
		}
	}
	for _, v := range values {
		checkKey(t, "dynamic", v)
	}
}

// TestCatalogComplete checks that no key of the catalog lacks a language
// and that both languages take the same format arguments.
func TestCatalogComplete(t *testing.T) {
	verbs := regexp.MustCompile(`%[dsv]`)
	keys := i18n.Keys()
	if len(keys) < 300 {
		t.Fatalf("catalog has %d keys", len(keys))
	}
	for _, k := range keys {
		zh, en := i18n.Both(k)
		if strings.TrimSpace(zh) == "" || strings.TrimSpace(en) == "" {
			t.Errorf("key %q lacks a language", k)
		}
		if a, b := verbs.FindAllString(zh, -1), verbs.FindAllString(en, -1); !reflect.DeepEqual(a, b) {
			t.Errorf("key %q: zh takes %v, en takes %v", k, a, b)
		}
	}
}

// TestTemplatesNeedNoInlineCode keeps the pages within the CSP
// (script-src 'self'; style-src 'self'): no inline scripts, styles or
// event handlers.
func TestTemplatesNeedNoInlineCode(t *testing.T) {
	bad := []*regexp.Regexp{
		regexp.MustCompile(`<script(?:[^>](?:[^s]|s[^r]|sr[^c]))*>`),
		regexp.MustCompile(`<script>`),
		regexp.MustCompile(`\sstyle=`),
		regexp.MustCompile(`<style`),
		regexp.MustCompile(`\son[a-z]+=`),
		regexp.MustCompile(`javascript:`),
		regexp.MustCompile(`https?://`),
	}
	names, _ := fs.Glob(templateFiles, "templates/*.html")
	for _, name := range names {
		b, _ := fs.ReadFile(templateFiles, name)
		for _, re := range bad {
			if loc := re.FindString(string(b)); loc != "" && !strings.Contains(loc, `src="/static/`) {
				t.Errorf("%s: %q breaks the content security policy or loads from elsewhere", name, loc)
			}
		}
	}
}
