package supervision

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io/fs"
	"strings"
	"time"

	"tuoyu/data"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Kind is what an inspection checks; each kind needs its own permission, so
// a partner department inspects only within its duty.
type Kind string

const (
	KindAnnual     Kind = "annual"      // 年度检查
	KindFireSafety Kind = "fire_safety" // 消防安全 (应急管理)
	KindFoodSafety Kind = "food_safety" // 食品安全 (市场监管)
	KindFees       Kind = "fees"        // 收费 (市场监管)
	KindHealthCare Kind = "health_care" // 卫生保健 (妇幼保健)
	KindCCTV       Kind = "cctv"        // 视频监控登记
	KindSpecial    Kind = "special"     // 专项
)

// Kinds lists every kind, in the order the interface shows them.
var Kinds = []Kind{KindAnnual, KindFireSafety, KindFoodSafety, KindFees, KindHealthCare, KindCCTV, KindSpecial}

// kindPermission is the permission to plan, inspect and order under a kind.
var kindPermission = map[Kind]authz.Permission{
	KindAnnual: authz.InspectAnnual, KindFireSafety: authz.InspectFireSafety, KindFoodSafety: authz.InspectFoodSafety,
	KindFees: authz.InspectFees, KindHealthCare: authz.InspectHealthCare, KindCCTV: authz.InspectCCTV, KindSpecial: authz.InspectSpecial,
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { _, ok := kindPermission[k]; return ok }

// kindsOf are the kinds whose records the actor reads: a partner those of
// its duty, everyone else every kind (their scope still applies).
func kindsOf(a authz.Actor) []Kind {
	if a.Role != domain.RolePartner {
		return Kinds
	}
	var out []Kind
	for _, k := range Kinds {
		if a.Can(kindPermission[k]) {
			out = append(out, k)
		}
	}
	return out
}

// kindWhere is the SQL condition keeping rows (column col) of the actor's kinds.
func kindWhere(a authz.Actor, col string) (string, []any) {
	ks := kindsOf(a)
	if len(ks) == 0 {
		return "1=0", nil
	}
	args := make([]any, len(ks))
	for i, k := range ks {
		args[i] = string(k)
	}
	return col + " IN (?" + strings.Repeat(", ?", len(ks)-1) + ")", args
}

// Basis is the legal source of a checklist item.
type Basis struct {
	Document string `json:"document"`
	Clause   string `json:"clause"`
}

// Item is one line of a checklist.
type Item struct {
	Code      string `json:"code"`
	TextZh    string `json:"zh"`
	TextEn    string `json:"en"`
	Basis     Basis  `json:"basis"`
	Dimension string `json:"dimension"`
	Points    int    `json:"points"`
	// Veto (一票否决): failing it fails the inspection.
	Veto bool `json:"veto"`
	// Kinds of institution it applies to; empty means all.
	Kinds []string `json:"kinds"`
	Photo bool     `json:"photo"`
}

// AppliesTo reports whether the item applies to an institution kind.
func (it Item) AppliesTo(kind string) bool { return len(it.Kinds) == 0 || contains(it.Kinds, kind) }

// Template is one version of a checklist.
type Template struct {
	ID      int64  `json:"id"`
	Code    string `json:"code"`
	Version int    `json:"version"`
	Kind    Kind   `json:"kind"`
	NameZh  string `json:"name_zh"`
	NameEn  string `json:"name_en"`
	Source  string `json:"source"`
	Items   []Item `json:"items"`
}

// Item finds an item by code.
func (t Template) Item(code string) (Item, bool) {
	for _, it := range t.Items {
		if it.Code == code {
			return it, true
		}
	}
	return Item{}, false
}

// TemplateEdited is the audit action of a new checklist version.
const TemplateEdited Action = "supervision.template.version"

// LoadTemplates inserts the shipped checklists (data/supervision) as version
// 1 of each code not yet in the database; it runs at start.
func (s *Service) LoadTemplates(ctx context.Context) error {
	files, err := fs.Glob(data.Supervision, "supervision/*.json")
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(q store.Q) error {
		for _, f := range files {
			b, err := data.Supervision.ReadFile(f)
			if err != nil {
				return err
			}
			var t Template
			if err := json.Unmarshal(b, &t); err != nil {
				return err
			}
			if err := checkTemplate(t); err != nil {
				return err
			}
			var n int
			if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM sv_templates WHERE code = ?", t.Code).Scan(&n); err != nil || n > 0 {
				return err
			}
			t.Version = 1
			if _, err := insertTemplate(ctx, q, t, nil, s.now().UTC()); err != nil {
				return err
			}
		}
		return nil
	})
}

