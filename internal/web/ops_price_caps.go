package web

import (
	"context"
	"net/http"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/billing"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
)

func (wb *Web) priceCapRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/price-caps", Permission: authz.PriceCapEdit, Summary: "普惠 price caps of the counties in scope (?county=&care_type=); set one", Handler: wb.priceCapPage},
		{Method: "POST", Pattern: "/price-caps", Permission: authz.PriceCapEdit, Summary: "Set a county's 普惠 price cap for a care type, with its source", Handler: wb.priceCapSet},
	}
}

type priceCapData struct {
	Items     []domain.PriceCap
	Counties  []Option
	CareTypes []Option
	Units     []Option
	// Filtered is true when the list shows a selection, not every cap.
	Filtered bool
	// Today tells caps not yet in force from those replaced (YYYY-MM-DD).
	Today string
}

// FieldOrder is the order of the page's fields, for the problem summary.
func (priceCapData) FieldOrder() []string {
	out := []string{"county", "care_type"}
	for _, f := range priceCapFields {
		out = append(out, priceCapPrefix+f)
	}
	return out
}

// The form's inputs are the service's fields under a prefix, so they do not
// meet the list's filters (county, care_type) in the page's form values.
const priceCapPrefix = "cap."

var priceCapFields = []string{"region_code", "care_type", "unit", "amount", "effective_from", "source"}

// priceCapCounties are the counties a regulator may set caps for: their
// own county, or the counties under their city (or province).
func (wb *Web) priceCapCounties(ctx context.Context, base string) ([]Option, error) {
	if base == "" {
		return nil, nil
	}
	if isCounty(base) {
		r, err := wb.svc.Region(ctx, base)
		if err != nil {
			return nil, err
		}
		return []Option{{Value: r.Code, Label: r.Name}}, nil
	}
	rs, err := wb.svc.Regions(ctx, base)
	if err != nil {
		return nil, err
	}
	var out []Option
	for _, r := range rs {
		if r.Level == "county" {
			out = append(out, Option{Value: r.Code, Label: r.Name})
			continue
		}
		sub, err := wb.priceCapCounties(ctx, r.Code)
		if err != nil {
			return nil, err
		}
		out = append(out, sub...)
	}
	return out, nil
}

func (wb *Web) priceCapPage(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "price_caps.title")
	p.Form.Set(priceCapPrefix+"effective_from", wb.opsToday())
	wb.renderPriceCaps(w, r, p, http.StatusOK)
}

// renderPriceCaps draws the list with the query's filters and the form
// with p.Form (the refused input, or the defaults).
func (wb *Web) renderPriceCaps(w http.ResponseWriter, r *http.Request, p *Page, status int) {
	a := httpx.Actor(r)
	ctx := r.Context()
	q := r.URL.Query()
	p.Active = "ops_price_caps"
	county, careType := strings.TrimSpace(q.Get("county")), strings.TrimSpace(q.Get("care_type"))
	p.Form.Set("county", county)
	p.Form.Set("care_type", careType)
	counties, err := wb.priceCapCounties(ctx, wb.baseRegion(a))
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	if len(counties) == 1 && p.Form.Get(priceCapPrefix+"region_code") == "" {
		p.Form.Set(priceCapPrefix+"region_code", counties[0].Value)
	}
	d := priceCapData{Counties: counties, CareTypes: enumOptions(p.Lang, domain.CareTypes),
		Units: opsOptions(p.Lang, "fee.unit.", domain.FeeUnits), Filtered: county != "" || careType != "", Today: wb.opsToday()}
	d.Items, err = wb.svc.PriceCaps(ctx, a, county, careType)
	if fe := fieldErrors(err); fe != nil {
		if reason, ok := fe["region"]; ok {
			delete(fe, "region")
			fe["county"] = reason
		}
		p.Errors, p.Problem, status = fe, "error.filter", http.StatusUnprocessableEntity
	} else if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = d
	wb.render(w, r, status, "ops_price_caps", p)
}

func (wb *Web) priceCapSet(w http.ResponseWriter, r *http.Request) {
	if !opsParse(w, r, wb) {
		return
	}
	v := r.PostForm
	p := newPage(r, "price_caps.title")
	get := func(f string) string { return strings.TrimSpace(v.Get(priceCapPrefix + f)) }
	n := service.NewPriceCap{RegionCode: get("region_code"), CareType: get("care_type"), Unit: get("unit"),
		Amount: billing.YuanText(get("amount")), EffectiveFrom: get("effective_from"), Source: get("source")}
	if _, err := wb.svc.SetPriceCap(r.Context(), httpx.Actor(r), n); err != nil {
		rename := map[string]string{}
		for _, f := range priceCapFields {
			rename[f] = priceCapPrefix + f
		}
		status, ok := opsRefused(p, err, rename)
		if !ok {
			wb.WriteError(w, r, err)
			return
		}
		for _, f := range priceCapFields {
			p.Form.Set(priceCapPrefix+f, v.Get(priceCapPrefix+f))
		}
		wb.renderPriceCaps(w, r, p, status)
		return
	}
	redirect(w, r, "/price-caps?msg=price_cap_saved")
}
