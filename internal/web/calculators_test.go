package web_test

import (
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"tuoyu/internal/growth"
	"tuoyu/internal/testkit"
)

// calcClient is an anonymous browser on a fresh app: the calculators need
// no account and store nothing, so one database backend is enough.
func calcClient(t *testing.T) *client {
	t.Helper()
	a := testkit.NewApp(t, testkit.Backends()[0], testkit.DefaultNow)
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	f := &fixture{t: t, app: a, svc: a.Service, srv: srv}
	return f.client()
}

// english switches the client to English with the lang cookie.
func (c *client) english() {
	c.t.Helper()
	c.get("/lang?to=en&back=/public").want(c.t, http.StatusSeeOther)
}

var (
	rowRe  = regexp.MustCompile(`(?s)<tr[^>]*>\s*<th scope="row">(.*?)</th>(.*?)</tr>`)
	cellRe = regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
)

// tableRows maps the row heading of every table row on the page to the
// visible text of its cells.
func tableRows(body string) map[string][]string {
	out := map[string][]string{}
	for _, m := range rowRe.FindAllStringSubmatch(body, -1) {
		var cells []string
		for _, c := range cellRe.FindAllStringSubmatch(m[2], -1) {
			cells = append(cells, strings.Join(strings.Fields(html.UnescapeString(tagRe.ReplaceAllString(c[1], " "))), " "))
		}
		head := strings.Join(strings.Fields(html.UnescapeString(tagRe.ReplaceAllString(m[1], " "))), " ")
		out[head] = append(out[head], cells...)
	}
	return out
}

// rowsOf lists the table rows whose heading starts with prefix.
func rowsOf(body, prefix string) [][]string {
	var out [][]string
	for _, m := range rowRe.FindAllStringSubmatch(body, -1) {
		head := strings.Join(strings.Fields(html.UnescapeString(tagRe.ReplaceAllString(m[1], " "))), " ")
		if !strings.HasPrefix(head, prefix) {
			continue
		}
		var cells []string
		for _, c := range cellRe.FindAllStringSubmatch(m[2], -1) {
			cells = append(cells, strings.Join(strings.Fields(html.UnescapeString(tagRe.ReplaceAllString(c[1], " "))), " "))
		}
		out = append(out, cells)
	}
	return out
}

func TestCalculatorsInTheNavigationForEveryone(t *testing.T) {
	c := calcClient(t)
	for _, path := range []string{"/public", "/login", "/calculators/growth"} {
		c.get(path).want(t, http.StatusOK).contains(t, `href="/calculators/growth"`, `href="/calculators/immunization"`, "生长发育评价", "预防接种查验")
	}
	c.get("/calculators/immunization").want(t, http.StatusOK).contains(t, `href="/calculators/immunization" aria-current="page"`)
	c.english()
	c.get("/public").want(t, http.StatusOK).contains(t, "Growth check", "Vaccination check")
}

