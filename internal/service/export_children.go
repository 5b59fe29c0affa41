package service

import (
	"context"
	"io"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/i18n"
)

// ExportChildren writes the children enrolled now at an institution in
// scope as an .xlsx workbook, one row each with the columns of the import
// roster (certificate numbers masked; a regulator sees guardians' phones
// masked too, as on screen) and the age in months, streamed as the pages
// are read. The export is audited. It returns the number of children.
func (s *Service) ExportChildren(ctx context.Context, a authz.Actor, institutionID int64, lang string, w io.Writer) (int, error) {
	inst, err := s.ExportInstitution(ctx, a, institutionID)
	if err != nil {
		return 0, err
	}
	// The first page is read before anything is sent: a failure is still
	// an error response.
	q := s.DB.Read()
	const perPage = 200
	items, total, err := q.ListChildren(ctx, a.Scope(), inst.ID, domain.ChildFilter{}, domain.Page{Page: 1, PerPage: perPage})
	if err != nil {
		return 0, err
	}
	sheet := i18n.T(lang, "import.sheet.children")
	b, err := s.BeginExport(ctx, a, inst, audit.ExportChildren, map[string]any{"rows": total}, w, sheet)
	if err != nil {
		return 0, err
	}
	col := func(key string) string { return ColumnName(ImportChildren, key, lang) }
	if err := b.Start(sheet, []float64{14, 10, 6, 12, 8, 14, 22, 12, 16, 16, 10, 12, 6, 10, 10, 10, 14},
		col("class"), col("name"), col("sex"), col("birth_date"), i18n.T(lang, "export.age_months"), col("cert_type"), col("cert_number"),
		col("household_region"), col("allergies"), col("special_needs"), col("care_type"), col("start_date"), col("puhui"), col("fee"),
		col("guardian_name"), col("guardian_relation"), col("guardian_phone")); err != nil {
		return 0, err
	}
	n := 0
	for page := 1; ; page++ {
		if page > 1 {
			if items, total, err = q.ListChildren(ctx, a.Scope(), inst.ID, domain.ChildFilter{}, domain.Page{Page: page, PerPage: perPage}); err != nil {
				return 0, err
			}
		}
		for i := range items {
			c := &items[i]
			s.presentChild(a, c)
			gs, err := q.Guardians(ctx, a.Scope(), c.ID)
			if err != nil {
				return 0, err
			}
			var gName, gRelation, gPhone string
			if len(gs) > 0 {
				gName, gRelation, gPhone = gs[0].Name, gs[0].Relation, a.Phone(gs[0].Phone)
			}
			var class, care, start string
			var puhui bool
			var fee float64
			if e := c.Enrolment; e != nil {
				class, care, start, puhui, fee = e.ClassName, e.CareType, e.StartDate, e.Puhui, float64(e.FeeFen)/100
			}
			if err := b.Add(class, c.Name, Label(lang, "sex.", c.Sex), c.BirthDate, c.AgeMonths, Label(lang, "cert_type.", c.CertType), c.CertMasked,
				c.HouseholdRegion, c.Allergies, c.SpecialNeeds, Label(lang, "", care), start, yesNo(lang, puhui), fee,
				gName, Label(lang, "relation.", gRelation), gPhone); err != nil {
				return 0, err
			}
			n++
		}
		if len(items) == 0 || page*perPage >= total {
			break
		}
	}
	return n, b.Finish()
}
