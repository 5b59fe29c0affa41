package web

// What the operations pages (ops_*.go) share: form fields labelled from the
// "ops.f.*" catalog keys, refusals placed at their fields, role links in the
// navigation, the tabs of an institution, Excel export links, and dates.

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/billing"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
)

// opsIndexed matches the index of a list field: "guardians[1].phone".
var opsIndexed = regexp.MustCompile(`^([a-z_]+)\[(\d+)\]\.(.+)$`)

// opsLabel names a field of an operations form: "ops.f.<name>" in the
// catalog, with list fields numbered ("监护人 2 · 手机号码"); other names
// fall back to the filing form's labels.
func opsLabel(lang, name string) string {
	if m := opsIndexed.FindStringSubmatch(name); m != nil {
		n, _ := strconv.Atoi(m[2])
		return i18n.T(lang, "ops.f."+m[1]+".n", n+1) + " · " + opsLabel(lang, m[1]+"."+m[3])
	}
	if i18n.Has("ops.f." + name) {
		return i18n.T(lang, "ops.f."+name)
	}
	if item, ok := strings.CutPrefix(name, "findings."); ok && i18n.Has("daily.item."+item) {
		return i18n.T(lang, "daily.item."+item)
	}
	// A sub-form's prefix ("g.name", "ct.number") names the same field.
	if _, rest, ok := strings.Cut(name, "."); ok && i18n.Has("ops.f."+rest) {
		return i18n.T(lang, "ops.f."+rest)
	}
	return fieldLabel(lang, name)
}

// opsReason translates a field's refusal: a broken rule ("rule:class.size")
// points to the form's top, where its message and legal basis are shown.
func opsReason(lang, reason string) string {
	switch {
	case strings.HasPrefix(reason, "rule:"):
		return i18n.T(lang, "ops.rule_broken")
	case i18n.Has(reason):
		return i18n.T(lang, reason)
	}
	return i18n.T(lang, "ops.invalid")
}

// OpsField is an input of an operations form.
func (p *Page) OpsField(name, typ string) Field {
	f := Field{Name: name, Type: typ, Label: opsLabel(p.Lang, name), Value: p.Val(name), Checked: p.Checked(name)}
	if e := p.Err(name); e != "" {
		f.Error = opsReason(p.Lang, e)
	}
	return f
}

// OpsArea is a text area of an operations form.
func (p *Page) OpsArea(name string) Field { return p.OpsField(name, "textarea") }

// OpsCheck is a checkbox of an operations form.
func (p *Page) OpsCheck(name string) Field { return p.OpsField(name, "checkbox") }

// OpsSelect is a select of an operations form; blank is the catalog key of
// the empty choice ("" for none).
func (p *Page) OpsSelect(name string, opts []Option, blank string) Field {
	f := p.OpsField(name, "select")
	f.Options = opts
	if blank != "" {
		f.Blank = i18n.T(p.Lang, blank)
	}
	return f
}

// OpsGrouped is a select of an operations form with grouped choices.
func (p *Page) OpsGrouped(name string, groups []OptGroup, blank string) Field {
	f := p.OpsField(name, "select")
	f.Groups = groups
	if blank != "" {
		f.Blank = i18n.T(p.Lang, blank)
	}
	return f
}

// OpsHas reports whether a multi-valued field holds a value (checkbox lists).
func (p *Page) OpsHas(name, value string) bool { return slices.Contains(p.Form[name], value) }

// OpsProblem is one line of a refused form's summary, translated.
type OpsProblem struct{ Field, Label, Reason string }

// OpsErrors lists a refused form's problems in the order of the form.
func (p *Page) OpsErrors() []OpsProblem {
	out := make([]OpsProblem, 0, len(p.Errors))
	for _, k := range sortedKeys(p.Errors) {
		out = append(out, OpsProblem{Field: k, Label: opsLabel(p.Lang, k), Reason: opsReason(p.Lang, p.Errors[k])})
	}
	if order, ok := p.Data.(interface{ FieldOrder() []string }); ok {
		rank := map[string]int{}
		for i, f := range order.FieldOrder() {
			rank[f] = i + 1
		}
		slices.SortStableFunc(out, func(a, b OpsProblem) int {
			ra, rb := rank[a.Field], rank[b.Field]
			if ra == 0 {
				ra = len(rank) + 1
			}
			if rb == 0 {
				rb = len(rank) + 1
			}
			return ra - rb
		})
	}
	return out
}

// opsRefused shows a service's refusal on the form it came from. It returns
// false when the refusal is not about the form (not found, forbidden, …):
// the caller then writes the error page. rename maps the service's field
// names to the form's.
func opsRefused(p *Page, err error, rename map[string]string) (int, bool) {
	e := httpx.Public(err)
	switch e.Code {
	case domain.CodeInvalid, domain.CodeConflict, domain.CodeBlacklisted:
	default:
		return 0, false
	}
	if e.Code == domain.CodeInvalid && !e.Validation {
		return 0, false
	}
	errs := map[string]string{}
	rule := false
	for k, v := range e.Fields {
		if to, ok := rename[k]; ok {
			k = to
		}
		if _, taken := errs[k]; !taken {
			errs[k] = v
		}
		rule = rule || strings.HasPrefix(v, "rule:")
	}
	p.Errors = errs
	switch {
	case e.Code == domain.CodeBlacklisted:
		p.Problem = "error.blacklisted"
	case rule || len(e.Findings) > 0:
		// What each broken rule says, with its legal basis, in the reader's language.
		p.Problem = findingsText(p.Lang, e.Findings)
	case e.Code == domain.CodeConflict && len(errs) == 0:
		p.Problem = "ops.conflict"
	case e.Code == domain.CodeConflict:
		p.Problem = "ops.conflict_fields"
	}
	return httpx.Status(e), true
}

