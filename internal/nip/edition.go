package nip

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"time"
)

// Edition describes one edition of the schedule.
type Edition struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Issuer    string `json:"issuer"`
	Effective string `json:"effective"` // YYYY-MM-DD, after any Settings.EffectiveDates override
	// EffectiveConfidence is the reference's label for the effective date: C
	// (confirmed), S (single source) or U (unconfirmed; override it in Settings).
	EffectiveConfidence string          `json:"effective_confidence"`
	EffectiveNote       string          `json:"effective_note"`
	Changes             string          `json:"changes"`
	Sources             []Source        `json:"sources"`
	Schedule            []ScheduledDose `json:"schedule"`
}

// Source is a document an edition is taken from; Tag is its tag in
// docs/domain-reference.md §13.
type Source struct {
	Tag   string `json:"tag"`
	Title string `json:"title"`
	URL   string `json:"url,omitempty"`
}

// ScheduledDose is one dose of an edition as written in its data file. Ages and
// intervals are "<n>d", "<n>m" or "<n>y"; empty means none is given.
type ScheduledDose struct {
	Series string `json:"series"`
	// Track is empty for the default series, or the vaccine whose record selects an
	// alternative series (e.g. "JE-I").
	Track          string    `json:"track,omitempty"`
	Vaccine        string    `json:"vaccine"`
	Dose           int       `json:"dose"`
	MinAge         string    `json:"min_age"`
	MinInterval    string    `json:"min_interval,omitempty"`
	CompleteBefore string    `json:"complete_before,omitempty"`
	CatchUpBefore  string    `json:"catch_up_before,omitempty"`
	Sex            Sex       `json:"sex,omitempty"`
	Accepts        []DoseRef `json:"accepts,omitempty"`
	Source         string    `json:"source"`
}

// DoseRef names a dose of a vaccine.
type DoseRef struct {
	Vaccine string `json:"vaccine"`
	Dose    int    `json:"dose"`
}

// Editions describes each edition, oldest first, with its default effective date.
func Editions() []Edition { return DefaultSettings().Editions() }

// Editions describes each edition, oldest first, with effective dates after the
// overrides in s. It returns nil when s is invalid.
func (s Settings) Editions() []Edition {
	cat, err := loadCatalog()
	if err != nil {
		return nil
	}
	eds, err := s.editions(cat)
	if err != nil {
		return nil
	}
	out := make([]Edition, 0, len(eds))
	for _, e := range eds {
		info := e.info
		info.Effective = formatDate(e.effective)
		info.Sources = append([]Source(nil), e.info.Sources...)
		info.Schedule = append([]ScheduledDose(nil), e.info.Schedule...)
		out = append(out, info)
	}
	return out
}

//go:embed editions/*.json
var editionFiles embed.FS

// catalog is the parsed content of editions/: computed once, never changed.
type catalog struct {
	vaccines     map[string]Vaccine
	vaccineOrder []string
	editions     []*edition // by default effective date
}

var loadCatalog = sync.OnceValues(func() (*catalog, error) {
	cat, err := parseCatalog(editionFiles)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrScheduleData, err)
	}
	return cat, nil
})

type edition struct {
	info      Edition
	effective time.Time
	liveGap   span
	groups    []series
	// groupOf maps a vaccine code to the index of the series that uses it.
	groupOf map[string]int
}

// series is the doses of one disease (polio, JE...): a default track and, for
// JE and HepA, an alternative track chosen by the records.
type series struct {
	name   string
	tracks []track
}

type track struct {
	whenRecorded   string
	unlessRecorded string
	slots          []slot
}

type doseKey struct {
	vaccine string
	dose    int
}

type slot struct {
	key            doseKey
	minAge         span
	minInterval    span
	hasInterval    bool
	completeBefore span
	hasDeadline    bool
	catchUpBefore  span
	hasCatchUp     bool
	live           bool
	sex            Sex
	accepts        []doseKey
}

type vaccinesFile struct {
	About    string    `json:"about"`
	Vaccines []Vaccine `json:"vaccines"`
}

type editionFile struct {
	ID                  string   `json:"id"`
	Title               string   `json:"title"`
	Issuer              string   `json:"issuer"`
	Effective           string   `json:"effective"`
	EffectiveConfidence string   `json:"effective_confidence"`
	EffectiveNote       string   `json:"effective_note"`
	Changes             string   `json:"changes"`
	Sources             []Source `json:"sources"`
	LiveInjectableGap   string   `json:"live_injectable_gap"`
	Groups              []struct {
		Name   string `json:"name"`
		Tracks []struct {
			WhenRecorded   string     `json:"when_recorded"`
			UnlessRecorded string     `json:"unless_recorded"`
			Doses          []doseFile `json:"doses"`
		} `json:"tracks"`
	} `json:"groups"`
}

