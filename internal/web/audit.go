package web

import (
	"net/http"
	"strconv"
	"strings"

	"tuoyu/internal/audit"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
	"tuoyu/internal/store"
)

// auditEntities are the kinds of record audit events are about.
var auditEntities = []string{"filing", "institution", "user", "session"}

type auditData struct {
	Items    []domain.AuditEvent
	Pager    Pager
	Entities []Option
	Actions  []Option
}

// auditList shows the audit events in the reader's scope, newest first:
// administrators see all, regulators their region.
func (wb *Web) auditList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := newPage(r, "audit.title")
	p.Active = "audit"
	for _, k := range []string{"entity", "action", "id"} {
		p.Form.Set(k, q.Get(k))
	}
	entities := make([]Option, len(auditEntities))
	for i, e := range auditEntities {
		entities[i] = Option{Value: e, Label: i18n.T(p.Lang, "entity."+e)}
	}
	actions := make([]Option, len(audit.Actions))
	for i, a := range audit.Actions {
		actions[i] = Option{Value: string(a), Label: actionLabel(p.Lang, string(a))}
	}
	d := auditData{Entities: entities, Actions: actions}
	f := store.AuditFilter{Entity: q.Get("entity"), Action: strings.TrimSpace(q.Get("action"))}
	pg := pageOf(r, 50)
	status, total := http.StatusOK, 0
	if v := strings.TrimSpace(q.Get("id")); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			p.Errors["id"], p.Problem, status = reasonNotWhole, "error.filter", http.StatusUnprocessableEntity
		}
		f.EntityID = id
	}
	if status == http.StatusOK {
		items, n, err := wb.svc.AuditEvents(r.Context(), httpx.Actor(r), f, pg)
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		d.Items, total = items, n
	}
	d.Pager = newPager(r, pg, total)
	p.Data = d
	wb.render(w, r, status, "audit", p)
}
