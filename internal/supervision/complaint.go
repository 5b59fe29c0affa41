package supervision

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"errors"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Complaint sources, categories, severities and states.
const (
	SourcePublic   = "public"
	SourceGuardian = "guardian"
	SourceHotline  = "hotline" // 12345, entered by county staff with the work-order number

	SeverityNormal = "normal"
	SeverityUrgent = "urgent"

	// received → signed (triaged, assigned, signed for) → answered → closed
	ComplaintReceived = "received"
	ComplaintSigned   = "signed"
	ComplaintAnswered = "answered"
	ComplaintClosed   = "closed"
)

var (
	ComplaintSources    = []string{SourcePublic, SourceGuardian, SourceHotline}
	ComplaintCategories = []string{"safety", "abuse", "health", "fees", "staff", "other"}
	ComplaintSeverities = []string{SeverityNormal, SeverityUrgent}
	ComplaintStatuses   = []string{ComplaintReceived, ComplaintSigned, ComplaintAnswered, ComplaintClosed}
	Satisfactions       = []string{"satisfied", "basically_satisfied", "dissatisfied"}
)

// urgentByDefault are the categories treated as urgent until triaged.
var urgentByDefault = map[string]bool{"safety": true, "abuse": true}

// Complaint is what the regulators handling it see, complainant included.
type Complaint struct {
	ID                  int64      `json:"id"`
	ReceiptCode         string     `json:"receipt_code"`
	Source              string     `json:"source"`
	WorkOrderNo         string     `json:"work_order_no,omitempty"`
	InstitutionID       int64      `json:"institution_id"`
	InstitutionName     string     `json:"institution_name"`
	RegionCode          string     `json:"region_code"`
	Category            string     `json:"category"`
	Severity            string     `json:"severity"`
	Text                string     `json:"text"`
	ComplainantName     string     `json:"complainant_name,omitempty"`
	ComplainantPhone    string     `json:"complainant_phone,omitempty"`
	Status              string     `json:"status"`
	ReceivedOn          civil.Date `json:"received_on"`
	SignDue             civil.Date `json:"sign_due"`
	AnswerDue           civil.Date `json:"answer_due"`
	AssignedTo          *int64     `json:"assigned_to,omitempty"`
	AssignedName        string     `json:"assigned_name,omitempty"`
	SignedAt            *time.Time `json:"signed_at,omitempty"`
	Outcome             string     `json:"outcome,omitempty"`
	Reply               string     `json:"reply,omitempty"`
	AnsweredAt          *time.Time `json:"answered_at,omitempty"`
	Satisfaction        string     `json:"satisfaction,omitempty"`
	ForwardedAt         *time.Time `json:"forwarded_at,omitempty"`
	ForwardNote         string     `json:"forward_note,omitempty"`
	InstitutionResponse string     `json:"institution_response,omitempty"`
	InspectionID        *int64     `json:"inspection_id,omitempty"`
	CreatedAt           time.Time  `json:"created_at"`
	// Overdue: not signed for, or not answered, by its deadline. An overdue
	// complaint is escalated to the city.
	Overdue bool `json:"overdue"`
}

// ForwardedComplaint is what the institution sees of a complaint the county
// forwarded to it: never who complained, nor how to reach them.
type ForwardedComplaint struct {
	ID                  int64      `json:"id"`
	InstitutionID       int64      `json:"institution_id"`
	Category            string     `json:"category"`
	Text                string     `json:"text"`
	ReceivedOn          civil.Date `json:"received_on"`
	ForwardedAt         time.Time  `json:"forwarded_at"`
	ForwardNote         string     `json:"forward_note"`
	InstitutionResponse string     `json:"institution_response"`
	RespondedAt         *time.Time `json:"responded_at,omitempty"`
}

// ComplaintProgress is what the complainant sees with the receipt code and
// their phone: the progress and the reply, nothing about other people.
type ComplaintProgress struct {
	ReceiptCode     string     `json:"receipt_code"`
	InstitutionName string     `json:"institution_name"`
	Category        string     `json:"category"`
	Status          string     `json:"status"`
	ReceivedOn      civil.Date `json:"received_on"`
	AnswerDue       civil.Date `json:"answer_due"`
	Reply           string     `json:"reply,omitempty"`
	AnsweredAt      *time.Time `json:"answered_at,omitempty"`
	Satisfaction    string     `json:"satisfaction,omitempty"`
}

