// Package importer reads a roster from an Excel workbook (.xlsx) or a CSV
// file into rows of text by column, with the problems it finds by row and
// column. It knows the columns only by their header names and kind (text,
// date, yes/no, one of a list); what the values mean is checked by the
// service that imports them. Nothing here touches the database.
//
// Files are bounded before they are parsed: the size of the upload, the zip
// central directory of a workbook (entries, total uncompressed size and
// the compression ratio of each entry, against zip bombs), the number of
// data rows and columns and the length of a cell.
package importer

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Kind says how a column's cells are read.
type Kind int

const (
	// Text is taken as typed (trimmed).
	Text Kind = iota
	// Date is normalised to YYYY-MM-DD when it is a spreadsheet date or a
	// common way of writing one (2025/3/5, 2025.3.5, 2025年3月5日, 20250305);
	// anything else is passed on as typed for the service to refuse.
	Date
	// Bool is "true" or "false" (是/否, yes/no, y/n, 1/0, √/×); anything
	// else is a problem of the cell.
	Bool
	// Enum maps a label (Chinese, English or the code itself) to its code
	// through Options; a value not in Options is passed on as typed.
	Enum
)

// Column is a column the importer recognises.
type Column struct {
	// Key names the column to the caller (the service's field name).
	Key string
	// Names are the header texts accepted for it (the Chinese name first);
	// they are compared after normalisation (see NormaliseHeader), and Key
	// is accepted too.
	Names []string
	Kind  Kind
	// Required columns must be present in the header.
	Required bool
	// Options, for Enum columns: accepted spelling (normalised with
	// NormaliseHeader) → code.
	Options map[string]string
}

// Limits bound what a file may hold.
type Limits struct {
	MaxBytes        int64 // size of the file as uploaded
	MaxRows         int   // data rows (the header not counted; blank rows skipped)
	MaxColumns      int
	MaxCellChars    int
	MaxUncompressed int64 // total uncompressed size of a workbook's zip entries
	MaxRatio        int64 // uncompressed / compressed size of any zip entry
	MaxEntries      int   // entries of a workbook's zip
}

// DefaultLimits are the limits of the import API.
var DefaultLimits = Limits{
	MaxBytes:        5 << 20,
	MaxRows:         10_000,
	MaxColumns:      60,
	MaxCellChars:    500,
	MaxUncompressed: 50 << 20,
	MaxRatio:        100,
	MaxEntries:      100,
}

// Formats of a file.
const (
	FormatXLSX = "xlsx"
	FormatCSV  = "csv"
)

// LimitError refuses a file that breaks a limit (HTTP 413). Reason is a
// catalog key; Limit the bound broken (sizes in MiB).
type LimitError struct {
	Reason string
	Limit  int64
}

func (e *LimitError) Error() string { return fmt.Sprintf("import: %s (limit %d)", e.Reason, e.Limit) }

// FormatError refuses a file that cannot be read as a roster (HTTP 422).
// Reason is a catalog key.
type FormatError struct {
	Reason string
}

func (e *FormatError) Error() string { return "import: " + e.Reason }

// Reasons (catalog keys) of LimitError, FormatError and Problem.
const (
	ReasonFileTooLarge    = "import.file_too_large"
	ReasonTooManyRows     = "import.too_many_rows"
	ReasonTooManyColumns  = "import.too_many_columns"
	ReasonZipEntries      = "import.zip_entries"
	ReasonZipSize         = "import.zip_size"
	ReasonZipRatio        = "import.zip_ratio"
	ReasonUnknownFormat   = "import.unknown_format"
	ReasonOldExcel        = "import.old_excel"
	ReasonUnreadable      = "import.unreadable"
	ReasonEmpty           = "import.empty"
	ReasonNoRows          = "import.no_rows"
	ReasonUnknownColumn   = "import.unknown_column"
	ReasonDuplicateColumn = "import.duplicate_column"
	ReasonMissingColumn   = "import.missing_column"
	ReasonNotBoolean      = "import.not_boolean"
	ReasonCellTooLong     = "import.cell_too_long"
)

