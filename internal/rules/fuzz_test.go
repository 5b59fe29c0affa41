package rules

import (
	"errors"
	"testing"
	"time"
)

// CompletedMonths m satisfies birth+m months ≤ on < birth+(m+1) months.
func FuzzCompletedMonths(f *testing.F) {
	f.Add(int64(0), int32(400))
	f.Add(int64(-86400*365), int32(31))
	f.Fuzz(func(t *testing.T, birthSec int64, days int32) {
		if days < 0 || birthSec < -1e10 || birthSec > 1e10 {
			return // outside the dates the system meets
		}
		birth := time.Unix(birthSec, 0).UTC()
		on := birth.AddDate(0, 0, int(days))
		m, err := CompletedMonths(birth, on)
		if err != nil {
			t.Fatal(err)
		}
		b := dateOf(birth)
		if dateOf(on).before(b.addMonths(m)) || !dateOf(on).before(b.addMonths(m+1)) {
			t.Fatalf("%s → %s: %d months", birth.Format(time.DateOnly), on.Format(time.DateOnly), m)
		}
	})
}

func FuzzCheckClassAndRatio(f *testing.F) {
	f.Add("infant", 10, 3, []byte{6, 7, 8}, 1)
	f.Add("混合班", -1, 0, []byte{200}, 0)
	f.Fuzz(func(t *testing.T, typ string, capacity, caregivers int, ages []byte, margin int) {
		set := DefaultSettings()
		set.Warnings.RatioAmberMargin = margin
		s, err := NationalWith(set)
		if err != nil {
			return
		}
		kids := make([]ChildInClass, len(ages))
		for i, a := range ages {
			kids[i] = ChildInClass{BirthDate: bornMonthsBefore(testAsOf, int(a)-10)}
		}
		fs, err := s.CheckClass(Class{Type: ClassType(typ), Capacity: capacity, Caregivers: caregivers, Children: kids}, testAsOf)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a FieldError", err)
			}
			return
		}
		for _, f := range fs {
			if f.Source == "" || f.RuleID == "" {
				t.Fatalf("finding without rule or source: %+v", f)
			}
		}
		colour, err := s.RatioStatus(typ, len(ages), caregivers)
		if err == nil && colour != RatioGreen && colour != RatioAmber && colour != RatioRed {
			t.Fatalf("colour %q", colour)
		}
	})
}

func FuzzTighten(f *testing.F) {
	f.Add("class.infant.max_children", 8, "610600", "city")
	f.Add("premises.lease_years", -5, "61060x", "county")
	f.Fuzz(func(t *testing.T, setting string, value int, region, level string) {
		n := National()
		got, err := n.Tighten(Overrides{Level: Level(level), Region: region, Items: []Override{{Setting: setting, Value: value, Source: "fuzz"}}})
		if err != nil {
			return
		}
		// Accepted overrides never loosen: each setting is at least as strict.
		for _, info := range OverridableSettings() {
			before, _ := n.Setting(info.Key)
			after, _ := got.Setting(info.Key)
			if info.LowerIsStricter && after > before || !info.LowerIsStricter && after < before {
				t.Fatalf("%s loosened from %d to %d", info.Key, before, after)
			}
		}
		if err := got.Validate(); err != nil {
			t.Fatalf("tightened standard invalid: %v", err)
		}
	})
}

func FuzzScore(f *testing.F) {
	f.Add("4", 50.0, false, "9.4.3", 0.0, true)
	f.Fuzz(func(t *testing.T, id1 string, p1 float64, f1 bool, id2 string, p2 float64, f2 bool) {
		tpl, err := DefaultTemplate()
		if err != nil {
			t.Fatal(err)
		}
		a, err := Score(tpl, []Answer{{ID: id1, Points: p1, Failed: f1}, {ID: id2, Points: p2, Failed: f2}})
		if err != nil {
			return
		}
		if a.Total < 0 || a.Total > float64(a.MaxTotal) {
			t.Fatalf("total %v outside [0, %d]", a.Total, a.MaxTotal)
		}
	})
}
