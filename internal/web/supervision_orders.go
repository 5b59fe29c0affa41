package web

import (
	"net/http"
	"strconv"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/supervision"
)

// supervisionOrderRoutes: rectification orders (责令限期整改) issued from
// findings, the institution's evidence, the inspector's decision and any
// penalty recorded.
func (wb *Web) supervisionOrderRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/supervision/orders", Permission: authz.OrderView, Summary: "Rectification orders in scope by deadline: filters (status, overdue, escalated), pages", Handler: wb.svOrders},
		{Method: "GET", Pattern: "/supervision/orders.xlsx", Permission: authz.OrderView, Summary: "Rectification orders as Excel, same filters", Handler: wb.svOrdersExport},
		{Method: "POST", Pattern: "/supervision/orders", Permission: authz.OrderIssue, Summary: "Issue an order from findings of one inspection (finding_ids, due_on, required_evidence)", Handler: wb.svOrderIssue},
		{Method: "GET", Pattern: "/supervision/orders/{id}", Permission: authz.OrderView, Summary: "An order: findings, evidence, history, penalties; the institution's and the inspector's forms", Handler: wb.svOrderPage},
		{Method: "POST", Pattern: "/supervision/orders/{id}/evidence", Permission: authz.OrderRespond, Summary: "Upload evidence (multipart: file; JPEG, PNG or PDF, sniffed)", Handler: wb.svOrderEvidence},
		{Method: "POST", Pattern: "/supervision/orders/{id}/submit", Permission: authz.OrderRespond, Summary: "Submit the evidence with an explanation", Handler: wb.svOrderSubmit},
		{Method: "POST", Pattern: "/supervision/orders/{id}/decision", Permission: authz.OrderIssue, Summary: "Accept, reject with a reason, or schedule a re-check", Handler: wb.svOrderDecide},
		{Method: "POST", Pattern: "/supervision/orders/{id}/penalties", Permission: authz.OrderIssue, Summary: "Record a penalty decision (kind, amount, decision number, date)", Handler: wb.svOrderPenalty},
		{Method: "GET", Pattern: "/supervision/order-files/{id}", Permission: authz.OrderView, Summary: "An evidence file of an order in scope", Handler: wb.svOrderFile},
	}
}

var svOrderStatuses = []string{supervision.OrderOpen, supervision.OrderSubmitted, supervision.OrderReturned, supervision.OrderRecheck, supervision.OrderClosed}

type svOrdersData struct {
	Items     []supervision.Order
	Pager     Pager
	Statuses  []Option
	ExportURL string
}

func svOrderFilter(r *http.Request) supervision.OrderFilter {
	q := r.URL.Query()
	return supervision.OrderFilter{Status: q.Get("status"), Overdue: checked(q, "overdue"), Escalated: checked(q, "escalated")}
}

func (wb *Web) svOrders(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "sv.orders.title")
	p.Active = "sv_orders"
	for _, k := range []string{"status", "overdue", "escalated"} {
		p.Form.Set(k, r.URL.Query().Get(k))
	}
	pg := pageOf(r, 20)
	items, total, err := wb.Supervision.Orders(r.Context(), httpx.Actor(r), svOrderFilter(r), pg)
	status := http.StatusOK
	if fe := fieldErrors(err); fe != nil {
		p.Errors, p.Problem, status = fe, "error.filter", http.StatusUnprocessableEntity
	} else if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = svOrdersData{Items: items, Pager: newPager(r, pg, total), Statuses: svOptions(p.Lang, "sv.order.", svOrderStatuses),
		ExportURL: svExportURL(r, "/supervision/orders.xlsx")}
	wb.render(w, r, status, "supervision_orders", p)
}

