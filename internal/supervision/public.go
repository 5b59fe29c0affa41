package supervision

import (
	"context"
	"database/sql"
	"errors"

	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// ClosureNotice is a closure's public notice (公告).
type ClosureNotice struct {
	InstitutionID   int64      `json:"institution_id"`
	InstitutionName string     `json:"institution_name"`
	CreditCode      string     `json:"credit_code"`
	RegionCode      string     `json:"region_code"`
	RegionName      string     `json:"region_name"`
	FailedYears     []int      `json:"failed_years"`
	Reason          string     `json:"reason"`
	DecidedOn       civil.Date `json:"decided_on"`
	NoticeUntil     civil.Date `json:"notice_until"`
	Appeal          string     `json:"appeal,omitempty"`
}

const noticeSelect = `SELECT c.institution_id, i.name, i.credit_code, c.region_code, COALESCE(r.name, ''), c.first_year, c.second_year, c.reason,
	c.decided_on, c.notice_until, c.appeal FROM closure_proposals c JOIN institutions i ON i.id = c.institution_id LEFT JOIN regions r ON r.code = c.region_code
	WHERE c.status = 'closed' `

func scanNotices(rows *sql.Rows) ([]ClosureNotice, error) {
	defer rows.Close()
	out := []ClosureNotice{}
	for rows.Next() {
		var n ClosureNotice
		var first, second int
		if err := rows.Scan(&n.InstitutionID, &n.InstitutionName, &n.CreditCode, &n.RegionCode, &n.RegionName, &first, &second, &n.Reason,
			&n.DecidedOn, &n.NoticeUntil, &n.Appeal); err != nil {
			return nil, err
		}
		n.FailedYears = []int{first, second}
		out = append(out, n)
	}
	return out, rows.Err()
}

// PublicNotices lists the closure notices still in their publication
// period, newest first; no login needed.
func (s *Service) PublicNotices(ctx context.Context, page domain.Page) ([]ClosureNotice, int, error) {
	page = page.Normalised()
	q := s.db.Read()
	today := s.today()
	var total int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM closure_proposals c WHERE c.status = 'closed' AND c.notice_until >= ?", today).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, noticeSelect+"AND c.notice_until >= ? ORDER BY c.decided_on DESC, c.id DESC LIMIT ? OFFSET ?", today, page.PerPage, page.Offset())
	if err != nil {
		return nil, 0, err
	}
	out, err := scanNotices(rows)
	return out, total, err
}

// PublicRecord is what the public site shows of an institution (信息公示):
// filing, the latest inspection, rectifications, quality grade,
// demonstration status and closure notices. No personal data, no
// complaint.
type PublicRecord struct {
	InstitutionID  int64       `json:"institution_id"`
	Name           string      `json:"name"`
	CreditCode     string      `json:"credit_code"`
	Kind           string      `json:"kind"`
	Nature         string      `json:"nature"`
	Address        string      `json:"address"`
	RegionName     string      `json:"region_name"`
	Status         string      `json:"status"`
	ReceiptNo      string      `json:"receipt_no"`
	FiledOn        string      `json:"filed_on"`
	Places         int         `json:"places"`
	LastInspection *civil.Date `json:"last_inspection_on,omitempty"`
	LastResult     string      `json:"last_inspection_result,omitempty"`
	// RectificationsOpen and RectificationsClosed count rectification orders.
	RectificationsOpen   int             `json:"rectifications_open"`
	RectificationsClosed int             `json:"rectifications_closed"`
	QualityGrade         string          `json:"quality_grade,omitempty"`
	QualityYear          int             `json:"quality_year,omitempty"`
	GradeConfirmed       bool            `json:"grade_confirmed"`
	Demonstration        bool            `json:"demonstration"`
	LatestReviewYear     int             `json:"latest_review_year,omitempty"`
	LatestReviewResult   string          `json:"latest_review_result,omitempty"`
	Notices              []ClosureNotice `json:"notices"`
	// Plans are the published plans (双随机一公开) the institution was drawn in.
	Plans []PublicPlanRef `json:"plans"`
}

// PublicRecord returns the public record of a filed or closed institution;
// any other is not found.
func (s *Service) PublicRecord(ctx context.Context, id int64) (PublicRecord, error) {
	q := s.db.Read()
	var r PublicRecord
	var receipt, filed sql.NullString
	err := q.QueryRow(ctx, `SELECT i.id, i.name, i.credit_code, i.kind, i.nature, i.address, COALESCE(g.name, ''), i.status, i.receipt_no, i.filed_on, i.places
		FROM institutions i LEFT JOIN regions g ON g.code = i.region_code WHERE i.id = ? AND i.status IN (?, ?)`, id, domain.StatusFiled, domain.StatusClosed).
		Scan(&r.InstitutionID, &r.Name, &r.CreditCode, &r.Kind, &r.Nature, &r.Address, &r.RegionName, &r.Status, &receipt, &filed, &r.Places)
	if err != nil {
		return r, noRows(err, "institution")
	}
	r.ReceiptNo, r.FiledOn = receipt.String, filed.String
	if err := s.partnerRecord(ctx, q, &r); err != nil {
		return r, err
	}
	var grade string
	var year int
	var tplBody string
	err = q.QueryRow(ctx, `SELECT x.grade, x.year, t.body FROM quality_assessments x JOIN quality_templates t ON t.id = x.template_id
		WHERE x.institution_id = ? AND x.status = ? ORDER BY x.year DESC LIMIT 1`, id, StageDone).Scan(&grade, &year, &tplBody)
	switch {
	case err == nil:
		r.QualityGrade, r.QualityYear = grade, year
		r.GradeConfirmed = gradesConfirmed(tplBody)
	case !errors.Is(err, sql.ErrNoRows):
		return r, err
	}
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM demonstrations WHERE institution_id = ? AND revoked_on IS NULL", id).Scan(&year); err != nil {
		return r, err
	}
	r.Demonstration = year > 0
	err = q.QueryRow(ctx, "SELECT year, result FROM annual_reviews WHERE institution_id = ? ORDER BY year DESC LIMIT 1", id).Scan(&r.LatestReviewYear, &r.LatestReviewResult)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return r, err
	}
	rows, err := q.Query(ctx, noticeSelect+"AND c.institution_id = ? ORDER BY c.decided_on DESC", id)
	if err != nil {
		return r, err
	}
	if r.Notices, err = scanNotices(rows); err != nil {
		return r, err
	}
	r.Plans, err = s.publicPlanRefs(ctx, q, id)
	return r, err
}

// The inspection and rectification tables belong to the other half of this
// inspections and rectification orders: the latest completed inspection and
// the orders open and closed.
func (s *Service) partnerRecord(ctx context.Context, q store.Q, r *PublicRecord) error {
	var on civil.Date
	err := q.QueryRow(ctx, "SELECT completed_at, result FROM sv_inspections WHERE institution_id = ? AND status = 'completed' AND result <> '' ORDER BY completed_at DESC LIMIT 1",
		r.InstitutionID).Scan(&on, &r.LastResult)
	switch {
	case err == nil:
		r.LastInspection = &on
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	return q.QueryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN status = 'closed' THEN 0 ELSE 1 END), 0), COALESCE(SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END), 0)
		FROM sv_orders WHERE institution_id = ?`, r.InstitutionID).Scan(&r.RectificationsOpen, &r.RectificationsClosed)
}
