package supervision

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Annual review results.
const (
	ReviewPass = "pass"
	ReviewFail = "fail"
)

// ReviewResults lists the results of an annual review.
var ReviewResults = []string{ReviewPass, ReviewFail}

// AnnualReview is an institution's result for one year (年度检查).
type AnnualReview struct {
	ID              int64     `json:"id"`
	InstitutionID   int64     `json:"institution_id"`
	InstitutionName string    `json:"institution_name"`
	RegionCode      string    `json:"region_code"`
	Year            int       `json:"year"`
	Result          string    `json:"result"`
	Reasons         string    `json:"reasons"`
	InspectionID    *int64    `json:"inspection_id,omitempty"`
	RecordedAt      time.Time `json:"recorded_at"`
}

// ReviewInput is the county's entry of a year's result. InspectionID links
// the annual inspection the result comes from, when there is one.
type ReviewInput struct {
	Year         int    `json:"year"`
	Result       string `json:"result"`
	Reasons      string `json:"reasons"`
	InspectionID *int64 `json:"inspection_id,omitempty"`
}

// ReviewOutcome is what recording a review did: the review, and the closure
// proposal it raised, if any.
type ReviewOutcome struct {
	Review   AnnualReview     `json:"review"`
	Proposal *ClosureProposal `json:"proposal,omitempty"`
}

// earliestReviewYear bounds the years a review may be entered for: the
// filing regime began in 2019 (托育机构登记和备案办法（试行）).
const earliestReviewYear = 2019

