package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
)

func (wb *Web) settingsRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/settings/daily", Permission: authz.UserManage, Summary: "The deployment's settings for daily records: fever threshold, check-in deadline, closing time", Handler: wb.dailySettingsPage},
		{Method: "POST", Pattern: "/settings/daily", Permission: authz.UserManage, Summary: "Change the settings for daily records", Handler: wb.dailySettingsSave},
	}
}

// reasonOneDecimal refuses a threshold finer than a tenth of a degree,
// which the service would otherwise round.
const reasonOneDecimal = "settings.one_decimal"

// settingsReasons say the generic reasons in this form's terms: the
// service's "bad time" also speaks of RFC 3339 instants, and "out of
// range" does not say the range.
var settingsReasons = map[string]string{
	"fever_threshold/" + domain.ReasonRange:    "settings.fever_range",
	"checkin_deadline/" + domain.ReasonBadTime: "settings.bad_time",
	"closing_time/" + domain.ReasonBadTime:     "settings.bad_time",
	"closing_time/" + domain.ReasonRange:       "settings.closing_after_deadline",
	"opening_time/" + domain.ReasonBadTime:     "settings.bad_time",
	"opening_time/" + domain.ReasonRange:       "settings.opening_before_deadline",
}

func settingsReason(field, reason string) string {
	if r, ok := settingsReasons[field+"/"+reason]; ok {
		return r
	}
	return reason
}

type settingsData struct{ Current domain.DailySettings }

// FieldOrder is the order of the page's fields, for the problem summary.
func (settingsData) FieldOrder() []string {
	return []string{"fever_threshold", "opening_time", "checkin_deadline", "closing_time"}
}

func (wb *Web) dailySettingsPage(w http.ResponseWriter, r *http.Request) {
	wb.renderDailySettings(w, r, newPage(r, "settings.daily.title"), http.StatusOK)
}

// renderDailySettings draws the form with p.Form, or the stored settings
// when the form is fresh.
func (wb *Web) renderDailySettings(w http.ResponseWriter, r *http.Request, p *Page, status int) {
	cur, err := wb.Daily.DailySettings(r.Context())
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Active = "ops_settings"
	for k, reason := range p.Errors {
		p.Errors[k] = settingsReason(k, reason)
	}
	if len(p.Errors) == 0 {
		p.Form.Set("fever_threshold", strconv.FormatFloat(cur.FeverThreshold, 'f', 1, 64))
		p.Form.Set("checkin_deadline", cur.CheckinDeadline)
		p.Form.Set("closing_time", cur.ClosingTime)
		p.Form.Set("opening_time", cur.OpeningTime)
	}
	p.Data = settingsData{Current: cur}
	wb.render(w, r, status, "ops_settings", p)
}

func (wb *Web) dailySettingsSave(w http.ResponseWriter, r *http.Request) {
	if !opsParse(w, r, wb) {
		return
	}
	v := r.PostForm
	p := newPage(r, "settings.daily.title")
	in := domain.DailySettings{CheckinDeadline: strings.TrimSpace(v.Get("checkin_deadline")), ClosingTime: strings.TrimSpace(v.Get("closing_time")),
		OpeningTime: strings.TrimSpace(v.Get("opening_time"))}
	errs := map[string]string{}
	if in.OpeningTime == "" {
		errs["opening_time"] = domain.ReasonRequired
	}
	switch s := strings.TrimSpace(v.Get("fever_threshold")); {
	case s == "":
		errs["fever_threshold"] = domain.ReasonRequired
	default:
		f, err := strconv.ParseFloat(s, 64)
		switch {
		case err != nil || math.IsNaN(f) || math.IsInf(f, 0):
			errs["fever_threshold"] = reasonNotNumber
		case math.Abs(f*10-math.Round(f*10)) > 1e-6:
			errs["fever_threshold"] = reasonOneDecimal
		default:
			in.FeverThreshold = f
		}
	}
	if len(errs) > 0 {
		// Check the times too, so every problem shows at once.
		probe := in
		probe.FeverThreshold = domain.DefaultFeverThreshold
		more := domain.Problems{}
		probe.Validate(more)
		for k, reason := range more {
			if _, ok := errs[k]; !ok {
				errs[k] = reason
			}
		}
		p.Errors = errs
		p.Form = v
		wb.renderDailySettings(w, r, p, http.StatusUnprocessableEntity)
		return
	}
	if _, err := wb.Daily.SetDailySettings(r.Context(), httpx.Actor(r), in); err != nil {
		status, ok := opsRefused(p, err, nil)
		if !ok {
			wb.WriteError(w, r, err)
			return
		}
		p.Form = v
		wb.renderDailySettings(w, r, p, status)
		return
	}
	redirect(w, r, "/settings/daily?msg=daily_settings_saved")
}
