package workday_test

import (
	"strconv"
	"testing"
	"time"

	"tuoyu/internal/refdata"
	"tuoyu/internal/workday"
)

// The expected dates below are read off the State Council holiday notices
// (国务院办公厅关于…部分节假日安排的通知) cited in each case; those URLs are the
// "papers" of the embedded holiday-cn files (refdata.HolidayPapers).
const (
	notice2019    = "http://www.gov.cn/zhengce/zhengceku/2018-12/06/content_5346276.htm"
	notice2019May = "http://www.gov.cn/zhengce/zhengceku/2019-03/22/content_5375877.htm"
	notice2020    = "http://www.gov.cn/zhengce/zhengceku/2019-11/21/content_5454164.htm"
	notice2020Ext = "http://www.gov.cn/zhengce/zhengceku/2020-01/27/content_5472352.htm"
	notice2021    = "http://www.gov.cn/zhengce/zhengceku/2020-11/25/content_5564127.htm"
	notice2022    = "http://www.gov.cn/zhengce/zhengceku/2021-10/25/content_5644835.htm"
	notice2023    = "http://www.gov.cn/zhengce/zhengceku/2022-12/08/content_5730844.htm"
	notice2024    = "https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm"
	notice2025    = "https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm"
	notice2026    = "https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm"
)

func officialCalendar(t testing.TB) *workday.Calendar {
	t.Helper()
	cal, err := refdata.WorkdayCalendar()
	if err != nil {
		t.Fatalf("refdata.WorkdayCalendar: %v", err)
	}
	return cal
}

var shanghai = time.FixedZone("Asia/Shanghai", 8*3600)

func day(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation(time.DateOnly, s, shanghai)
	if err != nil {
		t.Fatalf("test table: %v", err)
	}
	return d
}

func TestNoticesAreTheEmbeddedPapers(t *testing.T) {
	papers := refdata.HolidayPapers()
	for year, urls := range map[int][]string{
		2019: {notice2019, notice2019May}, 2020: {notice2020, notice2020Ext}, 2021: {notice2021},
		2022: {notice2022}, 2023: {notice2023}, 2024: {notice2024}, 2025: {notice2025}, 2026: {notice2026},
	} {
		if len(papers[year]) != len(urls) {
			t.Errorf("%d papers %v, want %v", year, papers[year], urls)
			continue
		}
		for i := range urls {
			if papers[year][i] != urls[i] {
				t.Errorf("%d papers %v, want %v", year, papers[year], urls)
			}
		}
	}
}

func TestAddWorkdaysOfficial(t *testing.T) {
	cal := officialCalendar(t)
	cases := []struct {
		start  string
		n      int
		want   string
		source string // notice and the rule applied
	}{
		// Issue acceptance: National Day 10-01..10-07 off, Saturday 10-10 worked.
		{"2026-09-30", 5, "2026-10-13", notice2026},
		{"2026-10-12", -1, "2026-10-10", notice2026},
		{"2026-10-08", -1, "2026-09-30", notice2026},
		// Spring Festival 2026: 02-15..02-23 off, Saturdays 02-14 and 02-28 worked.
		{"2026-02-13", 1, "2026-02-14", notice2026},
		{"2026-02-13", 2, "2026-02-24", notice2026},
		// Across the year: New Year 2026-01-01..03 off, Sunday 01-04 worked.
		{"2025-12-31", 1, "2026-01-04", notice2026},
		// Spring Festival 2025: 01-28..02-04 off, Sunday 01-26 and Saturday 02-08 worked.
		{"2025-01-24", 1, "2025-01-26", notice2025},
		{"2025-01-24", 2, "2025-01-27", notice2025},
		{"2025-01-24", 3, "2025-02-05", notice2025},
		// Spring Festival 2024: 02-10..02-17 off, Sundays 02-04 and 02-18 worked;
		// New Year's Eve 02-09 is a working day.
		{"2024-02-08", 1, "2024-02-09", notice2024},
		{"2024-02-08", 2, "2024-02-18", notice2024},
		// Mid-Autumn + National Day 2023: 09-29..10-06 off, 10-07 and 10-08 worked.
		{"2023-09-28", 1, "2023-10-07", notice2023},
		{"2023-09-28", 2, "2023-10-08", notice2023},
		{"2023-09-28", 3, "2023-10-09", notice2023},
		// Across the year: New Year 2022-12-31..2023-01-02 off, no make-up day.
		{"2022-12-30", 1, "2023-01-03", notice2023},
		// National Day 2022: 10-01..10-07 off, Saturday 10-08 and Sunday 10-09 worked.
		{"2022-09-30", 1, "2022-10-08", notice2022},
		{"2022-09-30", 2, "2022-10-09", notice2022},
		// Spring Festival 2021: 02-11..02-17 off, Sunday 02-07 and Saturday 02-20 worked.
		{"2021-02-05", 1, "2021-02-07", notice2021},
		{"2021-02-10", 1, "2021-02-18", notice2021},
		{"2021-02-10", 3, "2021-02-20", notice2021},
		// Spring Festival 2020, Sunday 01-19 worked; extended to 02-02, which
		// also cancelled the Saturday 02-01 make-up day.
		{"2020-01-17", 1, "2020-01-19", notice2020},
		{"2020-01-23", 1, "2020-02-03", notice2020Ext},
		// National Day + Mid-Autumn 2020: 10-01..10-08 off, Saturday 10-10 worked.
		{"2020-09-30", 1, "2020-10-09", notice2020},
		{"2020-09-30", 2, "2020-10-10", notice2020},
		// May Day 2019 (amended): 05-01..05-04 off, Sundays 04-28 and 05-05 worked.
		{"2019-04-26", 1, "2019-04-28", notice2019May},
		{"2019-04-30", 1, "2019-05-05", notice2019May},
		// Spring Festival 2019: 02-04..02-10 off, 02-02 and 02-03 worked.
		{"2019-02-01", 3, "2019-02-11", notice2019},
		// National Day 2019: 10-01..10-07 off, Saturday 10-12 worked.
		{"2019-09-30", 5, "2019-10-12", notice2019},
	}
	for _, c := range cases {
		due, fallback := cal.AddWorkdays(day(t, c.start), c.n)
		if due.Format(time.DateOnly) != c.want || fallback {
			t.Errorf("AddWorkdays(%s, %d) = %s (fallback %v), want %s per %s",
				c.start, c.n, due.Format(time.DateOnly), fallback, c.want, c.source)
		}
		if due.Location() != shanghai || due.Hour() != 0 {
			t.Errorf("AddWorkdays(%s, %d) = %v, want midnight in the start's location", c.start, c.n, due)
		}
	}
}

