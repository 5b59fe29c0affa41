package stats

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"tuoyu/data"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// Headlines are the indicators a dashboard leads with: the city plan's
// targets (places per 1,000, the 普惠 share, demonstration institutions per
// county, guidance coverage) and the national headline since 2026 (the
// enrolment rate), with the filing rate.
var Headlines = []string{"places_per_1000", "puhui_share", "enrolment_rate", "filing_rate", "demonstration_per_county", "guidance_coverage"}

// TrendMonths is how many months a trend chart shows, ending at the period.
const TrendMonths = 12

// Region is a division on a dashboard.
type Region struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Level string `json:"level"`
}

// Headline is one of a dashboard's lead indicators for its region.
type Headline struct {
	Indicator Indicator `json:"indicator"`
	Value     Value     `json:"value"`
	// Met is whether the value reaches the target in the indicator's
	// direction; nil without a value or a target.
	Met *bool `json:"met"`
}

// Dashboard is a region's page of indicators: its headline indicators
// against their targets, and the level its drill-down shows.
type Dashboard struct {
	Region Region `json:"region"`
	// Trail is the path from the top of the caller's scope down to the
	// region, the region last.
	Trail     []Region   `json:"trail"`
	Period    string     `json:"period"`
	Below     string     `json:"below"` // county, township or institution
	Headlines []Headline `json:"headlines"`
}

// below is the level a region's drill-down shows.
func below(level string) string {
	switch level {
	case "province":
		return "city"
	case "city":
		return "county"
	case "county":
		return "township"
	}
	return "institution"
}

// Dashboard reads a region's dashboard from the roll-ups. The region must
// lie in the caller's scope (else not found); "" is the caller's own.
func (s *Service) Dashboard(ctx context.Context, a authz.Actor, region, period string) (Dashboard, error) {
	var d Dashboard
	if region == "" {
		region = a.Scope().RegionCode()
	}
	if region == "" || !s.regionInScope(a.Scope(), region) {
		return d, domain.NotFound("region")
	}
	r, err := s.region(ctx, region)
	if err != nil {
		return d, err
	}
	if period == "" {
		period = s.currentMonth().String()
	}
	p, err := ParsePeriod(period)
	if err != nil {
		return d, err
	}
	d.Region, d.Period, d.Below = r, p.Label, below(r.Level)
	for _, code := range ancestors(region) {
		if s.regionInScope(a.Scope(), code) {
			if up, err := s.region(ctx, code); err == nil {
				d.Trail = append(d.Trail, up)
			}
		}
	}
	d.Trail = append(d.Trail, r)
	cat, err := LoadCatalogue()
	if err != nil {
		return d, err
	}
	for _, code := range Headlines {
		ind, _ := cat.Indicator(code)
		vals, err := s.Values(ctx, a, Query{Indicator: code, Region: region, Period: p.Label})
		if err != nil {
			return d, err
		}
		h := Headline{Indicator: ind}
		if len(vals) == 1 {
			h.Value = vals[0]
			h.Met = met(ind, vals[0])
		}
		d.Headlines = append(d.Headlines, h)
	}
	return d, nil
}

// met compares a value with its target in the indicator's direction.
func met(in Indicator, v Value) *bool {
	if v.Value == nil || v.Target == nil || in.Direction == "none" {
		return nil
	}
	ok := *v.Value >= *v.Target
	if in.Direction == "lower" {
		ok = *v.Value <= *v.Target
	}
	return &ok
}

// ancestors are the divisions above a code, top first: 610602001 →
// 610000, 610600, 610602.
func ancestors(code string) []string {
	var out []string
	if len(code) > 6 {
		out = append(out, code[:2]+"0000", code[:4]+"00", code[:6])
	} else if len(code) == 6 && code[4:] != "00" {
		out = append(out, code[:2]+"0000", code[:4]+"00")
	} else if len(code) == 6 && code[2:] != "0000" {
		out = append(out, code[:2]+"0000")
	}
	return out
}

// region reads one division.
func (s *Service) region(ctx context.Context, code string) (Region, error) {
	r := Region{Code: code}
	err := s.db.Read().QueryRow(ctx, "SELECT name, level FROM regions WHERE code = ?", code).Scan(&r.Name, &r.Level)
	if err != nil {
		return r, domain.NotFound("region")
	}
	return r, nil
}

// Trend is an indicator's value for a region (or, with Level
// "institution", the caller's institutions) over the TrendMonths months
// ending at the period's last month, oldest first. Each month is read from
// the roll-ups exactly as Values reads it.
func (s *Service) Trend(ctx context.Context, a authz.Actor, in Query) ([]Value, error) {
	end := s.currentMonth()
	if in.Period != "" {
		p, err := ParsePeriod(in.Period)
		if err != nil {
			return nil, err
		}
		end = p.To
	}
	out := make([]Value, 0, TrendMonths)
	for m := end.Add(1 - TrendMonths); !m.After(end); m = m.Add(1) {
		q := in
		q.Period = m.String()
		vals, err := s.Values(ctx, a, q)
		if err != nil {
			return nil, err
		}
		if len(vals) == 1 {
			out = append(out, vals[0])
		} else {
			out = append(out, Value{RegionCode: in.Region, Period: m.String()})
		}
	}
	return out, nil
}

// Tiles is a tile-grid layout of a city's counties: one square per county
// at a column and row. It is a schematic, not boundaries: the reference
// data holds no county geometry.
type Tiles struct {
	Columns int               `json:"columns"`
	Rows    int               `json:"rows"`
	Tiles   map[string][2]int `json:"tiles"`
}

var (
	tilesOnce sync.Once
	tiles     map[string]Tiles
	tilesErr  error
)

// TileGrid returns the tile layout of a city's counties, if one is shipped.
func TileGrid(city string) (Tiles, bool, error) {
	tilesOnce.Do(func() {
		b, err := data.Stats.ReadFile("stats/tilegrid.json")
		if err != nil {
			tilesErr = err
			return
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			tilesErr = fmt.Errorf("tile grid: %w", err)
			return
		}
		tiles = map[string]Tiles{}
		for code, v := range raw {
			if code == "_comment" {
				continue
			}
			var t Tiles
			if err := json.Unmarshal(v, &t); err != nil {
				tilesErr = fmt.Errorf("tile grid %s: %w", code, err)
				return
			}
			tiles[code] = t
		}
	})
	t, ok := tiles[city]
	return t, ok, tilesErr
}
