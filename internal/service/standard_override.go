package service

import (
	"context"
	"errors"
	"strings"
	"tuoyu/internal/audit"
	"unicode/utf8"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/rules"
	"tuoyu/internal/store"
)

// ReasonLooser refuses a local figure that would loosen the national
// standard or the city's stricter figure.
const ReasonLooser = "looser_than_standard"

// NewStandardOverride sets a city's or county's stricter figure for one
// setting of the national standard, with the local document requiring it.
type NewStandardOverride struct {
	RegionCode string `json:"region_code"`
	Setting    string `json:"setting"`
	Value      *int   `json:"value"`
	Source     string `json:"source"`
}

// standardFor returns the standard in force in a county: the national
// floors tightened by its city's and then its own overrides.
func (s *Service) standardFor(region string) (rules.Standard, error) {
	return s.Standards().For(region)
}

// overrideLevel is the level a region code names: a city code ends in 00.
func overrideLevel(region string) rules.Level {
	if strings.HasSuffix(region, "00") {
		return rules.LevelCity
	}
	return rules.LevelCounty
}

// localStandards builds the source of standards from stored overrides.
func localStandards(rows []domain.StandardOverride) (*rules.Local, error) {
	var groups []rules.Overrides
	at := map[string]int{}
	for _, o := range rows {
		i, ok := at[o.RegionCode]
		if !ok {
			i = len(groups)
			at[o.RegionCode] = i
			groups = append(groups, rules.Overrides{Level: overrideLevel(o.RegionCode), Region: o.RegionCode})
		}
		groups[i].Items = append(groups[i].Items, rules.Override{Setting: o.Setting, Value: o.Value, Source: o.Source})
	}
	return rules.NewLocal(rules.National(), groups)
}

// describeOverrides fills what a row is about: its level, rule and the
// national figure it tightens.
func describeOverrides(rows []domain.StandardOverride) {
	national := rules.National()
	info := map[string]rules.SettingInfo{}
	for _, si := range rules.OverridableSettings() {
		info[si.Key] = si
	}
	for i := range rows {
		o := &rows[i]
		o.Level = string(overrideLevel(o.RegionCode))
		o.RuleID = info[o.Setting].RuleID
		o.National, _ = national.Setting(o.Setting)
	}
}

// StandardOverrides lists the local overrides of the regions in scope.
func (s *Service) StandardOverrides(ctx context.Context, a authz.Actor) ([]domain.StandardOverride, error) {
	if err := a.Require(authz.StandardEdit); err != nil {
		return nil, err
	}
	rows, err := s.DB.Read().StandardOverrides(ctx)
	if err != nil {
		return nil, err
	}
	out := []domain.StandardOverride{}
	for _, o := range rows {
		if a.Scope().ContainsRegion(o.RegionCode) {
			out = append(out, o)
		}
	}
	describeOverrides(out)
	return out, nil
}

// SetStandardOverride sets a city's or county's figure for a setting. It
// may only tighten: a figure looser than the national standard, or than the
// city's for a county, is refused on "value", and so is a city's figure that
// would leave one of its counties' figures looser than the city's. A region
// out of scope is not found. The old figure is kept in the audit.
func (s *Service) SetStandardOverride(ctx context.Context, a authz.Actor, n NewStandardOverride) (domain.StandardOverride, error) {
	if err := a.Require(authz.StandardEdit); err != nil {
		return domain.StandardOverride{}, err
	}
	o := domain.StandardOverride{RegionCode: strings.TrimSpace(n.RegionCode), Setting: strings.TrimSpace(n.Setting), Source: strings.TrimSpace(n.Source)}
	p := domain.Problems{}
	if o.RegionCode == "" {
		p.Add("region_code", domain.ReasonRequired)
	}
	known := false
	for _, si := range rules.OverridableSettings() {
		if si.Key == o.Setting {
			known = true
			if n.Value != nil && (*n.Value < si.Min || *n.Value > si.Max) {
				p.Add("value", domain.ReasonRange)
			}
		}
	}
	switch {
	case o.Setting == "":
		p.Add("setting", domain.ReasonRequired)
	case !known:
		p.Add("setting", domain.ReasonNotAllowed)
	}
	if n.Value == nil {
		p.Add("value", domain.ReasonRequired)
	} else {
		o.Value = *n.Value
	}
	switch {
	case o.Source == "":
		p.Add("source", domain.ReasonRequired)
	case utf8.RuneCountInString(o.Source) > 500:
		p.Add("source", domain.ReasonTooLong)
	}
	err := s.DB.Tx(ctx, func(q store.Q) error {
		old, rest, err := s.lockedOverrides(ctx, q, a, o.RegionCode, o.Setting, p)
		if err != nil {
			return err
		}
		if _, err := localStandards(append(rest, o)); err != nil {
			return overrideRefusal(err)
		}
		now := s.Now()
		if err := q.SetStandardOverride(ctx, o, a.UserID, now); err != nil {
			return err
		}
		o.UpdatedAt = now.UTC()
		detail := map[string]any{"region_code": o.RegionCode, "setting": o.Setting, "value": o.Value, "source": o.Source}
		if old != nil {
			detail["old"] = map[string]any{"value": old.Value, "source": old.Source}
		}
		return s.audit(ctx, q, a, audit.StandardOverrideSet, "standard_override", 0, o.RegionCode, 0, detail)
	})
	if err != nil {
		return domain.StandardOverride{}, err
	}
	if err := s.ReloadStandards(ctx); err != nil {
		return domain.StandardOverride{}, err
	}
	out := []domain.StandardOverride{o}
	describeOverrides(out)
	return out[0], nil
}

