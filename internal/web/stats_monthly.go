package web

import (
	"bytes"
	"context"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/stats"
	"tuoyu/internal/xlsx"
)

// statsMonthlyRoutes: the institution monthly reports (月报) — the list of
// a month, the late and missing reports, one report with its corrections
// and steps, its Excel tables and print page, the approved reports added
// up — and planning with its settings.
func (wb *Web) statsMonthlyRoutes() []httpx.Route {
	base := "/stats/monthly/{id}/{month}"
	return []httpx.Route{
		{Method: "GET", Pattern: "/stats/monthly", Permission: authz.StatsView, Summary: "Institution monthly reports of a month in scope, with state and deadline", Handler: wb.monthlyList},
		{Method: "GET", Pattern: "/stats/monthly/late", Permission: authz.StatsMonthlyTrack, Summary: "Institution reports missing after the deadline or submitted late", Handler: wb.monthlyLate},
		{Method: "GET", Pattern: "/stats/monthly/export", Permission: authz.StatsView, Summary: "Excel list of the institution reports of a month", Handler: wb.monthlyListExport(false)},
		{Method: "GET", Pattern: "/stats/monthly/late/export", Permission: authz.StatsMonthlyTrack, Summary: "Excel list of the late and missing institution reports", Handler: wb.monthlyListExport(true)},
		{Method: "GET", Pattern: "/stats/monthly/totals", Permission: authz.StatsView, Summary: "The approved institution reports of a county or the city added up", Handler: wb.monthlyTotals},
		{Method: "GET", Pattern: base, Permission: authz.StatsView, Summary: "An institution's monthly report: the standard tables, corrections beside the computed values, the steps", Handler: wb.monthlyReport},
		{Method: "GET", Pattern: base + "/export", Permission: authz.StatsView, Summary: "Excel of an institution's monthly report tables", Handler: wb.monthlyExport},
		{Method: "GET", Pattern: base + "/print", Permission: authz.StatsView, Summary: "Print-ready A4 page of an institution's monthly report (save as PDF)", Handler: wb.monthlyPrint},
		{Method: "POST", Pattern: base + "/correct", Permission: authz.StatsMonthlySubmit, Summary: "Correct one figure with a reason", Handler: wb.monthlyCorrect},
		{Method: "POST", Pattern: base + "/submit", Permission: authz.StatsMonthlySubmit, Summary: "Submit the report to the county", Handler: wb.monthlyStep(stats.StepInstSubmit)},
		{Method: "POST", Pattern: base + "/approve", Permission: authz.StatsMonthlyApprove, Summary: "Approve the report; it locks", Handler: wb.monthlyStep(stats.StepInstApprove)},
		{Method: "POST", Pattern: base + "/return", Permission: authz.StatsMonthlyApprove, Summary: "Return the report with a reason", Handler: wb.monthlyStep(stats.StepInstReturn)},
		{Method: "POST", Pattern: base + "/reopen", Permission: authz.StatsMonthlyApprove, Summary: "Reopen an approved report with a reason", Handler: wb.monthlyStep(stats.StepInstReopen)},
		{Method: "GET", Pattern: "/stats/planning", Permission: authz.StatsPlanning, Summary: "Places needed against places filed and counted, 普惠 supply against children under 3, townships without an institution", Handler: wb.planning},
		{Method: "GET", Pattern: "/stats/planning/chart", Permission: authz.StatsPlanning, Summary: "The planning gap chart's data", Handler: wb.planningChart},
		{Method: "GET", Pattern: "/stats/planning/export", Permission: authz.StatsPlanning, Summary: "Excel of the planning table", Handler: wb.planningExport},
		{Method: "GET", Pattern: "/stats/settings", Permission: authz.StatsSettingsEdit, Summary: "Statistics settings: report deadline, target places per 1,000 by year", Handler: wb.statsSettings},
		{Method: "POST", Pattern: "/stats/settings", Permission: authz.StatsSettingsEdit, Summary: "Save the statistics settings", Handler: wb.saveStatsSettings},
	}
}

// monthOr is the month asked for, or the month before this one.
func (wb *Web) monthOr(r *http.Request) string {
	if m := r.URL.Query().Get("month"); m != "" {
		return m
	}
	return civil.InChina(wb.svc.Now()).MonthOf().Add(-1).String()
}

