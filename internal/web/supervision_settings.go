package web

import (
	"net/http"
	"strconv"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/supervision"
)

// supervisionSettingsRoutes: the case settings (complaint deadlines, the
// closure notice period, CCTV retention, the footage deadline and the
// demonstration criteria), which the city changes, and the order deadlines
// and escalation of one's own region, which its regulator changes. Those
// who may only read them see the figures without the forms.
func (wb *Web) supervisionSettingsRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/supervision/settings", Permission: authz.SupervisionSettings, Summary: "Supervision settings: case settings (the city's) and the region's order deadlines", Handler: wb.svSettings},
		{Method: "POST", Pattern: "/supervision/settings/case", Permission: authz.CaseSettingsEdit, Summary: "Change the case settings (the city)", Handler: wb.svCaseSettingsSave},
		{Method: "POST", Pattern: "/supervision/settings/orders", Permission: authz.SupervisionSettings, Summary: "Change the order deadlines and escalation of one's region (working days)", Handler: wb.svOrderSettingsSave},
	}
}

// svCaseFields are the case settings' form fields (their JSON names), in
// the page's order, with how each is read.
var svCaseFields = []string{"complaint_sign_workdays", "complaint_answer_workdays", "complaint_urgent_answer_workdays", "closure_notice_days",
	"cctv_retention_days", "footage_confirm_workdays", "demo_filed_days", "demo_min_grade", "demo_target_per_county"}

type svSettingsData struct {
	Case          supervision.CaseSettings
	CanEditCase   bool
	Grades        []Option
	Region        []supervision.RegionSetting
	RegionName    string
	CanEditRegion bool
}

// FieldOrder is the order of the forms' fields, for the problem summary.
func (svSettingsData) FieldOrder() []string {
	return append(append([]string{}, svCaseFields...), supervision.SettingNames...)
}

func (wb *Web) svSettings(w http.ResponseWriter, r *http.Request) {
	wb.renderSettings(w, r, newPage(r, "sv.settings.title"), http.StatusOK)
}

func (wb *Web) renderSettings(w http.ResponseWriter, r *http.Request, p *Page, status int) {
	ctx, a := r.Context(), httpx.Actor(r)
	d := svSettingsData{CanEditCase: a.Can(authz.CaseSettingsEdit), CanEditRegion: a.Can(authz.SupervisionSettings)}
	var err error
	if d.Case, err = wb.Supervision.Settings(ctx); err != nil {
		wb.WriteError(w, r, err)
		return
	}
	if d.CanEditCase {
		t, err := wb.Supervision.CurrentQualityTemplate(ctx, a)
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		for _, g := range t.GradeNames() {
			d.Grades = append(d.Grades, Option{Value: g, Label: g})
		}
	}
	if d.CanEditRegion {
		if d.Region, err = wb.Supervision.RegionSettings(ctx, a); err != nil {
			wb.WriteError(w, r, err)
			return
		}
		d.RegionName = wb.names(ctx).Name(a.RegionCode)
	}
	if len(p.Errors) == 0 {
		c := d.Case
		for k, v := range map[string]int{"complaint_sign_workdays": c.ComplaintSignWorkdays, "complaint_answer_workdays": c.ComplaintAnswerWorkdays,
			"complaint_urgent_answer_workdays": c.ComplaintUrgentAnswerWorkdays, "closure_notice_days": c.ClosureNoticeDays, "cctv_retention_days": c.CCTVRetentionDays,
			"footage_confirm_workdays": c.FootageConfirmWorkdays, "demo_filed_days": c.DemoFiledDays, "demo_target_per_county": c.DemoTargetPerCounty} {
			p.Form.Set(k, strconv.Itoa(v))
		}
		p.Form.Set("demo_min_grade", c.DemoMinGrade)
		for _, s := range d.Region {
			p.Form.Set(s.Name, strconv.Itoa(s.Value))
		}
	}
	p.Active = "sv_settings"
	p.Data = d
	wb.render(w, r, status, "supervision_settings", p)
}

// svSettingsDone shows a refusal on the settings page, the posted values
// kept, or goes back to it.
func (wb *Web) svSettingsDone(w http.ResponseWriter, r *http.Request, err error) {
	wb.svDone(w, r, err, "sv.settings.title", func(p *Page, status int) { wb.renderSettings(w, r, p, status) }, "/supervision/settings?msg=sv_settings_saved")
}

func (wb *Web) svCaseSettingsSave(w http.ResponseWriter, r *http.Request) {
	if !opsParse(w, r, wb) {
		return
	}
	v := r.PostForm
	errs := map[string]string{}
	in := supervision.CaseSettings{ComplaintSignWorkdays: svInt(v, "complaint_sign_workdays", errs), ComplaintAnswerWorkdays: svInt(v, "complaint_answer_workdays", errs),
		ComplaintUrgentAnswerWorkdays: svInt(v, "complaint_urgent_answer_workdays", errs), ClosureNoticeDays: svInt(v, "closure_notice_days", errs),
		CCTVRetentionDays: svInt(v, "cctv_retention_days", errs), FootageConfirmWorkdays: svInt(v, "footage_confirm_workdays", errs),
		DemoFiledDays: svInt(v, "demo_filed_days", errs), DemoMinGrade: v.Get("demo_min_grade"), DemoTargetPerCounty: svInt(v, "demo_target_per_county", errs)}
	var err error
	if len(errs) > 0 {
		err = domain.Problems(errs).Err()
	} else {
		_, err = wb.Supervision.SetSettings(r.Context(), httpx.Actor(r), in)
	}
	wb.svSettingsDone(w, r, err)
}

func (wb *Web) svOrderSettingsSave(w http.ResponseWriter, r *http.Request) {
	if !opsParse(w, r, wb) {
		return
	}
	v := r.PostForm
	errs := map[string]string{}
	values := map[string]int{}
	for _, name := range supervision.SettingNames {
		values[name] = svInt(v, name, errs)
	}
	var err error
	if len(errs) > 0 {
		err = domain.Problems(errs).Err()
	} else {
		err = wb.Supervision.SetRegionSettings(r.Context(), httpx.Actor(r), values)
	}
	wb.svSettingsDone(w, r, err)
}
