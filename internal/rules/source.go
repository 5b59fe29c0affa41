package rules

import "sort"

// Source gives the standard in force for a county: the national floors
// tightened by the city's and then the county's overrides.
type Source interface {
	For(region string) (Standard, error)
}

// NationalOnly is the Source with no local overrides.
var NationalOnly Source = nationalOnly{}

type nationalOnly struct{}

func (nationalOnly) For(region string) (Standard, error) {
	if region != "" && !validRegion(region) {
		return Standard{}, fieldErr("region", ErrInvalidRegion)
	}
	return National(), nil
}

// Local is a Source built from the overrides of cities and counties over a
// base standard. It is a value: build a new one when the overrides change.
type Local struct {
	base     Standard
	byRegion map[string]Standard // every city and county with overrides
}

// CityOf is the city (prefecture) a county code lies in: "610602" → "610600".
func CityOf(region string) string {
	if !validRegion(region) {
		return ""
	}
	return region[:4] + "00"
}

// NewLocal applies each city's overrides to base, and each county's to its
// city's standard (or to base when its city has none). An error names the
// region and the item that was refused, as a *FieldError
// "<region>.items[i].<field>": for example an override that is no longer
// stricter than its city's.
func NewLocal(base Standard, all []Overrides) (*Local, error) {
	l := &Local{base: base, byRegion: map[string]Standard{}}
	sorted := append([]Overrides(nil), all...)
	// Cities first, so that a county is applied to its city's standard.
	sort.SliceStable(sorted, func(i, j int) bool {
		return sorted[i].Level == LevelCity && sorted[j].Level != LevelCity
	})
	for _, o := range sorted {
		from := base
		if o.Level == LevelCounty {
			if c, ok := l.byRegion[CityOf(o.Region)]; ok {
				from = c
			}
		}
		if _, dup := l.byRegion[o.Region]; dup {
			return nil, fieldErr(o.Region, ErrDuplicate)
		}
		s, err := from.Tighten(o)
		if err != nil {
			return nil, prefixed(o.Region, err)
		}
		l.byRegion[o.Region] = s
	}
	return l, nil
}

// For returns the standard of a county (or of a city, for a city code);
// "" gives the base standard, for figures no locality may tighten.
func (l *Local) For(region string) (Standard, error) {
	if region == "" {
		return l.base, nil
	}
	if !validRegion(region) {
		return Standard{}, fieldErr("region", ErrInvalidRegion)
	}
	if s, ok := l.byRegion[region]; ok {
		return s, nil
	}
	if s, ok := l.byRegion[CityOf(region)]; ok {
		return s, nil
	}
	return l.base, nil
}