// findingsText says broken rules in one language: each message with its
// legal basis ("…（依据《托育机构设置标准（试行）》第十九条）").
func findingsText(lang string, fs []domain.RuleFinding) string {
	if len(fs) == 0 {
		return "ops.conflict_fields"
	}
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = i18n.T(lang, "ops.rule_finding", f.Text(lang), f.Basis(lang))
	}
	sep := "；"
	if lang == "en" {
		sep = "; "
	}
	return strings.Join(parts, sep)
}

// opsParse reads a POSTed form; a malformed body is a bad request.
func opsParse(w http.ResponseWriter, r *http.Request, wb *Web) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		wb.WriteError(w, r, domain.BadRequest("malformed form"))
		return false
	}
	return true
}

// opsYuanToFen reads an amount in yuan into fen, recording a problem.
func opsYuanToFen(v url.Values, name string, errs map[string]string) int64 {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return 0
	}
	fen, err := billing.ParseYuan(s)
	switch {
	case errors.Is(err, billing.ErrAmountNegative):
		errs[name] = domain.ReasonNegative
	case errors.Is(err, billing.ErrAmountTooLarge):
		errs[name] = domain.ReasonRange
	case err != nil:
		errs[name] = domain.ReasonBillAmount
	}
	return fen
}

// opsInt reads an optional whole number, recording a problem.
func opsInt(v url.Values, name string, errs map[string]string) int {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		errs[name] = reasonNotWhole
	}
	return n
}

// opsID reads an optional record ID (a select's value).
func opsID(v url.Values, name string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(v.Get(name)), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// opsOptions turns domain values into choices labelled "<prefix><value>".
func opsOptions(lang, prefix string, values []string) []Option {
	out := make([]Option, len(values))
	for i, v := range values {
		out[i] = Option{Value: v, Label: i18n.T(lang, prefix+v)}
	}
	return out
}

// opsTime shows a time of day in China time ("" for none).
func opsTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return chinaTime(*t).Format("15:04")
}

// opsInstitutionPage starts a page of an institution: its frame, heading
// and tabs. The institution is loaded through the viewer's scope.
func (wb *Web) opsInstitutionPage(w http.ResponseWriter, r *http.Request, title, tab string) (*Page, domain.Institution, bool) {
	in, ok := wb.institutionFor(w, r)
	if !ok {
		return nil, in, false
	}
	p := newPage(r, title)
	p.Heading = in.Name
	p.Active = opsActive(p.Actor, tab)
	p.Tabs = opsTabs(p.Actor, in.ID, tab)
	return p, in, true
}

// opsExport is the link to one of the API's Excel exports for institution
// id, in the page's language and with those of the query's filters the
// export takes; "" when the viewer may not use it.
func opsExport(p *Page, e httpx.Export, id int64, q url.Values) string {
	if !p.Actor.LoggedIn() || !authz.Has(p.Actor.Role, e.Permission) {
		return ""
	}
	u := strings.Replace(e.Pattern, "{id}", itoa64(id), 1)
	v := url.Values{}
	for _, k := range e.Query {
		switch {
		case k == "lang":
			v.Set(k, p.Lang)
		case k == "region" && q.Get("county") != "":
			v.Set(k, regionFilter(q.Get("county"), q.Get("township")))
		case q.Get(k) != "" && k != "page" && k != "per_page":
			v.Set(k, q.Get(k))
		}
	}
	if len(v) > 0 {
		u += "?" + v.Encode()
	}
	return u
}

// opsToday is today's date in China, YYYY-MM-DD.
func (wb *Web) opsToday() string { return wb.svc.Today().Format(time.DateOnly) }

// opsSlot is one of a form's repeated blocks: its index and its number.
type opsSlot struct{ I, N int }

func opsSlots(n int) []opsSlot {
	out := make([]opsSlot, n)
	for i := range out {
		out[i] = opsSlot{I: i, N: i + 1}
	}
	return out
}

// OpsPersonArgs draw a person's inputs (a guardian or pick-up person).
type OpsPersonArgs struct {
	Page                 *Page
	Prefix               string
	Relations, CertTypes []Option
}

// OpsPerson is what the "ops_person" partial needs for inputs named
// prefix+field.
func (p *Page) OpsPerson(prefix string) OpsPersonArgs {
	return OpsPersonArgs{Page: p, Prefix: prefix, Relations: opsOptions(p.Lang, "relation.", domain.Relations),
		CertTypes: opsOptions(p.Lang, "cert_type.", opsCertTypes)}
}

// OpsLabel names a field of an operations form in the page's language.
func (p *Page) OpsLabel(name string) string { return opsLabel(p.Lang, name) }
