package service

import (
	"context"
	"io"
	"strings"
	"time"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/i18n"
	"tuoyu/internal/store"
)

// ExportStaff writes the current staff of an institution in scope as an
// .xlsx workbook: the person (ID number masked), the post, education,
// training hours, when the newest health certificate runs out, the other
// certificates in force and whether the person is on the ban list. The
// export is audited. It returns the number of people.
func (s *Service) ExportStaff(ctx context.Context, a authz.Actor, institutionID int64, lang string, w io.Writer) (int, error) {
	inst, err := s.ExportInstitution(ctx, a, institutionID)
	if err != nil {
		return 0, err
	}
	// The first page is read before anything is sent: a failure is still
	// an error response.
	q := s.DB.Read()
	const perPage = 200
	items, total, err := q.ListStaff(ctx, a.Scope(), store.StaffFilter{InstitutionID: inst.ID}, domain.Page{Page: 1, PerPage: perPage})
	if err != nil {
		return 0, err
	}
	sheet := i18n.T(lang, "import.sheet.staff")
	b, err := s.BeginExport(ctx, a, inst, audit.ExportStaff, map[string]any{"rows": total}, w, sheet)
	if err != nil {
		return 0, err
	}
	col := func(key string) string { return ColumnName(ImportStaff, key, lang) }
	if err := b.Start(sheet, []float64{10, 6, 22, 14, 12, 6, 12, 14, 10, 10, 14, 50, 10},
		col("name"), col("sex"), col("id_number"), col("phone"), col("post"), col("full_time"), col("start_date"), col("education"),
		col("management_years"), i18n.T(lang, "staff.field.training_hours"), col("health_expires_on"), i18n.T(lang, "staff.field.certificates"),
		i18n.T(lang, "blacklist.title")); err != nil {
		return 0, err
	}
	std, err := s.standardFor(inst.RegionCode)
	if err != nil {
		return 0, err
	}
	months := std.StaffHealth.CheckIntervalMonths
	n := 0
	for page := 1; ; page++ {
		if page > 1 {
			if items, total, err = q.ListStaff(ctx, a.Scope(), store.StaffFilter{InstitutionID: inst.ID}, domain.Page{Page: page, PerPage: perPage}); err != nil {
				return 0, err
			}
		}
		for _, p := range items {
			health, others := certificatesInForce(p.Certificates)
			healthUntil := ""
			var newest *domain.StaffCertificate
			for i := range health {
				if newest == nil || health[i].IssuedOn > newest.IssuedOn {
					newest = &health[i]
				}
			}
			if newest != nil {
				if t, ok := certificateExpiry(*newest, months); ok {
					healthUntil = t.Format(time.DateOnly)
				}
			}
			certs := make([]string, 0, len(others))
			for _, c := range others {
				text := i18n.T(lang, "cert."+c.Kind)
				if c.Name != "" {
					text += " " + c.Name
				}
				if c.Number != "" {
					text += " " + c.Number
				}
				if c.ExpiresOn != "" {
					text += " → " + c.ExpiresOn
				}
				certs = append(certs, text)
			}
			banned := ""
			if p.Blacklisted {
				banned = i18n.T(lang, "import.yes")
			}
			if err := b.Add(p.Name, Label(lang, "sex.", p.Sex), p.IDMasked, p.Phone, Label(lang, "post.", p.Post), yesNo(lang, p.FullTime), p.StartDate,
				Label(lang, "edu.", p.Education), p.ManagementYears, p.TrainingHours, healthUntil, strings.Join(certs, "；"), banned); err != nil {
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
