package service

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/billing"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// NewPriceCap sets a county's 普惠 price cap for a care type from a date,
// with its source (the pricing document). Setting the same county, care
// type and date again replaces the cap (the old one is kept in the audit).
type NewPriceCap struct {
	RegionCode    string           `json:"region_code"`
	CareType      string           `json:"care_type"`
	Unit          string           `json:"unit"`
	Amount        billing.YuanText `json:"amount"`
	EffectiveFrom string           `json:"effective_from"`
	Source        string           `json:"source"`
}

// PriceCaps lists the caps of the counties in the regulator's scope,
// optionally of one county or city (region) and care type.
func (s *Service) PriceCaps(ctx context.Context, a authz.Actor, region, careType string) ([]domain.PriceCap, error) {
	if err := a.Require(authz.PriceCapEdit); err != nil {
		return nil, err
	}
	p := domain.Problems{}
	if region != "" && len(region) != 6 {
		p.Add("region", "unknown_region")
	}
	if careType != "" && !contains(domain.CareTypes, careType) {
		p.Add("care_type", domain.ReasonNotAllowed)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	caps, err := s.DB.Read().PriceCaps(ctx, a.Scope(), region, careType)
	if err != nil {
		return nil, err
	}
	markCapsInForce(caps, s.Today().Format(time.DateOnly))
	return caps, nil
}

// SetPriceCap sets a cap. A county regulator sets its own county's caps, a
// city regulator those of its counties; a county out of scope is not found.
func (s *Service) SetPriceCap(ctx context.Context, a authz.Actor, n NewPriceCap) (domain.PriceCap, error) {
	if err := a.Require(authz.PriceCapEdit); err != nil {
		return domain.PriceCap{}, err
	}
	p := domain.Problems{}
	n.RegionCode, n.CareType, n.Unit, n.Source = strings.TrimSpace(n.RegionCode), strings.TrimSpace(n.CareType), strings.TrimSpace(n.Unit), strings.TrimSpace(n.Source)
	if n.RegionCode == "" {
		p.Add("region_code", domain.ReasonRequired)
	}
	switch {
	case n.CareType == "":
		p.Add("care_type", domain.ReasonRequired)
	case !contains(domain.CareTypes, n.CareType):
		p.Add("care_type", domain.ReasonNotAllowed)
	}
	switch {
	case n.Unit == "":
		p.Add("unit", domain.ReasonRequired)
	case !contains(domain.FeeUnits, n.Unit):
		p.Add("unit", domain.ReasonNotAllowed)
	case contains(domain.CareTypes, n.CareType) && !contains(unitsFor(n.CareType), n.Unit):
		p.Add("unit", domain.ReasonBillUnitForCare)
	}
	c := domain.PriceCap{RegionCode: n.RegionCode, CareType: n.CareType, Unit: n.Unit, Source: n.Source}
	c.AmountFen = yuan("amount", n.Amount, true, true, p)
	if from, ok := dateField("effective_from", n.EffectiveFrom, p); ok {
		c.EffectiveFrom = from.Format(time.DateOnly)
	}
	switch {
	case c.Source == "":
		p.Add("source", domain.ReasonRequired)
	case utf8.RuneCountInString(c.Source) > 500:
		p.Add("source", domain.ReasonTooLong)
	}
	var out domain.PriceCap
	err := s.DB.Tx(ctx, func(q store.Q) error {
		if n.RegionCode != "" {
			r, err := q.Region(ctx, n.RegionCode)
			switch {
			case domain.ErrorCode(err) == domain.CodeNotFound || (err == nil && !a.Scope().ContainsRegion(r.Code)):
				return domain.NotFound("region")
			case err != nil:
				return err
			case r.Level != "county":
				p.Add("region_code", domain.ReasonBillNotCounty)
			}
		}
		if err := p.Err(); err != nil {
			return err
		}
		old, existed, err := q.PriceCap(ctx, c.RegionCode, c.CareType, c.EffectiveFrom)
		if err != nil {
			return err
		}
		now := s.Now()
		if err := q.SetPriceCap(ctx, c, a.UserID, now); err != nil {
			return err
		}
		detail := map[string]any{"region_code": c.RegionCode, "care_type": c.CareType, "unit": c.Unit, "amount_fen": c.AmountFen,
			"effective_from": c.EffectiveFrom, "source": c.Source}
		if existed {
			detail["old"] = map[string]any{"unit": old.Unit, "amount_fen": old.AmountFen, "source": old.Source}
		}
		if err := s.audit(ctx, q, a, audit.PriceCapSet, "price_cap", 0, c.RegionCode, 0, detail); err != nil {
			return err
		}
		rows, err := q.CountyPriceCaps(ctx, c.RegionCode)
		if err != nil {
			return err
		}
		markCapsInForce(rows, s.Today().Format(time.DateOnly))
		for _, r := range rows {
			if r.CareType == c.CareType && r.EffectiveFrom == c.EffectiveFrom {
				out = r
			}
		}
		return nil
	})
	return out, err
}
