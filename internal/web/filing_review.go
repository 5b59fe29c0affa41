package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/service"
)

// fact is one field of a filing as the review screen shows it.
type fact struct {
	Field, Value string
}

type factGroup struct {
	Key   string
	Facts []fact
}

type changeRow struct {
	Field, Old, New string
}

type filingPageData struct {
	View        service.FilingView
	Institution domain.Institution
	Groups      []factGroup
	Changes     []changeRow
	// Items are what a return may give a reason for: each field and each material type.
	Items     []Option
	CanDecide bool
	CanEdit   bool
	Township  string
}

// Due reports whether the filing is waiting for a decision.
func (d filingPageData) Due() bool { return d.View.Status == domain.FilingSubmitted }

// boolFields are the filing's yes/no fields.
var boolFields = map[string]bool{"for_profit": true, "serves_food": true, "commitment": true}

// enumFields are fields whose values are catalog keys.
var enumFields = map[string]bool{"kind": true, "nature": true, "premises_nature": true}

// factValue shows one value of the filing form, given as its JSON text
// (which is also how domain.Diff reports changes).
func factValue(lang string, names *regionNames, field, raw string) string {
	raw = strings.TrimSpace(raw)
	switch {
	case raw == "" || raw == "null":
		return ""
	case boolFields[field]:
		if raw == "true" {
			return i18n.T(lang, "yes")
		}
		return i18n.T(lang, "no")
	case enumFields[field]:
		return i18n.T(lang, strings.Trim(raw, `"`))
	case field == "township_code":
		code := strings.Trim(raw, `"`)
		if n := names.Name(code); n != code {
			return n + " (" + code + ")"
		}
		return code
	case field == "care_types":
		var offers []domain.CareOffer
		if json.Unmarshal([]byte(raw), &offers) != nil {
			return raw
		}
		return strings.Join(feeList(lang, offers), "；")
	}
	if s, err := strconv.Unquote(raw); err == nil {
		return s
	}
	return raw
}

// filingFacts lays out every field of the form by group.
func filingFacts(lang string, names *regionNames, d domain.FilingData) []factGroup {
	b, _ := json.Marshal(d)
	var m map[string]json.RawMessage
	_ = json.Unmarshal(b, &m)
	out := make([]factGroup, 0, len(filingGroups))
	for _, g := range filingGroups {
		fg := factGroup{Key: g.Key}
		for _, f := range g.Fields {
			raw := string(m[f])
			if f == "legal_rep_id" {
				raw = string(m["legal_rep_id_masked"])
			}
			fg.Facts = append(fg.Facts, fact{Field: f, Value: factValue(lang, names, f, raw)})
		}
		out = append(out, fg)
	}
	return out
}

// reviewItems lists what a return may give a reason for.
func reviewItems(lang string) []Option {
	var out []Option
	for _, g := range filingGroups {
		for _, f := range g.Fields {
			out = append(out, Option{Value: f, Label: fieldLabel(lang, f)})
		}
	}
	for _, t := range domain.MaterialTypes {
		out = append(out, Option{Value: "materials." + t, Label: i18n.T(lang, t)})
	}
	return out
}

// filingPage shows a filing: for the county regulator it is the review
// screen with the materials previewed and the decision form.
func (wb *Web) filingPage(w http.ResponseWriter, r *http.Request) {
	v, in, ok := wb.filingFor(w, r)
	if !ok {
		return
	}
	wb.renderFilingPage(w, r, newPage(r, "filing.title"), http.StatusOK, v, in)
}

func (wb *Web) renderFilingPage(w http.ResponseWriter, r *http.Request, p *Page, status int, v service.FilingView, in domain.Institution) {
	names := wb.names(r.Context())
	a := httpx.Actor(r)
	d := filingPageData{View: v, Institution: in, Groups: filingFacts(p.Lang, names, v.Data),
		CanDecide: authz.Has(a.Role, authz.FilingReview) && v.Status == domain.FilingSubmitted,
		CanEdit:   authz.Has(a.Role, authz.FilingEdit) && editable(v.Filing),
		Township:  names.Name(v.Data.TownshipCode)}
	for _, c := range v.Changes {
		d.Changes = append(d.Changes, changeRow{Field: c.Field, Old: factValue(p.Lang, names, c.Field, quoteIfText(c.Old)), New: factValue(p.Lang, names, c.Field, quoteIfText(c.New))})
	}
	if d.CanDecide {
		d.Items = reviewItems(p.Lang)
	}
	p.Heading = v.Institution
	p.Active = "filings"
	p.Data = d
	wb.render(w, r, status, "filing", p)
}

// quoteIfText turns the unquoted strings of domain.Diff back into JSON
// text, so factValue reads old and new values the same way.
func quoteIfText(s string) string {
	if s == "" || s == "true" || s == "false" || s == "null" || strings.HasPrefix(s, "[") || strings.HasPrefix(s, "{") {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return strconv.Quote(s)
}

// filingDecide files the filing or returns it with an overall reason and
// optional reasons per field or material ("item.<name>" inputs).
func (wb *Web) filingDecide(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		wb.WriteError(w, r, domain.BadRequest("malformed form"))
		return
	}
	dec := service.Decision{Decision: r.PostForm.Get("decision"), Reason: r.PostForm.Get("reason"), ItemReasons: map[string]string{}}
	for k, vs := range r.PostForm {
		if item, ok := strings.CutPrefix(k, "item."); ok && len(vs) > 0 && strings.TrimSpace(vs[0]) != "" {
			dec.ItemReasons[item] = vs[0]
		}
	}
	f, err := wb.svc.DecideFiling(r.Context(), httpx.Actor(r), id, dec)
	if err == nil {
		redirect(w, r, "/filings/"+itoa64(f.ID)+"?msg="+f.Status)
		return
	}
	fe := fieldErrors(err)
	if fe == nil {
		wb.WriteError(w, r, err)
		return
	}
	v, in, ok := wb.filingFor(w, r)
	if !ok {
		return
	}
	p := newPage(r, "filing.title")
	p.Form = r.PostForm
	p.Errors = fe
	p.Problem = "review.not_decided"
	wb.renderFilingPage(w, r, p, httpx.Status(err), v, in)
}
