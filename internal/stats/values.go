package stats

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Period is a month, a quarter or a year.
type Period struct {
	From, To civil.Month
	Label    string // 2026-09, 2026-Q3, 2026
	DHIS2    string // 202609, 2026Q3, 2026
}

// ParsePeriod reads 2026-09, 2026-Q3 or 2026.
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	if m, err := civil.ParseMonth(s); err == nil {
		return Period{m, m, m.String(), strings.ReplaceAll(m.String(), "-", "")}, nil
	}
	if y, q, ok := strings.Cut(s, "-Q"); ok {
		yr, err1 := strconv.Atoi(y)
		qn, err2 := strconv.Atoi(q)
		if err1 == nil && err2 == nil && qn >= 1 && qn <= 4 && yr >= 1900 && yr <= 9999 {
			from := civil.Month{Year: yr, Month: 1}.Add(3 * (qn - 1))
			return Period{from, from.Add(2), s, y + "Q" + q}, nil
		}
	}
	if yr, err := strconv.Atoi(s); err == nil && len(s) == 4 {
		return Period{civil.Month{Year: yr, Month: 1}, civil.Month{Year: yr, Month: 12}, s, s}, nil
	}
	return Period{}, domain.Invalid("period", domain.ReasonDate)
}

// Value is an indicator for one region or institution and period. Missing
// numbers mean "no data" (no records of that kind, or no denominator).
type Value struct {
	RegionCode    string   `json:"region_code,omitempty"`
	InstitutionID int64    `json:"institution_id,omitempty"`
	Name          string   `json:"name"`
	Period        string   `json:"period"`
	Numerator     *int64   `json:"numerator"`
	Denominator   *int64   `json:"denominator"`
	Value         *float64 `json:"value"`
	Target        *float64 `json:"target,omitempty"`
}

// Query asks for an indicator's values: for a region itself (Level ""),
// or for its townships, counties or institutions (Level "township",
// "county", "institution").
type Query struct {
	Indicator string
	Region    string
	Period    string
	Level     string
}

// unit is a region or an institution whose values are read.
type unit struct {
	code string
	inst int64
	name string
}

// Indicators is the catalogue.
func (s *Service) Indicators() ([]Indicator, error) {
	c, err := LoadCatalogue()
	if err != nil {
		return nil, err
	}
	return c.Indicators, nil
}

