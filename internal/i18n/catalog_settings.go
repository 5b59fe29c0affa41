package i18n

// Strings of the regulators' 普惠 price caps page and the administrator's
// settings for daily records (internal/web/ops_price_caps.go,
// ops_settings.go).
func init() {
	add(map[string]entry{
		// 普惠 price caps.
		"price_caps.nav":        {"普惠限价", "Price caps"},
		"price_caps.title":      {"普惠托育限价", "Puhui price caps"},
		"price_caps.set":        {"设定限价", "Set a price cap"},
		"price_caps.set_hint":   {"同一县（区）、服务形式和执行日期再次设定时替换原限价，原值留存于审计日志。普惠机构的收费不得超过执行中的限价。", "Setting the same county, care type and date again replaces the cap; the old one is kept in the audit log. Puhui institutions may not charge above the cap in force."},
		"price_caps.state":      {"状态", "State"},
		"price_caps.future":     {"尚未执行", "Not yet in force"},
		"price_caps.superseded": {"已被替代", "Replaced"},
		"price_caps.none":       {"尚未设定限价。", "No price caps are set yet."},
		"price_caps.none_match": {"没有符合条件的限价。", "No price caps match."},
		"ops.f.region_code":     {"县（区）", "County"},
		"ops.f.source":          {"定价依据（文件名称及文号）", "Source (pricing document and number)"},
		"flash.price_cap_saved": {"限价已保存。", "The price cap is saved."},

		// Settings for daily records.
		"settings.nav":                     {"日常记录设置", "Daily settings"},
		"settings.daily.title":             {"日常记录设置", "Settings for daily records"},
		"settings.daily.current":           {"当前设置", "Current settings"},
		"settings.daily.change":            {"修改设置", "Change the settings"},
		"settings.daily.celsius":           {"%s ℃", "%s °C"},
		"settings.daily.applies":           {"适用于全部托育机构的考勤提醒和晨午检。", "They apply to every institution's attendance alerts and health checks."},
		"settings.daily.fever_hint":        {"36.0–39.0 ℃，保留一位小数；晨午检体温达到此值即提示发热并通知家长。", "36.0–39.0 °C, one decimal; a check at or above it is flagged as fever and the guardians are told."},
		"settings.daily.checkin_hint":      {"HH:MM；到此时间仍未入园且未请假的婴幼儿列入“应到未到”提醒。", "HH:MM; children expected but not checked in by then (and with no absence recorded) are alerted."},
		"settings.daily.closing_hint":      {"HH:MM，须晚于入园截止时间；到此时间仍未离园的婴幼儿列入“闭园未接”提醒。", "HH:MM, after the check-in deadline; children not checked out by then are alerted."},
		"settings.one_decimal":             {"最多保留一位小数", "Use at most one decimal"},
		"settings.fever_range":             {"应在 36.0–39.0 ℃ 之间", "Must be from 36.0 to 39.0 °C"},
		"settings.bad_time":                {"时间格式应为 HH:MM（如 09:30）", "Must be a time HH:MM (e.g. 09:30)"},
		"settings.closing_after_deadline":  {"须晚于入园截止时间", "Must be after the check-in deadline"},
		"ops.f.fever_threshold":            {"发热阈值（℃）", "Fever threshold (°C)"},
		"ops.f.checkin_deadline":           {"入园截止时间", "Check-in deadline"},
		"ops.f.closing_time":               {"闭园时间", "Closing time"},
		"ops.f.opening_time":               {"开园时间", "Opening time"},
		"settings.daily.opening_hint":      {"幼儿通常到园的时间；补录以往日期考勤时，入园时间默认取此值。", "When children usually arrive; the default check-in time when attendance of a past day is entered."},
		"settings.opening_before_deadline": {"须早于入园截止时间", "Must be before the check-in deadline"},
		"flash.daily_settings_saved":       {"日常记录设置已保存。", "The settings for daily records are saved."},
		"action.price_cap.set":             {"设定普惠限价", "Set a puhui price cap"},
	})
}
