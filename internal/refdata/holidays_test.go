package refdata

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// Reference values come from the State Council notices that each holiday
// file cites in "papers"; the notice is named next to each case.
func TestHolidays(t *testing.T) {
	byYear, err := Holidays()
	if err != nil {
		t.Fatalf("Holidays: %v", err)
	}
	for year := 2019; year <= 2026; year++ {
		days := byYear[year]
		if len(days) == 0 {
			t.Errorf("no entries for %d", year)
		}
		for _, d := range days {
			date, err := time.Parse(time.DateOnly, d.Date)
			switch {
			case err != nil:
				t.Errorf("%d: bad date %q", year, d.Date)
			case date.Year() != year && !(date.Year() == year-1 && date.Month() == time.December):
				t.Errorf("%d: entry %s outside the year and its eve", year, d.Date)
			}
			if d.Name == "" {
				t.Errorf("%d: entry %s without a name", year, d.Date)
			}
		}
	}
	if len(byYear) != 8 {
		t.Errorf("%d years, want 8 (2019–2026)", len(byYear))
	}

	find := func(year int, date string) (HolidayDay, bool) {
		for _, d := range byYear[year] {
			if d.Date == date {
				return d, true
			}
		}
		return HolidayDay{}, false
	}
	cases := []struct {
		year         int
		date, name   string
		offDay       bool
		noticeSource string
	}{
		// 2019 notice (2018-12-06): 2018-12-30..2019-01-01 off, Saturday 2018-12-29 worked.
		{2019, "2018-12-29", "元旦", false, "http://www.gov.cn/zhengce/zhengceku/2018-12/06/content_5346276.htm"},
		{2019, "2019-01-01", "元旦", true, "http://www.gov.cn/zhengce/zhengceku/2018-12/06/content_5346276.htm"},
		// 2020 extension notice (2020-01-27): Spring Festival off until 2 February.
		{2020, "2020-02-02", "春节", true, "http://www.gov.cn/zhengce/zhengceku/2020-01/27/content_5472352.htm"},
		// 2026 notice: National Day 1–7 October, Saturday 10 October worked.
		{2026, "2026-10-07", "国庆节", true, "https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm"},
		{2026, "2026-10-10", "国庆节", false, "https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm"},
	}
	papers := HolidayPapers()
	for _, c := range cases {
		got, ok := find(c.year, c.date)
		if !ok || got.Name != c.name || got.OffDay != c.offDay {
			t.Errorf("%d %s = %+v (found %v), want %s off=%v", c.year, c.date, got, ok, c.name, c.offDay)
		}
		if !slices.Contains(papers[c.year], c.noticeSource) {
			t.Errorf("%d papers %v do not cite %s", c.year, papers[c.year], c.noticeSource)
		}
	}
	// 2024 notice (https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm):
	// New Year's Eve 2024-02-09 is a working day (leave only encouraged), so it
	// is not an official entry.
	if d, ok := find(2024, "2024-02-09"); ok {
		t.Errorf("2024-02-09 listed: %+v", d)
	}
}

func TestHolidayPapers(t *testing.T) {
	papers := HolidayPapers()
	for year := 2019; year <= 2026; year++ {
		if len(papers[year]) == 0 {
			t.Errorf("%d: no notice URL", year)
		}
		for _, p := range papers[year] {
			if !strings.HasPrefix(p, "http://www.gov.cn/") && !strings.HasPrefix(p, "https://www.gov.cn/") {
				t.Errorf("%d: %q is not a gov.cn notice", year, p)
			}
		}
	}
}

func TestWorkdayCalendarPublishedYears(t *testing.T) {
	cal, err := WorkdayCalendar()
	if err != nil {
		t.Fatalf("WorkdayCalendar: %v", err)
	}
	got := cal.PublishedYears()
	want := []int{2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026}
	if len(got) != len(want) {
		t.Fatalf("published years %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("published years %v, want %v", got, want)
		}
	}
	// 2018 has only the three New Year days of 2019.json; it must stay
	// unpublished so 2018 dates are flagged as weekend-only estimates.
	if cal.Published(2018) {
		t.Error("2018 reported as published")
	}
	// 2022-12-31 comes from 2023.json (2023 notice,
	// http://www.gov.cn/zhengce/zhengceku/2022-12/08/content_5730844.htm) and is kept.
	if d, ok := cal.Entry(time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC)); !ok || !d.OffDay || d.Name != "元旦" {
		t.Errorf("2022-12-31 entry = %+v, %v; want 元旦 off", d, ok)
	}
}
