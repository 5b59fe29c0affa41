package service

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// refusedHire is a banned person named in a staff roster; the refusal is
// audited as a single hire's is.
type refusedHire struct {
	name, masked, post string
	banID              int64
}

// staffCertGroup is a certificate a staff roster describes in its own
// columns: the kind, and the column of each certificate field.
type staffCertGroup struct {
	kind    string // "" = from the qualification_kind column
	columns map[string]string
}

var staffCertGroups = []staffCertGroup{
	{kind: domain.CertHealth, columns: map[string]string{"issued_on": "health_issued_on", "expires_on": "health_expires_on"}},
	{kind: domain.CertNoCriminalRecord, columns: map[string]string{"issued_on": "no_criminal_record_on"}},
	{columns: map[string]string{"kind": "qualification_kind", "name": "qualification_name", "number": "qualification_number",
		"issued_on": "qualification_issued_on", "expires_on": "qualification_expires_on"}},
}

// staffImportRenames maps the hiring form's field names to roster columns.
var staffImportRenames = map[string]string{}

// staffRow reads a roster row into the hiring form and the certificate
// groups it fills in (in the order of n.Certificates).
func staffRow(val func(string) string, p domain.Problems) (NewStaff, []staffCertGroup) {
	n := NewStaff{Name: val("name"), IDNumber: val("id_number"), Phone: val("phone"), Education: val("education"), Post: val("post"), StartDate: val("start_date")}
	if v := val("full_time"); v != "" {
		b := v == "true"
		n.FullTime = &b
	}
	if v := val("management_years"); v != "" {
		years, err := strconv.Atoi(v)
		if err != nil {
			p.Add("management_years", "import.not_integer")
		}
		n.ManagementYears = years
	}
	var groups []staffCertGroup
	for _, g := range staffCertGroups {
		filled := false
		for _, col := range g.columns {
			filled = filled || val(col) != ""
		}
		if !filled {
			continue
		}
		c := NewCertificate{Kind: g.kind, Name: val(g.columns["name"]), Number: val(g.columns["number"]),
			IssuedOn: val(g.columns["issued_on"]), ExpiresOn: val(g.columns["expires_on"])}
		if g.kind == "" {
			c.Kind = val(g.columns["kind"])
			if c.Kind == "" {
				c.Kind = domain.CertCaregiver
			}
		}
		n.Certificates = append(n.Certificates, c)
		groups = append(groups, g)
	}
	return n, groups
}

