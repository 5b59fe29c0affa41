package rules

import (
	"regexp"
	"strings"
	"testing"
)

// Every rule in the registry carries a title in both languages, a source
// naming an official text and a confidence tag, and a pointer into
// docs/domain-reference.md.
func TestRegistrySources(t *testing.T) {
	tag := regexp.MustCompile(`\[(C|S|U)\]`)
	seen := map[string]bool{}
	for _, r := range Rules() {
		if r.ID == "" || seen[r.ID] {
			t.Errorf("rule ID %q empty or duplicated", r.ID)
		}
		seen[r.ID] = true
		if r.Title == "" || r.TitleEN == "" {
			t.Errorf("%s: missing title", r.ID)
		}
		if !tag.MatchString(r.Source) {
			t.Errorf("%s: source %q has no confidence tag", r.ID, r.Source)
		}
		if !strings.Contains(r.Source, "domain-reference §") {
			t.Errorf("%s: source %q does not point into the domain reference", r.ID, r.Source)
		}
		if !knownConfidence(r.Confidence) {
			t.Errorf("%s: confidence %q", r.ID, r.Confidence)
		}
		if !strings.Contains(r.Source, "["+r.Confidence+"]") {
			t.Errorf("%s: confidence %s not among the source's tags %q", r.ID, r.Confidence, r.Source)
		}
		got, ok := RuleByID(r.ID)
		if !ok || got != r {
			t.Errorf("RuleByID(%s) = %v, %v", r.ID, got, ok)
		}
		if src := National().SourceFor(r.ID); !strings.HasPrefix(src, r.Source) {
			t.Errorf("SourceFor(%s) = %q, want it to start with the rule source", r.ID, src)
		}
	}
	if _, ok := RuleByID("no.such.rule"); ok {
		t.Error("RuleByID found an unknown rule")
	}
	if National().SourceFor("no.such.rule") != "" {
		t.Error("SourceFor of an unknown rule is not empty")
	}
}

func TestSettingsPointAtRules(t *testing.T) {
	s := National()
	keys := map[string]bool{}
	for _, info := range OverridableSettings() {
		if keys[info.Key] {
			t.Errorf("setting %s listed twice", info.Key)
		}
		keys[info.Key] = true
		if _, ok := RuleByID(info.RuleID); !ok {
			t.Errorf("setting %s points at unknown rule %s", info.Key, info.RuleID)
		}
		v, err := s.Setting(info.Key)
		if err != nil {
			t.Fatalf("Setting(%s): %v", info.Key, err)
		}
		if v < info.Min || v > info.Max {
			t.Errorf("national %s = %d outside its range [%d, %d]", info.Key, v, info.Min, info.Max)
		}
	}
	if _, err := s.Setting("nope"); err == nil {
		t.Error("Setting(nope) gave no error")
	}
}

func TestNationalIsValid(t *testing.T) {
	if err := DefaultSettings().Validate(); err != nil {
		t.Fatalf("default settings: %v", err)
	}
	if err := National().Validate(); err != nil {
		t.Fatalf("national standard: %v", err)
	}
	if err := (Standard{}).Validate(); err == nil {
		t.Error("zero Standard validated")
	}
	if _, err := (Standard{}).CheckClass(Class{Type: ClassInfant}, testAsOf); err == nil {
		t.Error("CheckClass on a zero Standard gave no error")
	}
}

func TestSettingsValidation(t *testing.T) {
	for _, tc := range []struct {
		field string
		edit  func(*Settings)
	}{
		{"mixed_children_per_caregiver", func(s *Settings) { s.MixedChildrenPerCaregiver = 0 }},
		{"mixed_children_per_caregiver", func(s *Settings) { s.MixedChildrenPerCaregiver = 8 }},
		{"warnings.ratio_amber_margin", func(s *Settings) { s.Warnings.RatioAmberMargin = -1 }},
		{"source", func(s *Settings) { s.Source = "  " }},
	} {
		set := DefaultSettings()
		tc.edit(&set)
		_, err := NationalWith(set)
		if err == nil {
			t.Errorf("%s: accepted", tc.field)
			continue
		}
		var fe *FieldError
		if !asFieldError(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s: got %v", tc.field, err)
		}
	}
	set := DefaultSettings()
	set.MixedChildrenPerCaregiver = 6
	set.Source = "某市托育机构管理细则（示例）"
	s, err := NationalWith(set)
	if err != nil {
		t.Fatal(err)
	}
	if s.Mixed.ChildrenPerCaregiver != 6 {
		t.Errorf("mixed ratio = %d, want the setting 6", s.Mixed.ChildrenPerCaregiver)
	}
	if !strings.Contains(s.SourceFor(RuleClassMixedRatio), "某市托育机构管理细则") {
		t.Errorf("mixed-ratio source lacks the settings source: %q", s.SourceFor(RuleClassMixedRatio))
	}
}
