package store

import (
	"context"
	"time"

	"tuoyu/internal/domain"
)

// CreateEnrolment opens an enrolment; a child already enrolled somewhere
// (the one-open index) is a conflict.
func (q Q) CreateEnrolment(ctx context.Context, e domain.Enrolment, now time.Time) (int64, error) {
	return q.insert(ctx, `INSERT INTO enrolments (child_id, institution_id, class_id, care_type, start_date, puhui, fee_fen, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.ChildID, e.InstitutionID, e.ClassID, e.CareType, e.StartDate, e.Puhui, e.FeeFen, now.UTC())
}

// HasOpenEnrolment reports whether a child is enrolled anywhere now.
func (q Q) HasOpenEnrolment(ctx context.Context, childID int64) (bool, error) {
	var n int
	err := q.queryRow(ctx, "SELECT COUNT(*) FROM enrolments WHERE child_id = ? AND end_date IS NULL", childID).Scan(&n)
	return n > 0, err
}

// EndEnrolment closes an open enrolment on a date, with a reason.
func (q Q) EndEnrolment(ctx context.Context, id int64, endDate, reason string) error {
	res, err := q.exec(ctx, "UPDATE enrolments SET end_date = ?, end_reason = ? WHERE id = ? AND end_date IS NULL", endDate, reason, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Conflict("the enrolment has already ended")
	}
	return nil
}

// SetEnrolmentClass moves an open enrolment to another class.
func (q Q) SetEnrolmentClass(ctx context.Context, id, classID int64) error {
	res, err := q.exec(ctx, "UPDATE enrolments SET class_id = ? WHERE id = ? AND end_date IS NULL", classID, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Conflict("the enrolment has already ended")
	}
	return nil
}