// importStaff hires the people of a staff roster inside the import's
// transaction, in file order, as HireStaff hires one: the ID number, the
// form and its certificates checked the same way, the lifetime ban checked
// first, one employer at a time city-wide, each hire with its staff.hire
// audit event. It returns the banned persons the roster named.
func (s *Service) importStaff(ctx context.Context, q store.Q, a authz.Actor, inst domain.Institution, r *importRun) ([]refusedHire, error) {
	today := s.Today()
	now := s.Now()
	firstRow := map[string]int{} // ID-number hash → row
	var refused []refusedHire
	baseKey := r.keyOf(staffImportRenames)
	set, err := staffSettings(ctx, q)
	if err != nil {
		return nil, err
	}
	std, err := s.standardFor(inst.RegionCode)
	if err != nil {
		return nil, err
	}
	healthMonths := std.StaffHealth.CheckIntervalMonths

	for _, row := range r.t.Rows {
		line := row.Line
		val := func(key string) string { return r.t.Value(row, key) }
		p := domain.Problems{}
		id, idErr := cnid.ParseResidentID(strings.ToUpper(strings.TrimSpace(val("id_number"))), today)
		if idErr != nil {
			p.Add("id_number", reasonFor(idErr))
		}
		n, groups := staffRow(val, p)
		n.validate(today, p)
		keyOf := func(field string) string {
			var i int
			var sub string
			if _, err := fmt.Sscanf(field, "certificates[%d].", &i); err == nil && i < len(groups) {
				_, sub, _ = strings.Cut(field, "].")
				if col, ok := groups[i].columns[sub]; ok {
					return col
				}
				return groups[i].columns["issued_on"]
			}
			switch field { // a missing document is reported at its date column
			case FieldHealthCertificate:
				return staffCertGroups[0].columns["issued_on"]
			case FieldNoCriminalRecordCert:
				return staffCertGroups[1].columns["issued_on"]
			}
			return baseKey(field)
		}
		var hash string
		if idErr == nil {
			// The sex and birth date, when given, must be those of the ID number.
			if v := val("sex"); v != "" && v != string(id.Sex) {
				if contains(domain.Sexes, v) {
					p.Add("sex", "does_not_match_id")
				} else {
					p.Add("sex", domain.ReasonNotAllowed)
				}
			}
			if v := val("birth_date"); v != "" && v != id.Birth.Format(time.DateOnly) {
				p.Add("birth_date", "does_not_match_id")
			}
			hash = s.Keys.LookupHash(id.Number)
			if first, seen := firstRow[hash]; seen {
				r.add(line, "id_number", "import.duplicate_row", first)
			} else {
				firstRow[hash] = line
			}
			// The ban is checked first, whatever else is wrong with the row.
			banID, banned, err := q.ActiveBlacklistID(ctx, hash)
			if err != nil {
				return nil, err
			}
			if banned {
				r.add(line, "id_number", ReasonBlacklisted)
				refused = append(refused, refusedHire{name: n.Name, masked: cnid.Mask(id.Number), post: n.Post, banID: banID})
				continue
			}
		}
		if len(p) > 0 || r.bad[line] {
			r.problems(line, p, keyOf)
			continue
		}
		staffID, openAt, found, err := q.StaffIdentity(ctx, hash)
		if err != nil {
			return nil, err
		}
		switch {
		case found && openAt == inst.ID:
			r.add(line, "id_number", ReasonAlreadyEmployed)
			continue
		case found && openAt != 0:
			r.add(line, "id_number", ReasonEmployedElsewhere)
			continue
		}
		start, _ := staffDate(n.StartDate)
		checkHire(n.Post, id.Birth, start, today, n.Certificates, set, healthMonths, p)
		if len(p) > 0 {
			r.problems(line, p, keyOf)
			continue
		}
		fullTime := n.FullTime == nil || *n.FullTime
		rec := store.StaffRow{Name: n.Name, Sex: string(id.Sex), BirthDate: id.Birth.Format(time.DateOnly), IDEnc: s.Keys.Encrypt(id.Number),
			IDHash: hash, IDMasked: cnid.Mask(id.Number), Phone: n.Phone, Education: n.Education, ManagementYears: n.ManagementYears}
		if found {
			err = q.UpdateStaffPerson(ctx, staffID, rec, now)
		} else {
			staffID, err = q.CreateStaff(ctx, rec, now)
		}
		if domain.ErrorCode(err) == domain.CodeConflict {
			// another institution put the person on file a moment ago; on
			// PostgreSQL the transaction cannot go on, so the import stops
			r.add(line, "id_number", ReasonEmployedElsewhere)
			r.add(line, "", "import.stopped")
			return refused, nil
		}
		if err != nil {
			return nil, err
		}
		empID, err := q.CreateEmployment(ctx, domain.Employment{StaffID: staffID, InstitutionID: inst.ID, Post: n.Post, FullTime: fullTime, StartDate: n.StartDate}, now)
		if domain.ErrorCode(err) == domain.CodeConflict {
			r.add(line, "id_number", ReasonEmployedElsewhere)
			r.add(line, "", "import.stopped")
			return refused, nil
		}
		if err != nil {
			return nil, err
		}
		for _, c := range n.Certificates {
			if _, err := q.AddStaffCertificate(ctx, c.record(staffID), now); err != nil {
				return nil, err
			}
		}
		if err := s.audit(ctx, q, a, audit.StaffHire, "staff", staffID, inst.RegionCode, inst.ID, map[string]any{
			"name": n.Name, "id_masked": rec.IDMasked, "post": n.Post, "start_date": n.StartDate, "employment_id": empID,
			"rehire": found, "certificates": len(n.Certificates), "import": true, "row": line}); err != nil {
			return nil, err
		}
		r.written++
	}
	return refused, nil
}
