// Package gen writes a synthetic province (or country) directly into the
// database in bulk, for measuring the statistics at scale: institutions
// across the province's counties and townships (from the reference data),
// classes, staff with their certificates, children with a guardian and an
// enrolment, and daily attendance for the months asked for. The rows bypass
// the use cases, so they are written as the use cases would write them:
// identity numbers are synthetic but valid, encrypted and hashed with the
// deployment's keys and masked; nothing is real personal data.
//
// On PostgreSQL the rows go in with COPY over a pgx connection of their
// own; on SQLite as multi-row INSERTs in large transactions.
package gen

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"tuoyu/internal/civil"
	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/rules"
	"tuoyu/internal/secure"
	"tuoyu/internal/store"
	"tuoyu/internal/workday"
)

// Options say what to generate.
type Options struct {
	// Province is the province's code (610000), or 000000 for every
	// province of the country.
	Province     string
	Institutions int
	// Places is the total of the institutions' filed places; 0 is 60 an
	// institution (Shaanxi: 3,000 institutions, about 180,000 places).
	Places int
	// Months of enrolment and daily attendance, ending with the month of
	// Now; 0 writes the institution-level tables only (institutions and
	// classes).
	Months int
	Seed   uint64
	Now    time.Time
	// Progress, if set, is told the rows written so far and the rows
	// expected in all.
	Progress func(done, total int64)
}

// Deps are what the generator writes with.
type Deps struct {
	DB       *store.DB
	DSN      string // for the PostgreSQL COPY connection
	Keys     *secure.Keys
	Calendar *workday.Calendar
}

// Counts are the rows written per table.
type Counts map[string]int64

// Total is the number of rows written.
func (c Counts) Total() int64 {
	var n int64
	for _, v := range c {
		n += v
	}
	return n
}

// MonthsCovered returns the months the options cover, oldest first: the last
// Months months up to the month of Now, or that month alone when Months is
// 0 (the institution-level tables are still counted for it).
func (o Options) MonthsCovered() []civil.Month {
	end := civil.InChina(o.Now).MonthOf()
	n := max(o.Months, 1)
	out := make([]civil.Month, 0, n)
	for i := n - 1; i >= 0; i-- {
		out = append(out, end.Add(-i))
	}
	return out
}

// ErrNotEmpty is returned when the database already holds institutions:
// the generator writes explicit ids and needs the tables to itself.
var ErrNotEmpty = errors.New("gen: the database already holds institutions; generate into a new database")

// Generate writes the province and returns the rows written per table. It
// does not compute the statistics: the caller rebuilds the months (or
// leaves the dirty marks Generate writes to the stats worker).
func Generate(ctx context.Context, d Deps, o Options) (Counts, error) {
	if o.Institutions <= 0 {
		return nil, fmt.Errorf("gen: -institutions must be positive")
	}
	if o.Places == 0 {
		o.Places = 60 * o.Institutions
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	var n int
	if err := d.DB.Read().QueryRow(ctx, "SELECT COUNT(*) FROM institutions").Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, ErrNotEmpty
	}
	counties, err := loadCounties(ctx, d.DB.Read(), o.Province)
	if err != nil {
		return nil, err
	}
	p := newPlan(d, o, counties)
	if err := p.build(); err != nil {
		return nil, err
	}
	var s sink
	if d.DB.Dialect == store.Postgres {
		pg, err := newPGSink(ctx, d.DSN)
		if err != nil {
			return nil, err
		}
		s = pg
	} else {
		s = &sqliteSink{db: d.DB}
	}
	defer s.close(context.WithoutCancel(ctx))
	counts, err := p.write(ctx, s)
	if err != nil {
		return counts, err
	}
	if err := finish(ctx, d.DB, p.months[0], p.months[len(p.months)-1]); err != nil {
		return counts, err
	}
	return counts, Analyze(ctx, d.DB, "")
}

