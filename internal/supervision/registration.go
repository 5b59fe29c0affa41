package supervision

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// The registration authority pushes a registration to the health department
// within PushWorkdays working days of registering the institution, and the
// institution files within FilingWorkdays working days of registration
// (延安市 3岁以下婴幼儿照护服务实施方案 二.(四).1; 托育机构登记和备案办法（试行）第6条).
const (
	PushWorkdays   = 7
	FilingWorkdays = 10
)

// Registration authorities (托育机构登记和备案办法（试行）第4–5条): 机构编制 for
// 事业单位, 民政 for 社会服务机构, 市场监管 (or 行政审批 where it holds that
// power) for enterprises.
const (
	AuthorityEstablishment = "establishment"
	AuthorityCivilAffairs  = "civil_affairs"
	AuthorityMarket        = "market"
	AuthorityApproval      = "approval"
)

var Authorities = []string{AuthorityEstablishment, AuthorityCivilAffairs, AuthorityMarket, AuthorityApproval}

// Audit actions of registrations.
const (
	RegistrationRecorded  Action = "supervision.registration.record"
	InstitutionRegistered Action = "supervision.institution.create_from_registration"
)

// NewRegistration is a registration as the authority records it.
type NewRegistration struct {
	CreditCode   string     `json:"credit_code"`
	Name         string     `json:"name"`
	Nature       string     `json:"nature"`
	RegisteredOn civil.Date `json:"registered_on"`
	Authority    string     `json:"authority"`
	Address      string     `json:"address"`
	TownshipCode string     `json:"township_code"`
}

// Registration is a recorded registration with its two deadlines.
type Registration struct {
	ID                int64      `json:"id"`
	CreditCode        string     `json:"credit_code"`
	Name              string     `json:"name"`
	Nature            string     `json:"nature"`
	RegisteredOn      civil.Date `json:"registered_on"`
	Authority         string     `json:"authority"`
	Address           string     `json:"address"`
	RegionCode        string     `json:"region_code"`
	TownshipCode      string     `json:"township_code"`
	InstitutionID     int64      `json:"institution_id"`
	InstitutionStatus string     `json:"institution_status"`
	// Matched says the registration found an institution already in the
	// registry; otherwise it created one, unfiled.
	Matched   bool       `json:"matched"`
	PushedOn  civil.Date `json:"pushed_on"`
	PushDue   civil.Date `json:"push_due"`
	PushLate  bool       `json:"push_late"`
	FilingDue civil.Date `json:"filing_due"`
	// Overdue: not filed (nor submitted) and the filing deadline has passed.
	Overdue bool `json:"overdue"`
}

// RegistrationFilter narrows the list.
type RegistrationFilter struct {
	Overdue bool
	Q       string
}

// RecordRegistration records a pushed registration: the push is today, due
// within PushWorkdays working days of registration (later is flagged late);
// filing is due within FilingWorkdays. The registration is matched to the
// institution with its credit code, or creates it in the registry, unfiled.
func (s *Service) RecordRegistration(ctx context.Context, a authz.Actor, n NewRegistration) (Registration, error) {
	if err := a.Require(authz.RegistrationRecord); err != nil {
		return Registration{}, err
	}
	var out Registration
	err := s.db.Tx(ctx, func(q store.Q) error {
		r, err := s.recordRegistration(ctx, q, a, n)
		out = r
		return err
	})
	return out, err
}