// Problem is something wrong with one cell (or, with Row 1, the header).
// Column is the header text as in the file (for a missing column, its
// first name).
type Problem struct {
	Row    int
	Column string
	Key    string
	Reason string
}

// Row is one data row: its spreadsheet row number (1-based, the header is
// row 1) and a value for each of the table's columns ("" when absent).
type Row struct {
	Line   int
	Values []string
}

// Table is a file read against a list of columns.
type Table struct {
	Format  string
	Columns []Column
	// Headers holds, for each column, its header text as in the file ("" when
	// the file lacks the column).
	Headers  []string
	Rows     []Row
	Problems []Problem
}

// Index returns the position of a column key, or -1.
func (t *Table) Index(key string) int {
	for i, c := range t.Columns {
		if c.Key == key {
			return i
		}
	}
	return -1
}

// Header returns how a column is named in the file, or its first name when
// the file lacks it.
func (t *Table) Header(key string) string {
	i := t.Index(key)
	if i < 0 {
		return key
	}
	if t.Headers[i] != "" {
		return t.Headers[i]
	}
	if len(t.Columns[i].Names) > 0 {
		return t.Columns[i].Names[0]
	}
	return key
}

// Value returns a row's value of a column key ("" when unknown).
func (t *Table) Value(r Row, key string) string {
	if i := t.Index(key); i >= 0 {
		return r.Values[i]
	}
	return ""
}

// NormaliseHeader folds a header or label for comparison: white space,
// required markers (*), anything in brackets (a hint such as
// "（YYYY-MM-DD）") and case are dropped; '-' and ' ' inside become '_'.
func NormaliseHeader(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range strings.TrimSpace(s) {
		switch r {
		case '(', '（', '[', '【':
			depth++
			continue
		case ')', '）', ']', '】':
			if depth > 0 {
				depth--
			}
			continue
		}
		if depth > 0 {
			continue
		}
		switch {
		case r == '*' || r == '＊':
		case unicode.IsSpace(r) || r == '-' || r == '_':
			b.WriteByte('_')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return strings.Trim(b.String(), "_")
}

// Detect names a file's format from its first bytes and name: a zip is a
// workbook, an OLE compound file an old .xls (refused), anything else
// named .csv or valid text is CSV.
func Detect(name string, data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return FormatXLSX, nil
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "", &FormatError{Reason: ReasonOldExcel}
	case strings.HasSuffix(strings.ToLower(name), ".xlsx"):
		return "", &FormatError{Reason: ReasonUnreadable}
	}
	if strings.HasSuffix(strings.ToLower(name), ".csv") || !bytes.ContainsRune(data[:min(len(data), 4096)], 0) {
		return FormatCSV, nil
	}
	return "", &FormatError{Reason: ReasonUnknownFormat}
}

// Read reads a file (an .xlsx workbook's first sheet, or CSV) against the
// columns. Header problems and cell problems are in Table.Problems; a file
// that breaks a limit is a *LimitError, one that cannot be read a
// *FormatError.
func Read(name string, data []byte, cols []Column, lim Limits) (*Table, error) {
	if int64(len(data)) > lim.MaxBytes {
		return nil, &LimitError{Reason: ReasonFileTooLarge, Limit: lim.MaxBytes >> 20}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &FormatError{Reason: ReasonEmpty}
	}
	format, err := Detect(name, data)
	if err != nil {
		return nil, err
	}
	r := &reader{t: &Table{Format: format, Columns: cols, Headers: make([]string, len(cols))}, lim: lim}
	if format == FormatXLSX {
		err = r.xlsx(data)
	} else {
		err = r.csv(data)
	}
	if err != nil {
		return nil, err
	}
	if !r.sawHeader {
		return nil, &FormatError{Reason: ReasonEmpty}
	}
	if len(r.t.Rows) == 0 && len(r.t.Problems) == 0 {
		return nil, &FormatError{Reason: ReasonNoRows}
	}
	return r.t, nil
}

// CheckZip looks at a workbook's zip central directory before anything is
// decompressed: at most MaxEntries entries, MaxUncompressed bytes in all,
// and no entry that expands more than MaxRatio times. (archive/zip then
// refuses, while reading, an entry that expands beyond its declared size.)
func CheckZip(data []byte, lim Limits) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return &FormatError{Reason: ReasonUnreadable}
	}
	if len(zr.File) > lim.MaxEntries {
		return &LimitError{Reason: ReasonZipEntries, Limit: int64(lim.MaxEntries)}
	}
	var total uint64
	for _, f := range zr.File {
		size := f.UncompressedSize64
		total += size
		if total > uint64(lim.MaxUncompressed) || size > uint64(lim.MaxUncompressed) {
			return &LimitError{Reason: ReasonZipSize, Limit: lim.MaxUncompressed >> 20}
		}
		// A tiny entry may compress well without harm; the ratio is judged
		// on entries over 64 KiB, and on any whose compressed size is 0.
		if size > 64<<10 && size/max(f.CompressedSize64, 1) > uint64(lim.MaxRatio) {
			return &LimitError{Reason: ReasonZipRatio, Limit: lim.MaxRatio}
		}
	}
	return nil
}

