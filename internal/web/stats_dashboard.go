package web

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"net/url"
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

// statsRoutes: the indicator dashboards of a region (city → county →
// township → institutions, within the viewer's scope), their chart data
// and Excel export, and the monthly reports approved up the hierarchy.
// Every page reads the pre-aggregated roll-ups through stats.Service.
func (wb *Web) statsRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/stats", Permission: authz.StatsView, Summary: "Indicators: the viewer's own region (or institution) dashboard", Handler: wb.statsHome},
		{Method: "GET", Pattern: "/stats/regions/{code}", Permission: authz.StatsView, Summary: "A region's dashboard: headline indicators against targets, trend, comparison below it, county map", Handler: wb.statsDashboard},
		{Method: "GET", Pattern: "/stats/regions/{code}/chart", Permission: authz.StatsView, Summary: "A dashboard chart's data (?indicator=&period=&view=trend|below), the values API's numbers", Handler: wb.statsChart},
		{Method: "GET", Pattern: "/stats/regions/{code}/export", Permission: authz.StatsView, Summary: "Excel export of a dashboard's numbers: headlines, comparison, trend", Handler: wb.statsExport},
		{Method: "GET", Pattern: "/stats/reports", Permission: authz.StatsView, Summary: "Monthly reports of the counties in scope for a month, with their approval state", Handler: wb.statsReports},
		{Method: "GET", Pattern: "/stats/reports/{region}/{month}", Permission: authz.StatsView, Summary: "A county's monthly report: its indicators and the institution figures behind them", Handler: wb.statsReport},
		{Method: "POST", Pattern: "/stats/reports/{region}/{month}/submit", Permission: authz.StatsReportSubmit, Summary: "Submit a county's monthly report to the city", Handler: wb.statsReportStep(stats.StepSubmit)},
		{Method: "POST", Pattern: "/stats/reports/{region}/{month}/approve", Permission: authz.StatsReportApprove, Summary: "Approve a county's monthly report; its figures lock", Handler: wb.statsReportStep(stats.StepApprove)},
		{Method: "POST", Pattern: "/stats/reports/{region}/{month}/return", Permission: authz.StatsReportApprove, Summary: "Return a county's monthly report with a reason", Handler: wb.statsReportStep(stats.StepReturn)},
		{Method: "POST", Pattern: "/stats/reports/{region}/{month}/unlock", Permission: authz.StatsReportApprove, Summary: "Unlock an approved monthly report with a reason", Handler: wb.statsReportStep(stats.StepUnlock)},
	}
}

// statsScripts are the chart library and the page script that draws each
// chart from its data address.
var statsScripts = []string{"/static/vendor/echarts/echarts.min.js", "/static/stats.js"}

// statCell is one indicator value as shown.
type statCell struct {
	Name, Href             string
	Value, Target          string
	Numerator, Denominator string
	NoData                 bool
	Met                    *bool
	Tile                   *tile
}

// tile is a county's square on the tile-grid map.
type tile struct {
	X, Y, TX, TY, VY int
	Shade            string // q0…q4 by value, nd without data
}

type statHeadline struct {
	Code, Name, Unit, Href string
	Selected               bool
	statCell
}

type statsDashboardData struct {
	Own       bool // an institution's own figures: no region, no drill-down
	Region    stats.Region
	Trail     []stats.Region
	Period    string
	Indicator stats.Indicator
	Name      string // the chosen indicator's name, definition and unit
	Defn      string
	Unit      string
	Headlines []statHeadline
	Trend     []statCell
	Below     []statCell
	BelowKey  string // catalog key of the level below
	Ranked    bool
	Map       *tileMap
	TrendURL  string
	BelowURL  string
	ExportURL string
}

type tileMap struct {
	Label         string // what the map shows
	Width, Height int
	Tiles         []statCell
}

// statsHome opens the viewer's own dashboard: their region's, or for an
// institution's staff their institution's figures.
func (wb *Web) statsHome(w http.ResponseWriter, r *http.Request) {
	a := httpx.Actor(r)
	if a.Scope().Kind() == domain.ScopeInstitution {
		wb.statsOwn(w, r)
		return
	}
	code := a.Scope().RegionCode()
	if code == "" {
		code = wb.DeploymentRegion
	}
	q := ""
	if r.URL.RawQuery != "" {
		q = "?" + r.URL.RawQuery
	}
	redirect(w, r, "/stats/regions/"+code+q)
}

