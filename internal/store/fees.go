package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// FeeSchedules lists the fee schedule rows of an institution in scope by
// care type and date.
func (q Q) FeeSchedules(ctx context.Context, scope authz.Scope, institutionID int64) ([]domain.FeeSchedule, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	rows, err := q.query(ctx, `SELECT f.id, f.institution_id, f.care_type, f.unit, f.amount_fen, f.meal_fee_daily_fen, f.effective_from, f.created_at
		FROM fee_schedules f JOIN institutions i ON i.id = f.institution_id WHERE f.institution_id = ? AND `+where+`
		ORDER BY f.care_type, f.effective_from DESC, f.id DESC`, append([]any{institutionID}, args...)...)
	return Collect(rows, err, func(r Row) (domain.FeeSchedule, error) {
		var f domain.FeeSchedule
		err := r.Scan(&f.ID, &f.InstitutionID, &f.CareType, &f.Unit, &f.AmountFen, &f.MealFeeDailyFen, &f.EffectiveFrom, &f.CreatedAt)
		f.CreatedAt = f.CreatedAt.UTC()
		return f, err
	})
}

// CreateFeeSchedule adds a fee schedule row; the same care type and date
// twice is a conflict.
func (q Q) CreateFeeSchedule(ctx context.Context, f domain.FeeSchedule, by int64, now time.Time) (int64, error) {
	return q.insert(ctx, `INSERT INTO fee_schedules (institution_id, care_type, unit, amount_fen, meal_fee_daily_fen, effective_from, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, f.InstitutionID, f.CareType, f.Unit, f.AmountFen, f.MealFeeDailyFen, f.EffectiveFrom, now.UTC(), nullID(by))
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// BillingSettings returns the billing settings of an institution in scope;
// found is false when it has set none or is out of scope (the caller
// applies the defaults).
func (q Q) BillingSettings(ctx context.Context, scope authz.Scope, institutionID int64) (s domain.BillingSettings, found bool, err error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	var updated time.Time
	err = q.queryRow(ctx, `SELECT b.institution_id, b.refund_meal_fee_on_absence, b.hourly_rounding_minutes, b.payment_instructions, b.updated_at
		FROM billing_settings b JOIN institutions i ON i.id = b.institution_id WHERE b.institution_id = ? AND `+where,
		append([]any{institutionID}, args...)...).Scan(&s.InstitutionID, &s.RefundMealFeeOnAbsence, &s.HourlyRoundingMinutes, &s.PaymentInstructions, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.BillingSettings{InstitutionID: institutionID}, false, nil
	}
	if err != nil {
		return s, false, err
	}
	updated = updated.UTC()
	s.UpdatedAt = &updated
	return s, true, nil
}

// SaveBillingSettings writes an institution's billing settings.
func (q Q) SaveBillingSettings(ctx context.Context, s domain.BillingSettings, now time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO billing_settings (institution_id, refund_meal_fee_on_absence, hourly_rounding_minutes, payment_instructions, updated_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (institution_id) DO UPDATE SET refund_meal_fee_on_absence = excluded.refund_meal_fee_on_absence,
		hourly_rounding_minutes = excluded.hourly_rounding_minutes, payment_instructions = excluded.payment_instructions, updated_at = excluded.updated_at`,
		s.InstitutionID, s.RefundMealFeeOnAbsence, s.HourlyRoundingMinutes, s.PaymentInstructions, now.UTC())
	return err
}

const priceCapColumns = `pc.region_code, COALESCE(r.name, ''), pc.care_type, pc.unit, pc.amount_fen, pc.effective_from, pc.source, pc.updated_at`

func scanPriceCap(row Row) (domain.PriceCap, error) {
	var c domain.PriceCap
	var updated sql.NullTime
	if err := row.Scan(&c.RegionCode, &c.RegionName, &c.CareType, &c.Unit, &c.AmountFen, &c.EffectiveFrom, &c.Source, &updated); err != nil {
		return c, err
	}
	if updated.Valid {
		t := updated.Time.UTC()
		c.UpdatedAt = &t
	}
	return c, nil
}

func (q Q) priceCaps(ctx context.Context, where string, args []any) ([]domain.PriceCap, error) {
	rows, err := q.query(ctx, "SELECT "+priceCapColumns+" FROM price_caps pc LEFT JOIN regions r ON r.code = pc.region_code WHERE "+where+
		" ORDER BY pc.region_code, pc.care_type, pc.effective_from DESC", args...)
	return Collect(rows, err, scanPriceCap)
}

// PriceCaps lists the caps of the counties in scope, optionally of one
// county (region) and care type.
func (q Q) PriceCaps(ctx context.Context, scope authz.Scope, region, careType string) ([]domain.PriceCap, error) {
	where, args := scopeWhere(scope, scopeOn{Region: "pc.region_code"})
	if region != "" {
		if lo, hi, ok := authz.RegionRange(region); ok && lo != hi {
			where += " AND pc.region_code >= ? AND pc.region_code < ?"
			args = append(args, lo, hi)
		} else {
			where += " AND pc.region_code = ?"
			args = append(args, region)
		}
	}
	if careType != "" {
		where += " AND pc.care_type = ?"
		args = append(args, careType)
	}
	return q.priceCaps(ctx, where, args)
}

// CountyPriceCaps lists every cap of one county. Caps are public pricing
// rules; the caller has already reached the county through an institution
// in its scope.
func (q Q) CountyPriceCaps(ctx context.Context, county string) ([]domain.PriceCap, error) {
	return q.priceCaps(ctx, "pc.region_code = ?", []any{county})
}

// PriceCap returns one cap by its key; found is false when there is none.
func (q Q) PriceCap(ctx context.Context, region, careType, effectiveFrom string) (domain.PriceCap, bool, error) {
	c, err := scanPriceCap(q.queryRow(ctx, "SELECT "+priceCapColumns+` FROM price_caps pc LEFT JOIN regions r ON r.code = pc.region_code
		WHERE pc.region_code = ? AND pc.care_type = ? AND pc.effective_from = ?`, region, careType, effectiveFrom))
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	return c, err == nil, err
}

// SetPriceCap creates or replaces the cap of a county, care type and date.
func (q Q) SetPriceCap(ctx context.Context, c domain.PriceCap, by int64, now time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO price_caps (region_code, care_type, amount_fen, effective_from, source, unit, set_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (region_code, care_type, effective_from) DO UPDATE SET amount_fen = excluded.amount_fen,
		source = excluded.source, unit = excluded.unit, set_by = excluded.set_by, updated_at = excluded.updated_at`,
		c.RegionCode, c.CareType, c.AmountFen, c.EffectiveFrom, c.Source, c.Unit, nullID(by), now.UTC())
	return err
}

// CountPuhuiEnrolments counts an institution's enrolments of a care type
// that are 普惠 and still open or end on or after a date.
func (q Q) CountPuhuiEnrolments(ctx context.Context, institutionID int64, careType, from string) (int, error) {
	var n int
	err := q.queryRow(ctx, `SELECT COUNT(*) FROM enrolments WHERE institution_id = ? AND care_type = ? AND puhui = ?
		AND (end_date IS NULL OR end_date >= ?)`, institutionID, careType, true, from).Scan(&n)
	return n, err
}