type doseFile struct {
	Vaccine        string    `json:"vaccine"`
	Dose           int       `json:"dose"`
	MinAge         string    `json:"min_age"`
	MinInterval    string    `json:"min_interval"`
	CompleteBefore string    `json:"complete_before"`
	CatchUpBefore  string    `json:"catch_up_before"`
	LiveInjectable bool      `json:"live_injectable"`
	Sex            Sex       `json:"sex"`
	Accepts        []DoseRef `json:"accepts"`
	Source         string    `json:"source"`
}

func parseCatalog(fsys fs.FS) (*catalog, error) {
	raw, err := fs.ReadFile(fsys, "editions/vaccines.json")
	if err != nil {
		return nil, err
	}
	var vf vaccinesFile
	if err := decodeStrict(raw, &vf); err != nil {
		return nil, fmt.Errorf("vaccines.json: %v", err)
	}
	cat := &catalog{vaccines: map[string]Vaccine{}}
	for _, v := range vf.Vaccines {
		if v.Code == "" || v.MaxDose < 1 {
			return nil, fmt.Errorf("vaccines.json: bad entry %+v", v)
		}
		if _, dup := cat.vaccines[v.Code]; dup {
			return nil, fmt.Errorf("vaccines.json: duplicate code %s", v.Code)
		}
		cat.vaccines[v.Code] = v
		cat.vaccineOrder = append(cat.vaccineOrder, v.Code)
	}
	names, err := fs.Glob(fsys, "editions/*.json")
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, name := range names {
		if strings.HasSuffix(name, "/vaccines.json") {
			continue
		}
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		e, err := cat.parseEdition(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		if seen[e.info.ID] {
			return nil, fmt.Errorf("%s: duplicate edition id %s", name, e.info.ID)
		}
		seen[e.info.ID] = true
		cat.editions = append(cat.editions, e)
	}
	if len(cat.editions) == 0 {
		return nil, fmt.Errorf("no editions")
	}
	sort.SliceStable(cat.editions, func(i, j int) bool {
		return cat.editions[i].effective.Before(cat.editions[j].effective)
	})
	return cat, nil
}

func decodeStrict(raw []byte, v any) error {
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func (cat *catalog) parseEdition(raw []byte) (*edition, error) {
	var f editionFile
	if err := decodeStrict(raw, &f); err != nil {
		return nil, err
	}
	eff, err := time.Parse(dateLayout, f.Effective)
	if err != nil {
		return nil, fmt.Errorf("effective: %v", err)
	}
	gap, err := parseSpan(f.LiveInjectableGap)
	if err != nil {
		return nil, fmt.Errorf("live_injectable_gap: %v", err)
	}
	e := &edition{
		info: Edition{
			ID: f.ID, Title: f.Title, Issuer: f.Issuer, Effective: f.Effective,
			EffectiveConfidence: f.EffectiveConfidence, EffectiveNote: f.EffectiveNote,
			Changes: f.Changes, Sources: f.Sources,
		},
		effective: eff,
		liveGap:   gap,
		groupOf:   map[string]int{},
	}
	if f.ID == "" || len(f.Sources) == 0 {
		return nil, fmt.Errorf("id and sources are required")
	}
	for gi, g := range f.Groups {
		if len(g.Tracks) == 0 || g.Tracks[0].WhenRecorded != "" {
			return nil, fmt.Errorf("series %s: the first track must be the default", g.Name)
		}
		s := series{name: g.Name}
		for ti, t := range g.Tracks {
			if ti > 0 && t.WhenRecorded == "" {
				return nil, fmt.Errorf("series %s: alternative track without when_recorded", g.Name)
			}
			tr := track{whenRecorded: t.WhenRecorded, unlessRecorded: t.UnlessRecorded}
			keys := map[doseKey]bool{}
			for _, d := range t.Doses {
				sl, err := cat.parseSlot(d)
				if err != nil {
					return nil, fmt.Errorf("series %s: %v", g.Name, err)
				}
				for _, k := range append([]doseKey{sl.key}, sl.accepts...) {
					if keys[k] {
						return nil, fmt.Errorf("series %s: %s %d used twice in one track", g.Name, k.vaccine, k.dose)
					}
					keys[k] = true
					if other, ok := e.groupOf[k.vaccine]; ok && other != gi {
						return nil, fmt.Errorf("vaccine %s in two series", k.vaccine)
					}
					e.groupOf[k.vaccine] = gi
				}
				tr.slots = append(tr.slots, sl)
				e.info.Schedule = append(e.info.Schedule, ScheduledDose{
					Series: g.Name, Track: t.WhenRecorded, Vaccine: d.Vaccine, Dose: d.Dose,
					MinAge: d.MinAge, MinInterval: d.MinInterval, CompleteBefore: d.CompleteBefore,
					CatchUpBefore: d.CatchUpBefore, Sex: d.Sex, Accepts: d.Accepts, Source: d.Source,
				})
			}
			if len(tr.slots) == 0 {
				return nil, fmt.Errorf("series %s: empty track", g.Name)
			}
			s.tracks = append(s.tracks, tr)
		}
		e.groups = append(e.groups, s)
	}
	return e, nil
}

func (cat *catalog) parseSlot(d doseFile) (slot, error) {
	sl := slot{key: doseKey{d.Vaccine, d.Dose}, live: d.LiveInjectable, sex: d.Sex}
	if err := cat.checkDose(d.Vaccine, d.Dose); err != nil {
		return sl, err
	}
	if d.Source == "" {
		return sl, fmt.Errorf("%s %d: source is required", d.Vaccine, d.Dose)
	}
	if d.Sex != SexUnknown && d.Sex != SexFemale && d.Sex != SexMale {
		return sl, fmt.Errorf("%s %d: bad sex %q", d.Vaccine, d.Dose, d.Sex)
	}
	var err error
	if sl.minAge, err = parseSpan(d.MinAge); err != nil {
		return sl, err
	}
	if d.MinInterval != "" {
		if sl.minInterval, err = parseSpan(d.MinInterval); err != nil {
			return sl, err
		}
		sl.hasInterval = !sl.minInterval.isZero()
	}
	if d.CompleteBefore != "" {
		if sl.completeBefore, err = parseSpan(d.CompleteBefore); err != nil {
			return sl, err
		}
		sl.hasDeadline = true
	}
	if d.CatchUpBefore != "" {
		if sl.catchUpBefore, err = parseSpan(d.CatchUpBefore); err != nil {
			return sl, err
		}
		sl.hasCatchUp = true
	}
	for _, a := range d.Accepts {
		if err := cat.checkDose(a.Vaccine, a.Dose); err != nil {
			return sl, err
		}
		sl.accepts = append(sl.accepts, doseKey{a.Vaccine, a.Dose})
	}
	return sl, nil
}

func (cat *catalog) checkDose(code string, dose int) error {
	v, ok := cat.vaccines[code]
	if !ok {
		return fmt.Errorf("unknown vaccine %q", code)
	}
	if dose < 1 || dose > v.MaxDose {
		return fmt.Errorf("%s dose %d out of range", code, dose)
	}
	return nil
}

// datedEdition is an edition with the effective date the settings give it.
type datedEdition struct {
	*edition
	effective time.Time
}

// editions returns the editions sorted by effective date after overrides.
func (s Settings) editions(cat *catalog) ([]datedEdition, error) {
	out := make([]datedEdition, 0, len(cat.editions))
	for _, e := range cat.editions {
		out = append(out, datedEdition{edition: e, effective: e.effective})
	}
	for id, d := range s.EffectiveDates {
		found := false
		for i := range out {
			if out[i].info.ID == id {
				out[i].effective = calendarDate(d)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("%w: EffectiveDates: unknown edition %q", ErrSettings, id)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].effective.Before(out[j].effective) })
	return out, nil
}

// inForce returns the edition in force on day d: the latest one effective on or
// before d, or the oldest one for days before every edition.
func inForce(eds []datedEdition, d time.Time) datedEdition {
	cur := eds[0]
	for _, e := range eds[1:] {
		if !e.effective.After(d) {
			cur = e
		}
	}
	return cur
}

// findSlot finds the dose of series name that a record fills in this edition,
// looking first in the track chosen by the same vaccine (when), then in the others:
// a dose with the record's or the slot's own key, else one accepting the record.
func (e *edition) findSlot(name, when string, rec, own doseKey) (slot, bool) {
	for _, g := range e.groups {
		if g.name != name {
			continue
		}
		for _, sameTrack := range []bool{true, false} {
			for _, t := range g.tracks {
				if (t.whenRecorded == when) != sameTrack {
					continue
				}
				if sl, ok := t.find(rec, own); ok {
					return sl, true
				}
			}
		}
	}
	return slot{}, false
}

func (t track) find(rec, own doseKey) (slot, bool) {
	for _, sl := range t.slots {
		if sl.key == rec || sl.key == own {
			return sl, true
		}
	}
	for _, sl := range t.slots {
		for _, a := range sl.accepts {
			if a == rec {
				return sl, true
			}
		}
	}
	return slot{}, false
}
