package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// BillingEnrolment is an enrolment as billing reads it.
type BillingEnrolment struct {
	ID        int64
	ChildID   int64
	ChildName string
	CareType  string
	StartDate string
	EndDate   string // "" while open; else the last day enrolled
	Puhui     bool
	FeeFen    int64
}

// BillingEnrolments lists the enrolments of an institution in scope that
// overlap the days from..to (inclusive), by child.
func (q Q) BillingEnrolments(ctx context.Context, scope authz.Scope, institutionID int64, from, to string) ([]BillingEnrolment, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	rows, err := q.query(ctx, `SELECT e.id, e.child_id, c.name, e.care_type, e.start_date, COALESCE(e.end_date, ''), e.puhui, e.fee_fen
		FROM enrolments e JOIN children c ON c.id = e.child_id JOIN institutions i ON i.id = e.institution_id
		WHERE e.institution_id = ? AND e.start_date <= ? AND (e.end_date IS NULL OR e.end_date >= ?) AND `+where+`
		ORDER BY c.name, e.child_id, e.start_date, e.id`, append([]any{institutionID, to, from}, args...)...)
	return Collect(rows, err, func(r Row) (BillingEnrolment, error) {
		var e BillingEnrolment
		err := r.Scan(&e.ID, &e.ChildID, &e.ChildName, &e.CareType, &e.StartDate, &e.EndDate, &e.Puhui, &e.FeeFen)
		return e, err
	})
}

// AttendanceTimes is a child's attendance record as billing reads it; no
// check-in is a recorded absence.
type AttendanceTimes struct {
	ChildID  int64
	Date     string
	CheckIn  *time.Time
	CheckOut *time.Time
}

// BillingAttendance lists the attendance records of an institution in
// scope from..to.
func (q Q) BillingAttendance(ctx context.Context, scope authz.Scope, institutionID int64, from, to string) ([]AttendanceTimes, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	rows, err := q.query(ctx, `SELECT a.child_id, a.date, a.check_in, a.check_out FROM attendance a JOIN institutions i ON i.id = a.institution_id
		WHERE a.institution_id = ? AND a.date >= ? AND a.date <= ? AND `+where+` ORDER BY a.child_id, a.date`, append([]any{institutionID, from, to}, args...)...)
	return Collect(rows, err, func(r Row) (AttendanceTimes, error) {
		var a AttendanceTimes
		var checkIn, checkOut sql.NullTime
		err := r.Scan(&a.ChildID, &a.Date, &checkIn, &checkOut)
		a.CheckIn, a.CheckOut = dailyTime(checkIn), dailyTime(checkOut)
		return a, err
	})
}

// BillHead is a bill's state, for deciding whether it may be replaced.
type BillHead struct {
	ID            int64
	InstitutionID int64
	ChildID       int64
	Status        string
	TotalFen      int64
	PaidFen       int64
	Payments      int
}

