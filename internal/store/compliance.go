package store

import (
	"context"
	"encoding/json"
	"fmt"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// ComplianceInput is what the database knows of an institution that the
// setting-up standard checks.
type ComplianceInput struct {
	Institution domain.Institution
	// Enrolled counts open enrolments.
	Enrolled int
	Classes  []ComplianceClass
	// Staff are the people with an open employment, with certificates and
	// ban status.
	Staff []domain.Staff
	// Filed is the form of the last filed filing (nil when never filed).
	Filed *domain.FilingData
}

// ComplianceClass is a class that is not archived, with the children of
// its open enrolments and the number of its caregivers who are currently
// employed by the institution.
type ComplianceClass struct {
	ID         int64
	Name       string
	Type       string
	Capacity   int
	Children   []ComplianceChild
	Caregivers int
}

// ComplianceChild is a child placed in a class: only the record id and
// birth date are read.
type ComplianceChild struct {
	ID        int64
	BirthDate string
}

// ComplianceInputs reads the facts of every institution in scope that
// matches the filter (one institution when institutionID is not 0),
// cancelled and closed institutions excepted. It runs a fixed number of queries
// whatever the number of institutions.
func (q Q) ComplianceInputs(ctx context.Context, scope authz.Scope, f domain.InstitutionFilter, institutionID int64) ([]ComplianceInput, error) {
	where, args := institutionWhere(scope, f)
	where += " AND i.status NOT IN (?, ?)"
	args = append(args, domain.StatusCancelled, domain.StatusClosed)
	if institutionID != 0 {
		where += " AND i.id = ?"
		args = append(args, institutionID)
	}
	var out []*ComplianceInput
	byID := map[int64]*ComplianceInput{}
	err := q.complianceEach(ctx, "SELECT "+institutionColumns+" FROM institutions i WHERE "+where+" ORDER BY i.region_code, i.name, i.id", args, func(r Row) error {
		in, err := scanInstitution(r)
		if err != nil {
			return err
		}
		c := &ComplianceInput{Institution: in, Classes: []ComplianceClass{}, Staff: []domain.Staff{}}
		out = append(out, c)
		byID[in.ID] = c
		return nil
	})
	if err != nil || len(out) == 0 {
		return complianceList(out), err
	}

	// enrolled children
	err = q.complianceEach(ctx, `SELECT en.institution_id, COUNT(*) FROM enrolments en JOIN institutions i ON i.id = en.institution_id
		WHERE en.end_date IS NULL AND `+where+` GROUP BY en.institution_id`, args, func(r Row) error {
		var id int64
		var n int
		if err := r.Scan(&id, &n); err != nil {
			return err
		}
		if c := byID[id]; c != nil {
			c.Enrolled = n
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	// classes, their children and caregivers
	type classRef struct {
		inst *ComplianceInput
		i    int
	}
	classes := map[int64]classRef{}
	err = q.complianceEach(ctx, `SELECT c.id, c.institution_id, c.name, c.type, c.capacity FROM classes c JOIN institutions i ON i.id = c.institution_id
		WHERE c.archived = ? AND `+where+` ORDER BY c.institution_id, c.name, c.id`, append([]any{false}, args...), func(r Row) error {
		var cl ComplianceClass
		var inst int64
		if err := r.Scan(&cl.ID, &inst, &cl.Name, &cl.Type, &cl.Capacity); err != nil {
			return err
		}
		if c := byID[inst]; c != nil {
			cl.Children = []ComplianceChild{}
			c.Classes = append(c.Classes, cl)
			classes[cl.ID] = classRef{c, len(c.Classes) - 1}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(classes) > 0 {
		err = q.complianceEach(ctx, `SELECT en.class_id, ch.id, ch.birth_date FROM enrolments en JOIN children ch ON ch.id = en.child_id
			JOIN institutions i ON i.id = en.institution_id WHERE en.end_date IS NULL AND `+where+` ORDER BY en.class_id, ch.id`, args, func(r Row) error {
			var class int64
			var ch ComplianceChild
			if err := r.Scan(&class, &ch.ID, &ch.BirthDate); err != nil {
				return err
			}
			if ref, ok := classes[class]; ok {
				cl := &ref.inst.Classes[ref.i]
				cl.Children = append(cl.Children, ch)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		err = q.complianceEach(ctx, `SELECT cc.class_id, COUNT(*) FROM class_caregivers cc JOIN classes c ON c.id = cc.class_id
			JOIN employments e ON e.staff_id = cc.staff_id AND e.end_date IS NULL AND e.institution_id = c.institution_id
			JOIN institutions i ON i.id = c.institution_id WHERE `+where+` GROUP BY cc.class_id`, args, func(r Row) error {
			var class int64
			var n int
			if err := r.Scan(&class, &n); err != nil {
				return err
			}
			if ref, ok := classes[class]; ok {
				ref.inst.Classes[ref.i].Caregivers = n
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}

	// current staff, their certificates and ban status
	staffAt := map[int64]struct {
		inst *ComplianceInput
		i    int
	}{}
	err = q.complianceEach(ctx, "SELECT "+staffColumns+staffFrom+" WHERE e.end_date IS NULL AND "+where+" ORDER BY e.institution_id, s.name, s.id", args, func(r Row) error {
		s, _, err := scanStaff(r)
		if err != nil {
			return err
		}
		if c := byID[s.InstitutionID]; c != nil {
			c.Staff = append(c.Staff, s)
			staffAt[s.ID] = struct {
				inst *ComplianceInput
				i    int
			}{c, len(c.Staff) - 1}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(staffAt) > 0 {
		err = q.complianceEach(ctx, `SELECT c.id, c.staff_id, c.kind, c.name, c.number, COALESCE(c.issued_on, ''), COALESCE(c.expires_on, ''), c.hours, c.created_at
			FROM staff_certificates c JOIN employments e ON e.staff_id = c.staff_id AND e.end_date IS NULL JOIN institutions i ON i.id = e.institution_id
			WHERE `+where+` ORDER BY c.staff_id, c.kind, c.issued_on, c.id`, args, func(r Row) error {
			cert, err := scanCertificate(r)
			if err != nil {
				return err
			}
			if ref, ok := staffAt[cert.StaffID]; ok {
				s := &ref.inst.Staff[ref.i]
				s.Certificates = append(s.Certificates, cert)
				s.TrainingHours += cert.Hours
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		err = q.complianceEach(ctx, `SELECT s.id FROM employments e JOIN staff s ON s.id = e.staff_id JOIN institutions i ON i.id = e.institution_id
			JOIN blacklist b ON b.id_hash = s.id_hash AND b.lifted_at IS NULL WHERE e.end_date IS NULL AND `+where, args, func(r Row) error {
			var id int64
			if err := r.Scan(&id); err != nil {
				return err
			}
			if ref, ok := staffAt[id]; ok {
				ref.inst.Staff[ref.i].Blacklisted = true
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}

	// the last filed form of each institution
	err = q.complianceEach(ctx, `SELECT f.institution_id, f.data FROM filings f JOIN institutions i ON i.id = f.institution_id
		WHERE f.status = ? AND `+where+` ORDER BY f.institution_id, f.version DESC`, append([]any{domain.FilingFiled}, args...), func(r Row) error {
		var id int64
		var data string
		if err := r.Scan(&id, &data); err != nil {
			return err
		}
		c := byID[id]
		if c == nil || c.Filed != nil {
			return nil
		}
		var d domain.FilingData
		if err := json.Unmarshal([]byte(data), &d); err != nil {
			return fmt.Errorf("filing data of institution %d: %w", id, err)
		}
		c.Filed = &d
		return nil
	})
	if err != nil {
		return nil, err
	}
	return complianceList(out), nil
}

// complianceEach runs a query and calls fn for every row.
func (q Q) complianceEach(ctx context.Context, query string, args []any, fn func(Row) error) error {
	rows, err := q.query(ctx, query, args...)
	return Each(rows, err, fn)
}

func complianceList(in []*ComplianceInput) []ComplianceInput {
	out := make([]ComplianceInput, len(in))
	for i, c := range in {
		out[i] = *c
	}
	return out
}