func TestGrowthCalculatorWHOExample(t *testing.T) {
	c := calcClient(t)
	form := c.get("/calculators/growth").want(t, http.StatusOK)
	form.contains(t, `name="sex"`, `name="birth_date"`, `name="age_days"`, `name="weight_kg"`, `name="measured"`, `name="subscapular_mm"`).lacks(t, "<svg")
	// The date of measurement starts as today (the test clock's day).
	if v := inputValue(form.Body, "date"); v != "2026-09-30" {
		t.Errorf("date of measurement starts as %q", v)
	}

	// WHO anthro's worked example (WorldHealthOrganization/anthro,
	// tests/testthat/test-zscore-weight-for-age.R; also in
	// internal/growth/assess_test.go): girl, 1522 days, 17 kg:
	// weight-for-age z = 0.24, not flagged.
	p := c.get("/calculators/growth?sex=female&age_days=1522&weight_kg=17").want(t, http.StatusOK)
	rows := tableRows(p.Body)
	wfa := rows["年龄别体重"]
	if len(wfa) < 4 || wfa[0] != "17 kg" || wfa[1] != "0.24" || wfa[3] != "" {
		t.Fatalf("weight-for-age row %q", wfa)
	}
	// The percentile is the normal distribution at the z-score, to 1 decimal.
	out, _ := growth.Assess(growth.AssessInput{Sex: "female", AgeDays: ptrInt(1522), WeightKg: ptrFloat(17)})
	if want := strconv.FormatFloat(out.Indicators.WFA.Percentile, 'f', 1, 64); wfa[2] != want {
		t.Errorf("percentile %q, want %q", wfa[2], want)
	}
	p.contains(t, "1522 天（4 岁 2 个月）", "女童", "WHO 分类", "无低体重", "WS/T 423—2022")
	// One chart, weight-for-age, with the −3…+3 SD curves and the point.
	if n := strings.Count(p.Body, "<svg"); n != 1 {
		t.Errorf("%d charts, want 1", n)
	}
	p.contains(t, "年龄别体重 Weight-for-age · 女童 Girls · WHO", `text-anchor="start">−3</text>`, `text-anchor="start">+3</text>`, "<circle", "<title>1522 天: 17 kg</title>")
	// No inline script or style (the CSP forbids them), and no catalog key
	// left untranslated.
	p.lacks(t, " style=", "<script>", "calc.")

	c.english()
	en := c.get("/calculators/growth?sex=female&age_days=1522&weight_kg=17").want(t, http.StatusOK)
	if got := tableRows(en.Body)["Weight-for-age"]; len(got) < 2 || got[1] != "0.24" {
		t.Errorf("English weight-for-age row %q", got)
	}
	en.contains(t, "1522 days (4 yr 2 mo)", "Girl", "Not underweight", "<svg").lacks(t, "calc.", "年龄别体重</th>")
}

// The 0.7 cm rule, the implausible flag, and a chart per indicator. WHO
// anthro's example (as above, test-zscores.R): boy, 987 days, 72.86 cm
// measured lying: 0.7 cm is subtracted and length/height-for-age z =
// −6.09, flagged (|z| > 6).
func TestGrowthCalculatorAdjustsAndFlags(t *testing.T) {
	c := calcClient(t)
	p := c.get("/calculators/growth?"+url.Values{"sex": {"male"}, "birth_date": {"2024-01-01"}, "date": {"2026-09-14"},
		"length_cm": {"72.86"}, "measured": {"recumbent"}, "weight_kg": {"9.5"}, "head_cm": {"47"}}.Encode()).want(t, http.StatusOK)
	// 2024-01-01 to 2026-09-14 is 987 days (2024 is a leap year).
	p.contains(t, "987 天（2 岁 8 个月）", "72.16 cm", "测得 72.86 cm；2岁起卧位测量，已减 0.7 cm 换算为立位身高", "数值不合常理，请核查测量")
	rows := tableRows(p.Body)
	lhfa := rows["年龄别身长/身高"]
	if len(lhfa) < 4 || lhfa[1] != "-6.09" || lhfa[3] == "" {
		t.Errorf("length/height-for-age row %q", lhfa)
	}
	// From 2 years weight is read against height.
	for _, name := range []string{"年龄别体重", "身高别体重", "年龄别BMI", "年龄别头围"} {
		if len(rows[name]) == 0 {
			t.Errorf("no %s row", name)
		}
	}
	// One chart per indicator computed: wfa, lhfa, wfh, bfa, hcfa.
	if n := strings.Count(p.Body, "<svg"); n != 5 {
		t.Errorf("%d charts, want 5", n)
	}
	p.contains(t, "身高别体重 Weight-for-height", "年龄别头围 Head circumference-for-age", "<title>2026-09-14: 47 cm</title>")
	// WHO classification: z = −6.09 is severely stunted (z < −3).
	if who := rows["生长迟缓"]; len(who) < 1 || who[0] != "重度生长迟缓" {
		t.Errorf("stunting row %q", who)
	}
	p.lacks(t, "calc.")
}

