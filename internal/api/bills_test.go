package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
	"tuoyu/internal/testkit"
)

// billDB writes fixtures (classes, children, guardians, enrolments,
// attendance) with plain SQL through its own connection to the test
// database, so these tests do not depend on the enrolment and attendance
// use cases.
type billDB struct {
	*rawDB
	n int
}

func newBillDB(e *env) *billDB { return &billDB{rawDB: newRawDB(e)} }

var billNow = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)

func (f *billDB) class(inst int64) int64 {
	f.n++
	return f.insert(`INSERT INTO classes (institution_id, name, type, capacity, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		inst, fmt.Sprintf("班%d", f.n), domain.ClassToddlerOlder, 20, billNow, billNow)
}

// child enrols a child; end "" is an open enrolment.
func (f *billDB) child(inst, class int64, name, careType, start, end string, puhui bool) int64 {
	f.n++
	id := f.insert(`INSERT INTO children (name, sex, birth_date, cert_type, cert_enc, cert_hash, cert_masked, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, name, domain.SexMale, "2024-05-01", "resident_id", "enc", fmt.Sprintf("hash-%d", f.n), "610602********0011", billNow, billNow)
	var endArg any
	if end != "" {
		endArg = end
	}
	f.insert(`INSERT INTO enrolments (child_id, institution_id, class_id, care_type, start_date, end_date, puhui, fee_fen, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, inst, class, careType, start, endArg, puhui, 0, billNow)
	return id
}

func (f *billDB) guardian(child, user int64) {
	f.insert(`INSERT INTO guardians (child_id, name, relation, phone, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		child, "家长", domain.RelationMother, "13912345678", user, billNow)
}

// attend records a day: in/out "HH:MM" in China time, "" for none (in ""
// is a recorded absence).
func (f *billDB) attend(child, inst int64, date, in, out string) {
	f.t.Helper()
	at := func(hm string) any {
		if hm == "" {
			return nil
		}
		t, err := time.ParseInLocation("2006-01-02 15:04", date+" "+hm, time.FixedZone("CST", 8*3600))
		if err != nil {
			f.t.Fatal(err)
		}
		return t.UTC()
	}
	reason := ""
	if in == "" {
		reason = "sick"
	}
	f.insert(`INSERT INTO attendance (child_id, institution_id, date, check_in, check_out, absent_reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		child, inst, date, at(in), at(out), reason, billNow)
}

type billLineOut struct {
	Rules         []string       `json:"rules"`
	Description   string         `json:"description"`
	DescriptionEN string         `json:"description_en"`
	Quantity      float64        `json:"quantity"`
	UnitPriceFen  int64          `json:"unit_price_fen"`
	AmountFen     int64          `json:"amount_fen"`
	Amount        string         `json:"amount"`
	Detail        map[string]any `json:"detail"`
}

type billOut struct {
	ID             int64         `json:"id"`
	ChildID        int64         `json:"child_id"`
	ChildName      string        `json:"child_name"`
	Month          string        `json:"month"`
	Status         string        `json:"status"`
	TotalFen       int64         `json:"total_fen"`
	PaidFen        int64         `json:"paid_fen"`
	OutstandingFen int64         `json:"outstanding_fen"`
	Total          string        `json:"total"`
	WaiveReason    string        `json:"waive_reason"`
	Lines          []billLineOut `json:"lines"`
	Payments       []struct {
		AmountFen int64  `json:"amount_fen"`
		PaidOn    string `json:"paid_on"`
		Method    string `json:"method"`
	} `json:"payments"`
}

type billOutcomeOut struct {
	BillID   int64  `json:"bill_id"`
	ChildID  int64  `json:"child_id"`
	TotalFen int64  `json:"total_fen"`
	Status   string `json:"status"`
	Reason   string `json:"reason"`
	CareType string `json:"care_type"`
}

type billRunOut struct {
	Created   []billOutcomeOut `json:"created"`
	Replaced  []billOutcomeOut `json:"replaced"`
	Withdrawn []billOutcomeOut `json:"withdrawn"`
	Skipped   []billOutcomeOut `json:"skipped"`
}

type billErrOut struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func (r billRunOut) outcome(child int64) (string, billOutcomeOut) {
	for kind, list := range map[string][]billOutcomeOut{"created": r.Created, "replaced": r.Replaced, "withdrawn": r.Withdrawn, "skipped": r.Skipped} {
		for _, o := range list {
			if o.ChildID == child {
				return kind, o
			}
		}
	}
	return "", billOutcomeOut{}
}

func lineWith(t *testing.T, b billOut, rule string) billLineOut {
	t.Helper()
	for _, l := range b.Lines {
		for _, r := range l.Rules {
			if r == rule {
				return l
			}
		}
	}
	t.Fatalf("bill %d has no line with rule %s: %+v", b.ID, rule, b.Lines)
	return billLineOut{}
}

func (e *env) userID(user string) int64 {
	var me struct {
		ID int64 `json:"id"`
	}
	e.do(user, "GET", "/api/v1/me", nil, 200, &me)
	return me.ID
}

// TestBillsEndToEnd: fees, a month's bills with the rule of each line,
// payments part then full, overpayment refused, waiving, regenerating that
// keeps paid, part-paid and waived bills, the guardian's own bills, scope.
func TestBillsEndToEnd(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			f := newBillDB(e)
			inst := e.inst["baota"]
			fees := fmt.Sprintf("/api/v1/institutions/%d/fees", inst)

			// The fee schedule.
			var errOut billErrOut
			e.do("director1", "POST", fees, map[string]any{"care_type": "full_day", "unit": "weekly", "amount": "1800", "effective_from": "2026-01-01"}, 422, &errOut)
			if errOut.Error.Fields["unit"] != "not_allowed" {
				t.Fatalf("weekly unit: %+v", errOut)
			}
			e.do("director1", "POST", fees, map[string]any{"care_type": "hourly", "unit": "monthly", "amount": 30, "effective_from": "2026-01-01"}, 422, &errOut)
			if errOut.Error.Fields["unit"] != domain.ReasonBillUnitForCare {
				t.Fatalf("hourly care priced monthly: %+v", errOut)
			}
			e.do("director1", "POST", fees, map[string]any{"care_type": "full_day", "unit": "monthly", "amount": 1800.555, "meal_fee_daily": "-1", "effective_from": "2026-02-30"}, 422, &errOut)
			if errOut.Error.Fields["amount"] != domain.ReasonBillAmount || errOut.Error.Fields["meal_fee_daily"] != domain.ReasonNegative || errOut.Error.Fields["effective_from"] != domain.ReasonDate {
				t.Fatalf("bad amounts: %+v", errOut)
			}
			full := map[string]any{"care_type": "full_day", "unit": "monthly", "amount": 1800.00, "meal_fee_daily": "15.00", "effective_from": "2026-01-01"}
			e.do("carer1", "POST", fees, full, 403, nil)
			e.do("baota", "POST", fees, full, 403, nil)
			e.do("director2", "POST", fees, full, 404, nil)
			var fee struct {
				AmountFen       int64  `json:"amount_fen"`
				Amount          string `json:"amount"`
				MealFeeDailyFen int64  `json:"meal_fee_daily_fen"`
				InForce         bool   `json:"in_force"`
			}
			e.do("director1", "POST", fees, full, 201, &fee)
			if fee.AmountFen != 180000 || fee.Amount != "1800.00" || fee.MealFeeDailyFen != 1500 || !fee.InForce {
				t.Fatalf("fee: %+v", fee)
			}
			e.do("director1", "POST", fees, full, 409, nil)
			e.do("director1", "POST", fees, map[string]any{"care_type": "hourly", "unit": "hourly", "amount": "30", "effective_from": "2026-01-01"}, 201, nil)
			var schedule struct {
				Items []struct {
					CareType string `json:"care_type"`
					InForce  bool   `json:"in_force"`
				} `json:"items"`
				Settings struct {
					Refund   bool `json:"refund_meal_fee_on_absence"`
					Rounding int  `json:"hourly_rounding_minutes"`
				} `json:"settings"`
			}
			e.do("baota", "GET", fees, nil, 200, &schedule)
			if len(schedule.Items) != 2 || !schedule.Items[0].InForce || !schedule.Settings.Refund || schedule.Settings.Rounding != 30 {
				t.Fatalf("schedule: %+v", schedule)
			}
			e.do("ansai", "GET", fees, nil, 404, nil)
			e.do("director2", "GET", fees, nil, 404, nil)
			e.do("parent1", "GET", fees, nil, 403, nil)

			// Children and their month (September 2026: 22 working days;
			// 09-20 a make-up Sunday, 09-25 the Mid-Autumn holiday; today is 09-30).
			class := f.class(inst)
			a := f.child(inst, class, "张小明", "full_day", "2026-03-01", "", false)
			bID := f.child(inst, class, "李小红", "full_day", "2026-09-21", "", false)
			c := f.child(inst, class, "王小刚", "hourly", "2026-09-01", "", false)
			noFee := f.child(inst, class, "赵小临", "temporary", "2026-09-01", "", false)
			f.child(inst, class, "钱已走", "full_day", "2026-03-01", "2026-08-31", false) // left before September
			parent := e.userID("parent1")
			f.guardian(a, parent)
			ansaiClass := f.class(e.inst["ansai"])
			f.child(e.inst["ansai"], ansaiClass, "孙安塞", "full_day", "2026-03-01", "", false)
			cal := e.app.Service.Calendar
			for d := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC); d.Day() < 30; d = d.AddDate(0, 0, 1) {
				s := d.Format(time.DateOnly)
				switch {
				case !cal.IsWorkday(d):
				case s == "2026-09-10":
					f.attend(a, inst, s, "", "") // recorded absence
				case s == "2026-09-15" || s == "2026-09-16":
					// passed without a check-in
				default:
					f.attend(a, inst, s, "08:00", "17:00")
				}
				if s >= "2026-09-21" && cal.IsWorkday(d) {
					f.attend(bID, inst, s, "08:10", "16:50")
				}
			}
			f.attend(c, inst, "2026-09-01", "08:00", "10:10")
			f.attend(c, inst, "2026-09-02", "14:00", "15:00")
			f.attend(c, inst, "2026-09-03", "09:00", "")

			gen := fmt.Sprintf("/api/v1/institutions/%d/bills/generate", inst)
			e.do("director1", "POST", gen, map[string]string{"month": "2026-10"}, 422, &errOut)
			if errOut.Error.Fields["month"] != domain.ReasonFuture {
				t.Fatalf("future month: %+v", errOut)
			}
			e.do("director1", "POST", gen, map[string]string{"month": "2026-9"}, 422, &errOut)
			if errOut.Error.Fields["month"] != domain.ReasonBillMonth {
				t.Fatalf("bad month: %+v", errOut)
			}
			e.do("director2", "POST", gen, map[string]string{"month": "2026-09"}, 404, nil)
			e.do("baota", "POST", gen, map[string]string{"month": "2026-09"}, 403, nil)
			var run billRunOut
			e.do("director1", "POST", gen, map[string]string{"month": "2026-09"}, 200, &run)
			if len(run.Created) != 3 || len(run.Skipped) != 1 || len(run.Replaced) != 0 {
				t.Fatalf("first run: %+v", run)
			}
			if k, o := run.outcome(noFee); k != "skipped" || o.Reason != "no_fee_schedule" || o.CareType != "temporary" {
				t.Fatalf("no fee schedule: %s %+v", k, o)
			}
			ids := map[int64]int64{}
			for _, o := range run.Created {
				ids[o.ChildID] = o.BillID
			}

			// Lines and the rules that produced them.
			var billA, billB, billC billOut
			e.do("director1", "GET", fmt.Sprintf("/api/v1/bills/%d", ids[a]), nil, 200, &billA)
			monthly := lineWith(t, billA, "monthly_fee")
			meal := lineWith(t, billA, "meal_fee_expected_days")
			refund := lineWith(t, billA, "meal_refund_absence")
			if monthly.AmountFen != 180000 || len(monthly.Rules) != 1 || meal.AmountFen != 33000 || refund.AmountFen != -4500 || refund.Quantity != 3 {
				t.Fatalf("bill A lines: %+v", billA.Lines)
			}
			if billA.TotalFen != 208500 || billA.Total != "2085.00" || billA.Status != "issued" || billA.OutstandingFen != 208500 || billA.ChildName != "张小明" {
				t.Fatalf("bill A: %+v", billA)
			}
			if !strings.Contains(monthly.Description, "全日托") || !strings.Contains(monthly.DescriptionEN, "whole of 2026-09") ||
				!strings.Contains(refund.Description, "2026-09-10, 2026-09-15, 2026-09-16") {
				t.Fatalf("descriptions: %q / %q / %q", monthly.Description, monthly.DescriptionEN, refund.Description)
			}
			e.do("director1", "GET", fmt.Sprintf("/api/v1/bills/%d", ids[bID]), nil, 200, &billB)
			pro := lineWith(t, billB, "prorated_enrolment")
			if pro.AmountFen != 57273 || pro.Detail["enrolled_workdays"] != float64(7) || pro.Detail["month_workdays"] != float64(22) ||
				lineWith(t, billB, "meal_fee_expected_days").AmountFen != 10500 || billB.TotalFen != 67773 || !strings.Contains(pro.Description, "7/22") {
				t.Fatalf("bill B (from 09-21, the 25th a holiday): %+v", billB)
			}
			e.do("director1", "GET", fmt.Sprintf("/api/v1/bills/%d", ids[c]), nil, 200, &billC)
			hourly := lineWith(t, billC, "hourly_attendance")
			missing := lineWith(t, billC, "hourly_missing_check_out")
			if hourly.Quantity != 3.5 || hourly.AmountFen != 10500 || missing.AmountFen != 0 || billC.TotalFen != 10500 {
				t.Fatalf("bill C: %+v", billC)
			}

			// Lists and scope.
			list := fmt.Sprintf("/api/v1/institutions/%d/bills?month=2026-09", inst)
			var bills struct {
				Items []billOut `json:"items"`
				Total int       `json:"total"`
			}
			for _, u := range []string{"director1", "baota", "yanan"} {
				e.do(u, "GET", list, nil, 200, &bills)
				if bills.Total != 3 {
					t.Fatalf("%s sees %d bills", u, bills.Total)
				}
			}
			e.do("director1", "GET", list+"&status=paid", nil, 200, &bills)
			if bills.Total != 0 {
				t.Fatalf("paid bills: %d", bills.Total)
			}
			e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d/bills?month=09-2026", inst), nil, 422, nil)
			for _, u := range []string{"ansai", "director2"} {
				e.do(u, "GET", list, nil, 404, nil)
				e.do(u, "GET", fmt.Sprintf("/api/v1/bills/%d", ids[a]), nil, 404, nil)
			}
			e.do("director2", "POST", fmt.Sprintf("/api/v1/bills/%d/payments", ids[a]), map[string]any{"amount": "1", "paid_on": "2026-09-29", "method": "cash"}, 404, nil)
			e.do("director2", "POST", fmt.Sprintf("/api/v1/bills/%d/waive", ids[a]), map[string]any{"reason": "x"}, 404, nil)
			e.do("carer1", "GET", fmt.Sprintf("/api/v1/bills/%d", ids[a]), nil, 403, nil)
			e.do("parent1", "GET", fmt.Sprintf("/api/v1/bills/%d", ids[a]), nil, 403, nil)

			// Payments: part, then full; overpayment and bad input refused.
			pay := fmt.Sprintf("/api/v1/bills/%d/payments", ids[a])
			e.do("baota", "POST", pay, map[string]any{"amount": "1000", "paid_on": "2026-09-29", "method": "cash"}, 403, nil)
			e.do("director1", "POST", pay, map[string]any{"amount": "0", "paid_on": "2026-10-01", "method": "bitcoin"}, 422, &errOut)
			if errOut.Error.Fields["amount"] != domain.ReasonBillNotPositive || errOut.Error.Fields["paid_on"] != domain.ReasonFuture || errOut.Error.Fields["method"] != "not_allowed" {
				t.Fatalf("bad payment: %+v", errOut)
			}
			var after billOut
			e.do("director1", "POST", pay, map[string]any{"amount": "1000.00", "paid_on": "2026-09-29", "method": "wechat", "note": "九月"}, 201, &after)
			if after.Status != "part_paid" || after.PaidFen != 100000 || after.OutstandingFen != 108500 || len(after.Payments) != 1 {
				t.Fatalf("part paid: %+v", after)
			}
			e.do("director1", "POST", pay, map[string]any{"amount": "1085.01", "paid_on": "2026-09-30", "method": "cash"}, 422, &errOut)
			if errOut.Error.Fields["amount"] != domain.ReasonBillExceedsOwed || !strings.Contains(errOut.Error.Message, "1085.00") {
				t.Fatalf("overpayment: %+v", errOut)
			}
			e.do("director1", "POST", pay, map[string]any{"amount": 1085, "paid_on": "2026-09-30", "method": "bank_transfer"}, 201, &after)
			if after.Status != "paid" || after.PaidFen != 208500 || after.OutstandingFen != 0 || len(after.Payments) != 2 {
				t.Fatalf("paid: %+v", after)
			}
			e.do("director1", "POST", pay, map[string]any{"amount": "1", "paid_on": "2026-09-30", "method": "cash"}, 409, nil)
			e.do("director1", "POST", fmt.Sprintf("/api/v1/bills/%d/waive", ids[a]), map[string]any{"reason": "晚了"}, 409, nil)

			// Waiving.
			waive := fmt.Sprintf("/api/v1/bills/%d/waive", ids[bID])
			e.do("director1", "POST", waive, map[string]any{"reason": "  "}, 422, &errOut)
			if errOut.Error.Fields["reason"] != "required" {
				t.Fatalf("waive without reason: %+v", errOut)
			}
			e.do("director1", "POST", waive, map[string]any{"reason": "家庭困难，园务会决定减免"}, 200, &after)
			if after.Status != "waived" || after.WaiveReason != "家庭困难，园务会决定减免" || after.OutstandingFen != 0 {
				t.Fatalf("waived: %+v", after)
			}
			e.do("director1", "POST", waive, map[string]any{"reason": "again"}, 409, nil)
			e.do("director1", "POST", fmt.Sprintf("/api/v1/bills/%d/payments", ids[bID]), map[string]any{"amount": "1", "paid_on": "2026-09-30", "method": "cash"}, 409, nil)

			// Regenerating replaces only issued bills with no payment.
			f.attend(c, inst, "2026-09-04", "09:00", "11:00")
			e.do("director1", "POST", gen, map[string]string{"month": "2026-09"}, 200, &run)
			if k, o := run.outcome(a); k != "skipped" || o.Reason != "status" || o.Status != "paid" || o.BillID != ids[a] {
				t.Fatalf("paid bill on regeneration: %s %+v", k, o)
			}
			if k, o := run.outcome(bID); k != "skipped" || o.Status != "waived" {
				t.Fatalf("waived bill on regeneration: %s %+v", k, o)
			}
			if k, o := run.outcome(c); k != "replaced" || o.BillID != ids[c] || o.TotalFen != 16500 {
				t.Fatalf("issued bill on regeneration: %s %+v", k, o)
			}
			e.do("director1", "GET", fmt.Sprintf("/api/v1/bills/%d", ids[c]), nil, 200, &billC)
			if billC.TotalFen != 16500 || lineWith(t, billC, "hourly_attendance").Quantity != 5.5 {
				t.Fatalf("replaced bill C: %+v", billC)
			}
			e.do("director1", "GET", fmt.Sprintf("/api/v1/bills/%d", ids[a]), nil, 200, &after)
			if after.TotalFen != 208500 || after.Status != "paid" || len(after.Lines) != len(billA.Lines) {
				t.Fatalf("paid bill changed: %+v", after)
			}
			e.do("director1", "POST", fmt.Sprintf("/api/v1/bills/%d/payments", ids[c]), map[string]any{"amount": "50", "paid_on": "2026-09-30", "method": "alipay"}, 201, nil)
			f.attend(c, inst, "2026-09-07", "09:00", "12:00")
			e.do("director1", "POST", gen, map[string]string{"month": "2026-09"}, 200, &run)
			if k, o := run.outcome(c); k != "skipped" || o.Status != "part_paid" || o.TotalFen != 16500 {
				t.Fatalf("part-paid bill on regeneration: %s %+v", k, o)
			}
			if len(run.Created) != 0 || len(run.Replaced) != 0 {
				t.Fatalf("third run: %+v", run)
			}

			// The billing settings: a rounding not offered is refused.
			settings := fmt.Sprintf("/api/v1/institutions/%d/billing-settings", inst)
			e.do("director1", "PUT", settings, map[string]any{"hourly_rounding_minutes": 7}, 422, nil)
			e.do("carer1", "PUT", settings, map[string]any{"hourly_rounding_minutes": 15}, 403, nil)
			var st struct {
				Refund   bool `json:"refund_meal_fee_on_absence"`
				Rounding int  `json:"hourly_rounding_minutes"`
			}
			e.do("director1", "PUT", settings, map[string]any{"hourly_rounding_minutes": 15, "refund_meal_fee_on_absence": false}, 200, &st)
			if st.Refund || st.Rounding != 15 {
				t.Fatalf("settings: %+v", st)
			}
			e.do("director2", "GET", settings, nil, 404, nil)
			e.do("baota", "GET", settings, nil, 200, &st)
			if st.Refund || st.Rounding != 15 {
				t.Fatalf("settings read back: %+v", st)
			}
			// August under the new settings: hourly care rounded to 15
			// minutes; no meal refund for A, who has no attendance in August.
			d := f.child(inst, class, "吴计时", "hourly", "2026-08-01", "2026-08-31", false)
			f.attend(d, inst, "2026-08-03", "08:00", "08:10")
			e.do("director1", "POST", gen, map[string]string{"month": "2026-08"}, 200, &run)
			k, od := run.outcome(d)
			_, oa := run.outcome(a)
			if k != "created" || od.TotalFen != 750 || oa.TotalFen != 180000+21*1500 {
				t.Fatalf("August: %+v", run)
			}
			var aug billOut
			e.do("director1", "GET", fmt.Sprintf("/api/v1/bills/%d", oa.BillID), nil, 200, &aug)
			for _, l := range aug.Lines {
				if l.Rules[0] == "meal_refund_absence" {
					t.Fatalf("refund with the setting off: %+v", aug)
				}
			}
			e.do("director1", "GET", fmt.Sprintf("/api/v1/bills/%d", od.BillID), nil, 200, &aug)
			if l := lineWith(t, aug, "hourly_attendance"); l.Detail["rounding_minutes"] != float64(15) || l.Quantity != 0.25 {
				t.Fatalf("August hourly: %+v", aug)
			}

			// The guardian sees their own child's bills only.
			var own struct {
				Items []billOut `json:"items"`
				Total int       `json:"total"`
			}
			e.do("parent1", "GET", "/api/v1/me/bills", nil, 200, &own)
			if own.Total != 2 || own.Items[0].Month != "2026-09" || own.Items[1].Month != "2026-08" || own.Items[1].ChildID != a {
				t.Fatalf("own bills, newest first: %+v", own)
			}
			e.do("parent1", "GET", "/api/v1/me/bills?month=2026-09", nil, 200, &own)
			if own.Total != 1 || own.Items[0].ID != ids[a] || len(own.Items[0].Lines) != 3 || len(own.Items[0].Payments) != 2 || own.Items[0].Status != "paid" {
				t.Fatalf("own bills: %+v", own)
			}
			e.do("parent1", "GET", fmt.Sprintf("/api/v1/me/bills/%d", ids[a]), nil, 200, nil)
			e.do("parent1", "GET", fmt.Sprintf("/api/v1/me/bills/%d", ids[bID]), nil, 404, nil)
			e.do("director1", "GET", "/api/v1/me/bills", nil, 403, nil)

			// Payments at the same moment cannot overpay: C owes 115.00;
			// of four payments of 57.50 sent at once exactly two are taken.
			tok := e.login("director1")
			statuses := make(chan int, 4)
			var wg sync.WaitGroup
			for i := 0; i < 4; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/bills/%d/payments", e.srv.URL, ids[c]),
						strings.NewReader(`{"amount":"57.50","paid_on":"2026-09-30","method":"cash"}`))
					req.Header.Set("Authorization", "Bearer "+tok)
					req.Header.Set("Content-Type", "application/json")
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						statuses <- 0
						return
					}
					resp.Body.Close()
					statuses <- resp.StatusCode
				}()
			}
			wg.Wait()
			close(statuses)
			accepted := 0
			for st := range statuses {
				switch st {
				case 201:
					accepted++
				case 409, 422:
				default:
					t.Fatalf("concurrent payment: status %d", st)
				}
			}
			e.do("director1", "GET", fmt.Sprintf("/api/v1/bills/%d", ids[c]), nil, 200, &billC)
			if accepted != 2 || billC.Status != "paid" || billC.PaidFen != 16500 || len(billC.Payments) != 3 {
				t.Fatalf("concurrent payments: %d accepted, bill %+v", accepted, billC)
			}

			// Every change is audited.
			ctx := context.Background()
			sys := authz.System("test").Scope()
			evs, _, err := e.app.DB.Read().ListAudit(ctx, sys, store.AuditFilter{Entity: "bill", EntityID: ids[a]}, domain.Page{PerPage: 50})
			if err != nil {
				t.Fatal(err)
			}
			actions := map[string]int{}
			for _, ev := range evs {
				actions[ev.Action]++
			}
			if actions["bill.issue"] != 1 || actions["bill.payment"] != 2 {
				t.Fatalf("audit of bill A: %v", actions)
			}
			for entity, action := range map[string]string{"bill": "bill.waive", "fee_schedule": "fee.create", "institution": "bills.generate"} {
				evs, _, err := e.app.DB.Read().ListAudit(ctx, sys, store.AuditFilter{Entity: entity, Action: action}, domain.Page{})
				if err != nil || len(evs) == 0 {
					t.Fatalf("no %s audit event: %v", action, err)
				}
			}
			evs, _, _ = e.app.DB.Read().ListAudit(ctx, sys, store.AuditFilter{Action: "bill.reissue", EntityID: ids[c]}, domain.Page{})
			if len(evs) != 1 {
				t.Fatalf("reissue audited %d times", len(evs))
			}
		})
	}
}

// TestPriceCaps: regulators set caps for the counties in scope; a 普惠 fee
// above the county cap is refused naming the cap and its source; a 普惠
// enrolment is billed at most at the cap.
func TestPriceCaps(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			f := newBillDB(e)
			inst := e.inst["baota"]
			source := "延安市宝塔区发展和改革局 普惠托育服务收费标准（宝发改价〔2026〕3号）"
			capBody := map[string]any{"region_code": "610602", "care_type": "full_day", "unit": "monthly", "amount": "1500", "effective_from": "2026-01-01", "source": source}
			e.do("director1", "POST", "/api/v1/price-caps", capBody, 403, nil)
			e.do("ansai", "POST", "/api/v1/price-caps", capBody, 404, nil)
			var errOut billErrOut
			e.do("baota", "POST", "/api/v1/price-caps", map[string]any{"region_code": "610602", "care_type": "full_day", "unit": "hourly", "amount": "x", "effective_from": "2026-01-01"}, 422, &errOut)
			if errOut.Error.Fields["unit"] != domain.ReasonBillUnitForCare || errOut.Error.Fields["amount"] != domain.ReasonBillAmount || errOut.Error.Fields["source"] != "required" {
				t.Fatalf("bad cap: %+v", errOut)
			}
			var got struct {
				RegionCode string `json:"region_code"`
				AmountFen  int64  `json:"amount_fen"`
				Source     string `json:"source"`
				InForce    bool   `json:"in_force"`
			}
			e.do("baota", "POST", "/api/v1/price-caps", capBody, 201, &got)
			if got.AmountFen != 150000 || got.Source != source || !got.InForce {
				t.Fatalf("cap: %+v", got)
			}
			e.do("ansai", "POST", "/api/v1/price-caps", map[string]any{"region_code": "610603", "care_type": "full_day", "unit": "monthly", "amount": "1400", "effective_from": "2026-01-01", "source": "安塞区文件"}, 201, nil)
			e.do("yanan", "POST", "/api/v1/price-caps", map[string]any{"region_code": "610602", "care_type": "half_day", "unit": "monthly", "amount": "900", "effective_from": "2026-01-01", "source": "延安市文件"}, 201, nil)
			e.do("yanan", "POST", "/api/v1/price-caps", map[string]any{"region_code": "610600", "care_type": "half_day", "unit": "monthly", "amount": "900", "effective_from": "2026-01-01", "source": "x"}, 422, &errOut)
			if errOut.Error.Fields["region_code"] != domain.ReasonBillNotCounty {
				t.Fatalf("city as county: %+v", errOut)
			}
			e.do("yanan", "POST", "/api/v1/price-caps", map[string]any{"region_code": "610102", "care_type": "half_day", "unit": "monthly", "amount": "900", "effective_from": "2026-01-01", "source": "x"}, 404, nil)
			var caps []struct {
				RegionCode string `json:"region_code"`
			}
			for user, want := range map[string]int{"baota": 2, "ansai": 1, "yanan": 3} {
				e.do(user, "GET", "/api/v1/price-caps", nil, 200, &caps)
				if len(caps) != want {
					t.Fatalf("%s sees %d caps, want %d: %+v", user, len(caps), want, caps)
				}
			}
			e.do("yanan", "GET", "/api/v1/price-caps?region=610603", nil, 200, &caps)
			if len(caps) != 1 || caps[0].RegionCode != "610603" {
				t.Fatalf("filtered: %+v", caps)
			}

			// Not 普惠 (no 普惠 places, no 普惠 enrolment): not capped.
			fees := fmt.Sprintf("/api/v1/institutions/%d/fees", inst)
			e.do("director1", "POST", fees, map[string]any{"care_type": "full_day", "unit": "monthly", "amount": "1800", "effective_from": "2026-09-01"}, 201, nil)
			// A 普惠 enrolment of full-day care: its fee is checked.
			class := f.class(inst)
			child := f.child(inst, class, "周普惠", "full_day", "2026-03-01", "", true)
			e.do("director1", "POST", fees, map[string]any{"care_type": "full_day", "unit": "monthly", "amount": "1600", "effective_from": "2026-10-01"}, 422, &errOut)
			if errOut.Error.Fields["amount"] != domain.ReasonBillAboveCap || !strings.Contains(errOut.Error.Message, "1500.00") || !strings.Contains(errOut.Error.Message, source) {
				t.Fatalf("above the cap: %+v", errOut)
			}
			e.do("director1", "POST", fees, map[string]any{"care_type": "full_day", "unit": "daily", "amount": "60", "effective_from": "2026-10-01"}, 422, &errOut)
			if errOut.Error.Fields["unit"] != domain.ReasonBillCapUnit {
				t.Fatalf("another unit: %+v", errOut)
			}
			e.do("director1", "POST", fees, map[string]any{"care_type": "full_day", "unit": "monthly", "amount": "1500", "effective_from": "2026-10-01"}, 201, nil)
			var view struct {
				PriceCaps []struct {
					CareType string `json:"care_type"`
					Amount   string `json:"amount"`
					InForce  bool   `json:"in_force"`
				} `json:"price_caps"`
			}
			e.do("director1", "GET", fees, nil, 200, &view)
			if len(view.PriceCaps) != 2 {
				t.Fatalf("caps in the fee view: %+v", view)
			}

			// September's schedule (1800, set before the enrolment was 普惠) is capped on the bill.
			var run billRunOut
			e.do("director1", "POST", fmt.Sprintf("/api/v1/institutions/%d/bills/generate", inst), map[string]string{"month": "2026-09"}, 200, &run)
			if len(run.Created) != 1 || run.Created[0].ChildID != child {
				t.Fatalf("run: %+v", run)
			}
			var bill billOut
			e.do("director1", "GET", fmt.Sprintf("/api/v1/bills/%d", run.Created[0].BillID), nil, 200, &bill)
			l := lineWith(t, bill, "puhui_price_cap")
			if l.AmountFen != 150000 || bill.TotalFen != 150000 || l.Detail["cap_source"] != source || !strings.Contains(l.Description, "普惠限价 1500.00") {
				t.Fatalf("capped bill: %+v", bill)
			}
		})
	}
}