type reader struct {
	t         *Table
	lim       Limits
	sawHeader bool
	// at maps a file column (0-based) to a table column, -1 when ignored.
	at []int
}

// header matches the header row against the columns.
func (r *reader) header(cells []string) {
	r.sawHeader = true
	names := map[string]int{}
	for i, c := range r.t.Columns {
		names[NormaliseHeader(c.Key)] = i
		for _, n := range c.Names {
			names[NormaliseHeader(n)] = i
		}
	}
	r.at = make([]int, len(cells))
	for j, raw := range cells {
		r.at[j] = -1
		text := strings.TrimSpace(raw)
		if text == "" {
			continue
		}
		i, ok := names[NormaliseHeader(text)]
		if !ok {
			r.t.Problems = append(r.t.Problems, Problem{Row: 1, Column: text, Reason: ReasonUnknownColumn})
			continue
		}
		if r.t.Headers[i] != "" {
			r.t.Problems = append(r.t.Problems, Problem{Row: 1, Column: text, Key: r.t.Columns[i].Key, Reason: ReasonDuplicateColumn})
			continue
		}
		r.t.Headers[i] = text
		r.at[j] = i
	}
	for i, c := range r.t.Columns {
		if c.Required && r.t.Headers[i] == "" {
			r.t.Problems = append(r.t.Problems, Problem{Row: 1, Column: r.t.Header(c.Key), Key: c.Key, Reason: ReasonMissingColumn})
		}
	}
}

// row takes one row of the file (line: its spreadsheet row number).
func (r *reader) row(line int, cells []string, excelDates bool) error {
	last := -1
	for j, c := range cells {
		if strings.TrimSpace(c) != "" {
			last = j
		}
	}
	if last >= r.lim.MaxColumns {
		return &LimitError{Reason: ReasonTooManyColumns, Limit: int64(r.lim.MaxColumns)}
	}
	if !r.sawHeader {
		if last < 0 && line > 1 {
			// blank rows above the header are not allowed: row 1 is the header
			return &FormatError{Reason: ReasonEmpty}
		}
		if last >= 0 {
			r.header(cells[:last+1])
			return nil
		}
		return &FormatError{Reason: ReasonEmpty}
	}
	if last < 0 {
		return nil
	}
	if len(r.t.Rows) >= r.lim.MaxRows {
		return &LimitError{Reason: ReasonTooManyRows, Limit: int64(r.lim.MaxRows)}
	}
	row := Row{Line: line, Values: make([]string, len(r.t.Columns))}
	for j := 0; j <= last && j < len(cells); j++ {
		if j >= len(r.at) || r.at[j] < 0 {
			continue
		}
		i := r.at[j]
		col := r.t.Columns[i]
		v := cleanCell(cells[j])
		if utf8.RuneCountInString(v) > r.lim.MaxCellChars {
			r.t.Problems = append(r.t.Problems, Problem{Row: line, Column: r.t.Headers[i], Key: col.Key, Reason: ReasonCellTooLong})
			continue
		}
		switch col.Kind {
		case Date:
			v = normaliseDate(v, excelDates)
		case Bool:
			b, ok := parseBool(v)
			if !ok {
				r.t.Problems = append(r.t.Problems, Problem{Row: line, Column: r.t.Headers[i], Key: col.Key, Reason: ReasonNotBoolean})
				continue
			}
			v = b
		case Enum:
			if code, ok := col.Options[NormaliseHeader(v)]; ok {
				v = code
			}
		}
		row.Values[i] = v
	}
	r.t.Rows = append(r.t.Rows, row)
	return nil
}