func TestGrowthCalculatorRefusesBadInput(t *testing.T) {
	c := calcClient(t)
	// The weight limit is growth.DefaultConfig's 80 kg.
	p := c.get("/calculators/growth?sex=female&age_days=400&weight_kg=200").want(t, http.StatusUnprocessableEntity)
	if msg := fieldError(p.Body, "weight_kg"); msg != "数值过大，不合常理（应不大于 80）" {
		t.Errorf("weight message %q", msg)
	}
	p.contains(t, `aria-invalid="true"`, `href="#f-weight_kg"`).lacks(t, "<svg")
	if inputValue(p.Body, "weight_kg") != "200" {
		t.Errorf("the refused form lost the weight")
	}

	p = c.get("/calculators/growth?sex=&age_days=abc&weight_kg=12&head_cm=x").want(t, http.StatusUnprocessableEntity)
	for field, want := range map[string]string{"sex": "必填", "age_days": "格式不对，应为整数（例如 40）", "head_cm": "格式不对（例如 37.5）"} {
		if got := fieldError(p.Body, field); got != want {
			t.Errorf("%s: %q, want %q", field, got, want)
		}
	}
	// 2026-01-01 to 2026-03-01 is 59 days.
	p = c.get("/calculators/growth?sex=male&birth_date=2026-01-01&date=2026-03-01&age_days=60&weight_kg=5").want(t, http.StatusUnprocessableEntity)
	if got := fieldError(p.Body, "age_days"); got != "与出生日期和测量日期不符（应为 59 天）" {
		t.Errorf("age mismatch: %q", got)
	}
	p = c.get("/calculators/growth?sex=male&birth_date=2026-03-01&date=2026-01-01&weight_kg=5").want(t, http.StatusUnprocessableEntity)
	if got := fieldError(p.Body, "birth_date"); got != "晚于测量日期" {
		t.Errorf("birth after measurement: %q", got)
	}
	p = c.get("/calculators/growth?sex=male&age_days=100").want(t, http.StatusUnprocessableEntity)
	p.contains(t, "请至少填写一项测量值。")

	c.english()
	en := c.get("/calculators/growth?sex=female&age_days=400&weight_kg=200").want(t, http.StatusUnprocessableEntity)
	if msg := fieldError(en.Body, "weight_kg"); msg != "is implausibly large (more than 80)" {
		t.Errorf("English weight message %q", msg)
	}
	en.contains(t, "Please correct the following:", "Weight (kg)")
}

