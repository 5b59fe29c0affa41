package store

import (
	"context"
	"slices"
	"strings"

	"tuoyu/internal/collate"
	"tuoyu/internal/domain"
)

// pageByName pages rows by name in pinyin order, which neither database
// collates: sel selects (rank, id, name) of every matching row, which are
// ordered by rank, then the name's pinyin, then id; it returns the ids of
// the page, in order, and the total.
func (q Q) pageByName(ctx context.Context, sel string, args []any, page domain.Page) ([]int64, int, error) {
	type key struct {
		rank int
		id   int64
		name string
		sort string
	}
	rows, err := q.query(ctx, sel, args...)
	all, err := Collect(rows, err, func(r Row) (key, error) {
		var k key
		err := r.Scan(&k.rank, &k.id, &k.name)
		k.sort = collate.Key(k.name)
		return k, err
	})
	if err != nil {
		return nil, 0, err
	}
	slices.SortFunc(all, func(a, b key) int {
		switch {
		case a.rank != b.rank:
			return a.rank - b.rank
		case a.sort != b.sort:
			return strings.Compare(a.sort, b.sort)
		case a.name != b.name:
			return strings.Compare(a.name, b.name)
		}
		return int(a.id - b.id)
	})
	page = page.Normalised()
	from := min(page.Offset(), len(all))
	to := min(from+page.PerPage, len(all))
	ids := make([]int64, 0, to-from)
	for _, k := range all[from:to] {
		ids = append(ids, k.id)
	}
	return ids, len(all), nil
}

// inOrder puts rows in the order of ids (the page's), dropping any other.
func inOrder[T any](rows []T, ids []int64, id func(T) int64) []T {
	at := make(map[int64]int, len(ids))
	for i, v := range ids {
		at[v] = i
	}
	out := make([]T, len(ids))
	n := 0
	for _, r := range rows {
		if i, ok := at[id(r)]; ok {
			out[i] = r
			n++
		}
	}
	if n != len(ids) {
		// A row went away between the two reads: keep those found, in order.
		kept := out[:0]
		found := map[int64]bool{}
		for _, r := range rows {
			found[id(r)] = true
		}
		for i, v := range ids {
			if found[v] {
				kept = append(kept, out[i])
			}
		}
		return kept
	}
	return out
}

// idList is "(?, ?, …)" for n ids and the ids as arguments.
func idList(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, v := range ids {
		args[i] = v
	}
	return "(?" + strings.Repeat(", ?", len(ids)-1) + ")", args
}

// sortByNames orders rows by group name (pinyin), group id, name (pinyin)
// and id, as of returns them.
func sortByNames[T any](rows []T, of func(T) (group string, groupID int64, name string, id int64)) {
	slices.SortStableFunc(rows, func(a, b T) int {
		ga, gia, na, ia := of(a)
		gb, gib, nb, ib := of(b)
		if c := collate.Compare(ga, gb); c != 0 {
			return c
		}
		if gia != gib {
			return int(gia - gib)
		}
		if c := collate.Compare(na, nb); c != 0 {
			return c
		}
		return int(ia - ib)
	})
}
