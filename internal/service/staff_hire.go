package service

import (
	"context"
	"errors"
	"fmt"

	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// NewStaff is a person an institution hires: who they are, the post and
// any certificates they bring.
type NewStaff struct {
	Name string `json:"name"`
	// IDNumber is the resident ID (or residence permit) number, on input
	// only: it is stored encrypted and shown masked.
	IDNumber        string `json:"id_number"`
	Phone           string `json:"phone"`
	Education       string `json:"education"`
	ManagementYears int    `json:"management_years"`
	Post            string `json:"post"`
	// FullTime defaults to true.
	FullTime *bool `json:"full_time"`
	// StartDate defaults to today.
	StartDate    string           `json:"start_date"`
	Certificates []NewCertificate `json:"certificates"`
	// Account, when given, creates the person's login as a caregiver of
	// the institution, so they can record attendance and clock in.
	Account *StaffAccount `json:"account,omitempty"`
}

// StaffAccount is the login created for a person on hiring.
type StaffAccount struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// NewCertificate is a certificate or training record to add.
type NewCertificate struct {
	Kind      string  `json:"kind"`
	Name      string  `json:"name"`
	Number    string  `json:"number"`
	IssuedOn  string  `json:"issued_on"`
	ExpiresOn string  `json:"expires_on"`
	Hours     float64 `json:"hours"`
}

// Reason keys (internal/i18n) for staff and blacklist refusals.
const (
	ReasonEmployedElsewhere  = "employed_elsewhere"
	ReasonAlreadyEmployed    = "already_employed"
	ReasonBlacklisted        = "blacklisted"
	ReasonAlreadyBlacklisted = "already_blacklisted"
	ReasonBeforeStart        = "before_employment_start"
)

var (
	staffLandline = regexp.MustCompile(`^0[1-9][0-9]{1,2}-?[1-9][0-9]{6,7}(-[0-9]{1,6})?$`)
	// errHireBlacklisted stops the hire transaction; the refusal is then
	// audited in a transaction of its own.
	errHireBlacklisted = errors.New("hire refused: the person is blacklisted")
)

func staffDate(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

func staffText(p domain.Problems, field, v string, max int, required bool) {
	switch {
	case v == "" && required:
		p.Add(field, domain.ReasonRequired)
	case utf8.RuneCountInString(v) > max:
		p.Add(field, domain.ReasonTooLong)
	}
}

// validate normalises the form and records its problems; the ID number is
// checked by the caller.
func (n *NewStaff) validate(today time.Time, p domain.Problems) {
	n.Name = strings.TrimSpace(n.Name)
	n.Phone = strings.TrimSpace(n.Phone)
	n.Education = strings.TrimSpace(n.Education)
	n.Post = strings.TrimSpace(n.Post)
	n.StartDate = strings.TrimSpace(n.StartDate)
	staffText(p, "name", n.Name, 50, true)
	if n.Phone != "" {
		if m, err := cnid.NormaliseMobile(n.Phone); err == nil {
			n.Phone = m
		} else if !staffLandline.MatchString(strings.ReplaceAll(n.Phone, " ", "")) {
			p.Add("phone", domain.ReasonPhone)
		}
	}
	if n.Education != "" && !contains(domain.EducationLevels, n.Education) {
		p.Add("education", domain.ReasonNotAllowed)
	}
	p.Amount("management_years", float64(n.ManagementYears), 80)
	if n.Post == "" {
		p.Add("post", domain.ReasonRequired)
	} else if !contains(domain.Posts, n.Post) {
		p.Add("post", domain.ReasonNotAllowed)
	}
	if n.StartDate == "" {
		n.StartDate = today.Format(time.DateOnly)
	} else if t, ok := staffDate(n.StartDate); !ok {
		p.Add("start_date", domain.ReasonDate)
	} else if t.After(today.AddDate(1, 0, 0)) || t.Year() < 1950 {
		p.Add("start_date", domain.ReasonRange)
	}
	if len(n.Certificates) > 50 {
		p.Add("certificates", domain.ReasonTooLong)
	}
	for i := range n.Certificates {
		n.Certificates[i].validate(fmt.Sprintf("certificates[%d].", i), today, p)
	}
}

// validate checks one certificate; prefix names it in the problems.
func (c *NewCertificate) validate(prefix string, today time.Time, p domain.Problems) {
	c.Kind, c.Name, c.Number = strings.TrimSpace(c.Kind), strings.TrimSpace(c.Name), strings.TrimSpace(c.Number)
	c.IssuedOn, c.ExpiresOn = strings.TrimSpace(c.IssuedOn), strings.TrimSpace(c.ExpiresOn)
	if c.Kind == "" {
		p.Add(prefix+"kind", domain.ReasonRequired)
	} else if !contains(domain.CertKinds, c.Kind) {
		p.Add(prefix+"kind", domain.ReasonNotAllowed)
	}
	staffText(p, prefix+"name", c.Name, 100, false)
	staffText(p, prefix+"number", c.Number, 100, false)
	issued, ok := staffDate(c.IssuedOn)
	switch {
	case c.IssuedOn == "":
		p.Add(prefix+"issued_on", domain.ReasonRequired)
	case !ok:
		p.Add(prefix+"issued_on", domain.ReasonDate)
	case issued.After(today):
		p.Add(prefix+"issued_on", domain.ReasonFuture)
	}
	if c.ExpiresOn != "" {
		if exp, eok := staffDate(c.ExpiresOn); !eok {
			p.Add(prefix+"expires_on", domain.ReasonDate)
		} else if ok && exp.Before(issued) {
			p.Add(prefix+"expires_on", domain.ReasonRange)
		}
	}
	p.Amount(prefix+"hours", c.Hours, 10000)
}

func (c NewCertificate) record(staffID int64) domain.StaffCertificate {
	return domain.StaffCertificate{StaffID: staffID, Kind: c.Kind, Name: c.Name, Number: c.Number, IssuedOn: c.IssuedOn, ExpiresOn: c.ExpiresOn, Hours: c.Hours}
}

// HireStaff employs a person at an institution in the director's scope. A
// person is employed by one institution at a time, city-wide: hiring
// someone employed elsewhere is a conflict (without saying where). Hiring a
// person on the blacklist is refused with the code blacklisted, and the
// attempt is audited for the county regulator even though nothing else is
// written.
func (s *Service) HireStaff(ctx context.Context, a authz.Actor, institutionID int64, n NewStaff) (domain.Staff, error) {
	if err := a.Require(authz.StaffEdit); err != nil {
		return domain.Staff{}, err
	}
	today := s.Today()
	p := domain.Problems{}
	id, idErr := cnid.ParseResidentID(strings.ToUpper(strings.TrimSpace(n.IDNumber)), today)
	if idErr != nil {
		p.Add("id_number", reasonFor(idErr))
	}
	n.validate(today, p)
	fullTime := n.FullTime == nil || *n.FullTime

	var inst domain.Institution
	var banID int64
	var out domain.Staff
	err := s.DB.Tx(ctx, func(q store.Q) error {
		var err error
		inst, err = q.Institution(ctx, a.Scope(), institutionID)
		if err != nil {
			return err
		}
		if idErr != nil {
			return p.Err()
		}
		hash := s.Keys.LookupHash(id.Number)
		// The ban is checked first, whatever else is wrong with the form.
		banned := false
		if banID, banned, err = q.ActiveBlacklistID(ctx, hash); err != nil {
			return err
		} else if banned {
			return errHireBlacklisted
		}
		if err := p.Err(); err != nil {
			return err
		}
		if domain.StatusEnded(inst.Status) {
			return domain.Conflict("the institution is cancelled")
		}
		staffID, openAt, found, err := q.StaffIdentity(ctx, hash)
		if err != nil {
			return err
		}
		switch {
		case found && openAt == inst.ID:
			return &domain.Error{Code: domain.CodeConflict, Message: "this person is already employed here",
				Fields: map[string]string{"id_number": ReasonAlreadyEmployed}}
		case found && openAt != 0:
			return employedElsewhere()
		}
		// The documents are checked once the person may be hired at all.
		set, err := staffSettings(ctx, q)
		if err != nil {
			return err
		}
		std, err := s.standardFor(inst.RegionCode)
		if err != nil {
			return err
		}
		start, _ := staffDate(n.StartDate)
		checkHire(n.Post, id.Birth, start, today, n.Certificates, set, std.StaffHealth.CheckIntervalMonths, p)
		if err := p.Err(); err != nil {
			return err
		}
		row := store.StaffRow{Name: n.Name, Sex: string(id.Sex), BirthDate: id.Birth.Format(time.DateOnly), IDEnc: s.Keys.Encrypt(id.Number),
			IDHash: hash, IDMasked: cnid.Mask(id.Number), Phone: n.Phone, Education: n.Education, ManagementYears: n.ManagementYears}
		now := s.Now()
		if found {
			err = q.UpdateStaffPerson(ctx, staffID, row, now)
		} else if staffID, err = q.CreateStaff(ctx, row, now); domain.ErrorCode(err) == domain.CodeConflict {
			// another institution put the person on file a moment ago
			return employedElsewhere()
		}
		if err != nil {
			return err
		}
		empID, err := q.CreateEmployment(ctx, domain.Employment{StaffID: staffID, InstitutionID: inst.ID, Post: n.Post, FullTime: fullTime, StartDate: n.StartDate}, now)
		if domain.ErrorCode(err) == domain.CodeConflict {
			// another institution hired the person a moment ago
			return employedElsewhere()
		}
		if err != nil {
			return err
		}
		for _, c := range n.Certificates {
			if _, err := q.AddStaffCertificate(ctx, c.record(staffID), now); err != nil {
				return err
			}
		}
		if n.Account != nil {
			u, err := s.addUser(ctx, q, a, NewUser{Username: n.Account.Username, Password: n.Account.Password, DisplayName: n.Name,
				Role: domain.RoleCaregiver, InstitutionID: inst.ID})
			var de *domain.Error
			if errors.As(err, &de) && de.Fields != nil {
				de.Fields = map[string]string(prefixed(domain.Problems(de.Fields), "account."))
			}
			if err != nil {
				return err
			}
			if err := q.SetEmploymentUser(ctx, empID, u.ID); err != nil {
				return err
			}
		}
		if err := s.audit(ctx, q, a, audit.StaffHire, "staff", staffID, inst.RegionCode, inst.ID, map[string]any{
			"name": n.Name, "id_masked": row.IDMasked, "post": n.Post, "start_date": n.StartDate, "employment_id": empID,
			"rehire": found, "certificates": len(n.Certificates)}); err != nil {
			return err
		}
		out, err = q.StaffInScope(ctx, a.Scope(), staffID)
		return err
	})
	if errors.Is(err, errHireBlacklisted) {
		if err := s.DB.Tx(ctx, func(q store.Q) error {
			return s.audit(ctx, q, a, audit.StaffHireRefusedBlacklisted, "institution", inst.ID, inst.RegionCode, inst.ID, map[string]any{
				"name": n.Name, "id_masked": cnid.Mask(id.Number), "post": n.Post, "blacklist_id": banID})
		}); err != nil {
			return domain.Staff{}, err
		}
		return domain.Staff{}, &domain.Error{Code: domain.CodeBlacklisted,
			Message: "this person is on the lifetime ban list and may not be hired; the attempt has been recorded",
			Fields:  map[string]string{"id_number": ReasonBlacklisted}}
	}
	if err != nil {
		return domain.Staff{}, err
	}
	return out, nil
}

func employedElsewhere() error {
	return &domain.Error{Code: domain.CodeConflict,
		Message: "this person is employed by another institution; they can be hired once that employment has ended",
		Fields:  map[string]string{"id_number": ReasonEmployedElsewhere}}
}
