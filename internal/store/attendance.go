package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// Attendance, caregivers' clock-in and the live ratio. The children,
// enrolment, class and staff tables are kept by their own use cases; the
// queries here only read them.

// DailyEnrolment is a child's open enrolment as daily records need it.
type DailyEnrolment struct {
	ChildID     int64
	Institution InstitutionRef
	ClassID     int64
	StartDate   string
}

// dailyArgs turns ids into query arguments.
func dailyArgs(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// dailyChunk is how many ids or rows go into one statement.
const dailyChunk = 200

// DailyEnrolments returns the open enrolments of those children whose
// institution is in scope; children out of scope or not enrolled are absent
// from the map.
func (q Q) DailyEnrolments(ctx context.Context, scope authz.Scope, childIDs []int64) (map[int64]DailyEnrolment, error) {
	out := make(map[int64]DailyEnrolment, len(childIDs))
	where, sargs := scopeWhere(scope, scopeOn{Institution: "i"})
	for start := 0; start < len(childIDs); start += dailyChunk {
		ids := childIDs[start:min(start+dailyChunk, len(childIDs))]
		rows, err := q.query(ctx, `SELECT e.child_id, e.institution_id, i.region_code, e.class_id, e.start_date
			FROM enrolments e JOIN institutions i ON i.id = e.institution_id
			WHERE e.end_date IS NULL AND e.child_id IN `+in(len(ids))+` AND `+where, append(dailyArgs(ids), sargs...)...)
		err = Each(rows, err, func(r Row) error {
			var d DailyEnrolment
			err := r.Scan(&d.ChildID, &d.Institution.id, &d.Institution.region, &d.ClassID, &d.StartDate)
			out[d.ChildID] = d
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// childOnRecord keeps the rows about a child (the child id column col)
// who is or was enrolled at an institution in scope; a guardian reaches
// their own children. Records kept about a child outlive the enrolment.
func childOnRecord(scope authz.Scope, col string) (string, []any) {
	where, args := scopeWhere(scope, scopeOn{Institution: "ri", Child: "re.child_id"})
	return "EXISTS (SELECT 1 FROM enrolments re JOIN institutions ri ON ri.id = re.institution_id WHERE re.child_id = " + col + " AND " + where + ")", args
}

// PickupOptions lists, per child on record in scope, who may collect them:
// the guardians (not removed) and the authorised pick-up persons, keyed
// "guardian:<id>" and "pickup:<id>".
func (q Q) PickupOptions(ctx context.Context, scope authz.Scope, childIDs []int64) (map[int64][]domain.PickupOption, error) {
	out := map[int64][]domain.PickupOption{}
	gw, gargs := childOnRecord(scope, "g.child_id")
	pw, pargs := childOnRecord(scope, "p.child_id")
	for start := 0; start < len(childIDs); start += dailyChunk {
		ids := childIDs[start:min(start+dailyChunk, len(childIDs))]
		args := append(append(append(dailyArgs(ids), gargs...), dailyArgs(ids)...), pargs...)
		rows, err := q.query(ctx, `SELECT g.child_id, 'guardian', g.id, g.name, g.relation FROM guardians g WHERE g.removed_at IS NULL AND g.child_id IN `+in(len(ids))+` AND `+gw+`
			UNION ALL SELECT p.child_id, 'pickup', p.id, p.name, p.relation FROM pickup_persons p WHERE p.child_id IN `+in(len(ids))+` AND `+pw+`
			ORDER BY 1, 2, 3`, args...)
		err = Each(rows, err, func(r Row) error {
			var child, id int64
			var kind string
			var o domain.PickupOption
			if err := r.Scan(&child, &kind, &id, &o.Name, &o.Relation); err != nil {
				return err
			}
			o.Key = domain.PickupKey(kind, id)
			out[child] = append(out[child], o)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// AttendanceKey names a child's record on a date.
type AttendanceKey struct {
	ChildID int64
	Date    string
}

// AttendanceRow is an attendance row as stored.
type AttendanceRow struct {
	ID           int64
	ChildID      int64
	Institution  InstitutionRef // from AttendanceTargets: the record's institution, in scope
	ClassID      int64
	Date         string
	CheckIn      *time.Time
	CheckOut     *time.Time
	AbsentReason string
	Symptoms     string
	Note         string
	PickedUpBy   string
	RecordedBy   int64
	UpdatedAt    time.Time
}

func dailyTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

func dailyNullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

const attendanceColumns = `a.id, a.child_id, a.institution_id, COALESCE(a.class_id, 0), a.date, a.check_in, a.check_out, a.absent_reason, a.symptoms, a.note,
	a.picked_up_by, COALESCE(a.recorded_by, 0), a.updated_at`

func scanAttendanceRow(row Row) (AttendanceRow, error) {
	var r AttendanceRow
	var in, out sql.NullTime
	err := row.Scan(&r.ID, &r.ChildID, &r.Institution.id, &r.ClassID, &r.Date, &in, &out, &r.AbsentReason, &r.Symptoms, &r.Note,
		&r.PickedUpBy, &r.RecordedBy, &r.UpdatedAt)
	r.CheckIn, r.CheckOut, r.UpdatedAt = dailyTime(in), dailyTime(out), r.UpdatedAt.UTC()
	return r, err
}

// attendanceRows returns the stored rows of the keys, locked for update on
// PostgreSQL (call it inside the transaction that writes them); the keys
// are those of children AttendanceTargets found in scope.
func (q Q) attendanceRows(ctx context.Context, keys []AttendanceKey) (map[AttendanceKey]AttendanceRow, error) {
	out := map[AttendanceKey]AttendanceRow{}
	want := map[AttendanceKey]bool{}
	for _, k := range keys {
		want[k] = true
	}
	for start := 0; start < len(keys); start += dailyChunk {
		chunk := keys[start:min(start+dailyChunk, len(keys))]
		var ids, dates []any
		seenID, seenDate := map[int64]bool{}, map[string]bool{}
		for _, k := range chunk {
			if !seenID[k.ChildID] {
				seenID[k.ChildID] = true
				ids = append(ids, k.ChildID)
			}
			if !seenDate[k.Date] {
				seenDate[k.Date] = true
				dates = append(dates, k.Date)
			}
		}
		rows, err := q.query(ctx, "SELECT "+attendanceColumns+" FROM attendance a WHERE a.child_id IN "+in(len(ids))+" AND a.date IN "+in(len(dates))+q.forUpdate(),
			append(ids, dates...)...)
		err = Each(rows, err, func(row Row) error {
			r, err := scanAttendanceRow(row)
			if k := (AttendanceKey{r.ChildID, r.Date}); err == nil && want[k] {
				out[k] = r
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// AttendanceTargets reads what a batch of attendance writes needs: the open
// enrolment of each child whose institution is in scope (children out of
// scope or not enrolled are absent from the map), and the stored record of
// each key of those children. On SQLite (one writer, BEGIN IMMEDIATE) it is
// one query, and a second for the stored records when there are any; on
// PostgreSQL the records are read apart and locked for update.
func (q Q) AttendanceTargets(ctx context.Context, scope authz.Scope, keys []AttendanceKey) (map[int64]DailyEnrolment, map[AttendanceKey]AttendanceRow, error) {
	var childIDs []int64
	var dates []any
	seenChild, seenDate, want := map[int64]bool{}, map[string]bool{}, make(map[AttendanceKey]bool, len(keys))
	for _, k := range keys {
		want[k] = true
		if !seenChild[k.ChildID] {
			seenChild[k.ChildID] = true
			childIDs = append(childIDs, k.ChildID)
		}
		if !seenDate[k.Date] {
			seenDate[k.Date] = true
			dates = append(dates, k.Date)
		}
	}
	if q.dialect == Postgres || len(dates) > dailyChunk {
		enrol, err := q.DailyEnrolments(ctx, scope, childIDs)
		if err != nil {
			return nil, nil, err
		}
		var inScope []AttendanceKey
		for _, k := range keys {
			if _, ok := enrol[k.ChildID]; ok {
				inScope = append(inScope, k)
			}
		}
		rows, err := q.attendanceRows(ctx, inScope)
		return enrol, rows, err
	}
	// SQLite: the enrolments with their institution's region and the IDs
	// of the stored records in one query, then the stored records themselves
	// (none when a batch only checks children in: reading their columns in
	// the first query would cost every row of such a batch). The unary +
	// keeps the planner from reaching the enrolments through the institution
	// (all open enrolments of a large institution, for every batch) rather
	// than through the children of the batch.
	enrol := make(map[int64]DailyEnrolment, len(childIDs))
	existing := map[AttendanceKey]AttendanceRow{}
	where, sargs := scopeWhere(scope, scopeOn{Institution: "i"})
	var recordIDs []int64
	for start := 0; start < len(childIDs); start += dailyChunk {
		ids := childIDs[start:min(start+dailyChunk, len(childIDs))]
		args := append(append(append([]any{}, dates...), dailyArgs(ids)...), sargs...)
		rows, err := q.query(ctx, `SELECT e.child_id, e.institution_id, i.region_code, e.class_id, e.start_date, a.id, a.date
			FROM enrolments e JOIN institutions i ON i.id = +e.institution_id
			LEFT JOIN attendance a ON a.child_id = e.child_id AND a.date IN `+in(len(dates))+`
			WHERE e.end_date IS NULL AND e.child_id IN `+in(len(ids))+` AND `+where, args...)
		err = Each(rows, err, func(r Row) error {
			var d DailyEnrolment
			var id sql.NullInt64
			var date sql.NullString
			if err := r.Scan(&d.ChildID, &d.Institution.id, &d.Institution.region, &d.ClassID, &d.StartDate, &id, &date); err != nil {
				return err
			}
			enrol[d.ChildID] = d
			if id.Valid && want[AttendanceKey{d.ChildID, date.String}] {
				recordIDs = append(recordIDs, id.Int64)
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	for start := 0; start < len(recordIDs); start += dailyChunk {
		ids := recordIDs[start:min(start+dailyChunk, len(recordIDs))]
		rows, err := q.query(ctx, "SELECT "+attendanceColumns+" FROM attendance a WHERE a.id IN "+in(len(ids)), dailyArgs(ids)...)
		err = Each(rows, err, func(row Row) error {
			r, err := scanAttendanceRow(row)
			existing[AttendanceKey{r.ChildID, r.Date}] = r
			return err
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return enrol, existing, nil
}

// UpsertAttendance writes whole rows, each with the institution
// AttendanceTargets found in scope: a row with an ID replaces the stored
// record, a row without one is inserted (it must carry the ID of the stored
// record when there is one, as AttendanceTargets read it in the same
// transaction). It returns the IDs by key. Keys must be distinct.
//
// On SQLite each row is one execution of a prepared statement: a statement
// that writes several rows keeps a statement journal of the pages it
// changes, and rows of different children fall on different index pages,
// so the journal spills to a temporary file and costs more than the
// statements saved. On PostgreSQL a chunk of rows goes in one upsert.
//
// The rows run under a context that is never done: with a cancellable one
// (a request's) the driver starts a goroutine and installs a progress
// handler for every execution, which cost more than the insert itself. A
// cancelled request still ends the batch: ctx is checked between rows, and
// database/sql rolls the transaction back when ctx is done.
func (q Q) UpsertAttendance(ctx context.Context, rows []AttendanceRow) (map[AttendanceKey]int64, error) {
	for _, r := range rows {
		if r.Institution.id == 0 {
			return nil, errors.New("store: an attendance row without an institution reached through a scope (AttendanceTargets)")
		}
	}
	if q.dialect == Postgres {
		return q.upsertAttendanceChunks(ctx, rows)
	}
	run := context.WithoutCancel(ctx)
	out := make(map[AttendanceKey]int64, len(rows))
	p, ok := q.q.(interface {
		PrepareContext(context.Context, string) (*sql.Stmt, error)
	})
	if !ok {
		return nil, errors.New("store: UpsertAttendance cannot prepare statements")
	}
	var ins, insIn, upd *sql.Stmt
	defer func() {
		for _, st := range []*sql.Stmt{ins, insIn, upd} {
			if st != nil {
				st.Close()
			}
		}
	}()
	prepare := func(st **sql.Stmt, query string) error {
		if *st != nil {
			return nil
		}
		var err error
		*st, err = p.PrepareContext(ctx, query)
		return translate(err)
	}
	for _, r := range rows {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var recorder any
		if r.RecordedBy != 0 {
			recorder = r.RecordedBy
		}
		key := AttendanceKey{r.ChildID, r.Date}
		switch {
		case r.ID != 0:
			if err := prepare(&upd, `UPDATE attendance SET institution_id = ?, class_id = ?, check_in = ?, check_out = ?, absent_reason = ?,
				symptoms = ?, note = ?, picked_up_by = ?, recorded_by = ?, updated_at = ? WHERE id = ? AND child_id = ? AND date = ?`); err != nil {
				return nil, err
			}
			if _, err := upd.ExecContext(run, r.Institution.id, r.ClassID, dailyNullTime(r.CheckIn), dailyNullTime(r.CheckOut), r.AbsentReason, r.Symptoms,
				r.Note, r.PickedUpBy, recorder, r.UpdatedAt.UTC(), r.ID, r.ChildID, r.Date); err != nil {
				return nil, translate(err)
			}
			out[key] = r.ID
			continue
		case r.CheckIn != nil && r.CheckOut == nil && r.AbsentReason == "" && r.Note == "" && r.PickedUpBy == "":
			// The morning's check-in, the commonest write: the other columns keep their defaults.
			if err := prepare(&insIn, `INSERT INTO attendance (child_id, institution_id, class_id, date, check_in, recorded_by, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`); err != nil {
				return nil, err
			}
			res, err := insIn.ExecContext(run, r.ChildID, r.Institution.id, r.ClassID, r.Date, r.CheckIn.UTC(), recorder, r.UpdatedAt.UTC())
			if err != nil {
				return nil, translate(err)
			}
			if out[key], err = res.LastInsertId(); err != nil {
				return nil, err
			}
		default:
			if err := prepare(&ins, `INSERT INTO attendance (child_id, institution_id, class_id, date, check_in, check_out, absent_reason, symptoms, note,
				picked_up_by, recorded_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`); err != nil {
				return nil, err
			}
			res, err := ins.ExecContext(run, r.ChildID, r.Institution.id, r.ClassID, r.Date, dailyNullTime(r.CheckIn), dailyNullTime(r.CheckOut), r.AbsentReason,
				r.Symptoms, r.Note, r.PickedUpBy, recorder, r.UpdatedAt.UTC())
			if err != nil {
				return nil, translate(err)
			}
			if out[key], err = res.LastInsertId(); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func (q Q) upsertAttendanceChunks(ctx context.Context, rows []AttendanceRow) (map[AttendanceKey]int64, error) {
	out := make(map[AttendanceKey]int64, len(rows))
	const cols = 12
	for start := 0; start < len(rows); start += dailyChunk {
		chunk := rows[start:min(start+dailyChunk, len(rows))]
		var b strings.Builder
		b.WriteString(`INSERT INTO attendance (child_id, institution_id, class_id, date, check_in, check_out, absent_reason, symptoms, note, picked_up_by,
			recorded_by, updated_at) VALUES `)
		args := make([]any, 0, len(chunk)*cols)
		for i, r := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			var recorder any
			if r.RecordedBy != 0 {
				recorder = r.RecordedBy
			}
			args = append(args, r.ChildID, r.Institution.id, r.ClassID, r.Date, dailyNullTime(r.CheckIn), dailyNullTime(r.CheckOut), r.AbsentReason, r.Symptoms,
				r.Note, r.PickedUpBy, recorder, r.UpdatedAt.UTC())
		}
		b.WriteString(` ON CONFLICT (child_id, date) DO UPDATE SET institution_id = excluded.institution_id, class_id = excluded.class_id,
			check_in = excluded.check_in, check_out = excluded.check_out, absent_reason = excluded.absent_reason, symptoms = excluded.symptoms,
			note = excluded.note, picked_up_by = excluded.picked_up_by, recorded_by = excluded.recorded_by, updated_at = excluded.updated_at
			RETURNING id, child_id, date`)
		res, err := q.query(ctx, b.String(), args...)
		err = Each(res, err, func(r Row) error {
			var id int64
			var k AttendanceKey
			err := r.Scan(&id, &k.ChildID, &k.Date)
			out[k] = id
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// AttendanceFilter narrows an attendance sheet.
type AttendanceFilter struct {
	InstitutionID int64
	Date          string
	ClassID       int64
}

// AttendanceSheet lists the children enrolled at the institution in scope
// on the date (open enrolment started by then), by class and name, each
// with their record of the day if any; out of scope lists no one.
func (q Q) AttendanceSheet(ctx context.Context, scope authz.Scope, f AttendanceFilter) ([]domain.Attendance, error) {
	where := "e.institution_id = ? AND e.start_date <= ? AND (e.end_date IS NULL OR e.end_date >= ?)"
	args := []any{f.Date, f.InstitutionID, f.Date, f.Date}
	if f.ClassID != 0 {
		where += " AND e.class_id = ?"
		args = append(args, f.ClassID)
	}
	sw, sargs := scopeWhere(scope, scopeOn{Institution: "i"})
	rows, err := q.query(ctx, `SELECT c.id, c.name, e.class_id, k.name, e.care_type, COALESCE(a.id, 0), a.check_in, a.check_out, COALESCE(a.absent_reason, ''),
		COALESCE(a.symptoms, ''), COALESCE(a.note, ''), COALESCE(a.picked_up_by, ''), a.updated_at
		FROM enrolments e JOIN institutions i ON i.id = e.institution_id JOIN children c ON c.id = e.child_id JOIN classes k ON k.id = e.class_id
		LEFT JOIN attendance a ON a.child_id = c.id AND a.date = ?
		WHERE `+where+` AND `+sw+` ORDER BY k.name, e.class_id, c.name, c.id`, append(args, sargs...)...)
	out := []domain.Attendance{}
	seen := map[int64]bool{}
	err = Each(rows, err, func(r Row) error {
		var a domain.Attendance
		var in, outT, upd sql.NullTime
		if err := r.Scan(&a.ChildID, &a.ChildName, &a.ClassID, &a.ClassName, &a.CareType, &a.ID, &in, &outT, &a.AbsentReason, &a.Symptoms, &a.Note, &a.PickedUpBy, &upd); err != nil {
			return err
		}
		if seen[a.ChildID] {
			return nil
		}
		seen[a.ChildID] = true
		a.InstitutionID, a.Date = f.InstitutionID, f.Date
		a.CheckIn, a.CheckOut, a.UpdatedAt = dailyTime(in), dailyTime(outT), dailyTime(upd)
		a.Status = a.StateOf()
		out = append(out, a)
		return nil
	})
	// By class, then by name in pinyin order (neither database collates so).
	sortByNames(out, func(a domain.Attendance) (string, int64, string, int64) {
		return a.ClassName, a.ClassID, a.ChildName, a.ChildID
	})
	return out, err
}

// ChildAttendance lists the records of a child in scope between two dates
// (inclusive): a guardian's own child's, else those kept by the
// institutions in scope.
func (q Q) ChildAttendance(ctx context.Context, scope authz.Scope, childID int64, from, to string) ([]domain.Attendance, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i", Child: "a.child_id"})
	rows, err := q.query(ctx, `SELECT a.id, a.child_id, c.name, a.institution_id, COALESCE(a.class_id, 0), COALESCE(k.name, ''), a.date, a.check_in, a.check_out,
		a.absent_reason, a.symptoms, a.note, a.picked_up_by, a.updated_at
		FROM attendance a JOIN children c ON c.id = a.child_id JOIN institutions i ON i.id = a.institution_id LEFT JOIN classes k ON k.id = a.class_id
		WHERE a.child_id = ? AND a.date >= ? AND a.date <= ? AND `+where+` ORDER BY a.date`, append([]any{childID, from, to}, args...)...)
	return Collect(rows, err, func(r Row) (domain.Attendance, error) {
		var a domain.Attendance
		var in, outT sql.NullTime
		var upd time.Time
		if err := r.Scan(&a.ID, &a.ChildID, &a.ChildName, &a.InstitutionID, &a.ClassID, &a.ClassName, &a.Date, &in, &outT,
			&a.AbsentReason, &a.Symptoms, &a.Note, &a.PickedUpBy, &upd); err != nil {
			return a, err
		}
		upd = upd.UTC()
		a.CheckIn, a.CheckOut, a.UpdatedAt = dailyTime(in), dailyTime(outT), &upd
		a.Status = a.StateOf()
		return a, nil
	})
}

// PickupName names who a pick-up key of a child in scope refers to, for
// display ("" when the person is no longer on file or out of scope).
func (q Q) PickupName(ctx context.Context, scope authz.Scope, childID int64, key string) (string, error) {
	kind, id, ok := domain.ParsePickup(key)
	if !ok {
		return "", nil
	}
	table := "pickup_persons"
	if kind == domain.PickupKindGuardian {
		table = "guardians"
	}
	where, args := scopeWhere(scope, scopeOn{Child: "t.child_id"})
	var name string
	err := q.queryRow(ctx, "SELECT t.name FROM "+table+" t WHERE t.id = ? AND t.child_id = ? AND "+where, append([]any{id, childID}, args...)...).Scan(&name)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return name, err
}

// DailyClass is a class as clock-in and the live ratio need it.
type DailyClass struct {
	ID            int64
	InstitutionID int64
	RegionCode    string
	Name          string
	Type          string
	Archived      bool
}

// DailyClassInScope returns a class whose institution is in scope; out of
// scope is not found.
func (q Q) DailyClassInScope(ctx context.Context, scope authz.Scope, id int64) (DailyClass, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	var c DailyClass
	err := q.queryRow(ctx, `SELECT k.id, k.institution_id, i.region_code, k.name, k.type, k.archived FROM classes k JOIN institutions i ON i.id = k.institution_id
		WHERE k.id = ? AND `+where, append([]any{id}, args...)...).Scan(&c.ID, &c.InstitutionID, &c.RegionCode, &c.Name, &c.Type, &c.Archived)
	return c, notFound(err, "class")
}

// StaffOfUser returns the staff member linked to a user account through an
// open employment at the institution (employments.user_id); found is false
// when there is no such link.
func (q Q) StaffOfUser(ctx context.Context, userID, institutionID int64) (staffID int64, found bool, err error) {
	err = q.queryRow(ctx, `SELECT staff_id FROM employments WHERE user_id = ? AND institution_id = ? AND end_date IS NULL ORDER BY id LIMIT 1`,
		userID, institutionID).Scan(&staffID)
	if err == sql.ErrNoRows {
		return 0, false, nil
	}
	return staffID, err == nil, err
}

// ClassesOfUser returns the ids of the classes whose caregivers include
// the staff member linked to the user account through an open employment
// at the institution.
func (q Q) ClassesOfUser(ctx context.Context, userID, institutionID int64) (map[int64]bool, error) {
	return q.idSet(ctx, `SELECT DISTINCT cc.class_id FROM employments e JOIN class_caregivers cc ON cc.staff_id = e.staff_id
		JOIN classes k ON k.id = cc.class_id AND k.institution_id = e.institution_id
		WHERE e.user_id = ? AND e.institution_id = ? AND e.end_date IS NULL`, userID, institutionID)
}

// StaffAssignedToClass reports whether a staff member is a caregiver of the
// class, whose institution is in scope, and holds an open employment there;
// it returns their name.
func (q Q) StaffAssignedToClass(ctx context.Context, scope authz.Scope, classID, staffID int64) (name string, ok bool, err error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	err = q.queryRow(ctx, `SELECT s.name FROM class_caregivers cc JOIN classes k ON k.id = cc.class_id JOIN institutions i ON i.id = k.institution_id
		JOIN staff s ON s.id = cc.staff_id JOIN employments e ON e.staff_id = s.id AND e.institution_id = k.institution_id AND e.end_date IS NULL
		WHERE cc.class_id = ? AND cc.staff_id = ? AND `+where, append([]any{classID, staffID}, args...)...).Scan(&name)
	if err == sql.ErrNoRows {
		return "", false, nil
	}
	return name, err == nil, err
}

// OpenClockIn returns a staff member's clock-in of the date, at an
// institution in scope, that has no clock-out; found is false when there
// is none.
func (q Q) OpenClockIn(ctx context.Context, scope authz.Scope, staffID int64, date string) (domain.StaffAttendance, bool, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	var s domain.StaffAttendance
	var out sql.NullTime
	// The scope is a subquery, not a join, so that FOR UPDATE does not lock the institution.
	err := q.queryRow(ctx, `SELECT sa.id, sa.staff_id, st.name, sa.institution_id, sa.class_id, sa.date, sa.clock_in, sa.clock_out
		FROM staff_attendance sa JOIN staff st ON st.id = sa.staff_id WHERE sa.staff_id = ? AND sa.date = ? AND sa.clock_out IS NULL
		AND EXISTS (SELECT 1 FROM institutions i WHERE i.id = sa.institution_id AND `+where+`)`+q.forUpdate(),
		append([]any{staffID, date}, args...)...).Scan(&s.ID, &s.StaffID, &s.StaffName, &s.InstitutionID, &s.ClassID, &s.Date, &s.ClockIn, &out)
	if err == sql.ErrNoRows {
		return s, false, nil
	}
	s.ClockIn, s.ClockOut = s.ClockIn.UTC(), dailyTime(out)
	return s, err == nil, err
}

// ClockIn records a staff member's clock-in to a class; a second open
// clock-in of the same day is a conflict (index staff_attendance_one_open).
func (q Q) ClockIn(ctx context.Context, s domain.StaffAttendance) (int64, error) {
	return q.insert(ctx, `INSERT INTO staff_attendance (staff_id, institution_id, class_id, date, clock_in) VALUES (?, ?, ?, ?, ?)`,
		s.StaffID, s.InstitutionID, s.ClassID, s.Date, s.ClockIn.UTC())
}

// ClockOut closes an open clock-in.
func (q Q) ClockOut(ctx context.Context, id int64, at time.Time) error {
	res, err := q.exec(ctx, "UPDATE staff_attendance SET clock_out = ? WHERE id = ? AND clock_out IS NULL", at.UTC(), id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return domain.Conflict("not clocked in")
	}
	return nil
}

// LiveClasses counts, for each class of the institution in scope that is
// not archived, the open enrolments, the children checked in and not out on
// the date, and the caregivers clocked in and not out (with their names).
func (q Q) LiveClasses(ctx context.Context, scope authz.Scope, institutionID int64, date string) ([]domain.ClassLive, error) {
	where, args := scopeWhere(scope, scopeOn{Institution: "i"})
	rows, err := q.query(ctx, `SELECT k.id, k.name, k.type,
		(SELECT COUNT(*) FROM enrolments e WHERE e.class_id = k.id AND e.end_date IS NULL),
		(SELECT COUNT(*) FROM attendance a WHERE a.class_id = k.id AND a.date = ? AND a.check_in IS NOT NULL AND a.check_out IS NULL AND a.absent_reason = '')
		FROM classes k JOIN institutions i ON i.id = k.institution_id WHERE k.institution_id = ? AND k.archived = ? AND `+where+` ORDER BY k.name, k.id`,
		append([]any{date, institutionID, false}, args...)...)
	out, err := Collect(rows, err, func(r Row) (domain.ClassLive, error) {
		c := domain.ClassLive{Caregivers: []domain.StaffRef{}}
		err := r.Scan(&c.ClassID, &c.Name, &c.Type, &c.Enrolled, &c.Present)
		return c, err
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	index := map[int64]int{}
	for i, c := range out {
		index[c.ClassID] = i
	}
	rows, err = q.query(ctx, `SELECT sa.class_id, s.id, s.name FROM staff_attendance sa JOIN staff s ON s.id = sa.staff_id
		WHERE sa.institution_id = ? AND sa.date = ? AND sa.clock_out IS NULL ORDER BY s.name, s.id`, institutionID, date)
	return out, Each(rows, err, func(r Row) error {
		var classID int64
		var s domain.StaffRef
		if err := r.Scan(&classID, &s.ID, &s.Name); err != nil {
			return err
		}
		if i, ok := index[classID]; ok {
			out[i].Caregivers = append(out[i].Caregivers, s)
			out[i].CaregiversPresent++
		}
		return nil
	})
}

// DailyChildInScope returns the name of a child in scope; out of scope is
// not found.
func (q Q) DailyChildInScope(ctx context.Context, scope authz.Scope, id int64) (string, error) {
	where, args := scopeWhere(scope, scopeOn{Child: "c.id"})
	var name string
	err := q.queryRow(ctx, "SELECT c.name FROM children c WHERE c.id = ? AND "+where, append([]any{id}, args...)...).Scan(&name)
	return name, notFound(err, "child")
}
