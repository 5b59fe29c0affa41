package service

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/i18n"
	"tuoyu/internal/importer"
)

// ImportTemplate writes the empty roster of a kind for the director to fill
// in: format "xlsx" (the header row on the first sheet, every cell formatted
// as text so ID numbers and phones keep their digits, drop-down lists for
// the enumerations, and a second sheet 说明 with each column's meaning,
// whether it is required, its format and allowed values, and the classes of
// the institution) or "csv" (the header row, UTF-8 with a byte-order mark
// so that Excel opens it correctly). Headers are in the language asked
// for; the import accepts either language.
func (s *Service) ImportTemplate(ctx context.Context, a authz.Actor, kind, format, lang string, w io.Writer) error {
	if err := a.Require(authz.ImportRun); err != nil {
		return err
	}
	if kind != ImportChildren && kind != ImportStaff {
		return domain.NotFound("template")
	}
	if lang != "en" {
		lang = "zh"
	}
	spec := importSpec(kind)
	header := make([]string, len(spec))
	for i, c := range spec {
		header[i] = ColumnName(kind, c.key, lang)
	}
	switch format {
	case "csv":
		var b bytes.Buffer
		b.WriteString("\xEF\xBB\xBF")
		cw := csv.NewWriter(&b)
		_ = cw.Write(header)
		cw.Flush()
		_, err := w.Write(b.Bytes())
		return err
	case "xlsx":
	default:
		return domain.NotFound("template")
	}
	var classes []domain.Class
	if kind == ImportChildren && a.InstitutionID != 0 {
		var err error
		if classes, err = importClasses(ctx, s.DB.Read(), a, a.InstitutionID); err != nil {
			return err
		}
	}

	x := excelize.NewFile()
	defer x.Close()
	data := i18n.T(lang, "import.sheet."+kind)
	if err := x.SetSheetName("Sheet1", data); err != nil {
		return err
	}
	notes := i18n.T(lang, "import.sheet.notes")
	if _, err := x.NewSheet(notes); err != nil {
		return err
	}
	text, err := x.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(spec))
	if err := x.SetColStyle(data, "A:"+last, text); err != nil {
		return err
	}
	if err := x.SetColWidth(data, "A", last, 16); err != nil {
		return err
	}
	for i, h := range header {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := x.SetCellStr(data, cell, h); err != nil {
			return err
		}
	}
	if err := x.SetCellStyle(data, "A1", last+"1", bold); err != nil {
		return err
	}
	if err := x.SetPanes(data, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	// Drop-down lists where the values fit in one (Excel allows 255 characters).
	for i, c := range spec {
		var values []string
		switch {
		case c.label != nil:
			values = allowedValues(c, lang)
		case c.kind == importer.Bool:
			values = []string{i18n.T(lang, "import.yes"), i18n.T(lang, "import.no")}
		case c.key == "class" && len(classes) > 0:
			for _, k := range classes {
				if !k.Archived {
					values = append(values, k.Name)
				}
			}
		}
		if len(values) == 0 || len(strings.Join(values, ",")) > 250 {
			continue
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s10001", col, col)
		if err := dv.SetDropList(values); err != nil {
			continue
		}
		dv.ShowErrorMessage = false
		if err := x.AddDataValidation(data, dv); err != nil {
			return err
		}
	}

	// The notes sheet.
	row := 1
	put := func(style int, values ...any) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := x.SetSheetRow(notes, cell, &values); err != nil {
			return err
		}
		if style != 0 {
			end, _ := excelize.CoordinatesToCellName(len(values), row)
			if err := x.SetCellStyle(notes, cell, end, style); err != nil {
				return err
			}
		}
		row++
		return nil
	}
	if err := x.SetColWidth(notes, "A", "A", 22); err != nil {
		return err
	}
	if err := x.SetColWidth(notes, "B", "B", 20); err != nil {
		return err
	}
	if err := x.SetColWidth(notes, "C", "C", 10); err != nil {
		return err
	}
	if err := x.SetColWidth(notes, "D", "D", 90); err != nil {
		return err
	}
	if err := put(0, i18n.T(lang, "import.notes.intro."+kind)); err != nil {
		return err
	}
	if err := put(0, i18n.T(lang, "import.notes.rules")); err != nil {
		return err
	}
	row++
	if err := put(bold, i18n.T(lang, "import.notes.column"), i18n.T(lang, "import.notes.key"), i18n.T(lang, "import.notes.required"),
		i18n.T(lang, "import.notes.format")); err != nil {
		return err
	}
	for _, c := range spec {
		req := ""
		if c.required {
			req = i18n.T(lang, "import.yes")
		}
		if err := put(0, ColumnName(kind, c.key, lang), c.key, req, columnFormat(kind, c, lang)); err != nil {
			return err
		}
	}
	if kind == ImportChildren {
		row++
		if err := put(bold, i18n.T(lang, "import.notes.classes"), i18n.T(lang, "import.notes.class_type"), i18n.T(lang, "import.notes.capacity"),
			i18n.T(lang, "import.notes.enrolled")); err != nil {
			return err
		}
		if len(classes) == 0 {
			if err := put(0, i18n.T(lang, "import.notes.no_classes")); err != nil {
				return err
			}
		}
		for _, k := range classes {
			if k.Archived {
				continue
			}
			if err := put(0, k.Name, i18n.T(lang, "class_type."+k.Type), k.Capacity, k.Enrolled); err != nil {
				return err
			}
		}
	}
	x.SetActiveSheet(0)
	return x.Write(w)
}