// ownRegion is the viewer's region; the deployment's for the administrator.
func (wb *Web) ownRegion(a authz.Actor) string {
	if c := a.Scope().RegionCode(); c != "" {
		return c
	}
	if a.Scope().Kind() == domain.ScopeInstitution {
		return ""
	}
	return wb.DeploymentRegion
}

type monthlyListData struct {
	Month    string
	Deadline string
	Workday  int
	Late     bool // the late list
	Reports  []stats.ReportStatus
	Pager    Pager
	States   []Option
	Region   string
	Export   string
}

func (wb *Web) monthlyList(w http.ResponseWriter, r *http.Request) {
	wb.monthlyStatuses(w, r, false)
}

func (wb *Web) monthlyLate(w http.ResponseWriter, r *http.Request) {
	wb.monthlyStatuses(w, r, true)
}

// reportStates are the states a list filters by.
var reportStates = []string{stats.ReportOpen, stats.ReportSubmitted, stats.ReportApproved, stats.ReportReturned, stats.ReportReopened}

// monthlyRows reads the list of a month (or its late and missing
// reports), filtered by state.
func (wb *Web) monthlyRows(r *http.Request, late bool) (string, []stats.ReportStatus, error) {
	ctx, a := r.Context(), httpx.Actor(r)
	month, status := wb.monthOr(r), r.URL.Query().Get("status")
	if status != "" && !slices.Contains(reportStates, status) {
		return month, nil, domain.Invalid("status", domain.ReasonNotAllowed)
	}
	var list []stats.ReportStatus
	var err error
	if late {
		list, err = wb.Stats.LateReports(ctx, a, "", month)
	} else {
		list, err = wb.Stats.InstitutionReports(ctx, a, "", month)
	}
	if err != nil || status == "" {
		return month, list, err
	}
	out := list[:0]
	for _, s := range list {
		if s.Status == status {
			out = append(out, s)
		}
	}
	return month, out, nil
}

func (wb *Web) monthlyStatuses(w http.ResponseWriter, r *http.Request, late bool) {
	ctx, a := r.Context(), httpx.Actor(r)
	p := newPage(r, "stats.monthly.title")
	p.Active = "stats_monthly"
	if late {
		p.Title = "stats.monthly.late.title"
	}
	month, list, err := wb.monthlyRows(r, late)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	m, _ := civil.ParseMonth(month)
	due, err := wb.Stats.Deadline(ctx, m)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	set, _ := wb.Stats.DeadlineWorkday(ctx)
	p.Form.Set("month", month)
	p.Form.Set("status", r.URL.Query().Get("status"))
	pg := pageOf(r, 50)
	list, total := stats.PageReports(list, pg)
	d := monthlyListData{Month: month, Deadline: due.String(), Workday: set, Late: late, Reports: list, Pager: newPager(r, pg, total), Region: wb.ownRegion(a)}
	for _, st := range reportStates {
		d.States = append(d.States, Option{Value: st, Label: i18n.T(p.Lang, "stats.report."+st)})
	}
	export := "/stats/monthly/export?"
	if late {
		export = "/stats/monthly/late/export?"
	}
	d.Export = export + url.Values{"month": {month}, "status": {p.Form.Get("status")}}.Encode()
	p.Data = d
	wb.render(w, r, http.StatusOK, "stats_monthly_list", p)
}

// monthlyListExport writes a list page's rows as a workbook.
func (wb *Web) monthlyListExport(late bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		lang := i18n.FromRequest(r)
		month, list, err := wb.monthlyRows(r, late)
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		t := func(k string) string { return i18n.T(lang, k) }
		sheet := t("stats.sheet.monthly_list")
		if late {
			sheet = t("stats.sheet.late")
		}
		var buf bytes.Buffer
		x, err := xlsx.NewWriter(&buf, sheet)
		if err == nil {
			err = x.StartSheet(sheet, xlsx.Sheet{Widths: []float64{30, 12, 14, 12, 14, 20},
				Header: []string{t("field.name"), t("field.county"), t("stats.monthly.deadline"), t("stats.monthly.timeliness"), t("field.status"), t("stats.report.submitted_at")}})
		}
		for _, s := range list {
			if err != nil {
				break
			}
			when := ""
			if s.SubmittedAt != nil {
				when = chinaTime(*s.SubmittedAt).Format("2006-01-02 15:04")
			}
			err = x.WriteRow(s.InstitutionName, s.RegionCode, s.Deadline.String(), t(timeliness(s.Late, s.Missing)), t("stats.report."+s.Status), when)
		}
		if err == nil {
			err = x.Close()
		}
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		name := "monthly-"
		if late {
			name = "monthly-late-"
		}
		writeWorkbook(w, name+month, buf.Bytes())
	}
}

