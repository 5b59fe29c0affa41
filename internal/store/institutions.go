package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

const institutionColumns = `i.id, i.name, i.credit_code, i.kind, i.nature, i.for_profit, i.region_code, i.township_code, i.address, i.phone,
	i.legal_rep, i.person_in_charge, i.places, i.puhui_places, i.vacancies, i.care_types, i.status, i.receipt_no, i.filed_on,
	i.demonstration, i.created_at, i.updated_at`

func scanInstitution(row Row) (domain.Institution, error) {
	var in domain.Institution
	var care string
	var receipt, filed sql.NullString
	err := row.Scan(&in.ID, &in.Name, &in.CreditCode, &in.Kind, &in.Nature, &in.ForProfit, &in.RegionCode, &in.TownshipCode, &in.Address, &in.Phone,
		&in.LegalRep, &in.PersonInCharge, &in.Places, &in.PuhuiPlaces, &in.Vacancies, &care, &in.Status, &receipt, &filed,
		&in.Demonstration, &in.CreatedAt, &in.UpdatedAt)
	if err != nil {
		return in, err
	}
	in.ReceiptNo, in.FiledOn = receipt.String, filed.String
	in.Puhui = in.PuhuiPlaces > 0
	in.CreatedAt, in.UpdatedAt = in.CreatedAt.UTC(), in.UpdatedAt.UTC()
	if err := json.Unmarshal([]byte(care), &in.CareTypes); err != nil {
		return in, err
	}
	return in, nil
}

func careJSON(c []domain.CareOffer) string {
	if c == nil {
		c = []domain.CareOffer{}
	}
	b, _ := json.Marshal(c)
	return string(b)
}

