// Package xlsx writes Office Open XML workbooks (.xlsx) to an io.Writer as
// rows arrive, with memory bounded by one row and the compressor's state,
// whatever the number of rows: each sheet's XML goes straight into its
// (deflated) zip entry and nothing is kept once written.
//
// A workbook declares its sheets up front; they are then written one after
// another, in any order, each with column widths and a header row in bold
// on a fill, frozen in place while scrolling. Text is written as inline
// strings, numbers as numbers. Characters that XML 1.0 cannot carry are
// removed.
//
//	w, err := xlsx.NewWriter(out, "Children")
//	err = w.StartSheet("Children", xlsx.Sheet{Widths: []float64{10, 6}, Header: []string{"Name", "Age"}})
//	err = w.WriteRow("王小明", 26)
//	err = w.Close()
package xlsx

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits of a worksheet (Excel's).
const (
	MaxRows      = 1 << 20 // rows in a sheet
	MaxColumns   = 1 << 14 // columns in a sheet (A…XFD)
	MaxSheetName = 31      // characters (UTF-16 code units) in a sheet name
	MaxCellText  = 32767   // UTF-16 code units of text in a cell; longer text is cut
)

var (
	ErrSheetName   = errors.New("xlsx: invalid sheet name")
	ErrNoSheet     = errors.New("xlsx: no sheet started")
	ErrTooManyRows = errors.New("xlsx: too many rows in a sheet")
	ErrTooManyCols = errors.New("xlsx: too many columns in a row")
	ErrClosed      = errors.New("xlsx: writer closed")
)

// Sheet is how a sheet is laid out.
type Sheet struct {
	Widths []float64 // column widths in characters, from column A; 0 leaves a column at the default
	Header []string  // the first row, bold on a fill and frozen; none leaves the sheet without
}

// Writer writes one workbook. It is not safe for concurrent use.
type Writer struct {
	zw      *zip.Writer
	names   []string
	written []bool
	cur     int       // index of the sheet being written, -1 when none
	part    io.Writer // the zip entry of the sheet being written
	buf     []byte    // XML not yet handed to part
	row     int       // rows of the current sheet so far
	err     error     // the first write error; every later call returns it
	closed  bool
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// flushAt is how much sheet XML is gathered before it is compressed.
const flushAt = 32 << 10

// NewWriter starts a workbook on w with the sheets named, in their order
// in the workbook (the first is the one shown on opening). Names must be
// unique (ignoring case), 1–31 characters, without []:*?/\ and not begin
// or end with an apostrophe. The package parts are written at once.
func NewWriter(w io.Writer, sheets ...string) (*Writer, error) {
	if len(sheets) == 0 {
		return nil, fmt.Errorf("%w: a workbook needs a sheet", ErrSheetName)
	}
	seen := map[string]bool{}
	for _, name := range sheets {
		if err := ValidSheetName(name); err != nil {
			return nil, err
		}
		key := strings.ToLower(name)
		if seen[key] {
			return nil, fmt.Errorf("%w: %q twice", ErrSheetName, name)
		}
		seen[key] = true
	}
	x := &Writer{zw: zip.NewWriter(w), names: slices.Clone(sheets), written: make([]bool, len(sheets)), cur: -1, buf: make([]byte, 0, flushAt+4096)}
	if err := x.writePackage(); err != nil {
		x.err = err
		return nil, err
	}
	return x, nil
}

// ValidSheetName tells whether Excel accepts name as a sheet name.
func ValidSheetName(name string) error {
	n := 0 // characters as Excel counts them, in UTF-16 code units
	for _, r := range name {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	switch {
	case n == 0:
		return fmt.Errorf("%w: empty", ErrSheetName)
	case n > MaxSheetName:
		return fmt.Errorf("%w: %q is longer than %d characters", ErrSheetName, name, MaxSheetName)
	case strings.ContainsAny(name, `[]:*?/\`):
		return fmt.Errorf("%w: %q contains one of []:*?/\\", ErrSheetName, name)
	case name[0] == '\'' || name[len(name)-1] == '\'':
		return fmt.Errorf("%w: %q begins or ends with an apostrophe", ErrSheetName, name)
	case strings.EqualFold(name, "History"): // reserved by Excel
		return fmt.Errorf("%w: %q is reserved", ErrSheetName, name)
	}
	if !utf8.ValidString(name) {
		return fmt.Errorf("%w: %q is not valid UTF-8", ErrSheetName, name)
	}
	for _, r := range name {
		if !xmlChar(r) {
			return fmt.Errorf("%w: %q contains a character XML cannot hold", ErrSheetName, name)
		}
	}
	return nil
}

// StartSheet ends the sheet being written, if any, and starts the one
// named, which must be declared and not written yet.
func (x *Writer) StartSheet(name string, s Sheet) error {
	if err := x.usable(); err != nil {
		return err
	}
	i := -1
	for j, n := range x.names {
		if n == name {
			i = j
		}
	}
	if i < 0 {
		return fmt.Errorf("%w: %q is not a sheet of the workbook", ErrSheetName, name)
	}
	if x.written[i] {
		return fmt.Errorf("%w: %q is written already", ErrSheetName, name)
	}
	if len(s.Header) > MaxColumns || len(s.Widths) > MaxColumns {
		return ErrTooManyCols
	}
	if err := x.endSheet(); err != nil {
		return err
	}
	part, err := x.zw.Create("xl/worksheets/sheet" + strconv.Itoa(i+1) + ".xml")
	if err != nil {
		return x.fail(err)
	}
	x.cur, x.part, x.row, x.written[i] = i, part, 0, true

	b := append(x.buf[:0], xmlHeader...)
	b = append(b, `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`...)
	b = append(b, `<sheetViews><sheetView workbookViewId="0"`...)
	if i == 0 {
		b = append(b, ` tabSelected="1"`...)
	}
	if len(s.Header) > 0 {
		b = append(b, `><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>`...)
	} else {
		b = append(b, `/></sheetViews>`...)
	}
	b = append(b, `<sheetFormatPr defaultRowHeight="15"/>`...)
	cols := false
	for c, w := range s.Widths {
		if w <= 0 || math.IsNaN(w) {
			continue
		}
		if !cols {
			b, cols = append(b, `<cols>`...), true
		}
		b = append(b, `<col min="`...)
		b = strconv.AppendInt(b, int64(c+1), 10)
		b = append(b, `" max="`...)
		b = strconv.AppendInt(b, int64(c+1), 10)
		b = append(b, `" width="`...)
		b = strconv.AppendFloat(b, min(w, 255), 'f', -1, 64)
		b = append(b, `" customWidth="1"/>`...)
	}
	if cols {
		b = append(b, `</cols>`...)
	}
	x.buf = append(b, `<sheetData>`...)
	if len(s.Header) > 0 {
		cells := make([]any, len(s.Header))
		for j, h := range s.Header {
			cells[j] = h
		}
		return x.writeRow(styleHeader, cells)
	}
	return nil
}

// Styles (indexes into cellXfs of styles.xml).
const (
	styleDefault = 0
	styleHeader  = 1
)

// WriteRow appends a row to the sheet being written. A cell is a string
// (inline text; "" leaves the cell out), an integer or float (a number;
// NaN and infinities are refused), a bool, or nil (no cell). A row with
// no cells is left blank.
func (x *Writer) WriteRow(cells ...any) error {
	if err := x.usable(); err != nil {
		return err
	}
	if x.cur < 0 {
		return ErrNoSheet
	}
	return x.writeRow(styleDefault, cells)
}

func (x *Writer) writeRow(style int, cells []any) error {
	if x.row >= MaxRows {
		return ErrTooManyRows
	}
	if len(cells) > MaxColumns {
		return ErrTooManyCols
	}
	x.row++
	b := x.buf
	mark := len(b) // to undo a row with a bad cell
	open := false
	for c, v := range cells {
		if v == nil {
			continue
		}
		if s, ok := v.(string); ok && s == "" {
			continue
		}
		if !open {
			b = append(b, `<row r="`...)
			b = strconv.AppendInt(b, int64(x.row), 10)
			b = append(b, `">`...)
			open = true
		}
		b = append(b, `<c r="`...)
		b = AppendCellName(b, c+1, x.row)
		b = append(b, '"')
		if style != styleDefault {
			b = append(b, ` s="`...)
			b = strconv.AppendInt(b, int64(style), 10)
			b = append(b, '"')
		}
		var err error
		if b, err = appendValue(b, v); err != nil {
			x.buf = b[:mark]
			x.row--
			return fmt.Errorf("xlsx: cell %s: %w", CellName(c+1, x.row+1), err)
		}
	}
	if open {
		b = append(b, `</row>`...)
	}
	x.buf = b
	if len(b) >= flushAt {
		return x.flush()
	}
	return nil
}

// appendValue appends the rest of a <c> element (after its attributes
// r and s) holding v.
func appendValue(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case string:
		b = append(b, ` t="inlineStr"><is><t`...)
		if v != strings.TrimSpace(v) {
			b = append(b, ` xml:space="preserve"`...)
		}
		b = append(b, '>')
		b = appendText(b, v)
		return append(b, `</t></is></c>`...), nil
	case bool:
		if v {
			return append(b, ` t="b"><v>1</v></c>`...), nil
		}
		return append(b, ` t="b"><v>0</v></c>`...), nil
	case int:
		return appendInt(b, int64(v)), nil
	case int8:
		return appendInt(b, int64(v)), nil
	case int16:
		return appendInt(b, int64(v)), nil
	case int32:
		return appendInt(b, int64(v)), nil
	case int64:
		return appendInt(b, v), nil
	case uint:
		return appendUint(b, uint64(v)), nil
	case uint8:
		return appendUint(b, uint64(v)), nil
	case uint16:
		return appendUint(b, uint64(v)), nil
	case uint32:
		return appendUint(b, uint64(v)), nil
	case uint64:
		return appendUint(b, v), nil
	case float32:
		return appendFloat(b, float64(v), 32)
	case float64:
		return appendFloat(b, v, 64)
	}
	return b, fmt.Errorf("unsupported value of type %T", v)
}

func appendInt(b []byte, v int64) []byte {
	b = append(b, ` t="n"><v>`...)
	b = strconv.AppendInt(b, v, 10)
	return append(b, `</v></c>`...)
}

func appendUint(b []byte, v uint64) []byte {
	b = append(b, ` t="n"><v>`...)
	b = strconv.AppendUint(b, v, 10)
	return append(b, `</v></c>`...)
}

func appendFloat(b []byte, v float64, bits int) ([]byte, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return b, fmt.Errorf("%v is not a number a spreadsheet can hold", v)
	}
	b = append(b, ` t="n"><v>`...)
	b = strconv.AppendFloat(b, v, 'g', -1, bits)
	return append(b, `</v></c>`...), nil
}

// appendText appends s escaped as XML character data: markup characters
// as references, characters XML 1.0 cannot hold (control characters other
// than tab, line feed and carriage return, U+FFFE, U+FFFF, invalid UTF-8)
// removed, a carriage return as a reference so parsers keep it, and text
// that Excel would read as its _xHHHH_ escape with its underscore escaped.
// Text is cut at MaxCellText UTF-16 code units.
func appendText(b []byte, s string) []byte {
	units := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if units++; units > MaxCellText {
				break
			}
			switch {
			case c == '&':
				b = append(b, "&amp;"...)
			case c == '<':
				b = append(b, "&lt;"...)
			case c == '>':
				b = append(b, "&gt;"...)
			case c == '\r':
				b = append(b, "&#13;"...)
			case c == '_' && excelEscape(s[i:]):
				b = append(b, "_x005F_"...)
			case c >= 0x20 || c == '\t' || c == '\n':
				b = append(b, c)
			default:
				units--
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !xmlChar(r) {
			i += size
			continue
		}
		n := 1
		if r > 0xFFFF {
			n = 2
		}
		if units += n; units > MaxCellText {
			break
		}
		b = append(b, s[i:i+size]...)
		i += size
	}
	return b
}

// excelEscape tells whether s (what follows an underscore) is "xHHHH_",
// which Excel would read, with the underscore, as one escaped character.
func excelEscape(s string) bool {
	if len(s) < 6 || s[0] != 'x' || s[5] != '_' {
		return false
	}
	for _, c := range []byte(s[1:5]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// xmlChar tells whether r is a character of XML 1.0 (the Char production).
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		0x20 <= r && r <= 0xD7FF || 0xE000 <= r && r <= 0xFFFD || 0x10000 <= r && r <= 0x10FFFF
}

// appendAttr appends s escaped for an attribute in double quotes.
func appendAttr(b []byte, s string) []byte {
	for _, r := range s {
		switch r {
		case '&':
			b = append(b, "&amp;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '"':
			b = append(b, "&quot;"...)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}

// CellName is the A1-style reference of a cell (column and row from 1).
func CellName(col, row int) string { return string(AppendCellName(nil, col, row)) }

// AppendCellName appends the A1-style reference of a cell.
func AppendCellName(b []byte, col, row int) []byte {
	var letters [3]byte // XFD at most
	i := len(letters)
	for col > 0 && i > 0 {
		col--
		i--
		letters[i] = byte('A' + col%26)
		col /= 26
	}
	b = append(b, letters[i:]...)
	return strconv.AppendInt(b, int64(row), 10)
}

// flush hands the gathered XML to the zip entry.
func (x *Writer) flush() error {
	if len(x.buf) == 0 {
		return nil
	}
	_, err := x.part.Write(x.buf)
	x.buf = x.buf[:0]
	if err != nil {
		return x.fail(err)
	}
	return nil
}

// endSheet closes the XML of the sheet being written.
func (x *Writer) endSheet() error {
	if x.cur < 0 {
		return nil
	}
	x.buf = append(x.buf, `</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`...)
	x.cur = -1
	return x.flush()
}

// Close ends the sheet being written, writes the sheets never started as
// empty ones, and finishes the zip. It does not close the underlying
// writer.
func (x *Writer) Close() error {
	if x.closed {
		return x.err
	}
	if x.err != nil {
		x.closed = true
		return x.err
	}
	for i, done := range x.written {
		if !done {
			if err := x.StartSheet(x.names[i], Sheet{}); err != nil {
				return err
			}
		}
	}
	if err := x.endSheet(); err != nil {
		return err
	}
	x.closed = true
	if err := x.zw.Close(); err != nil {
		x.err = err
		return err
	}
	return nil
}

func (x *Writer) usable() error {
	if x.err != nil {
		return x.err
	}
	if x.closed {
		return ErrClosed
	}
	return nil
}

func (x *Writer) fail(err error) error {
	if x.err == nil {
		x.err = err
	}
	return err
}

// writePackage writes the parts other than the sheets.
func (x *Writer) writePackage() error {
	var b []byte
	part := func(name string, content []byte) error {
		w, err := x.zw.Create(name)
		if err != nil {
			return err
		}
		_, err = w.Write(content)
		return err
	}
	b = append(b[:0], xmlHeader...)
	b = append(b, `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`+
		`<Default Extension="xml" ContentType="application/xml"/>`+
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`+
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`...)
	for i := range x.names {
		b = fmt.Appendf(b, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
	}
	b = append(b, `</Types>`...)
	if err := part("[Content_Types].xml", b); err != nil {
		return err
	}

	b = append(b[:0], xmlHeader...)
	b = append(b, `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>`+
		`</Relationships>`...)
	if err := part("_rels/.rels", b); err != nil {
		return err
	}

	b = append(b[:0], xmlHeader...)
	b = append(b, `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`+
		`<bookViews><workbookView activeTab="0"/></bookViews><sheets>`...)
	for i, name := range x.names {
		b = append(b, `<sheet name="`...)
		b = appendAttr(b, name)
		b = fmt.Appendf(b, `" sheetId="%d" r:id="rId%d"/>`, i+1, i+1)
	}
	b = append(b, `</sheets></workbook>`...)
	if err := part("xl/workbook.xml", b); err != nil {
		return err
	}

	b = append(b[:0], xmlHeader...)
	b = append(b, `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`...)
	for i := range x.names {
		b = fmt.Appendf(b, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
	}
	b = fmt.Appendf(b, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`, len(x.names)+1)
	b = append(b, `</Relationships>`...)
	if err := part("xl/_rels/workbook.xml.rels", b); err != nil {
		return err
	}

	return part("xl/styles.xml", []byte(xmlHeader+styles))
}

// styles: cellXfs 0 is the default, 1 the header (bold on a light blue
// fill). Fills 0 and 1 are the two that Excel requires first.
const styles = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
	`<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
	`<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/></cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`
