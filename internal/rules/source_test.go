package rules

import (
	"errors"
	"testing"
)

func TestLocalSource(t *testing.T) {
	l, err := NewLocal(National(), []Overrides{
		// The county comes first on purpose: cities are applied before their counties.
		{Level: LevelCounty, Region: baota, Items: []Override{{Setting: "class.infant.children_per_caregiver", Value: 2, Source: "县细则"}}},
		{Level: LevelCity, Region: yanan, Items: []Override{{Setting: "filing.receipt_working_days", Value: 4, Source: "市办法"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := l.For(baota)
	a, _ := l.For(ansai)
	x, _ := l.For(xian)
	c, _ := l.For(yanan)
	n, _ := l.For("")
	switch {
	case b.Infant.ChildrenPerCaregiver != 2 || b.Filing.ReceiptWorkingDays != 4 || b.Level != LevelCounty:
		t.Errorf("baota: %+v", b)
	case a.Infant.ChildrenPerCaregiver != 3 || a.Filing.ReceiptWorkingDays != 4 || a.Level != LevelCity:
		t.Errorf("ansai: %+v", a)
	case c.Filing.ReceiptWorkingDays != 4:
		t.Errorf("yanan: %+v", c)
	case x.Infant.ChildrenPerCaregiver != 3 || x.Filing.ReceiptWorkingDays != 5 || x.Level != LevelNational:
		t.Errorf("xian: %+v", x)
	case n.Filing.ReceiptWorkingDays != 5:
		t.Errorf("base: %+v", n)
	}
	if _, err := l.For("61"); !errors.Is(err, ErrInvalidRegion) {
		t.Errorf("bad region: %v", err)
	}
	if s, err := NationalOnly.For(baota); err != nil || s.Infant.ChildrenPerCaregiver != 3 {
		t.Errorf("NationalOnly: %+v %v", s, err)
	}

	// A county looser than its city, a duplicate region and a wrong level are refused, naming the region.
	_, err = NewLocal(National(), []Overrides{
		{Level: LevelCity, Region: yanan, Items: []Override{{Setting: "class.infant.max_children", Value: 8, Source: "市"}}},
		{Level: LevelCounty, Region: baota, Items: []Override{{Setting: "class.infant.max_children", Value: 9, Source: "县"}}},
	})
	var fe *FieldError
	if !errors.Is(err, ErrLooser) || !errors.As(err, &fe) || fe.Field != baota+".items[0].value" {
		t.Errorf("county looser than city: %v", err)
	}
	if _, err := NewLocal(National(), []Overrides{{Level: LevelCity, Region: yanan}, {Level: LevelCity, Region: yanan}}); !errors.Is(err, ErrDuplicate) {
		t.Errorf("duplicate: %v", err)
	}
	if _, err := NewLocal(National(), []Overrides{{Level: LevelCity, Region: baota}}); !errors.Is(err, ErrInvalidRegion) {
		t.Errorf("county as city: %v", err)
	}
}

func TestCheckHomeGroup(t *testing.T) {
	n := National()
	cases := []struct {
		capacity, children, carers int
		want                       []string
	}{
		{5, 3, 1, nil},
		{5, 0, 0, nil},
		{6, 3, 1, []string{RuleHomePointCapacity}},
		{5, 4, 1, []string{RuleHomePointRatio}},
		{5, 4, 2, nil},
		{7, 6, 1, []string{RuleHomePointCapacity, RuleHomePointRatio}},
	}
	for _, c := range cases {
		fs := n.CheckHomeGroup(c.capacity, c.children, c.carers)
		if len(fs) != len(c.want) {
			t.Errorf("%+v: %v", c, fs)
			continue
		}
		for i, f := range fs {
			if f.RuleID != c.want[i] || f.Severity != Violation || f.Source == "" {
				t.Errorf("%+v: %v", c, fs)
			}
		}
	}
	tight, err := n.Tighten(Overrides{Level: LevelCounty, Region: baota, Items: []Override{{Setting: "homepoint.children_per_carer", Value: 2, Source: "县"}}})
	if err != nil {
		t.Fatal(err)
	}
	if fs := tight.CheckHomeGroup(5, 3, 1); len(fs) != 1 || fs[0].Message != "3名婴幼儿按1:2需照护人员2名，现有1名，请增配照护人员" {
		t.Errorf("tightened: %v", fs)
	}
}