func (wb *Web) svOrdersExport(w http.ResponseWriter, r *http.Request) {
	svExport(wb, w, r, svSheet[supervision.Order]{title: "sv.orders.title", file: "orders.xlsx",
		columns: []string{"sv.x.institution", "sv.f.kind", "sv.f.severity", "sv.f.status", "sv.x.issued_on", "sv.x.due_on", "sv.x.overdue_order", "sv.x.escalated", "sv.x.closed_on"},
		fetch: func(pg domain.Page) ([]supervision.Order, int, error) {
			return wb.Supervision.Orders(r.Context(), httpx.Actor(r), svOrderFilter(r), pg)
		},
		row: func(lang string, o supervision.Order) []any {
			return []any{o.InstitutionName, i18n.T(lang, "sv.kind."+string(o.Kind)), i18n.T(lang, "sv.severity."+o.Severity),
				i18n.T(lang, "sv.order."+o.Status), o.IssuedOn.String(), o.DueOn.String(), o.Overdue, o.Escalated, o.ClosedOn}
		}})
}

func (wb *Web) svOrderIssue(w http.ResponseWriter, r *http.Request) {
	if !opsParse(w, r, wb) {
		return
	}
	v := r.PostForm
	errs := map[string]string{}
	n := supervision.NewOrder{FindingIDs: svIDs(v, "finding_ids", errs), RequiredEvidence: v.Get("required_evidence")}
	if s := strings.TrimSpace(v.Get("due_on")); s != "" {
		d, err := civil.Parse(s)
		if err != nil {
			errs["due_on"] = "bad_date"
		}
		n.DueOn = d
	}
	back := v.Get("inspection")
	var err error
	if len(errs) > 0 {
		err = &domain.Error{Code: domain.CodeInvalid, Validation: true, Message: "invalid order", Fields: errs}
	}
	var o supervision.Order
	if err == nil {
		o, err = wb.Supervision.IssueOrder(r.Context(), httpx.Actor(r), n)
	}
	if err != nil {
		// Shown on the inspection the findings came from.
		if _, perr := strconv.ParseInt(back, 10, 64); perr == nil {
			r.SetPathValue("id", back)
			p := newPage(r, "sv.inspection.title")
			p.Form = v
			if status, ok := opsRefused(p, err, nil); ok {
				wb.renderInspection(w, r, p, status)
				return
			}
		}
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, "/supervision/orders/"+itoa64(o.ID)+"?msg=sv_order_issued")
}

type svOrderData struct {
	Order      supervision.Order
	CanRespond bool
	CanDecide  bool
	Decisions  []Option
	Penalties  []Option
}

// FieldOrder is the order of the page's fields, for the problem summary.
func (svOrderData) FieldOrder() []string {
	return []string{"file", "explanation", "decision", "reason", "recheck_on", "penalty_kind", "amount", "decision_no", "decided_on"}
}

func (wb *Web) svOrderPage(w http.ResponseWriter, r *http.Request) {
	wb.renderOrder(w, r, newPage(r, "sv.order.title"), http.StatusOK)
}

func (wb *Web) renderOrder(w http.ResponseWriter, r *http.Request, p *Page, status int) {
	a := httpx.Actor(r)
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	o, err := wb.Supervision.Order(r.Context(), a, id)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Active = "sv_orders"
	p.Heading = o.InstitutionName
	p.Data = svOrderData{Order: o,
		CanRespond: a.Can(authz.OrderRespond) && (o.Status == supervision.OrderOpen || o.Status == supervision.OrderReturned),
		CanDecide:  a.Can(authz.OrderIssue) && a.Can(o.Kind.Permission()) && (o.Status == supervision.OrderSubmitted || o.Status == supervision.OrderRecheck),
		Decisions:  svOptions(p.Lang, "sv.decision.", []string{supervision.DecisionAccept, supervision.DecisionReject, supervision.DecisionRecheck}),
		Penalties:  svOptions(p.Lang, "sv.penalty.", supervision.PenaltyKinds)}
	wb.render(w, r, status, "supervision_order", p)
}

