package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"tuoyu/internal/billing"
	"tuoyu/internal/domain"
	"tuoyu/internal/i18n"
)

// Option is one choice of a select.
type Option struct {
	Value, Label string
}

// OptGroup is a labelled group of choices.
type OptGroup struct {
	Label   string
	Options []Option
}

// Field is what the form partials need to draw one input: its label, the
// user's value, its problem and the reviewer's note, already translated.
type Field struct {
	Name, Type, Label, Value string
	Error, Review, Note      string
	Checked                  bool
	Options                  []Option
	Groups                   []OptGroup
	// Blank is the label of the empty choice of a select ("" for none).
	Blank string
}

// CareRow is one care type of a form: ticked or not, with its fee.
type CareRow struct {
	Label, Unit string
	Check, Fee  Field
}

// careArgs is what the "care" partial draws from.
type careArgs struct {
	Page   *Page
	Prefix string
}

// ID is the element id of the field's input.
func (f Field) ID() string { return "f-" + idSafe(f.Name) }

// ErrID is the element id of the field's problem message.
func (f Field) ErrID() string { return "e-" + idSafe(f.Name) }

var idUnsafe = regexp.MustCompile(`[^A-Za-z0-9_-]`)

func idSafe(s string) string { return idUnsafe.ReplaceAllString(s, "_") }

// careIndexed matches the service's names for a care offer's parts.
var careIndexed = regexp.MustCompile(`^care_types\[(\d+)\]\.(type|fee)$`)

// fieldLabel names a form field in the reader's language: filing fields
// have "field.<name>" keys, materials are named by their type, and the
// registration form's "institution." prefix is dropped.
func fieldLabel(lang, name string) string {
	name = strings.TrimPrefix(name, "institution.")
	switch {
	case strings.HasPrefix(name, "materials."):
		return i18n.T(lang, strings.TrimPrefix(name, "materials."))
	case strings.HasPrefix(name, "care_") && i18n.Has(strings.TrimPrefix(name, "care_")):
		return i18n.T(lang, strings.TrimPrefix(name, "care_"))
	case strings.HasPrefix(name, "fee_") && i18n.Has(strings.TrimPrefix(name, "fee_")):
		return i18n.T(lang, "field.fee_of", i18n.T(lang, strings.TrimPrefix(name, "fee_")))
	case careIndexed.MatchString(name):
		m := careIndexed.FindStringSubmatch(name)
		n, _ := strconv.Atoi(m[1])
		return i18n.T(lang, "field.care_types") + " " + strconv.Itoa(n+1)
	case i18n.Has("field." + name):
		return i18n.T(lang, "field."+name)
	}
	return name
}

func funcs(lang string) template.FuncMap {
	tr := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	field := func(p *Page, name, typ string) Field {
		f := Field{Name: name, Type: typ, Label: fieldLabel(lang, name), Value: p.Val(name), Checked: p.Checked(name), Note: p.Notes[name]}
		if e := p.Err(name); e != "" {
			f.Error = tr(e)
		}
		f.Review = p.Review[strings.TrimPrefix(name, "institution.")]
		return f
	}
	return template.FuncMap{
		"fid": func(name string) string { return "f-" + idSafe(name) },
		"eid": func(name string) string { return "e-" + idSafe(name) },
		"care": func(p *Page, prefix string) []CareRow {
			out := make([]CareRow, len(domain.CareTypes))
			for i, t := range domain.CareTypes {
				unit := "unit.yuan_month"
				if t == domain.CareHourly {
					unit = "unit.yuan_hour"
				}
				out[i] = CareRow{Label: tr(t), Unit: tr(unit), Check: field(p, prefix+"care_"+t, "checkbox"), Fee: field(p, prefix+"fee_"+t, "decimal")}
			}
			return out
		},
		"careArgs": func(p *Page, prefix string) careArgs { return careArgs{Page: p, Prefix: prefix} },
		"t":        tr,
		"yesnoOptions": func() []Option {
			return []Option{{Value: "true", Label: tr("yes")}, {Value: "false", Label: tr("no")}}
		},
		"label": func(name string) string { return fieldLabel(lang, name) },
		// A notification in the page's language (stored as kind and arguments).
		"notice": func(n domain.Notification) domain.Notification { return i18n.Notification(lang, n) },
		"fld":    field,
		"chk": func(p *Page, name string) Field {
			return field(p, name, "checkbox")
		},
		"area": func(p *Page, name string) Field { return field(p, name, "textarea") },
		"sel": func(p *Page, name string, opts []Option, blank string) Field {
			f := field(p, name, "select")
			f.Options = opts
			if blank != "" {
				f.Blank = tr(blank)
			}
			return f
		},
		"grouped": func(p *Page, name string, groups []OptGroup, blank string) Field {
			f := field(p, name, "select")
			f.Groups = groups
			if blank != "" {
				f.Blank = tr(blank)
			}
			return f
		},
		"datetime": func(v any) string {
			switch t := v.(type) {
			case time.Time:
				if t.IsZero() {
					return ""
				}
				return chinaTime(t).Format("2006-01-02 15:04")
			case *time.Time:
				if t == nil || t.IsZero() {
					return ""
				}
				return chinaTime(*t).Format("2006-01-02 15:04")
			}
			return ""
		},
		"fees":        func(cs []domain.CareOffer) []string { return feeList(lang, cs) },
		"feesInForce": func(fs []domain.FeeInForce) []string { return feesInForce(lang, fs) },
		"bands":       func(bs []domain.BandFigures) []string { return bandList(lang, bs) },
		"size":        sizeText,
		"isImage":     func(ct string) bool { return strings.HasPrefix(ct, "image/") },
		"event":       func(ev domain.AuditEvent) string { return eventSummary(lang, ev) },
		"action":      func(a string) string { return actionLabel(lang, a) },
		"raw":         func(b json.RawMessage) string { return string(b) },
		"points":      points,
	}
}