// timeliness is the catalog key of a report's timeliness.
func timeliness(late, missing bool) string {
	switch {
	case missing:
		return "stats.monthly.missing"
	case late:
		return "stats.monthly.late"
	}
	return "stats.monthly.on_time"
}

func writeWorkbook(w http.ResponseWriter, name string, b []byte) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
	_, _ = w.Write(b)
}

// mTable is a standard table as shown.
type mTable struct {
	Title   string
	Columns []string
	Rows    []mRow
}

type mRow struct {
	Label string
	Cells []mCell
}

type mCell struct {
	Item      string
	Text      string
	Computed  string
	Corrected bool
	Reason    string
}

// figure shows a number: money in yuan, shares and averages to one decimal.
func figure(c stats.ReportCell, v int64) string {
	switch {
	case c.Ratio && c.Rate == nil:
		return "—"
	case c.Ratio:
		return strconv.FormatFloat(*c.Rate, 'f', 1, 64)
	case c.Money:
		return strconv.FormatFloat(float64(v)/100, 'f', 2, 64)
	}
	return strconv.FormatInt(v, 10)
}

// rowLabel is a table row's name in the language.
func rowLabel(lang, table string, row stats.ReportRow) string {
	switch {
	case row.Label != "":
		return row.Label
	case row.Key == "total":
		return i18n.T(lang, "stats.monthly.row.total")
	case table == "enrolment":
		return i18n.T(lang, "class_type."+row.Key)
	case table == "staff":
		return i18n.T(lang, "post."+row.Key)
	}
	return i18n.T(lang, "stats.monthly.row."+row.Key)
}

func columnLabel(lang, col string) string {
	if i18n.Has(col) {
		return i18n.T(lang, col) // a care type
	}
	return i18n.T(lang, "stats.monthly.col."+col)
}

// shownTables formats the standard tables; rates are empty cells only
// when there is no denominator.
func shownTables(lang string, tables []stats.ReportTable) []mTable {
	out := make([]mTable, 0, len(tables))
	for _, t := range tables {
		mt := mTable{Title: i18n.T(lang, "stats.monthly.table."+t.Key)}
		for _, c := range t.Columns {
			mt.Columns = append(mt.Columns, columnLabel(lang, c))
		}
		for _, row := range t.Rows {
			mr := mRow{Label: rowLabel(lang, t.Key, row)}
			for _, c := range row.Cells {
				cell := mCell{Item: c.Item, Text: figure(c, c.Value), Corrected: c.Corrected, Reason: c.Reason}
				if c.Corrected {
					cell.Computed = figure(c, c.Computed)
				}
				mr.Cells = append(mr.Cells, cell)
			}
			mt.Rows = append(mt.Rows, mr)
		}
		out = append(out, mt)
	}
	return out
}

// itemOptions are the figures a director may correct, named by table,
// row and column.
func itemOptions(lang string, tables []stats.ReportTable) []Option {
	var out []Option
	for _, t := range tables {
		for _, row := range t.Rows {
			for i, c := range row.Cells {
				if c.Item == "" {
					continue
				}
				label := rowLabel(lang, t.Key, row)
				if len(t.Columns) > 1 {
					label += " · " + columnLabel(lang, t.Columns[i])
				}
				out = append(out, Option{Value: c.Item, Label: label})
			}
		}
	}
	return out
}

type monthlyReportData struct {
	Report     stats.InstitutionReport
	Tables     []mTable
	Items      []Option
	Base       string
	CanCorrect bool
	CanSubmit  bool
	CanDecide  bool
	CanReopen  bool
	Printed    string
}