func TestIsWorkdayOfficial(t *testing.T) {
	cal := officialCalendar(t)
	cases := []struct {
		date   string
		want   bool
		source string
	}{
		{"2026-10-10", true, notice2026},  // Saturday, make-up day
		{"2026-10-01", false, notice2026}, // Thursday, National Day
		{"2026-09-20", true, notice2026},  // Sunday, make-up day
		{"2026-09-25", false, notice2026}, // Friday, Mid-Autumn
		{"2026-05-09", true, notice2026},  // Saturday, make-up day
		{"2026-04-06", false, notice2026}, // Monday, Qingming
		{"2026-01-04", true, notice2026},  // Sunday, make-up day
		{"2025-10-11", true, notice2025},  // Saturday, make-up day
		{"2025-10-08", false, notice2025}, // Wednesday, National Day + Mid-Autumn 10-01..10-08
		{"2025-04-27", true, notice2025},  // Sunday, make-up day for May Day
		{"2024-02-09", true, notice2024},  // Friday, New Year's Eve worked
		{"2020-02-01", false, notice2020Ext},
		{"2020-02-03", true, notice2020Ext},
		{"2019-12-30", true, notice2019}, // ordinary Monday
	}
	for _, c := range cases {
		if got := cal.IsWorkday(day(t, c.date)); got != c.want {
			t.Errorf("IsWorkday(%s) = %v, want %v per %s", c.date, got, c.want, c.source)
		}
	}
}

func TestWorkdaysBetweenOfficial(t *testing.T) {
	cal := officialCalendar(t)
	cases := []struct {
		from, to     string
		want         int
		wantFallback bool
		derivation   string
	}{
		{"2026-09-30", "2026-10-31", 18, false,
			"October 2026: 22 weekdays − 5 National Day weekdays (10-01, 02, 05, 06, 07) + make-up 10-10; " + notice2026},
		{"2026-10-31", "2026-09-30", -18, false, "the same interval reversed"},
		{"2025-12-31", "2026-12-31", 248, false,
			"2026: 261 weekdays − 19 holiday weekdays (New Year 2, Spring Festival 6, Qingming 1, May Day 3, " +
				"Dragon Boat 1, Mid-Autumn 1, National Day 5) + 6 make-up days (01-04, 02-14, 02-28, 05-09, 09-20, 10-10); " + notice2026},
		{"2026-12-31", "2027-01-08", 6, true, "2027 unpublished: weekdays 01-01, 04..08"},
		{"2026-09-30", "2026-09-30", 0, false, "empty interval"},
	}
	for _, c := range cases {
		got, fallback := cal.WorkdaysBetween(day(t, c.from), day(t, c.to))
		if got != c.want || fallback != c.wantFallback {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, %v; want %d, %v (%s)", c.from, c.to, got, fallback, c.want, c.wantFallback, c.derivation)
		}
	}
}

// Years without an official calendar count weekends only and say so.
func TestUnpublishedYearsFallBack(t *testing.T) {
	cal := officialCalendar(t)
	for year := 2019; year <= 2026; year++ {
		if !cal.Published(year) {
			t.Errorf("%d not published", year)
		}
	}
	if cal.Published(2027) || cal.Published(2018) {
		t.Error("2027/2018 reported as published")
	}
	cases := []struct {
		start        string
		n            int
		want         string
		wantFallback bool
	}{
		{"2026-12-30", 1, "2026-12-31", false},
		{"2026-12-31", 1, "2027-01-01", true}, // Friday; the 2027 New Year holiday is not known yet
		{"2027-03-05", 5, "2027-03-12", true},
		{"2027-01-04", -1, "2027-01-01", true},
		{"2027-01-01", -1, "2026-12-31", false},
		{"2027-06-01", 0, "2027-06-01", false}, // nothing counted
		// 2019.json lists 2018-12-29..31, but 2018 has no notice of its own:
		// counted with weekends only (the official make-up Saturday 12-29 is
		// not used) and flagged.
		{"2018-12-28", 1, "2018-12-31", true},
		{"2018-12-31", 1, "2019-01-02", false}, // 2019-01-01 off per notice2019
	}
	for _, c := range cases {
		due, fallback := cal.AddWorkdays(day(t, c.start), c.n)
		if due.Format(time.DateOnly) != c.want || fallback != c.wantFallback {
			t.Errorf("AddWorkdays(%s, %d) = %s, %v; want %s, %v", c.start, c.n, due.Format(time.DateOnly), fallback, c.want, c.wantFallback)
		}
	}
}

func BenchmarkAddWorkdays(b *testing.B) {
	cal := officialCalendar(b)
	start := day(b, "2026-09-30")
	for _, n := range []int{5, 15, 30, 250} {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				cal.AddWorkdays(start, n)
			}
		})
	}
}
