package store

import (
	"context"
	"database/sql"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// StaffRow is a person to store: the ID number arrives encrypted, hashed
// and masked, never in plain.
type StaffRow struct {
	Name            string
	Sex             string
	BirthDate       string
	IDEnc           string
	IDHash          string
	IDMasked        string
	Phone           string
	Education       string
	ManagementYears int
}

// StaffIdentity finds a person by the keyed hash of their ID number, for
// hiring, which is city-wide: it returns the staff id and the institution of
// their open employment (0 when none), and nothing else about the person.
func (q Q) StaffIdentity(ctx context.Context, hash string) (staffID, openInstitution int64, found bool, err error) {
	err = q.queryRow(ctx, `SELECT s.id, COALESCE(e.institution_id, 0) FROM staff s
		LEFT JOIN employments e ON e.staff_id = s.id AND e.end_date IS NULL WHERE s.id_hash = ?`, hash).Scan(&staffID, &openInstitution)
	if err == sql.ErrNoRows {
		return 0, 0, false, nil
	}
	return staffID, openInstitution, err == nil, err
}

// CreateStaff stores a new person; an ID number already on file is a conflict.
func (q Q) CreateStaff(ctx context.Context, r StaffRow, now time.Time) (int64, error) {
	return q.insert(ctx, `INSERT INTO staff (name, sex, birth_date, id_enc, id_hash, id_masked, phone, education, management_years, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Name, r.Sex, nullString(r.BirthDate), r.IDEnc, r.IDHash, r.IDMasked, r.Phone, r.Education, r.ManagementYears, now.UTC(), now.UTC())
}

// UpdateStaffPerson refreshes what the hiring institution declares of a
// person already on file.
func (q Q) UpdateStaffPerson(ctx context.Context, id int64, r StaffRow, now time.Time) error {
	_, err := q.exec(ctx, `UPDATE staff SET name = ?, phone = ?, education = ?, management_years = ?, updated_at = ? WHERE id = ?`,
		r.Name, r.Phone, r.Education, r.ManagementYears, now.UTC(), id)
	return err
}

// CreateEmployment opens an employment. A person with an open employment
// anywhere is refused by the unique index employments_one_open (a conflict).
func (q Q) CreateEmployment(ctx context.Context, e domain.Employment, now time.Time) (int64, error) {
	return q.insert(ctx, `INSERT INTO employments (staff_id, institution_id, post, full_time, start_date, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		e.StaffID, e.InstitutionID, e.Post, e.FullTime, e.StartDate, now.UTC())
}

// SetEmploymentUser links an employment to the person's login account.
func (q Q) SetEmploymentUser(ctx context.Context, employmentID, userID int64) error {
	_, err := q.exec(ctx, "UPDATE employments SET user_id = ? WHERE id = ?", userID, employmentID)
	return err
}

// EndEmployment closes an open employment on endDate.
func (q Q) EndEmployment(ctx context.Context, id int64, endDate string) error {
	res, err := q.exec(ctx, "UPDATE employments SET end_date = ? WHERE id = ? AND end_date IS NULL", endDate, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return domain.Conflict("the employment has already ended")
	}
	return nil
}

// AddStaffCertificate stores a certificate or training record.
func (q Q) AddStaffCertificate(ctx context.Context, c domain.StaffCertificate, now time.Time) (int64, error) {
	return q.insert(ctx, `INSERT INTO staff_certificates (staff_id, kind, name, number, issued_on, expires_on, hours, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.StaffID, c.Kind, c.Name, c.Number, nullString(c.IssuedOn), nullString(c.ExpiresOn), c.Hours, now.UTC())
}

const staffColumns = `s.id, s.name, s.sex, COALESCE(s.birth_date, ''), s.id_masked, s.phone, s.education, s.management_years, s.created_at, s.updated_at,
	e.id, e.institution_id, i.name, i.region_code, e.post, e.full_time, e.start_date, COALESCE(e.end_date, '')`

const staffFrom = ` FROM employments e JOIN staff s ON s.id = e.staff_id JOIN institutions i ON i.id = e.institution_id`

func scanStaff(row Row) (domain.Staff, domain.Employment, error) {
	var s domain.Staff
	var e domain.Employment
	err := row.Scan(&s.ID, &s.Name, &s.Sex, &s.BirthDate, &s.IDMasked, &s.Phone, &s.Education, &s.ManagementYears, &s.CreatedAt, &s.UpdatedAt,
		&e.ID, &e.InstitutionID, &e.InstitutionName, &e.RegionCode, &e.Post, &e.FullTime, &e.StartDate, &e.EndDate)
	if err != nil {
		return s, e, err
	}
	s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
	e.StaffID = s.ID
	s.EmploymentID, s.InstitutionID, s.InstitutionName = e.ID, e.InstitutionID, e.InstitutionName
	s.Post, s.FullTime, s.StartDate, s.EndDate = e.Post, e.FullTime, e.StartDate, e.EndDate
	s.Certificates = []domain.StaffCertificate{}
	return s, e, nil
}

// StaffFilter narrows an institution's staff list.
type StaffFilter struct {
	InstitutionID int64
	// IncludeEnded lists people who have left as well.
	IncludeEnded bool
	Post         string
}

// ListStaff lists the employments of an institution in scope with their
// people, current first, by name; each with certificates and ban status.
func (q Q) ListStaff(ctx context.Context, scope authz.Scope, f StaffFilter, page domain.Page) ([]domain.Staff, int, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	where += " AND e.institution_id = ?"
	args = append(args, f.InstitutionID)
	if !f.IncludeEnded {
		where += " AND e.end_date IS NULL"
	}
	if f.Post != "" {
		where += " AND e.post = ?"
		args = append(args, f.Post)
	}
	// Current first, then by name in pinyin order: the page's employments
	// first, then their rows.
	ids, total, err := q.pageByName(ctx, "SELECT CASE WHEN e.end_date IS NULL THEN 0 ELSE 1 END, e.id, s.name"+staffFrom+" WHERE "+where, args, page)
	if err != nil || len(ids) == 0 {
		return []domain.Staff{}, total, err
	}
	in, iargs := idList(ids)
	rows, err := q.query(ctx, "SELECT "+staffColumns+staffFrom+" WHERE "+where+" AND e.id IN "+in, append(append([]any{}, args...), iargs...)...)
	out, err := Collect(rows, err, func(r Row) (domain.Staff, error) {
		s, _, err := scanStaff(r)
		return s, err
	})
	out = inOrder(out, ids, func(s domain.Staff) int64 { return s.EmploymentID })
	if err != nil {
		return nil, 0, err
	}
	return out, total, q.completeStaff(ctx, out)
}

// StaffInScope returns a person who has (or had) an employment at an
// institution in scope, seen through the open one when there is one; the
// employments listed are those in scope. Out of scope is not found.
func (q Q) StaffInScope(ctx context.Context, scope authz.Scope, id int64) (domain.Staff, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	rows, err := q.query(ctx, "SELECT "+staffColumns+staffFrom+" WHERE e.staff_id = ? AND "+where+
		" ORDER BY CASE WHEN e.end_date IS NULL THEN 0 ELSE 1 END, e.start_date DESC, e.id DESC", append([]any{id}, args...)...)
	var out domain.Staff
	emps := []domain.Employment{}
	err = Each(rows, err, func(r Row) error {
		s, e, err := scanStaff(r)
		if err != nil {
			return err
		}
		if len(emps) == 0 {
			out = s
		}
		emps = append(emps, e)
		return nil
	})
	if err != nil {
		return out, err
	}
	if len(emps) == 0 {
		return out, domain.NotFound("staff member")
	}
	out.Employments = emps
	list := []domain.Staff{out}
	if err := q.completeStaff(ctx, list); err != nil {
		return out, err
	}
	return list[0], nil
}

// OpenEmployment returns the person's open employment at an institution in
// scope; none is not found.
func (q Q) OpenEmployment(ctx context.Context, scope authz.Scope, staffID int64) (domain.Employment, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	_, e, err := scanStaff(q.queryRow(ctx, "SELECT "+staffColumns+staffFrom+" WHERE e.staff_id = ? AND e.end_date IS NULL AND "+where,
		append([]any{staffID}, args...)...))
	return e, notFound(err, "staff member")
}

// completeStaff adds certificates, training hours and ban status to people
// already read through a scope.
func (q Q) completeStaff(ctx context.Context, list []domain.Staff) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]any, 0, len(list))
	seen := map[int64]bool{}
	for _, s := range list {
		if !seen[s.ID] {
			seen[s.ID] = true
			ids = append(ids, s.ID)
		}
	}
	certs := map[int64][]domain.StaffCertificate{}
	rows, err := q.query(ctx, `SELECT c.id, c.staff_id, c.kind, c.name, c.number, COALESCE(c.issued_on, ''), COALESCE(c.expires_on, ''), c.hours, c.created_at
		FROM staff_certificates c WHERE c.staff_id IN `+in(len(ids))+` ORDER BY c.staff_id, c.kind, c.issued_on, c.id`, ids...)
	err = Each(rows, err, func(r Row) error {
		c, err := scanCertificate(r)
		certs[c.StaffID] = append(certs[c.StaffID], c)
		return err
	})
	if err != nil {
		return err
	}
	banned, err := q.idSet(ctx, `SELECT s.id FROM staff s JOIN blacklist b ON b.id_hash = s.id_hash AND b.lifted_at IS NULL WHERE s.id IN `+in(len(ids)), ids...)
	if err != nil {
		return err
	}
	for i := range list {
		s := &list[i]
		s.Certificates = certs[s.ID]
		if s.Certificates == nil {
			s.Certificates = []domain.StaffCertificate{}
		}
		s.TrainingHours = 0
		for _, c := range s.Certificates {
			s.TrainingHours += c.Hours
		}
		s.Blacklisted = banned[s.ID]
	}
	return nil
}

func scanCertificate(row Row) (domain.StaffCertificate, error) {
	var c domain.StaffCertificate
	err := row.Scan(&c.ID, &c.StaffID, &c.Kind, &c.Name, &c.Number, &c.IssuedOn, &c.ExpiresOn, &c.Hours, &c.CreatedAt)
	c.CreatedAt = c.CreatedAt.UTC()
	return c, err
}

// StaffCertificateRow is a certificate of a current staff member with where
// they work, for expiry watching.
type StaffCertificateRow struct {
	domain.StaffCertificate
	StaffName       string
	Post            string
	InstitutionID   int64
	InstitutionName string
}

// StaffCertificatesDue lists, for people with an open employment at an
// institution in scope, every health certificate (which lapses a year after
// issue unless it has an expiry date) and each other certificate expiring
// on or before until (YYYY-MM-DD) that no certificate of the same kind and
// name outlasts.
func (q Q) StaffCertificatesDue(ctx context.Context, scope authz.Scope, until string) ([]StaffCertificateRow, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	rows, err := q.query(ctx, `SELECT c.id, c.staff_id, c.kind, c.name, c.number, COALESCE(c.issued_on, ''), COALESCE(c.expires_on, ''), c.hours, c.created_at,
		s.name, e.post, i.id, i.name
		FROM staff_certificates c JOIN staff s ON s.id = c.staff_id
		JOIN employments e ON e.staff_id = c.staff_id AND e.end_date IS NULL JOIN institutions i ON i.id = e.institution_id
		WHERE (c.kind = ? OR (c.expires_on IS NOT NULL AND c.expires_on <= ? AND NOT EXISTS (SELECT 1 FROM staff_certificates c2
			WHERE c2.staff_id = c.staff_id AND c2.kind = c.kind AND c2.name = c.name AND c2.id <> c.id
			AND (c2.expires_on IS NULL OR c2.expires_on > c.expires_on)))) AND `+where+` ORDER BY i.id, s.name, c.staff_id, c.kind, c.id`,
		append([]any{domain.CertHealth, until}, args...)...)
	return Collect(rows, err, func(row Row) (StaffCertificateRow, error) {
		var r StaffCertificateRow
		c := &r.StaffCertificate
		err := row.Scan(&c.ID, &c.StaffID, &c.Kind, &c.Name, &c.Number, &c.IssuedOn, &c.ExpiresOn, &c.Hours, &c.CreatedAt,
			&r.StaffName, &r.Post, &r.InstitutionID, &r.InstitutionName)
		c.CreatedAt = c.CreatedAt.UTC()
		return r, err
	})
}
