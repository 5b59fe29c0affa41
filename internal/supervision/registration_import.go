package supervision

import (
	"context"
	"errors"
	"sort"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/i18n"
	"tuoyu/internal/importer"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

// RegistrationsImported is the audit action of a batch of registrations.
const RegistrationsImported Action = "supervision.registration.import"

// registrationColumns are the columns of a registration batch; the Chinese
// header first, the English one and the key are accepted too.
func registrationColumns() []importer.Column {
	natures := map[string]string{}
	for _, n := range domain.Natures {
		natures[importer.NormaliseHeader(n)] = n
		natures[importer.NormaliseHeader(domain.NatureChinese[n])] = n
		natures[importer.NormaliseHeader(i18n.T("en", n))] = n
	}
	authorities := map[string]string{}
	for _, au := range Authorities {
		authorities[importer.NormaliseHeader(au)] = au
		for _, lang := range i18n.Languages {
			authorities[importer.NormaliseHeader(i18n.T(lang, "sv.authority."+au))] = au
		}
	}
	col := func(key string, kind importer.Kind, opts map[string]string) importer.Column {
		return importer.Column{Key: key, Names: []string{i18n.T("zh", "sv.col."+key), i18n.T("en", "sv.col."+key)}, Kind: kind, Required: true, Options: opts}
	}
	return []importer.Column{
		col("credit_code", importer.Text, nil),
		col("name", importer.Text, nil),
		col("nature", importer.Enum, natures),
		col("registered_on", importer.Date, nil),
		col("authority", importer.Enum, authorities),
		col("address", importer.Text, nil),
		col("township_code", importer.Text, nil),
	}
}

// RegistrationColumnKeys are the keys of a batch's columns, in file order.
var RegistrationColumnKeys = []string{"credit_code", "name", "nature", "registered_on", "authority", "address", "township_code"}

// ImportRegistrations reads a batch of registrations from .xlsx or CSV and
// records every row as RecordRegistration would, in one transaction: all
// or nothing. A preview (dryRun) does the same and rolls back. Every
// problem is reported by row and column in the reader's language.
func (s *Service) ImportRegistrations(ctx context.Context, a authz.Actor, filename string, data []byte, dryRun bool, lang string) (service.ImportResult, error) {
	if err := a.Require(authz.RegistrationRecord); err != nil {
		return service.ImportResult{}, err
	}
	if lang != "en" {
		lang = "zh"
	}
	t, err := importer.Read(filename, data, registrationColumns(), importer.DefaultLimits)
	if err != nil {
		var le *importer.LimitError
		if errors.As(err, &le) {
			return service.ImportResult{}, &domain.Error{Code: domain.CodeTooLarge, Message: i18n.T(lang, le.Reason, le.Limit), Fields: map[string]string{"file": le.Reason}}
		}
		var fe *importer.FormatError
		if errors.As(err, &fe) {
			return service.ImportResult{}, &domain.Error{Code: domain.CodeInvalid, Validation: true, Message: i18n.T(lang, fe.Reason), Fields: map[string]string{"file": fe.Reason}}
		}
		return service.ImportResult{}, err
	}
	res := service.ImportResult{Kind: "registrations", DryRun: dryRun, Format: t.Format, Rows: len(t.Rows), Warnings: []string{}, Errors: []service.ImportError{}}
	message := func(reason string) string {
		switch {
		case i18n.Has("sv.reason." + reason):
			return i18n.T(lang, "sv.reason."+reason)
		case i18n.Has(reason) && !strings.Contains(i18n.T("en", reason), "%"):
			return i18n.T(lang, reason)
		}
		return i18n.T(lang, "import.invalid")
	}
	header := false
	for _, p := range t.Problems {
		res.Errors = append(res.Errors, service.ImportError{Row: p.Row, Column: p.Column, Message: message(p.Reason)})
		header = header || p.Row == 1
	}
	if header {
		return res, nil
	}
	column := func(field string) string {
		if h := t.Header(field); h != "" {
			return h
		}
		return ""
	}
	err = s.db.Tx(ctx, func(q store.Q) error {
		seen := map[string]int{}
		for _, row := range t.Rows {
			v := func(k string) string { return t.Value(row, k) }
			n := NewRegistration{CreditCode: v("credit_code"), Name: v("name"), Nature: v("nature"), Authority: v("authority"),
				Address: v("address"), TownshipCode: v("township_code")}
			bad := map[string]string{}
			if d, err := civil.Parse(v("registered_on")); err == nil {
				n.RegisteredOn = d
			} else if v("registered_on") != "" {
				bad["registered_on"] = "bad_date"
			}
			if code, err := cnid.ParseCreditCode(n.CreditCode); err == nil {
				if first, dup := seen[code.Code]; dup {
					res.Errors = append(res.Errors, service.ImportError{Row: row.Line, Column: column("credit_code"), Message: i18n.T(lang, "import.duplicate_row", first)})
					continue
				}
				seen[code.Code] = row.Line
				var one int
				if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM sv_registrations WHERE credit_code = ?", code.Code).Scan(&one); err != nil {
					return err
				}
				if one > 0 {
					bad["credit_code"] = "taken"
				}
			}
			if len(bad) == 0 {
				_, err := s.recordRegistration(ctx, q, a, n)
				if e := (*domain.Error)(nil); errors.As(err, &e) && len(e.Fields) > 0 {
					for f, r := range e.Fields {
						bad[f] = r
					}
				} else if err != nil {
					return err
				} else {
					res.Valid++
				}
			}
			fields := make([]string, 0, len(bad))
			for f := range bad {
				fields = append(fields, f)
			}
			sort.Slice(fields, func(i, j int) bool { return t.Index(fields[i]) < t.Index(fields[j]) })
			for _, f := range fields {
				res.Errors = append(res.Errors, service.ImportError{Row: row.Line, Column: column(f), Message: message(bad[f])})
			}
		}
		if dryRun || len(res.Errors) > 0 {
			return errRollback
		}
		res.Imported = res.Valid
		return s.audit(ctx, q, a, RegistrationsImported, "region", 0, a.RegionCode, 0, map[string]any{"rows": len(t.Rows), "imported": res.Imported, "format": t.Format})
	})
	if err != nil && !errors.Is(err, errRollback) {
		return service.ImportResult{}, err
	}
	sort.SliceStable(res.Errors, func(i, j int) bool { return res.Errors[i].Row < res.Errors[j].Row })
	return res, nil
}

// errRollback ends a transaction without writing: a preview, or a batch with errors.
var errRollback = errors.New("supervision: roll back")
