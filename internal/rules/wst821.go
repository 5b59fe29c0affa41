package rules

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
)

// wst821JSON is the WS/T 821—2023 template; its "note" field says where it
// comes from and what is unconfirmed.
//
//go:embed wst821.json
var wst821JSON []byte

// Template is a quality-assessment template: dimensions with their points,
// items within them, grade cut-offs and the veto grade. The shipped one is
// DefaultTemplate; a deployment that has the official item table loads its
// own with ParseTemplate.
type Template struct {
	Note              string           `json:"note"`
	Standard          string           `json:"standard"`
	Source            string           `json:"source"`
	TotalPoints       int              `json:"total_points"`
	Dimensions        []Dimension      `json:"dimensions"`
	Grades            []GradeThreshold `json:"grades"` // highest first
	GradesConfirmed   bool             `json:"grades_confirmed"`
	GradesSource      string           `json:"grades_source"`
	VetoGrade         string           `json:"veto_grade"`
	VetoGradeSource   string           `json:"veto_grade_source"`
	VetoItemsExpected int              `json:"veto_items_expected"`
	VetoSource        string           `json:"veto_source"`
}

// Dimension is one of the assessment's dimensions (维度).
type Dimension struct {
	ID         string `json:"id"` // the chapter number, "4" … "10"
	Name       string `json:"name"`
	NameEN     string `json:"name_en"`
	Points     int    `json:"points"`
	Confidence string `json:"confidence"`
	Items      []Item `json:"items"`
}

// Item is one indicator. Points 0 means the item is not scored on its own
// (its points are unknown), and the dimension is then scored as a whole.
// A veto item (一票否决) that fails sets the grade to the veto grade.
type Item struct {
	ID         string   `json:"id"`
	Clause     string   `json:"clause"`
	Title      string   `json:"title"`
	TitleEN    string   `json:"title_en"`
	Points     int      `json:"points"`
	Veto       bool     `json:"veto"`
	Confidence string   `json:"confidence"`
	Source     string   `json:"source"`
	RuleIDs    []string `json:"rule_ids,omitempty"` // rules of this package that test the item
}

// GradeThreshold: a total of MinPoints or more earns Grade.
type GradeThreshold struct {
	Grade     string `json:"grade"`
	MinPoints int    `json:"min_points"`
}

// DefaultTemplate returns the WS/T 821—2023 template as far as the reference
// gives it: 7 dimensions and 1,000 points, the known items unscored, no veto
// items marked, placeholder grade cut-offs (GradesConfirmed false).
func DefaultTemplate() (Template, error) { return ParseTemplate(wst821JSON) }

// ParseTemplate decodes and validates a template.
func ParseTemplate(data []byte) (Template, error) {
	var t Template
	if err := json.Unmarshal(data, &t); err != nil {
		return Template{}, fieldErr("template", err)
	}
	if err := t.Validate(); err != nil {
		return Template{}, err
	}
	return t, nil
}

func knownConfidence(c string) bool { return c == "C" || c == "S" || c == "U" }

// Scored reports whether the dimension's items carry points of their own.
func (d Dimension) Scored() bool {
	for _, it := range d.Items {
		if it.Points > 0 {
			return true
		}
	}
	return false
}

// Validate checks that the dimensions add up to the total, that scored items
// add up to their dimension, that IDs are unique, and that the grades are
// ordered and include the veto grade.
func (t Template) Validate() error {
	if t.TotalPoints <= 0 {
		return fieldErr("total_points", ErrOutOfRange)
	}
	if len(t.Dimensions) == 0 {
		return fieldErr("dimensions", ErrRequired)
	}
	knownRules := map[string]bool{}
	for _, r := range Rules() {
		knownRules[r.ID] = true
	}
	ids := map[string]bool{}
	sum := 0
	for i, d := range t.Dimensions {
		p := fmt.Sprintf("dimensions[%d]", i)
		switch {
		case d.ID == "":
			return fieldErr(p+".id", ErrRequired)
		case ids[d.ID]:
			return fieldErr(p+".id", ErrDuplicate)
		case d.Points <= 0:
			return fieldErr(p+".points", ErrOutOfRange)
		case !knownConfidence(d.Confidence):
			return fieldErr(p+".confidence", ErrInvalidConfidence)
		}
		ids[d.ID] = true
		sum += d.Points
		itemSum := 0
		for j, it := range d.Items {
			q := fmt.Sprintf("%s.items[%d]", p, j)
			switch {
			case it.ID == "":
				return fieldErr(q+".id", ErrRequired)
			case ids[it.ID]:
				return fieldErr(q+".id", ErrDuplicate)
			case it.Points < 0:
				return fieldErr(q+".points", ErrOutOfRange)
			case !knownConfidence(it.Confidence):
				return fieldErr(q+".confidence", ErrInvalidConfidence)
			}
			for k, r := range it.RuleIDs {
				if !knownRules[r] {
					return fieldErr(fmt.Sprintf("%s.rule_ids[%d]", q, k), ErrUnknownRule)
				}
			}
			ids[it.ID] = true
			itemSum += it.Points
		}
		if d.Scored() && itemSum != d.Points {
			return fieldErr(p+".items", ErrTemplateTotal)
		}
	}
	if sum != t.TotalPoints {
		return fieldErr("dimensions", ErrTemplateTotal)
	}
	if len(t.Grades) == 0 {
		return fieldErr("grades", ErrRequired)
	}
	grades := map[string]bool{}
	for i, g := range t.Grades {
		p := fmt.Sprintf("grades[%d]", i)
		switch {
		case g.Grade == "":
			return fieldErr(p+".grade", ErrRequired)
		case grades[g.Grade]:
			return fieldErr(p+".grade", ErrDuplicate)
		case g.MinPoints < 0 || g.MinPoints > t.TotalPoints:
			return fieldErr(p+".min_points", ErrOutOfRange)
		case i > 0 && g.MinPoints >= t.Grades[i-1].MinPoints:
			return fieldErr(p+".min_points", ErrOutOfRange)
		}
		grades[g.Grade] = true
	}
	if t.Grades[len(t.Grades)-1].MinPoints != 0 {
		// Every total must earn some grade.
		return fieldErr(fmt.Sprintf("grades[%d].min_points", len(t.Grades)-1), ErrOutOfRange)
	}
	if !grades[t.VetoGrade] {
		return fieldErr("veto_grade", ErrOutOfRange)
	}
	return nil
}

