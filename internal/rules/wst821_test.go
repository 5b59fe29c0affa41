package rules

import (
	"encoding/json"
	"errors"
	"testing"
)

// WS/T 821—2023 dimensions and points, docs/domain-reference.md §4.1:
// 办托条件 100, 托育队伍 140, 保育照护 200, 卫生保健 210, 养育支持 80,
// 安全保障 200, 机构管理 70; total 1000.
func TestDefaultTemplate(t *testing.T) {
	tpl, err := DefaultTemplate()
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id, name string
		points   int
	}{
		{"4", "办托条件", 100}, {"5", "托育队伍", 140}, {"6", "保育照护", 200}, {"7", "卫生保健", 210},
		{"8", "养育支持", 80}, {"9", "安全保障", 200}, {"10", "机构管理", 70},
	}
	if len(tpl.Dimensions) != len(want) {
		t.Fatalf("%d dimensions, want 7", len(tpl.Dimensions))
	}
	sum := 0
	for i, w := range want {
		d := tpl.Dimensions[i]
		if d.ID != w.id || d.Name != w.name || d.Points != w.points {
			t.Errorf("dimension %d = %s %s %d, want %s %s %d", i, d.ID, d.Name, d.Points, w.id, w.name, w.points)
		}
		sum += d.Points
	}
	if sum != 1000 || tpl.TotalPoints != 1000 {
		t.Errorf("points sum %d, total %d; want 1000", sum, tpl.TotalPoints)
	}
	// What the reference does not confirm stays marked: unscored items, no
	// veto items, placeholder grades (docs/domain-reference.md §14).
	if tpl.GradesConfirmed {
		t.Error("grade cut-offs marked confirmed")
	}
	if tpl.VetoItemsExpected != 16 {
		t.Errorf("veto items expected = %d, want 16", tpl.VetoItemsExpected)
	}
	for _, d := range tpl.Dimensions {
		for _, it := range d.Items {
			if it.Veto || it.Points != 0 {
				t.Errorf("item %s has points or veto the reference does not give", it.ID)
			}
			if it.Source == "" || it.Title == "" || it.TitleEN == "" {
				t.Errorf("item %s lacks title or source", it.ID)
			}
		}
	}
	// Every §4.2 clause the reference lists is present.
	ids := map[string]bool{}
	for _, d := range tpl.Dimensions {
		for _, it := range d.Items {
			ids[it.ID] = true
		}
	}
	for _, c := range []string{"4.1", "4.1.4", "5.1", "5.1.5", "5.2.1", "7.2.1", "7.2.3", "7.3.1", "7.3.3", "7.4.3", "9.3.1", "9.3.2", "9.4.3", "9.5.2", "9.7.1", "10.4"} {
		if !ids[c] {
			t.Errorf("clause %s missing", c)
		}
	}
}

func dimensionAnswers(points ...float64) []Answer {
	ids := []string{"4", "5", "6", "7", "8", "9", "10"}
	out := make([]Answer, len(points))
	for i, p := range points {
		out[i] = Answer{ID: ids[i], Points: p}
	}
	return out
}

// answersTotalling gives every dimension full marks, then takes the
// shortfall from the dimensions in order.
func answersTotalling(tpl Template, total float64) []Answer {
	short := float64(tpl.TotalPoints) - total
	var out []Answer
	for _, d := range tpl.Dimensions {
		take := min(short, float64(d.Points))
		short -= take
		out = append(out, Answer{ID: d.ID, Points: float64(d.Points) - take})
	}
	return out
}

func TestScoreDefaultTemplate(t *testing.T) {
	tpl, _ := DefaultTemplate()
	full := dimensionAnswers(100, 140, 200, 210, 80, 200, 70)
	a, err := Score(tpl, full)
	if err != nil {
		t.Fatal(err)
	}
	if a.Total != 1000 || a.MaxTotal != 1000 || !a.Complete || a.Grade != "A" || a.GradeConfirmed || a.Vetoed {
		t.Errorf("full marks: %+v", a)
	}
	if len(a.Dimensions) != 7 || a.Dimensions[3].Awarded != 210 || a.Dimensions[3].Max != 210 {
		t.Errorf("dimension scores: %+v", a.Dimensions)
	}
	// Grades from the placeholder cut-offs 900/750/600/0, at and around each.
	for _, tc := range []struct {
		total float64
		grade string
	}{{900, "A"}, {899.5, "B"}, {750, "B"}, {749, "C"}, {600, "C"}, {599, "D"}, {0, "D"}} {
		ans := answersTotalling(tpl, tc.total)
		a, err := Score(tpl, ans)
		if err != nil {
			t.Fatalf("total %v: %v", tc.total, err)
		}
		if diff := a.Total - tc.total; diff > 1e-9 || diff < -1e-9 || a.Grade != tc.grade {
			t.Errorf("total %v: got total %v grade %q, want %q", tc.total, a.Total, a.Grade, tc.grade)
		}
	}
	// Incomplete: no grade.
	a, _ = Score(tpl, full[:6])
	if a.Complete || a.Grade != "" || len(a.Unanswered) != 1 || a.Unanswered[0] != "10" || a.Total != 930 {
		t.Errorf("incomplete: %+v", a)
	}
}

