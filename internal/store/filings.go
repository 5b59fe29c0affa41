package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

const filingColumns = `f.id, f.institution_id, i.name, f.region_code, f.version, f.kind, f.status, f.data, f.submitted_at, f.due_date, f.due_fallback,
	f.decided_at, f.receipt_no, f.return_reason, f.item_reasons, f.created_at, f.updated_at`

func scanFiling(row Row) (domain.Filing, error) {
	var f domain.Filing
	var data, reasons string
	var submitted, decided sql.NullTime
	var due, receipt sql.NullString
	err := row.Scan(&f.ID, &f.InstitutionID, &f.Institution, &f.RegionCode, &f.Version, &f.Kind, &f.Status, &data, &submitted, &due, &f.DueFallback,
		&decided, &receipt, &f.ReturnReason, &reasons, &f.CreatedAt, &f.UpdatedAt)
	if err != nil {
		return f, err
	}
	if submitted.Valid {
		t := submitted.Time.UTC()
		f.SubmittedAt = &t
	}
	if decided.Valid {
		t := decided.Time.UTC()
		f.DecidedAt = &t
	}
	f.DueDate, f.ReceiptNo = due.String, receipt.String
	f.CreatedAt, f.UpdatedAt = f.CreatedAt.UTC(), f.UpdatedAt.UTC()
	if err := json.Unmarshal([]byte(data), &f.Data); err != nil {
		return f, fmt.Errorf("filing %d data: %w", f.ID, err)
	}
	if err := json.Unmarshal([]byte(reasons), &f.ItemReasons); err != nil {
		return f, fmt.Errorf("filing %d reasons: %w", f.ID, err)
	}
	return f, nil
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// CreateFiling stores a new filing version. Two drafts racing for the same
// version number end in a conflict.
func (q Q) CreateFiling(ctx context.Context, f domain.Filing, createdBy int64, now time.Time) (int64, error) {
	data, err := json.Marshal(f.Data)
	if err != nil {
		return 0, err
	}
	return q.insert(ctx, `INSERT INTO filings (institution_id, region_code, version, kind, status, data, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.InstitutionID, f.RegionCode, f.Version, f.Kind, f.Status, string(data), createdBy, now.UTC(), now.UTC())
}

// UpdateFiling saves a filing's state, data and decision.
func (q Q) UpdateFiling(ctx context.Context, f domain.Filing, decidedBy int64, now time.Time) error {
	data, err := json.Marshal(f.Data)
	if err != nil {
		return err
	}
	reasons, err := json.Marshal(f.ItemReasons)
	if err != nil {
		return err
	}
	if f.ItemReasons == nil {
		reasons = []byte("{}")
	}
	var by any
	if decidedBy != 0 {
		by = decidedBy
	}
	_, err = q.exec(ctx, `UPDATE filings SET status = ?, data = ?, submitted_at = ?, due_date = ?, due_fallback = ?, decided_at = ?,
		decided_by = COALESCE(?, decided_by), receipt_no = ?, return_reason = ?, item_reasons = ?, updated_at = ? WHERE id = ?`,
		f.Status, string(data), nullTime(f.SubmittedAt), nullString(f.DueDate), f.DueFallback, nullTime(f.DecidedAt),
		by, nullString(f.ReceiptNo), f.ReturnReason, string(reasons), now.UTC(), f.ID)
	return err
}

// Filing returns one filing whose institution is in scope.
func (q Q) Filing(ctx context.Context, scope authz.Scope, id int64) (domain.Filing, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	f, err := scanFiling(q.queryRow(ctx, "SELECT "+filingColumns+" FROM filings f JOIN institutions i ON i.id = f.institution_id WHERE f.id = ? AND "+where,
		append([]any{id}, args...)...))
	if err != nil {
		return f, notFound(err, "filing")
	}
	f.Materials, err = q.materials(ctx, f.ID)
	return f, err
}

// FilingFilter narrows the filing worklist.
type FilingFilter struct {
	Status        string
	InstitutionID int64
}

// ListFilings returns filings in scope: the worklist orders submitted ones
// by due date, others newest first.
func (q Q) ListFilings(ctx context.Context, scope authz.Scope, f FilingFilter, page domain.Page) ([]domain.Filing, int, error) {
	page = page.Normalised()
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	if f.Status != "" {
		where += " AND f.status = ?"
		args = append(args, f.Status)
	}
	if f.InstitutionID != 0 {
		where += " AND f.institution_id = ?"
		args = append(args, f.InstitutionID)
	}
	var total int
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM filings f JOIN institutions i ON i.id = f.institution_id WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	order := "f.created_at DESC, f.id DESC"
	if f.Status == domain.FilingSubmitted {
		order = "f.due_date, f.submitted_at, f.id"
	}
	rows, err := q.query(ctx, "SELECT "+filingColumns+" FROM filings f JOIN institutions i ON i.id = f.institution_id WHERE "+where+
		" ORDER BY "+order+" LIMIT ? OFFSET ?", append(args, page.PerPage, page.Offset())...)
	out, err := Collect(rows, err, func(r Row) (domain.Filing, error) {
		fl, err := scanFiling(r)
		fl.Materials = []domain.Material{}
		return fl, err
	})
	return out, total, err
}

// LastFiled returns the most recent filed version of an institution in
// scope, if any.
func (q Q) LastFiled(ctx context.Context, scope authz.Scope, institutionID int64) (domain.Filing, bool, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	f, err := scanFiling(q.queryRow(ctx, "SELECT "+filingColumns+` FROM filings f JOIN institutions i ON i.id = f.institution_id
		WHERE f.institution_id = ? AND f.status = ? AND `+where+` ORDER BY f.version DESC LIMIT 1`, append([]any{institutionID, domain.FilingFiled}, args...)...))
	if err == sql.ErrNoRows {
		return f, false, nil
	}
	return f, err == nil, err
}

// MaxFilingVersion returns the highest version number of an institution's filings (0 if none).
func (q Q) MaxFilingVersion(ctx context.Context, institutionID int64) (int, error) {
	var v int
	err := q.queryRow(ctx, "SELECT COALESCE(MAX(version), 0) FROM filings WHERE institution_id = ?", institutionID).Scan(&v)
	return v, err
}

// OpenFiling returns the filing of an institution in scope that is still
// being worked on (draft, submitted or returned), if any.
func (q Q) OpenFiling(ctx context.Context, scope authz.Scope, institutionID int64) (domain.Filing, bool, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	f, err := scanFiling(q.queryRow(ctx, "SELECT "+filingColumns+` FROM filings f JOIN institutions i ON i.id = f.institution_id
		WHERE f.institution_id = ? AND f.status IN (?, ?, ?) AND `+where+` ORDER BY f.version DESC LIMIT 1`,
		append([]any{institutionID, domain.FilingDraft, domain.FilingSubmitted, domain.FilingReturned}, args...)...))
	if err == sql.ErrNoRows {
		return f, false, nil
	}
	return f, err == nil, err
}

// AddMaterial stores an uploaded scan.
func (q Q) AddMaterial(ctx context.Context, m domain.Material, content []byte, uploadedBy int64, now time.Time) (int64, error) {
	return q.insert(ctx, `INSERT INTO filing_materials (filing_id, type, filename, content_type, size, sha256, content, uploaded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.FilingID, m.Type, m.Filename, m.ContentType, m.Size, m.SHA256, content, uploadedBy, now.UTC())
}

// DeleteMaterial removes a scan from a filing still being prepared.
func (q Q) DeleteMaterial(ctx context.Context, filingID, id int64) error {
	r, err := q.exec(ctx, "DELETE FROM filing_materials WHERE id = ? AND filing_id = ?", id, filingID)
	if err != nil {
		return err
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return domain.NotFound("material")
	}
	return nil
}

// materials lists the scans of a filing read through its scope, without
// their content; a kept one names the version it was uploaded with.
func (q Q) materials(ctx context.Context, filingID int64) ([]domain.Material, error) {
	rows, err := q.query(ctx, `SELECT m.id, m.filing_id, m.type, m.filename, m.content_type, m.size, m.sha256, m.created_at,
		COALESCE(m.inherited_from, 0), COALESCE(sf.version, 0)
		FROM filing_materials m LEFT JOIN filing_materials src ON src.id = m.inherited_from LEFT JOIN filings sf ON sf.id = src.filing_id
		WHERE m.filing_id = ? ORDER BY m.type, m.id`, filingID)
	return Collect(rows, err, func(r Row) (domain.Material, error) {
		var m domain.Material
		err := r.Scan(&m.ID, &m.FilingID, &m.Type, &m.Filename, &m.ContentType, &m.Size, &m.SHA256, &m.CreatedAt, &m.InheritedFrom, &m.InheritedVersion)
		m.CreatedAt = m.CreatedAt.UTC()
		return m, err
	})
}

// InheritMaterials gives a new filing version the materials of another
// (the filed one it changes): rows that point at the uploaded material,
// whose content stays where it was. It returns how many were kept.
func (q Q) InheritMaterials(ctx context.Context, fromFilingID, toFilingID int64) (int64, error) {
	r, err := q.exec(ctx, `INSERT INTO filing_materials (filing_id, type, filename, content_type, size, sha256, content, uploaded_by, created_at, inherited_from)
		SELECT ?, type, filename, content_type, size, sha256, ?, uploaded_by, created_at, COALESCE(inherited_from, id)
		FROM filing_materials WHERE filing_id = ? ORDER BY id`, toFilingID, []byte{}, fromFilingID)
	if err != nil {
		return 0, err
	}
	return r.RowsAffected()
}

// MaterialOf returns one material (without content) of a filing whose
// institution is in scope.
func (q Q) MaterialOf(ctx context.Context, scope authz.Scope, filingID, id int64) (domain.Material, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	var n int
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM filings f JOIN institutions i ON i.id = f.institution_id WHERE f.id = ? AND "+where,
		append([]any{filingID}, args...)...).Scan(&n); err != nil || n == 0 {
		return domain.Material{}, notFound(errOr(err, sql.ErrNoRows), "material")
	}
	list, err := q.materials(ctx, filingID)
	if err != nil {
		return domain.Material{}, err
	}
	for _, m := range list {
		if m.ID == id {
			return m, nil
		}
	}
	return domain.Material{}, domain.NotFound("material")
}

// MaterialContent returns a scan whose institution is in scope; a kept
// material's content is the uploaded one's.
func (q Q) MaterialContent(ctx context.Context, scope authz.Scope, id int64) (domain.Material, []byte, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	var m domain.Material
	var content []byte
	var from sql.NullInt64
	err := q.queryRow(ctx, `SELECT m.id, m.filing_id, m.type, m.filename, m.content_type, m.size, m.sha256, m.created_at, m.inherited_from,
		CASE WHEN m.inherited_from IS NULL THEN m.content ELSE src.content END
		FROM filing_materials m JOIN filings f ON f.id = m.filing_id JOIN institutions i ON i.id = f.institution_id
		LEFT JOIN filing_materials src ON src.id = m.inherited_from
		WHERE m.id = ? AND `+where, append([]any{id}, args...)...).
		Scan(&m.ID, &m.FilingID, &m.Type, &m.Filename, &m.ContentType, &m.Size, &m.SHA256, &m.CreatedAt, &from, &content)
	m.InheritedFrom = from.Int64
	return m, content, notFound(err, "material")
}

// NextReceiptNo issues the next filing receipt number of a county for a
// year: county code, year and a sequence, e.g. 610602-2026-0007.
func (q Q) NextReceiptNo(ctx context.Context, regionCode string, year int) (string, error) {
	r, err := q.exec(ctx, "UPDATE receipt_counters SET last = last + 1 WHERE region_code = ? AND year = ?", regionCode, year)
	if err != nil {
		return "", err
	}
	if n, _ := r.RowsAffected(); n == 0 {
		if _, err := q.exec(ctx, "INSERT INTO receipt_counters (region_code, year, last) VALUES (?, ?, 1)", regionCode, year); err != nil {
			return "", err
		}
	}
	var last int
	if err := q.queryRow(ctx, "SELECT last FROM receipt_counters WHERE region_code = ? AND year = ?", regionCode, year).Scan(&last); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s-%d-%04d", regionCode, year, last), nil
}

// FilingTimeline lists the audit events of a filing whose institution is in
// scope, oldest first, each with the name of the person who acted (their
// display name, or the name recorded with the event when they have none).
func (q Q) FilingTimeline(ctx context.Context, scope authz.Scope, filingID int64) ([]domain.AuditEvent, []string, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	rows, err := q.query(ctx, `SELECT a.id, a.at, a.actor_id, a.actor_name, COALESCE(u.display_name, ''), a.action, a.entity, a.entity_id, a.region_code,
		a.institution_id, a.detail, a.ip
		FROM audit_events a JOIN filings f ON f.id = a.entity_id JOIN institutions i ON i.id = f.institution_id LEFT JOIN users u ON u.id = a.actor_id
		WHERE a.entity = 'filing' AND a.entity_id = ? AND `+where+` ORDER BY a.at, a.id`, append([]any{filingID}, args...)...)
	var names []string
	out, err := Collect(rows, err, func(r Row) (domain.AuditEvent, error) {
		var ev domain.AuditEvent
		var actor, inst sql.NullInt64
		var detail []byte
		var at time.Time
		var display string
		err := r.Scan(&ev.ID, &at, &actor, &ev.ActorName, &display, &ev.Action, &ev.Entity, &ev.EntityID, &ev.RegionCode, &inst, &detail, &ev.IP)
		ev.At, ev.ActorID, ev.InstitutionID = at.UTC(), actor.Int64, inst.Int64
		ev.Detail = append([]byte(nil), detail...)
		if display == "" {
			display = ev.ActorName
		}
		names = append(names, display)
		return ev, err
	})
	return out, names, err
}

func errOr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}
