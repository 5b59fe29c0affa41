package stats

import (
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"tuoyu/data"
)

// Measure is one thing counted per institution (or region) and month.
type Measure struct {
	Code   string `json:"code"`
	NameZH string `json:"name_zh"`
	NameEN string `json:"name_en"`
	// Kind is "stock" (the value at the end of a period: places, children
	// enrolled) or "flow" (summed over a period: days present, fees billed).
	Kind string `json:"kind"`
	// Source is where values come from: "records" (computed from the daily
	// records), "population" (imported yearly figures), "regions" (the
	// division tree), or "supervision" (records Tuoyu does not hold yet).
	Source string `json:"source"`
}

// Target is an indicator's target value for a year.
type Target struct {
	Year  int     `json:"year"`
	Value float64 `json:"value"`
}

// Indicator is a formula over measures: numerator / denominator × factor.
// An indicator without a denominator is the numerator times the factor.
// Over regions and periods the numerator and the denominator are summed
// separately and divided last; ratios are never averaged.
type Indicator struct {
	Code          string   `json:"code"`
	NameZH        string   `json:"name_zh"`
	NameEN        string   `json:"name_en"`
	DefinitionZH  string   `json:"definition_zh"`
	DefinitionEN  string   `json:"definition_en"`
	Numerator     string   `json:"numerator"`
	Denominator   string   `json:"denominator,omitempty"`
	Factor        float64  `json:"factor"`
	UnitZH        string   `json:"unit_zh"`
	UnitEN        string   `json:"unit_en"`
	PeriodType    string   `json:"period_type"`
	Aggregation   string   `json:"aggregation"`
	Direction     string   `json:"direction"` // higher, lower (is better) or none
	Targets       []Target `json:"targets"`
	EffectiveFrom string   `json:"effective_from"`
	EffectiveTo   string   `json:"effective_to,omitempty"`
	Source        string   `json:"source"`
	Group         string   `json:"group"`
}

// Target returns the target in force for a year: the one of that year, or
// else the latest earlier one.
func (in Indicator) Target(year int) (float64, bool) {
	var v float64
	found := false
	for _, t := range in.Targets {
		if t.Year <= year {
			v, found = t.Value, true
		}
	}
	return v, found
}

// Catalogue is the shipped indicator catalogue.
type Catalogue struct {
	Measures   []Measure   `json:"measures"`
	Indicators []Indicator `json:"indicators"`
	measures   map[string]Measure
	indicators map[string]Indicator
}

// Measure returns a measure by code.
func (c *Catalogue) Measure(code string) (Measure, bool) { m, ok := c.measures[code]; return m, ok }

// Indicator returns an indicator by code.
func (c *Catalogue) Indicator(code string) (Indicator, bool) {
	in, ok := c.indicators[code]
	return in, ok
}

var (
	catalogueOnce sync.Once
	catalogue     *Catalogue
	catalogueErr  error
)

// LoadCatalogue parses the embedded catalogue (once).
func LoadCatalogue() (*Catalogue, error) {
	catalogueOnce.Do(func() {
		b, err := data.Stats.ReadFile("stats/indicators.json")
		if err != nil {
			catalogueErr = err
			return
		}
		catalogue, catalogueErr = ParseCatalogue(b)
	})
	return catalogue, catalogueErr
}

// ParseCatalogue parses and checks a catalogue: codes unique, every
// numerator and denominator a known measure, a positive factor.
func ParseCatalogue(b []byte) (*Catalogue, error) {
	var c Catalogue
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("indicator catalogue: %w", err)
	}
	c.measures = map[string]Measure{}
	for _, m := range c.Measures {
		if _, dup := c.measures[m.Code]; dup || m.Code == "" {
			return nil, fmt.Errorf("indicator catalogue: measure %q repeated or empty", m.Code)
		}
		if m.Kind != "stock" && m.Kind != "flow" {
			return nil, fmt.Errorf("indicator catalogue: measure %s: kind %q", m.Code, m.Kind)
		}
		c.measures[m.Code] = m
	}
	c.indicators = map[string]Indicator{}
	for _, in := range c.Indicators {
		if _, dup := c.indicators[in.Code]; dup || in.Code == "" {
			return nil, fmt.Errorf("indicator catalogue: indicator %q repeated or empty", in.Code)
		}
		if _, ok := c.measures[in.Numerator]; !ok {
			return nil, fmt.Errorf("indicator catalogue: %s: unknown numerator %q", in.Code, in.Numerator)
		}
		if _, ok := c.measures[in.Denominator]; in.Denominator != "" && !ok {
			return nil, fmt.Errorf("indicator catalogue: %s: unknown denominator %q", in.Code, in.Denominator)
		}
		if in.Factor <= 0 || !slices.Contains([]string{"higher", "lower", "none"}, in.Direction) {
			return nil, fmt.Errorf("indicator catalogue: %s: factor %v or direction %q", in.Code, in.Factor, in.Direction)
		}
		c.indicators[in.Code] = in
	}
	return &c, nil
}
