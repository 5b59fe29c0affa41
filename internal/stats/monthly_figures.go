package stats

import (
	"context"
	"sort"
	"strings"

	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/rules"
	"tuoyu/internal/store"
)

// An institution's monthly report (月报) is computed from its own daily
// records of the month — enrolments, attendance, staff, classes, bills —
// read here with plain SQL for that one institution and month; the
// roll-ups are not involved. Figures are whole numbers keyed by item
// (money in fen); the standard tables lay them out.

// postQualification is the certificate that qualifies a post.
var postQualification = map[string][]string{
	domain.PostDirector:  {domain.CertDirectorTraining},
	domain.PostCaregiver: {domain.CertCaregiver},
	domain.PostHealth:    {domain.CertHealthStaffTraining},
	domain.PostSecurity:  {domain.CertSecurityGuard},
	domain.PostCook:      {domain.CertHealth},
	domain.PostTeacher:   {domain.CertTeacher},
	domain.PostOther:     {domain.CertHealth},
}

// reportPosts are the posts of the staff table, in order.
var reportPosts = []string{domain.PostDirector, domain.PostCaregiver, domain.PostTeacher, domain.PostHealth, domain.PostCook, domain.PostSecurity, domain.PostOther}

// sickPrefix keys the sick absence days of one cause (the symptoms or
// disease as recorded; sickUnnamed when none was).
const (
	sickPrefix  = "sick."
	sickUnnamed = "sick.unnamed"
)

// monthFigures computes one institution's figures for a month from its
// raw records. Stocks (children enrolled, staff, classes) are taken at the
// end of the month's last day. Ratio breaches are judged by the standard
// in force in the institution's county (the national floors tightened by
// the city's and the county's overrides, from the core service).
func (s *Service) monthFigures(ctx context.Context, q store.Q, in reportInst, m civil.Month) (map[string]int64, error) {
	std, err := s.core.Standards().For(in.region)
	if err != nil {
		return nil, err
	}
	return monthFigures(ctx, q, in.id, in.puhui, m, std)
}