// Analyze refreshes PostgreSQL's statistics of a table ("" every table)
// after a bulk write: a planner that still sees the freshly copied tables
// as empty picks nested loops over millions of rows (the rebuild's staff
// query took 12 s a chunk before, 0.1 s after). On SQLite it does nothing.
func Analyze(ctx context.Context, db *store.DB, table string) error {
	if db.Dialect != store.Postgres {
		return nil
	}
	return db.Tx(ctx, func(q store.Q) error {
		_, err := q.Exec(ctx, strings.TrimSpace("ANALYZE "+table))
		return err
	})
}

// AnalyzeStats refreshes the planner's statistics of the roll-up tables,
// which a rebuild of a fresh province fills from nothing.
func AnalyzeStats(ctx context.Context, db *store.DB) error {
	for _, t := range []string{"stats_institution_months", "stats_institution_values", "stats_region_values"} {
		if err := Analyze(ctx, db, t); err != nil {
			return err
		}
	}
	return nil
}

// finish moves the identity sequences past the explicit ids (PostgreSQL)
// and marks every institution's months for the stats worker, since the
// bulk rows bypassed the triggers; a rebuild of the months clears them.
func finish(ctx context.Context, db *store.DB, first, last civil.Month) error {
	return db.Tx(ctx, func(q store.Q) error {
		if q.Dialect() == store.Postgres {
			for _, t := range []string{"institutions", "classes", "staff", "employments", "staff_certificates", "children", "guardians", "enrolments", "attendance"} {
				if _, err := q.Exec(ctx, "SELECT setval(pg_get_serial_sequence('"+t+"', 'id'), COALESCE((SELECT MAX(id) FROM "+t+"), 0) + 1, false)"); err != nil {
					return err
				}
			}
		}
		if _, err := q.Exec(ctx, "DELETE FROM stats_dirty"); err != nil {
			return err
		}
		// Each month's snapshot of the institutions' attributes, as the stats
		// worker would have kept it had the months been computed as they
		// passed (the generated attributes do not change). With them the
		// planner knows the size of the table the roll-up joins before the
		// first month is computed; without, the first rebuild of a fresh
		// province joins in a nested loop (minutes instead of seconds).
		for m := first; !m.After(last); m = m.Add(1) {
			if _, err := q.Exec(ctx, `INSERT INTO stats_institution_months (institution_id, month, status, kind, nature, places, puhui_places, demonstration, region_code, township_code)
				SELECT id, ?, status, kind, nature, places, puhui_places, demonstration, region_code, township_code FROM institutions`, m.String()); err != nil {
				return err
			}
		}
		_, err := q.Exec(ctx, "INSERT INTO stats_dirty (institution_id, month, onward) SELECT id, ?, 1 FROM institutions", first.String())
		return err
	})
}

// ClearMarks removes the dirty marks once every covered month has been
// rebuilt from the records.
func ClearMarks(ctx context.Context, db *store.DB) error {
	return db.Tx(ctx, func(q store.Q) error {
		_, err := q.Exec(ctx, "DELETE FROM stats_dirty")
		return err
	})
}

// county is a county-level division with its townships.
type county struct {
	code, name string
	townships  []township
	weight     float64
}

type township struct{ code, name string }

func loadCounties(ctx context.Context, q store.Q, province string) ([]county, error) {
	if len(province) != 6 {
		return nil, fmt.Errorf("gen: -province must be a six-digit code such as 610000")
	}
	like := province[:2] + "%"
	if province == "000000" {
		like = "%"
	}
	rows, err := q.Query(ctx, `SELECT c.code, c.name, t.code, t.name FROM regions c JOIN regions t ON t.parent_code = c.code
		WHERE c.level = 'county' AND t.level = 'township' AND c.code LIKE ? ORDER BY c.code, t.code`, like)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []county
	for rows.Next() {
		var cc, cn, tc, tn string
		if err := rows.Scan(&cc, &cn, &tc, &tn); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].code != cc {
			// A city's districts (市辖区, codes xxxx01-xxxx29) are denser
			// than its counties.
			w := 1.0
			if cc[4] < '3' {
				w = 1.6
			}
			out = append(out, county{code: cc, name: cn, weight: w})
		}
		c := &out[len(out)-1]
		c.townships = append(c.townships, township{tc, tn})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("gen: no county with townships under %s in the reference data", province)
	}
	for i := range out { // more townships, more people
		out[i].weight *= math.Sqrt(float64(len(out[i].townships)))
	}
	return out, nil
}

