package stats

import (
	"context"
	"strconv"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/importer"
	"tuoyu/internal/store"
)

// Population kinds: the denominators of the indicators.
const (
	PopulationResident = "resident"
	PopulationUnder3   = "under3"
)

var populationColumns = []importer.Column{
	{Key: "region_code", Names: []string{"区划代码", "region code"}, Required: true},
	{Key: "year", Names: []string{"年份", "year"}, Required: true},
	{Key: "value", Names: []string{"人数", "population", "value"}, Required: true},
}

// PopulationImport is the outcome of an import: the problems by row and
// column (nothing is stored when there is any), or the rows stored.
type PopulationImport struct {
	Rows     int                `json:"rows"`
	Version  int                `json:"version"`
	Problems []importer.Problem `json:"problems"`
	Stored   bool               `json:"stored"`
}

// ImportPopulation reads yearly figures (.xlsx or .csv: region code, year,
// number) of one kind and, when every row is right and commit is set,
// stores them as a new version with their source (the figures of an
// earlier version stay). Regions must be in the caller's scope.
func (s *Service) ImportPopulation(ctx context.Context, a authz.Actor, kind, source, filename string, content []byte, commit bool) (PopulationImport, error) {
	p := domain.Problems{}
	if kind != PopulationResident && kind != PopulationUnder3 {
		p.Add("kind", domain.ReasonNotAllowed)
	}
	source = strings.TrimSpace(source)
	if source == "" || len([]rune(source)) > 200 {
		p.Add("source", domain.ReasonNotAllowed)
	}
	if err := p.Err(); err != nil {
		return PopulationImport{}, err
	}
	t, err := importer.Read(filename, content, populationColumns, importer.DefaultLimits)
	if err != nil {
		return PopulationImport{}, err
	}
	out := PopulationImport{Rows: len(t.Rows), Problems: t.Problems}
	type fig struct {
		region string
		year   int
		value  int64
	}
	var figs []fig
	seen := map[string]int{}
	scope := a.Scope()
	for _, r := range t.Rows {
		bad := func(key, reason string) {
			out.Problems = append(out.Problems, importer.Problem{Row: r.Line, Column: t.Header(key), Key: key, Reason: reason})
		}
		code := t.Value(r, "region_code")
		var level string
		err := s.db.Read().QueryRow(ctx, "SELECT level FROM regions WHERE code = ?", code).Scan(&level)
		if err != nil || !s.regionInScope(scope, code) {
			bad("region_code", "stats.unknown_region")
		}
		year, err := strconv.Atoi(t.Value(r, "year"))
		if err != nil || year < 2000 || year > 2100 {
			bad("year", "stats.bad_year")
		}
		value, err := strconv.ParseInt(strings.ReplaceAll(t.Value(r, "value"), ",", ""), 10, 64)
		if err != nil || value < 0 {
			bad("value", "stats.bad_number")
		}
		key := code + "/" + strconv.Itoa(year)
		if _, dup := seen[key]; dup {
			bad("region_code", "stats.duplicate_row")
		}
		seen[key] = r.Line
		figs = append(figs, fig{code, year, value})
	}
	if len(out.Problems) > 0 || !commit {
		return out, nil
	}
	now := s.now()
	err = s.db.Tx(ctx, func(q store.Q) error {
		var v int
		if err := q.QueryRow(ctx, "SELECT COALESCE(MAX(version), 0) FROM stats_population WHERE kind = ?", kind).Scan(&v); err != nil {
			return err
		}
		out.Version = v + 1
		rows := make([][]any, 0, len(figs))
		for _, f := range figs {
			rows = append(rows, []any{f.region, f.year, kind, f.value, out.Version, source, a.UserID, now.UTC()})
		}
		if err := insertRows(ctx, q, "stats_population (region_code, year, kind, value, version, source, imported_by, imported_at)", rows); err != nil {
			return err
		}
		return q.Audit(ctx, domain.AuditEvent{At: now, ActorID: a.UserID, ActorName: a.Username, Action: ActionPopulationImport,
			Entity: "stats_population", EntityID: int64(out.Version), RegionCode: scope.RegionCode(), IP: a.IP})
	})
	out.Stored = err == nil
	return out, err
}