// Answer is the assessor's result for one item or, in a dimension whose
// items are not scored, for the whole dimension. Failed marks a veto item
// as not met.
type Answer struct {
	ID     string
	Points float64
	Failed bool
}

// DimensionScore is one dimension's result.
type DimensionScore struct {
	ID      string
	Name    string
	Max     int
	Awarded float64
}

// Assessment is the result of Score.
type Assessment struct {
	Dimensions   []DimensionScore
	Total        float64
	MaxTotal     int
	VetoFailures []string // IDs of failed veto items
	Vetoed       bool
	// Unanswered lists what still needs an answer: scored items, or whole
	// dimensions whose items are unscored, and every veto item.
	Unanswered []string
	Complete   bool
	// Grade is empty until the assessment is complete; a failed veto item
	// gives the template's VetoGrade whatever the total.
	Grade          string
	GradeConfirmed bool // false while the cut-offs are placeholders
}

// Score totals an assessment per dimension, records veto failures and
// grades it by the template's cut-offs.
func Score(t Template, answers []Answer) (Assessment, error) {
	if err := t.Validate(); err != nil {
		return Assessment{}, err
	}
	type target struct {
		dim  int
		item *Item
	}
	targets := map[string]target{}
	for i := range t.Dimensions {
		d := &t.Dimensions[i]
		targets[d.ID] = target{dim: i}
		for j := range d.Items {
			targets[d.Items[j].ID] = target{dim: i, item: &d.Items[j]}
		}
	}
	given := map[string]Answer{}
	for i, a := range answers {
		p := fmt.Sprintf("answers[%d]", i)
		tg, ok := targets[a.ID]
		switch {
		case !ok:
			return Assessment{}, fieldErr(p+".id", ErrUnknownClause)
		case given[a.ID].ID != "":
			return Assessment{}, fieldErr(p+".id", ErrDuplicate)
		case math.IsNaN(a.Points) || a.Points < 0:
			return Assessment{}, fieldErr(p+".points", ErrOutOfRange)
		}
		d := t.Dimensions[tg.dim]
		if tg.item == nil {
			if d.Scored() {
				return Assessment{}, fieldErr(p+".id", ErrNotScored)
			}
			if a.Points > float64(d.Points) {
				return Assessment{}, fieldErr(p+".points", ErrOutOfRange)
			}
			if a.Failed {
				return Assessment{}, fieldErr(p+".failed", ErrNotVeto)
			}
		} else {
			if a.Points > float64(tg.item.Points) {
				if tg.item.Points == 0 {
					return Assessment{}, fieldErr(p+".points", ErrNotScored)
				}
				return Assessment{}, fieldErr(p+".points", ErrOutOfRange)
			}
			if a.Failed && !tg.item.Veto {
				return Assessment{}, fieldErr(p+".failed", ErrNotVeto)
			}
		}
		given[a.ID] = a
	}

	as := Assessment{MaxTotal: t.TotalPoints, GradeConfirmed: t.GradesConfirmed}
	for _, d := range t.Dimensions {
		ds := DimensionScore{ID: d.ID, Name: d.Name, Max: d.Points}
		scored := d.Scored()
		if !scored {
			if a, ok := given[d.ID]; ok {
				ds.Awarded = a.Points
			} else {
				as.Unanswered = append(as.Unanswered, d.ID)
			}
		}
		for _, it := range d.Items {
			a, ok := given[it.ID]
			if !ok {
				if (scored && it.Points > 0) || it.Veto {
					as.Unanswered = append(as.Unanswered, it.ID)
				}
				continue
			}
			ds.Awarded += a.Points
			if a.Failed {
				as.VetoFailures = append(as.VetoFailures, it.ID)
			}
		}
		as.Total += ds.Awarded
		as.Dimensions = append(as.Dimensions, ds)
	}
	as.Vetoed = len(as.VetoFailures) > 0
	as.Complete = len(as.Unanswered) == 0
	if as.Complete {
		if as.Vetoed {
			as.Grade = t.VetoGrade
		} else {
			for _, g := range t.Grades {
				if as.Total >= float64(g.MinPoints) {
					as.Grade = g.Grade
					break
				}
			}
		}
	}
	return as, nil
}
