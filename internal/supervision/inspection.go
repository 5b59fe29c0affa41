package supervision

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Inspection states and outcomes.
const (
	StatusPlanned    = "planned"
	StatusInProgress = "in_progress"
	StatusCompleted  = "completed"

	OutcomePass = "pass"
	OutcomeFail = "fail"
	OutcomeNA   = "na"

	ResultPass        = "pass"
	ResultPassRectify = "pass_rectify"
	ResultFail        = "fail"

	OriginPlan      = "plan"
	OriginComplaint = "complaint"
	OriginManual    = "manual"

	SeverityGeneral = "general"
	SeveritySerious = "serious"
)

// MaxPhotoSize is the largest photo or evidence file accepted (5 MiB).
const MaxPhotoSize = 5 << 20

// Audit actions of inspections.
const (
	InspectionCreated   Action = "supervision.inspection.create"
	InspectionItemSaved Action = "supervision.inspection.item_save"
	InspectionPhoto     Action = "supervision.inspection.photo_add"
	InspectionCompleted Action = "supervision.inspection.complete"
)

// ItemResult is what an inspector entered for one item.
type ItemResult struct {
	ItemCode string  `json:"item_code"`
	Outcome  string  `json:"outcome"`
	Note     string  `json:"note"`
	Photos   []int64 `json:"photos"`
}

// Finding is a failed item of a completed inspection.
type Finding struct {
	ID            int64  `json:"id"`
	InspectionID  int64  `json:"inspection_id"`
	InstitutionID int64  `json:"institution_id"`
	ItemCode      string `json:"item_code"`
	Severity      string `json:"severity"`
	TextZh        string `json:"text_zh"`
	TextEn        string `json:"text_en"`
	Note          string `json:"note"`
	OrderID       *int64 `json:"order_id"`
}

// Inspection is one visit to one institution with one checklist version.
type Inspection struct {
	ID              int64        `json:"id"`
	PlanID          *int64       `json:"plan_id"`
	InstitutionID   int64        `json:"institution_id"`
	InstitutionName string       `json:"institution_name"`
	RegionCode      string       `json:"region_code"`
	Kind            Kind         `json:"kind"`
	TemplateID      int64        `json:"template_id"`
	Origin          string       `json:"origin"`
	OriginRef       string       `json:"origin_ref,omitempty"`
	Status          string       `json:"status"`
	AnnounceOn      civil.Date   `json:"announce_on"`
	DueBy           civil.Date   `json:"due_by"`
	StartedAt       *time.Time   `json:"started_at"`
	CompletedAt     *time.Time   `json:"completed_at"`
	Latitude        *float64     `json:"latitude"`
	Longitude       *float64     `json:"longitude"`
	Representative  string       `json:"representative"`
	Refused         bool         `json:"refused"`
	RefusalNote     string       `json:"refusal_note"`
	Result          string       `json:"result"`
	Summary         string       `json:"summary"`
	Inspectors      []int64      `json:"inspectors"`
	Results         []ItemResult `json:"results,omitempty"`
	Findings        []Finding    `json:"findings,omitempty"`
}

type newInspection struct {
	planID, institution, templateID int64
	kind                            Kind
	origin, originRef               string
	announceOn, dueBy               civil.Date
	inspectors                      []int64
}

