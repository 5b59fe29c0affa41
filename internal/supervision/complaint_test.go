package supervision_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/supervision"
	"tuoyu/internal/testkit"
)

func TestPublicComplaintReceipt(t *testing.T) {
	each(t, func(t *testing.T, b testkit.Backend) {
		// 2026-09-30: the last working day before 国庆 (10-01 … 10-07 off,
		// Saturday 10-10 a make-up working day).
		f := newFixture(t, b, testkit.DefaultNow)
		ctx := context.Background()
		anon := authz.Anonymous("203.0.113.9")
		pr, err := f.sv.SubmitPublicComplaint(ctx, anon, supervision.NewComplaint{InstitutionID: f.baota, Category: "fees",
			Text: "收取未公示的材料费", Name: "王女士", Phone: "139 1234 5678"})
		if err != nil {
			t.Fatal(err)
		}
		if len(pr.ReceiptCode) < 10 || pr.Status != supervision.ComplaintReceived {
			t.Fatalf("receipt %+v", pr)
		}
		if pr.AnswerDue.String() != "2026-10-13" {
			t.Errorf("answer due %s, want 2026-10-13 (5 working days over 国庆 with the 10-10 make-up day)", pr.AnswerDue)
		}
		// Right phone: progress; wrong phone: the same answer as an unknown code.
		if got, err := f.sv.Progress(ctx, strings.ToLower(pr.ReceiptCode), "13912345678"); err != nil || got.InstitutionName != "宝塔示例托育园" {
			t.Fatalf("right phone: %v %+v", err, got)
		}
		_, wrong := f.sv.Progress(ctx, pr.ReceiptCode, "13900000000")
		_, unknown := f.sv.Progress(ctx, "ZZZZZZZZZZZZ", "13912345678")
		if domain.ErrorCode(wrong) != domain.CodeNotFound || wrong.Error() != unknown.Error() {
			t.Fatalf("wrong phone %v, unknown code %v", wrong, unknown)
		}
		// The phone and name are not stored in clear.
		if n := f.count(t, "SELECT COUNT(*) FROM complaints WHERE phone_enc LIKE '%13912345678%' OR name_enc LIKE '%王%'"); n != 0 {
			t.Fatal("the complainant is stored in clear")
		}
		// Bad input: field errors, nothing stored.
		_, err = f.sv.SubmitPublicComplaint(ctx, anon, supervision.NewComplaint{InstitutionID: f.baota, Category: "gossip", Phone: "123"})
		if fe := fieldsOf(err); fe["category"] != domain.ReasonNotAllowed || fe["text"] != domain.ReasonRequired || fe["phone"] != domain.ReasonPhone {
			t.Fatalf("bad input: %v", err)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM complaints"); n != 1 {
			t.Fatalf("%d complaints after a refusal", n)
		}

		// The county triages, answers; the institution sees only what is forwarded, without the complainant.
		list, total, err := f.sv.Complaints(ctx, f.county, supervision.ComplaintFilter{}, domain.Page{Page: 1, PerPage: 20})
		if err != nil || total != 1 {
			t.Fatalf("worklist: %v %d", err, total)
		}
		id := list[0].ID
		if _, total, _ := f.sv.Complaints(ctx, f.other, supervision.ComplaintFilter{}, domain.Page{Page: 1, PerPage: 20}); total != 0 {
			t.Fatal("another county sees the complaint")
		}
		if _, err := f.sv.Complaint(ctx, f.other, id); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Fatalf("other county: %v", err)
		}
		c, err := f.sv.Complaint(ctx, f.county, id)
		if err != nil || c.ComplainantPhone != "13912345678" || c.ComplainantName != "王女士" {
			t.Fatalf("the county sees the complainant: %v %+v", err, c)
		}
		if _, err := f.sv.TriageComplaint(ctx, f.county, id, supervision.Triage{Category: "fees", Severity: "normal", AssignedTo: f.other.UserID}); fieldsOf(err)["assigned_to"] == "" {
			t.Fatalf("an officer of another county: %v", err)
		}
		if _, err := f.sv.ForwardComplaint(ctx, f.county, id, "请说明材料费依据"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.sv.Complaint(ctx, f.director, id); domain.ErrorCode(err) != domain.CodeForbidden {
			t.Fatalf("director reads the full complaint: %v", err)
		}
		fw, err := f.sv.ForwardedComplaints(ctx, f.director)
		if err != nil || len(fw) != 1 {
			t.Fatalf("forwarded: %v %d", err, len(fw))
		}
		raw, _ := json.Marshal(fw)
		for _, secret := range []string{"王女士", "13912345678", "5678", pr.ReceiptCode} {
			if strings.Contains(string(raw), secret) {
				t.Fatalf("the institution sees %q: %s", secret, raw)
			}
		}
		if fw, _ := f.sv.ForwardedComplaints(ctx, f.otherDirector); len(fw) != 0 {
			t.Fatal("another institution sees the forwarded complaint")
		}
		if _, err := f.sv.RespondToForwarded(ctx, f.otherDirector, id, "x"); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Fatalf("other director responds: %v", err)
		}
		if _, err := f.sv.RespondToForwarded(ctx, f.director, id, "已退还材料费"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.sv.AnswerComplaint(ctx, f.county, id, supervision.Answer{Outcome: "属实", Reply: "已责令退费"}); domain.ErrorCode(err) != domain.CodeConflict {
			t.Fatalf("answer before sign-for: %v", err)
		}
		if _, err := f.sv.TriageComplaint(ctx, f.county, id, supervision.Triage{Category: "fees", Severity: "normal", AssignedTo: f.county.UserID}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.sv.AnswerComplaint(ctx, f.county, id, supervision.Answer{Outcome: "属实", Reply: "已责令退费"}); err != nil {
			t.Fatal(err)
		}
		got, err := f.sv.RateByComplainant(ctx, anon, pr.ReceiptCode, "13912345678", "satisfied")
		if err != nil || got.Status != supervision.ComplaintClosed || got.Reply != "已责令退费" {
			t.Fatalf("rated: %v %+v", err, got)
		}
		if _, err := f.sv.RateByComplainant(ctx, anon, pr.ReceiptCode, "13900000000", "satisfied"); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Fatalf("rate with a wrong phone: %v", err)
		}
	})
}