func (wb *Web) monthlyReport(w http.ResponseWriter, r *http.Request) {
	wb.showMonthly(w, r, http.StatusOK, newPage(r, "stats.monthly.title"), "stats_monthly")
}

func (wb *Web) monthlyPrint(w http.ResponseWriter, r *http.Request) {
	wb.showMonthly(w, r, http.StatusOK, newPage(r, "stats.monthly.title"), "stats_monthly_print")
}

// pathReport reads the report the address names.
func (wb *Web) pathReport(r *http.Request) (stats.InstitutionReport, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return stats.InstitutionReport{}, err
	}
	return wb.Stats.InstitutionReport(r.Context(), httpx.Actor(r), id, r.PathValue("month"))
}

func (wb *Web) showMonthly(w http.ResponseWriter, r *http.Request, status int, p *Page, tmpl string) {
	rep, err := wb.pathReport(r)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	id := rep.InstitutionID
	p.Active, p.Heading = "stats_monthly", rep.InstitutionName+" "+rep.Month
	d := monthlyReportData{Report: rep, Tables: shownTables(p.Lang, rep.Tables), Base: "/stats/monthly/" + itoa64(id) + "/" + rep.Month,
		Printed: chinaTime(wb.svc.Now()).Format("2006-01-02 15:04")}
	switch rep.Status {
	case stats.ReportOpen, stats.ReportReturned, stats.ReportReopened:
		d.CanCorrect = p.Can(string(authz.StatsMonthlySubmit))
		d.CanSubmit = d.CanCorrect && civil.InChina(wb.svc.Now()).MonthOf().After(mustMonth(rep.Month))
		d.Items = itemOptions(p.Lang, rep.Tables)
	case stats.ReportSubmitted:
		d.CanDecide = p.Can(string(authz.StatsMonthlyApprove))
	case stats.ReportApproved:
		d.CanReopen = p.Can(string(authz.StatsMonthlyApprove))
	}
	p.Data = d
	wb.render(w, r, status, tmpl, p)
}

func mustMonth(s string) civil.Month {
	m, _ := civil.ParseMonth(s)
	return m
}

func (wb *Web) monthlyExport(w http.ResponseWriter, r *http.Request) {
	lang := i18n.FromRequest(r)
	rep, err := wb.pathReport(r)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	id := rep.InstitutionID
	b, err := tablesWorkbook(lang, rep.InstitutionName+" "+rep.Month, shownTables(lang, rep.Tables))
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	writeWorkbook(w, "monthly-"+itoa64(id)+"-"+rep.Month, b)
}

// tablesWorkbook writes the standard tables one under another on one
// sheet: each table's title, its header, its rows (a corrected figure with
// the computed one and the reason in the last columns).
func tablesWorkbook(lang, title string, tables []mTable) ([]byte, error) {
	t := func(k string) string { return i18n.T(lang, k) }
	var buf bytes.Buffer
	x, err := xlsx.NewWriter(&buf, t("stats.sheet.monthly"))
	if err != nil {
		return nil, err
	}
	err = x.StartSheet(t("stats.sheet.monthly"), xlsx.Sheet{Widths: []float64{30, 12, 12, 12, 12, 12, 30}, Header: []string{title}})
	for _, tb := range tables {
		if err == nil {
			err = x.WriteRow()
		}
		if err == nil {
			err = x.WriteRow(tb.Title)
		}
		if err == nil {
			err = x.WriteRow(append([]any{t("stats.monthly.col.item")}, strs(tb.Columns)...)...)
		}
		for _, row := range tb.Rows {
			cells := []any{row.Label}
			var notes []string
			for _, c := range row.Cells {
				cells = append(cells, c.Text)
				if c.Corrected {
					notes = append(notes, t("stats.monthly.computed")+" "+c.Computed+"："+c.Reason)
				}
			}
			if len(notes) > 0 {
				cells = append(cells, strings.Join(notes, "；"))
			}
			if err == nil {
				err = x.WriteRow(cells...)
			}
		}
	}
	if err == nil {
		err = x.Close()
	}
	return buf.Bytes(), err
}

