package service

import (
	"context"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/i18n"
	"tuoyu/internal/store"
)

// AuditQuery is the audit list's filter as a reader gives it (a page's
// query or the API's): text, checked here.
type AuditQuery struct {
	Entity, ID, Action, Person, Institution, Region, From, To string
	// Reveals keeps only the views of full ID numbers.
	Reveals bool
}

// AuditQueryFrom reads the filter from request parameters.
func AuditQueryFrom(get func(string) string) AuditQuery {
	reveals := get("reveals")
	return AuditQuery{Entity: get("entity"), ID: get("id"), Action: get("action"), Person: get("actor"), Institution: get("institution"),
		Region: get("region"), From: get("from"), To: get("to"), Reveals: reveals == "1" || reveals == "true" || reveals == "on"}
}

// AuditQueryParams are the parameters AuditQueryFrom reads.
var AuditQueryParams = []string{"entity", "id", "action", "actor", "institution", "region", "from", "to", "reveals"}

// Filter checks the query, field by field, into the store's filter. Dates
// are China calendar days, both ends included.
func (aq AuditQuery) Filter() (store.AuditFilter, error) {
	f := store.AuditFilter{Entity: strings.TrimSpace(aq.Entity), Action: strings.TrimSpace(aq.Action), Person: strings.TrimSpace(aq.Person)}
	p := domain.Problems{}
	num := func(field, v string) int64 {
		v = strings.TrimSpace(v)
		if v == "" {
			return 0
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			p.Add(field, "not_whole_number")
		}
		return n
	}
	f.EntityID = num("id", aq.ID)
	f.InstitutionID = num("institution", aq.Institution)
	if utf8.RuneCountInString(f.Person) > 50 {
		p.Add("actor", domain.ReasonTooLong)
	}
	if utf8.RuneCountInString(f.Action) > 80 {
		p.Add("action", domain.ReasonTooLong)
	}
	if r := strings.TrimSpace(aq.Region); r != "" {
		if _, _, ok := authz.RegionRange(r); !ok {
			p.Add("region", domain.ReasonNotAllowed)
		}
		f.Region = r
	}
	var from, to civil.Date
	date := func(field, v string) civil.Date {
		v = strings.TrimSpace(v)
		if v == "" {
			return civil.Date{}
		}
		d, err := civil.Parse(v)
		if err != nil {
			p.Add(field, domain.ReasonDate)
		}
		return d
	}
	from, to = date("from", aq.From), date("to", aq.To)
	if !from.IsZero() {
		f.From = from.Start()
	}
	if !to.IsZero() {
		f.To = to.AddDays(1).Start()
		if !from.IsZero() && to.Before(from) {
			p.Add("to", domain.ReasonRange)
		}
	}
	if aq.Reveals {
		for _, a := range audit.Reveals {
			f.Actions = append(f.Actions, string(a))
		}
	}
	return f, p.Err()
}

// AuditEvents lists audit events in the actor's scope, newest first.
func (s *Service) AuditEvents(ctx context.Context, a authz.Actor, f store.AuditFilter, page domain.Page) ([]domain.AuditEvent, int, error) {
	if err := a.Require(authz.AuditView); err != nil {
		return nil, 0, err
	}
	return s.DB.Read().ListAudit(ctx, a.Scope(), f, page)
}

// auditExportColumns are the header row of the audit export (catalog keys).
var auditExportColumns = []string{"audit.at", "audit.actor", "audit.action", "audit.col.institution", "audit.col.region", "audit.col.record",
	"audit.detail", "audit.reveal.whose", "audit.reveal.reason", "audit.ip"}