func (s *Service) insertInspection(ctx context.Context, q store.Q, a authz.Actor, n newInspection) (Inspection, error) {
	in, err := q.Institution(ctx, a.Scope(), n.institution)
	if err != nil {
		return Inspection{}, err
	}
	var plan any
	if n.planID != 0 {
		plan = n.planID
	}
	now := s.now().UTC()
	id, err := q.Insert(ctx, `INSERT INTO sv_inspections (plan_id, institution_id, region_code, kind, template_id, origin, origin_ref, status,
		announce_on, due_by, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		plan, in.ID, in.RegionCode, n.kind, n.templateID, n.origin, n.originRef, StatusPlanned, n.announceOn, n.dueBy, userRef(a), now, now)
	if err != nil {
		return Inspection{}, err
	}
	for _, u := range n.inspectors {
		if _, err := q.Exec(ctx, "INSERT INTO sv_inspectors (inspection_id, user_id) VALUES (?, ?)", id, u); err != nil {
			return Inspection{}, err
		}
	}
	out := Inspection{ID: id, InstitutionID: in.ID, InstitutionName: in.Name, RegionCode: in.RegionCode, Kind: n.kind, TemplateID: n.templateID,
		Origin: n.origin, OriginRef: n.originRef, Status: StatusPlanned, AnnounceOn: n.announceOn, DueBy: n.dueBy, Inspectors: n.inspectors}
	if n.planID != 0 {
		out.PlanID = &n.planID
	}
	return out, s.audit(ctx, q, a, InspectionCreated, "inspection", id, in.RegionCode, in.ID, map[string]any{"kind": n.kind, "origin": n.origin, "origin_ref": n.originRef, "inspectors": n.inspectors})
}

// StartSpecialInspection opens a special inspection (专项) of an institution
// outside any plan, for example from a complaint (origin OriginComplaint,
// originRef its id). The current special checklist is used; at least
// MinInspectors inspectors who may carry it out; dueBy not in the past.
func (s *Service) StartSpecialInspection(ctx context.Context, a authz.Actor, institutionID int64, inspectors []int64, dueBy civil.Date, origin, originRef string) (Inspection, error) {
	if err := a.Require(authz.InspectionConduct); err != nil {
		return Inspection{}, err
	}
	if err := a.Require(authz.InspectSpecial); err != nil {
		return Inspection{}, err
	}
	var out Inspection
	err := s.db.Tx(ctx, func(q store.Q) error {
		p := domain.Problems{}
		if origin != OriginComplaint && origin != OriginManual {
			p.Add("origin", domain.ReasonNotAllowed)
		}
		if dueBy.IsZero() || dueBy.Before(s.today()) {
			p.Add("due_by", "in_past")
		}
		pool, err := s.checkPool(ctx, q, a, KindSpecial, inspectors)
		if err != nil {
			return err
		}
		if len(pool) < MinInspectors {
			p.Add("inspectors", "at_least_two")
		}
		var tid int64
		if err := q.QueryRow(ctx, "SELECT id FROM sv_templates WHERE kind = ? ORDER BY version DESC, id DESC LIMIT 1", KindSpecial).Scan(&tid); err != nil {
			return err
		}
		if err := p.Err(); err != nil {
			return err
		}
		out, err = s.insertInspection(ctx, q, a, newInspection{institution: institutionID, kind: KindSpecial, templateID: tid, origin: origin,
			originRef: originRef, announceOn: s.today(), dueBy: dueBy, inspectors: pool})
		return err
	})
	return out, err
}

// StartComplaintInspection starts a special inspection of the institution
// a complaint in scope is about, with the complaint as its origin; the
// inspection page and the complaint page then show each other.
func (s *Service) StartComplaintInspection(ctx context.Context, a authz.Actor, complaintID int64, inspectors []int64, dueBy civil.Date) (Inspection, error) {
	c, err := s.Complaint(ctx, a, complaintID)
	if err != nil {
		return Inspection{}, err
	}
	return s.StartSpecialInspection(ctx, a, c.InstitutionID, inspectors, dueBy, OriginComplaint, strconv.FormatInt(c.ID, 10))
}

// InspectionFilter narrows the inspections list.
type InspectionFilter struct {
	PlanID        int64
	InstitutionID int64
	Kind          Kind
	Status        string
	// Month keeps inspections announced or due in that month.
	Month civil.Month
	// ComplaintID keeps the special inspections started from a complaint.
	ComplaintID int64
}

const inspectionColumns = `n.id, n.plan_id, n.institution_id, i.name, n.region_code, n.kind, n.template_id, n.origin, n.origin_ref, n.status,
	n.announce_on, n.due_by, n.started_at, n.completed_at, n.latitude, n.longitude, n.representative, n.refused, n.refusal_note, n.result, n.summary`

// inspectionWhere keeps the inspections the actor may read: institutions in
// scope, kinds of a partner's duty, and for an institution only those
// announced (the plan has started).
func (s *Service) inspectionWhere(a authz.Actor) (string, []any) {
	where, args := store.ScopeInstitutions(a.Scope(), "i")
	kw, kargs := kindWhere(a, "n.kind")
	where += " AND " + kw
	args = append(args, kargs...)
	if a.Scope().Kind() == domain.ScopeInstitution {
		where += " AND n.announce_on <= ?"
		args = append(args, s.today())
	}
	return where, args
}

func scanInspection(row interface{ Scan(...any) error }) (Inspection, error) {
	var n Inspection
	var plan sql.NullInt64
	var started, completed sql.NullTime
	var lat, lng sql.NullFloat64
	err := row.Scan(&n.ID, &plan, &n.InstitutionID, &n.InstitutionName, &n.RegionCode, &n.Kind, &n.TemplateID, &n.Origin, &n.OriginRef, &n.Status,
		&n.AnnounceOn, &n.DueBy, &started, &completed, &lat, &lng, &n.Representative, &n.Refused, &n.RefusalNote, &n.Result, &n.Summary)
	if plan.Valid {
		n.PlanID = &plan.Int64
	}
	if started.Valid {
		t := started.Time.UTC()
		n.StartedAt = &t
	}
	if completed.Valid {
		t := completed.Time.UTC()
		n.CompletedAt = &t
	}
	if lat.Valid && lng.Valid {
		n.Latitude, n.Longitude = &lat.Float64, &lng.Float64
	}
	return n, err
}

func (s *Service) listInspections(ctx context.Context, q store.Q, a authz.Actor, f InspectionFilter, page domain.Page) ([]Inspection, int, error) {
	page = page.Normalised()
	where, args := s.inspectionWhere(a)
	if f.PlanID != 0 {
		where += " AND n.plan_id = ?"
		args = append(args, f.PlanID)
	}
	if f.InstitutionID != 0 {
		where += " AND n.institution_id = ?"
		args = append(args, f.InstitutionID)
	}
	if f.Kind != "" {
		where += " AND n.kind = ?"
		args = append(args, f.Kind)
	}
	if f.Status != "" {
		where += " AND n.status = ?"
		args = append(args, f.Status)
	}
	if f.ComplaintID != 0 {
		where += " AND n.origin = ? AND n.origin_ref = ?"
		args = append(args, OriginComplaint, strconv.FormatInt(f.ComplaintID, 10))
	}
	if !f.Month.IsZero() {
		where += " AND n.announce_on <= ? AND n.due_by >= ?"
		args = append(args, f.Month.Last(), f.Month.First())
	}
	from := " FROM sv_inspections n JOIN institutions i ON i.id = n.institution_id WHERE " + where
	var total int
	if err := q.QueryRow(ctx, "SELECT COUNT(*)"+from, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, "SELECT "+inspectionColumns+from+" ORDER BY n.announce_on DESC, n.id DESC LIMIT ? OFFSET ?", append(args, page.PerPage, page.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Inspection
	for rows.Next() {
		n, err := scanInspection(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, n)
	}
	return out, total, rows.Err()
}

// Inspections lists the inspections the actor may read.
func (s *Service) Inspections(ctx context.Context, a authz.Actor, f InspectionFilter, page domain.Page) ([]Inspection, int, error) {
	if err := a.Require(authz.InspectionView); err != nil {
		return nil, 0, err
	}
	if f.Kind != "" && !f.Kind.Valid() {
		return nil, 0, domain.Invalid("kind", domain.ReasonNotAllowed)
	}
	return s.listInspections(ctx, s.db.Read(), a, f, page)
}

// Inspection returns one inspection with its results and findings.
func (s *Service) Inspection(ctx context.Context, a authz.Actor, id int64) (Inspection, error) {
	if err := a.Require(authz.InspectionView); err != nil {
		return Inspection{}, err
	}
	return s.inspection(ctx, s.db.Read(), a, id, false)
}

func (s *Service) inspection(ctx context.Context, q store.Q, a authz.Actor, id int64, lock bool) (Inspection, error) {
	where, args := s.inspectionWhere(a)
	suffix := ""
	if lock && q.ForUpdate() != "" {
		suffix = " FOR UPDATE OF n" // the inspection row, not the joined institution
	}
	n, err := scanInspection(q.QueryRow(ctx, "SELECT "+inspectionColumns+" FROM sv_inspections n JOIN institutions i ON i.id = n.institution_id WHERE n.id = ? AND "+where+suffix,
		append([]any{id}, args...)...))
	if err != nil {
		return n, notFound(err, "inspection")
	}
	if n.Inspectors, err = ids(ctx, q, "SELECT user_id FROM sv_inspectors WHERE inspection_id = ? ORDER BY user_id", id); err != nil {
		return n, err
	}
	rows, err := q.Query(ctx, "SELECT item_code, outcome, note FROM sv_results WHERE inspection_id = ? ORDER BY item_code", id)
	if err != nil {
		return n, err
	}
	for rows.Next() {
		var r ItemResult
		if err := rows.Scan(&r.ItemCode, &r.Outcome, &r.Note); err != nil {
			rows.Close()
			return n, err
		}
		n.Results = append(n.Results, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return n, err
	}
	// one connection in a transaction: the photo queries run after the rows are closed
	for i := range n.Results {
		if n.Results[i].Photos, err = ids(ctx, q, "SELECT id FROM sv_files WHERE owner = 'inspection' AND owner_id = ? AND item_code = ? ORDER BY id", id, n.Results[i].ItemCode); err != nil {
			return n, err
		}
	}
	n.Findings, err = findings(ctx, q, "f.inspection_id = ?", id)
	return n, err
}

// LatestInspection is the last completed inspection of a kind at an
// institution in a calendar year (the annual review reads the annual
// inspection); ok is false when there is none.
func (s *Service) LatestInspection(ctx context.Context, a authz.Actor, institutionID int64, kind Kind, year int) (Inspection, bool, error) {
	if err := a.Require(authz.InspectionView); err != nil {
		return Inspection{}, false, err
	}
	q := s.db.Read()
	where, args := s.inspectionWhere(a)
	var id int64
	err := q.QueryRow(ctx, `SELECT n.id FROM sv_inspections n JOIN institutions i ON i.id = n.institution_id
		WHERE n.institution_id = ? AND n.kind = ? AND n.status = ? AND n.completed_at >= ? AND n.completed_at < ? AND `+where+
		" ORDER BY n.completed_at DESC, n.id DESC LIMIT 1",
		append([]any{institutionID, kind, StatusCompleted, civil.New(year, 1, 1).Start().UTC(), civil.New(year+1, 1, 1).Start().UTC()}, args...)...).Scan(&id)
	if err == sql.ErrNoRows {
		return Inspection{}, false, nil
	}
	if err != nil {
		return Inspection{}, false, err
	}
	n, err := s.inspection(ctx, q, a, id, false)
	return n, err == nil, err
}

// editable loads an inspection the actor carries out: one of its inspectors,
// holding the kind's permission, not completed.
func (s *Service) editable(ctx context.Context, q store.Q, a authz.Actor, id int64) (Inspection, Template, error) {
	n, err := s.inspection(ctx, q, a, id, true)
	if err != nil {
		return n, Template{}, err
	}
	if err := a.Require(kindPermission[n.Kind]); err != nil {
		return n, Template{}, err
	}
	if !contains(n.Inspectors, a.UserID) {
		return n, Template{}, domain.Forbidden("you are not an inspector of this inspection")
	}
	if n.Status == StatusCompleted {
		return n, Template{}, &domain.Error{Code: domain.CodeConflict, Message: "the inspection is completed", Fields: map[string]string{"status": "completed"}}
	}
	t, err := templateByID(ctx, q, n.TemplateID)
	return n, t, err
}

// Position is where the inspector was (browser geolocation), when given.
type Position struct {
	Latitude  *float64 `json:"latitude"`
	Longitude *float64 `json:"longitude"`
}

func (p Position) check(pr domain.Problems) {
	if (p.Latitude == nil) != (p.Longitude == nil) ||
		(p.Latitude != nil && (*p.Latitude < -90 || *p.Latitude > 90 || *p.Longitude < -180 || *p.Longitude > 180)) {
		pr.Add("latitude", "bad_position")
	}
}

// ItemSave is one item's entry, saved as the inspector goes (autosave).
type ItemSave struct {
	ItemCode string `json:"item_code"`
	Outcome  string `json:"outcome"`
	Note     string `json:"note"`
	Position
}

// SaveItem records one item's outcome and note; the first save starts the
// inspection (time and position recorded).
func (s *Service) SaveItem(ctx context.Context, a authz.Actor, id int64, in ItemSave) (Inspection, error) {
	if err := a.Require(authz.InspectionConduct); err != nil {
		return Inspection{}, err
	}
	var out Inspection
	err := s.db.Tx(ctx, func(q store.Q) error {
		n, t, err := s.editable(ctx, q, a, id)
		if err != nil {
			return err
		}
		p := domain.Problems{}
		inst, err := q.Institution(ctx, a.Scope(), n.InstitutionID)
		if err != nil {
			return err
		}
		if it, ok := t.Item(in.ItemCode); !ok || !it.AppliesTo(inst.Kind) {
			p.Add("item_code", "unknown_item")
		}
		if !contains([]string{OutcomePass, OutcomeFail, OutcomeNA}, in.Outcome) {
			p.Add("outcome", domain.ReasonNotAllowed)
		}
		in.Note = strings.TrimSpace(in.Note)
		if utf8.RuneCountInString(in.Note) > 1000 {
			p.Add("note", domain.ReasonTooLong)
		}
		in.Position.check(p)
		if err := p.Err(); err != nil {
			return err
		}
		now := s.now().UTC()
		if _, err := q.Exec(ctx, "DELETE FROM sv_results WHERE inspection_id = ? AND item_code = ?", id, in.ItemCode); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, "INSERT INTO sv_results (inspection_id, item_code, outcome, note, saved_by, saved_at) VALUES (?, ?, ?, ?, ?, ?)",
			id, in.ItemCode, in.Outcome, in.Note, userRef(a), now); err != nil {
			return err
		}
		if n.Status == StatusPlanned {
			if _, err := q.Exec(ctx, "UPDATE sv_inspections SET status = ?, started_at = ?, updated_at = ? WHERE id = ?", StatusInProgress, now, now, id); err != nil {
				return err
			}
		}
		if in.Latitude != nil {
			if _, err := q.Exec(ctx, "UPDATE sv_inspections SET latitude = ?, longitude = ? WHERE id = ? AND latitude IS NULL", *in.Latitude, *in.Longitude, id); err != nil {
				return err
			}
		}
		if err := s.audit(ctx, q, a, InspectionItemSaved, "inspection", id, n.RegionCode, n.InstitutionID, map[string]any{"item": in.ItemCode, "outcome": in.Outcome}); err != nil {
			return err
		}
		out, err = s.inspection(ctx, q, a, id, false)
		return err
	})
	return out, err
}

// sniff checks an upload: not empty, within the size limit, and of one of
// the allowed types as sniffed from its bytes.
func sniff(content []byte, allowed ...string) (string, error) {
	if len(content) == 0 {
		return "", domain.Invalid("file", domain.ReasonRequired)
	}
	if len(content) > MaxPhotoSize {
		return "", domain.TooLarge("the file is larger than 5 MiB")
	}
	ct := http.DetectContentType(content)
	if !contains(allowed, ct) {
		return "", domain.Invalid("file", "bad_file_type")
	}
	return ct, nil
}

func addFile(ctx context.Context, q store.Q, a authz.Actor, owner string, ownerID int64, item, filename, ct string, content []byte, now time.Time) (int64, string, error) {
	sum := sha256.Sum256(content)
	filename = strings.TrimSpace(filename)
	if filename == "" || utf8.RuneCountInString(filename) > 200 {
		filename = "file"
	}
	hash := hex.EncodeToString(sum[:])
	id, err := q.Insert(ctx, `INSERT INTO sv_files (owner, owner_id, item_code, filename, content_type, size, sha256, content, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, owner, ownerID, item, filename, ct, len(content), hash, content, userRef(a), now.UTC())
	return id, hash, err
}

// AddPhoto attaches a photo (JPEG or PNG, sniffed) to an item of an inspection.
func (s *Service) AddPhoto(ctx context.Context, a authz.Actor, id int64, itemCode, filename string, content []byte) (int64, error) {
	if err := a.Require(authz.InspectionConduct); err != nil {
		return 0, err
	}
	ct, err := sniff(content, "image/jpeg", "image/png")
	if err != nil {
		return 0, err
	}
	var fid int64
	err = s.db.Tx(ctx, func(q store.Q) error {
		n, t, err := s.editable(ctx, q, a, id)
		if err != nil {
			return err
		}
		if _, ok := t.Item(itemCode); !ok {
			return domain.Invalid("item_code", "unknown_item")
		}
		var hash string
		if fid, hash, err = addFile(ctx, q, a, "inspection", id, itemCode, filename, ct, content, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, q, a, InspectionPhoto, "inspection", id, n.RegionCode, n.InstitutionID, map[string]any{"item": itemCode, "file_id": fid, "sha256": hash})
	})
	return fid, err
}

// File is an uploaded photo or evidence document.
type File struct {
	ID          int64
	Filename    string
	ContentType string
	Content     []byte
}

// InspectionFile returns a photo of an inspection the actor may read.
func (s *Service) InspectionFile(ctx context.Context, a authz.Actor, fileID int64) (File, error) {
	if err := a.Require(authz.InspectionView); err != nil {
		return File{}, err
	}
	q := s.db.Read()
	var f File
	var owner int64
	err := q.QueryRow(ctx, "SELECT id, owner_id, filename, content_type, content FROM sv_files WHERE id = ? AND owner = 'inspection'", fileID).Scan(&f.ID, &owner, &f.Filename, &f.ContentType, &f.Content)
	if err != nil {
		return File{}, notFound(err, "file")
	}
	if _, err := s.inspection(ctx, q, a, owner, false); err != nil {
		return File{}, err
	}
	return f, nil
}

// Completion closes the visit: the representative acknowledges by name, or
// the refusal is noted.
type Completion struct {
	Representative string `json:"representative"`
	Refused        bool   `json:"refused"`
	RefusalNote    string `json:"refusal_note"`
	Summary        string `json:"summary"`
	Position
}

// CompleteInspection checks that every applicable item has an outcome (and a
// photo where a failed item requires one), sets the result — fail when a
// veto item failed, pass with rectification when any item failed, else pass
// — and turns each failed item into a finding.
func (s *Service) CompleteInspection(ctx context.Context, a authz.Actor, id int64, c Completion) (Inspection, error) {
	if err := a.Require(authz.InspectionConduct); err != nil {
		return Inspection{}, err
	}
	var out Inspection
	err := s.db.Tx(ctx, func(q store.Q) error {
		n, t, err := s.editable(ctx, q, a, id)
		if err != nil {
			return err
		}
		inst, err := q.Institution(ctx, a.Scope(), n.InstitutionID)
		if err != nil {
			return err
		}
		p := domain.Problems{}
		c.Representative, c.RefusalNote, c.Summary = strings.TrimSpace(c.Representative), strings.TrimSpace(c.RefusalNote), strings.TrimSpace(c.Summary)
		switch {
		case c.Refused && c.RefusalNote == "":
			p.Add("refusal_note", domain.ReasonRequired)
		case !c.Refused && c.Representative == "":
			p.Add("representative", domain.ReasonRequired)
		}
		if utf8.RuneCountInString(c.Summary) > 2000 {
			p.Add("summary", domain.ReasonTooLong)
		}
		c.Position.check(p)
		got := map[string]ItemResult{}
		for _, r := range n.Results {
			got[r.ItemCode] = r
		}
		result := ResultPass
		var failed []Item
		for _, it := range t.Items {
			if !it.AppliesTo(inst.Kind) {
				continue
			}
			r, ok := got[it.Code]
			switch {
			case !ok:
				p.Add("items."+it.Code, domain.ReasonRequired)
			case r.Outcome == OutcomeFail:
				if it.Photo && len(r.Photos) == 0 {
					p.Add("items."+it.Code+".photos", domain.ReasonRequired)
				}
				failed = append(failed, it)
				if it.Veto {
					result = ResultFail
				} else if result == ResultPass {
					result = ResultPassRectify
				}
			}
		}
		if err := p.Err(); err != nil {
			return err
		}
		now := s.now().UTC()
		var lat, lng any
		if c.Latitude != nil {
			lat, lng = *c.Latitude, *c.Longitude
		}
		if _, err := q.Exec(ctx, `UPDATE sv_inspections SET status = ?, result = ?, representative = ?, refused = ?, refusal_note = ?, summary = ?,
			started_at = COALESCE(started_at, ?), completed_at = ?, latitude = COALESCE(latitude, ?), longitude = COALESCE(longitude, ?), updated_at = ? WHERE id = ?`,
			StatusCompleted, result, c.Representative, c.Refused, c.RefusalNote, c.Summary, now, now, lat, lng, now, id); err != nil {
			return err
		}
		for _, it := range failed {
			sev := SeverityGeneral
			if it.Veto {
				sev = SeveritySerious
			}
			if _, err := q.Exec(ctx, `INSERT INTO sv_findings (inspection_id, institution_id, region_code, item_code, severity, text_zh, text_en, note, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, n.InstitutionID, n.RegionCode, it.Code, sev, it.TextZh, it.TextEn, got[it.Code].Note, now); err != nil {
				return err
			}
		}
		if err := s.audit(ctx, q, a, InspectionCompleted, "inspection", id, n.RegionCode, n.InstitutionID,
			map[string]any{"result": result, "findings": len(failed), "refused": c.Refused}); err != nil {
			return err
		}
		out, err = s.inspection(ctx, q, a, id, false)
		return err
	})
	return out, err
}

func findings(ctx context.Context, q store.Q, where string, args ...any) ([]Finding, error) {
	rows, err := q.Query(ctx, `SELECT f.id, f.inspection_id, f.institution_id, f.item_code, f.severity, f.text_zh, f.text_en, f.note, f.order_id
		FROM sv_findings f WHERE `+where+" ORDER BY f.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Finding
	for rows.Next() {
		var f Finding
		var order sql.NullInt64
		if err := rows.Scan(&f.ID, &f.InspectionID, &f.InstitutionID, &f.ItemCode, &f.Severity, &f.TextZh, &f.TextEn, &f.Note, &order); err != nil {
			return nil, err
		}
		if order.Valid {
			f.OrderID = &order.Int64
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