func insertTemplate(ctx context.Context, q store.Q, t Template, by any, now time.Time) (int64, error) {
	items, err := json.Marshal(t.Items)
	if err != nil {
		return 0, err
	}
	return q.Insert(ctx, `INSERT INTO sv_templates (code, version, kind, name_zh, name_en, source, items, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, t.Code, t.Version, t.Kind, t.NameZh, t.NameEn, t.Source, string(items), by, now)
}

// checkTemplate validates a checklist: fields named items.N.field.
func checkTemplate(t Template) error {
	p := domain.Problems{}
	if !t.Kind.Valid() {
		p.Add("kind", domain.ReasonNotAllowed)
	}
	if strings.TrimSpace(t.NameZh) == "" {
		p.Add("name_zh", domain.ReasonRequired)
	}
	if len(t.Items) == 0 {
		p.Add("items", domain.ReasonRequired)
	}
	seen := map[string]bool{}
	for i, it := range t.Items {
		f := func(name string) string { return "items." + itoa(i) + "." + name }
		switch {
		case strings.TrimSpace(it.Code) == "":
			p.Add(f("code"), domain.ReasonRequired)
		case seen[it.Code]:
			p.Add(f("code"), "duplicate")
		}
		seen[it.Code] = true
		if strings.TrimSpace(it.TextZh) == "" {
			p.Add(f("zh"), domain.ReasonRequired)
		}
		if strings.TrimSpace(it.Basis.Document) == "" {
			p.Add(f("basis.document"), domain.ReasonRequired)
		}
		if it.Points < 0 || it.Points > 1000 {
			p.Add(f("points"), "out_of_range")
		}
		for _, k := range it.Kinds {
			if !contains(domain.Kinds, k) {
				p.Add(f("kinds"), domain.ReasonNotAllowed)
			}
		}
	}
	return p.Err()
}

const templateColumns = "t.id, t.code, t.version, t.kind, t.name_zh, t.name_en, t.source, t.items"

func scanTemplate(row interface{ Scan(...any) error }) (Template, error) {
	var t Template
	var items string
	if err := row.Scan(&t.ID, &t.Code, &t.Version, &t.Kind, &t.NameZh, &t.NameEn, &t.Source, &items); err != nil {
		return t, err
	}
	return t, json.Unmarshal([]byte(items), &t.Items)
}

// Templates lists the current version of every checklist.
func (s *Service) Templates(ctx context.Context, a authz.Actor) ([]Template, error) {
	if err := a.Require(authz.TemplateView); err != nil {
		return nil, err
	}
	return s.templates(ctx, `WHERE t.version = (SELECT MAX(v.version) FROM sv_templates v WHERE v.code = t.code) ORDER BY t.id`)
}

// templates reads the checklist versions a condition keeps.
func (s *Service) templates(ctx context.Context, where string, args ...any) ([]Template, error) {
	rows, err := s.db.Read().Query(ctx, "SELECT "+templateColumns+" FROM sv_templates t "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Template
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Template returns one version of a checklist.
func (s *Service) Template(ctx context.Context, a authz.Actor, id int64) (Template, error) {
	if err := a.Require(authz.TemplateView); err != nil {
		return Template{}, err
	}
	return templateByID(ctx, s.db.Read(), id)
}

func templateByID(ctx context.Context, q store.Q, id int64) (Template, error) {
	t, err := scanTemplate(q.QueryRow(ctx, "SELECT "+templateColumns+" FROM sv_templates t WHERE t.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, domain.NotFound("template")
	}
	return t, err
}

// TemplateEdit is a new version of a checklist: names and items replace the
// current version's; code and kind stay.
type TemplateEdit struct {
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
	Source string `json:"source"`
	Items  []Item `json:"items"`
}

// NewTemplateVersion makes the next version of a checklist (the city
// regulator); inspections already planned keep the version they were given.
func (s *Service) NewTemplateVersion(ctx context.Context, a authz.Actor, id int64, e TemplateEdit) (Template, error) {
	if err := a.Require(authz.TemplateEdit); err != nil {
		return Template{}, err
	}
	var out Template
	err := s.db.Tx(ctx, func(q store.Q) error {
		cur, err := templateByID(ctx, q, id)
		if err != nil {
			return err
		}
		if err := q.QueryRow(ctx, "SELECT MAX(version) FROM sv_templates WHERE code = ?", cur.Code).Scan(&out.Version); err != nil {
			return err
		}
		out = Template{Code: cur.Code, Version: out.Version + 1, Kind: cur.Kind, NameZh: strings.TrimSpace(e.NameZh), NameEn: strings.TrimSpace(e.NameEn),
			Source: strings.TrimSpace(e.Source), Items: e.Items}
		if err := checkTemplate(out); err != nil {
			return err
		}
		if out.ID, err = insertTemplate(ctx, q, out, userRef(a), s.now().UTC()); err != nil {
			return err
		}
		return s.audit(ctx, q, a, TemplateEdited, "template", out.ID, a.RegionCode, 0, map[string]any{"code": out.Code, "version": out.Version, "items": len(out.Items)})
	})
	return out, err
}

// TemplateVersions lists every version of a checklist code, newest first;
// old versions stay readable, and inspections keep the one they used.
func (s *Service) TemplateVersions(ctx context.Context, a authz.Actor, code string) ([]Template, error) {
	if err := a.Require(authz.TemplateView); err != nil {
		return nil, err
	}
	return s.templates(ctx, "WHERE t.code = ? ORDER BY t.version DESC", code)
}