// svPostedOn reads the {id} of a posted form and the form; false when the
// answer is already written.
func (wb *Web) svPostedOn(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return 0, false
	}
	return id, opsParse(w, r, wb)
}

// svOrderDone shows a refusal on the order page, or goes back to it.
func (wb *Web) svOrderDone(w http.ResponseWriter, r *http.Request, err error, form map[string][]string, msg string, rename map[string]string) {
	if err != nil {
		p := newPage(r, "sv.order.title")
		if form != nil {
			p.Form = form
		}
		status, ok := opsRefused(p, err, rename)
		if !ok {
			wb.WriteError(w, r, err)
			return
		}
		wb.renderOrder(w, r, p, status)
		return
	}
	redirect(w, r, "/supervision/orders/"+r.PathValue("id")+"?msg="+msg)
}

func (wb *Web) svOrderEvidence(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	_, name, content, err := httpx.ReadUpload(w, r)
	if err == nil {
		_, err = wb.Supervision.AddEvidence(r.Context(), httpx.Actor(r), id, name, content)
	}
	if httpx.Public(err).Fields["file"] == "bad_file_type" {
		err = domain.Invalid("file", "bad_evidence_type") // photos or PDF here, not photos only
	}
	wb.svOrderDone(w, r, err, nil, "sv_evidence_added", nil)
}

func (wb *Web) svOrderSubmit(w http.ResponseWriter, r *http.Request) {
	id, ok := wb.svPostedOn(w, r)
	if !ok {
		return
	}
	var err error
	_, err = wb.Supervision.SubmitOrder(r.Context(), httpx.Actor(r), id, supervision.Submission{Explanation: r.PostForm.Get("explanation")})
	wb.svOrderDone(w, r, err, r.PostForm, "sv_order_submitted", nil)
}

func (wb *Web) svOrderDecide(w http.ResponseWriter, r *http.Request) {
	id, ok := wb.svPostedOn(w, r)
	if !ok {
		return
	}
	var err error
	v := r.PostForm
	d := supervision.OrderDecision{Decision: v.Get("decision"), Reason: v.Get("reason")}
	if s := strings.TrimSpace(v.Get("recheck_on")); s != "" {
		if d.RecheckOn, err = civil.Parse(s); err != nil {
			wb.svOrderDone(w, r, domain.Invalid("recheck_on", "bad_date"), v, "", nil)
			return
		}
	}
	_, err = wb.Supervision.DecideOrder(r.Context(), httpx.Actor(r), id, d)
	wb.svOrderDone(w, r, err, v, "sv_order_decided", nil)
}

func (wb *Web) svOrderPenalty(w http.ResponseWriter, r *http.Request) {
	id, ok := wb.svPostedOn(w, r)
	if !ok {
		return
	}
	var err error
	v := r.PostForm
	pn := supervision.Penalty{Kind: v.Get("penalty_kind"), DecisionNo: v.Get("decision_no")}
	errs := map[string]string{}
	if s := strings.TrimSpace(v.Get("amount")); s != "" {
		if pn.Amount, err = strconv.ParseFloat(s, 64); err != nil {
			errs["amount"] = "not_number"
		}
	}
	if s := strings.TrimSpace(v.Get("decided_on")); s != "" {
		if pn.DecidedOn, err = civil.Parse(s); err != nil {
			errs["decided_on"] = "bad_date"
		}
	}
	err = nil
	if len(errs) > 0 {
		err = &domain.Error{Code: domain.CodeInvalid, Validation: true, Message: "invalid penalty", Fields: errs}
	} else {
		_, err = wb.Supervision.RecordPenalty(r.Context(), httpx.Actor(r), id, pn)
	}
	wb.svOrderDone(w, r, err, v, "sv_penalty_recorded", map[string]string{"kind": "penalty_kind"})
}

func (wb *Web) svOrderFile(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	f, err := wb.Supervision.OrderFile(r.Context(), httpx.Actor(r), id)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	httpx.SendUpload(w, f.ContentType, f.Content)
}
