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

// ChildRecord is what a child row stores besides the public fields: the
// certificate number encrypted and its keyed hash.
type ChildRecord struct {
	domain.Child
	CertEnc  string
	CertHash string
}

// CreateChild adds a child; a certificate already recorded (same keyed
// hash) is a conflict.
func (q Q) CreateChild(ctx context.Context, c ChildRecord, now time.Time) (int64, error) {
	return q.insert(ctx, `INSERT INTO children (name, sex, birth_date, cert_type, cert_enc, cert_hash, cert_masked, household_region, allergies, special_needs,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.Name, c.Sex, c.BirthDate, c.CertType, c.CertEnc, c.CertHash, c.CertMasked, c.HouseholdRegion, c.Allergies, c.SpecialNeeds, now.UTC(), now.UTC())
}

// UpdateChild saves a child's record (not the certificate).
func (q Q) UpdateChild(ctx context.Context, c domain.Child, now time.Time) error {
	_, err := q.exec(ctx, `UPDATE children SET name = ?, sex = ?, birth_date = ?, household_region = ?, allergies = ?, special_needs = ?, updated_at = ?
		WHERE id = ?`, c.Name, c.Sex, c.BirthDate, c.HouseholdRegion, c.Allergies, c.SpecialNeeds, now.UTC(), c.ID)
	return err
}

// ChildIDByCertHash finds a child by the keyed hash of their certificate,
// city-wide and regardless of scope: enrolment uses it to refuse a child
// enrolled elsewhere and to re-use the record of a child who left. It
// returns the row ID only, no personal data.
func (q Q) ChildIDByCertHash(ctx context.Context, hash string) (int64, bool, error) {
	var id int64
	err := q.queryRow(ctx, "SELECT id FROM children WHERE cert_hash = ?", hash).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, err
}

// ChildCert returns the certificate type and encrypted number of a child in scope.
func (q Q) ChildCert(ctx context.Context, scope authz.Scope, id int64) (certType, enc string, err error) {
	where, args := scopeWhere(scope, scopeOn{Child: "c.id"})
	err = q.queryRow(ctx, "SELECT c.cert_type, c.cert_enc FROM children c WHERE c.id = ? AND "+where, append([]any{id}, args...)...).Scan(&certType, &enc)
	return certType, enc, notFound(err, "child")
}

const childColumns = `c.id, c.name, c.sex, c.birth_date, c.cert_type, c.cert_masked, c.household_region, c.allergies, c.special_needs, c.created_at, c.updated_at,
	e.id, e.institution_id, i.name, e.class_id, k.name, k.type, e.care_type, e.start_date, e.end_date, e.end_reason, e.puhui, e.fee_fen`

func scanChild(row Row) (domain.Child, error) {
	var c domain.Child
	var eid, inst, class, fee sql.NullInt64
	var instName, className, classType, care, start, end, reason sql.NullString
	var puhui sql.NullBool
	err := row.Scan(&c.ID, &c.Name, &c.Sex, &c.BirthDate, &c.CertType, &c.CertMasked, &c.HouseholdRegion, &c.Allergies, &c.SpecialNeeds, &c.CreatedAt, &c.UpdatedAt,
		&eid, &inst, &instName, &class, &className, &classType, &care, &start, &end, &reason, &puhui, &fee)
	if err != nil {
		return c, err
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	if eid.Valid {
		c.Enrolment = &domain.Enrolment{ID: eid.Int64, ChildID: c.ID, InstitutionID: inst.Int64, InstitutionName: instName.String, ClassID: class.Int64,
			ClassName: className.String, ClassType: classType.String, CareType: care.String, StartDate: start.String, EndDate: end.String,
			EndReason: reason.String, Puhui: puhui.Bool, FeeFen: fee.Int64}
	}
	return c, nil
}

// openEnrolmentJoin joins a child's open enrolment, if any.
const openEnrolmentJoin = ` FROM children c LEFT JOIN enrolments e ON e.child_id = c.id AND e.end_date IS NULL
	LEFT JOIN institutions i ON i.id = e.institution_id LEFT JOIN classes k ON k.id = e.class_id`

// Child returns a child in scope with their open enrolment.
func (q Q) Child(ctx context.Context, scope authz.Scope, id int64) (domain.Child, error) {
	where, args := scopeWhere(scope, scopeOn{Child: "c.id"})
	c, err := scanChild(q.queryRow(ctx, "SELECT "+childColumns+openEnrolmentJoin+" WHERE c.id = ? AND "+where, append([]any{id}, args...)...))
	return c, notFound(err, "child")
}

func childFilterWhere(f domain.ChildFilter) (string, []any) {
	where, args := "", []any{}
	if f.ClassID != 0 {
		where += " AND e.class_id = ?"
		args = append(args, f.ClassID)
	}
	if s := strings.TrimSpace(f.Q); s != "" {
		where += ` AND c.name LIKE ? ESCAPE '\'`
		args = append(args, "%"+likeEscape(s)+"%")
	}
	return where, args
}