// RemoveStandardOverride withdraws a region's figure for a setting: the
// city's figure (or the national one) applies again.
func (s *Service) RemoveStandardOverride(ctx context.Context, a authz.Actor, region, setting string) error {
	if err := a.Require(authz.StandardEdit); err != nil {
		return err
	}
	err := s.DB.Tx(ctx, func(q store.Q) error {
		old, _, err := s.lockedOverrides(ctx, q, a, region, setting, domain.Problems{})
		if err != nil {
			return err
		}
		if old == nil {
			return domain.NotFound("standard_override")
		}
		if _, err := q.DeleteStandardOverride(ctx, region, setting); err != nil {
			return err
		}
		return s.audit(ctx, q, a, audit.StandardOverrideRemove, "standard_override", 0, region, 0,
			map[string]any{"region_code": region, "setting": setting, "old": map[string]any{"value": old.Value, "source": old.Source}})
	})
	if err != nil {
		return err
	}
	return s.ReloadStandards(ctx)
}

// lockedOverrides checks that a region is a city or county in scope (out of
// scope is not found) and reports p's problems; it then locks the region's
// city, so that changes under one city are checked one at a time, and
// returns the region's current row for the setting and all other rows.
func (s *Service) lockedOverrides(ctx context.Context, q store.Q, a authz.Actor, code, setting string, p domain.Problems) (*domain.StandardOverride, []domain.StandardOverride, error) {
	if code != "" {
		r, err := q.Region(ctx, code)
		switch {
		case domain.ErrorCode(err) == domain.CodeNotFound || (err == nil && !a.Scope().ContainsRegion(r.Code)):
			return nil, nil, domain.NotFound("region")
		case err != nil:
			return nil, nil, err
		case r.Level != "city" && r.Level != "county":
			p.Add("region_code", "wrong_region_level")
		}
	}
	if err := p.Err(); err != nil {
		return nil, nil, err
	}
	if err := q.LockRegion(ctx, rules.CityOf(code)); err != nil {
		return nil, nil, err
	}
	rows, err := q.StandardOverrides(ctx)
	if err != nil {
		return nil, nil, err
	}
	var old *domain.StandardOverride
	rest := make([]domain.StandardOverride, 0, len(rows)+1)
	for i, r := range rows {
		if r.RegionCode == code && r.Setting == setting {
			old = &rows[i]
			continue
		}
		rest = append(rest, r)
	}
	return old, rest, nil
}

// overrideRefusal turns the rules' refusal of a set of overrides into a
// field error: a figure that loosens, or one out of the setting's range.
func overrideRefusal(err error) error {
	switch {
	case errors.Is(err, rules.ErrLooser):
		return domain.Invalid("value", ReasonLooser)
	case errors.Is(err, rules.ErrOutOfRange):
		return domain.Invalid("value", domain.ReasonRange)
	}
	return domain.Invalid("setting", domain.ReasonNotAllowed)
}
