package stats

import (
	"context"
	"math"
	"sort"
	"strconv"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Planning compares the places a region needs — resident population ×
// the year's target places per 1,000 — with the places filed and counted
// (the roll-ups' stock at the year's last month, or the current one), by
// township for a county and by county for the city; and the 普惠 places
// with the children under 3 of each township.

// Setting keys.
const (
	SettingPlacesTarget    = "places_per_1000_target"
	SettingDeadlineWorkday = "report_deadline_workday"
)

// Settings are the statistics settings.
type Settings struct {
	DeadlineWorkday int              `json:"deadline_workday"`
	Targets         []PlanningTarget `json:"targets"` // set by year, oldest first
}

// PlanningTarget is the target of places per 1,000 residents of a year.
type PlanningTarget struct {
	Year  int     `json:"year"`
	Value float64 `json:"value"`
}

// PlanningRow is one division's places against its need.
type PlanningRow struct {
	Code          string   `json:"code"`
	Name          string   `json:"name"`
	Population    *int64   `json:"population"` // resident, nil without a figure
	Needed        *int64   `json:"needed"`     // population × target / 1000, rounded up
	PlacesFiled   int64    `json:"places_filed"`
	PlacesCounted int64    `json:"places_counted"`
	Gap           *int64   `json:"gap"` // needed − counted; above zero a shortfall
	PlacesPuhui   int64    `json:"places_puhui"`
	Under3        *int64   `json:"under3"`        // children under 3, nil without a figure
	PuhuiPer100   *float64 `json:"puhui_per_100"` // 普惠 places per 100 children under 3
	Institutions  int64    `json:"institutions"`  // registered
}

// Planning is a region's planning table.
type Planning struct {
	Region        Region        `json:"region"`
	Year          int           `json:"year"`
	Month         string        `json:"month"` // the stock read
	Target        float64       `json:"target"`
	TargetSet     bool          `json:"target_set"` // from the settings, else the catalogue's
	Level         string        `json:"level"`      // county or township
	Rows          []PlanningRow `json:"rows"`
	Total         PlanningRow   `json:"total"`
	NoInstitution []Region      `json:"no_institution"` // townships with no institution registered
}

// DeadlineWorkday is the setting N of the report deadline: reports are due
// on the Nth working day of the next month.
func (s *Service) DeadlineWorkday(ctx context.Context) (int, error) {
	v, ok, err := s.setting(ctx, SettingDeadlineWorkday, 0)
	if err != nil || !ok {
		return DefaultDeadlineWorkday, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return DefaultDeadlineWorkday, nil
	}
	return n, nil
}

// placesTarget is the target of a year: the setting of that year or the
// latest earlier one, else the catalogue's target of places per 1,000.
func (s *Service) placesTarget(ctx context.Context, year int) (float64, bool, error) {
	var v string
	err := s.db.Read().QueryRow(ctx, "SELECT value FROM stats_settings WHERE key = ? AND year <= ? AND year > 0 ORDER BY year DESC LIMIT 1",
		SettingPlacesTarget, year).Scan(&v)
	if err == nil {
		x, perr := strconv.ParseFloat(v, 64)
		return x, perr == nil, nil
	}
	cat, cerr := LoadCatalogue()
	if cerr != nil {
		return 0, false, cerr
	}
	in, _ := cat.Indicator("places_per_1000")
	x, _ := in.Target(year)
	return x, false, nil
}

// Settings reads the statistics settings.
func (s *Service) Settings(ctx context.Context, a authz.Actor) (Settings, error) {
	if err := a.Require(authz.StatsPlanning); err != nil {
		return Settings{}, err
	}
	n, err := s.DeadlineWorkday(ctx)
	if err != nil {
		return Settings{}, err
	}
	out := Settings{DeadlineWorkday: n, Targets: []PlanningTarget{}}
	rows, err := s.db.Read().Query(ctx, "SELECT year, value FROM stats_settings WHERE key = ? ORDER BY year", SettingPlacesTarget)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var t PlanningTarget
		var v string
		if err := rows.Scan(&t.Year, &v); err != nil {
			return out, err
		}
		t.Value, _ = strconv.ParseFloat(v, 64)
		out.Targets = append(out.Targets, t)
	}
	return out, rows.Err()
}