// A child born 2026-05-01, checked on 2026-09-30 (4 months 29 days) with
// only the HepB birth dose. Schedule: docs/domain-reference.md §6.2 (minimum ages:
// BCG and HepB 1 at birth, HepB 2 at 1 month, IPV 1 and DTaP 1 at 2
// months, IPV 2 at 3 months, bOPV 3 and DTaP 2 at 4 months; HepB 3 at 6
// months) and §6.3 (BCG complete before 3 months, so overdue from
// 2026-08-01); the 2026 edition is in force from 2026-06-17 (§6.1).
func TestImmunizationCalculator(t *testing.T) {
	c := calcClient(t)
	form := c.get("/calculators/immunization").want(t, http.StatusOK)
	form.contains(t, `name="birth_date"`, `name="vaccine_7"`, `name="date_7"`, `<option value="HepB">乙肝疫苗 HepB</option>`).lacks(t, `name="vaccine_8"`)
	if v := inputValue(form.Body, "as_of"); v != "2026-09-30" {
		t.Errorf("as-of date starts as %q, want today", v)
	}

	q := url.Values{"birth_date": {"2026-05-01"}, "as_of": {"2026-09-30"}, "sex": {""},
		"vaccine_0": {"HepB"}, "dose_0": {"1"}, "date_0": {"2026-05-01"}, "vaccine_1": {""}, "dose_1": {""}, "date_1": {""}}
	p := c.get("/calculators/immunization?"+q.Encode()).want(t, http.StatusOK)
	p.contains(t, "国家免疫规划疫苗儿童免疫程序及说明（2026年版）", "2026-06-17 起施行", "需补种 7 剂疫苗：")
	hepB := rowsOf(p.Body, "乙肝疫苗")
	if len(hepB) < 3 || strings.Join(hepB[0], "|") != "第 1 剂|2026-05-01|2026-05-03|已接种|2026-05-01|" {
		t.Fatalf("HepB rows %q", hepB)
	}
	if hepB[1][0] != "第 2 剂" || hepB[1][3] != "应接种" || hepB[2][3] != "未到时间" {
		t.Errorf("HepB 2 and 3: %q", hepB[1:])
	}
	if bcg := rowsOf(p.Body, "卡介苗"); len(bcg) != 1 || bcg[0][2] != "2026-08-01" || bcg[0][3] != "已逾期" {
		t.Errorf("BCG row %q", bcg)
	}
	catchUp := regexp.MustCompile(`(?s)<ul class="catch-up">(.*?)</ul>`).FindStringSubmatch(p.Body)
	if catchUp == nil {
		t.Fatal("no catch-up list")
	}
	items := strings.Count(catchUp[1], "<li>")
	text := html.UnescapeString(tagRe.ReplaceAllString(catchUp[1], " "))
	for _, want := range []string{"卡介苗 BCG 第 1 剂", "乙肝疫苗 HepB 第 2 剂", "脊灰灭活疫苗 IPV 第 1 剂", "脊灰灭活疫苗 IPV 第 2 剂",
		"脊灰减毒活疫苗 bOPV 第 3 剂", "百白破疫苗 DTaP 第 1 剂", "百白破疫苗 DTaP 第 2 剂"} {
		if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
			t.Errorf("catch-up list lacks %q: %s", want, strings.Join(strings.Fields(text), " "))
		}
	}
	if items != 7 || strings.Contains(text, "乙肝疫苗 HepB 第 3 剂") {
		t.Errorf("catch-up list has %d doses, want 7 (HepB 3 is not due before 6 months)", items)
	}
	p.contains(t, `class="badge v-overdue"`, `class="badge v-done"`).lacks(t, " style=", "<script>", "calc.")
	// The rows are kept, with spare ones after them.
	if inputValue(p.Body, "date_0") != "2026-05-01" {
		t.Errorf("the form lost the dose given")
	}

	c.english()
	en := c.get("/calculators/immunization?"+q.Encode()).want(t, http.StatusOK)
	en.contains(t, "National Immunization Programme schedule for children (2026 edition)", "Doses to catch up (7):", "Nursery admission check")
	if hep := rowsOf(en.Body, "hepatitis B vaccine"); len(hep) < 1 || strings.Join(hep[0][:4], "|") != "Dose 1|2026-05-01|2026-05-03|Done" {
		t.Errorf("English HepB 1 row %q", hep)
	}
	en.lacks(t, "calc.", "已接种")
}

// Once every dose due by the age is given, the admission check passes. A
// child born 2026-05-01 checked on 2026-05-20 is due only the birth doses
// (docs/domain-reference.md §6.2: HepB 1 and BCG at birth).
func TestImmunizationCalculatorComplete(t *testing.T) {
	c := calcClient(t)
	q := url.Values{"birth_date": {"2026-05-01"}, "as_of": {"2026-05-20"},
		"vaccine_0": {"HepB"}, "dose_0": {"1"}, "date_0": {"2026-05-01"}, "vaccine_1": {"BCG"}, "dose_1": {"1"}, "date_1": {"2026-05-02"}}
	c.get("/calculators/immunization?"+q.Encode()).want(t, http.StatusOK).contains(t, "已完成按年龄应种的全部疫苗，查验通过。").lacks(t, `class="catch-up"`)
}