// feeText shows a care offer's fee with its unit: monthly, or per hour for
// hourly care.
func feeText(lang string, c domain.CareOffer) string {
	unit := "unit.per_month"
	if c.Type == domain.CareHourly {
		unit = "unit.per_hour"
	}
	return i18n.T(lang, c.Type) + " " + i18n.T(lang, unit, strconv.FormatFloat(c.Fee, 'f', -1, 64))
}

// feesInForce shows the fee schedule rows in force: care type, amount per
// unit and the daily meal fee.
func feesInForce(lang string, fs []domain.FeeInForce) []string {
	unit := map[string]string{domain.FeeMonthly: "unit.per_month", domain.FeeDaily: "unit.per_day", domain.FeeHourly: "unit.per_hour"}
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = i18n.T(lang, f.CareType) + " " + i18n.T(lang, unit[f.Unit], billing.FormatYuan(f.AmountFen))
		if f.MealFeeDailyFen > 0 {
			out[i] += i18n.T(lang, "figures.meal_fee", billing.FormatYuan(f.MealFeeDailyFen))
		}
	}
	return out
}

// bandList shows the places and vacancies of each class type.
func bandList(lang string, bs []domain.BandFigures) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = i18n.T(lang, "figures.band", i18n.T(lang, "class_type."+b.ClassType), b.Capacity, b.Enrolled, b.Vacancies)
	}
	return out
}

func feeList(lang string, cs []domain.CareOffer) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = feeText(lang, c)
	}
	return out
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// actionLabel names an audit action; actions added later without a
// catalog entry show their code.
func actionLabel(lang, action string) string {
	if i18n.Has("action." + action) {
		return i18n.T(lang, "action."+action)
	}
	return action
}

// eventSummary picks the telling details of an audit event: the reason of
// a return, the receipt number, the due date, the file uploaded.
func eventSummary(lang string, ev domain.AuditEvent) string {
	var d map[string]any
	if len(ev.Detail) == 0 || json.Unmarshal(ev.Detail, &d) != nil {
		return ""
	}
	var parts []string
	str := func(k string) string {
		if v, ok := d[k].(string); ok {
			return v
		}
		return ""
	}
	if v := str("receipt_no"); v != "" {
		parts = append(parts, i18n.T(lang, "field.receipt_no")+": "+v)
	}
	if v := str("due_date"); v != "" && ev.Action == "filing.submit" {
		parts = append(parts, i18n.T(lang, "field.due_date")+": "+v)
	}
	if v := str("reason"); v != "" {
		parts = append(parts, i18n.T(lang, "field.reason")+": "+v)
	}
	if items, ok := d["item_reasons"].(map[string]any); ok {
		keys := make([]string, 0, len(items))
		for k := range items {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			parts = append(parts, fieldLabel(lang, k)+": "+fmt.Sprint(items[k]))
		}
	}
	if v := str("type"); v != "" && strings.HasPrefix(ev.Action, "filing.material") {
		parts = append(parts, i18n.T(lang, v)+" "+str("filename"))
	}
	if fs, ok := d["fields"].([]any); ok && len(fs) > 0 {
		names := make([]string, 0, len(fs))
		for _, f := range fs {
			names = append(names, fieldLabel(lang, fmt.Sprint(f)))
		}
		parts = append(parts, i18n.T(lang, "timeline.changed")+": "+strings.Join(names, "、"))
	}
	if v := str("kind"); v != "" && ev.Action == "filing.create" {
		parts = append(parts, i18n.T(lang, v))
	}
	if late, ok := d["late"].(bool); ok && late {
		parts = append(parts, i18n.T(lang, "timeline.late"))
	}
	return strings.Join(parts, "；")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// points writes a score with one decimal; a missing one (a nil pointer) is blank.
func points(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'f', 1, 64)
	case *float64:
		if x != nil {
			return strconv.FormatFloat(*x, 'f', 1, 64)
		}
	}
	return ""
}