// Values computes an indicator from the roll-ups. The region must lie in
// the caller's scope (else not found); an institution's staff see only
// their own institution, through Level "institution".
func (s *Service) Values(ctx context.Context, a authz.Actor, in Query) ([]Value, error) {
	cat, err := LoadCatalogue()
	if err != nil {
		return nil, err
	}
	ind, ok := cat.Indicator(in.Indicator)
	if !ok {
		return nil, domain.NotFound("indicator")
	}
	p := Period{}
	if in.Period == "" {
		m := s.currentMonth()
		p = Period{m, m, m.String(), strings.ReplaceAll(m.String(), "-", "")}
	} else if p, err = ParsePeriod(in.Period); err != nil {
		return nil, err
	}
	units, err := s.units(ctx, a, in.Region, in.Level)
	if err != nil {
		return nil, err
	}
	num, err := s.measure(ctx, cat, ind.Numerator, units, p)
	if err != nil {
		return nil, err
	}
	den := map[unit]int64{}
	if ind.Denominator != "" {
		if den, err = s.measure(ctx, cat, ind.Denominator, units, p); err != nil {
			return nil, err
		}
	}
	out := make([]Value, 0, len(units))
	for _, u := range units {
		v := Value{RegionCode: u.code, InstitutionID: u.inst, Name: u.name, Period: p.Label}
		if t, ok := ind.Target(p.To.Year); ok {
			v.Target = &t
		}
		n, hasN := num[u]
		if hasN {
			v.Numerator = &n
		}
		if ind.Denominator == "" {
			if hasN {
				x := float64(n) * ind.Factor
				v.Value = &x
			}
		} else if d, ok := den[u]; ok {
			v.Denominator = &d
			if hasN && d != 0 {
				x := float64(n) / float64(d) * ind.Factor
				v.Value = &x
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// units resolves the region and level of a query within the caller's scope.
func (s *Service) units(ctx context.Context, a authz.Actor, region, level string) ([]unit, error) {
	scope := a.Scope()
	q := s.db.Read()
	if level == "institution" {
		where, args := store.ScopeInstitutions(scope, "i")
		if region != "" {
			if !s.regionInScope(scope, region) {
				return nil, domain.NotFound("region")
			}
			where += " AND (i.region_code LIKE ? OR i.township_code = ?)"
			args = append(args, prefix(region)+"%", region)
		}
		rows, err := q.Query(ctx, "SELECT i.id, i.name FROM institutions i WHERE "+where+" ORDER BY i.id", args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []unit
		for rows.Next() {
			var u unit
			if err := rows.Scan(&u.inst, &u.name); err != nil {
				return nil, err
			}
			out = append(out, u)
		}
		return out, rows.Err()
	}
	if region == "" {
		region = scope.RegionCode()
	}
	if region == "" || !s.regionInScope(scope, region) {
		return nil, domain.NotFound("region")
	}
	var rows *sql.Rows
	var err error
	switch level {
	case "":
		rows, err = q.Query(ctx, "SELECT code, name FROM regions WHERE code = ?", region)
	case "county", "township", "city":
		rows, err = q.Query(ctx, "SELECT code, name FROM regions WHERE level = ? AND code LIKE ? AND code <> ? ORDER BY code", level, prefix(region)+"%", region)
	default:
		return nil, domain.Invalid("level", domain.ReasonNotAllowed)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []unit
	for rows.Next() {
		var u unit
		if err := rows.Scan(&u.code, &u.name); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 && level == "" {
		return nil, domain.NotFound("region")
	}
	return out, nil
}

// regionInScope: a region scope reaches its own division and those below
// it; an institution's staff reach no region.
func (s *Service) regionInScope(scope authz.Scope, code string) bool {
	switch scope.Kind() {
	case domain.ScopeDeployment:
		return true
	case domain.ScopeRegion:
		own := scope.RegionCode()
		return strings.HasPrefix(code, prefix(own)) && len(code) >= len(own)
	default:
		return false
	}
}

// prefix is the code prefix shared by a division and everything below it:
// 610000 → 61, 610600 → 6106, 610602 → 610602.
func prefix(code string) string {
	if len(code) != 6 {
		return code
	}
	switch {
	case strings.HasSuffix(code, "0000"):
		return code[:2]
	case strings.HasSuffix(code, "00"):
		return code[:4]
	}
	return code
}

// measure reads one measure over a period for each unit: a stock at the
// period's last month (not later than the current one), a flow summed over
// its months. Record measures with no rows are zero; measures of records
// Tuoyu does not hold yet are absent (no data).
func (s *Service) measure(ctx context.Context, cat *Catalogue, code string, units []unit, p Period) (map[unit]int64, error) {
	m, _ := cat.Measure(code)
	out := map[unit]int64{}
	switch m.Source {
	case "population":
		for _, u := range units {
			if u.code == "" {
				continue
			}
			if n, ok, err := s.population(ctx, u.code, strings.TrimPrefix(code, "pop_"), p.To.Year); err != nil {
				return nil, err
			} else if ok {
				out[u] = n
			}
		}
		return out, nil
	case "regions":
		for _, u := range units {
			if u.code == "" {
				continue
			}
			var n int64
			if err := s.db.Read().QueryRow(ctx, "SELECT COUNT(*) FROM regions WHERE level = 'county' AND code LIKE ?", prefix(u.code)+"%").Scan(&n); err != nil {
				return nil, err
			}
			out[u] = n
		}
		return out, nil
	}
	from, to := p.From, p.To
	if cur := s.currentMonth(); to.After(cur) {
		to = cur
	}
	if m.Kind == "stock" {
		from = to
	}
	table, key := "stats_region_values", "region_code"
	if len(units) > 0 && units[0].inst != 0 {
		table, key = "stats_institution_values", "institution_id"
	}
	args := []any{code, from.String(), to.String()}
	for _, u := range units {
		if u.inst != 0 {
			args = append(args, u.inst)
		} else {
			args = append(args, u.code)
		}
	}
	if len(units) == 0 {
		return out, nil
	}
	rows, err := s.db.Read().Query(ctx, fmt.Sprintf("SELECT %s, SUM(value) FROM %s WHERE measure = ? AND month >= ? AND month <= ? AND %s IN %s GROUP BY %s",
		key, table, key, placeholders(len(units)), key), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byKey := map[string]int64{}
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		byKey[k] = n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if m.Source != "records" {
		for _, u := range units {
			if n, ok := byKey[u.code+idKey(u.inst)]; ok {
				out[u] = n
			}
		}
		return out, nil
	}
	for _, u := range units {
		out[u] = byKey[u.code+idKey(u.inst)]
	}
	return out, nil
}

func idKey(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// population is a region's figure for a year: the latest imported version
// for the latest year up to it; for the resident population the census
// figures loaded with the reference data stand in when nothing is imported.
func (s *Service) population(ctx context.Context, region, kind string, year int) (int64, bool, error) {
	var n int64
	err := s.db.Read().QueryRow(ctx, `SELECT value FROM stats_population WHERE region_code = ? AND kind = ? AND year <= ?
		ORDER BY year DESC, version DESC LIMIT 1`, region, kind, year).Scan(&n)
	if err == nil {
		return n, true, nil
	}
	if err != sql.ErrNoRows {
		return 0, false, err
	}
	if kind != "resident" {
		return 0, false, nil
	}
	err = s.db.Read().QueryRow(ctx, `SELECT population FROM region_population WHERE region_code = ? AND year <= ?
		ORDER BY year DESC LIMIT 1`, region, year).Scan(&n)
	if err == sql.ErrNoRows {
		return 0, false, nil
	}
	return n, err == nil, err
}

// DataValue is one value of a DHIS2 dataValueSet.
type DataValue struct {
	DataElement string `json:"dataElement"`
	Period      string `json:"period"`
	OrgUnit     string `json:"orgUnit"`
	Value       string `json:"value"`
}

// DataValueSet is the DHIS2 import format (api/dataValueSets).
type DataValueSet struct {
	DataValues []DataValue `json:"dataValues"`
}

// DataValueSet exports the measures counted from the records for the
// region's divisions at a level (default: the region itself) and a
// period, as DHIS2 data values: data element = measure code, period in
// DHIS2 form (202609, 2026Q3, 2026), org unit = division code. A receiving
// system computes the indicators from them, as DHIS2 does.
func (s *Service) DataValueSet(ctx context.Context, a authz.Actor, region, period, level string) (DataValueSet, error) {
	out := DataValueSet{DataValues: []DataValue{}}
	if level == "institution" {
		return out, domain.Invalid("level", domain.ReasonNotAllowed)
	}
	cat, err := LoadCatalogue()
	if err != nil {
		return out, err
	}
	if period == "" {
		period = s.currentMonth().String()
	}
	p, err := ParsePeriod(period)
	if err != nil {
		return out, err
	}
	units, err := s.units(ctx, a, region, level)
	if err != nil {
		return out, err
	}
	for _, m := range cat.Measures {
		if m.Source != "records" {
			continue
		}
		vals, err := s.measure(ctx, cat, m.Code, units, p)
		if err != nil {
			return out, err
		}
		for _, u := range units {
			out.DataValues = append(out.DataValues, DataValue{DataElement: m.Code, Period: p.DHIS2, OrgUnit: u.code, Value: strconv.FormatInt(vals[u], 10)})
		}
	}
	return out, nil
}
