package api

import (
	"net/http"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
)

type generateRequest struct {
	Month string `json:"month"`
}

type waiveRequest struct {
	Reason string `json:"reason"`
}

type feeScheduleList = service.FeeScheduleView

func (a *API) billRoutes() []httpx.Route {
	ok, created := http.StatusOK, http.StatusCreated
	billQuery := []string{"month", "status", "page", "per_page"}
	return []httpx.Route{
		{Method: "GET", Pattern: "/api/v1/institutions/{id}/fees", Permission: authz.BillView, Summary: "Fee schedule per care type, with the county's 普惠 price caps and the billing settings", Handler: a.handle(ok, onID(a.svc.FeeSchedule)), Response: feeScheduleList{}},
		{Method: "POST", Pattern: "/api/v1/institutions/{id}/fees", Permission: authz.BillEdit, Summary: "Add a fee schedule row (unit monthly|daily|hourly, amounts in yuan); a 普惠 fee above the county cap is refused", Handler: a.withBody(created, a.createFee), Request: service.NewFee{}, Response: domain.FeeSchedule{}},
		{Method: "GET", Pattern: "/api/v1/institutions/{id}/billing-settings", Permission: authz.BillView, Summary: "Billing settings: absence meal refund, rounding of hourly care", Handler: a.handle(ok, onID(a.svc.BillingSettings)), Response: domain.BillingSettings{}},
		{Method: "PUT", Pattern: "/api/v1/institutions/{id}/billing-settings", Permission: authz.BillEdit, Summary: "Change the billing settings", Handler: a.withBody(ok, a.setBillingSettings), Request: service.BillingSettingsInput{}, Response: domain.BillingSettings{}},
		{Method: "POST", Pattern: "/api/v1/institutions/{id}/bills/generate", Permission: authz.BillEdit, Summary: "Compute and issue the month's bills; regenerating replaces only issued bills with no payment", Handler: a.withBody(ok, a.generateBills), Request: generateRequest{}, Response: domain.BillRun{}},
		{Method: "GET", Pattern: "/api/v1/institutions/{id}/bills", Permission: authz.BillView, Summary: "An institution's bills (?month=YYYY-MM)", Handler: a.handle(ok, a.institutionBills), Query: billQuery, Response: List[domain.Bill]{}},
		{Method: "GET", Pattern: "/api/v1/bills/{id}", Permission: authz.BillView, Summary: "A bill with its lines (and the rules that produced them) and payments", Handler: a.handle(ok, onID(a.svc.Bill)), Response: domain.Bill{}},
		{Method: "POST", Pattern: "/api/v1/bills/{id}/payments", Permission: authz.BillEdit, Summary: "Record a payment by hand; overpayment is refused", Handler: a.withBody(created, a.recordPayment), Request: service.NewPayment{}, Response: domain.Bill{}},
		{Method: "POST", Pattern: "/api/v1/bills/{id}/waive", Permission: authz.BillEdit, Summary: "Waive what is outstanding, with a reason", Handler: a.withBody(ok, a.waiveBill), Request: waiveRequest{}, Response: domain.Bill{}},
		{Method: "GET", Pattern: "/api/v1/me/bills", Permission: authz.OwnChildren, Summary: "Bills of one's own children, with lines and payments", Handler: a.handle(ok, a.ownBills), Query: billQuery, Response: List[domain.Bill]{}},
		{Method: "GET", Pattern: "/api/v1/me/bills/{id}", Permission: authz.OwnChildren, Summary: "One bill of one's own child", Handler: a.handle(ok, onID(a.svc.OwnBill)), Response: domain.Bill{}},
		{Method: "GET", Pattern: "/api/v1/price-caps", Permission: authz.PriceCapEdit, Summary: "普惠 price caps of the counties in scope (?region=&care_type=)", Handler: a.handle(ok, a.priceCaps), Query: []string{"region", "care_type"}, Response: []domain.PriceCap{}},
		{Method: "POST", Pattern: "/api/v1/price-caps", Permission: authz.PriceCapEdit, Summary: "Set a county's 普惠 price cap for a care type, with its source", Handler: a.withBody(created, a.setPriceCap), Request: service.NewPriceCap{}, Response: domain.PriceCap{}},
	}
}

func billFilter(r *http.Request) domain.BillFilter {
	q := r.URL.Query()
	return domain.BillFilter{Month: q.Get("month"), Status: q.Get("status")}
}

func (a *API) createFee(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	var n service.NewFee
	if err := decode(w, r, &n); err != nil {
		return nil, err
	}
	return a.svc.CreateFee(r.Context(), httpx.Actor(r), id, n)
}

func (a *API) setBillingSettings(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	var in service.BillingSettingsInput
	if err := decode(w, r, &in); err != nil {
		return nil, err
	}
	return a.svc.SetBillingSettings(r.Context(), httpx.Actor(r), id, in)
}

func (a *API) generateBills(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	var g generateRequest
	if err := decode(w, r, &g); err != nil {
		return nil, err
	}
	return a.svc.GenerateBills(r.Context(), httpx.Actor(r), id, g.Month)
}

func (a *API) institutionBills(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	p := page(r)
	items, total, err := a.svc.InstitutionBills(r.Context(), httpx.Actor(r), id, billFilter(r), p)
	return list(items, total, p), err
}

func (a *API) recordPayment(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	var n service.NewPayment
	if err := decode(w, r, &n); err != nil {
		return nil, err
	}
	return a.svc.RecordPayment(r.Context(), httpx.Actor(r), id, n)
}

func (a *API) waiveBill(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	var wr waiveRequest
	if err := decode(w, r, &wr); err != nil {
		return nil, err
	}
	return a.svc.WaiveBill(r.Context(), httpx.Actor(r), id, wr.Reason)
}

func (a *API) ownBills(r *http.Request) (any, error) {
	p := page(r)
	items, total, err := a.svc.OwnBills(r.Context(), httpx.Actor(r), billFilter(r), p)
	return list(items, total, p), err
}

func (a *API) priceCaps(r *http.Request) (any, error) {
	q := r.URL.Query()
	return a.svc.PriceCaps(r.Context(), httpx.Actor(r), q.Get("region"), q.Get("care_type"))
}

func (a *API) setPriceCap(r *http.Request, w http.ResponseWriter) (any, error) {
	var n service.NewPriceCap
	if err := decode(w, r, &n); err != nil {
		return nil, err
	}
	return a.svc.SetPriceCap(r.Context(), httpx.Actor(r), n)
}