// The shares of the generated institutions.
var (
	kindWeights = []weighted{{domain.KindCentre, 0.46}, {domain.KindKindergarten, 0.30}, {domain.KindCommunity, 0.10},
		{domain.KindHome, 0.09}, {domain.KindEmployer, 0.05}}
	statusWeights = []weighted{{domain.StatusFiled, 0.84}, {domain.StatusUnfiled, 0.07}, {domain.StatusSubmitted, 0.05},
		{domain.StatusReturned, 0.03}, {domain.StatusCancelled, 0.01}}
	careWeights = []weighted{{domain.CareFullDay, 0.85}, {domain.CareHalfDay, 0.11}, {domain.CareHourly, 0.03}, {domain.CareTemporary, 0.01}}
	// places per institution of a kind, before scaling to the total
	kindPlaces = map[string][2]int{domain.KindCentre: {40, 160}, domain.KindKindergarten: {20, 60}, domain.KindCommunity: {25, 60},
		domain.KindHome: {5, 10}, domain.KindEmployer: {30, 80}}
	brands   = []string{"阳光", "启明", "小太阳", "彩虹", "童心", "爱心", "博雅", "乐育", "晨曦", "蓓蕾", "星辰", "禾苗", "春芽", "小橡树", "欣欣"}
	surnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"}
	given    = []string{"子涵", "欣怡", "梓轩", "浩然", "一诺", "雨桐", "宇轩", "思源", "可馨", "俊杰", "佳怡", "明轩", "诗涵", "博文", "若曦", "天佑"}
	symptoms = []string{"发热", "咳嗽", "腹泻", "流涕", "呕吐"}
)

type weighted struct {
	value  string
	weight float64
}

func pick(r *rand.Rand, ws []weighted) string {
	x := r.Float64()
	for _, w := range ws {
		if x < w.weight {
			return w.value
		}
		x -= w.weight
	}
	return ws[0].value
}

func name(r *rand.Rand) string {
	return surnames[r.IntN(len(surnames))] + given[r.IntN(len(given))]
}

// creditCode is a valid unified social credit code, unique by the
// institution's index: the registration prefix, the county, "MA" and the
// index as the organisation code with its GB 11714 check, and the GB 32100
// check character.
func creditCode(prefix, division string, index int) (string, error) {
	org := fmt.Sprintf("MA%06d", index)
	oc, err := cnid.OrganisationCheckChar(org)
	if err != nil {
		return "", err
	}
	first17 := prefix + division + org + string(oc)
	check, err := cnid.CreditCodeCheckChar(first17)
	if err != nil {
		return "", err
	}
	return first17 + string(check), nil
}

// idNumbers makes valid resident identity numbers, none twice.
type idNumbers map[string]bool

func (seen idNumbers) next(r *rand.Rand, county string, birth civil.Date, female bool) (string, error) {
	for range 1000 {
		seq := r.IntN(100)*10 + r.IntN(5)*2
		if !female {
			seq++
		}
		first17 := fmt.Sprintf("%s%04d%02d%02d%03d", county, birth.Year(), int(birth.Month()), birth.Day(), seq)
		check, err := cnid.ResidentIDCheckChar(first17)
		if err != nil {
			return "", err
		}
		n := first17 + string(check)
		if !seen[n] {
			seen[n] = true
			return n, nil
		}
	}
	return "", fmt.Errorf("gen: no free identity number for %s born %s", county, birth)
}

// classRules are the national class rules by type.
func classRules() map[string]rules.ClassRule {
	std := rules.National()
	out := map[string]rules.ClassRule{}
	for _, t := range domain.ClassTypes {
		c, err := std.Class(rules.ClassType(t))
		if err == nil {
			out[t] = c
		}
	}
	return out
}
