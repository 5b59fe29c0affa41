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
	if err := a.Require(authz.SupervisionSettings); err != nil {
		return err
	}
	if _, ok := settingDefaults[name]; !ok {
		return domain.Invalid("name", domain.ReasonNotAllowed)
	}
	if value < 1 || value > 60 {
		return domain.Invalid("value", "out_of_range")
	}
	return s.db.Tx(ctx, func(q store.Q) error {
		if _, err := q.Exec(ctx, "DELETE FROM sv_settings WHERE region_code = ? AND name = ?", a.RegionCode, name); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, "INSERT INTO sv_settings (region_code, name, value, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)",
			a.RegionCode, name, value, userRef(a), s.now().UTC()); err != nil {
			return err
		}
		return s.audit(ctx, q, a, SettingChanged, "setting", 0, a.RegionCode, 0, map[string]any{"name": name, "value": value})
	})
}