// chosen is the indicator the trend, comparison and map show.
func chosen(r *http.Request) (stats.Indicator, error) {
	code := r.URL.Query().Get("indicator")
	if code == "" {
		code = stats.Headlines[0]
	}
	cat, err := stats.LoadCatalogue()
	if err != nil {
		return stats.Indicator{}, err
	}
	in, ok := cat.Indicator(code)
	if !ok {
		return in, domain.Invalid("indicator", domain.ReasonNotAllowed)
	}
	return in, nil
}

func (wb *Web) statsDashboard(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), httpx.Actor(r)
	q := r.URL.Query()
	p := newPage(r, "stats.title")
	p.Active, p.Scripts = "stats", statsScripts
	ind, err := chosen(r)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d, err := wb.Stats.Dashboard(ctx, a, r.PathValue("code"), q.Get("period"))
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Heading = d.Region.Name
	p.Form.Set("period", d.Period)
	v := statsDashboardData{Region: d.Region, Trail: d.Trail, Period: d.Period, Indicator: ind, BelowKey: "stats.below." + d.Below, Ranked: d.Below != "county"}
	v.Name, v.Defn, v.Unit = names(p.Lang, ind)
	base := "/stats/regions/" + d.Region.Code
	for _, h := range d.Headlines {
		hl := statHeadline{Code: h.Indicator.Code, Selected: h.Indicator.Code == ind.Code, statCell: cell(p.Lang, h.Indicator, h.Value, "")}
		hl.Name, _, hl.Unit = names(p.Lang, h.Indicator)
		hl.Met = h.Met
		hl.Href = base + "?" + url.Values{"period": {d.Period}, "indicator": {h.Indicator.Code}}.Encode()
		v.Headlines = append(v.Headlines, hl)
	}
	trend, err := wb.Stats.Trend(ctx, a, stats.Query{Indicator: ind.Code, Region: d.Region.Code, Period: d.Period})
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	for _, t := range trend {
		c := cell(p.Lang, ind, t, "")
		c.Name = t.Period
		v.Trend = append(v.Trend, c)
	}
	below, err := wb.Stats.Values(ctx, a, stats.Query{Indicator: ind.Code, Region: d.Region.Code, Period: d.Period, Level: d.Below})
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	if v.Ranked {
		rank(below)
	}
	for _, b := range below {
		href := ""
		if b.InstitutionID != 0 {
			href = "/institutions/" + itoa64(b.InstitutionID)
		} else {
			href = "/stats/regions/" + b.RegionCode + "?" + url.Values{"period": {d.Period}, "indicator": {ind.Code}}.Encode()
		}
		v.Below = append(v.Below, cell(p.Lang, ind, b, href))
	}
	if d.Below == "county" {
		if v.Map, err = countyMap(d.Region.Code, v.Below, below); err != nil {
			wb.WriteError(w, r, err)
			return
		}
		if v.Map != nil {
			v.Map.Label = i18n.T(p.Lang, "stats.map") + " " + v.Name
		}
	}
	qs := url.Values{"period": {d.Period}, "indicator": {ind.Code}}
	v.TrendURL = base + "/chart?" + qs.Encode() + "&view=trend"
	v.BelowURL = base + "/chart?" + qs.Encode() + "&view=below"
	v.ExportURL = base + "/export?" + qs.Encode()
	p.Data = v
	wb.render(w, r, http.StatusOK, "stats_dashboard", p)
}

