package service

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// ExportColumns are the header row of the institution export, per language.
var ExportColumns = map[string][]string{
	"zh": {"机构名称", "统一社会信用代码", "类型", "性质", "县区", "乡镇街道", "地址", "托位数", "普惠托位", "空余托位", "服务形式", "状态", "备案回执号", "备案日期"},
	"en": {"Name", "Credit code", "Kind", "Nature", "County", "Township", "Address", "Places", "Puhui places", "Vacancies", "Care types", "Status", "Receipt no.", "Filed on"},
}

// ExportInstitutions writes the institutions in scope that match the filter
// as an .xlsx workbook. Rows are streamed from the database into excelize's
// stream writer, so memory stays bounded whatever the count. label turns
// an enumeration value into the reader's language.
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
	x := excelize.NewFile()
	defer x.Close()
	sheet := "Sheet1"
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return 0, err
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = c
	}
	if err := sw.SetRow("A1", header); err != nil {
		return 0, err
	}
	n := 0
	err = s.DB.Read().EachInstitution(ctx, a.Scope(), f, func(in domain.Institution) error {
		n++
		care := make([]string, len(in.CareTypes))
		for i, c := range in.CareTypes {
			care[i] = label(c.Type)
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+1)
		return sw.SetRow(cell, []any{in.Name, in.CreditCode, label(in.Kind), label(in.Nature), regionName(in.RegionCode), regionName(in.TownshipCode),
			in.Address, in.Places, in.PuhuiPlaces, in.Vacancies, strings.Join(care, "、"), label(in.Status), in.ReceiptNo, in.FiledOn})
	})
	if err != nil {
		return 0, err
	}
	if err := sw.Flush(); err != nil {
		return 0, err
	}
	// Record the export before sending it: an export that cannot be audited is not sent.
	err = s.DB.Tx(ctx, func(q store.Q) error {
		return s.audit(ctx, q, a, "institution.export", "institution", 0, a.RegionCode, a.InstitutionID,
			map[string]any{"rows": n, "filter": fmt.Sprintf("%+v", f)})
	})
	if err != nil {
		return 0, err
	}
	return n, x.Write(w)
}
