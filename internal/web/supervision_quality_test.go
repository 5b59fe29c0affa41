package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"tuoyu/internal/rules"
	"tuoyu/internal/supervision"
	"tuoyu/internal/testkit"
)

// dimensionMarks answers every dimension of the shipped WS/T 821 template
// with a share of its points.
func dimensionMarks(t *testing.T, share float64) []supervision.QualityAnswer {
	t.Helper()
	tpl, err := rules.DefaultTemplate()
	if err != nil {
		t.Fatal(err)
	}
	var out []supervision.QualityAnswer
	for _, d := range tpl.Dimensions {
		out = append(out, supervision.QualityAnswer{ID: d.ID, Points: float64(d.Points) * share, Evidence: "现场查看"})
	}
	return out
}

func TestSupervisionQualityPages(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newSvFixture(t, b)
			qa, err := f.app.Supervision.SubmitSelfAssessment(f.ctx(), actor(f.director), f.inst.ID, 2026, supervision.StageInput{Answers: dimensionMarks(t, 0.9)})
			if err != nil {
				t.Fatal(err)
			}
			path := "/supervision/quality/" + itoa(qa.ID)
			baota := f.client()
			baota.login("baota")
			baota.get("/supervision/quality?year=2026").want(t, http.StatusOK).contains(t, "宝塔区阳光托育中心", "待县级评估")
			baota.get("/supervision/quality?status=bogus").want(t, http.StatusUnprocessableEntity)
			baota.get(path).want(t, http.StatusOK).contains(t, "机构自评", "待县级评估")
			if x := baota.get("/supervision/quality.xlsx").want(t, http.StatusOK); !strings.HasPrefix(x.Body, "PK") {
				t.Fatal("quality export is not a workbook")
			}
			// In English too: long or slashed titles still make valid sheet names.
			baota.get("/lang?to=en&back=/")
			for _, x := range []string{"/supervision/quality.xlsx", "/supervision/registrations.xlsx", "/supervision/findings.xlsx"} {
				if got := baota.get(x).want(t, http.StatusOK); !strings.HasPrefix(got.Body, "PK") {
					t.Fatalf("%s in English is not a workbook", x)
				}
			}
			dir := f.client()
			dir.login("director1")
			dir.get(path).want(t, http.StatusOK)
			other := f.client()
			other.login("director2")
			other.get(path).want(t, http.StatusNotFound)
			other.get("/supervision/quality").want(t, http.StatusOK).lacks(t, "宝塔区阳光托育中心")
			ansai := f.client()
			ansai.login("ansai")
			ansai.get(path).want(t, http.StatusNotFound)
		})
	}
}

func TestSupervisionQualityScoringPages(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newSvFixture(t, b)
			dir := f.client()
			dir.login("director1")
			self := "/institutions/" + itoa(f.inst.ID) + "/quality/2026"
			form := dir.get(self).want(t, http.StatusOK)
			marks := dimensionMarks(t, 0.9)
			if !strings.Contains(form.Body, `name="points.`+marks[0].ID+`"`) {
				t.Fatalf("no points input for dimension %s", marks[0].ID)
			}
			values := url.Values{}
			for _, m := range marks[:2] {
				values.Set("points."+m.ID, strconv.FormatFloat(m.Points, 'f', 1, 64))
			}
			dir.post(self, values).want(t, http.StatusUnprocessableEntity)
			for _, m := range marks {
				values.Set("points."+m.ID, strconv.FormatFloat(m.Points, 'f', 1, 64))
				values.Set("evidence."+m.ID, "现场查看")
			}
			done := dir.post(self, values).want(t, http.StatusSeeOther)
			path := strings.Split(done.Header.Get("Location"), "?")[0]
			dir.get(path).want(t, http.StatusOK).contains(t, "机构自评", "待县级评估")
			other := f.client()
			other.login("director2")
			other.get(self).want(t, http.StatusNotFound)

			baota := f.client()
			baota.login("baota")
			baota.get(path).contains(t, `href="`+path+`/county"`)
			baota.get(path+"/county").want(t, http.StatusOK)
			baota.post(path+"/county", values).want(t, http.StatusSeeOther)
			baota.get(path).contains(t, "县级评估", "待市级复核")
			city := f.client()
			city.login("yanan")
			city.post(path+"/city", url.Values{"note": {"同意县级评估"}}).want(t, http.StatusSeeOther)
			city.get(path).contains(t, "市级复核", "已完成")
		})
	}
}
