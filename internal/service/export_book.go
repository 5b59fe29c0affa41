package service

import (
	"archive/zip"
	"context"
	"io"

	"github.com/xuri/excelize/v2"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/i18n"
	"tuoyu/internal/store"
)

// exportBook is a workbook whose sheets are written with excelize's stream
// writer: rows go to a buffer that spills to a temporary file beyond 16 MiB,
// so memory stays bounded whatever the number of rows.
type exportBook struct {
	x      *excelize.File
	sw     *excelize.StreamWriter
	row    int
	header int // style of header rows
	lang   string
}

// newExportBook makes a workbook whose sheets are named (in order).
func newExportBook(lang string, sheets ...string) (*exportBook, error) {
	x := excelize.NewFile()
	b := &exportBook{x: x, lang: lang}
	if err := x.SetSheetName("Sheet1", sheets[0]); err != nil {
		x.Close()
		return nil, err
	}
	for _, name := range sheets[1:] {
		if _, err := x.NewSheet(name); err != nil {
			x.Close()
			return nil, err
		}
	}
	var err error
	if b.header, err = x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}}); err != nil {
		x.Close()
		return nil, err
	}
	return b, nil
}

// start begins streaming a sheet (the previous one must be flushed) with
// its column widths and header row, frozen.
func (b *exportBook) start(sheet string, widths []float64, header ...string) error {
	sw, err := b.x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	b.sw, b.row = sw, 0
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	values := make([]any, len(header))
	for i, h := range header {
		values[i] = h
	}
	b.row++
	return sw.SetRow("A1", values, excelize.RowOpts{StyleID: b.header})
}

// add appends a row to the sheet being streamed; empty text leaves the
// cell out.
func (b *exportBook) add(values ...any) error {
	for i, v := range values {
		if s, ok := v.(string); ok && s == "" {
			values[i] = nil
		}
	}
	b.row++
	cell, err := excelize.CoordinatesToCellName(1, b.row)
	if err != nil {
		return err
	}
	return b.sw.SetRow(cell, values)
}

// flush ends the sheet being streamed.
func (b *exportBook) flush() error {
	if b.sw == nil {
		return nil
	}
	err := b.sw.Flush()
	b.sw = nil
	return err
}

// finish records the export in the audit log and only then writes the
// workbook to w: an export that cannot be audited is not sent. The zip is
// written straight to w (excelize's ZipWriter hook, given the writer
// instead of its in-memory buffer), so the workbook is never held whole
// in memory.
func (s *Service) finishExport(ctx context.Context, a authz.Actor, inst domain.Institution, action string, detail map[string]any, b *exportBook, w io.Writer) error {
	if err := b.flush(); err != nil {
		return err
	}
	if err := s.DB.Tx(ctx, func(q store.Q) error {
		return s.audit(ctx, q, a, action, "institution", inst.ID, inst.RegionCode, inst.ID, detail)
	}); err != nil {
		return err
	}
	// (No SetActiveSheet: it would parse the streamed sheets back into
	// memory. The first sheet of a new workbook is the active one.)
	b.x.ZipWriter = func(io.Writer) excelize.ZipWriter { return zip.NewWriter(w) }
	return b.x.Write(w)
}

// close releases the workbook's temporary files.
func (b *exportBook) close() { _ = b.x.Close() }

// exportInstitution loads the institution of an export: the permission,
// then the institution through the scope (out of scope is not found).
func (s *Service) exportInstitution(ctx context.Context, a authz.Actor, institutionID int64) (domain.Institution, error) {
	if err := a.Require(authz.DataExport); err != nil {
		return domain.Institution{}, err
	}
	return s.DB.Read().Institution(ctx, a.Scope(), institutionID)
}

// yesNo is a flag in the reader's language.
func yesNo(lang string, v bool) string {
	if v {
		return i18n.T(lang, "import.yes")
	}
	return i18n.T(lang, "import.no")
}

// label translates a code through its catalog key, "" staying "".
func label(lang, key, code string) string {
	if code == "" {
		return ""
	}
	return i18n.T(lang, key+code)
}
