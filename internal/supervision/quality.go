package supervision

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/rules"
	"tuoyu/internal/store"
)

// Quality assessment stages (WS/T 821—2023): the director's self-assessment,
// the county's assessment, the city's review; then done.
const (
	StageSelf   = "self"
	StageCounty = "county"
	StageCity   = "city"
	StageDone   = "done"
)

// QualityStatuses lists the states of an assessment: the stage awaited, or done.
var QualityStatuses = []string{StageSelf, StageCounty, StageCity, StageDone}

// QualityTemplate is a version of the assessment template the city sets:
// dimensions, items with points and veto flags, grade cut-offs. Version 0
// is the shipped WS/T 821 template, not yet stored.
type QualityTemplate struct {
	ID        int64          `json:"id"`
	Version   int            `json:"version"`
	Template  rules.Template `json:"template"`
	Note      string         `json:"note"`
	CreatedAt time.Time      `json:"created_at,omitzero"`
}

// GradeNames are the template's grades, best first.
func (t QualityTemplate) GradeNames() []string {
	out := make([]string, len(t.Template.Grades))
	for i, g := range t.Template.Grades {
		out[i] = g.Grade
	}
	return out
}

// gradeRank is a grade's place, best first (-1 for an unknown grade).
func (t QualityTemplate) gradeRank(g string) int {
	for i, x := range t.Template.Grades {
		if x.Grade == g {
			return i
		}
	}
	return -1
}

// currentTemplate is the newest stored template, else the shipped one.
func currentTemplate(ctx context.Context, q store.Q) (QualityTemplate, error) {
	var t QualityTemplate
	var body string
	err := q.QueryRow(ctx, "SELECT id, version, body, note, created_at FROM quality_templates ORDER BY version DESC LIMIT 1").
		Scan(&t.ID, &t.Version, &body, &t.Note, &t.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		def, err := rules.DefaultTemplate()
		return QualityTemplate{Template: def, Note: def.Note}, err
	}
	if err != nil {
		return t, err
	}
	t.CreatedAt = t.CreatedAt.UTC()
	t.Template, err = rules.ParseTemplate([]byte(body))
	return t, err
}

func qualityTemplateByID(ctx context.Context, q store.Q, id int64) (QualityTemplate, error) {
	var t QualityTemplate
	var body string
	err := q.QueryRow(ctx, "SELECT id, version, body, note, created_at FROM quality_templates WHERE id = ?", id).
		Scan(&t.ID, &t.Version, &body, &t.Note, &t.CreatedAt)
	if err != nil {
		return t, noRows(err, "quality template")
	}
	t.CreatedAt = t.CreatedAt.UTC()
	t.Template, err = rules.ParseTemplate([]byte(body))
	return t, err
}

// storedTemplate returns the current template, storing the shipped one as
// version 1 the first time an assessment needs it.
func (s *Service) storedTemplate(ctx context.Context, q store.Q, a authz.Actor) (QualityTemplate, error) {
	t, err := currentTemplate(ctx, q)
	if err != nil || t.ID != 0 {
		return t, err
	}
	return s.insertTemplate(ctx, q, a, t.Template, 1, t.Note)
}

func (s *Service) insertTemplate(ctx context.Context, q store.Q, a authz.Actor, tpl rules.Template, version int, note string) (QualityTemplate, error) {
	body, err := json.Marshal(tpl)
	if err != nil {
		return QualityTemplate{}, err
	}
	now := s.now().UTC()
	id, err := q.Insert(ctx, "INSERT INTO quality_templates (version, body, note, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
		version, string(body), note, userRef(a), now)
	if err != nil {
		return QualityTemplate{}, err
	}
	if err := s.audit(ctx, q, a, ActionQualityTemplate, "quality_template", id, "", 0, map[string]any{"version": version, "note": note}); err != nil {
		return QualityTemplate{}, err
	}
	return QualityTemplate{ID: id, Version: version, Template: tpl, Note: note, CreatedAt: now}, nil
}

// CurrentQualityTemplate returns the template new assessments use.
func (s *Service) CurrentQualityTemplate(ctx context.Context, a authz.Actor) (QualityTemplate, error) {
	if err := a.Require(authz.QualityView); err != nil {
		return QualityTemplate{}, err
	}
	return currentTemplate(ctx, s.db.Read())
}

// TemplateInput is a new version of the template: the rules package's JSON
// shape, and a note saying what changed and on which source.
type TemplateInput struct {
	Template json.RawMessage `json:"template"`
	Note     string          `json:"note"`
}

