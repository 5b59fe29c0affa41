package daily

import (
	"context"
	"math"
	"strconv"
	"strings"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// DailySettings reads the deployment's settings for daily records (the
// settings table), with the defaults for those not set.
func (s *Service) DailySettings(ctx context.Context) (domain.DailySettings, error) {
	return dailySettings(ctx, s.db.Read())
}

func dailySettings(ctx context.Context, q store.Q) (domain.DailySettings, error) {
	d := domain.DefaultDailySettings()
	v, err := q.Setting(ctx, domain.SettingFeverThreshold)
	if err != nil {
		return d, err
	}
	if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && f >= 36 && f <= 39 {
		d.FeverThreshold = f
	}
	for key, dst := range map[string]*string{domain.SettingCheckinDeadline: &d.CheckinDeadline, domain.SettingClosingTime: &d.ClosingTime,
		domain.SettingOpeningTime: &d.OpeningTime} {
		v, err := q.Setting(ctx, key)
		if err != nil {
			return d, err
		}
		if _, ok := domain.ParseHHMM(strings.TrimSpace(v)); ok {
			*dst = strings.TrimSpace(v)
		}
	}
	return d, nil
}

// SetDailySettings changes the deployment's settings for daily records
// (the platform administrator's job: they apply to every institution).
func (s *Service) SetDailySettings(ctx context.Context, a authz.Actor, in domain.DailySettings) (domain.DailySettings, error) {
	if err := a.Require(authz.UserManage); err != nil {
		return domain.DailySettings{}, err
	}
	in.CheckinDeadline, in.ClosingTime, in.OpeningTime = strings.TrimSpace(in.CheckinDeadline), strings.TrimSpace(in.ClosingTime), strings.TrimSpace(in.OpeningTime)
	in.FeverThreshold = math.Round(in.FeverThreshold*10) / 10
	err := s.db.Tx(ctx, func(q store.Q) error {
		before, err := dailySettings(ctx, q)
		if err != nil {
			return err
		}
		if in.OpeningTime == "" {
			in.OpeningTime = before.OpeningTime
		}
		p := domain.Problems{}
		in.Validate(p)
		if err := p.Err(); err != nil {
			return err
		}
		for key, v := range map[string]string{
			domain.SettingFeverThreshold:  strconv.FormatFloat(in.FeverThreshold, 'f', 1, 64),
			domain.SettingCheckinDeadline: in.CheckinDeadline,
			domain.SettingClosingTime:     in.ClosingTime,
			domain.SettingOpeningTime:     in.OpeningTime,
		} {
			if err := q.SetSetting(ctx, key, v); err != nil {
				return err
			}
		}
		return s.core.Audit(ctx, q, a, audit.DailySettingsUpdate, "daily_settings", 0, "", 0, map[string]any{"before": before, "after": in})
	})
	if err != nil {
		return domain.DailySettings{}, err
	}
	return s.DailySettings(ctx)
}