// RecordReview records a filed institution's annual review for a year. A
// failure that makes two failed years in a row raises a closure proposal
// to the county in the same transaction.
func (s *Service) RecordReview(ctx context.Context, a authz.Actor, institutionID int64, in ReviewInput) (ReviewOutcome, error) {
	if err := a.Require(authz.ReviewRecord); err != nil {
		return ReviewOutcome{}, err
	}
	in.Reasons = strings.TrimSpace(in.Reasons)
	today := s.today()
	p := domain.Problems{}
	switch {
	case in.Year == 0:
		p.Add("year", domain.ReasonRequired)
	case in.Year < earliestReviewYear || in.Year > today.Year():
		p.Add("year", domain.ReasonRange)
	}
	switch in.Result {
	case ReviewPass:
	case ReviewFail:
		if in.Reasons == "" {
			p.Add("reasons", domain.ReasonRequired)
		}
	case "":
		p.Add("result", domain.ReasonRequired)
	default:
		p.Add("result", domain.ReasonNotAllowed)
	}
	if utf8.RuneCountInString(in.Reasons) > 2000 {
		p.Add("reasons", domain.ReasonTooLong)
	}
	if in.InspectionID != nil && *in.InspectionID <= 0 {
		p.Add("inspection_id", domain.ReasonNotAllowed)
	}
	if err := p.Err(); err != nil {
		return ReviewOutcome{}, err
	}
	var out ReviewOutcome
	err := s.db.Tx(ctx, func(q store.Q) error {
		inst, err := q.Institution(ctx, a.Scope(), institutionID)
		if err != nil {
			return err
		}
		if inst.Status != domain.StatusFiled {
			return domain.Conflict("only a filed institution has annual reviews")
		}
		if filed, err := civil.Parse(inst.FiledOn); err == nil && in.Year < filed.Year() {
			return domain.Invalid("year", "before_filing")
		}
		now := s.now()
		id, err := q.Insert(ctx, `INSERT INTO annual_reviews (institution_id, region_code, year, result, reasons, inspection_id, recorded_by, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, inst.ID, inst.RegionCode, in.Year, in.Result, in.Reasons, in.InspectionID, userRef(a), now.UTC())
		if domain.ErrorCode(err) == domain.CodeConflict {
			return domain.Invalid("year", "review_recorded")
		}
		if err != nil {
			return err
		}
		out.Review = AnnualReview{ID: id, InstitutionID: inst.ID, InstitutionName: inst.Name, RegionCode: inst.RegionCode, Year: in.Year,
			Result: in.Result, Reasons: in.Reasons, InspectionID: in.InspectionID, RecordedAt: now.UTC()}
		if err := s.audit(ctx, q, a, ActionReviewRecord, "annual_review", id, inst.RegionCode, inst.ID,
			map[string]any{"year": in.Year, "result": in.Result, "reasons": in.Reasons}); err != nil {
			return err
		}
		if in.Result != ReviewFail {
			return nil
		}
		results, err := reviewResults(ctx, q, inst.ID)
		if err != nil {
			return err
		}
		first, second, ok := ConsecutiveFailures(results, in.Year)
		if !ok {
			return nil
		}
		pr, err := s.propose(ctx, q, a, inst, first, second, now)
		if err != nil {
			return err
		}
		out.Proposal = pr
		return nil
	})
	return out, err
}

// ConsecutiveFailures says whether a failure in year makes two failed
// years in a row with the year before or the year after (reviews may be
// entered out of order), and which pair; the earlier pair wins.
func ConsecutiveFailures(results map[int]string, year int) (first, second int, ok bool) {
	if results[year] != ReviewFail {
		return 0, 0, false
	}
	if results[year-1] == ReviewFail {
		return year - 1, year, true
	}
	if results[year+1] == ReviewFail {
		return year, year + 1, true
	}
	return 0, 0, false
}

func reviewResults(ctx context.Context, q store.Q, institutionID int64) (map[int]string, error) {
	rows, err := q.Query(ctx, "SELECT year, result FROM annual_reviews WHERE institution_id = ?", institutionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]string{}
	for rows.Next() {
		var y int
		var r string
		if err := rows.Scan(&y, &r); err != nil {
			return nil, err
		}
		out[y] = r
	}
	return out, rows.Err()
}

// ReviewFilter narrows the list of annual reviews.
type ReviewFilter struct {
	InstitutionID int64
	Year          int
	Result        string
}

// Reviews lists the annual reviews in scope, newest year first.
func (s *Service) Reviews(ctx context.Context, a authz.Actor, f ReviewFilter, page domain.Page) ([]AnnualReview, int, error) {
	if err := a.Require(authz.ReviewView); err != nil {
		return nil, 0, err
	}
	if f.Result != "" && f.Result != ReviewPass && f.Result != ReviewFail {
		return nil, 0, domain.Invalid("result", domain.ReasonNotAllowed)
	}
	page = page.Normalised()
	where, args := store.ScopeInstitutions(a.Scope(), "i")
	if f.InstitutionID != 0 {
		where += " AND r.institution_id = ?"
		args = append(args, f.InstitutionID)
	}
	if f.Year != 0 {
		where += " AND r.year = ?"
		args = append(args, f.Year)
	}
	if f.Result != "" {
		where += " AND r.result = ?"
		args = append(args, f.Result)
	}
	q := s.db.Read()
	from := " FROM annual_reviews r JOIN institutions i ON i.id = r.institution_id WHERE " + where
	var total int
	if err := q.QueryRow(ctx, "SELECT COUNT(*)"+from, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, `SELECT r.id, r.institution_id, i.name, r.region_code, r.year, r.result, r.reasons, r.inspection_id, r.recorded_at`+from+
		` ORDER BY r.year DESC, i.name, r.id LIMIT ? OFFSET ?`, append(args, page.PerPage, page.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []AnnualReview{}
	for rows.Next() {
		var r AnnualReview
		var insp sql.NullInt64
		if err := rows.Scan(&r.ID, &r.InstitutionID, &r.InstitutionName, &r.RegionCode, &r.Year, &r.Result, &r.Reasons, &insp, &r.RecordedAt); err != nil {
			return nil, 0, err
		}
		if insp.Valid {
			r.InspectionID = &insp.Int64
		}
		r.RecordedAt = r.RecordedAt.UTC()
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// userRef is the actor's user id for a column, or NULL for the system.
// noRows maps a missing row to not found.
func noRows(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return domain.NotFound(what)
	}
	return err
}