// NewComplaint is a complaint as submitted. The public give a contact phone
// (and may give a name); guardians are known by their account; hotline
// entries carry the 12345 work-order number.
type NewComplaint struct {
	InstitutionID int64  `json:"institution_id"`
	Category      string `json:"category"`
	Text          string `json:"text"`
	Name          string `json:"name"`
	Phone         string `json:"phone"`
	WorkOrderNo   string `json:"work_order_no"`
}

// receiptAlphabet leaves out 0/O and 1/I/L; 12 characters give 2^60 codes,
// so a receipt code cannot be guessed.
const receiptAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

const receiptLength = 12

func (s *Service) newReceiptCode() (string, error) {
	src := s.codes
	if src == nil {
		src = rand.Reader
	}
	b := make([]byte, receiptLength)
	if _, err := io.ReadFull(src, b); err != nil {
		return "", err
	}
	for i := range b {
		b[i] = receiptAlphabet[int(b[i])%len(receiptAlphabet)]
	}
	return string(b), nil
}

func normaliseCode(s string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(s), "-", ""), " ", ""))
}

func (s *Service) phoneHash(phone string) string {
	return s.core.Keys.LookupHash("complaint-phone:" + phone)
}

func (n *NewComplaint) check(source string, p domain.Problems) {
	n.Category, n.Text, n.Name, n.WorkOrderNo = strings.TrimSpace(n.Category), strings.TrimSpace(n.Text), strings.TrimSpace(n.Name), strings.TrimSpace(n.WorkOrderNo)
	if n.InstitutionID <= 0 {
		p.Add("institution_id", domain.ReasonRequired)
	}
	if n.Category == "" {
		p.Add("category", domain.ReasonRequired)
	} else if !oneOf(n.Category, ComplaintCategories) {
		p.Add("category", domain.ReasonNotAllowed)
	}
	switch l := utf8.RuneCountInString(n.Text); {
	case l == 0:
		p.Add("text", domain.ReasonRequired)
	case l > 4000:
		p.Add("text", domain.ReasonTooLong)
	}
	if utf8.RuneCountInString(n.Name) > 50 {
		p.Add("name", domain.ReasonTooLong)
	}
	if source != SourceGuardian || strings.TrimSpace(n.Phone) != "" {
		if strings.TrimSpace(n.Phone) == "" {
			if source == SourcePublic {
				p.Add("phone", domain.ReasonRequired)
			}
		} else if m, err := cnid.NormaliseMobile(n.Phone); err != nil {
			p.Add("phone", domain.ReasonPhone)
		} else {
			n.Phone = m
		}
	}
	if source == SourceHotline {
		if n.WorkOrderNo == "" {
			p.Add("work_order_no", domain.ReasonRequired)
		} else if utf8.RuneCountInString(n.WorkOrderNo) > 40 {
			p.Add("work_order_no", domain.ReasonTooLong)
		}
	} else {
		n.WorkOrderNo = ""
	}
}

// SubmitPublicComplaint takes a complaint from anyone, without a login,
// about a filed institution. It returns the receipt code that, with the
// same phone, follows its progress.
func (s *Service) SubmitPublicComplaint(ctx context.Context, a authz.Actor, n NewComplaint) (ComplaintProgress, error) {
	p := domain.Problems{}
	n.check(SourcePublic, p)
	if err := p.Err(); err != nil {
		return ComplaintProgress{}, err
	}
	code, err := s.submit(ctx, a, SourcePublic, n, func(q store.Q) (domain.Institution, error) {
		in, err := q.Institution(ctx, authz.System("public").Scope(), n.InstitutionID)
		if err == nil && in.Status != domain.StatusFiled {
			return in, domain.Invalid("institution_id", domain.ReasonNotAllowed)
		}
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return in, domain.Invalid("institution_id", domain.ReasonNotAllowed)
		}
		return in, err
	})
	if err != nil {
		return ComplaintProgress{}, err
	}
	return s.Progress(ctx, code, n.Phone)
}

