package service

import (
	"context"
	"errors"

	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// reasonFor turns an identity-code error into a catalog key.
func reasonFor(err error) string {
	switch {
	case errors.Is(err, cnid.ErrEmpty):
		return domain.ReasonRequired
	case errors.Is(err, cnid.ErrLength):
		return "bad_length"
	case errors.Is(err, cnid.ErrCharset), errors.Is(err, cnid.ErrFormat):
		return "bad_charset"
	case errors.Is(err, cnid.ErrCheckChar):
		return "bad_check_char"
	case errors.Is(err, cnid.ErrBirthDate):
		return "bad_birth_date"
	case errors.Is(err, cnid.ErrFutureBirth):
		return domain.ReasonFuture
	case errors.Is(err, cnid.ErrAddressCode), errors.Is(err, cnid.ErrDivisionCode):
		return "bad_region_code"
	default:
		return "invalid_code"
	}
}

// Warning keys (internal/i18n) for advisory findings.
const WarnCreditCodeNature = "warn_credit_code_nature"

// checkCreditCode validates a credit code and returns the normalised code
// and any advisory warnings.
func checkCreditCode(code, nature string, p domain.Problems) (string, []string) {
	cc, err := cnid.ParseCreditCode(code)
	if err != nil {
		p.Add("credit_code", reasonFor(err))
		return code, nil
	}
	var warnings []string
	if zh, ok := domain.NatureChinese[nature]; ok && !cnid.CreditCodeFitsNature(cc, zh) {
		warnings = append(warnings, WarnCreditCodeNature)
	}
	return cc.Code, warnings
}

// checkTownship makes sure a township exists and lies in the county; it
// returns the county code.
func checkTownship(ctx context.Context, q store.Q, township, county string, p domain.Problems) (string, error) {
	if township == "" {
		p.Add("township_code", domain.ReasonRequired)
		return county, nil
	}
	t, err := q.Region(ctx, township)
	if domain.ErrorCode(err) == domain.CodeNotFound || (err == nil && t.Level != "township") {
		p.Add("township_code", "unknown_region")
		return county, nil
	}
	if err != nil {
		return county, err
	}
	if county != "" && t.ParentCode != county {
		p.Add("township_code", "township_not_in_county")
	}
	return t.ParentCode, nil
}