// A template with scored items and two veto items, as a deployment would
// load from the official table.
func vetoTemplate(t *testing.T) Template {
	t.Helper()
	tpl, _ := DefaultTemplate()
	d := &tpl.Dimensions[8-4+1] // "9" 安全保障, 200 points
	if d.ID != "9" {
		t.Fatalf("dimension index: %s", d.ID)
	}
	d.Items = []Item{
		{ID: "9.4.3", Clause: "9.4.3", Title: "视频监控", TitleEN: "CCTV", Points: 150, Veto: true, Confidence: "U", Source: "test"},
		{ID: "9.7.1", Clause: "9.7.1", Title: "责任保险", TitleEN: "insurance", Points: 50, Confidence: "U", Source: "test"},
		{ID: "9.x.veto", Clause: "9.x", Title: "否决项", TitleEN: "veto only", Points: 0, Veto: true, Confidence: "U", Source: "test"},
	}
	if err := tpl.Validate(); err != nil {
		t.Fatal(err)
	}
	return tpl
}

func TestScoreVeto(t *testing.T) {
	tpl := vetoTemplate(t)
	base := []Answer{{ID: "4", Points: 100}, {ID: "5", Points: 140}, {ID: "6", Points: 200}, {ID: "7", Points: 210},
		{ID: "8", Points: 80}, {ID: "10", Points: 70}, {ID: "9.4.3", Points: 150}, {ID: "9.7.1", Points: 50}, {ID: "9.x.veto"}}
	a, err := Score(tpl, base)
	if err != nil {
		t.Fatal(err)
	}
	if a.Total != 1000 || a.Grade != "A" || a.Vetoed {
		t.Errorf("all met: %+v", a)
	}
	failed := append([]Answer(nil), base...)
	failed[8].Failed = true
	a, _ = Score(tpl, failed)
	if !a.Vetoed || a.Grade != "D" || a.Total != 1000 || len(a.VetoFailures) != 1 || a.VetoFailures[0] != "9.x.veto" {
		t.Errorf("veto failed at full marks: %+v", a)
	}
	// An unanswered veto item leaves the assessment incomplete.
	a, _ = Score(tpl, base[:8])
	if a.Complete || a.Grade != "" || len(a.Unanswered) != 1 || a.Unanswered[0] != "9.x.veto" {
		t.Errorf("veto unanswered: %+v", a)
	}
	for _, tc := range []struct {
		ans    Answer
		field  string
		target error
	}{
		{Answer{ID: "9", Points: 10}, "answers[0].id", ErrNotScored},
		{Answer{ID: "9.7.1", Points: 51}, "answers[0].points", ErrOutOfRange},
		{Answer{ID: "9.7.1", Failed: true}, "answers[0].failed", ErrNotVeto},
		{Answer{ID: "9.x.veto", Points: 1}, "answers[0].points", ErrNotScored},
		{Answer{ID: "4", Points: 101}, "answers[0].points", ErrOutOfRange},
		{Answer{ID: "4", Points: -1}, "answers[0].points", ErrOutOfRange},
		{Answer{ID: "4", Failed: true}, "answers[0].failed", ErrNotVeto},
		{Answer{ID: "11"}, "answers[0].id", ErrUnknownClause},
	} {
		_, err := Score(tpl, []Answer{tc.ans})
		wantField(t, err, tc.field, tc.target)
	}
	_, err = Score(tpl, []Answer{{ID: "4"}, {ID: "4"}})
	wantField(t, err, "answers[1].id", ErrDuplicate)
}

func TestTemplateValidation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*Template)
		field string
	}{
		{"dimensions off by one", func(t *Template) { t.Dimensions[0].Points = 99 }, "dimensions"},
		{"items do not fill their dimension", func(t *Template) { t.Dimensions[0].Items[0].Points = 10 }, "dimensions[0].items"},
		{"duplicate item", func(t *Template) { t.Dimensions[1].Items[1].ID = "4.1" }, "dimensions[1].items[1].id"},
		{"grades not descending", func(t *Template) { t.Grades[1].MinPoints = 950 }, "grades[1].min_points"},
		{"lowest grade above 0", func(t *Template) { t.Grades[3].MinPoints = 100 }, "grades[3].min_points"},
		{"veto grade unknown", func(t *Template) { t.VetoGrade = "E" }, "veto_grade"},
		{"bad confidence", func(t *Template) { t.Dimensions[2].Confidence = "X" }, "dimensions[2].confidence"},
		{"unknown rule", func(t *Template) { t.Dimensions[0].Items[2].RuleIDs = []string{"nope"} }, "dimensions[0].items[2].rule_ids[0]"},
	} {
		tpl, _ := DefaultTemplate()
		tc.edit(&tpl)
		err := tpl.Validate()
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s: %v", tc.name, err)
		}
		if _, err := Score(tpl, nil); err == nil {
			t.Errorf("%s: Score accepted an invalid template", tc.name)
		}
	}
	// A deployment can set confirmed cut-offs through JSON.
	tpl, _ := DefaultTemplate()
	tpl.Grades = []GradeThreshold{{"A", 850}, {"B", 700}, {"C", 0}}
	tpl.GradesConfirmed, tpl.VetoGrade = true, "C"
	data, _ := json.Marshal(tpl)
	back, err := ParseTemplate(data)
	if err != nil || !back.GradesConfirmed || back.Grades[0].MinPoints != 850 {
		t.Errorf("round trip: %+v, %v", back.Grades, err)
	}
	if _, err := ParseTemplate([]byte("{")); err == nil {
		t.Error("bad JSON accepted")
	}
}
