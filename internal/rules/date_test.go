package rules

import (
	"testing"
	"time"
)

func TestCompletedMonths(t *testing.T) {
	for _, tc := range []struct {
		birth, on time.Time
		want      int
	}{
		{day(2025, 3, 15), day(2025, 3, 15), 0},
		{day(2025, 3, 15), day(2025, 4, 14), 0},
		{day(2025, 3, 15), day(2025, 4, 15), 1}, // anniversary reached
		{day(2025, 3, 15), day(2026, 3, 14), 11},
		{day(2025, 3, 15), day(2026, 3, 15), 12},
		{day(2024, 9, 1), day(2026, 9, 1), 24},
		// Month-end births: the anniversary in a shorter month is its last day.
		{day(2025, 1, 31), day(2025, 2, 27), 0},
		{day(2025, 1, 31), day(2025, 2, 28), 1},
		{day(2024, 1, 31), day(2024, 2, 29), 1}, // leap year
		{day(2025, 1, 31), day(2025, 3, 30), 1},
		{day(2025, 1, 31), day(2025, 3, 31), 2},
		{day(2024, 2, 29), day(2025, 2, 28), 12},
	} {
		got, err := CompletedMonths(tc.birth, tc.on)
		if err != nil || got != tc.want {
			t.Errorf("CompletedMonths(%s, %s) = %d, %v; want %d", tc.birth.Format(time.DateOnly), tc.on.Format(time.DateOnly), got, err, tc.want)
		}
	}
	// The time of day and location do not matter, only the calendar date.
	sh := time.FixedZone("CST", 8*3600)
	if got, _ := CompletedMonths(time.Date(2025, 3, 15, 23, 59, 0, 0, sh), time.Date(2025, 4, 15, 0, 1, 0, 0, sh)); got != 1 {
		t.Errorf("time of day changed the result: %d", got)
	}
	_, err := CompletedMonths(day(2025, 3, 15), day(2025, 3, 14))
	wantField(t, err, "birth_date", ErrDateOrder)
	_, err = CompletedMonths(time.Time{}, day(2025, 3, 14))
	wantField(t, err, "birth_date", ErrRequired)
	_, err = CompletedMonths(day(2025, 3, 15), time.Time{})
	wantField(t, err, "as_of", ErrRequired)
}

func TestAddMonthsClamps(t *testing.T) {
	for _, tc := range []struct {
		from civil
		n    int
		want civil
	}{
		{civil{2025, 1, 31}, 1, civil{2025, 2, 28}},
		{civil{2024, 1, 31}, 1, civil{2024, 2, 29}},
		{civil{2025, 3, 31}, -1, civil{2025, 2, 28}},
		{civil{2025, 12, 15}, 1, civil{2026, 1, 15}},
		{civil{2025, 1, 15}, -13, civil{2023, 12, 15}},
		{civil{2025, 6, 30}, 36, civil{2028, 6, 30}},
	} {
		if got := tc.from.addMonths(tc.n); got != tc.want {
			t.Errorf("%v + %d months = %v, want %v", tc.from, tc.n, got, tc.want)
		}
	}
}
