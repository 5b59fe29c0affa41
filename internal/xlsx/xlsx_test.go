package xlsx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tuoyu/internal/xlsx"
)

// build writes a workbook with fn and returns its bytes, checking that
// every part is well-formed XML.
func build(t *testing.T, sheets []string, fn func(w *xlsx.Writer)) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := xlsx.NewWriter(&buf, sheets...)
	if err != nil {
		t.Fatal(err)
	}
	fn(w)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	wellFormed(t, buf.Bytes())
	return buf.Bytes()
}

func wellFormed(t *testing.T, raw []byte) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(r)
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
		}
		r.Close()
	}
}

// part is the text of a part of the package.
func part(t *testing.T, raw []byte, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := z.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func open(t *testing.T, raw []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestWorkbook(t *testing.T) {
	raw := build(t, []string{"汇总", "明细"}, func(w *xlsx.Writer) {
		must(t, w.StartSheet("明细", xlsx.Sheet{Widths: []float64{12, 0, 20.5}, Header: []string{"日期", "姓名", "费用", "在园"}}))
		must(t, w.WriteRow("2026-09-01", "王小明", 1800.5, true))
		must(t, w.WriteRow("2026-09-02", "", int64(-3), false)) // "" leaves the cell out
		must(t, w.WriteRow())                                   // a blank row
		must(t, w.WriteRow(nil, "李", uint8(7), nil))
		must(t, w.StartSheet("汇总", xlsx.Sheet{Header: []string{"班级"}}))
		must(t, w.WriteRow("托大班", 0, float32(0.25), 1e21))
	})
	f := open(t, raw)
	if got := f.GetSheetList(); fmt.Sprint(got) != "[汇总 明细]" {
		t.Fatalf("sheets %v", got)
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet %d", f.GetActiveSheetIndex())
	}
	rows, err := f.GetRows("明细")
	must(t, err)
	want := "[[日期 姓名 费用 在园] [2026-09-01 王小明 1800.5 TRUE] [2026-09-02  -3 FALSE] [] [ 李 7]]"
	if fmt.Sprint(rows) != want {
		t.Errorf("rows\n got %v\nwant %s", rows, want)
	}
	rows, err = f.GetRows("汇总")
	must(t, err)
	if fmt.Sprint(rows) != "[[班级] [托大班 0 0.25 1E+21]]" && fmt.Sprint(rows) != "[[班级] [托大班 0 0.25 1e+21]]" {
		t.Errorf("summary rows %v", rows)
	}

	// types: numbers are numbers, text inline strings, flags booleans
	for cell, typ := range map[string]excelize.CellType{"A2": excelize.CellTypeInlineString, "C2": excelize.CellTypeNumber,
		"D2": excelize.CellTypeBool, "C3": excelize.CellTypeNumber, "B3": excelize.CellTypeUnset, "C5": excelize.CellTypeNumber} {
		got, err := f.GetCellType("明细", cell)
		must(t, err)
		if got != typ {
			t.Errorf("%s: type %v, want %v", cell, got, typ)
		}
	}
	if v, _ := f.GetCellValue("明细", "C3", excelize.Options{RawCellValue: true}); v != "-3" {
		t.Errorf("C3 = %q", v)
	}

	// header bold on a fill, body plain
	for _, sheet := range []string{"明细", "汇总"} {
		id, err := f.GetCellStyle(sheet, "A1")
		must(t, err)
		st, err := f.GetStyle(id)
		must(t, err)
		if st.Font == nil || !st.Font.Bold || st.Fill.Type != "pattern" || st.Fill.Pattern != 1 {
			t.Errorf("%s header style %+v font %+v", sheet, st, st.Font)
		}
	}
	// (excelize reports a fill's colour only when the workbook has a theme)
	if styles := part(t, raw, "xl/styles.xml"); !strings.Contains(styles, `<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/>`) {
		t.Errorf("no header fill: %s", styles)
	}
	id, err := f.GetCellStyle("明细", "A2")
	must(t, err)
	if st, err := f.GetStyle(id); err != nil || (st.Font != nil && st.Font.Bold) {
		t.Errorf("body style %+v %v", st, err)
	}

	// header frozen
	p, err := f.GetPanes("明细")
	must(t, err)
	if !p.Freeze || p.YSplit != 1 || p.XSplit != 0 || p.TopLeftCell != "A2" {
		t.Errorf("panes %+v", p)
	}

	// widths; a zero leaves the default
	for col, want := range map[string]float64{"A": 12, "C": 20.5} {
		if w, err := f.GetColWidth("明细", col); err != nil || w != want {
			t.Errorf("width of %s: %v %v", col, w, err)
		}
	}
	if w, _ := f.GetColWidth("明细", "B"); w == 12 || w == 20.5 {
		t.Errorf("width of B: %v", w)
	}
}

func TestEscaping(t *testing.T) {
	cases := []struct{ in, want string }{
		{`<&>"'`, `<&>"'`},
		{"a\x01b\x00c\x1fd\x7f", "abcd\x7f"},   // control characters removed (DEL is legal XML)
		{"tab\there\nline", "tab\there\nline"}, // kept
		{"cr\r\nlf", "cr\r\nlf"},               // a carriage return survives the parser
		{"  padded  ", "  padded  "},
		{"bad\xffutf8\uFFFE\uFFFF", "badutf8"},
		{"_x0041_ and _x41_ and _xZZZZ_", "_x0041_ and _x41_ and _xZZZZ_"}, // not read as Excel's escape
		{"😀 emoji", "😀 emoji"},
		{"]]> cdata end", "]]> cdata end"},
		{"\x01", ""}, // nothing left: an empty cell
	}
	raw := build(t, []string{"S"}, func(w *xlsx.Writer) {
		must(t, w.StartSheet("S", xlsx.Sheet{}))
		for _, c := range cases {
			must(t, w.WriteRow(c.in))
		}
	})
	f := open(t, raw)
	for i, c := range cases {
		got, err := f.GetCellValue("S", xlsx.CellName(1, i+1))
		must(t, err)
		if got != c.want {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
	}
	// Sheet names with markup characters are escaped in workbook.xml.
	raw = build(t, []string{`a&b<c>"d"`, "it's"}, func(*xlsx.Writer) {})
	if got := open(t, raw).GetSheetList(); fmt.Sprint(got) != `[a&b<c>"d" it's]` {
		t.Errorf("sheets %q", got)
	}
}

func TestLongText(t *testing.T) {
	long := strings.Repeat("长", xlsx.MaxCellText+10)
	emoji := strings.Repeat("a", xlsx.MaxCellText-1) + "😀" // would need 32,768 units
	raw := build(t, []string{"S"}, func(w *xlsx.Writer) {
		must(t, w.StartSheet("S", xlsx.Sheet{}))
		must(t, w.WriteRow(long, emoji))
	})
	f := open(t, raw)
	a, _ := f.GetCellValue("S", "A1")
	b, _ := f.GetCellValue("S", "B1")
	if a != strings.Repeat("长", xlsx.MaxCellText) || b != emoji[:xlsx.MaxCellText-1] {
		t.Errorf("cut to %d and %d characters", len([]rune(a)), len(b))
	}
}

func TestCellName(t *testing.T) {
	for col, want := range map[int]string{1: "A1", 26: "Z1", 27: "AA1", 52: "AZ1", 53: "BA1", 702: "ZZ1", 703: "AAA1", xlsx.MaxColumns: "XFD1"} {
		if got := xlsx.CellName(col, 1); got != want {
			t.Errorf("column %d: %s, want %s", col, got, want)
		}
	}
	if got := xlsx.CellName(3, xlsx.MaxRows); got != "C1048576" {
		t.Errorf("last row: %s", got)
	}
	// agrees with excelize on every column
	for col := 1; col <= xlsx.MaxColumns; col++ {
		want, _ := excelize.CoordinatesToCellName(col, 7)
		if got := xlsx.CellName(col, 7); got != want {
			t.Fatalf("column %d: %s, want %s", col, got, want)
		}
	}
}

func TestSheetNames(t *testing.T) {
	for _, name := range []string{"Sheet1", "考勤明细", strings.Repeat("班", 31), "a'b", "x y-z (1)", strings.Repeat("😀", 15) + "a"} {
		if err := xlsx.ValidSheetName(name); err != nil {
			t.Errorf("%q refused: %v", name, err)
		}
	}
	for _, name := range []string{"", strings.Repeat("班", 32), "a[b", "a]b", "a:b", "a*b", "a?b", "a/b", `a\b`, "'ab", "ab'", "history", "a\x01b", "a\xffb", strings.Repeat("😀", 16)} {
		if err := xlsx.ValidSheetName(name); !errors.Is(err, xlsx.ErrSheetName) {
			t.Errorf("%q: %v", name, err)
		}
		if _, err := xlsx.NewWriter(io.Discard, "ok", name); !errors.Is(err, xlsx.ErrSheetName) {
			t.Errorf("NewWriter with %q: %v", name, err)
		}
	}
	if _, err := xlsx.NewWriter(io.Discard, "Data", "data"); !errors.Is(err, xlsx.ErrSheetName) {
		t.Errorf("duplicate names: %v", err)
	}
	if _, err := xlsx.NewWriter(io.Discard); !errors.Is(err, xlsx.ErrSheetName) {
		t.Errorf("no sheets: %v", err)
	}
}

// Sheets are written in any order, some not at all, and read back in the
// declared order.
func TestManySheets(t *testing.T) {
	const n = 60
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("第%d页", i+1)
	}
	raw := build(t, names, func(w *xlsx.Writer) {
		for i := n - 1; i >= 0; i-- {
			if i%7 == 3 {
				continue // left empty
			}
			must(t, w.StartSheet(names[i], xlsx.Sheet{Header: []string{"页"}}))
			for r := 0; r < i; r++ {
				must(t, w.WriteRow(names[i], r))
			}
		}
	})
	f := open(t, raw)
	if got := f.GetSheetList(); fmt.Sprint(got) != fmt.Sprint(names) {
		t.Fatalf("sheets %v", got)
	}
	for i, name := range names {
		rows, err := f.GetRows(name)
		must(t, err)
		if i%7 == 3 {
			if len(rows) != 0 {
				t.Errorf("%s: %v", name, rows)
			}
			continue
		}
		if len(rows) != i+1 || rows[0][0] != "页" || (i > 0 && (rows[i][0] != name || rows[i][1] != fmt.Sprint(i-1))) {
			t.Errorf("%s: %d rows, last %v", name, len(rows), rows[len(rows)-1])
		}
	}
}

func TestMisuse(t *testing.T) {
	w, err := xlsx.NewWriter(io.Discard, "A", "B")
	must(t, err)
	if err := w.WriteRow("x"); !errors.Is(err, xlsx.ErrNoSheet) {
		t.Errorf("row before a sheet: %v", err)
	}
	if err := w.StartSheet("C", xlsx.Sheet{}); !errors.Is(err, xlsx.ErrSheetName) {
		t.Errorf("undeclared sheet: %v", err)
	}
	must(t, w.StartSheet("A", xlsx.Sheet{}))
	for _, bad := range []any{math.NaN(), math.Inf(1), float32(math.Inf(-1)), struct{}{}, []byte("x")} {
		if err := w.WriteRow("ok", bad); err == nil || !strings.Contains(err.Error(), "B1") {
			t.Errorf("%T %v: %v", bad, bad, err)
		}
	}
	must(t, w.WriteRow("first")) // the bad rows left nothing behind
	if err := w.WriteRow(make([]any, xlsx.MaxColumns+1)...); !errors.Is(err, xlsx.ErrTooManyCols) {
		t.Errorf("too many columns: %v", err)
	}
	must(t, w.StartSheet("B", xlsx.Sheet{}))
	if err := w.StartSheet("A", xlsx.Sheet{}); !errors.Is(err, xlsx.ErrSheetName) {
		t.Errorf("a sheet twice: %v", err)
	}
	for i := 0; i < xlsx.MaxRows; i++ {
		if err := w.WriteRow(); err != nil {
			t.Fatal(i, err)
		}
	}
	if err := w.WriteRow("x"); !errors.Is(err, xlsx.ErrTooManyRows) {
		t.Errorf("row %d: %v", xlsx.MaxRows+1, err)
	}
	must(t, w.Close())
	must(t, w.Close())
	if err := w.WriteRow("x"); !errors.Is(err, xlsx.ErrClosed) {
		t.Errorf("after close: %v", err)
	}

	// The first row keeps its place after the refused ones.
	raw := build(t, []string{"A"}, func(w *xlsx.Writer) {
		must(t, w.StartSheet("A", xlsx.Sheet{}))
		if err := w.WriteRow("no", math.NaN()); err == nil {
			t.Error("NaN accepted")
		}
		must(t, w.WriteRow("yes"))
	})
	if v, _ := open(t, raw).GetCellValue("A", "A1"); v != "yes" {
		t.Errorf("A1 = %q", v)
	}
}

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	if f.n -= len(p); f.n < 0 {
		return 0, errors.New("connection reset")
	}
	return len(p), nil
}

// A write error is kept and returned by every later call.
func TestWriteError(t *testing.T) {
	w, err := xlsx.NewWriter(&failWriter{n: 10000}, "A")
	must(t, err)
	must(t, w.StartSheet("A", xlsx.Sheet{}))
	var first error
	for i := 0; i < 100000 && first == nil; i++ {
		first = w.WriteRow(fmt.Sprintf("row %d with some text that does not compress %x", i, i*7919))
	}
	if first == nil || !strings.Contains(first.Error(), "connection reset") {
		t.Fatalf("no error: %v", first)
	}
	if err := w.WriteRow("x"); err == nil {
		t.Error("row after a failed write")
	}
	if err := w.Close(); err == nil {
		t.Error("close after a failed write")
	}
}

// Writing rows allocates nothing once the writer is warm: memory does not
// grow with the number of rows.
func TestRowsDoNotAllocate(t *testing.T) {
	w, err := xlsx.NewWriter(io.Discard, "A")
	must(t, err)
	must(t, w.StartSheet("A", xlsx.Sheet{Header: []string{"a", "b"}}))
	row := []any{"2026-09-01", "托大一班", "王小明", "已离园", "08:15", "17:00", 1800.5, 20, "<&>"}
	for i := 0; i < 1000; i++ {
		must(t, w.WriteRow(row...))
	}
	if n := testing.AllocsPerRun(20000, func() { _ = w.WriteRow(row...) }); n != 0 {
		t.Errorf("%v allocations a row", n)
	}
	must(t, w.Close())
}
