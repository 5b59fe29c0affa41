package stats

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"tuoyu/internal/civil"
	"tuoyu/internal/store"
)

// The roll-ups are kept by a dirty-mark table rather than in the writers'
// transactions: triggers on the records the indicators read (attendance,
// enrolments, staff, classes, bills, institutions, price caps) mark the
// institution and month in the same transaction as the write, so no use
// case has to know about statistics and nothing is missed; Refresh
// recomputes the marked months from the raw records and rolls them up.

// firstMonth bounds "onward" marks: no care record predates the 2019
// national guidance.
var firstMonth = civil.Month{Year: 2019, Month: 1}

// chunk is how many institutions one computation reads at a time.
const chunk = 400

type dirtyMark struct {
	inst   int64
	month  string
	onward int64
	seq    int64
}

func (s *Service) currentMonth() civil.Month { return s.today().MonthOf() }

// asOf is the day stocks are taken for month m: its last day, or today in
// the current month.
func (s *Service) asOf(m civil.Month) civil.Date {
	if m == s.currentMonth() {
		return s.today()
	}
	return m.Last()
}

// Refresh recomputes every month marked dirty since the last refresh and
// returns how many institution-months it recomputed. A mark made while it
// runs is kept for the next refresh.
func (s *Service) Refresh(ctx context.Context) (int, error) {
	rows, err := s.db.Read().Query(ctx, "SELECT institution_id, month, onward, seq FROM stats_dirty")
	if err != nil {
		return 0, err
	}
	var marks []dirtyMark
	for rows.Next() {
		var d dirtyMark
		if err := rows.Scan(&d.inst, &d.month, &d.onward, &d.seq); err != nil {
			rows.Close()
			return 0, err
		}
		marks = append(marks, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(marks) == 0 {
		return 0, err
	}
	current := s.currentMonth()
	todo := map[civil.Month]map[int64]bool{}
	mark := func(m civil.Month, inst int64) {
		if todo[m] == nil {
			todo[m] = map[int64]bool{}
		}
		todo[m][inst] = true
	}
	for _, d := range marks {
		m := current
		if d.month != "" {
			pm, err := civil.ParseMonth(d.month)
			if err != nil {
				continue // a malformed date in a record: nothing to count
			}
			m = pm
		}
		if d.onward == 0 {
			mark(m, d.inst)
			continue
		}
		if m.Before(firstMonth) {
			m = firstMonth
		}
		for ; !m.After(current); m = m.Add(1) {
			mark(m, d.inst)
		}
	}
	months := make([]civil.Month, 0, len(todo))
	for m := range todo {
		months = append(months, m)
	}
	slices.SortFunc(months, func(a, b civil.Month) int { return a.Compare(b) })
	n := 0
	for _, m := range months {
		ids := make([]int64, 0, len(todo[m]))
		for id := range todo[m] {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		if err := s.recompute(ctx, m, ids, nil); err != nil {
			return n, fmt.Errorf("stats %s: %w", m, err)
		}
		n += len(ids)
	}
	return n, s.db.Tx(ctx, func(q store.Q) error {
		for _, d := range marks {
			if _, err := q.Exec(ctx, "DELETE FROM stats_dirty WHERE institution_id = ? AND month = ? AND onward = ? AND seq = ?",
				d.inst, d.month, d.onward, d.seq); err != nil {
				return err
			}
		}
		return nil
	})
}

// Rebuild recomputes one month for every institution from the raw records
// and rolls it up again; other months are left as they are. progress, if
// given, is told how many of the institutions are done.
func (s *Service) Rebuild(ctx context.Context, m civil.Month, progress func(done, total int)) error {
	rows, err := s.db.Read().Query(ctx, "SELECT id FROM institutions ORDER BY id")
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return s.recompute(ctx, m, ids, progress)
}

// recompute computes the month's measures of the institutions and writes
// them with the month's regional roll-up in one transaction.
func (s *Service) recompute(ctx context.Context, m civil.Month, ids []int64, progress func(done, total int)) error {
	current := m == s.currentMonth()
	asOf := s.asOf(m)
	snaps := map[int64]snapshot{}
	vals := map[int64]values{}
	read := s.db.Read()
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		sn, err := snapshots(ctx, read, m, current, part)
		if err != nil {
			return err
		}
		v, err := compute(ctx, read, m, asOf, sn, part)
		if err != nil {
			return err
		}
		for id := range sn {
			snaps[id], vals[id] = sn[id], v[id]
		}
		if progress != nil {
			progress(min(start+chunk, len(ids)), len(ids))
		}
	}
	return s.db.Tx(ctx, func(q store.Q) error {
		for start := 0; start < len(ids); start += chunk {
			part := ids[start:min(start+chunk, len(ids))]
			args := append([]any{m.String()}, idArgs(part)...)
			if _, err := q.Exec(ctx, "DELETE FROM stats_institution_values WHERE month = ? AND institution_id IN "+placeholders(len(part)), args...); err != nil {
				return err
			}
			if _, err := q.Exec(ctx, "DELETE FROM stats_institution_months WHERE month = ? AND institution_id IN "+placeholders(len(part)), args...); err != nil {
				return err
			}
		}
		var snapRows, valueRows [][]any
		for _, id := range ids {
			sn, ok := snaps[id]
			if !ok {
				continue // the institution no longer exists
			}
			snapRows = append(snapRows, []any{id, m.String(), sn.Status, sn.Kind, sn.Nature, sn.Places, sn.PuhuiPlaces, sn.Demonstration, sn.RegionCode, sn.Township})
			codes := make([]string, 0, len(vals[id]))
			for c := range vals[id] {
				codes = append(codes, c)
			}
			slices.Sort(codes)
			for _, c := range codes {
				valueRows = append(valueRows, []any{id, m.String(), c, vals[id][c]})
			}
		}
		if err := insertRows(ctx, q, "stats_institution_months (institution_id, month, status, kind, nature, places, puhui_places, demonstration, region_code, township_code)", snapRows); err != nil {
			return err
		}
		if err := insertRows(ctx, q, "stats_institution_values (institution_id, month, measure, value)", valueRows); err != nil {
			return err
		}
		return rollUp(ctx, q, m)
	})
}

// rollUp replaces the month's regional values with the sums of its
// institution values over each township, county, city and province.
func rollUp(ctx context.Context, q store.Q, m civil.Month) error {
	if _, err := q.Exec(ctx, "DELETE FROM stats_region_values WHERE month = ?", m.String()); err != nil {
		return err
	}
	for _, region := range []string{
		"s.township_code",
		"s.region_code",
		"substr(s.region_code, 1, 4) || '00'",
		"substr(s.region_code, 1, 2) || '0000'",
	} {
		if _, err := q.Exec(ctx, `INSERT INTO stats_region_values (region_code, month, measure, value)
			SELECT `+region+`, v.month, v.measure, SUM(v.value)
			FROM stats_institution_values v JOIN stats_institution_months s ON s.institution_id = v.institution_id AND s.month = v.month
			WHERE v.month = ? AND `+region+` <> ''
			GROUP BY `+region+`, v.month, v.measure`, m.String()); err != nil {
			return err
		}
	}
	return nil
}

// insertRows inserts rows in multi-row statements.
func insertRows(ctx context.Context, q store.Q, table string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	per := max(1, 800/len(rows[0]))
	for start := 0; start < len(rows); start += per {
		part := rows[start:min(start+per, len(rows))]
		var b strings.Builder
		args := make([]any, 0, len(part)*len(part[0]))
		b.WriteString("INSERT INTO " + table + " VALUES ")
		for i, r := range part {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(placeholders(len(r)))
			args = append(args, r...)
		}
		if _, err := q.Exec(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// Run refreshes the roll-ups every interval until ctx ends.
func (s *Service) Run(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := s.Refresh(ctx); err != nil && ctx.Err() == nil {
			log.Error("stats refresh", "err", err)
		} else if n > 0 {
			log.Info("stats refreshed", "institution_months", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