func monthFigures(ctx context.Context, q store.Q, inst int64, puhuiPlaces int64, m civil.Month, std rules.Standard) (map[string]int64, error) {
	f := map[string]int64{}
	for _, c := range domain.ClassTypes {
		for _, care := range domain.CareTypes {
			f["enrolled."+c+"."+care] = 0
		}
	}
	for _, k := range []string{"children.new", "children.withdrawn", "children.end", "attendance.present", "attendance.days",
		"attendance.absent", "attendance.sick", "classes.total", "classes.breach", "fees.bills", "fees.billed_fen", "fees.paid_fen",
		"puhui.places", "puhui.enrolled"} {
		f[k] = 0
	}
	for _, p := range reportPosts {
		f["staff."+p+".total"], f["staff."+p+".qualified"] = 0, 0
	}
	f["puhui.places"] = puhuiPlaces
	first, last := m.First().String(), m.Last().String()

	inClass := map[int64]int{}
	rows, err := q.Query(ctx, `SELECT e.class_id, c.type, e.care_type, e.puhui FROM enrolments e JOIN classes c ON c.id = e.class_id
		WHERE e.institution_id = ? AND e.start_date <= ? AND (e.end_date IS NULL OR e.end_date > ?)`, inst, last, last)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var class int64
		var typ, care string
		var puhui bool
		if err := rows.Scan(&class, &typ, &care, &puhui); err != nil {
			rows.Close()
			return nil, err
		}
		inClass[class]++
		f["enrolled."+typ+"."+care]++
		f["children.end"]++
		f["puhui.enrolled"] += boolInt(puhui)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var n [3]int64
	if err := q.QueryRow(ctx, `SELECT
			COALESCE(SUM(CASE WHEN start_date >= ? AND start_date <= ? THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN end_date >= ? AND end_date <= ? THEN 1 ELSE 0 END), 0)
		FROM enrolments WHERE institution_id = ?`, first, last, first, last, inst).Scan(&n[0], &n[1]); err != nil {
		return nil, err
	}
	f["children.new"], f["children.withdrawn"] = n[0], n[1]

	rows, err = q.Query(ctx, `SELECT date, check_in IS NOT NULL, absent_reason, symptoms FROM attendance
		WHERE institution_id = ? AND date >= ? AND date <= ?`, inst, first, last)
	if err != nil {
		return nil, err
	}
	open := map[string]bool{}
	for rows.Next() {
		var date, reason, symptoms string
		var in bool
		if err := rows.Scan(&date, &in, &reason, &symptoms); err != nil {
			rows.Close()
			return nil, err
		}
		switch {
		case in:
			f["attendance.present"]++
			open[date[:10]] = true
		case reason != "":
			f["attendance.absent"]++
			if reason == domain.AbsentSick {
				f["attendance.sick"]++
				f[sickKey(symptoms)]++
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	f["attendance.days"] = int64(len(open))

	rows, err = q.Query(ctx, `SELECT e.staff_id, e.post FROM employments e
		WHERE e.institution_id = ? AND e.start_date <= ? AND (e.end_date IS NULL OR e.end_date > ?)`, inst, last, last)
	if err != nil {
		return nil, err
	}
	posts := map[int64]string{}
	for rows.Next() {
		var id int64
		var post string
		if err := rows.Scan(&id, &post); err != nil {
			rows.Close()
			return nil, err
		}
		if _, ok := postQualification[post]; !ok {
			post = domain.PostOther
		}
		posts[id] = post
		f["staff."+post+".total"]++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(posts) > 0 {
		ids := make([]int64, 0, len(posts))
		for id := range posts {
			ids = append(ids, id)
		}
		rows, err = q.Query(ctx, `SELECT DISTINCT staff_id, kind FROM staff_certificates
			WHERE (issued_on IS NULL OR issued_on <= ?) AND (expires_on IS NULL OR expires_on >= ?) AND staff_id IN `+placeholders(len(ids)),
			append([]any{last, last}, idArgs(ids)...)...)
		if err != nil {
			return nil, err
		}
		qualified := map[int64]bool{}
		for rows.Next() {
			var id int64
			var kind string
			if err := rows.Scan(&id, &kind); err != nil {
				rows.Close()
				return nil, err
			}
			for _, k := range postQualification[posts[id]] {
				qualified[id] = qualified[id] || k == kind
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for id := range qualified {
			f["staff."+posts[id]+".qualified"]++
		}
	}

	// Classes outside the caregiver ratio of the setting-up standard in
	// force in the county at the month's end.
	rows, err = q.Query(ctx, `SELECT c.id, c.type, (SELECT COUNT(*) FROM class_caregivers cc WHERE cc.class_id = c.id)
		FROM classes c WHERE NOT c.archived AND c.institution_id = ?`, inst)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var class, carers int64
		var typ string
		if err := rows.Scan(&class, &typ, &carers); err != nil {
			rows.Close()
			return nil, err
		}
		f["classes.total"]++
		if colour, err := std.RatioStatus(typ, inClass[class], int(carers)); err == nil && colour == rules.RatioRed {
			f["classes.breach"]++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	if err := q.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(total_fen), 0), COALESCE(SUM(paid_fen), 0) FROM bills
		WHERE institution_id = ? AND month = ? AND status <> ?`, inst, m.String(), domain.BillWaived).Scan(&n[0], &n[1], &n[2]); err != nil {
		return nil, err
	}
	f["fees.bills"], f["fees.billed_fen"], f["fees.paid_fen"] = n[0], n[1], n[2]
	return f, nil
}

// sickKey is the item of a sick absence with the symptoms recorded.
func sickKey(symptoms string) string {
	s := strings.Join(strings.Fields(symptoms), " ")
	if s == "" {
		return sickUnnamed
	}
	if len([]rune(s)) > 40 {
		s = string([]rune(s)[:40])
	}
	return sickPrefix + s
}

// sickCauses are the sick-absence items of figures, by days then name.
func sickCauses(f map[string]int64) []string {
	var out []string
	for k := range f {
		if strings.HasPrefix(k, sickPrefix) {
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if f[out[i]] != f[out[j]] {
			return f[out[i]] > f[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}