// SettingsChange sets the deadline and, when Year is set, a year's target.
type SettingsChange struct {
	DeadlineWorkday string `json:"deadline_workday"`
	Year            string `json:"year"`
	Target          string `json:"target"`
}

// SaveSettings stores the settings (the city): the deadline's working day
// (1–20) and a year's target places per 1,000 (0–50). Bad input changes
// nothing; the change and its audit event are one transaction.
func (s *Service) SaveSettings(ctx context.Context, a authz.Actor, c SettingsChange) (Settings, error) {
	if err := a.Require(authz.StatsSettingsEdit); err != nil {
		return Settings{}, err
	}
	p := domain.Problems{}
	n, err := strconv.Atoi(strings.TrimSpace(c.DeadlineWorkday))
	if err != nil || n < 1 || n > 20 {
		p.Add("deadline_workday", domain.ReasonRange)
	}
	var year int
	var target float64
	c.Year, c.Target = strings.TrimSpace(c.Year), strings.TrimSpace(c.Target)
	if c.Year != "" || c.Target != "" {
		if year, err = strconv.Atoi(c.Year); err != nil || year < 2000 || year > 2100 {
			p.Add("year", domain.ReasonRange)
		}
		if target, err = strconv.ParseFloat(c.Target, 64); err != nil || target < 0 || target > 50 || math.IsNaN(target) {
			p.Add("target", domain.ReasonRange)
		}
	}
	if err := p.Err(); err != nil {
		return Settings{}, err
	}
	now := s.now()
	err = s.db.Tx(ctx, func(q store.Q) error {
		set := func(key string, year int, v string) error {
			if _, err := q.Exec(ctx, "DELETE FROM stats_settings WHERE key = ? AND year = ?", key, year); err != nil {
				return err
			}
			_, err := q.Exec(ctx, "INSERT INTO stats_settings (key, year, value, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)", key, year, v, userRef(a), now)
			return err
		}
		detail := map[string]any{"deadline_workday": n}
		if err := set(SettingDeadlineWorkday, 0, strconv.Itoa(n)); err != nil {
			return err
		}
		if year != 0 {
			if err := set(SettingPlacesTarget, year, strconv.FormatFloat(target, 'f', -1, 64)); err != nil {
				return err
			}
			detail["year"], detail["target"] = year, target
		}
		return s.auditOn(ctx, q, a, ActionSettingsEdit, "stats_settings", int64(year), a.Scope().RegionCode(), 0, detail)
	})
	if err != nil {
		return Settings{}, err
	}
	return s.Settings(ctx, a)
}