// SaveQualityTemplate stores a new version of the template (the city's
// job). Assessments keep the version they were started with.
func (s *Service) SaveQualityTemplate(ctx context.Context, a authz.Actor, in TemplateInput) (QualityTemplate, error) {
	if err := a.Require(authz.QualityReview); err != nil {
		return QualityTemplate{}, err
	}
	in.Note = strings.TrimSpace(in.Note)
	p := domain.Problems{}
	if in.Note == "" {
		p.Add("note", domain.ReasonRequired)
	} else if utf8.RuneCountInString(in.Note) > 1000 {
		p.Add("note", domain.ReasonTooLong)
	}
	tpl, err := rules.ParseTemplate(in.Template)
	if err != nil {
		p.Add("template", "template_invalid")
	}
	if err := p.Err(); err != nil {
		return QualityTemplate{}, err
	}
	var out QualityTemplate
	err = s.db.Tx(ctx, func(q store.Q) error {
		cur, err := currentTemplate(ctx, q)
		if err != nil {
			return err
		}
		out, err = s.insertTemplate(ctx, q, a, tpl, max(cur.Version, 0)+1, in.Note)
		return err
	})
	return out, err
}

// QualityAnswer is the assessor's result for an item (or a whole dimension
// whose items carry no points of their own), with the evidence seen.
type QualityAnswer struct {
	ID       string  `json:"id"`
	Points   float64 `json:"points"`
	Failed   bool    `json:"failed,omitempty"` // a veto item not met
	Evidence string  `json:"evidence,omitempty"`
}

// StageResult is one stage's scoring.
type StageResult struct {
	Stage     string          `json:"stage"`
	Answers   []QualityAnswer `json:"answers"`
	Total     float64         `json:"total"`
	Grade     string          `json:"grade"`
	Vetoed    bool            `json:"vetoed"`
	Note      string          `json:"note"`
	EnteredAt time.Time       `json:"entered_at"`
	// Dimensions are the stage's totals per dimension.
	Dimensions []rules.DimensionScore `json:"dimensions"`
}

// QualityAssessment is an institution's assessment for a year.
type QualityAssessment struct {
	ID              int64         `json:"id"`
	InstitutionID   int64         `json:"institution_id"`
	InstitutionName string        `json:"institution_name"`
	RegionCode      string        `json:"region_code"`
	Year            int           `json:"year"`
	TemplateID      int64         `json:"template_id"`
	TemplateVersion int           `json:"template_version"`
	Status          string        `json:"status"`
	Total           *float64      `json:"total,omitempty"`
	Grade           string        `json:"grade"`
	GradeConfirmed  bool          `json:"grade_confirmed"` // false while the cut-offs are placeholders
	CompletedOn     civil.Date    `json:"completed_on,omitzero"`
	Stages          []StageResult `json:"stages,omitempty"`
	UpdatedAt       time.Time     `json:"updated_at"`
}

// StageInput is a stage's answers and note. The city may send no answers
// to confirm the county's scoring.
type StageInput struct {
	Answers []QualityAnswer `json:"answers"`
	Note    string          `json:"note"`
}

// score checks a stage's answers against the template: every item answered,
// points within the item's, evidence not too long.
func score(t QualityTemplate, in StageInput) (rules.Assessment, error) {
	p := domain.Problems{}
	answers := make([]rules.Answer, len(in.Answers))
	for i, x := range in.Answers {
		answers[i] = rules.Answer{ID: strings.TrimSpace(x.ID), Points: x.Points, Failed: x.Failed}
		if utf8.RuneCountInString(x.Evidence) > 1000 {
			p.Add(fmt.Sprintf("answers[%d].evidence", i), domain.ReasonTooLong)
		}
	}
	if utf8.RuneCountInString(in.Note) > 2000 {
		p.Add("note", domain.ReasonTooLong)
	}
	as, err := rules.Score(t.Template, answers)
	var fe *rules.FieldError
	switch {
	case errors.As(err, &fe):
		reason := domain.ReasonNotAllowed
		switch {
		case errors.Is(err, rules.ErrOutOfRange):
			reason = domain.ReasonRange
		case errors.Is(err, rules.ErrDuplicate):
			reason = domain.ReasonDuplicate
		case errors.Is(err, rules.ErrUnknownClause):
			reason = "unknown_item"
		}
		p.Add(fe.Field, reason)
	case err != nil:
		return as, err
	case !as.Complete:
		p.Add("answers", "answers_incomplete")
	}
	return as, p.Err()
}