// MonthBills returns the bills of a month for those of the children on
// record in scope, at any institution (a child has one bill a month), by
// child.
func (q Q) MonthBills(ctx context.Context, scope authz.Scope, month string, childIDs []int64) (map[int64]BillHead, error) {
	out := map[int64]BillHead{}
	where, sargs := childOnRecord(scope, "b.child_id")
	for len(childIDs) > 0 {
		n := min(len(childIDs), 500)
		chunk := childIDs[:n]
		childIDs = childIDs[n:]
		args := append(append([]any{month}, dailyArgs(chunk)...), sargs...)
		rows, err := q.query(ctx, `SELECT b.id, b.institution_id, b.child_id, b.status, b.total_fen, b.paid_fen,
			(SELECT COUNT(*) FROM payments p WHERE p.bill_id = b.id) FROM bills b WHERE b.month = ? AND b.child_id IN `+in(len(chunk))+` AND `+where, args...)
		err = Each(rows, err, func(r Row) error {
			var h BillHead
			err := r.Scan(&h.ID, &h.InstitutionID, &h.ChildID, &h.Status, &h.TotalFen, &h.PaidFen, &h.Payments)
			out[h.ChildID] = h
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CreateBill issues a bill; its lines are added with AddBillLines.
func (q Q) CreateBill(ctx context.Context, b domain.Bill, now time.Time) (int64, error) {
	return q.insert(ctx, `INSERT INTO bills (institution_id, child_id, month, total_fen, paid_fen, status, issued_at, updated_at)
		VALUES (?, ?, ?, ?, 0, ?, ?, ?)`, b.InstitutionID, b.ChildID, b.Month, b.TotalFen, domain.BillIssued, now.UTC(), now.UTC())
}

// AddBillLines stores a bill's lines in order.
func (q Q) AddBillLines(ctx context.Context, billID int64, lines []domain.BillLine) error {
	for _, l := range lines {
		detail := "{}"
		if len(l.Detail) > 0 {
			b, err := json.Marshal(l.Detail)
			if err != nil {
				return err
			}
			detail = string(b)
		}
		if _, err := q.exec(ctx, `INSERT INTO bill_lines (bill_id, description, rule, quantity, unit_price_fen, amount_fen, care_type, description_en, detail)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, billID, l.Description, strings.Join(l.Rules, ","), l.Quantity, l.UnitPriceFen, l.AmountFen,
			l.CareType, l.DescriptionEN, detail); err != nil {
			return err
		}
	}
	return nil
}

// ReplaceIssuedBill sets a new total and removes the lines of a bill that
// is still issued with no payment; ok is false (and nothing changes) when
// the bill has moved on in the meantime.
func (q Q) ReplaceIssuedBill(ctx context.Context, id, totalFen int64, now time.Time) (bool, error) {
	r, err := q.exec(ctx, `UPDATE bills SET total_fen = ?, updated_at = ? WHERE id = ? AND status = ? AND paid_fen = 0
		AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.bill_id = bills.id)`, totalFen, now.UTC(), id, domain.BillIssued)
	if err != nil {
		return false, err
	}
	if n, err := r.RowsAffected(); err != nil || n != 1 {
		return false, err
	}
	_, err = q.exec(ctx, "DELETE FROM bill_lines WHERE bill_id = ?", id)
	return err == nil, err
}

// DeleteIssuedBill removes a bill still issued with no payment, with its
// lines; ok is false when the bill has moved on.
func (q Q) DeleteIssuedBill(ctx context.Context, id int64) (bool, error) {
	if _, err := q.exec(ctx, `DELETE FROM bill_lines WHERE bill_id = ? AND EXISTS (SELECT 1 FROM bills b WHERE b.id = ? AND b.status = ?
		AND b.paid_fen = 0 AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.bill_id = b.id))`, id, id, domain.BillIssued); err != nil {
		return false, err
	}
	r, err := q.exec(ctx, `DELETE FROM bills WHERE id = ? AND status = ? AND paid_fen = 0
		AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.bill_id = bills.id)`, id, domain.BillIssued)
	if err != nil {
		return false, err
	}
	n, err := r.RowsAffected()
	return n == 1, err
}

// billsOn: a guardian sees their own children's bills, others the bills
// of the institutions in scope (whether or not the child is still enrolled
// there).
var billsOn = scopeOn{Institution: "i", Child: "c.id"}

const billColumns = `b.id, b.institution_id, i.name, i.region_code, b.child_id, c.name, b.month, b.status, b.total_fen, b.paid_fen,
	b.waive_reason, b.waived_at, b.issued_at, b.updated_at`

const billFrom = ` FROM bills b JOIN institutions i ON i.id = b.institution_id JOIN children c ON c.id = b.child_id`

func scanBill(row Row) (domain.Bill, error) {
	var b domain.Bill
	var waived sql.NullTime
	err := row.Scan(&b.ID, &b.InstitutionID, &b.InstitutionName, &b.RegionCode, &b.ChildID, &b.ChildName, &b.Month, &b.Status, &b.TotalFen, &b.PaidFen,
		&b.WaiveReason, &waived, &b.IssuedAt, &b.UpdatedAt)
	if err != nil {
		return b, err
	}
	b.IssuedAt, b.UpdatedAt = b.IssuedAt.UTC(), b.UpdatedAt.UTC()
	if waived.Valid {
		t := waived.Time.UTC()
		b.WaivedAt = &t
	}
	return b, nil
}

// Bill returns a bill in scope with its lines and payments; out of scope
// is not found.
func (q Q) Bill(ctx context.Context, scope authz.Scope, id int64) (domain.Bill, error) {
	where, args := scopeWhere(scope, billsOn)
	b, err := scanBill(q.queryRow(ctx, "SELECT "+billColumns+billFrom+" WHERE b.id = ? AND "+where, append([]any{id}, args...)...))
	if err != nil {
		return b, notFound(err, "bill")
	}
	if b.Lines, err = q.billLines(ctx, b.ID); err != nil {
		return b, err
	}
	b.Payments, err = q.payments(ctx, b.ID)
	return b, err
}

func (q Q) billLines(ctx context.Context, billID int64) ([]domain.BillLine, error) {
	rows, err := q.query(ctx, `SELECT id, care_type, rule, description, description_en, quantity, unit_price_fen, amount_fen, detail
		FROM bill_lines WHERE bill_id = ? ORDER BY id`, billID)
	return Collect(rows, err, func(r Row) (domain.BillLine, error) {
		var l domain.BillLine
		var rule, detail string
		if err := r.Scan(&l.ID, &l.CareType, &rule, &l.Description, &l.DescriptionEN, &l.Quantity, &l.UnitPriceFen, &l.AmountFen, &detail); err != nil {
			return l, err
		}
		l.Rules = []string{}
		if rule != "" {
			l.Rules = strings.Split(rule, ",")
		}
		if detail != "" && detail != "{}" {
			return l, json.Unmarshal([]byte(detail), &l.Detail)
		}
		return l, nil
	})
}

func (q Q) payments(ctx context.Context, billID int64) ([]domain.Payment, error) {
	rows, err := q.query(ctx, `SELECT p.id, p.bill_id, p.amount_fen, p.paid_on, p.method, p.note, COALESCE(NULLIF(u.display_name, ''), u.username, ''), p.created_at
		FROM payments p LEFT JOIN users u ON u.id = p.recorded_by WHERE p.bill_id = ? ORDER BY p.paid_on, p.id`, billID)
	return Collect(rows, err, func(r Row) (domain.Payment, error) {
		var p domain.Payment
		err := r.Scan(&p.ID, &p.BillID, &p.AmountFen, &p.PaidOn, &p.Method, &p.Note, &p.RecordedBy, &p.CreatedAt)
		p.CreatedAt = p.CreatedAt.UTC()
		return p, err
	})
}

// ListBills returns one page of the bills in scope, of one institution
// (institutionID > 0) or all; by month (newest first) and child name.
// withDetail loads each bill's lines and payments.
func (q Q) ListBills(ctx context.Context, scope authz.Scope, institutionID int64, f domain.BillFilter, page domain.Page, withDetail bool) ([]domain.Bill, int, error) {
	page = page.Normalised()
	where, args := scopeWhere(scope, billsOn)
	if institutionID > 0 {
		where += " AND b.institution_id = ?"
		args = append(args, institutionID)
	}
	if f.Month != "" {
		where += " AND b.month = ?"
		args = append(args, f.Month)
	}
	if f.Status != "" {
		where += " AND b.status = ?"
		args = append(args, f.Status)
	}
	var total int
	if err := q.queryRow(ctx, "SELECT COUNT(*)"+billFrom+" WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.query(ctx, "SELECT "+billColumns+billFrom+" WHERE "+where+" ORDER BY b.month DESC, c.name, b.id LIMIT ? OFFSET ?",
		append(args, page.PerPage, page.Offset())...)
	out, err := Collect(rows, err, scanBill)
	if err != nil {
		return nil, 0, err
	}
	if withDetail {
		for i := range out {
			if out[i].Lines, err = q.billLines(ctx, out[i].ID); err != nil {
				return nil, 0, err
			}
			if out[i].Payments, err = q.payments(ctx, out[i].ID); err != nil {
				return nil, 0, err
			}
		}
	}
	return out, total, nil
}

// ApplyPayment adds a payment's amount to a bill that is issued or part
// paid, setting it paid once the payments reach the total, and returns the
// bill's new paid amount and state. ok is false (and nothing changes) when
// the bill is in another state or the amount exceeds what is owed, so two
// payments at once cannot overpay.
func (q Q) ApplyPayment(ctx context.Context, billID, amountFen int64, now time.Time) (paidFen int64, status string, ok bool, err error) {
	err = q.queryRow(ctx, `UPDATE bills SET paid_fen = paid_fen + ?,
		status = CASE WHEN paid_fen + ? >= total_fen THEN ? ELSE ? END, updated_at = ?
		WHERE id = ? AND status IN (?, ?) AND paid_fen + ? <= total_fen RETURNING paid_fen, status`,
		amountFen, amountFen, domain.BillPaid, domain.BillPartPaid, now.UTC(), billID, domain.BillIssued, domain.BillPartPaid, amountFen).Scan(&paidFen, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", false, nil
	}
	return paidFen, status, err == nil, translate(err)
}

// AddPayment records a payment.
func (q Q) AddPayment(ctx context.Context, p domain.Payment, by int64, now time.Time) (int64, error) {
	return q.insert(ctx, `INSERT INTO payments (bill_id, amount_fen, paid_on, method, note, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		p.BillID, p.AmountFen, p.PaidOn, p.Method, p.Note, nullID(by), now.UTC())
}

// WaiveBill waives a bill that is issued or part paid; ok is false when it
// is in another state.
func (q Q) WaiveBill(ctx context.Context, id int64, reason string, by int64, now time.Time) (bool, error) {
	r, err := q.exec(ctx, `UPDATE bills SET status = ?, waive_reason = ?, waived_at = ?, waived_by = ?, updated_at = ?
		WHERE id = ? AND status IN (?, ?)`, domain.BillWaived, reason, now.UTC(), nullID(by), now.UTC(), id, domain.BillIssued, domain.BillPartPaid)
	if err != nil {
		return false, err
	}
	n, err := r.RowsAffected()
	return n == 1, err
}

// BillMonthTotals sums an institution's bills per month, newest first (at
// most limit months, or only month when given): billed, collected, still
// owed on bills issued or part paid, and waived.
func (q Q) BillMonthTotals(ctx context.Context, scope authz.Scope, institutionID int64, month string, limit int) ([]domain.BillMonthTotal, error) {
	where, args := scopeWhere(scope, billsOn)
	where += " AND b.institution_id = ?"
	args = append(args, institutionID)
	if month != "" {
		where += " AND b.month = ?"
		args = append(args, month)
	}
	rows, err := q.query(ctx, `SELECT b.month, COUNT(*), SUM(b.total_fen), SUM(b.paid_fen),
		SUM(CASE WHEN b.status IN (?, ?) AND b.total_fen > b.paid_fen THEN b.total_fen - b.paid_fen ELSE 0 END),
		SUM(CASE WHEN b.status = ? AND b.total_fen > b.paid_fen THEN b.total_fen - b.paid_fen ELSE 0 END)`+billFrom+` WHERE `+where+`
		GROUP BY b.month ORDER BY b.month DESC LIMIT ?`,
		append(append([]any{domain.BillIssued, domain.BillPartPaid, domain.BillWaived}, args...), limit)...)
	return Collect(rows, err, func(r Row) (domain.BillMonthTotal, error) {
		var t domain.BillMonthTotal
		err := r.Scan(&t.Month, &t.Bills, &t.BilledFen, &t.CollectedFen, &t.OutstandingFen, &t.WaivedFen)
		return t, err
	})
}