// Planning reads a region's planning table for a year: a county by
// township, the city (or a province) by county. "" is the caller's region.
func (s *Service) Planning(ctx context.Context, a authz.Actor, region string, year int) (Planning, error) {
	if err := a.Require(authz.StatsPlanning); err != nil {
		return Planning{}, err
	}
	if region == "" {
		region = a.Scope().RegionCode()
	}
	if region == "" || !s.regionInScope(a.Scope(), region) {
		return Planning{}, domain.NotFound("region")
	}
	r, err := s.region(ctx, region)
	if err != nil {
		return Planning{}, err
	}
	cur := s.currentMonth()
	if year == 0 {
		year = cur.Year
	}
	if year < 2000 || year > cur.Year {
		return Planning{}, domain.Invalid("year", domain.ReasonRange)
	}
	level := "county"
	switch r.Level {
	case "county":
		level = "township"
	case "city", "province":
	default:
		return Planning{}, domain.Invalid("region", domain.ReasonNotAllowed)
	}
	m := civil.Month{Year: year, Month: 12}
	if m.After(cur) {
		m = cur
	}
	out := Planning{Region: r, Year: year, Month: m.String(), Level: level, Rows: []PlanningRow{}, NoInstitution: []Region{}}
	if out.Target, out.TargetSet, err = s.placesTarget(ctx, year); err != nil {
		return out, err
	}
	units, err := s.units(ctx, a, region, level)
	if err != nil {
		return out, err
	}
	stock, err := s.stock(ctx, units, m, "places_filed", "places_counted", "places_puhui", "inst_registered")
	if err != nil {
		return out, err
	}
	out.Total = PlanningRow{Code: r.Code, Name: r.Name}
	var totalPop, totalU3 int64
	popAll, u3All := true, true
	for _, u := range units {
		row := PlanningRow{Code: u.code, Name: u.name, PlacesFiled: stock["places_filed"][u], PlacesCounted: stock["places_counted"][u],
			PlacesPuhui: stock["places_puhui"][u], Institutions: stock["inst_registered"][u]}
		if n, ok, err := s.population(ctx, u.code, PopulationResident, year); err != nil {
			return out, err
		} else if ok {
			row.Population = &n
			totalPop += n
		} else {
			popAll = false
		}
		if n, ok, err := s.population(ctx, u.code, PopulationUnder3, year); err != nil {
			return out, err
		} else if ok {
			row.Under3 = &n
			totalU3 += n
		} else {
			u3All = false
		}
		fill(&row, out.Target)
		out.Rows = append(out.Rows, row)
		out.Total.PlacesFiled += row.PlacesFiled
		out.Total.PlacesCounted += row.PlacesCounted
		out.Total.PlacesPuhui += row.PlacesPuhui
		out.Total.Institutions += row.Institutions
	}
	// The region's own figure when it has one, else the sum when every
	// division below has one.
	if n, ok, err := s.population(ctx, region, PopulationResident, year); err != nil {
		return out, err
	} else if ok {
		out.Total.Population = &n
	} else if popAll && len(units) > 0 {
		out.Total.Population = &totalPop
	}
	if n, ok, err := s.population(ctx, region, PopulationUnder3, year); err != nil {
		return out, err
	} else if ok {
		out.Total.Under3 = &n
	} else if u3All && len(units) > 0 {
		out.Total.Under3 = &totalU3
	}
	fill(&out.Total, out.Target)

	// Townships with no institution registered.
	towns := units
	if level != "township" {
		if towns, err = s.units(ctx, a, region, "township"); err != nil {
			return out, err
		}
	}
	insts, err := s.stock(ctx, towns, m, "inst_registered")
	if err != nil {
		return out, err
	}
	for _, u := range towns {
		if insts["inst_registered"][u] == 0 {
			out.NoInstitution = append(out.NoInstitution, Region{Code: u.code, Name: u.name, Level: "township"})
		}
	}
	sort.SliceStable(out.NoInstitution, func(i, j int) bool { return out.NoInstitution[i].Code < out.NoInstitution[j].Code })
	return out, nil
}

// fill derives a row's need, gap and 普惠 coverage.
func fill(row *PlanningRow, target float64) {
	if row.Population != nil {
		need := int64(math.Ceil(float64(*row.Population) * target / 1000))
		gap := need - row.PlacesCounted
		row.Needed, row.Gap = &need, &gap
	}
	if row.Under3 != nil && *row.Under3 > 0 {
		x := float64(row.PlacesPuhui) / float64(*row.Under3) * 100
		row.PuhuiPer100 = &x
	}
}

// stock reads record measures of the roll-ups at a month for units.
func (s *Service) stock(ctx context.Context, units []unit, m civil.Month, codes ...string) (map[string]map[unit]int64, error) {
	cat, err := LoadCatalogue()
	if err != nil {
		return nil, err
	}
	p, err := ParsePeriod(m.String())
	if err != nil {
		return nil, err
	}
	out := map[string]map[unit]int64{}
	for _, c := range codes {
		if out[c], err = s.measure(ctx, cat, c, units, p); err != nil {
			return nil, err
		}
	}
	return out, nil
}
