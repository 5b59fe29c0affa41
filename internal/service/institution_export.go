package service

import (
	"context"
	"fmt"
	"io"
	"strings"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/i18n"
	"tuoyu/internal/store"
)

// ExportColumns are the header row of the institution export, per language.
var ExportColumns = map[string][]string{
	"zh": {"机构名称", "统一社会信用代码", "类型", "性质", "县区", "乡镇街道", "地址", "托位数", "普惠托位", "空余托位", "服务形式", "状态", "备案回执号", "备案日期"},
	"en": {"Name", "Credit code", "Kind", "Nature", "County", "Township", "Address", "Places", "Puhui places", "Vacancies", "Care types", "Status", "Receipt no.", "Filed on"},
}

// ExportInstitutions writes the institutions in scope that match the filter
// as an .xlsx workbook, streamed to w as rows come from the database, so
// memory stays bounded whatever the count. label turns an enumeration
// value into the reader's language. The export is audited.
func (s *Service) ExportInstitutions(ctx context.Context, a authz.Actor, f domain.InstitutionFilter, lang string, label func(string) string, w io.Writer) (int, error) {
	if err := a.Require(authz.InstitutionExport); err != nil {
		return 0, err
	}
	if err := checkFilter(f); err != nil {
		return 0, err
	}
	cols, ok := ExportColumns[lang]
	if !ok {
		cols = ExportColumns["zh"]
	}
	names := map[string]string{}
	regionName := func(code string) string {
		if n, ok := names[code]; ok {
			return n
		}
		r, err := s.DB.Read().Region(ctx, code)
		if err == nil {
			names[code] = r.Name
		}
		return names[code]
	}
	// The workbook begins (after the export is audited) with the first
	// institution, or after the query when there is none: a failing query
	// is still an error response.
	var b *ExportBook
	begin := func() error {
		if err := s.DB.Tx(ctx, func(q store.Q) error {
			return s.audit(ctx, q, a, audit.InstitutionExport, "institution", 0, a.RegionCode, a.InstitutionID,
				map[string]any{"filter": fmt.Sprintf("%+v", f)})
		}); err != nil {
			return err
		}
		var err error
		sheet := i18n.T(lang, "nav.institutions")
		if b, err = newExportBook(w, sheet); err != nil {
			return err
		}
		return b.Start(sheet, []float64{30, 22, 14, 10, 10, 14, 30, 8, 8, 8, 20, 10, 18, 12}, cols...)
	}
	// Rows go out in batches, each with its live figures computed in one go.
	n := 0
	var batch []domain.Institution
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := s.withFigures(ctx, s.DB.Read(), a.Scope(), batch); err != nil {
			return err
		}
		for _, in := range batch {
			care := make([]string, len(in.CareTypes))
			for i, c := range in.CareTypes {
				care[i] = label(c.Type)
			}
			if err := b.Add(in.Name, in.CreditCode, label(in.Kind), label(in.Nature), regionName(in.RegionCode), regionName(in.TownshipCode),
				in.Address, in.Places, in.PuhuiPlaces, in.Vacancies, strings.Join(care, "、"), label(in.Status), in.ReceiptNo, in.FiledOn); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	err := s.DB.Read().EachInstitution(ctx, a.Scope(), f, func(in domain.Institution) error {
		if b == nil {
			if err := begin(); err != nil {
				return err
			}
		}
		n++
		batch = append(batch, in)
		if len(batch) == 200 {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return 0, err
	}
	if b == nil {
		if err := begin(); err != nil {
			return 0, err
		}
	}
	return n, b.Finish()
}
