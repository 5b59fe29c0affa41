package stats

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// ReportStatus is an institution's report state for a month, as the
// county's list and the late list show it.
type ReportStatus struct {
	InstitutionID   int64      `json:"institution_id"`
	InstitutionName string     `json:"institution_name"`
	RegionCode      string     `json:"region_code"`
	TownshipCode    string     `json:"township_code"`
	Month           string     `json:"month"`
	Status          string     `json:"status"`
	Deadline        civil.Date `json:"deadline"`
	Late            bool       `json:"late"`
	Missing         bool       `json:"missing"`
	SubmittedAt     *time.Time `json:"submitted_at,omitempty"`
}

// reportStatuses lists the filed institutions in the caller's scope
// (within region when given) with their report state for month m.
func (s *Service) reportStatuses(ctx context.Context, a authz.Actor, region string, m civil.Month) ([]ReportStatus, error) {
	scope := a.Scope()
	where, args := store.ScopeInstitutions(scope, "i")
	if region != "" {
		if !s.regionInScope(scope, region) {
			return nil, domain.NotFound("region")
		}
		where += " AND (i.region_code LIKE ? OR i.township_code = ?)"
		args = append(args, prefix(region)+"%", region)
	}
	due, err := s.Deadline(ctx, m)
	if err != nil {
		return nil, err
	}
	// Filed institutions report; a director always sees their own.
	own := boolInt(scope.Kind() == domain.ScopeInstitution)
	rows, err := s.db.Read().Query(ctx, `SELECT i.id, i.name, i.region_code, i.township_code, COALESCE(r.status, ''), r.first_submitted_at, r.submitted_at
		FROM institutions i LEFT JOIN stats_institution_reports r ON r.institution_id = i.id AND r.month = ?
		WHERE (i.status = ? OR r.id IS NOT NULL OR 1 = ?) AND `+where+` ORDER BY i.region_code, i.township_code, i.id`,
		append([]any{m.String(), domain.StatusFiled, own}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ReportStatus{}
	for rows.Next() {
		var in reportInst
		var row instRow
		if err := rows.Scan(&in.id, &in.name, &in.region, &in.township, &row.status, &row.first, &row.submitted); err != nil {
			return nil, err
		}
		if row.status == "" {
			row.status = ReportOpen
		}
		r := s.instReportOf(in, m, row, due)
		out = append(out, ReportStatus{InstitutionID: r.InstitutionID, InstitutionName: r.InstitutionName, RegionCode: r.RegionCode,
			TownshipCode: r.TownshipCode, Month: r.Month, Status: r.Status, Deadline: due, Late: r.Late, Missing: r.Missing, SubmittedAt: r.SubmittedAt})
	}
	return out, rows.Err()
}

// InstitutionReports lists the institution reports of a month in the
// caller's scope (a director: their own institution), within region.
func (s *Service) InstitutionReports(ctx context.Context, a authz.Actor, region, month string) ([]ReportStatus, error) {
	if err := a.Require(authz.StatsView); err != nil {
		return nil, err
	}
	m, err := s.parseReportMonth(month)
	if err != nil {
		return nil, err
	}
	return s.reportStatuses(ctx, a, region, m)
}

// PageReports is one page of a list of report states, with the list's
// length: the lists are paged like every other list.
func PageReports(list []ReportStatus, pg domain.Page) ([]ReportStatus, int) {
	pg = pg.Normalised()
	from := min(pg.Offset(), len(list))
	return list[from:min(from+pg.PerPage, len(list))], len(list)
}

// LateReports lists the reports of a month that are missing after the
// deadline or were first submitted after it.
func (s *Service) LateReports(ctx context.Context, a authz.Actor, region, month string) ([]ReportStatus, error) {
	if err := a.Require(authz.StatsMonthlyTrack); err != nil {
		return nil, err
	}
	m, err := s.parseReportMonth(month)
	if err != nil {
		return nil, err
	}
	all, err := s.reportStatuses(ctx, a, region, m)
	if err != nil {
		return nil, err
	}
	out := []ReportStatus{}
	for _, r := range all {
		if r.Late || r.Missing {
			out = append(out, r)
		}
	}
	return out, nil
}

// ReportTotals are the approved institution reports of a region and month
// added up: what the county's and the city's reports carry.
type ReportTotals struct {
	RegionCode string        `json:"region_code"`
	RegionName string        `json:"region_name"`
	Month      string        `json:"month"`
	Approved   int           `json:"approved"` // reports added up
	Expected   int           `json:"expected"` // filed institutions
	Figures    InstFigures   `json:"figures"`
	Tables     []ReportTable `json:"tables"`
}

// InstitutionTotals adds up the approved institution reports of a region
// (a county or the city, in the caller's scope) for a month.
func (s *Service) InstitutionTotals(ctx context.Context, a authz.Actor, region, month string) (ReportTotals, error) {
	if err := a.Require(authz.StatsView); err != nil {
		return ReportTotals{}, err
	}
	m, err := s.parseReportMonth(month)
	if err != nil {
		return ReportTotals{}, err
	}
	if region == "" {
		region = a.Scope().RegionCode()
	}
	if region == "" || !s.regionInScope(a.Scope(), region) {
		return ReportTotals{}, domain.NotFound("region")
	}
	r, err := s.region(ctx, region)
	if err != nil {
		return ReportTotals{}, err
	}
	out := ReportTotals{RegionCode: r.Code, RegionName: r.Name, Month: m.String(), Figures: InstFigures{Computed: map[string]int64{}, Corrections: map[string]Correction{}}}
	statuses, err := s.reportStatuses(ctx, a, region, m)
	if err != nil {
		return out, err
	}
	out.Expected = len(statuses)
	where, args := store.ScopeInstitutions(a.Scope(), "i")
	rows, err := s.db.Read().Query(ctx, `SELECT r.figures FROM stats_institution_reports r JOIN institutions i ON i.id = r.institution_id
		WHERE r.month = ? AND r.status = ? AND (i.region_code LIKE ? OR i.township_code = ?) AND `+where,
		append([]any{m.String(), ReportApproved, prefix(region) + "%", region}, args...)...)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return out, err
		}
		var f InstFigures
		if err := json.Unmarshal([]byte(raw), &f); err != nil {
			return out, err
		}
		out.Approved++
		for k := range f.Computed {
			out.Figures.Computed[k] += f.Value(k)
		}
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	out.Tables = Layout(out.Figures)
	return out, nil
}

// setting reads a statistics setting for a year.
func (s *Service) setting(ctx context.Context, key string, year int) (string, bool, error) {
	var v string
	err := s.db.Read().QueryRow(ctx, "SELECT value FROM stats_settings WHERE key = ? AND year = ?", key, year).Scan(&v)
	if err == sql.ErrNoRows {
		return "", false, nil
	}
	return v, err == nil, err
}