// CreateInstitution adds a registry entry; a taken credit code is a conflict.
func (q Q) CreateInstitution(ctx context.Context, in domain.Institution, now time.Time) (int64, error) {
	return q.insert(ctx, `INSERT INTO institutions (name, credit_code, kind, nature, for_profit, region_code, township_code, address, phone,
		legal_rep, person_in_charge, places, puhui_places, vacancies, care_types, status, demonstration, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		in.Name, in.CreditCode, in.Kind, in.Nature, in.ForProfit, in.RegionCode, in.TownshipCode, in.Address, in.Phone,
		in.LegalRep, in.PersonInCharge, in.Places, in.PuhuiPlaces, in.Vacancies, careJSON(in.CareTypes), in.Status, in.Demonstration, now.UTC(), now.UTC())
}

// Institution returns one institution in scope; out of scope is not found.
func (q Q) Institution(ctx context.Context, scope authz.Scope, id int64) (domain.Institution, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	in, err := scanInstitution(q.queryRow(ctx, "SELECT "+institutionColumns+" FROM institutions i WHERE i.id = ? AND "+where, append([]any{id}, args...)...))
	return in, notFound(err, "institution")
}

func institutionWhere(scope authz.Scope, f domain.InstitutionFilter) (string, []any) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	if f.Region != "" {
		if len(f.Region) == 9 {
			where += " AND i.township_code = ?"
			args = append(args, f.Region)
		} else if lo, hi, ok := authz.RegionRange(f.Region); ok && lo != hi {
			where += " AND i.region_code >= ? AND i.region_code < ?"
			args = append(args, lo, hi)
		} else {
			where += " AND i.region_code = ?"
			args = append(args, f.Region)
		}
	}
	if f.Status != "" {
		where += " AND i.status = ?"
		args = append(args, f.Status)
	}
	if f.Kind != "" {
		where += " AND i.kind = ?"
		args = append(args, f.Kind)
	}
	if f.Nature != "" {
		where += " AND i.nature = ?"
		args = append(args, f.Nature)
	}
	if f.CareType != "" {
		where += ` AND i.care_types LIKE ? ESCAPE '\'`
		args = append(args, `%"type":"`+likeEscape(f.CareType)+`"%`)
	}
	if f.Puhui != nil {
		if *f.Puhui {
			where += " AND i.puhui_places > 0"
		} else {
			where += " AND i.puhui_places = 0"
		}
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		where += ` AND (i.name LIKE ? ESCAPE '\' OR i.credit_code LIKE ? ESCAPE '\')`
		p := "%" + likeEscape(q) + "%"
		args = append(args, p, strings.ToUpper(p))
	}
	return where, args
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ListInstitutions returns one page of the institutions in scope, by name.
func (q Q) ListInstitutions(ctx context.Context, scope authz.Scope, f domain.InstitutionFilter, page domain.Page) ([]domain.Institution, int, error) {
	page = page.Normalised()
	where, args := institutionWhere(scope, f)
	var total int
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM institutions i WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.query(ctx, "SELECT "+institutionColumns+" FROM institutions i WHERE "+where+" ORDER BY i.region_code, i.name, i.id LIMIT ? OFFSET ?",
		append(args, page.PerPage, page.Offset())...)
	out, err := Collect(rows, err, scanInstitution)
	return out, total, err
}

// EachInstitution streams every institution in scope that matches, for exports.
func (q Q) EachInstitution(ctx context.Context, scope authz.Scope, f domain.InstitutionFilter, fn func(domain.Institution) error) error {
	where, args := institutionWhere(scope, f)
	rows, err := q.query(ctx, "SELECT "+institutionColumns+" FROM institutions i WHERE "+where+" ORDER BY i.region_code, i.name, i.id", args...)
	return Each(rows, err, func(r Row) error {
		in, err := scanInstitution(r)
		if err != nil {
			return err
		}
		return fn(in)
	})
}

// SetInstitutionStatus changes the status alone.
func (q Q) SetInstitutionStatus(ctx context.Context, id int64, status string, now time.Time) error {
	_, err := q.exec(ctx, "UPDATE institutions SET status = ?, updated_at = ? WHERE id = ?", status, now.UTC(), id)
	return err
}

// ApplyFiling copies filed facts to the registry and marks it filed.
func (q Q) ApplyFiling(ctx context.Context, id int64, d domain.FilingData, regionCode, receiptNo, filedOn string, now time.Time) error {
	_, err := q.exec(ctx, `UPDATE institutions SET name = ?, credit_code = ?, kind = ?, nature = ?, for_profit = ?, region_code = ?, township_code = ?,
		address = ?, phone = ?, legal_rep = ?, person_in_charge = ?, places = ?, puhui_places = ?, vacancies = ?, care_types = ?,
		status = ?, receipt_no = ?, filed_on = ?, updated_at = ? WHERE id = ?`,
		d.Name, d.CreditCode, d.Kind, d.Nature, d.ForProfit, regionCode, d.TownshipCode, d.Address, d.Phone, d.LegalRep, d.PersonInCharge,
		d.Places, d.PuhuiPlaces, d.Vacancies, careJSON(d.CareTypes), domain.StatusFiled, receiptNo, filedOn, now.UTC(), id)
	return err
}

// PublicInstitutions lists filed institutions for the public directory.
// It needs no scope: it reads public facts of filed institutions only.
func (q Q) PublicInstitutions(ctx context.Context, f domain.InstitutionFilter, page domain.Page) ([]domain.PublicInstitution, int, error) {
	page = page.Normalised()
	f.Status = domain.StatusFiled
	where, args := institutionWhere(authz.System("public").Scope(), f)
	var total int
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM institutions i WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.query(ctx, `SELECT i.id, i.name, i.kind, i.nature, i.puhui_places, i.address, i.region_code, COALESCE(c.name, ''), i.township_code, COALESCE(t.name, ''),
		i.care_types, i.places, i.vacancies, COALESCE(i.receipt_no, ''), COALESCE(i.filed_on, '')
		FROM institutions i LEFT JOIN regions c ON c.code = i.region_code LEFT JOIN regions t ON t.code = i.township_code
		WHERE `+where+` ORDER BY i.region_code, i.name, i.id LIMIT ? OFFSET ?`, append(args, page.PerPage, page.Offset())...)
	out, err := Collect(rows, err, func(r Row) (domain.PublicInstitution, error) {
		var p domain.PublicInstitution
		var puhui int
		var care string
		if err := r.Scan(&p.ID, &p.Name, &p.Kind, &p.Nature, &puhui, &p.Address, &p.RegionCode, &p.RegionName, &p.TownshipCode, &p.TownshipName,
			&care, &p.Places, &p.Vacancies, &p.ReceiptNo, &p.FiledOn); err != nil {
			return p, err
		}
		p.Puhui = puhui > 0
		return p, json.Unmarshal([]byte(care), &p.CareTypes)
	})
	return out, total, err
}

// CountInstitutionsByStatus counts institutions in scope per status.
func (q Q) CountInstitutionsByStatus(ctx context.Context, scope authz.Scope) (map[string]int, error) {
	byCounty, err := q.CountInstitutions(ctx, scope)
	out := map[string]int{}
	for _, counts := range byCounty {
		for status, n := range counts {
			out[status] += n
		}
	}
	return out, err
}

// CountInstitutions counts institutions in scope per county and status,
// in one grouped query.
func (q Q) CountInstitutions(ctx context.Context, scope authz.Scope) (map[string]map[string]int, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	out := map[string]map[string]int{}
	rows, err := q.query(ctx, "SELECT i.region_code, i.status, COUNT(*) FROM institutions i WHERE "+where+" GROUP BY i.region_code, i.status", args...)
	err = Each(rows, err, func(r Row) error {
		var region, status string
		var n int
		if err := r.Scan(&region, &status, &n); err != nil {
			return err
		}
		if out[region] == nil {
			out[region] = map[string]int{}
		}
		out[region][status] = n
		return nil
	})
	return out, err
}
