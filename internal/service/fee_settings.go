package service

import (
	"context"
	"strings"
	"unicode/utf8"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/billing"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// BillingSettingsInput changes an institution's billing settings; a field
// left out keeps its value.
type BillingSettingsInput struct {
	RefundMealFeeOnAbsence *bool `json:"refund_meal_fee_on_absence"`
	HourlyRoundingMinutes  *int  `json:"hourly_rounding_minutes"`
	// PaymentInstructions: how guardians pay (at most 500 characters).
	PaymentInstructions *string `json:"payment_instructions"`
}

// MaxPaymentInstructions bounds the text of how to pay, in characters.
const MaxPaymentInstructions = 500

// billingSettings returns an institution's settings, or the defaults.
func (s *Service) billingSettings(ctx context.Context, q store.Q, scope authz.Scope, institutionID int64) (domain.BillingSettings, error) {
	st, found, err := q.BillingSettings(ctx, scope, institutionID)
	if err != nil || found {
		return st, err
	}
	st.RefundMealFeeOnAbsence = billing.DefaultSettings.RefundMealFeeOnAbsence
	st.HourlyRoundingMinutes = billing.DefaultSettings.HourlyRoundingMinutes
	return st, nil
}

// BillingSettings returns an institution's billing settings (the defaults
// until it sets its own); out of scope is not found.
func (s *Service) BillingSettings(ctx context.Context, a authz.Actor, institutionID int64) (domain.BillingSettings, error) {
	if err := a.Require(authz.BillView); err != nil {
		return domain.BillingSettings{}, err
	}
	q := s.DB.Read()
	in, err := q.Institution(ctx, a.Scope(), institutionID)
	if err != nil {
		return domain.BillingSettings{}, err
	}
	return s.billingSettings(ctx, q, a.Scope(), in.ID)
}

// SetBillingSettings changes the absence refund rule and the rounding of
// hourly care; bills already issued keep their lines until regenerated.
func (s *Service) SetBillingSettings(ctx context.Context, a authz.Actor, institutionID int64, in BillingSettingsInput) (domain.BillingSettings, error) {
	if err := a.Require(authz.BillEdit); err != nil {
		return domain.BillingSettings{}, err
	}
	var out domain.BillingSettings
	err := s.DB.Tx(ctx, func(q store.Q) error {
		inst, err := q.Institution(ctx, a.Scope(), institutionID)
		if err != nil {
			return err
		}
		old, err := s.billingSettings(ctx, q, a.Scope(), inst.ID)
		if err != nil {
			return err
		}
		st := old
		if in.RefundMealFeeOnAbsence != nil {
			st.RefundMealFeeOnAbsence = *in.RefundMealFeeOnAbsence
		}
		if in.HourlyRoundingMinutes != nil {
			st.HourlyRoundingMinutes = *in.HourlyRoundingMinutes
		}
		if in.PaymentInstructions != nil {
			st.PaymentInstructions = strings.TrimSpace(*in.PaymentInstructions)
			if utf8.RuneCountInString(st.PaymentInstructions) > MaxPaymentInstructions {
				return domain.Invalid("payment_instructions", domain.ReasonTooLong)
			}
		}
		if !billing.ValidRounding(st.HourlyRoundingMinutes) {
			return domain.Invalid("hourly_rounding_minutes", domain.ReasonBillRounding)
		}
		now := s.Now()
		if err := q.SaveBillingSettings(ctx, st, now); err != nil {
			return err
		}
		t := now.UTC()
		st.UpdatedAt, out = &t, st
		return s.audit(ctx, q, a, audit.BillingSettingsUpdate, "institution", inst.ID, inst.RegionCode, inst.ID, map[string]any{
			"old": map[string]any{"refund_meal_fee_on_absence": old.RefundMealFeeOnAbsence, "hourly_rounding_minutes": old.HourlyRoundingMinutes, "payment_instructions": old.PaymentInstructions},
			"new": map[string]any{"refund_meal_fee_on_absence": st.RefundMealFeeOnAbsence, "hourly_rounding_minutes": st.HourlyRoundingMinutes, "payment_instructions": st.PaymentInstructions}})
	})
	return out, err
}
