package supervision_test

import (
	"context"
	"testing"
	"time"

	"tuoyu/internal/domain"
	"tuoyu/internal/rules"
	"tuoyu/internal/supervision"
	"tuoyu/internal/testkit"
)

// fullMarks answers every dimension of the shipped template (its items
// carry no points of their own) with share of the dimension's points.
func fullMarks(t *testing.T, share float64) []supervision.QualityAnswer {
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

func TestQualityAssessmentAndDemonstration(t *testing.T) {
	each(t, func(t *testing.T, b testkit.Backend) {
		f := newFixture(t, b, testkit.DefaultNow)
		ctx := context.Background()
		// Incomplete or unknown answers are refused and nothing is stored.
		_, err := f.sv.SubmitSelfAssessment(ctx, f.director, f.baota, 2026, supervision.StageInput{Answers: []supervision.QualityAnswer{{ID: "99", Points: 1}}})
		if fieldsOf(err)["answers[0].id"] != "unknown_item" {
			t.Fatalf("unknown item: %v", err)
		}
		_, err = f.sv.SubmitSelfAssessment(ctx, f.director, f.baota, 2026, supervision.StageInput{Answers: fullMarks(t, 1)[:3]})
		if fieldsOf(err)["answers"] != "answers_incomplete" {
			t.Fatalf("incomplete: %v", err)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM quality_stage_results"); n != 0 {
			t.Fatalf("%d stage results after refusals", n)
		}
		if _, err := f.sv.SubmitSelfAssessment(ctx, f.director, f.ansai, 2026, supervision.StageInput{Answers: fullMarks(t, 1)}); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Fatalf("another institution: %v", err)
		}
		as, err := f.sv.SubmitSelfAssessment(ctx, f.director, f.baota, 2026, supervision.StageInput{Answers: fullMarks(t, 0.95)})
		if err != nil || as.Status != supervision.StageCounty || as.Grade != "A" {
			t.Fatalf("self: %v %+v", err, as)
		}
		if _, err := f.sv.AssessByCounty(ctx, f.other, as.ID, supervision.StageInput{Answers: fullMarks(t, 0.8)}); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Fatalf("other county: %v", err)
		}
		as, err = f.sv.AssessByCounty(ctx, f.county, as.ID, supervision.StageInput{Answers: fullMarks(t, 0.8)})
		if err != nil || as.Status != supervision.StageCity || as.Grade != "B" {
			t.Fatalf("county: %v %+v", err, as)
		}
		if _, err := f.sv.Designate(ctx, f.city, f.baota, "x"); fieldsOf(err)["grade"] != "criteria_unmet" {
			t.Fatalf("designate before the city's review: %v", err)
		}
		as, err = f.sv.ReviewByCity(ctx, f.city, as.ID, supervision.StageInput{Note: "同意县级评估"})
		if err != nil || as.Status != supervision.StageDone || as.Grade != "B" || len(as.Stages) != 3 || as.GradeConfirmed {
			t.Fatalf("city: %v %+v", err, as)
		}
		d, err := f.sv.Designate(ctx, f.city, f.baota, "质量评估B级以上，备案满一年")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.sv.Designate(ctx, f.city, f.baota, "again"); domain.ErrorCode(err) != domain.CodeConflict {
			t.Fatalf("twice: %v", err)
		}
		counts, err := f.sv.DemonstrationCounts(ctx, f.city, []string{baotaCode, ansaiCode})
		if err != nil || len(counts) != 2 || counts[0].Count != 1 || counts[1].Count != 0 || counts[0].Target != 3 {
			t.Fatalf("counts: %v %+v", err, counts)
		}
		rec, err := f.sv.PublicRecord(ctx, f.baota)
		if err != nil || !rec.Demonstration || rec.QualityGrade != "B" {
			t.Fatalf("record: %v %+v", err, rec)
		}
		if err := f.sv.Revoke(ctx, f.city, d.ID, "年审不合格"); err != nil {
			t.Fatal(err)
		}
	})
}

func TestCCTVAndFootage(t *testing.T) {
	each(t, func(t *testing.T, b testkit.Backend) {
		f := newFixture(t, b, testkit.DefaultNow)
		ctx := context.Background()
		_, err := f.sv.SaveCamera(ctx, f.director, f.baota, 0, supervision.CameraInput{Location: "乳儿班", Area: "children_room", RetentionDays: 30, LastCheckedOn: "2027-01-01"})
		if fe := fieldsOf(err); fe["retention_days"] != "retention_short" || fe["last_checked_on"] != domain.ReasonFuture {
			t.Fatalf("bad camera: %v", err)
		}
		if _, err := f.sv.SaveCamera(ctx, f.director, f.baota, 0, supervision.CameraInput{Location: "乳儿班", Area: "children_room", CoversChildren: true,
			RetentionDays: 90, LastCheckedOn: "2026-09-01", Working: true}); err != nil {
			t.Fatal(err)
		}
		reg, err := f.sv.Register(ctx, f.county, f.baota)
		if err != nil || len(reg.Cameras) != 1 || len(reg.Gaps) != 1 || reg.Gaps[0] != "kitchen" {
			t.Fatalf("register: %v %+v", err, reg)
		}
		if _, err := f.sv.Register(ctx, f.other, f.baota); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Fatalf("other county: %v", err)
		}
		from := time.Date(2026, 9, 29, 8, 0, 0, 0, time.UTC)
		if _, err := f.sv.RequestFootage(ctx, f.county, supervision.NewFootageRequest{InstitutionID: f.baota, From: from, To: from.Add(-time.Hour), Reason: "x"}); fieldsOf(err)["to"] != "not_after_start" {
			t.Fatalf("bad range: %v", err)
		}
		r, err := f.sv.RequestFootage(ctx, f.county, supervision.NewFootageRequest{InstitutionID: f.baota, Incident: "幼儿摔伤", From: from, To: from.Add(2 * time.Hour), Reason: "调查事故经过"})
		if err != nil || r.DueOn.String() != "2026-10-08" {
			t.Fatalf("request: %v %+v", err, r)
		}
		if _, err := f.sv.ConfirmFootage(ctx, f.otherDirector, r.ID, ""); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Fatalf("other director: %v", err)
		}
		r, err = f.sv.ConfirmFootage(ctx, f.director, r.ID, "已导出并封存")
		if err != nil || r.Status != supervision.FootageConfirmed {
			t.Fatalf("confirm: %v %+v", err, r)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM audit_events WHERE action IN ('footage.request', 'footage.confirm')"); n != 2 {
			t.Fatalf("%d footage audit events", n)
		}
	})
}
