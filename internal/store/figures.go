package store

import (
	"context"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// InstitutionFigures computes the live figures of the institutions in
// scope among ids: places, the children enrolled now (open enrolments), the
// vacancies per class type, and the fee schedule row of each care type in
// force on the day. Three grouped queries whatever the number of ids;
// institutions out of scope are left out of the result.
func (q Q) InstitutionFigures(ctx context.Context, scope authz.Scope, ids []int64, today string) (map[int64]domain.Figures, error) {
	out := map[int64]domain.Figures{}
	if len(ids) == 0 {
		return out, nil
	}
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	idArgs := make([]any, len(ids))
	for i, id := range ids {
		idArgs[i] = id
	}
	rows, err := q.query(ctx, "SELECT i.id, i.places FROM institutions i WHERE i.id IN "+in(len(ids))+" AND "+where, append(idArgs, args...)...)
	var found []any
	err = Each(rows, err, func(r Row) error {
		var id int64
		var f domain.Figures
		if err := r.Scan(&id, &f.Places); err != nil {
			return err
		}
		f.Bands, f.Fees = []domain.BandFigures{}, []domain.FeeInForce{}
		out[id] = f
		found = append(found, id)
		return nil
	})
	if err != nil || len(found) == 0 {
		return out, err
	}
	list := in(len(found))
	// Places and children per class type: the capacity of the classes in
	// use, and the open enrolments of every class (a child still in an
	// archived class holds a place).
	rows, err = q.query(ctx, `SELECT x.institution_id, x.type, COALESCE(SUM(x.capacity), 0), COALESCE(SUM(x.enrolled), 0) FROM (
		SELECT k.institution_id, k.type, CASE WHEN k.archived THEN 0 ELSE k.capacity END AS capacity,
		(SELECT COUNT(*) FROM enrolments e WHERE e.class_id = k.id AND e.end_date IS NULL) AS enrolled
		FROM classes k WHERE k.institution_id IN `+list+`) x GROUP BY x.institution_id, x.type ORDER BY x.institution_id, x.type`, found...)
	err = Each(rows, err, func(r Row) error {
		var id int64
		var b domain.BandFigures
		if err := r.Scan(&id, &b.ClassType, &b.Capacity, &b.Enrolled); err != nil {
			return err
		}
		f := out[id]
		f.Enrolled += b.Enrolled
		if b.Capacity > 0 || b.Enrolled > 0 {
			b.Vacancies = domain.Vacant(b.Capacity, b.Enrolled)
			f.Bands = append(f.Bands, b)
		}
		out[id] = f
		return nil
	})
	if err != nil {
		return out, err
	}
	// The fee schedule in force: per care type, the row with the latest
	// effective date on or before today.
	rows, err = q.query(ctx, `SELECT f.institution_id, f.care_type, f.unit, f.amount_fen, f.meal_fee_daily_fen, f.effective_from FROM fee_schedules f
		WHERE f.institution_id IN `+list+` AND f.effective_from <= ? AND NOT EXISTS (SELECT 1 FROM fee_schedules g
		WHERE g.institution_id = f.institution_id AND g.care_type = f.care_type AND g.effective_from <= ? AND g.effective_from > f.effective_from)
		ORDER BY f.institution_id, f.care_type`, append(append([]any{}, found...), today, today)...)
	err = Each(rows, err, func(r Row) error {
		var id int64
		var fee domain.FeeInForce
		if err := r.Scan(&id, &fee.CareType, &fee.Unit, &fee.AmountFen, &fee.MealFeeDailyFen, &fee.EffectiveFrom); err != nil {
			return err
		}
		f := out[id]
		f.Fees = append(f.Fees, fee)
		out[id] = f
		return nil
	})
	for id, f := range out {
		f.Vacancies = domain.Vacant(f.Places, f.Enrolled)
		out[id] = f
	}
	return out, err
}

// LiveCounts counts an institution's open enrolments (and the 普惠 ones)
// and its staff in open employments (caregivers, full-time, security);
// the institution must be in scope.
func (q Q) LiveCounts(ctx context.Context, scope authz.Scope, institutionID int64) (domain.LiveCounts, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	var c domain.LiveCounts
	err := q.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM enrolments e WHERE e.institution_id = i.id AND e.end_date IS NULL),
		(SELECT COUNT(*) FROM enrolments e WHERE e.institution_id = i.id AND e.end_date IS NULL AND e.puhui = ?),
		(SELECT COUNT(*) FROM employments m WHERE m.institution_id = i.id AND m.end_date IS NULL AND m.post = ?),
		(SELECT COUNT(*) FROM employments m WHERE m.institution_id = i.id AND m.end_date IS NULL AND m.full_time = ?),
		(SELECT COUNT(*) FROM employments m WHERE m.institution_id = i.id AND m.end_date IS NULL AND m.post = ?)
		FROM institutions i WHERE i.id = ? AND `+where,
		append([]any{true, domain.PostCaregiver, true, domain.PostSecurity, institutionID}, args...)...).
		Scan(&c.Enrolled, &c.PuhuiEnrolled, &c.Caregivers, &c.FullTimeStaff, &c.SecurityStaff)
	return c, notFound(err, "institution")
}
