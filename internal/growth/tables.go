package growth

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
)

//go:embed tables/who/*.csv tables/wst423/*.csv
var tableFiles embed.FS

// lmsTable is one sex's rows of a WHO table. Row i is at x = first + i/perUnit, where perUnit is 1
// (age in days) or 10 (length/height in 0.1 cm steps).
type lmsTable struct {
	first, last float64
	perUnit     float64
	rows        []LMS
}

// whoTables is filled once by init and never written afterwards.
var whoTables [NumIndicators][2]lmsTable

func init() {
	for ind := Indicator(0); ind < NumIndicators; ind++ {
		tabs, err := loadLMS(ind)
		if err != nil {
			// The tables are embedded and checked by tables_test.go; a failure here is a build defect.
			panic(fmt.Sprintf("growth: embedded table %s: %v", indicatorInfos[ind].file, err))
		}
		whoTables[ind] = tabs
	}
	if err := loadWST423(); err != nil {
		panic(fmt.Sprintf("growth: embedded WS/T 423 table: %v", err))
	}
}

func readCSV(path string, header []string) ([][]string, error) {
	data, err := tableFiles.ReadFile(path)
	if err != nil {
		return nil, err
	}
	records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(records) < 2 {
		return nil, fmt.Errorf("no data rows")
	}
	if len(records[0]) != len(header) {
		return nil, fmt.Errorf("header %v, want %v", records[0], header)
	}
	for i, h := range header {
		if records[0][i] != h {
			return nil, fmt.Errorf("header %v, want %v", records[0], header)
		}
	}
	return records[1:], nil
}

func parseFloats(rec []string) ([]float64, error) {
	out := make([]float64, len(rec))
	for i, s := range rec {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func loadLMS(ind Indicator) ([2]lmsTable, error) {
	var tabs [2]lmsTable
	records, err := readCSV("tables/who/"+indicatorInfos[ind].file, []string{"sex", "x", "l", "m", "s"})
	if err != nil {
		return tabs, err
	}
	perUnit := 1.0
	if ind.ByLength() {
		perUnit = 10
	}
	for line, rec := range records {
		v, err := parseFloats(rec)
		if err != nil {
			return tabs, fmt.Errorf("row %d: %v", line+2, err)
		}
		if v[0] != 1 && v[0] != 2 {
			return tabs, fmt.Errorf("row %d: sex %v", line+2, v[0])
		}
		t := &tabs[int(v[0])-1]
		if len(t.rows) == 0 {
			t.first, t.perUnit = v[1], perUnit
		}
		// Rows must be contiguous: the k-th row of a sex is at first + k steps.
		want := t.first + float64(len(t.rows))/perUnit
		if math.Abs(v[1]-want) > 1e-6 {
			return tabs, fmt.Errorf("row %d: x = %v, want %v (gap or disorder)", line+2, v[1], want)
		}
		if !(v[3] > 0) || !(v[4] > 0) {
			return tabs, fmt.Errorf("row %d: M and S must be positive", line+2)
		}
		t.rows = append(t.rows, LMS{L: v[2], M: v[3], S: v[4]})
		t.last = v[1]
	}
	for i := range tabs {
		if len(tabs[i].rows) == 0 {
			return tabs, fmt.Errorf("no rows for sex %d", i+1)
		}
	}
	return tabs, nil
}

// at returns the parameters at x. Age tables take the row of the completed day (x is truncated);
// length tables interpolate L, M and S linearly between the neighbouring 0.1 cm rows.
func (t *lmsTable) at(x float64) (LMS, bool) {
	if !(x >= t.first-1e-9 && x <= t.last+1e-9) { // also rejects NaN
		return LMS{}, false
	}
	pos := (x - t.first) * t.perUnit
	if t.perUnit == 1 {
		return t.rows[int(pos)], true
	}
	// Guard against binary rounding: 84.8 cm can give pos = 397.99999999999994 for row 398.
	i := int(pos + 1e-7)
	f := pos - float64(i)
	if f < 1e-7 {
		return t.rows[i], true
	}
	if i+1 >= len(t.rows) {
		return LMS{}, false
	}
	a, b := t.rows[i], t.rows[i+1]
	return LMS{
		L: a.L + f*(b.L-a.L),
		M: a.M + f*(b.M-a.M),
		S: a.S + f*(b.S-a.S),
	}, true
}