// xlsx reads a workbook's first sheet with excelize's streaming row reader.
func (r *reader) xlsx(data []byte) error {
	if err := CheckZip(data, r.lim); err != nil {
		return err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: r.lim.MaxUncompressed, UnzipXMLSizeLimit: min(r.lim.MaxUncompressed, 16<<20)})
	if err != nil {
		return &FormatError{Reason: ReasonUnreadable}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return &FormatError{Reason: ReasonEmpty}
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return &FormatError{Reason: ReasonUnreadable}
	}
	defer rows.Close()
	line := 0
	for rows.Next() {
		line++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return &FormatError{Reason: ReasonUnreadable}
		}
		if err := r.row(line, cells, true); err != nil {
			return err
		}
	}
	if rows.Error() != nil {
		return &FormatError{Reason: ReasonUnreadable}
	}
	return nil
}

// csv reads UTF-8 (with or without a byte-order mark) or, when the bytes
// are not valid UTF-8, GB18030 (which includes GBK), as Excel in Chinese
// saves "CSV".
func (r *reader) csv(data []byte) error {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil || !utf8.Valid(dec) {
			return &FormatError{Reason: ReasonUnreadable}
		}
		data = dec
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	line := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return &FormatError{Reason: ReasonUnreadable}
		}
		line++
		if err := r.row(line, rec, false); err != nil {
			return err
		}
	}
}

// cleanCell trims a cell and unwraps the ="…" that keeps digits as text
// when a spreadsheet saves CSV.
func cleanCell(v string) string {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, `="`) && strings.HasSuffix(v, `"`) && len(v) >= 3 {
		v = strings.TrimSpace(v[2 : len(v)-1])
	}
	return v
}

func parseBool(v string) (string, bool) {
	switch strings.ToLower(v) {
	case "":
		return "", true
	case "是", "true", "yes", "y", "1", "√", "✓", "t":
		return "true", true
	case "否", "false", "no", "n", "0", "×", "✗", "f":
		return "false", true
	}
	return v, false
}

// normaliseDate writes a date as YYYY-MM-DD when it can be read as one.
func normaliseDate(v string, excelSerial bool) string {
	if v == "" {
		return v
	}
	if excelSerial {
		if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 1 && f < 2958466 && !strings.ContainsAny(v, "-/") && len(v) != 8 {
			if t, err := excelize.ExcelDateToTime(f, false); err == nil {
				return t.Format(time.DateOnly)
			}
		}
	}
	s := v
	// 2025-03-05 00:00:00, 2025-03-05T00:00:00Z
	if i := strings.IndexAny(s, " T"); i >= 8 {
		s = s[:i]
	}
	s = strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-").Replace(s)
	if len(s) == 8 && isDigits(s) {
		s = s[:4] + "-" + s[4:6] + "-" + s[6:]
	}
	parts := strings.Split(s, "-")
	if len(parts) != 3 || len(parts[0]) != 4 || !isDigits(parts[0]+parts[1]+parts[2]) || len(parts[1]) > 2 || len(parts[2]) > 2 || parts[1] == "" || parts[2] == "" {
		return v
	}
	y, _ := strconv.Atoi(parts[0])
	m, _ := strconv.Atoi(parts[1])
	d, _ := strconv.Atoi(parts[2])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return v
	}
	return t.Format(time.DateOnly)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