// statsOwn is an institution's own figures: its headline indicators and
// the trend of the chosen one, without drill-down.
func (wb *Web) statsOwn(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), httpx.Actor(r)
	p := newPage(r, "stats.title")
	p.Active, p.Scripts = "stats", statsScripts
	ind, err := chosen(r)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	period := r.URL.Query().Get("period")
	if _, err := stats.ParsePeriod(period); period != "" && err != nil {
		wb.WriteError(w, r, err)
		return
	}
	v := statsDashboardData{Own: true, Indicator: ind, Period: period}
	v.Name, v.Defn, v.Unit = names(p.Lang, ind)
	for _, code := range stats.Headlines {
		vals, err := wb.Stats.Values(ctx, a, stats.Query{Indicator: code, Period: period, Level: "institution"})
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		cat, _ := stats.LoadCatalogue()
		hi, _ := cat.Indicator(code)
		hl := statHeadline{Code: code, Selected: code == ind.Code}
		if len(vals) == 1 {
			hl.statCell = cell(p.Lang, hi, vals[0], "")
			p.Heading, v.Period = vals[0].Name, vals[0].Period
		} else {
			hl.statCell = statCell{NoData: true}
		}
		hl.Name, _, hl.Unit = names(p.Lang, hi)
		hl.Href = "/stats?" + url.Values{"period": {v.Period}, "indicator": {code}}.Encode()
		v.Headlines = append(v.Headlines, hl)
	}
	p.Form.Set("period", v.Period)
	trend, err := wb.Stats.Trend(ctx, a, stats.Query{Indicator: ind.Code, Period: v.Period, Level: "institution"})
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	for _, t := range trend {
		c := cell(p.Lang, ind, t, "")
		c.Name = t.Period
		v.Trend = append(v.Trend, c)
	}
	p.Data = v
	wb.render(w, r, http.StatusOK, "stats_dashboard", p)
}

// names are an indicator's name, definition and unit in the language.
func names(lang string, in stats.Indicator) (name, defn, unit string) {
	if lang == "en" {
		return in.NameEN, in.DefinitionEN, in.UnitEN
	}
	return in.NameZH, in.DefinitionZH, in.UnitZH
}

// cell formats a value for the page.
func cell(lang string, in stats.Indicator, v stats.Value, href string) statCell {
	c := statCell{Name: v.Name, Href: href, NoData: v.Value == nil, Value: i18n.T(lang, "stats.no_data")}
	if v.Value != nil {
		c.Value = number(*v.Value, in)
	}
	if v.Target != nil {
		c.Target = number(*v.Target, in)
	}
	if v.Numerator != nil {
		c.Numerator = strconv.FormatInt(*v.Numerator, 10)
	}
	if v.Denominator != nil {
		c.Denominator = strconv.FormatInt(*v.Denominator, 10)
	}
	return c
}