// SubmitGuardianComplaint takes a guardian's complaint about an institution
// where their child is enrolled.
func (s *Service) SubmitGuardianComplaint(ctx context.Context, a authz.Actor, n NewComplaint) (Complaint, error) {
	if err := a.Require(authz.ComplaintOwn); err != nil {
		return Complaint{}, err
	}
	p := domain.Problems{}
	n.check(SourceGuardian, p)
	if err := p.Err(); err != nil {
		return Complaint{}, err
	}
	code, err := s.submit(ctx, a, SourceGuardian, n, func(q store.Q) (domain.Institution, error) {
		in, err := q.Institution(ctx, a.Scope(), n.InstitutionID)
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return in, domain.Invalid("institution_id", domain.ReasonNotAllowed)
		}
		return in, err
	})
	if err != nil {
		return Complaint{}, err
	}
	return s.ownComplaint(ctx, a, code)
}

// EnterHotlineComplaint records a 12345 work order (county staff).
func (s *Service) EnterHotlineComplaint(ctx context.Context, a authz.Actor, n NewComplaint) (Complaint, error) {
	if err := a.Require(authz.ComplaintHandle); err != nil {
		return Complaint{}, err
	}
	p := domain.Problems{}
	n.check(SourceHotline, p)
	if err := p.Err(); err != nil {
		return Complaint{}, err
	}
	code, err := s.submit(ctx, a, SourceHotline, n, func(q store.Q) (domain.Institution, error) {
		in, err := q.Institution(ctx, a.Scope(), n.InstitutionID)
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return in, domain.Invalid("institution_id", domain.ReasonNotAllowed)
		}
		return in, err
	})
	if err != nil {
		return Complaint{}, err
	}
	var id int64
	if err := s.db.Read().QueryRow(ctx, "SELECT id FROM complaints WHERE receipt_code = ?", code).Scan(&id); err != nil {
		return Complaint{}, err
	}
	return s.Complaint(ctx, a, id)
}