func TestComplaintOverdueEscalates(t *testing.T) {
	each(t, func(t *testing.T, b testkit.Backend) {
		f := newFixture(t, b, testkit.DefaultNow)
		ctx := context.Background()
		c, err := f.sv.EnterHotlineComplaint(ctx, f.county, supervision.NewComplaint{InstitutionID: f.baota, Category: "abuse",
			Text: "家长反映孩子身上有掐痕", Phone: "13711112222", WorkOrderNo: "YA12345-20260930-0001"})
		if err != nil {
			t.Fatal(err)
		}
		// Suspected abuse is urgent: 2 working days; sign-for 1 working day, over 国庆.
		if c.SignDue.String() != "2026-10-08" || c.AnswerDue.String() != "2026-10-09" || c.Severity != supervision.SeverityUrgent {
			t.Fatalf("deadlines %s %s %s", c.SignDue, c.AnswerDue, c.Severity)
		}
		if _, err := f.sv.EnterHotlineComplaint(ctx, f.county, supervision.NewComplaint{InstitutionID: f.baota, Category: "abuse", Text: "x"}); fieldsOf(err)["work_order_no"] == "" {
			t.Fatalf("no work order: %v", err)
		}
		if _, err := f.sv.EnterHotlineComplaint(ctx, f.county, supervision.NewComplaint{InstitutionID: f.ansai, Category: "fees", Text: "x", WorkOrderNo: "1"}); fieldsOf(err)["institution_id"] == "" {
			t.Fatalf("out of scope institution: %v", err)
		}
		// Ten days later nobody signed for it: overdue, escalated to the city.
		later := newFixtureClock(t, f, "2026-10-10T10:00:00+08:00")
		list, total, err := later.Complaints(ctx, f.city, supervision.ComplaintFilter{Overdue: true}, domain.Page{Page: 1, PerPage: 10})
		if err != nil || total != 1 || !list[0].Overdue {
			t.Fatalf("city escalations: %v %d", err, total)
		}
		if _, total, _ := f.sv.Complaints(ctx, f.city, supervision.ComplaintFilter{Overdue: true}, domain.Page{Page: 1, PerPage: 10}); total != 0 {
			t.Fatal("overdue before its deadline")
		}
	})
}
