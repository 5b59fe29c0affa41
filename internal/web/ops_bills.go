package web

import (
	"net/http"
	"strconv"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/billing"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/service"
)

func (wb *Web) billRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/institutions/{id}/fees", Permission: authz.BillView, Summary: "Fee schedule, the county's 普惠 price caps and billing settings", Handler: wb.feePage},
		{Method: "POST", Pattern: "/institutions/{id}/fees", Permission: authz.BillEdit, Summary: "Add a fee schedule row (a 普惠 fee above the cap is refused)", Handler: wb.feeCreate},
		{Method: "POST", Pattern: "/institutions/{id}/billing-settings", Permission: authz.BillEdit, Summary: "Change the billing settings", Handler: wb.billingSettingsSave},
		{Method: "GET", Pattern: "/institutions/{id}/bills", Permission: authz.BillView, Summary: "An institution's bills by month and state; generate a month", Handler: wb.billList},
		{Method: "POST", Pattern: "/institutions/{id}/bills/generate", Permission: authz.BillEdit, Summary: "Compute and issue a month's bills; shows what was done per child", Handler: wb.billGenerate},
		{Method: "GET", Pattern: "/bills/{id}", Permission: authz.BillView, Summary: "A bill with its lines and payments", Handler: wb.billDetail},
		{Method: "POST", Pattern: "/bills/{id}/payments", Permission: authz.BillEdit, Summary: "Record a payment (overpayment refused)", Handler: wb.billPay},
		{Method: "POST", Pattern: "/bills/{id}/waive", Permission: authz.BillEdit, Summary: "Waive what is outstanding, with a reason", Handler: wb.billWaive},
	}
}

// roundingChoices are the minutes hourly care may be rounded up to.
var roundingChoices = []int{1, 5, 10, 15, 30, 60}

type feeData struct {
	Institution domain.Institution
	View        service.FeeScheduleView
	CareTypes   []Option
	Units       []Option
	Rounding    []Option
	CanEdit     bool
}

// FieldOrder is the order of the page's fields, for the problem summary.
func (feeData) FieldOrder() []string {
	return []string{"care_type", "unit", "amount", "meal_fee_daily", "effective_from", "hourly_rounding_minutes"}
}

func (wb *Web) feePage(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "ops.fees.title", "fees")
	if !ok {
		return
	}
	p.Form.Set("effective_from", wb.opsToday())
	wb.renderFees(w, r, p, http.StatusOK, in)
}

func (wb *Web) renderFees(w http.ResponseWriter, r *http.Request, p *Page, status int, in domain.Institution) {
	a := httpx.Actor(r)
	v, err := wb.svc.FeeSchedule(r.Context(), a, in.ID)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d := feeData{Institution: in, View: v, CareTypes: enumOptions(p.Lang, domain.CareTypes), Units: opsOptions(p.Lang, "fee.unit.", domain.FeeUnits),
		CanEdit: authz.Has(a.Role, authz.BillEdit)}
	for _, m := range roundingChoices {
		d.Rounding = append(d.Rounding, Option{Value: itoa(m), Label: i18n.T(p.Lang, "ops.fees.minutes", m)})
	}
	if p.Form.Get("hourly_rounding_minutes") == "" {
		p.Form.Set("hourly_rounding_minutes", itoa(v.Settings.HourlyRoundingMinutes))
		if v.Settings.RefundMealFeeOnAbsence {
			p.Form.Set("refund_meal_fee_on_absence", "on")
		}
		p.Form.Set("payment_instructions", v.Settings.PaymentInstructions)
	}
	p.Data = d
	wb.render(w, r, status, "ops_fees", p)
}