// SubmitSelfAssessment is the director's self-assessment for a year; it
// starts the assessment (with the current template) and sends it to the county.
func (s *Service) SubmitSelfAssessment(ctx context.Context, a authz.Actor, institutionID int64, year int, in StageInput) (QualityAssessment, error) {
	if err := a.Require(authz.QualitySelf); err != nil {
		return QualityAssessment{}, err
	}
	if year < earliestReviewYear || year > s.today().Year() {
		return QualityAssessment{}, domain.Invalid("year", domain.ReasonRange)
	}
	var id int64
	err := s.db.Tx(ctx, func(q store.Q) error {
		inst, err := q.Institution(ctx, a.Scope(), institutionID)
		if err != nil {
			return err
		}
		if inst.Status != domain.StatusFiled {
			return domain.Conflict("only a filed institution is assessed")
		}
		var status string
		var tplID int64
		err = q.QueryRow(ctx, "SELECT id, status, template_id FROM quality_assessments WHERE institution_id = ? AND year = ?", inst.ID, year).Scan(&id, &status, &tplID)
		var t QualityTemplate
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if t, err = s.storedTemplate(ctx, q, a); err != nil {
				return err
			}
			now := s.now().UTC()
			if id, err = q.Insert(ctx, `INSERT INTO quality_assessments (institution_id, region_code, year, template_id, status, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, inst.ID, inst.RegionCode, year, t.ID, StageSelf, now, now); err != nil {
				return err
			}
		case err != nil:
			return err
		case status != StageSelf:
			return domain.Conflict("the self-assessment has been submitted")
		default:
			if t, err = qualityTemplateByID(ctx, q, tplID); err != nil {
				return err
			}
		}
		return s.enterStage(ctx, q, a, t, id, inst.RegionCode, inst.ID, StageSelf, StageCounty, in, ActionQualitySelf)
	})
	if err != nil {
		return QualityAssessment{}, err
	}
	return s.Assessment(ctx, a, id)
}

// AssessByCounty enters the county's assessment of a self-assessed institution.
func (s *Service) AssessByCounty(ctx context.Context, a authz.Actor, id int64, in StageInput) (QualityAssessment, error) {
	if err := a.Require(authz.QualityAssess); err != nil {
		return QualityAssessment{}, err
	}
	return s.nextStage(ctx, a, id, StageCounty, StageCity, in, ActionQualityCounty)
}

// ReviewByCity is the city's review: its own scoring, or the county's
// confirmed when it sends no answers. The grade it gives is final.
func (s *Service) ReviewByCity(ctx context.Context, a authz.Actor, id int64, in StageInput) (QualityAssessment, error) {
	if err := a.Require(authz.QualityReview); err != nil {
		return QualityAssessment{}, err
	}
	return s.nextStage(ctx, a, id, StageCity, StageDone, in, ActionQualityCity)
}

func (s *Service) nextStage(ctx context.Context, a authz.Actor, id int64, stage, next string, in StageInput, action Action) (QualityAssessment, error) {
	err := s.db.Tx(ctx, func(q store.Q) error {
		as, err := assessmentIn(ctx, q, a.Scope(), id)
		if err != nil {
			return err
		}
		if as.Status != stage {
			return domain.Conflict("the assessment is not at this stage")
		}
		t, err := qualityTemplateByID(ctx, q, as.TemplateID)
		if err != nil {
			return err
		}
		if stage == StageCity && len(in.Answers) == 0 {
			for _, st := range as.Stages {
				if st.Stage == StageCounty {
					in.Answers = st.Answers
				}
			}
		}
		return s.enterStage(ctx, q, a, t, as.ID, as.RegionCode, as.InstitutionID, stage, next, in, action)
	})
	if err != nil {
		return QualityAssessment{}, err
	}
	return s.Assessment(ctx, a, id)
}

func (s *Service) enterStage(ctx context.Context, q store.Q, a authz.Actor, t QualityTemplate, id int64, region string, institution int64,
	stage, next string, in StageInput, action Action) error {
	in.Note = strings.TrimSpace(in.Note)
	res, err := score(t, in)
	if err != nil {
		return err
	}
	answers, err := json.Marshal(in.Answers)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	if _, err := q.Exec(ctx, "DELETE FROM quality_stage_results WHERE assessment_id = ? AND stage = ?", id, stage); err != nil {
		return err
	}
	if _, err := q.Exec(ctx, `INSERT INTO quality_stage_results (assessment_id, stage, answers, total, grade, vetoed, note, entered_by, entered_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, stage, string(answers), res.Total, res.Grade, res.Vetoed, in.Note, userRef(a), now); err != nil {
		return err
	}
	var completed any
	if next == StageDone {
		completed = s.today()
	}
	if _, err := q.Exec(ctx, "UPDATE quality_assessments SET status = ?, total = ?, grade = ?, completed_on = ?, updated_at = ? WHERE id = ?",
		next, res.Total, res.Grade, completed, now, id); err != nil {
		return err
	}
	return s.audit(ctx, q, a, action, "quality_assessment", id, region, institution,
		map[string]any{"total": res.Total, "grade": res.Grade, "vetoed": res.Vetoed, "veto_failures": res.VetoFailures, "next": next})
}

const assessmentColumns = `x.id, x.institution_id, i.name, x.region_code, x.year, x.template_id, t.version, t.body, x.status, x.total, x.grade, x.completed_on, x.updated_at`

func scanAssessment(row interface{ Scan(...any) error }) (QualityAssessment, error) {
	var as QualityAssessment
	var total sql.NullFloat64
	var body string
	err := row.Scan(&as.ID, &as.InstitutionID, &as.InstitutionName, &as.RegionCode, &as.Year, &as.TemplateID, &as.TemplateVersion, &body,
		&as.Status, &total, &as.Grade, &as.CompletedOn, &as.UpdatedAt)
	if err != nil {
		return as, err
	}
	if total.Valid {
		as.Total = &total.Float64
	}
	as.GradeConfirmed = gradesConfirmed(body)
	as.UpdatedAt = as.UpdatedAt.UTC()
	return as, nil
}

const assessmentFrom = ` FROM quality_assessments x JOIN institutions i ON i.id = x.institution_id JOIN quality_templates t ON t.id = x.template_id WHERE `

func assessmentIn(ctx context.Context, q store.Q, scope authz.Scope, id int64) (QualityAssessment, error) {
	where, args := store.ScopeInstitutions(scope, "i")
	as, err := scanAssessment(q.QueryRow(ctx, "SELECT "+assessmentColumns+assessmentFrom+"x.id = ? AND "+where, append([]any{id}, args...)...))
	if err != nil {
		return as, noRows(err, "quality assessment")
	}
	t, err := qualityTemplateByID(ctx, q, as.TemplateID)
	if err != nil {
		return as, err
	}
	rows, err := q.Query(ctx, "SELECT stage, answers, total, grade, vetoed, note, entered_at FROM quality_stage_results WHERE assessment_id = ? ORDER BY entered_at, id", id)
	if err != nil {
		return as, err
	}
	defer rows.Close()
	for rows.Next() {
		var st StageResult
		var answers string
		if err := rows.Scan(&st.Stage, &answers, &st.Total, &st.Grade, &st.Vetoed, &st.Note, &st.EnteredAt); err != nil {
			return as, err
		}
		st.EnteredAt = st.EnteredAt.UTC()
		if err := json.Unmarshal([]byte(answers), &st.Answers); err != nil {
			return as, err
		}
		in := make([]rules.Answer, len(st.Answers))
		for i, x := range st.Answers {
			in[i] = rules.Answer{ID: x.ID, Points: x.Points, Failed: x.Failed}
		}
		if r, err := rules.Score(t.Template, in); err == nil {
			st.Dimensions = r.Dimensions
		}
		as.Stages = append(as.Stages, st)
	}
	return as, rows.Err()
}

// Assessment returns one assessment in scope with its stages.
func (s *Service) Assessment(ctx context.Context, a authz.Actor, id int64) (QualityAssessment, error) {
	if err := a.Require(authz.QualityView); err != nil {
		return QualityAssessment{}, err
	}
	return assessmentIn(ctx, s.db.Read(), a.Scope(), id)
}

// AssessmentFilter narrows the list of assessments.
type AssessmentFilter struct {
	Year          int
	Status        string
	InstitutionID int64
}

// Assessments lists the assessments in scope (without their stages).
func (s *Service) Assessments(ctx context.Context, a authz.Actor, f AssessmentFilter, page domain.Page) ([]QualityAssessment, int, error) {
	if err := a.Require(authz.QualityView); err != nil {
		return nil, 0, err
	}
	if f.Status != "" && !oneOf(f.Status, QualityStatuses) {
		return nil, 0, domain.Invalid("status", domain.ReasonNotAllowed)
	}
	page = page.Normalised()
	where, args := store.ScopeInstitutions(a.Scope(), "i")
	if f.Year != 0 {
		where += " AND x.year = ?"
		args = append(args, f.Year)
	}
	if f.Status != "" {
		where += " AND x.status = ?"
		args = append(args, f.Status)
	}
	if f.InstitutionID != 0 {
		where += " AND x.institution_id = ?"
		args = append(args, f.InstitutionID)
	}
	q := s.db.Read()
	var total int
	if err := q.QueryRow(ctx, "SELECT COUNT(*)"+assessmentFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, "SELECT "+assessmentColumns+assessmentFrom+where+" ORDER BY x.year DESC, x.region_code, i.name, x.id LIMIT ? OFFSET ?",
		append(args, page.PerPage, page.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []QualityAssessment{}
	for rows.Next() {
		as, err := scanAssessment(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, as)
	}
	return out, total, rows.Err()
}

func gradesConfirmed(body string) bool {
	var t struct {
		GradesConfirmed bool `json:"grades_confirmed"`
	}
	_ = json.Unmarshal([]byte(body), &t)
	return t.GradesConfirmed
}
