package stats

import (
	"context"
	"database/sql"
	"strings"

	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/rules"
	"tuoyu/internal/store"
)

// snapshot is an institution's attributes as they stood in a month.
type snapshot struct {
	Status, Kind, Nature string
	Places, PuhuiPlaces  int64
	Demonstration        bool
	RegionCode, Township string
}

// counted reports whether the counting rule takes the children actually
// enrolled as the places of this kind (a kindergarten's 托班, a 家庭托育点).
func countsEnrolledAsPlaces(kind string) bool {
	return kind == domain.KindKindergarten || kind == domain.KindHome
}

// values are one institution's measures for one month.
type values map[string]int64

func (v values) add(code string, n int64) {
	if n != 0 {
		v[code] += n
	}
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func placeholders(n int) string {
	return "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
}

func idArgs(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// snapshots returns the attributes of the institutions for month m: a
// closed month keeps those stored when it was first computed; the current
// month (and a month never computed) takes the registry's present row.
func snapshots(ctx context.Context, q store.Q, m civil.Month, current bool, ids []int64) (map[int64]snapshot, error) {
	out := map[int64]snapshot{}
	in := placeholders(len(ids))
	if !current {
		rows, err := q.Query(ctx, `SELECT institution_id, status, kind, nature, places, puhui_places, demonstration, region_code, township_code
			FROM stats_institution_months WHERE month = ? AND institution_id IN `+in, append([]any{m.String()}, idArgs(ids)...)...)
		if err != nil {
			return nil, err
		}
		if err := scanSnapshots(rows, out); err != nil {
			return nil, err
		}
	}
	var missing []int64
	for _, id := range ids {
		if _, ok := out[id]; !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	rows, err := q.Query(ctx, `SELECT id, status, kind, nature, places, puhui_places, demonstration, region_code, township_code
		FROM institutions WHERE id IN `+placeholders(len(missing)), idArgs(missing)...)
	if err != nil {
		return nil, err
	}
	return out, scanSnapshots(rows, out)
}

func scanSnapshots(rows *sql.Rows, out map[int64]snapshot) error {
	defer rows.Close()
	for rows.Next() {
		var id int64
		var s snapshot
		if err := rows.Scan(&id, &s.Status, &s.Kind, &s.Nature, &s.Places, &s.PuhuiPlaces, &s.Demonstration, &s.RegionCode, &s.Township); err != nil {
			return err
		}
		out[id] = s
	}
	return rows.Err()
}

// compute counts every record measure of the institutions for month m. A
// stock is taken at the end of asOf (the month's last day, or today in the
// current month); counts of care (children, staff, places, fees) cover filed
// institutions only, the institution counts every registered one.
func compute(ctx context.Context, q store.Q, m civil.Month, asOf civil.Date, snaps map[int64]snapshot, ids []int64) (map[int64]values, error) {
	out := map[int64]values{}
	for _, id := range ids {
		out[id] = values{}
	}
	filed := func(id int64) bool { return snaps[id].Status == domain.StatusFiled }
	in, args := placeholders(len(ids)), idArgs(ids)
	end, first, last := asOf.String(), m.First().String(), m.Last().String()
	under3 := asOf.AddMonths(-36).String() // born after this day: under 3 at asOf

	// Children enrolled at the end of the period, by care type, 普惠 and
	// class; their fees.
	caps, err := priceCaps(ctx, q, end)
	if err != nil {
		return nil, err
	}
	inClass := map[int64]int{}
	rows, err := q.Query(ctx, `SELECT e.institution_id, e.class_id, e.care_type, e.puhui, e.fee_fen, c.birth_date
		FROM enrolments e JOIN children c ON c.id = e.child_id
		WHERE e.start_date <= ? AND (e.end_date IS NULL OR e.end_date > ?) AND e.institution_id IN `+in, append([]any{end, end}, args...)...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, class, fee int64
		var care, birth string
		var puhui bool
		if err := rows.Scan(&id, &class, &care, &puhui, &fee, &birth); err != nil {
			rows.Close()
			return nil, err
		}
		if !filed(id) {
			continue
		}
		v := out[id]
		inClass[class]++
		young := birth > under3
		v.add("enrolled", 1)
		v.add("enrolled_under3", boolInt(young))
		v.add("enrolled_puhui", boolInt(puhui))
		v.add("enrolled_care_"+care, 1)
		if countsEnrolledAsPlaces(snaps[id].Kind) && young {
			v.add("places_counted", 1)
			v.add("places_puhui", boolInt(puhui))
		}
		if care == domain.CareFullDay && fee > 0 {
			v.add("fee_count", 1)
			v.add("fee_sum_fen", fee)
			if puhui {
				v.add("puhui_fee_count", 1)
				v.add("puhui_fee_sum_fen", fee)
				if limit, ok := caps[capKey{snaps[id].RegionCode, care}]; ok {
					v.add("puhui_fee_capped", 1)
					v.add("puhui_fee_within_cap", boolInt(fee <= limit))
				}
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	if err := eachRow(ctx, q, `SELECT institution_id,
			SUM(CASE WHEN start_date >= ? AND start_date <= ? THEN 1 ELSE 0 END),
			SUM(CASE WHEN end_date >= ? AND end_date <= ? THEN 1 ELSE 0 END)
		FROM enrolments WHERE ((start_date >= ? AND start_date <= ?) OR (end_date >= ? AND end_date <= ?)) AND institution_id IN `+in+` GROUP BY institution_id`,
		append([]any{first, last, first, last, first, last, first, last}, args...), func(id int64, n []int64) {
			if filed(id) {
				out[id].add("enrol_new", n[0])
				out[id].add("enrol_withdrawn", n[1])
			}
		}, 2); err != nil {
		return nil, err
	}

	if err := eachRow(ctx, q, `SELECT institution_id,
			SUM(CASE WHEN check_in IS NOT NULL THEN 1 ELSE 0 END),
			SUM(CASE WHEN check_in IS NOT NULL OR absent_reason <> '' THEN 1 ELSE 0 END),
			SUM(CASE WHEN check_in IS NULL AND absent_reason = ? THEN 1 ELSE 0 END),
			COUNT(DISTINCT CASE WHEN check_in IS NOT NULL THEN date END)
		FROM attendance WHERE date >= ? AND date <= ? AND institution_id IN `+in+` GROUP BY institution_id`,
		append([]any{domain.AbsentSick, first, last}, args...), func(id int64, n []int64) {
			if filed(id) {
				v := out[id]
				v.add("att_present", n[0])
				v.add("att_recorded", n[1])
				v.add("att_absent_sick", n[2])
				v.add("att_days", n[3])
			}
		}, 4); err != nil {
		return nil, err
	}

	// Staff employed at the end of the period, and their certificates.
	rows, err = q.Query(ctx, `SELECT e.institution_id, e.post,
			(SELECT COUNT(*) FROM staff_certificates sc WHERE sc.staff_id = e.staff_id AND (sc.issued_on IS NULL OR sc.issued_on <= ?)),
			(SELECT COUNT(*) FROM staff_certificates sc WHERE sc.staff_id = e.staff_id AND (sc.issued_on IS NULL OR sc.issued_on <= ?) AND (sc.expires_on IS NULL OR sc.expires_on >= ?)),
			(SELECT COUNT(*) FROM staff_certificates sc WHERE sc.staff_id = e.staff_id AND (sc.issued_on IS NULL OR sc.issued_on <= ?) AND (sc.expires_on IS NULL OR sc.expires_on >= ?) AND sc.kind IN (?, ?))
		FROM employments e WHERE e.start_date <= ? AND (e.end_date IS NULL OR e.end_date > ?) AND e.institution_id IN `+in,
		append([]any{end, end, end, end, end, domain.CertCaregiver, domain.CertTeacher, end, end}, args...)...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, certs, valid, qualified int64
		var post string
		if err := rows.Scan(&id, &post, &certs, &valid, &qualified); err != nil {
			rows.Close()
			return nil, err
		}
		if !filed(id) {
			continue
		}
		v := out[id]
		v.add("staff_total", 1)
		v.add("staff_post_"+post, 1)
		v.add("certs_total", certs)
		v.add("certs_valid", valid)
		if post == domain.PostCaregiver || post == domain.PostTeacher {
			v.add("staff_care", 1)
			v.add("staff_care_qualified", boolInt(qualified > 0))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// Classes within the caregiver ratio of the national setting-up standard
	// (托育机构设置标准（试行）第二十条): the children enrolled in the class
	// against the caregivers assigned to it.
	std := rules.National()
	rows, err = q.Query(ctx, `SELECT c.id, c.institution_id, c.type, (SELECT COUNT(*) FROM class_caregivers cc WHERE cc.class_id = c.id)
		FROM classes c WHERE NOT c.archived AND c.institution_id IN `+in, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var class, id, carers int64
		var typ string
		if err := rows.Scan(&class, &id, &typ, &carers); err != nil {
			rows.Close()
			return nil, err
		}
		if !filed(id) {
			continue
		}
		out[id].add("classes_total", 1)
		if colour, err := std.RatioStatus(typ, inClass[class], int(carers)); err == nil && colour != rules.RatioRed {
			out[id].add("classes_ratio_ok", 1)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	if err := eachRow(ctx, q, `SELECT institution_id, COUNT(*), SUM(total_fen), SUM(paid_fen)
		FROM bills WHERE month = ? AND status <> ? AND institution_id IN `+in+` GROUP BY institution_id`,
		append([]any{m.String(), domain.BillWaived}, args...), func(id int64, n []int64) {
			if filed(id) {
				out[id].add("bills_count", n[0])
				out[id].add("bills_billed_fen", n[1])
				out[id].add("bills_paid_fen", n[2])
			}
		}, 3); err != nil {
		return nil, err
	}

	for _, id := range ids {
		s, v := snaps[id], out[id]
		if s.Status == domain.StatusCancelled || s.Status == "" {
			continue
		}
		v.add("inst_registered", 1)
		v.add("inst_kind_"+s.Kind, 1)
		v.add("inst_nature_"+s.Nature, 1)
		if s.Status != domain.StatusFiled {
			continue
		}
		v.add("inst_filed", 1)
		v.add("inst_puhui", boolInt(s.PuhuiPlaces > 0))
		v.add("inst_demonstration", boolInt(s.Demonstration))
		v.add("places_filed", s.Places)
		if !countsEnrolledAsPlaces(s.Kind) {
			v.add("places_counted", s.Places)
			v.add("places_puhui", s.PuhuiPlaces)
		}
	}
	return out, nil
}

// eachRow runs a query whose rows are an institution id and n integers.
func eachRow(ctx context.Context, q store.Q, query string, args []any, fn func(int64, []int64), n int) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		vals := make([]sql.NullInt64, n)
		dest := []any{&id}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		ns := make([]int64, n)
		for i, v := range vals {
			ns[i] = v.Int64
		}
		fn(id, ns)
	}
	return rows.Err()
}

type capKey struct{ region, care string }

// priceCaps returns the monthly 普惠 price caps in force on a day, by county
// and care type.
func priceCaps(ctx context.Context, q store.Q, day string) (map[capKey]int64, error) {
	rows, err := q.Query(ctx, `SELECT region_code, care_type, amount_fen FROM price_caps
		WHERE unit = 'monthly' AND effective_from <= ? ORDER BY effective_from`, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[capKey]int64{}
	for rows.Next() {
		var k capKey
		var amount int64
		if err := rows.Scan(&k.region, &k.care, &amount); err != nil {
			return nil, err
		}
		out[k] = amount // later dates replace earlier ones
	}
	return out, rows.Err()
}