func TestImmunizationCalculatorFieldErrors(t *testing.T) {
	c := calcClient(t)
	// HepB has at most 4 doses (the 4-dose programme for low birth weight,
	// docs/domain-reference.md §6.3); a dose cannot be given before birth or after
	// the check; the same dose twice is refused.
	q := url.Values{"birth_date": {"2026-05-01"}, "as_of": {"2026-09-30"},
		"vaccine_0": {"HepB"}, "dose_0": {"1"}, "date_0": {"2026-05-01"},
		"vaccine_2": {"HepB"}, "dose_2": {"9"}, "date_2": {"2026-06-01"},
		"vaccine_3": {"BCG"}, "dose_3": {"1"}, "date_3": {"2026-04-01"},
		"vaccine_4": {"HepB"}, "dose_4": {"1"}, "date_4": {"2026-05-02"},
		"vaccine_5": {"IPV"}, "dose_5": {"1"}, "date_5": {"2026-10-01"}}
	p := c.get("/calculators/immunization?"+q.Encode()).want(t, http.StatusUnprocessableEntity)
	for field, want := range map[string]string{"dose_2": "该疫苗的剂次应为 1–4", "date_3": "早于出生日期",
		"vaccine_4": "与第 1 行重复", "date_5": "晚于查验日期"} {
		if got := fieldError(p.Body, field); got != want {
			t.Errorf("%s: %q, want %q", field, got, want)
		}
	}
	p.contains(t, "第 3 行 · 剂次").lacks(t, `id="result"`)
	if inputValue(p.Body, "dose_2") != "9" {
		t.Errorf("the refused form lost a row")
	}

	// A half-filled row and a missing birth date are caught before the schedule.
	p = c.get("/calculators/immunization?birth_date=&as_of=2026-09-30&vaccine_0=MMR&dose_0=&date_0=2026-09-01").want(t, http.StatusUnprocessableEntity)
	for field, want := range map[string]string{"birth_date": "必填", "dose_0": "必填"} {
		if got := fieldError(p.Body, field); got != want {
			t.Errorf("%s: %q, want %q", field, got, want)
		}
	}

	c.english()
	en := c.get("/calculators/immunization?"+q.Encode()).want(t, http.StatusUnprocessableEntity)
	if got := fieldError(en.Body, "vaccine_4"); got != "repeats row 1" {
		t.Errorf("English duplicate: %q", got)
	}
}

func TestImmunizationCalculatorAddsRows(t *testing.T) {
	c := calcClient(t)
	// "Add rows" keeps what was typed and shows more rows without checking.
	p := c.get("/calculators/immunization?birth_date=2026-05-01&vaccine_0=HepB&dose_0=1&date_0=2026-05-01&rows=12").want(t, http.StatusOK)
	p.contains(t, `name="vaccine_11"`, `name="rows" value="16"`).lacks(t, `name="vaccine_12"`, `id="result"`)
	if inputValue(p.Body, "date_0") != "2026-05-01" {
		t.Errorf("adding rows lost a dose")
	}
	// Rows past the eighth are read, and four spare rows follow the last one filled.
	p = c.get("/calculators/immunization?birth_date=2026-05-01&as_of=2026-09-30&vaccine_10=HepB&dose_10=1&date_10=2026-05-01").want(t, http.StatusOK)
	p.contains(t, `name="vaccine_14"`).lacks(t, `name="vaccine_15"`)
	if hep := rowsOf(p.Body, "乙肝疫苗"); len(hep) < 1 || hep[0][3] != "已接种" {
		t.Errorf("a dose in row 11 was not counted: %q", hep)
	}
}

func ptrInt(n int) *int           { return &n }
func ptrFloat(f float64) *float64 { return &f }
