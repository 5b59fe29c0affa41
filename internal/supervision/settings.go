package supervision

import (
	"context"
	"database/sql"
	"errors"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Settings a city or county regulator may change, with the defaults used
// where neither has. Order deadlines count working days from issue; past
// the deadline plus SettingEscalateDays an open order escalates to the city.
const (
	SettingOrderDaysGeneral = "order_days_general"
	SettingOrderDaysSerious = "order_days_serious"
	SettingEscalateDays     = "escalate_days"
)

var settingDefaults = map[string]int{SettingOrderDaysGeneral: 15, SettingOrderDaysSerious: 5, SettingEscalateDays: 5}

// SettingChanged is the audit action of a changed setting.
const SettingChanged Action = "supervision.setting.set"

// setting reads a setting for a county: the county's value, else its city's, else the default.
func setting(ctx context.Context, q store.Q, county, name string) (int, error) {
	city := county
	if len(county) >= 4 {
		city = county[:4] + "00"
	}
	var v int
	err := q.QueryRow(ctx, `SELECT value FROM sv_settings WHERE name = ? AND region_code IN (?, ?)
		ORDER BY CASE WHEN region_code = ? THEN 0 ELSE 1 END LIMIT 1`, name, county, city, county).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return settingDefaults[name], nil
	}
	return v, err
}

// SetSetting sets a supervision setting for the actor's region (1–60 working days).
func (s *Service) SetSetting(ctx context.Context, a authz.Actor, name string, value int) error {
	if _, ok := settingDefaults[name]; !ok {
		if err := a.Require(authz.SupervisionSettings); err != nil {
			return err
		}
		return domain.Invalid("name", domain.ReasonNotAllowed)
	}
	return s.setSettings(ctx, a, map[string]int{name: value}, "value")
}

// SetRegionSettings sets several order settings for the actor's region in
// one transaction: a value out of range (1–60 working days) is refused
// under its name and nothing changes.
func (s *Service) SetRegionSettings(ctx context.Context, a authz.Actor, values map[string]int) error {
	return s.setSettings(ctx, a, values, "")
}

// setSettings writes the values, each audited; field names the problem of
// an out-of-range value ("" names it after the setting).
func (s *Service) setSettings(ctx context.Context, a authz.Actor, values map[string]int, field string) error {
	if err := a.Require(authz.SupervisionSettings); err != nil {
		return err
	}
	p := domain.Problems{}
	for _, name := range SettingNames {
		v, ok := values[name]
		if !ok {
			continue
		}
		if v < 1 || v > 60 {
			f := field
			if f == "" {
				f = name
			}
			p.Add(f, "out_of_range")
		}
	}
	for name := range values {
		if _, ok := settingDefaults[name]; !ok {
			p.Add(name, domain.ReasonNotAllowed)
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(q store.Q) error {
		for _, name := range SettingNames {
			value, ok := values[name]
			if !ok {
				continue
			}
			if _, err := q.Exec(ctx, "DELETE FROM sv_settings WHERE region_code = ? AND name = ?", a.RegionCode, name); err != nil {
				return err
			}
			if _, err := q.Exec(ctx, "INSERT INTO sv_settings (region_code, name, value, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)",
				a.RegionCode, name, value, userRef(a), s.now().UTC()); err != nil {
				return err
			}
			if err := s.audit(ctx, q, a, SettingChanged, "setting", 0, a.RegionCode, 0, map[string]any{"name": name, "value": value}); err != nil {
				return err
			}
		}
		return nil
	})
}

// SettingNames lists the order deadline and escalation settings, in the
// order the settings page shows them.
var SettingNames = []string{SettingOrderDaysGeneral, SettingOrderDaysSerious, SettingEscalateDays}

// RegionSetting is one order setting as it applies in the actor's region:
// its value, and whether the region set it itself (Own) or inherits it
// from its city or the default.
type RegionSetting struct {
	Name  string `json:"name"`
	Value int    `json:"value"`
	Own   bool   `json:"own"`
}

// RegionSettings reads the order deadline and escalation settings in force
// for the actor's region.
func (s *Service) RegionSettings(ctx context.Context, a authz.Actor) ([]RegionSetting, error) {
	if err := a.Require(authz.SupervisionSettings); err != nil {
		return nil, err
	}
	q := s.db.Read()
	out := make([]RegionSetting, 0, len(SettingNames))
	for _, name := range SettingNames {
		v, err := setting(ctx, q, a.RegionCode, name)
		if err != nil {
			return nil, err
		}
		var n int
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM sv_settings WHERE region_code = ? AND name = ?", a.RegionCode, name).Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, RegionSetting{Name: name, Value: v, Own: n > 0})
	}
	return out, nil
}
