package civil

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	good := map[string]Date{"2026-09-30": {2026, 9, 30}, "2024-02-29": {2024, 2, 29}, "0001-01-01": {1, 1, 1}}
	for s, want := range good {
		got, err := Parse(s)
		if err != nil || got != want || got.String() != s {
			t.Errorf("Parse(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "2026-9-30", "2026-02-30", "2025-02-29", "30/09/2026", "2026-09-30T00:00:00Z", " 2026-09-30"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) accepted", s)
		}
	}
}

func TestArithmetic(t *testing.T) {
	d := MustParse("2024-01-31")
	cases := []struct {
		got  Date
		want string
	}{
		{d.AddMonths(1), "2024-02-29"},
		{d.AddMonths(13), "2025-02-28"},
		{d.AddMonths(-2), "2023-11-30"},
		{d.AddMonths(-13), "2022-12-31"},
		{d.AddDays(1), "2024-02-01"},
		{d.AddDays(-31), "2023-12-31"},
		{New(2026, 2, 30), "2026-03-02"},
	}
	for _, c := range cases {
		if c.got.String() != c.want {
			t.Errorf("got %s, want %s", c.got, c.want)
		}
	}
	if n := MustParse("2026-03-01").DaysSince(MustParse("2026-02-01")); n != 28 {
		t.Errorf("DaysSince = %d", n)
	}
	if !MustParse("2026-01-01").Before(MustParse("2026-01-02")) || MustParse("2026-01-02").Before(MustParse("2026-01-02")) {
		t.Error("Before")
	}
}

func TestChina(t *testing.T) {
	// 2026-09-30 17:00 UTC is already 1 October in China.
	at := time.Date(2026, 9, 30, 17, 0, 0, 0, time.UTC)
	if got := InChina(at).String(); got != "2026-10-01" {
		t.Errorf("InChina = %s", got)
	}
	if got := Today(func() time.Time { return at }); got.String() != "2026-10-01" {
		t.Errorf("Today = %s", got)
	}
	if got := MustParse("2026-10-01").At(8, 30); !got.Equal(time.Date(2026, 10, 1, 0, 30, 0, 0, time.UTC)) {
		t.Errorf("At = %v", got)
	}
}

func TestEncoding(t *testing.T) {
	type rec struct {
		D Date  `json:"d"`
		M Month `json:"m"`
		Z Date  `json:"z"`
	}
	b, err := json.Marshal(rec{D: MustParse("2026-09-30"), M: Month{2026, 9}})
	if err != nil || string(b) != `{"d":"2026-09-30","m":"2026-09","z":""}` {
		t.Fatalf("marshal = %s, %v", b, err)
	}
	var r rec
	if err := json.Unmarshal(b, &r); err != nil || r.D != MustParse("2026-09-30") || r.M != (Month{2026, 9}) || !r.Z.IsZero() {
		t.Fatalf("unmarshal = %+v, %v", r, err)
	}
	if err := json.Unmarshal([]byte(`{"d":"2026-13-01"}`), &r); err == nil {
		t.Error("bad month accepted")
	}
	var d Date
	for _, v := range []any{"2026-09-30", []byte("2026-09-30"), time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC), "2026-09-30T00:00:00Z"} {
		if err := d.Scan(v); err != nil || d.String() != "2026-09-30" {
			t.Errorf("Scan(%v) = %v, %v", v, d, err)
		}
	}
	if err := d.Scan(nil); err != nil || !d.IsZero() {
		t.Error("Scan(nil)")
	}
	if v, _ := (Date{}).Value(); v != nil {
		t.Error("zero Date should store NULL")
	}
}

func TestMonth(t *testing.T) {
	m, err := ParseMonth("2024-02")
	if err != nil {
		t.Fatal(err)
	}
	if m.Last().String() != "2024-02-29" || len(m.Days()) != 29 || m.Add(11).String() != "2025-01" || m.Add(-2).String() != "2023-12" {
		t.Errorf("month arithmetic: %s %d %s %s", m.Last(), len(m.Days()), m.Add(11), m.Add(-2))
	}
	if !m.Before(Month{2024, 3}) || !m.After(Month{2023, 12}) || !m.Contains(MustParse("2024-02-10")) {
		t.Error("month order")
	}
	for _, s := range []string{"2024-2", "2024-13", "2024/02", ""} {
		if _, err := ParseMonth(s); err == nil {
			t.Errorf("ParseMonth(%q) accepted", s)
		}
	}
}
