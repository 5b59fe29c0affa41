package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

func (wb *Web) blacklistRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/blacklist", Permission: authz.BlacklistView, Summary: "Lifetime ban list (终身禁入) in scope; add and lift", Handler: wb.blacklistPage},
		{Method: "POST", Pattern: "/blacklist", Permission: authz.BlacklistEdit, Summary: "Ban a person from child-care work, with a reason", Handler: wb.blacklistAdd},
		{Method: "POST", Pattern: "/blacklist/{id}/lift", Permission: authz.BlacklistEdit, Summary: "Lift a ban, with a reason", Handler: wb.blacklistLift},
		{Method: "GET", Pattern: "/blacklist/refused", Permission: authz.BlacklistView, Summary: "Refused attempts to hire a banned person in scope", Handler: wb.refusedHires},
	}
}

type blacklistData struct {
	Items   []domain.BlacklistEntry
	Pager   Pager
	States  []Option
	Refused []refusedHire
	// RefusedTotal counts every refused hire in scope.
	RefusedTotal int
	CanEdit      bool
	// Lift is the entry whose lift form was refused.
	Lift int64
}

// FieldOrder is the order of the page's fields, for the problem summary.
func (blacklistData) FieldOrder() []string {
	return []string{"id_number", "name", "reason", "region_code", "lift_reason"}
}

// refusedHire is a refused attempt to hire a banned person, from its audit event.
type refusedHire struct {
	At              time.Time
	InstitutionID   int64
	InstitutionName string
	Name, IDMasked  string
	Post, Actor     string
}

// refusedHires turns audit events into refused hires, naming the institutions.
func (wb *Web) refusedList(ctx context.Context, a authz.Actor, page domain.Page) ([]refusedHire, int, error) {
	events, total, err := wb.svc.RefusedBlacklistedHires(ctx, a, page)
	if err != nil {
		return nil, 0, err
	}
	names := map[int64]string{}
	out := make([]refusedHire, 0, len(events))
	for _, ev := range events {
		var d struct {
			Name     string `json:"name"`
			IDMasked string `json:"id_masked"`
			Post     string `json:"post"`
		}
		_ = json.Unmarshal(ev.Detail, &d)
		h := refusedHire{At: ev.At, InstitutionID: ev.InstitutionID, Name: d.Name, IDMasked: d.IDMasked, Post: d.Post, Actor: ev.ActorName}
		if n, ok := names[ev.InstitutionID]; ok {
			h.InstitutionName = n
		} else if in, err := wb.svc.Institution(ctx, a, ev.InstitutionID); err == nil {
			h.InstitutionName, names[ev.InstitutionID] = in.Name, in.Name
		}
		out = append(out, h)
	}
	return out, total, nil
}

func (wb *Web) blacklistPage(w http.ResponseWriter, r *http.Request) {
	wb.renderBlacklist(w, r, newPage(r, "blacklist.title"), http.StatusOK, 0)
}

func (wb *Web) renderBlacklist(w http.ResponseWriter, r *http.Request, p *Page, status int, lift int64) {
	a := httpx.Actor(r)
	q := r.URL.Query()
	p.Active = "ops_blacklist"
	p.Form.Set("q", q.Get("q"))
	p.Form.Set("state", q.Get("state"))
	d := blacklistData{CanEdit: authz.Has(a.Role, authz.BlacklistEdit), Lift: lift,
		States: []Option{{Value: "active", Label: i18n.T(p.Lang, "blacklist.active")}, {Value: "lifted", Label: i18n.T(p.Lang, "blacklist.lifted")}}}
	f := store.BlacklistFilter{Q: strings.TrimSpace(q.Get("q"))}
	switch q.Get("state") {
	case "active":
		yes := true
		f.Active = &yes
	case "lifted":
		no := false
		f.Active = &no
	}
	pg := pageOf(r, 30)
	items, total, err := wb.svc.Blacklist(r.Context(), a, f, pg)
	if fe := fieldErrors(err); fe != nil {
		p.Errors, p.Problem, status = fe, "error.filter", http.StatusUnprocessableEntity
	} else if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d.Items, d.Pager = items, newPager(r, pg, total)
	if d.Refused, d.RefusedTotal, err = wb.refusedList(r.Context(), a, domain.Page{Page: 1, PerPage: 5}); err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = d
	wb.render(w, r, status, "ops_blacklist", p)
}

func (wb *Web) blacklistAdd(w http.ResponseWriter, r *http.Request) {
	if !opsParse(w, r, wb) {
		return
	}
	v := r.PostForm
	p := newPage(r, "blacklist.title")
	_, err := wb.svc.AddBlacklistEntry(r.Context(), httpx.Actor(r), service.NewBlacklistEntry{IDNumber: v.Get("id_number"), Name: v.Get("name"), Reason: v.Get("reason")})
	if err != nil {
		status, ok := opsRefused(p, err, nil)
		if !ok {
			wb.WriteError(w, r, err)
			return
		}
		p.Form = v
		wb.renderBlacklist(w, r, p, status, 0)
		return
	}
	redirect(w, r, "/blacklist?msg=blacklist_added")
}

func (wb *Web) blacklistLift(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	if !opsParse(w, r, wb) {
		return
	}
	p := newPage(r, "blacklist.title")
	if _, err := wb.svc.LiftBlacklistEntry(r.Context(), httpx.Actor(r), id, r.PostForm.Get("lift_reason")); err != nil {
		status, ok := opsRefused(p, err, map[string]string{"reason": "lift_reason"})
		if !ok {
			wb.WriteError(w, r, err)
			return
		}
		p.Form = r.PostForm
		wb.renderBlacklist(w, r, p, status, id)
		return
	}
	redirect(w, r, "/blacklist?msg=blacklist_lifted")
}

type refusedData struct {
	Items []refusedHire
	Pager Pager
}

func (wb *Web) refusedHires(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "blacklist.refused_hires")
	p.Active = "ops_blacklist"
	pg := pageOf(r, 30)
	items, total, err := wb.refusedList(r.Context(), httpx.Actor(r), pg)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = refusedData{Items: items, Pager: newPager(r, pg, total)}
	wb.render(w, r, http.StatusOK, "ops_refused", p)
}
