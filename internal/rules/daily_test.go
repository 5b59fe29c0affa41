package rules

import "testing"

// ≥ 2 h outdoors a day (管理规范 第18条); boarding ≥ 3 h (2012 规范).
// docs/domain-reference.md §2.3, §12.
func TestCheckOutdoor(t *testing.T) {
	s := National()
	d := day(2026, 9, 1)
	for _, tc := range []struct {
		minutes  int
		boarding bool
		weather  bool
		want     int
	}{
		{120, false, false, 0}, {119, false, false, 1}, {60, false, true, 0},
		{180, true, false, 0}, {179, true, false, 1},
	} {
		fs, err := s.CheckOutdoor(OutdoorDay{Subject: "托小一班", Date: d, Minutes: tc.minutes, Boarding: tc.boarding, WeatherAdjusted: tc.weather})
		if err != nil || count(fs, RuleOutdoorTime, Violation) != tc.want || len(fs) != tc.want {
			t.Errorf("%+v: %v, %v", tc, fs, err)
		}
	}
	_, err := s.CheckOutdoor(OutdoorDay{Date: d, Minutes: -1})
	wantField(t, err, "minutes", ErrNegative)
	_, err = s.CheckOutdoor(OutdoorDay{Minutes: 1})
	wantField(t, err, "date", ErrRequired)
}
