package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/stats"
	"tuoyu/internal/xlsx"
)

// planningQuery reads the planning page's region and year.
func (wb *Web) planningOf(r *http.Request) (stats.Planning, error) {
	a := httpx.Actor(r)
	q := r.URL.Query()
	region := q.Get("region")
	if region == "" {
		region = wb.ownRegion(a)
	}
	year := 0
	if y := q.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			return stats.Planning{}, domain.Invalid("year", domain.ReasonRange)
		}
		year = n
	}
	return wb.Stats.Planning(r.Context(), a, region, year)
}

type planRow struct {
	Href string
	stats.PlanningRow
	Population, Needed, Gap, Under3, Per100 string
	Short                                   bool
}

type planningData struct {
	Plan     stats.Planning
	Target   string
	Rows     []planRow
	Total    planRow
	ChartURL string
	Export   string
	Map      *tileMap
}

func optText(p *int64) string {
	if p == nil {
		return "—"
	}
	return strconv.FormatInt(*p, 10)
}

func shownPlanRow(row stats.PlanningRow, href string) planRow {
	out := planRow{Href: href, PlanningRow: row, Population: optText(row.Population), Needed: optText(row.Needed), Gap: optText(row.Gap), Under3: optText(row.Under3), Per100: "—"}
	if row.PuhuiPer100 != nil {
		out.Per100 = strconv.FormatFloat(*row.PuhuiPer100, 'f', 1, 64)
	}
	out.Short = row.Gap != nil && *row.Gap > 0
	return out
}

// gapValues are the rows' gaps as chart values.
func gapValues(pl stats.Planning) []stats.Value {
	out := make([]stats.Value, 0, len(pl.Rows))
	for _, r := range pl.Rows {
		v := stats.Value{RegionCode: r.Code, Name: r.Name, Period: strconv.Itoa(pl.Year)}
		if r.Gap != nil {
			x := float64(*r.Gap)
			v.Value = &x
		}
		out = append(out, v)
	}
	return out
}

func (wb *Web) planning(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "stats.planning.title")
	p.Active, p.Scripts = "stats_planning", statsScripts
	pl, err := wb.planningOf(r)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Heading = pl.Region.Name
	p.Form.Set("year", strconv.Itoa(pl.Year))
	qs := url.Values{"region": {pl.Region.Code}, "year": {strconv.Itoa(pl.Year)}}.Encode()
	d := planningData{Plan: pl, Target: strconv.FormatFloat(pl.Target, 'f', -1, 64), ChartURL: "/stats/planning/chart?" + qs, Export: "/stats/planning/export?" + qs,
		Total: shownPlanRow(pl.Total, "")}
	var cells []statCell
	for _, row := range pl.Rows {
		href := ""
		if pl.Level == "county" {
			href = "/stats/planning?" + url.Values{"region": {row.Code}, "year": {strconv.Itoa(pl.Year)}}.Encode()
		}
		pr := shownPlanRow(row, href)
		d.Rows = append(d.Rows, pr)
		cells = append(cells, statCell{Name: row.Name, Href: href, Value: pr.Gap, NoData: row.Gap == nil})
	}
	if pl.Level == "county" {
		if d.Map, err = countyMap(pl.Region.Code, cells, gapValues(pl)); err != nil {
			wb.WriteError(w, r, err)
			return
		}
		if d.Map != nil {
			d.Map.Label = i18n.T(p.Lang, "stats.planning.map")
		}
	}
	p.Data = d
	wb.render(w, r, http.StatusOK, "stats_planning", p)
}

// planningChart answers the gap chart's data in the dashboard charts' form.
func (wb *Web) planningChart(w http.ResponseWriter, r *http.Request) {
	pl, err := wb.planningOf(r)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	lang := i18n.FromRequest(r)
	out := chartData{Kind: "bar", Name: i18n.T(lang, "stats.planning.gap_chart"), Unit: i18n.T(lang, "stats.planning.unit"), Values: gapValues(pl)}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(out)
}

func (wb *Web) planningExport(w http.ResponseWriter, r *http.Request) {
	pl, err := wb.planningOf(r)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	lang := i18n.FromRequest(r)
	t := func(k string) string { return i18n.T(lang, k) }
	var buf bytes.Buffer
	x, err := xlsx.NewWriter(&buf, t("stats.planning.sheet"))
	if err == nil {
		err = x.StartSheet(t("stats.planning.sheet"), xlsx.Sheet{Widths: []float64{24, 12, 12, 12, 12, 12, 10, 12, 12, 12, 10},
			Header: []string{t("stats.col.name"), t("stats.planning.col.population"), t("stats.planning.col.needed"), t("stats.planning.col.filed"),
				t("stats.planning.col.counted"), t("stats.planning.col.gap"), t("stats.planning.col.puhui"), t("stats.planning.col.under3"),
				t("stats.planning.col.per100"), t("stats.planning.col.institutions"), t("field.year")}})
	}
	rows := append(append([]stats.PlanningRow{}, pl.Rows...), pl.Total)
	for i, row := range rows {
		if err != nil {
			break
		}
		name := row.Name
		if i == len(rows)-1 {
			name = t("stats.planning.total") + " " + row.Name
		}
		err = x.WriteRow(name, optInt(row.Population), optInt(row.Needed), row.PlacesFiled, row.PlacesCounted, optInt(row.Gap),
			row.PlacesPuhui, optInt(row.Under3), optFloat(row.PuhuiPer100), row.Institutions, pl.Year)
	}
	if err == nil {
		err = x.Close()
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	writeWorkbook(w, "planning-"+pl.Region.Code+"-"+strconv.Itoa(pl.Year), buf.Bytes())
}

func (wb *Web) statsSettings(w http.ResponseWriter, r *http.Request) {
	wb.showSettings(w, r, http.StatusOK, newPage(r, "stats.settings.title"))
}

func (wb *Web) showSettings(w http.ResponseWriter, r *http.Request, status int, p *Page) {
	p.Active = "stats_planning"
	set, err := wb.Stats.Settings(r.Context(), httpx.Actor(r))
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	if p.Form.Get("deadline_workday") == "" {
		p.Form.Set("deadline_workday", strconv.Itoa(set.DeadlineWorkday))
	}
	p.Data = set
	wb.render(w, r, status, "stats_settings", p)
}

func (wb *Web) saveStatsSettings(w http.ResponseWriter, r *http.Request) {
	c := stats.SettingsChange{DeadlineWorkday: r.PostFormValue("deadline_workday"), Year: r.PostFormValue("year"), Target: r.PostFormValue("target")}
	_, err := wb.Stats.SaveSettings(r.Context(), httpx.Actor(r), c)
	if errs := fieldErrors(err); errs != nil {
		p := newPage(r, "stats.settings.title")
		p.Errors, p.Problem = errs, "stats.monthly.refused"
		p.Form.Set("deadline_workday", c.DeadlineWorkday)
		p.Form.Set("year", c.Year)
		p.Form.Set("target", c.Target)
		wb.showSettings(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, "/stats/settings?msg=stats_settings_saved")
}