// ListChildren returns one page of an institution's children, by name: by
// default those enrolled now (in scope), with f.Status "withdrawn" those
// whose last enrolment there has ended (the institution in scope).
func (q Q) ListChildren(ctx context.Context, scope authz.Scope, institutionID int64, f domain.ChildFilter, page domain.Page) ([]domain.Child, int, error) {
	iw, iargs := scopeWhere(scope, scopeOn{Institution: "i"})
	fw, fargs := childFilterWhere(f)
	var from string
	var args []any
	if f.Status == "withdrawn" {
		from = ` FROM enrolments e JOIN children c ON c.id = e.child_id JOIN institutions i ON i.id = e.institution_id JOIN classes k ON k.id = e.class_id
			WHERE e.institution_id = ? AND e.end_date IS NOT NULL AND NOT EXISTS (SELECT 1 FROM enrolments e2 WHERE e2.child_id = e.child_id
			AND e2.institution_id = e.institution_id AND (e2.end_date IS NULL OR e2.id > e.id)) AND ` + iw
		args = append([]any{institutionID}, iargs...)
	} else {
		cw, cargs := scopeWhere(scope, scopeOn{Child: "c.id"})
		from = ` FROM enrolments e JOIN children c ON c.id = e.child_id JOIN institutions i ON i.id = e.institution_id JOIN classes k ON k.id = e.class_id
			WHERE e.institution_id = ? AND e.end_date IS NULL AND ` + iw + " AND " + cw
		args = append(append([]any{institutionID}, iargs...), cargs...)
	}
	return q.pageChildren(ctx, from+fw, append(args, fargs...), page)
}

// ListChildrenInScope returns one page of all the children in scope with
// their open enrolment (a guardian's own children, enrolled or not).
func (q Q) ListChildrenInScope(ctx context.Context, scope authz.Scope, f domain.ChildFilter, page domain.Page) ([]domain.Child, int, error) {
	cw, cargs := scopeWhere(scope, scopeOn{Child: "c.id"})
	fw, fargs := childFilterWhere(f)
	return q.pageChildren(ctx, openEnrolmentJoin+" WHERE "+cw+fw, append(cargs, fargs...), page)
}

func (q Q) pageChildren(ctx context.Context, from string, args []any, page domain.Page) ([]domain.Child, int, error) {
	// By name in pinyin order: the page's ids first, then their rows.
	ids, total, err := q.pageByName(ctx, "SELECT 0, c.id, c.name"+from, args, page)
	if err != nil || len(ids) == 0 {
		return []domain.Child{}, total, err
	}
	in, iargs := idList(ids)
	rows, err := q.query(ctx, "SELECT "+childColumns+from+" AND c.id IN "+in, append(append([]any{}, args...), iargs...)...)
	out, err := Collect(rows, err, scanChild)
	return inOrder(out, ids, func(c domain.Child) int64 { return c.ID }), total, err
}