// number shows a value with the precision its indicator needs: shares to
// one decimal, rates per 1,000 and averages to two, counts whole.
func number(x float64, in stats.Indicator) string {
	prec := 2
	switch {
	case in.Factor == 100:
		prec = 1
	case in.Factor == 1 && in.Denominator == "":
		prec = 0
	}
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// rank orders values from the highest down, those without data last.
func rank(vs []stats.Value) {
	for i := 1; i < len(vs); i++ {
		for j := i; j > 0 && above(vs[j], vs[j-1]); j-- {
			vs[j], vs[j-1] = vs[j-1], vs[j]
		}
	}
}

func above(a, b stats.Value) bool {
	if a.Value == nil {
		return false
	}
	return b.Value == nil || *a.Value > *b.Value
}

// tileSize is a map tile's side in SVG units.
const tileSize = 100

// countyMap lays the counties' values on the city's tile grid, shaded in
// five steps between the lowest and the highest value. Counties the layout
// does not place go on a row below it. No grid for the city: no map.
func countyMap(city string, cells []statCell, vals []stats.Value) (*tileMap, error) {
	grid, ok, err := stats.TileGrid(city)
	if err != nil || !ok {
		return nil, err
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		if v.Value != nil {
			lo, hi = math.Min(lo, *v.Value), math.Max(hi, *v.Value)
		}
	}
	m := &tileMap{Width: grid.Columns * tileSize, Height: grid.Rows * tileSize}
	extra := 0
	for i, v := range vals {
		pos, placed := grid.Tiles[v.RegionCode]
		if !placed {
			pos = [2]int{extra % grid.Columns, grid.Rows + extra/grid.Columns}
			extra++
			m.Height = max(m.Height, (pos[1]+1)*tileSize)
		}
		t := &tile{X: pos[0]*tileSize + 2, Y: pos[1]*tileSize + 2, Shade: "nd"}
		t.TX, t.TY, t.VY = t.X+tileSize/2-2, t.Y+40, t.Y+72
		if v.Value != nil {
			step := 2
			if hi > lo {
				step = min(4, int((*v.Value-lo)/(hi-lo)*5))
			}
			t.Shade = "q" + strconv.Itoa(step)
		}
		c := cells[i]
		c.Tile = t
		m.Tiles = append(m.Tiles, c)
	}
	return m, nil
}

// chartData is what a dashboard chart draws: the values API's numbers for
// the same indicator, region, period and level.
type chartData struct {
	Kind   string        `json:"kind"` // line or bar
	Name   string        `json:"name"`
	Unit   string        `json:"unit"`
	Values []stats.Value `json:"values"`
}

// statsChart answers a chart's data: the trend of the region's value over
// the months, or the values of the divisions (or institutions) below it.
func (wb *Web) statsChart(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), httpx.Actor(r)
	q := r.URL.Query()
	lang := i18n.FromRequest(r)
	ind, err := chosen(r)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	code := r.PathValue("code")
	out := chartData{Kind: "line"}
	out.Name, _, out.Unit = names(lang, ind)
	switch q.Get("view") {
	case "trend", "":
		out.Values, err = wb.Stats.Trend(ctx, a, stats.Query{Indicator: ind.Code, Region: code, Period: q.Get("period")})
	case "below":
		var d stats.Dashboard
		if d, err = wb.Stats.Dashboard(ctx, a, code, q.Get("period")); err == nil {
			out.Kind = "bar"
			out.Values, err = wb.Stats.Values(ctx, a, stats.Query{Indicator: ind.Code, Region: code, Period: d.Period, Level: d.Below})
		}
	default:
		err = domain.Invalid("view", domain.ReasonNotAllowed)
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(out)
}

// statsExport writes a dashboard's numbers as a workbook: the headline
// indicators, the comparison below the region and the chosen indicator's
// trend, each row with numerator, denominator, value and target.
func (wb *Web) statsExport(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), httpx.Actor(r)
	q := r.URL.Query()
	lang := i18n.FromRequest(r)
	ind, err := chosen(r)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d, err := wb.Stats.Dashboard(ctx, a, r.PathValue("code"), q.Get("period"))
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	below, err := wb.Stats.Values(ctx, a, stats.Query{Indicator: ind.Code, Region: d.Region.Code, Period: d.Period, Level: d.Below})
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	trend, err := wb.Stats.Trend(ctx, a, stats.Query{Indicator: ind.Code, Region: d.Region.Code, Period: d.Period})
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	t := func(k string) string { return i18n.T(lang, k) }
	var buf bytes.Buffer
	x, err := xlsx.NewWriter(&buf, t("stats.sheet.headlines"), t("stats.sheet.below"), t("stats.sheet.trend"))
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	header := []string{t("stats.col.name"), t("stats.col.period"), t("stats.col.numerator"), t("stats.col.denominator"), t("stats.col.value"), t("stats.col.target"), t("stats.col.unit")}
	sheet := xlsx.Sheet{Widths: []float64{28, 10, 12, 12, 10, 10, 12}, Header: header}
	row := func(in stats.Indicator, name string, v stats.Value) error {
		n, _, unit := names(lang, in)
		if name == "" {
			name = n
		}
		return x.WriteRow(name, v.Period, optInt(v.Numerator), optInt(v.Denominator), optFloat(v.Value), optFloat(v.Target), unit)
	}
	err = x.StartSheet(t("stats.sheet.headlines"), sheet)
	for _, h := range d.Headlines {
		if err == nil {
			err = row(h.Indicator, "", h.Value)
		}
	}
	if err == nil {
		err = x.StartSheet(t("stats.sheet.below"), sheet)
	}
	for _, v := range below {
		if err == nil {
			err = row(ind, v.Name, v)
		}
	}
	if err == nil {
		err = x.StartSheet(t("stats.sheet.trend"), sheet)
	}
	for _, v := range trend {
		if err == nil {
			err = row(ind, d.Region.Name, v)
		}
	}
	if err == nil {
		err = x.Close()
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="stats-`+d.Region.Code+"-"+d.Period+`.xlsx"`)
	_, _ = w.Write(buf.Bytes())
}

// optInt and optFloat leave a cell empty for "no data".
func optInt(p *int64) any {
	if p == nil {
		return ""
	}
	return *p
}

func optFloat(p *float64) any {
	if p == nil {
		return ""
	}
	return *p
}

type statsReportsData struct {
	Month   string
	Reports []stats.MonthlyReport
}

// statsReports lists the counties' monthly reports of a month (default:
// the month before this one) with their approval state.
func (wb *Web) statsReports(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "stats.reports.title")
	p.Active = "stats_reports"
	month := r.URL.Query().Get("month")
	if month == "" {
		month = civil.InChina(wb.svc.Now()).MonthOf().Add(-1).String()
	}
	a := httpx.Actor(r)
	region := ""
	if a.Scope().RegionCode() == "" {
		region = wb.DeploymentRegion // the administrator: the deployment's counties
	}
	list, err := wb.Stats.Reports(r.Context(), a, region, month)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Form.Set("month", month)
	p.Data = statsReportsData{Month: month, Reports: list}
	wb.render(w, r, http.StatusOK, "stats_reports", p)
}

type reportLine struct {
	Name, Unit string
	statCell
}

type reportInstitution struct {
	ID    int64
	Name  string
	Cells []statCell
}

type statsReportData struct {
	Report       stats.MonthlyReport
	Lines        []reportLine
	Columns      []string
	Institutions []reportInstitution
	CanSubmit    bool
	CanDecide    bool
	CanUnlock    bool
	Base         string
	// Totals are the month's approved institution reports added up.
	Totals *stats.ReportTotals
}

// statsReport shows a county's monthly report with the steps the viewer
// may take on it.
func (wb *Web) statsReport(w http.ResponseWriter, r *http.Request) {
	a := httpx.Actor(r)
	rep, err := wb.Stats.Report(r.Context(), a, r.PathValue("region"), r.PathValue("month"))
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	wb.renderReport(w, r, http.StatusOK, rep, newPage(r, "stats.reports.title"))
}

func (wb *Web) renderReport(w http.ResponseWriter, r *http.Request, status int, rep stats.MonthlyReport, p *Page) {
	p.Active, p.Heading = "stats_reports", rep.RegionName+" "+rep.Month
	cat, err := stats.LoadCatalogue()
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d := statsReportData{Report: rep, Base: "/stats/reports/" + rep.RegionCode + "/" + rep.Month}
	if rep.Figures != nil {
		for _, l := range rep.Figures.Lines {
			in, _ := cat.Indicator(l.Indicator)
			rl := reportLine{statCell: cell(p.Lang, in, l.Value, "")}
			rl.Name, _, rl.Unit = names(p.Lang, in)
			d.Lines = append(d.Lines, rl)
		}
		for _, code := range stats.InstitutionIndicators {
			in, _ := cat.Indicator(code)
			n, _, _ := names(p.Lang, in)
			d.Columns = append(d.Columns, n)
		}
		for _, ri := range rep.Figures.Institutions {
			row := reportInstitution{ID: ri.ID, Name: ri.Name}
			for i, v := range ri.Values {
				in, _ := cat.Indicator(stats.InstitutionIndicators[min(i, len(stats.InstitutionIndicators)-1)])
				row.Cells = append(row.Cells, cell(p.Lang, in, v, ""))
			}
			d.Institutions = append(d.Institutions, row)
		}
	}
	if tot, err := wb.Stats.InstitutionTotals(r.Context(), httpx.Actor(r), rep.RegionCode, rep.Month); err == nil {
		d.Totals = &tot
	}
	switch rep.Status {
	case stats.ReportOpen, stats.ReportReturned, stats.ReportUnlocked:
		d.CanSubmit = p.Can(string(authz.StatsReportSubmit))
	case stats.ReportSubmitted:
		d.CanDecide = p.Can(string(authz.StatsReportApprove))
	case stats.ReportApproved:
		d.CanUnlock = p.Can(string(authz.StatsReportApprove))
	}
	p.Data = d
	wb.render(w, r, status, "stats_report", p)
}

// statsReportStep takes one approval step from the report page's form.
func (wb *Web) statsReportStep(step stats.Step) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a := httpx.Actor(r)
		region, month := r.PathValue("region"), r.PathValue("month")
		reason := r.PostFormValue("reason")
		_, err := wb.Stats.Decide(r.Context(), a, step, region, month, reason)
		if errs := fieldErrors(err); errs != nil {
			rep, rerr := wb.Stats.Report(r.Context(), a, region, month)
			if rerr != nil {
				wb.WriteError(w, r, rerr)
				return
			}
			p := newPage(r, "stats.reports.title")
			p.Errors, p.Problem = errs, "stats.reports.refused"
			p.Form.Set("reason", reason)
			wb.renderReport(w, r, http.StatusUnprocessableEntity, rep, p)
			return
		}
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		redirect(w, r, "/stats/reports/"+region+"/"+month)
	}
}
