package service

import (
	"context"
	"io"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/i18n"
	"tuoyu/internal/store"
	"tuoyu/internal/xlsx"
)

// ExportBook is a workbook streamed to w as its rows are added
// (internal/xlsx), so memory stays bounded whatever the number of rows.
// Once it has begun, bytes may have reached the client: callers check
// access and input and run their first query before, and the export is
// audited before the book begins (BeginExport).
type ExportBook struct {
	x *xlsx.Writer
}

// newExportBook starts a workbook on w whose sheets are named (in order).
func newExportBook(w io.Writer, sheets ...string) (*ExportBook, error) {
	x, err := xlsx.NewWriter(w, sheets...)
	if err != nil {
		return nil, err
	}
	return &ExportBook{x: x}, nil
}

// Start begins a sheet (ending the previous one) with its column widths
// and header row, frozen.
func (b *ExportBook) Start(sheet string, widths []float64, header ...string) error {
	return b.x.StartSheet(sheet, xlsx.Sheet{Widths: widths, Header: header})
}

// Add appends a row to the sheet being written; empty text leaves the
// cell out, and no values leave the row blank.
func (b *ExportBook) Add(values ...any) error { return b.x.WriteRow(values...) }

// Finish ends the workbook.
func (b *ExportBook) Finish() error { return b.x.Close() }

// BeginExport records an institution's export in the audit log and only
// then starts its workbook on w: an export that cannot be audited is not
// sent.
func (s *Service) BeginExport(ctx context.Context, a authz.Actor, inst domain.Institution, action audit.Action, detail map[string]any, w io.Writer, sheets ...string) (*ExportBook, error) {
	if err := s.DB.Tx(ctx, func(q store.Q) error {
		return s.audit(ctx, q, a, action, "institution", inst.ID, inst.RegionCode, inst.ID, detail)
	}); err != nil {
		return nil, err
	}
	return newExportBook(w, sheets...)
}

// ExportInstitution loads the institution of an export: the permission,
// then the institution through the scope (out of scope is not found).
func (s *Service) ExportInstitution(ctx context.Context, a authz.Actor, institutionID int64) (domain.Institution, error) {
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

// Label translates a code through its catalog key, "" staying "".
func Label(lang, key, code string) string {
	if code == "" {
		return ""
	}
	return i18n.T(lang, key+code)
}