func strs(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// monthlyRefused shows the report again with the form's problems.
func (wb *Web) monthlyRefused(w http.ResponseWriter, r *http.Request, errs map[string]string) {
	p := newPage(r, "stats.monthly.title")
	p.Errors, p.Problem = errs, "stats.monthly.refused"
	for _, k := range []string{"item", "value", "reason"} {
		p.Form.Set(k, r.PostFormValue(k))
	}
	wb.showMonthly(w, r, http.StatusUnprocessableEntity, p, "stats_monthly")
}

func (wb *Web) monthlyCorrect(w http.ResponseWriter, r *http.Request) {
	a := httpx.Actor(r)
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	item, month := r.PostFormValue("item"), r.PathValue("month")
	value, ok := parseFigure(item, r.PostFormValue("value"))
	if !ok {
		// the report must exist and be in scope before the form's problem is shown
		if _, err := wb.Stats.InstitutionReport(r.Context(), a, id, month); err != nil {
			wb.WriteError(w, r, err)
			return
		}
		wb.monthlyRefused(w, r, map[string]string{"value": domain.ReasonRange})
		return
	}
	_, err = wb.Stats.Correct(r.Context(), a, id, month, item, value, r.PostFormValue("reason"))
	wb.monthlyDone(w, r, err)
}

// parseFigure reads a corrected figure: money in yuan (two decimals at
// most), anything else a whole number.
func parseFigure(item, s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(item, "_fen") {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || x < 0 || x > 1e10 {
			return 0, false
		}
		fen := math.Round(x * 100)
		return int64(fen), math.Abs(fen-x*100) < 1e-6
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n >= 0
}

func (wb *Web) monthlyStep(step stats.Step) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "id")
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		_, err = wb.Stats.DecideInstitution(r.Context(), httpx.Actor(r), step, id, r.PathValue("month"), r.PostFormValue("reason"))
		wb.monthlyDone(w, r, err)
	}
}

func (wb *Web) monthlyDone(w http.ResponseWriter, r *http.Request, err error) {
	if errs := fieldErrors(err); errs != nil {
		wb.monthlyRefused(w, r, errs)
		return
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, "/stats/monthly/"+r.PathValue("id")+"/"+r.PathValue("month"))
}

type monthlyTotalsData struct {
	Totals stats.ReportTotals
	Tables []mTable
}

func (wb *Web) monthlyTotals(w http.ResponseWriter, r *http.Request) {
	a := httpx.Actor(r)
	p := newPage(r, "stats.monthly.totals")
	p.Active = "stats_monthly"
	region := r.URL.Query().Get("region")
	if region == "" {
		region = wb.ownRegion(a)
	}
	tot, err := wb.Stats.InstitutionTotals(r.Context(), a, region, wb.monthOr(r))
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Heading = tot.RegionName + " " + tot.Month
	p.Form.Set("month", tot.Month)
	p.Data = monthlyTotalsData{Totals: tot, Tables: shownTables(p.Lang, tot.Tables)}
	wb.render(w, r, http.StatusOK, "stats_monthly_totals", p)
}

// monthlyHome is the monthly report part of a home page: last month's
// report of the director's institution, or how many reports the county
// has to decide and how many are late or missing.
type monthlyHome struct {
	Month    string
	Deadline string
	Report   *stats.ReportStatus // a director's own
	Awaiting int                 // submitted, to approve or return
	Late     int                 // late or missing
}

// monthlyHomeSection fills the monthly report part of a home page.
func (wb *Web) monthlyHomeSection(ctx context.Context, a authz.Actor, d *homeData) error {
	if !a.Can(authz.StatsMonthlySubmit) && !a.Can(authz.StatsMonthlyApprove) {
		return nil
	}
	m := civil.InChina(wb.svc.Now()).MonthOf().Add(-1)
	list, err := wb.Stats.InstitutionReports(ctx, a, "", m.String())
	if err != nil {
		return err
	}
	due, err := wb.Stats.Deadline(ctx, m)
	if err != nil {
		return err
	}
	h := &monthlyHome{Month: m.String(), Deadline: due.String()}
	for i, s := range list {
		if a.Can(authz.StatsMonthlySubmit) {
			h.Report = &list[i]
		}
		if s.Status == stats.ReportSubmitted {
			h.Awaiting++
		}
		if s.Late || s.Missing {
			h.Late++
		}
	}
	d.Monthly = h
	return nil
}