func (s *Service) recordRegistration(ctx context.Context, q store.Q, a authz.Actor, n NewRegistration) (Registration, error) {
	p := domain.Problems{}
	r := Registration{Name: strings.TrimSpace(n.Name), Nature: n.Nature, RegisteredOn: n.RegisteredOn, Authority: n.Authority,
		Address: strings.TrimSpace(n.Address), TownshipCode: strings.TrimSpace(n.TownshipCode)}
	code, err := cnid.ParseCreditCode(n.CreditCode)
	if err != nil {
		p.Add("credit_code", "bad_credit_code")
	} else {
		r.CreditCode = code.Code
		if chinese, ok := domain.NatureChinese[n.Nature]; ok && !cnid.CreditCodeFitsNature(code, chinese) {
			p.Add("nature", "nature_mismatch")
		}
	}
	if !contains(domain.Natures, n.Nature) {
		p.Add("nature", domain.ReasonNotAllowed)
	}
	if !contains(Authorities, n.Authority) {
		p.Add("authority", domain.ReasonNotAllowed)
	}
	for f, v := range map[string]string{"name": r.Name, "address": r.Address} {
		if v == "" {
			p.Add(f, domain.ReasonRequired)
		} else if len([]rune(v)) > 200 {
			p.Add(f, domain.ReasonTooLong)
		}
	}
	today := s.today()
	switch {
	case n.RegisteredOn.IsZero():
		p.Add("registered_on", domain.ReasonRequired)
	case n.RegisteredOn.After(today):
		p.Add("registered_on", "in_future")
	}
	township, err := q.Region(ctx, r.TownshipCode)
	switch {
	case domain.ErrorCode(err) == domain.CodeNotFound || (err == nil && township.Level != "township"):
		p.Add("township_code", "unknown_region")
	case err != nil:
		return r, err
	case !a.Scope().ContainsRegion(r.TownshipCode):
		p.Add("township_code", "outside_your_region")
	default:
		r.RegionCode = township.ParentCode
	}
	if err := p.Err(); err != nil {
		return r, err
	}
	r.PushedOn = today
	r.PushDue = s.addWorkdays(r.RegisteredOn, PushWorkdays)
	r.PushLate = r.PushedOn.After(r.PushDue)
	r.FilingDue = s.addWorkdays(r.RegisteredOn, FilingWorkdays)

	// The registry is keyed by credit code across the deployment; a code
	// already registered in another county is refused, not moved.
	var region, status string
	err = q.QueryRow(ctx, "SELECT id, region_code, status FROM institutions WHERE credit_code = ?", r.CreditCode).Scan(&r.InstitutionID, &region, &status)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		in := domain.Institution{Name: r.Name, CreditCode: r.CreditCode, Kind: domain.KindCentre, Nature: r.Nature, ForProfit: code.Authority == '9',
			RegionCode: r.RegionCode, TownshipCode: r.TownshipCode, Address: r.Address, Status: domain.StatusUnfiled}
		if r.InstitutionID, err = q.CreateInstitution(ctx, in, s.now()); err != nil {
			return r, err
		}
		status = domain.StatusUnfiled
		if err := s.audit(ctx, q, a, InstitutionRegistered, "institution", r.InstitutionID, r.RegionCode, r.InstitutionID,
			map[string]any{"name": r.Name, "credit_code": r.CreditCode}); err != nil {
			return r, err
		}
	case err != nil:
		return r, err
	case region != r.RegionCode:
		return r, domain.Invalid("credit_code", "registered_elsewhere")
	default:
		r.Matched = true
	}
	r.InstitutionStatus = status
	r.ID, err = q.Insert(ctx, `INSERT INTO sv_registrations (credit_code, name, nature, registered_on, authority, address, region_code, township_code,
		institution_id, matched, pushed_on, push_due, filing_due, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.CreditCode, r.Name, r.Nature, r.RegisteredOn, r.Authority, r.Address, r.RegionCode, r.TownshipCode, r.InstitutionID, r.Matched,
		r.PushedOn, r.PushDue, r.FilingDue, userRef(a), s.now().UTC())
	if domain.ErrorCode(err) == domain.CodeConflict {
		return r, &domain.Error{Code: domain.CodeConflict, Message: "this registration is already recorded", Fields: map[string]string{"credit_code": "taken"}}
	}
	if err != nil {
		return r, err
	}
	r.Overdue = overdue(status, r.FilingDue, today)
	return r, s.audit(ctx, q, a, RegistrationRecorded, "registration", r.ID, r.RegionCode, r.InstitutionID,
		map[string]any{"credit_code": r.CreditCode, "matched": r.Matched, "push_late": r.PushLate, "filing_due": r.FilingDue})
}

// overdue: the institution has neither submitted nor been filed by the day after its deadline.
func overdue(status string, due, today civil.Date) bool {
	return (status == domain.StatusUnfiled || status == domain.StatusReturned) && today.After(due)
}

// Registrations lists the registrations in scope, newest first; with
// Overdue only those past their filing deadline, oldest deadline first.
func (s *Service) Registrations(ctx context.Context, a authz.Actor, f RegistrationFilter, page domain.Page) ([]Registration, int, error) {
	if err := a.Require(authz.RegistrationView); err != nil {
		return nil, 0, err
	}
	if len([]rune(f.Q)) > 100 {
		return nil, 0, domain.Invalid("q", domain.ReasonTooLong)
	}
	page = page.Normalised()
	today := s.today()
	where, args := store.ScopeInstitutions(a.Scope(), "i")
	order := "r.id DESC"
	if f.Overdue {
		where += " AND i.status IN (?, ?) AND r.filing_due < ?"
		args = append(args, domain.StatusUnfiled, domain.StatusReturned, today)
		order = "r.filing_due, r.id"
	}
	if f.Q != "" {
		where += " AND (r.name LIKE ? OR r.credit_code LIKE ?)"
		like := "%" + f.Q + "%"
		args = append(args, like, like)
	}
	q := s.db.Read()
	from := " FROM sv_registrations r JOIN institutions i ON i.id = r.institution_id WHERE " + where
	var total int
	if err := q.QueryRow(ctx, "SELECT COUNT(*)"+from, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, `SELECT r.id, r.credit_code, r.name, r.nature, r.registered_on, r.authority, r.address, r.region_code, r.township_code,
		r.institution_id, i.status, r.matched, r.pushed_on, r.push_due, r.filing_due`+from+" ORDER BY "+order+" LIMIT ? OFFSET ?",
		append(args, page.PerPage, page.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Registration
	for rows.Next() {
		var r Registration
		if err := rows.Scan(&r.ID, &r.CreditCode, &r.Name, &r.Nature, &r.RegisteredOn, &r.Authority, &r.Address, &r.RegionCode, &r.TownshipCode,
			&r.InstitutionID, &r.InstitutionStatus, &r.Matched, &r.PushedOn, &r.PushDue, &r.FilingDue); err != nil {
			return nil, 0, err
		}
		r.PushLate = r.PushedOn.After(r.PushDue)
		r.Overdue = overdue(r.InstitutionStatus, r.FilingDue, today)
		out = append(out, r)
	}
	return out, total, rows.Err()
}

func userRef(a authz.Actor) any {
	if a.UserID == 0 {
		return nil
	}
	return a.UserID
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