func (s *Service) submit(ctx context.Context, a authz.Actor, source string, n NewComplaint, institution func(store.Q) (domain.Institution, error)) (string, error) {
	code, err := s.newReceiptCode()
	if err != nil {
		return "", err
	}
	err = s.db.Tx(ctx, func(q store.Q) error {
		in, err := institution(q)
		if err != nil {
			return err
		}
		set, err := caseSettings(ctx, q)
		if err != nil {
			return err
		}
		today, now := s.today(), s.now().UTC()
		severity := SeverityNormal
		if urgentByDefault[n.Category] {
			severity = SeverityUrgent
		}
		sign, answer := s.deadlines(set, today, severity)
		var name, phone, hash string
		if n.Name != "" {
			name = s.core.Keys.Encrypt(n.Name)
		}
		if n.Phone != "" {
			phone, hash = s.core.Keys.Encrypt(n.Phone), s.phoneHash(n.Phone)
		}
		var user any
		if source == SourceGuardian {
			user = a.UserID
		}
		id, err := q.Insert(ctx, `INSERT INTO complaints (receipt_code, source, work_order_no, institution_id, region_code, category, severity, text,
			name_enc, phone_enc, phone_hash, complainant_user_id, status, received_on, sign_due, answer_due, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			code, source, n.WorkOrderNo, in.ID, in.RegionCode, n.Category, severity, n.Text, name, phone, hash, user, ComplaintReceived,
			today, sign, answer, now, now)
		if err != nil {
			return err
		}
		// The audit keeps what happened, not who complained.
		return s.audit(ctx, q, a, ActionComplaintSubmit, "complaint", id, in.RegionCode, in.ID,
			map[string]any{"source": source, "category": n.Category, "work_order_no": n.WorkOrderNo, "sign_due": sign, "answer_due": answer})
	})
	return code, err
}

// deadlines are the sign-for and answer dates for a complaint received on a
// date, in working days on the official calendar.
func (s *Service) deadlines(set CaseSettings, received civil.Date, severity string) (sign, answer civil.Date) {
	days := set.ComplaintAnswerWorkdays
	if severity == SeverityUrgent {
		days = set.ComplaintUrgentAnswerWorkdays
	}
	return s.addWorkdays(received, set.ComplaintSignWorkdays), s.addWorkdays(received, days)
}

// Progress is the complainant's view, found by receipt code and phone. A
// wrong phone answers exactly as an unknown code does.
func (s *Service) Progress(ctx context.Context, code, phone string) (ComplaintProgress, error) {
	code = normaliseCode(code)
	m, err := cnid.NormaliseMobile(phone)
	if err != nil {
		m = strings.TrimSpace(phone)
	}
	want := s.phoneHash(m)
	var pr ComplaintProgress
	var hash string
	var answered sql.NullTime
	err = s.db.Read().QueryRow(ctx, `SELECT c.receipt_code, i.name, c.category, c.status, c.received_on, c.answer_due, c.reply, c.answered_at, c.satisfaction, c.phone_hash
		FROM complaints c JOIN institutions i ON i.id = c.institution_id WHERE c.receipt_code = ?`, code).
		Scan(&pr.ReceiptCode, &pr.InstitutionName, &pr.Category, &pr.Status, &pr.ReceivedOn, &pr.AnswerDue, &pr.Reply, &answered, &pr.Satisfaction, &hash)
	if errors.Is(err, sql.ErrNoRows) || err == nil && (hash == "" || subtle.ConstantTimeCompare([]byte(hash), []byte(want)) != 1) {
		return ComplaintProgress{}, domain.NotFound("complaint")
	}
	if err != nil {
		return ComplaintProgress{}, err
	}
	if answered.Valid {
		pr.AnsweredAt = utc(&answered.Time)
	}
	return pr, nil
}

// RateByComplainant records the complainant's satisfaction with the answer
// (receipt code and phone), closing the complaint.
func (s *Service) RateByComplainant(ctx context.Context, a authz.Actor, code, phone, satisfaction string) (ComplaintProgress, error) {
	if !oneOf(satisfaction, Satisfactions) {
		return ComplaintProgress{}, domain.Invalid("satisfaction", domain.ReasonNotAllowed)
	}
	pr, err := s.Progress(ctx, code, phone)
	if err != nil {
		return pr, err
	}
	err = s.db.Tx(ctx, func(q store.Q) error {
		var id, inst int64
		var region, status string
		if err := q.QueryRow(ctx, "SELECT id, institution_id, region_code, status FROM complaints WHERE receipt_code = ?"+q.ForUpdate(), pr.ReceiptCode).
			Scan(&id, &inst, &region, &status); err != nil {
			return err
		}
		return s.close(ctx, q, a, id, inst, region, status, satisfaction)
	})
	if err != nil {
		return ComplaintProgress{}, err
	}
	return s.Progress(ctx, code, phone)
}

func (s *Service) close(ctx context.Context, q store.Q, a authz.Actor, id, inst int64, region, status, satisfaction string) error {
	if status != ComplaintAnswered {
		return domain.Conflict("only an answered complaint can be rated")
	}
	now := s.now().UTC()
	if _, err := q.Exec(ctx, "UPDATE complaints SET status = ?, satisfaction = ?, closed_at = ?, updated_at = ? WHERE id = ?",
		ComplaintClosed, satisfaction, now, now, id); err != nil {
		return err
	}
	return s.audit(ctx, q, a, ActionComplaintClose, "complaint", id, region, inst, map[string]any{"satisfaction": satisfaction})
}

const complaintColumns = `c.id, c.receipt_code, c.source, c.work_order_no, c.institution_id, i.name, c.region_code, c.category, c.severity, c.text,
	c.name_enc, c.phone_enc, c.status, c.received_on, c.sign_due, c.answer_due, c.assigned_to, COALESCE(u.display_name, u.username, ''), c.signed_at,
	c.outcome, c.reply, c.answered_at, c.satisfaction, c.forwarded_at, c.forward_note, c.institution_response, c.inspection_id, c.created_at`

const complaintFrom = ` FROM complaints c JOIN institutions i ON i.id = c.institution_id LEFT JOIN users u ON u.id = c.assigned_to WHERE `

func (s *Service) scanComplaint(row interface{ Scan(...any) error }, today civil.Date, reveal bool) (Complaint, error) {
	var c Complaint
	var nameEnc, phoneEnc string
	var assigned, insp sql.NullInt64
	var signed, answered, forwarded sql.NullTime
	err := row.Scan(&c.ID, &c.ReceiptCode, &c.Source, &c.WorkOrderNo, &c.InstitutionID, &c.InstitutionName, &c.RegionCode, &c.Category, &c.Severity, &c.Text,
		&nameEnc, &phoneEnc, &c.Status, &c.ReceivedOn, &c.SignDue, &c.AnswerDue, &assigned, &c.AssignedName, &signed,
		&c.Outcome, &c.Reply, &answered, &c.Satisfaction, &forwarded, &c.ForwardNote, &c.InstitutionResponse, &insp, &c.CreatedAt)
	if err != nil {
		return c, err
	}
	if assigned.Valid {
		c.AssignedTo = &assigned.Int64
	}
	if insp.Valid {
		c.InspectionID = &insp.Int64
	}
	for _, x := range []struct {
		src sql.NullTime
		dst **time.Time
	}{{signed, &c.SignedAt}, {answered, &c.AnsweredAt}, {forwarded, &c.ForwardedAt}} {
		if x.src.Valid {
			*x.dst = utc(&x.src.Time)
		}
	}
	c.CreatedAt = c.CreatedAt.UTC()
	c.Overdue = complaintOverdue(c.Status, c.SignDue, c.AnswerDue, today)
	if reveal {
		if nameEnc != "" {
			c.ComplainantName, _ = s.core.Keys.Decrypt(nameEnc)
		}
		if phoneEnc != "" {
			c.ComplainantPhone, _ = s.core.Keys.Decrypt(phoneEnc)
		}
	}
	return c, nil
}

func complaintOverdue(status string, sign, answer, today civil.Date) bool {
	switch status {
	case ComplaintReceived:
		return today.After(sign) || today.After(answer)
	case ComplaintSigned:
		return today.After(answer)
	}
	return false
}

// Complaint returns one complaint in scope with the complainant, for the
// regulators handling it.
func (s *Service) Complaint(ctx context.Context, a authz.Actor, id int64) (Complaint, error) {
	if err := a.Require(authz.ComplaintHandle); err != nil {
		return Complaint{}, err
	}
	return s.complaintIn(ctx, s.db.Read(), a.Scope(), id)
}

func (s *Service) complaintIn(ctx context.Context, q store.Q, scope authz.Scope, id int64) (Complaint, error) {
	where, args := store.ScopeInstitutions(scope, "i")
	c, err := s.scanComplaint(q.QueryRow(ctx, "SELECT "+complaintColumns+complaintFrom+"c.id = ? AND "+where, append([]any{id}, args...)...), s.today(), true)
	return c, noRows(err, "complaint")
}

func (s *Service) ownComplaint(ctx context.Context, a authz.Actor, code string) (Complaint, error) {
	c, err := s.scanComplaint(s.db.Read().QueryRow(ctx, "SELECT "+complaintColumns+complaintFrom+"c.receipt_code = ? AND c.complainant_user_id = ?", code, a.UserID), s.today(), true)
	if err != nil {
		return c, noRows(err, "complaint")
	}
	return c, nil
}

// OwnComplaints lists a guardian's own complaints.
func (s *Service) OwnComplaints(ctx context.Context, a authz.Actor) ([]Complaint, error) {
	if err := a.Require(authz.ComplaintOwn); err != nil {
		return nil, err
	}
	rows, err := s.db.Read().Query(ctx, "SELECT "+complaintColumns+complaintFrom+"c.complainant_user_id = ? ORDER BY c.created_at DESC, c.id DESC LIMIT 100", a.UserID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Complaint{}
	for rows.Next() {
		c, err := s.scanComplaint(rows, s.today(), true)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ComplaintFilter narrows the worklist. Overdue keeps the overdue ones (the
// city's escalations).
type ComplaintFilter struct {
	Status   string
	Category string
	Source   string
	Region   string
	Overdue  bool
	Q        string // receipt code or work-order number
}

func (s *Service) complaintWhere(a authz.Actor, f ComplaintFilter) (string, []any, error) {
	p := domain.Problems{}
	if f.Status != "" && !oneOf(f.Status, ComplaintStatuses) {
		p.Add("status", domain.ReasonNotAllowed)
	}
	if f.Category != "" && !oneOf(f.Category, ComplaintCategories) {
		p.Add("category", domain.ReasonNotAllowed)
	}
	if f.Source != "" && !oneOf(f.Source, ComplaintSources) {
		p.Add("source", domain.ReasonNotAllowed)
	}
	if f.Region != "" && len(f.Region) != 6 {
		p.Add("region", "unknown_region")
	}
	if utf8.RuneCountInString(f.Q) > 40 {
		p.Add("q", domain.ReasonTooLong)
	}
	if err := p.Err(); err != nil {
		return "", nil, err
	}
	where, args := store.ScopeInstitutions(a.Scope(), "i")
	for col, v := range map[string]string{"c.status": f.Status, "c.category": f.Category, "c.source": f.Source, "c.region_code": f.Region} {
		if v != "" {
			where += " AND " + col + " = ?"
			args = append(args, v)
		}
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		where += " AND (c.receipt_code = ? OR c.work_order_no = ?)"
		args = append(args, normaliseCode(q), q)
	}
	if f.Overdue {
		today := s.today()
		where += " AND ((c.status = ? AND (c.sign_due < ? OR c.answer_due < ?)) OR (c.status = ? AND c.answer_due < ?))"
		args = append(args, ComplaintReceived, today, today, ComplaintSigned, today)
	}
	return where, args, nil
}

// Complaints is the county's worklist (and the city's): open ones by answer
// deadline first, then the rest, newest first.
func (s *Service) Complaints(ctx context.Context, a authz.Actor, f ComplaintFilter, page domain.Page) ([]Complaint, int, error) {
	if err := a.Require(authz.ComplaintHandle); err != nil {
		return nil, 0, err
	}
	where, args, err := s.complaintWhere(a, f)
	if err != nil {
		return nil, 0, err
	}
	page = page.Normalised()
	q := s.db.Read()
	var total int
	if err := q.QueryRow(ctx, "SELECT COUNT(*)"+complaintFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	out := []Complaint{}
	err = s.eachComplaint(ctx, q, where+" ORDER BY CASE WHEN c.status IN ('received', 'signed') THEN 0 ELSE 1 END, c.answer_due, c.id DESC LIMIT ? OFFSET ?",
		append(args, page.PerPage, page.Offset()), false, func(c Complaint) error { out = append(out, c); return nil })
	return out, total, err
}

func (s *Service) eachComplaint(ctx context.Context, q store.Q, where string, args []any, reveal bool, fn func(Complaint) error) error {
	rows, err := q.Query(ctx, "SELECT "+complaintColumns+complaintFrom+where, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	today := s.today()
	for rows.Next() {
		c, err := s.scanComplaint(rows, today, reveal)
		if err != nil {
			return err
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ExportComplaints streams the worklist's rows (without complainants) for
// an Excel export; the export is audited first.
func (s *Service) ExportComplaints(ctx context.Context, a authz.Actor, f ComplaintFilter, fn func(Complaint) error) error {
	if err := a.Require(authz.ComplaintHandle); err != nil {
		return err
	}
	where, args, err := s.complaintWhere(a, f)
	if err != nil {
		return err
	}
	if err := s.db.Tx(ctx, func(q store.Q) error {
		return s.audit(ctx, q, a, ActionComplaintExport, "complaint", 0, a.RegionCode, 0, f)
	}); err != nil {
		return err
	}
	return s.eachComplaint(ctx, s.db.Read(), where+" ORDER BY c.received_on DESC, c.id DESC", args, false, fn)
}