func (wb *Web) feeCreate(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "ops.fees.title", "fees")
	if !ok || !opsParse(w, r, wb) {
		return
	}
	v := r.PostForm
	p.Form = v
	n := service.NewFee{CareType: v.Get("care_type"), Unit: v.Get("unit"), Amount: billing.YuanText(strings.TrimSpace(v.Get("amount"))),
		MealFeeDaily: billing.YuanText(strings.TrimSpace(v.Get("meal_fee_daily"))), EffectiveFrom: v.Get("effective_from")}
	if _, err := wb.svc.CreateFee(r.Context(), httpx.Actor(r), in.ID, n); err != nil {
		if status, ok := opsRefused(p, err, nil); ok {
			wb.renderFees(w, r, p, status, in)
			return
		}
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, "/institutions/"+itoa64(in.ID)+"/fees?msg=fee_saved")
}

func (wb *Web) billingSettingsSave(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "ops.fees.title", "fees")
	if !ok || !opsParse(w, r, wb) {
		return
	}
	v := r.PostForm
	refund := checked(v, "refund_meal_fee_on_absence")
	rounding := strings.TrimSpace(v.Get("hourly_rounding_minutes"))
	minutes, err := strconv.Atoi(rounding)
	if err != nil {
		reason := reasonNotWhole
		if rounding == "" {
			reason = domain.ReasonRequired
		}
		p.Form, p.Errors = v, map[string]string{"hourly_rounding_minutes": reason}
		wb.renderFees(w, r, p, http.StatusUnprocessableEntity, in)
		return
	}
	how := v.Get("payment_instructions")
	if _, err := wb.svc.SetBillingSettings(r.Context(), httpx.Actor(r), in.ID, service.BillingSettingsInput{RefundMealFeeOnAbsence: &refund, HourlyRoundingMinutes: &minutes,
		PaymentInstructions: &how}); err != nil {
		if status, ok := opsRefused(p, err, nil); ok {
			p.Form = v
			wb.renderFees(w, r, p, status, in)
			return
		}
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, "/institutions/"+itoa64(in.ID)+"/fees?msg=saved")
}

type billListData struct {
	Institution domain.Institution
	// Totals are the months' sums (billed, collected, outstanding).
	Totals   []domain.BillMonthTotal
	Items    []domain.Bill
	Pager    Pager
	Statuses []Option
	Run      *domain.BillRun
	CanEdit  bool
}

// FieldOrder is the order of the page's fields, for the problem summary.
func (billListData) FieldOrder() []string { return []string{"month", "status", "gen_month"} }

func (wb *Web) billList(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "ops.bills.title", "bills")
	if !ok {
		return
	}
	wb.renderBills(w, r, p, http.StatusOK, in, nil)
}

func (wb *Web) renderBills(w http.ResponseWriter, r *http.Request, p *Page, status int, in domain.Institution, run *domain.BillRun) {
	a := httpx.Actor(r)
	q := r.URL.Query()
	p.Form.Set("month", q.Get("month"))
	p.Form.Set("status", q.Get("status"))
	if p.Form.Get("gen_month") == "" {
		p.Form.Set("gen_month", billing.MonthOf(wb.svc.Today()).String())
	}
	d := billListData{Institution: in, Statuses: opsOptions(p.Lang, "bill.status.", domain.BillStatuses), Run: run, CanEdit: authz.Has(a.Role, authz.BillEdit)}
	pg := pageOf(r, 30)
	items, total, err := wb.svc.InstitutionBills(r.Context(), a, in.ID, domain.BillFilter{Month: q.Get("month"), Status: q.Get("status")}, pg)
	if fe := fieldErrors(err); fe != nil {
		p.Errors, p.Problem, status = fe, "error.filter", http.StatusUnprocessableEntity
	} else if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d.Items, d.Pager = items, newPager(r, pg, total)
	if status == http.StatusOK {
		if d.Totals, err = wb.svc.BillMonthTotals(r.Context(), a, in.ID, domain.BillFilter{Month: q.Get("month")}); err != nil {
			wb.WriteError(w, r, err)
			return
		}
	}
	p.Data = d
	wb.render(w, r, status, "ops_bills", p)
}