// ExportAudit writes the audit events in scope that match f as an .xlsx
// workbook streamed to w, newest first; the export is itself audited
// before the first byte. action names an action and detail summarises an
// event in the reader's language (the pages' wording).
func (s *Service) ExportAudit(ctx context.Context, a authz.Actor, f store.AuditFilter, lang string, action, detail func(domain.AuditEvent) string, w io.Writer) (int, error) {
	if err := a.Require(authz.AuditView); err != nil {
		return 0, err
	}
	regions := map[string]string{}
	regionName := func(code string) string {
		if code == "" {
			return ""
		}
		if n, ok := regions[code]; ok {
			return n
		}
		n := code
		if r, err := s.DB.Read().Region(ctx, code); err == nil {
			n = r.Name
		}
		regions[code] = n
		return n
	}
	var b *ExportBook
	begin := func() error {
		if err := s.DB.Tx(ctx, func(q store.Q) error {
			return s.audit(ctx, q, a, audit.AuditExport, "audit", 0, a.RegionCode, a.InstitutionID, map[string]any{"filter": auditFilterDetail(f)})
		}); err != nil {
			return err
		}
		sheet := i18n.T(lang, "audit.sheet")
		var err error
		if b, err = newExportBook(w, sheet); err != nil {
			return err
		}
		cols := make([]string, len(auditExportColumns))
		for i, k := range auditExportColumns {
			cols[i] = i18n.T(lang, k)
		}
		return b.Start(sheet, []float64{17, 16, 22, 26, 10, 18, 36, 22, 24, 14}, cols...)
	}
	n := 0
	err := s.DB.Read().EachAudit(ctx, a.Scope(), f, func(ev domain.AuditEvent) error {
		if b == nil {
			if err := begin(); err != nil {
				return err
			}
		}
		n++
		who := ev.ActorName
		if ev.ActorDisplayName != "" {
			who = ev.ActorDisplayName + "（" + ev.ActorName + "）"
		}
		rv := RevealOf(ev)
		record := i18n.T(lang, "entity."+ev.Entity)
		if ev.EntityID != 0 {
			record += " #" + strconv.FormatInt(ev.EntityID, 10)
		}
		return b.Add(civil.InChina(ev.At).String()+" "+ev.At.In(civil.China).Format("15:04:05"), who, action(ev), ev.InstitutionName, regionName(ev.RegionCode),
			record, detail(ev), rv.Masked, rv.Reason, ev.IP)
	})
	if err != nil {
		return 0, err
	}
	if b == nil {
		if err := begin(); err != nil {
			return 0, err
		}
	}
	return n, b.Finish()
}

// auditFilterDetail is what the export's own audit event records of its filter.
func auditFilterDetail(f store.AuditFilter) map[string]any {
	d := map[string]any{}
	add := func(k string, v any, set bool) {
		if set {
			d[k] = v
		}
	}
	add("entity", f.Entity, f.Entity != "")
	add("entity_id", f.EntityID, f.EntityID != 0)
	add("action", f.Action, f.Action != "")
	add("actions", f.Actions, len(f.Actions) > 0)
	add("person", f.Person, f.Person != "")
	add("institution_id", f.InstitutionID, f.InstitutionID != 0)
	add("region", f.Region, f.Region != "")
	add("from", f.From, !f.From.IsZero())
	add("to", f.To, !f.To.IsZero())
	return d
}

// Reveal is what a view of a full ID number recorded: whose (the subject
// and the number masked) and the reason given.
type Reveal struct {
	Subject   string `json:"subject"` // child, guardian or pickup
	SubjectID int64  `json:"subject_id"`
	Masked    string `json:"masked"`
	Reason    string `json:"reason"`
}

// RevealOf reads a reveal event's detail; other events give a zero Reveal.
func RevealOf(ev domain.AuditEvent) Reveal {
	if ev.Action != string(audit.ChildRevealId) {
		return Reveal{}
	}
	var r Reveal
	if err := json.Unmarshal(ev.Detail, &r); err != nil {
		return Reveal{}
	}
	// The detail holds the masked number; never show more even if an old
	// event held more.
	if r.Masked != "" && !strings.Contains(r.Masked, "*") {
		r.Masked = cnid.Mask(r.Masked)
	}
	return r
}
