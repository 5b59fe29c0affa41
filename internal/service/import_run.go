package service

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/i18n"
	"tuoyu/internal/importer"
	"tuoyu/internal/store"
)

// ImportRequest is an uploaded roster.
type ImportRequest struct {
	Kind     string // children or staff
	DryRun   bool
	Filename string
	Data     []byte
	Lang     string // of the messages: zh (default) or en
}

// ImportError is one problem of a roster: the spreadsheet row (1-based,
// the header is row 1), the column as headed in the file ("" for the row
// as a whole) and what is wrong, in the reader's language.
type ImportError struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// ImportResult is the outcome of an import or of its preview. Rows counts
// the data rows read, Valid those that passed every check, Imported those
// written (0 for a preview and for a refused import: all or nothing).
type ImportResult struct {
	Kind     string        `json:"kind"`
	DryRun   bool          `json:"dry_run"`
	Format   string        `json:"format"`
	Rows     int           `json:"rows"`
	Valid    int           `json:"valid"`
	Imported int           `json:"imported"`
	Errors   []ImportError `json:"errors"`
	Warnings []string      `json:"warnings"`
}

// errImportRollback ends the import transaction without writing: a preview,
// or an import with errors.
var errImportRollback = errors.New("import: roll back")

// Import reads a roster of children (with a guardian each) or staff for an
// institution in the director's scope and checks every row with the same
// validation as enrolling a child or hiring a person one at a time, plus
// checks across the file (an ID number twice, class capacity and places
// counted over all the rows). The rows are written in one transaction,
// each with its audit event, in file order; a preview (DryRun) does the
// same and rolls back, so what it reports is exactly what the import would
// meet. With any error nothing is written and every error is listed by row
// and column. A file over a limit is refused as too large (413), one that
// cannot be read as invalid (422).
func (s *Service) Import(ctx context.Context, a authz.Actor, institutionID int64, req ImportRequest) (ImportResult, error) {
	if err := a.Require(authz.ImportRun); err != nil {
		return ImportResult{}, err
	}
	lang := req.Lang
	if lang != "en" {
		lang = "zh"
	}
	switch req.Kind {
	case ImportChildren:
		if err := a.Require(authz.ChildEdit); err != nil {
			return ImportResult{}, err
		}
	case ImportStaff:
		if err := a.Require(authz.StaffEdit); err != nil {
			return ImportResult{}, err
		}
	case "":
		return ImportResult{}, domain.Invalid("kind", domain.ReasonRequired)
	default:
		return ImportResult{}, domain.Invalid("kind", domain.ReasonNotAllowed)
	}
	inst, err := s.DB.Read().Institution(ctx, a.Scope(), institutionID)
	if err != nil {
		return ImportResult{}, err
	}
	if domain.StatusEnded(inst.Status) {
		return ImportResult{}, domain.Conflict("the institution's filing is cancelled")
	}
	t, err := importer.Read(req.Filename, req.Data, importerColumns(req.Kind), importer.DefaultLimits)
	if err != nil {
		return ImportResult{}, importFileError(err, lang)
	}
	r := &importRun{kind: req.Kind, lang: lang, t: t, spec: importSpec(req.Kind), reported: map[importCell]bool{}, bad: map[int]bool{}}
	res := ImportResult{Kind: req.Kind, DryRun: req.DryRun, Format: t.Format, Rows: len(t.Rows), Warnings: []string{}}
	headerBad := false
	for _, p := range t.Problems {
		r.addText(p.Row, p.Key, p.Column, r.message(p.Key, p.Reason, importer.DefaultLimits.MaxCellChars))
		headerBad = headerBad || p.Row == 1
	}
	if headerBad {
		// The columns cannot be told apart: the rows are not checked.
		res.Errors = r.sorted()
		return res, nil
	}
	var refused []refusedHire
	err = s.DB.Tx(ctx, func(q store.Q) error {
		var err error
		if req.Kind == ImportChildren {
			err = s.importChildren(ctx, q, a, inst, r)
		} else {
			refused, err = s.importStaff(ctx, q, a, inst, r)
		}
		if err != nil {
			return err
		}
		res.Valid = r.written
		if req.DryRun || len(r.errs) > 0 {
			return errImportRollback
		}
		res.Imported = r.written
		action := audit.ImportChildren
		if req.Kind == ImportStaff {
			action = audit.ImportStaff
		}
		return s.audit(ctx, q, a, action, "institution", inst.ID, inst.RegionCode, inst.ID, map[string]any{
			"rows": len(t.Rows), "imported": r.written, "format": t.Format, "file": importName(req.Filename)})
	})
	if err != nil && !errors.Is(err, errImportRollback) {
		return ImportResult{}, err
	}
	// Refused hires of banned persons are recorded whatever became of the
	// import, as a single hire records them.
	if len(refused) > 0 {
		if err := s.DB.Tx(ctx, func(q store.Q) error {
			for _, h := range refused {
				if err := s.audit(ctx, q, a, audit.StaffHireRefusedBlacklisted, "institution", inst.ID, inst.RegionCode, inst.ID, map[string]any{
					"name": h.name, "id_masked": h.masked, "post": h.post, "blacklist_id": h.banID, "import": true}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return ImportResult{}, err
		}
	}
	res.Errors = r.sorted()
	res.Warnings = append(res.Warnings, r.warnings...)
	return res, nil
}

// importFileError turns a file the importer refused into what users see.
func importFileError(err error, lang string) error {
	var le *importer.LimitError
	if errors.As(err, &le) {
		return &domain.Error{Code: domain.CodeTooLarge, Message: i18n.T(lang, le.Reason, le.Limit), Fields: map[string]string{"file": le.Reason}}
	}
	var fe *importer.FormatError
	if errors.As(err, &fe) {
		return &domain.Error{Code: domain.CodeInvalid, Validation: true, Message: i18n.T(lang, fe.Reason), Fields: map[string]string{"file": fe.Reason}}
	}
	return err
}

type importCell struct {
	line int
	key  string
}

// importRun collects the errors of one import.
type importRun struct {
	kind     string
	lang     string
	t        *importer.Table
	spec     []importColumn
	errs     []ImportError
	order    []int // column position of each error, for sorting
	reported map[importCell]bool
	bad      map[int]bool // rows with an error
	written  int
	warnings []string
}

// column returns the spec of a key.
func (r *importRun) column(key string) (importColumn, int, bool) {
	for i, c := range r.spec {
		if c.key == key {
			return c, i, true
		}
	}
	return importColumn{}, len(r.spec), false
}

// addText records an error of a cell (key "" = the row); only the first
// error of a cell is kept.
func (r *importRun) addText(line int, key, column, msg string) {
	cell := importCell{line, key}
	if key != "" && r.reported[cell] {
		return
	}
	r.reported[cell] = true
	r.bad[line] = true
	_, pos, ok := r.column(key)
	if column == "" && ok {
		column = r.t.Header(key)
	}
	r.errs = append(r.errs, ImportError{Row: line, Column: column, Message: msg})
	r.order = append(r.order, pos)
}

// add records a reason (a catalog key) for a cell.
func (r *importRun) add(line int, key, reason string, args ...any) {
	r.addText(line, key, "", r.message(key, reason, args...))
}

// message translates a reason about a column; a value not allowed lists
// the values that are.
func (r *importRun) message(key, reason string, args ...any) string {
	if c, _, ok := r.column(key); ok && reason == domain.ReasonNotAllowed && c.label != nil {
		return i18n.T(r.lang, "import.not_allowed_of", strings.Join(allowedValues(c, r.lang), "、"))
	}
	if !i18n.Has(reason) {
		return i18n.T(r.lang, "import.invalid")
	}
	if strings.Contains(i18n.T("en", reason), "%") && len(args) > 0 {
		return i18n.T(r.lang, reason, args...)
	}
	return i18n.T(r.lang, reason)
}

// problems records the validation problems of a row; field names the
// service's field of a column key.
func (r *importRun) problems(line int, p domain.Problems, keyOf func(field string) string) {
	fields := make([]string, 0, len(p))
	for f := range p {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		r.add(line, keyOf(f), p[f])
	}
}

// refusal records a refusal (a *domain.Error) of a row's write: each field
// at its column, a rule by its message.
func (r *importRun) refusal(line int, err error, keyOf func(field string) string) bool {
	var e *domain.Error
	if !errors.As(err, &e) {
		return false
	}
	if len(e.Fields) == 0 {
		for _, rf := range e.Findings {
			r.finding(line, "", rf)
		}
		if len(e.Findings) == 0 {
			r.addText(line, "", "", i18n.T(r.lang, "ops.invalid"))
		}
		return true
	}
	said := false
	for _, f := range sortedFields(e.Fields) {
		reason := e.Fields[f]
		if strings.HasPrefix(reason, "rule:") && len(e.Findings) > 0 {
			for _, rf := range e.Findings {
				if !said {
					r.finding(line, keyOf(f), rf)
				}
			}
			said = true
			continue
		}
		if !i18n.Has(reason) {
			r.addText(line, keyOf(f), "", i18n.T(r.lang, "ops.invalid"))
			continue
		}
		r.add(line, keyOf(f), reason)
	}
	return true
}

func sortedFields(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// finding records a rule broken by a row, with its source.
func (r *importRun) finding(line int, key string, f domain.RuleFinding) {
	r.addText(line, key, "", i18n.T(r.lang, "import.rule", f.Text(r.lang), f.Basis(r.lang)))
}

// sorted returns the errors by row, then column order.
func (r *importRun) sorted() []ImportError {
	idx := make([]int, len(r.errs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool {
		a, b := idx[i], idx[j]
		if r.errs[a].Row != r.errs[b].Row {
			return r.errs[a].Row < r.errs[b].Row
		}
		if r.errs[a].Row == 1 {
			return a < b // the header: in the order found
		}
		return r.order[a] < r.order[b]
	})
	out := make([]ImportError, len(idx))
	for i, k := range idx {
		out[i] = r.errs[k]
	}
	return out
}

// keyOf maps a service field name to a column key: the column of the same
// name, a renamed one, or "" (the row).
func (r *importRun) keyOf(renames map[string]string) func(string) string {
	return func(field string) string {
		field = strings.TrimPrefix(field, "child.")
		if k, ok := renames[field]; ok {
			return k
		}
		if _, _, ok := r.column(field); ok {
			return field
		}
		return ""
	}
}

// importClasses lists every class of an institution in scope.
func importClasses(ctx context.Context, q store.Q, a authz.Actor, institutionID int64) ([]domain.Class, error) {
	var out []domain.Class
	for page := 1; ; page++ {
		items, total, err := q.ListClasses(ctx, a.Scope(), institutionID, domain.Page{Page: page, PerPage: 200})
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
		if len(items) == 0 || len(out) >= total {
			return out, nil
		}
	}
}

// parseFen reads an amount of yuan ("1800", "1,800.50", "¥1800元") as fen.
func parseFen(v string) (int64, bool) {
	v = strings.TrimSpace(strings.NewReplacer(",", "", "，", "", "¥", "", "￥", "", "元", "", " ", "").Replace(v))
	if v == "" {
		return 0, true
	}
	neg := strings.HasPrefix(v, "-")
	v = strings.TrimPrefix(v, "-")
	whole, frac, _ := strings.Cut(v, ".")
	if whole == "" || len(whole) > 12 || len(frac) > 2 || !digits(whole) || (frac != "" && !digits(frac)) {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

func digits(s string) bool {
	return s != "" && !slices.ContainsFunc([]rune(s), func(r rune) bool { return r < '0' || r > '9' })
}

// importName is a file name as recorded: at most 100 characters.
func importName(s string) string {
	if r := []rune(s); len(r) > 100 {
		return string(r[:100])
	}
	return s
}