// billGenerate issues a month's bills and shows what was done for each child.
func (wb *Web) billGenerate(w http.ResponseWriter, r *http.Request) {
	p, in, ok := wb.opsInstitutionPage(w, r, "ops.bills.title", "bills")
	if !ok || !opsParse(w, r, wb) {
		return
	}
	month := r.PostForm.Get("gen_month")
	run, err := wb.svc.GenerateBills(r.Context(), httpx.Actor(r), in.ID, month)
	if err != nil {
		if status, ok := opsRefused(p, err, map[string]string{"month": "gen_month"}); ok {
			p.Form.Set("gen_month", month)
			wb.renderBills(w, r, p, status, in, nil)
			return
		}
		wb.WriteError(w, r, err)
		return
	}
	p.Flash = "flash.bills_generated"
	wb.renderBills(w, r, p, http.StatusOK, in, &run)
}

type billData struct {
	Bill    domain.Bill
	Methods []Option
	CanEdit bool
	Open    string
	// Own is a guardian's view (no forms, back to their bills).
	Own bool
}

// FieldOrder is the order of the page's fields, for the problem summary.
func (billData) FieldOrder() []string {
	return []string{"amount", "paid_on", "method", "note", "reason"}
}

func (wb *Web) billPage(w http.ResponseWriter, r *http.Request) (*Page, *billData, bool) {
	a := httpx.Actor(r)
	id, err := pathID(r, "id")
	var b domain.Bill
	if err == nil {
		b, err = wb.svc.Bill(r.Context(), a, id)
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return nil, nil, false
	}
	p := newPage(r, "ops.bill.title")
	p.Heading = b.ChildName + " · " + b.Month
	p.Active = opsActive(a, "bills")
	p.Tabs = opsTabs(a, b.InstitutionID, "bills")
	p.Form.Set("paid_on", wb.opsToday())
	p.Form.Set("amount", b.Outstanding)
	d := &billData{Bill: b, Methods: opsOptions(p.Lang, "payment.method.", domain.PaymentMethods),
		CanEdit: authz.Has(a.Role, authz.BillEdit) && (b.Status == domain.BillIssued || b.Status == domain.BillPartPaid)}
	return p, d, true
}

func (wb *Web) billDetail(w http.ResponseWriter, r *http.Request) {
	p, d, ok := wb.billPage(w, r)
	if !ok {
		return
	}
	p.Data = *d
	wb.render(w, r, http.StatusOK, "ops_bill", p)
}

func (wb *Web) billRefused(w http.ResponseWriter, r *http.Request, p *Page, d *billData, err error, open string) {
	status, ok := opsRefused(p, err, nil)
	if !ok {
		wb.WriteError(w, r, err)
		return
	}
	for k, vs := range r.PostForm {
		p.Form[k] = vs
	}
	d.Open = open
	p.Data = *d
	wb.render(w, r, status, "ops_bill", p)
}

func (wb *Web) billPay(w http.ResponseWriter, r *http.Request) {
	p, d, ok := wb.billPage(w, r)
	if !ok || !opsParse(w, r, wb) {
		return
	}
	v := r.PostForm
	n := service.NewPayment{Amount: billing.YuanText(strings.TrimSpace(v.Get("amount"))), PaidOn: v.Get("paid_on"), Method: v.Get("method"), Note: v.Get("note")}
	if _, err := wb.svc.RecordPayment(r.Context(), httpx.Actor(r), d.Bill.ID, n); err != nil {
		wb.billRefused(w, r, p, d, err, "pay")
		return
	}
	redirect(w, r, "/bills/"+itoa64(d.Bill.ID)+"?msg=payment_recorded")
}

func (wb *Web) billWaive(w http.ResponseWriter, r *http.Request) {
	p, d, ok := wb.billPage(w, r)
	if !ok || !opsParse(w, r, wb) {
		return
	}
	if _, err := wb.svc.WaiveBill(r.Context(), httpx.Actor(r), d.Bill.ID, r.PostForm.Get("reason")); err != nil {
		wb.billRefused(w, r, p, d, err, "waive")
		return
	}
	redirect(w, r, "/bills/"+itoa64(d.Bill.ID)+"?msg=bill_waived")
}
