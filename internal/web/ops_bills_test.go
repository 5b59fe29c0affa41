package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"tuoyu/internal/domain"
)

// TestOpsBillTotalsAndHowToPay: the director's bill list adds up each month
// (billed, collected, outstanding); a guardian's unpaid bill says how to
// pay, in the institution's words once it has written them.
func TestOpsBillTotalsAndHowToPay(t *testing.T) {
	eachOpsBackend(t, func(t *testing.T, f *opsFixture) {
		child := f.enrol(t, "张小米", childID2)
		d := f.client()
		d.login("director1")
		inst := "/institutions/" + itoa(f.inst.ID)
		d.post(inst+"/fees", url.Values{"care_type": {domain.CareFullDay}, "unit": {domain.FeeMonthly}, "amount": {"2800"}, "effective_from": {"2026-01-01"}}).
			want(t, http.StatusSeeOther)
		run := d.post(inst+"/bills/generate", url.Values{"gen_month": {"2026-09"}}).want(t, http.StatusOK)
		m := regexp.MustCompile(`href="/bills/(\d+)"`).FindStringSubmatch(run.Body)
		if m == nil {
			t.Fatalf("no bill listed")
		}
		id, _ := strconv.ParseInt(m[1], 10, 64)
		d.post("/bills/"+m[1]+"/payments", url.Values{"amount": {"100"}, "paid_on": {"2026-09-30"}, "method": {"cash"}}).want(t, http.StatusSeeOther)
		b, err := f.svc.Bill(f.ctx(), actor(f.director), id)
		if err != nil {
			t.Fatal(err)
		}
		list := d.get(inst+"/bills").want(t, http.StatusOK).contains(t, "月度合计", "应收", "已收", "未收")
		totals := list.Body[strings.Index(list.Body, "月度合计"):]
		totals = totals[:strings.Index(totals, "</table>")]
		for _, want := range []string{">2026-09<", b.Total + " 元", "100.00 元", b.Outstanding + " 元"} {
			if !strings.Contains(totals, want) {
				t.Errorf("month totals lack %q:\n%s", want, totals)
			}
		}
		d.get(inst+"/bills?month=2026-08").want(t, http.StatusOK).lacks(t, "月度合计")

		g := f.guardianFor(t, d, child, "parent1")
		g.get("/my/bills/"+m[1]).want(t, http.StatusOK).contains(t, "如何缴费", "请按园所通知的方式缴费")
		form := url.Values{"hourly_rounding_minutes": {"30"}, "payment_instructions": {strings.Repeat("长", 501)}}
		d.post(inst+"/billing-settings", form).want(t, http.StatusUnprocessableEntity).contains(t, "缴费方式说明")
		form.Set("payment_instructions", "每月5日前到前台缴费，或转账至延安银行 6222 0000 0000，注明幼儿姓名。")
		d.post(inst+"/billing-settings", form).want(t, http.StatusSeeOther)
		d.get(inst+"/fees").want(t, http.StatusOK).contains(t, "延安银行 6222 0000 0000")
		g.get("/my/bills/"+m[1]).want(t, http.StatusOK).contains(t, "如何缴费", "延安银行 6222 0000 0000").lacks(t, "请按园所通知的方式缴费")
		// Paid in full, the bill no longer asks for payment.
		d.post("/bills/"+m[1]+"/payments", url.Values{"amount": {b.Outstanding}, "paid_on": {"2026-09-30"}, "method": {"cash"}}).want(t, http.StatusSeeOther)
		g.get("/my/bills/"+m[1]).want(t, http.StatusOK).lacks(t, "如何缴费")
	})
}
