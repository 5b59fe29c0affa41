package rules

import (
	"errors"
	"strings"
	"testing"
)

const yanan, baota, ansai, xian = "610600", "610602", "610603", "610100"

func TestTightenAccepted(t *testing.T) {
	n := National()
	city, err := n.Tighten(Overrides{Level: LevelCity, Region: yanan, Items: []Override{
		{Setting: "class.toddler_older.max_children", Value: 18, Source: "示例市文件 第3条"},
		// A local rule of the kind docs/domain-reference.md §1.4 reports (P-cnjsjy):
		// living rooms on the 1st or 2nd storey only.
		{Setting: "premises.max_living_room_storey", Value: 2, Source: "示例市备案指南"},
		{Setting: "class.infant.children_per_caregiver", Value: 3, Source: "与国家标准相同，允许"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if city.ToddlerOlder.MaxChildren != 18 || city.Premises.MaxLivingRoomStorey != 2 || city.Level != LevelCity || city.CityRegion != yanan {
		t.Errorf("city standard = %+v", city)
	}
	// The national standard is unchanged.
	if n.ToddlerOlder.MaxChildren != 20 || len(n.Applied) != 0 || n.Level != LevelNational {
		t.Errorf("Tighten changed its receiver: %+v", n)
	}
	county, err := city.Tighten(Overrides{Level: LevelCounty, Region: baota, Items: []Override{
		{Setting: "class.toddler_older.max_children", Value: 16, Source: "示例县细则"},
		{Setting: "cctv.retention_days", Value: 180, Source: "示例县安全规定"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if county.ToddlerOlder.MaxChildren != 16 || county.CCTV.RetentionDays != 180 || len(county.Applied) != 5 {
		t.Errorf("county standard = %+v", county)
	}
	if len(city.Applied) != 3 {
		t.Errorf("county Tighten changed the city standard's Applied: %d", len(city.Applied))
	}
	// Findings name the national source and every local source in order.
	fs, _ := county.CheckClass(Class{Name: "大一", Type: ClassToddlerOlder, Children: children(testAsOf, repeatAge(30, 17)...), Caregivers: 3}, testAsOf)
	if count(fs, RuleClassSize, Violation) != 1 {
		t.Fatalf("17 children in a county-limited 托大班 of 16: %v", fs)
	}
	src := fs[0].Source
	i, j, k := strings.Index(src, "第19条"), strings.Index(src, "示例市文件 第3条"), strings.Index(src, "示例县细则")
	if i < 0 || j < i || k < j {
		t.Errorf("source %q lacks national → city → county order", src)
	}
	// 17 is fine nationally.
	if fs, _ := n.CheckClass(Class{Type: ClassToddlerOlder, Children: children(testAsOf, repeatAge(30, 17)...), Caregivers: 3}, testAsOf); len(fs) != 0 {
		t.Errorf("national: %v", fs)
	}
}

func TestTightenRefusesLoosening(t *testing.T) {
	n := National()
	for _, tc := range []struct {
		setting string
		value   int
	}{
		{"class.infant.max_children", 11},                 // larger class
		{"class.toddler_young.children_per_caregiver", 6}, // worse ratio
		{"premises.lease_years", 2},                       // shorter lease
		{"premises.max_living_room_storey", 4},            // higher storey
		{"health_staff.full_time_threshold", 151},         // later full-time
		{"cooks.children_per_cook", 60},
		{"director.min_education", int(EducationSeniorHigh)},
		{"homepoint.max_children", 6},
		{"homepoint.children_per_carer", 4},
		{"cctv.retention_days", 89},
		{"outdoor.minutes_per_day", 90},
		{"class.mixed.min_age_months", 12},
		{"class.age.upper_inclusive", 1},
		{"child_health.reexam_absence_months", 4},
		{"filing.receipt_working_days", 6},
	} {
		_, err := n.Tighten(Overrides{Level: LevelCity, Region: yanan, Items: []Override{
			{Setting: "class.infant.max_children", Value: 8, Source: "ok"},
			{Setting: tc.setting, Value: tc.value, Source: "示例"},
		}})
		var le *LooserError
		if !errors.As(err, &le) || !errors.Is(err, ErrLooser) {
			t.Errorf("%s = %d: err %v, want a LooserError", tc.setting, tc.value, err)
			continue
		}
		wantField(t, err, "items[1].value", ErrLooser)
		if le.Setting != tc.setting || le.Proposed != tc.value {
			t.Errorf("LooserError = %+v", le)
		}
		if _, ok := RuleByID(le.RuleID); !ok || !strings.Contains(err.Error(), le.RuleID) {
			t.Errorf("error %q does not name a rule", err)
		}
	}
	// A county cannot loosen what its city tightened.
	city, _ := n.Tighten(Overrides{Level: LevelCity, Region: yanan, Items: []Override{{Setting: "class.infant.max_children", Value: 8, Source: "市"}}})
	_, err := city.Tighten(Overrides{Level: LevelCounty, Region: baota, Items: []Override{{Setting: "class.infant.max_children", Value: 9, Source: "县"}}})
	if !errors.Is(err, ErrLooser) {
		t.Errorf("county loosening the city: %v", err)
	}
}

func TestTightenInputErrors(t *testing.T) {
	n := National()
	ok := Override{Setting: "class.infant.max_children", Value: 8, Source: "s"}
	city, _ := n.Tighten(Overrides{Level: LevelCity, Region: yanan, Items: []Override{ok}})
	county, _ := n.Tighten(Overrides{Level: LevelCounty, Region: baota, Items: []Override{ok}})
	for _, tc := range []struct {
		name   string
		base   Standard
		o      Overrides
		field  string
		target error
	}{
		{"no source", n, Overrides{Level: LevelCity, Region: yanan, Items: []Override{{Setting: ok.Setting, Value: 8}}}, "items[0].source", ErrRequired},
		{"unknown setting", n, Overrides{Level: LevelCity, Region: yanan, Items: []Override{{Setting: "x", Value: 1, Source: "s"}}}, "items[0].setting", ErrUnknownSetting},
		{"zero class size", n, Overrides{Level: LevelCity, Region: yanan, Items: []Override{{Setting: ok.Setting, Value: 0, Source: "s"}}}, "items[0].value", ErrOutOfRange},
		{"bool out of range", n, Overrides{Level: LevelCity, Region: yanan, Items: []Override{{Setting: "class.age.upper_inclusive", Value: -1, Source: "s"}}}, "items[0].value", ErrOutOfRange},
		{"national level", n, Overrides{Level: LevelNational, Region: yanan}, "level", ErrUnknownLevel},
		{"bad region", n, Overrides{Level: LevelCity, Region: "6106"}, "region", ErrInvalidRegion},
		{"county code as city", n, Overrides{Level: LevelCity, Region: baota}, "region", ErrInvalidRegion},
		{"city code as county", n, Overrides{Level: LevelCounty, Region: yanan}, "region", ErrInvalidRegion},
		{"city after county", county, Overrides{Level: LevelCity, Region: yanan}, "level", ErrLevelOrder},
		{"county outside city", city, Overrides{Level: LevelCounty, Region: "610102"}, "region", ErrRegionMismatch},
		{"another city", city, Overrides{Level: LevelCity, Region: xian}, "region", ErrRegionMismatch},
		{"another county", county, Overrides{Level: LevelCounty, Region: ansai}, "region", ErrRegionMismatch},
	} {
		_, err := tc.base.Tighten(tc.o)
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		wantField(t, err, tc.field, tc.target)
	}
	// Same city twice, and a county under a city without county rules yet, are fine.
	if _, err := city.Tighten(Overrides{Level: LevelCity, Region: yanan}); err != nil {
		t.Errorf("second city document: %v", err)
	}
	if _, err := county.Tighten(Overrides{Level: LevelCounty, Region: baota}); err != nil {
		t.Errorf("second county document: %v", err)
	}
}

func TestTightenAllSettingsOneStep(t *testing.T) {
	// Every setting accepts a one-step tightening (or its current value at
	// a bound) and refuses a one-step loosening.
	n := National()
	for _, info := range OverridableSettings() {
		cur, _ := n.Setting(info.Key)
		stricter, looser := cur+1, cur-1
		if info.LowerIsStricter {
			stricter, looser = cur-1, cur+1
		}
		if stricter < info.Min || stricter > info.Max {
			stricter = cur
		}
		got, err := n.Tighten(Overrides{Level: LevelCounty, Region: baota, Items: []Override{{Setting: info.Key, Value: stricter, Source: "s"}}})
		if err != nil {
			t.Errorf("%s → %d: %v", info.Key, stricter, err)
		} else if v, _ := got.Setting(info.Key); v != stricter {
			t.Errorf("%s: set %d, reads %d", info.Key, stricter, v)
		}
		if looser < info.Min || looser > info.Max {
			continue
		}
		if _, err := n.Tighten(Overrides{Level: LevelCounty, Region: baota, Items: []Override{{Setting: info.Key, Value: looser, Source: "s"}}}); !errors.Is(err, ErrLooser) {
			t.Errorf("%s → %d (looser): %v", info.Key, looser, err)
		}
	}
}
