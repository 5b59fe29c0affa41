package nip

import (
	"errors"
	"reflect"
	"strconv"
	"testing"
	"testing/fstest"
	"time"
)

func TestEmbeddedDataLoads(t *testing.T) {
	if _, err := loadCatalog(); err != nil {
		t.Fatal(err)
	}
	if got := len(Vaccines()); got != 14 {
		t.Errorf("%d vaccine codes, want the 14 of the issue", got)
	}
}

// §6.1: the three editions and their dates.
func TestEditions(t *testing.T) {
	eds := Editions()
	var ids, dates []string
	for _, e := range eds {
		ids = append(ids, e.ID)
		dates = append(dates, e.Effective)
		if len(e.Sources) == 0 || e.Title == "" || len(e.Schedule) == 0 {
			t.Errorf("edition %s lacks title, sources or schedule", e.ID)
		}
		for _, d := range e.Schedule {
			if d.Source == "" {
				t.Errorf("edition %s: %s %d has no source", e.ID, d.Vaccine, d.Dose)
			}
		}
	}
	if !reflect.DeepEqual(ids, []string{"2021", "2025-dtap", "2026"}) {
		t.Errorf("ids %v", ids)
	}
	if !reflect.DeepEqual(dates, []string{"2021-06-01", "2025-01-01", "2026-06-17"}) {
		t.Errorf("effective dates %v", dates)
	}
	// Editions returns copies: changing one does not change the next call.
	eds[0].Sources[0].Tag = "changed"
	if Editions()[0].Sources[0].Tag == "changed" {
		t.Error("Editions shares its slices")
	}
}

// The 2025 change alters only DTaP/DT (§6.1); the 2026 edition adds HPV and moves the
// MPSV-A 2 deadline (§6.1, §6.3).
func TestEditionDifferences(t *testing.T) {
	eds := Editions()
	byKey := func(e Edition) map[string]ScheduledDose {
		m := map[string]ScheduledDose{}
		for _, d := range e.Schedule {
			m[d.Series+"/"+d.Track+"/"+d.Vaccine+"/"+strconv.Itoa(d.Dose)] = d
		}
		return m
	}
	diff := func(a, b Edition) []string {
		ma, mb := byKey(a), byKey(b)
		var out []string
		for k, da := range ma {
			db, ok := mb[k]
			if !ok || !reflect.DeepEqual(da, db) {
				out = append(out, k)
			}
		}
		for k := range mb {
			if _, ok := ma[k]; !ok {
				out = append(out, k)
			}
		}
		return out
	}
	for _, k := range diff(eds[0], eds[1]) {
		if k[:4] != "DTP/" {
			t.Errorf("2021 → 2025-dtap changes %s", k)
		}
	}
	for _, k := range diff(eds[1], eds[2]) {
		if k != "MEN//MPSV-A/2" && k[:4] != "HPV/" {
			t.Errorf("2025-dtap → 2026 changes %s", k)
		}
	}
}

func TestEditionInForce(t *testing.T) {
	cases := map[string]string{
		"2020-01-01": "2021", // before every edition: the oldest one
		"2024-12-31": "2021",
		"2025-01-01": "2025-dtap",
		"2026-06-16": "2025-dtap",
		"2026-06-17": "2026",
	}
	for asOf, want := range cases {
		if got := mustCheck(t, "2019-06-01", asOf, nil).Edition; got != want {
			t.Errorf("as of %s: edition %s, want %s", asOf, got, want)
		}
	}
}

func TestEffectiveDateOverride(t *testing.T) {
	s := DefaultSettings()
	s.EffectiveDates = map[string]time.Time{"2026": day(t, "2026-07-01")}
	res, err := s.Check(day(t, "2025-03-01"), SexUnknown, day(t, "2026-06-20"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Edition != "2025-dtap" {
		t.Errorf("edition %s, want 2025-dtap with 2026 effective 2026-07-01", res.Edition)
	}
	if got := s.Editions()[2].Effective; got != "2026-07-01" {
		t.Errorf("Editions effective %s", got)
	}

	s.EffectiveDates = map[string]time.Time{"2030": day(t, "2030-01-01")}
	if _, err := s.Check(day(t, "2025-03-01"), SexUnknown, day(t, "2026-06-20"), nil); !errors.Is(err, ErrSettings) {
		t.Errorf("unknown edition: err %v, want ErrSettings", err)
	}
	bad := DefaultSettings()
	bad.UnstatedIntervalDays = 0
	if _, err := bad.Check(day(t, "2025-03-01"), SexUnknown, day(t, "2026-06-20"), nil); !errors.Is(err, ErrSettings) {
		t.Errorf("zero interval: err %v, want ErrSettings", err)
	}
}

// Broken data files are reported, not accepted.
func TestParseCatalogRejectsBadData(t *testing.T) {
	vaccines := `{"vaccines":[{"code":"HepB","max_dose":3}]}`
	edition := func(dose string) string {
		return `{"id":"x","effective":"2021-01-01","sources":[{"tag":"t","title":"t"}],"live_injectable_gap":"28d",
			"groups":[{"name":"HepB","tracks":[{"doses":[` + dose + `]}]}]}`
	}
	good := `{"vaccine":"HepB","dose":1,"min_age":"0d","source":"s"}`
	if _, err := parseCatalog(fstest.MapFS{
		"editions/vaccines.json": {Data: []byte(vaccines)},
		"editions/x.json":        {Data: []byte(edition(good))},
	}); err != nil {
		t.Fatalf("good data rejected: %v", err)
	}
	for name, dose := range map[string]string{
		"unknown vaccine": `{"vaccine":"XX","dose":1,"min_age":"0d","source":"s"}`,
		"dose too high":   `{"vaccine":"HepB","dose":4,"min_age":"0d","source":"s"}`,
		"no source":       `{"vaccine":"HepB","dose":1,"min_age":"0d"}`,
		"bad age":         `{"vaccine":"HepB","dose":1,"min_age":"2w","source":"s"}`,
		"unknown field":   `{"vaccine":"HepB","dose":1,"min_age":"0d","source":"s","extra":1}`,
		"twice":           good + "," + good,
	} {
		_, err := parseCatalog(fstest.MapFS{
			"editions/vaccines.json": {Data: []byte(vaccines)},
			"editions/x.json":        {Data: []byte(edition(dose))},
		})
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
