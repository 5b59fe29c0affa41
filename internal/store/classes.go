package store

import (
	"context"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// forUpdate is the row-lock suffix of the dialect. On SQLite the single
// writer connection with BEGIN IMMEDIATE already serialises write
// transactions, so nothing is appended.
func (q Q) forUpdate() string {
	if q.dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// LockClass locks a class row until the transaction ends (PostgreSQL), so
// that checks of its capacity and the insert that follows them are not
// interleaved with another transaction's. A missing class is not found.
func (q Q) LockClass(ctx context.Context, id int64) error {
	var got int64
	err := q.queryRow(ctx, "SELECT id FROM classes WHERE id = ?"+q.forUpdate(), id).Scan(&got)
	return notFound(err, "class")
}

// LockInstitution locks an institution row until the transaction ends
// (PostgreSQL): enrolments that count the whole institution (places, the
// home care point limit) serialise on it.
func (q Q) LockInstitution(ctx context.Context, id int64) error {
	var got int64
	err := q.queryRow(ctx, "SELECT id FROM institutions WHERE id = ?"+q.forUpdate(), id).Scan(&got)
	return notFound(err, "institution")
}

const classColumns = `k.id, k.institution_id, k.name, k.type, k.capacity, k.archived, k.created_at, k.updated_at,
	(SELECT COUNT(*) FROM enrolments ke WHERE ke.class_id = k.id AND ke.end_date IS NULL)`

func scanClass(row Row) (domain.Class, error) {
	var c domain.Class
	err := row.Scan(&c.ID, &c.InstitutionID, &c.Name, &c.Type, &c.Capacity, &c.Archived, &c.CreatedAt, &c.UpdatedAt, &c.Enrolled)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	c.Caregivers = []domain.StaffRef{}
	return c, err
}

// CreateClass adds a class; a name taken in the institution is a conflict.
func (q Q) CreateClass(ctx context.Context, c domain.Class, now time.Time) (int64, error) {
	return q.insert(ctx, `INSERT INTO classes (institution_id, name, type, capacity, archived, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		c.InstitutionID, c.Name, c.Type, c.Capacity, c.Archived, now.UTC(), now.UTC())
}

// UpdateClass saves a class's name, type, capacity and archived flag.
func (q Q) UpdateClass(ctx context.Context, c domain.Class, now time.Time) error {
	_, err := q.exec(ctx, "UPDATE classes SET name = ?, type = ?, capacity = ?, archived = ?, updated_at = ? WHERE id = ?",
		c.Name, c.Type, c.Capacity, c.Archived, now.UTC(), c.ID)
	return err
}

// SetClassCaregivers replaces the caregivers assigned to a class.
func (q Q) SetClassCaregivers(ctx context.Context, classID int64, staffIDs []int64) error {
	if _, err := q.exec(ctx, "DELETE FROM class_caregivers WHERE class_id = ?", classID); err != nil {
		return err
	}
	for _, id := range staffIDs {
		if _, err := q.exec(ctx, "INSERT INTO class_caregivers (class_id, staff_id) VALUES (?, ?)", classID, id); err != nil {
			return err
		}
	}
	return nil
}

// Class returns one class whose institution is in scope.
func (q Q) Class(ctx context.Context, scope authz.Scope, id int64) (domain.Class, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	c, err := scanClass(q.queryRow(ctx, "SELECT "+classColumns+" FROM classes k JOIN institutions i ON i.id = k.institution_id WHERE k.id = ? AND "+where,
		append([]any{id}, args...)...))
	if err != nil {
		return c, notFound(err, "class")
	}
	cg, err := q.classCaregivers(ctx, []int64{c.ID})
	c.Caregivers = orEmpty(cg[c.ID])
	return c, err
}

func orEmpty(s []domain.StaffRef) []domain.StaffRef {
	if s == nil {
		return []domain.StaffRef{}
	}
	return s
}

// ListClasses returns one page of an institution's classes, by name; the
// institution must be in scope.
func (q Q) ListClasses(ctx context.Context, scope authz.Scope, institutionID int64, page domain.Page) ([]domain.Class, int, error) {
	page = page.Normalised()
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	args = append([]any{institutionID}, args...)
	from := " FROM classes k JOIN institutions i ON i.id = k.institution_id WHERE k.institution_id = ? AND " + where
	var total int
	if err := q.queryRow(ctx, "SELECT COUNT(*)"+from, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.query(ctx, "SELECT "+classColumns+from+" ORDER BY k.archived, k.name, k.id LIMIT ? OFFSET ?", append(args, page.PerPage, page.Offset())...)
	out, err := Collect(rows, err, scanClass)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(out))
	for i, c := range out {
		ids[i] = c.ID
	}
	cg, err := q.classCaregivers(ctx, ids)
	for i := range out {
		out[i].Caregivers = orEmpty(cg[out[i].ID])
	}
	return out, total, err
}

func (q Q) classCaregivers(ctx context.Context, classIDs []int64) (map[int64][]domain.StaffRef, error) {
	out := map[int64][]domain.StaffRef{}
	if len(classIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(classIDs))
	for i, id := range classIDs {
		args[i] = id
	}
	rows, err := q.query(ctx, "SELECT cc.class_id, s.id, s.name FROM class_caregivers cc JOIN staff s ON s.id = cc.staff_id WHERE cc.class_id IN "+
		in(len(classIDs))+" ORDER BY s.name, s.id", args...)
	return out, Each(rows, err, func(r Row) error {
		var classID int64
		var s domain.StaffRef
		err := r.Scan(&classID, &s.ID, &s.Name)
		out[classID] = append(out[classID], s)
		return err
	})
}

// EmployedAt returns those of staffIDs who hold an open employment at the
// institution (the staff tables are kept by the staff use cases; this only
// reads them).
func (q Q) EmployedAt(ctx context.Context, institutionID int64, staffIDs []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(staffIDs) == 0 {
		return out, nil
	}
	args := []any{institutionID}
	for _, id := range staffIDs {
		args = append(args, id)
	}
	return q.idSet(ctx, "SELECT DISTINCT staff_id FROM employments WHERE institution_id = ? AND end_date IS NULL AND staff_id IN "+in(len(staffIDs)), args...)
}

// idSet runs a query of one id column and returns the ids as a set.
func (q Q) idSet(ctx context.Context, query string, args ...any) (map[int64]bool, error) {
	rows, err := q.query(ctx, query, args...)
	out := map[int64]bool{}
	return out, Each(rows, err, func(r Row) error {
		var id int64
		err := r.Scan(&id)
		out[id] = true
		return err
	})
}

// ClassMembers lists the children with an open enrolment in a class whose
// institution is in scope.
func (q Q) ClassMembers(ctx context.Context, scope authz.Scope, classID int64) ([]domain.ClassMember, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	rows, err := q.query(ctx, `SELECT c.id, c.birth_date FROM enrolments e JOIN children c ON c.id = e.child_id JOIN institutions i ON i.id = e.institution_id
		WHERE e.class_id = ? AND e.end_date IS NULL AND `+where+` ORDER BY c.id`, append([]any{classID}, args...)...)
	return Collect(rows, err, func(r Row) (domain.ClassMember, error) {
		var m domain.ClassMember
		err := r.Scan(&m.ChildID, &m.BirthDate)
		return m, err
	})
}

// CountClassEnrolled counts the open enrolments of a class.
func (q Q) CountClassEnrolled(ctx context.Context, classID int64) (int, error) {
	var n int
	err := q.queryRow(ctx, "SELECT COUNT(*) FROM enrolments WHERE class_id = ? AND end_date IS NULL", classID).Scan(&n)
	return n, err
}

// CountInstitutionEnrolled counts the open enrolments of an institution,
// and those of them that are 普惠.
func (q Q) CountInstitutionEnrolled(ctx context.Context, institutionID int64) (total, puhui int, err error) {
	err = q.queryRow(ctx, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN puhui THEN 1 ELSE 0 END), 0) FROM enrolments WHERE institution_id = ? AND end_date IS NULL",
		institutionID).Scan(&total, &puhui)
	return total, puhui, err
}
