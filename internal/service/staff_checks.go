package service

import (
	"context"
	"strconv"
	"strings"
	"time"

	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Reason keys (internal/i18n) of the checks made at hiring.
const (
	ReasonUnderAge             = "staff_under_18"
	ReasonOverAge              = "staff_over_age_limit"
	ReasonNoHealthCertificate  = "no_health_certificate"
	ReasonNoCriminalRecordLate = "no_criminal_record_overdue"
)

// Field names of the documents a hire needs: a refusal names the missing
// one by its field.
const (
	FieldHealthCertificate    = "certificates.health"
	FieldNoCriminalRecordCert = "certificates.no_criminal_record"
)

// minStaffAge is the age a person working with the children must have on
// the start date: the posts that care for them, keep them healthy, feed
// them or guard them are adults' work (劳动法 第十五条 and the full civil
// capacity required of all staff by WS/T 821 5.1).
const minStaffAge = 18

// agedPosts are the posts held to the age limits.
var agedPosts = []string{domain.PostCaregiver, domain.PostHealth, domain.PostCook, domain.PostSecurity}

// staffSettings reads the hiring settings (the settings table), with the
// defaults for those not set.
func staffSettings(ctx context.Context, q store.Q) (domain.StaffSettings, error) {
	d := domain.DefaultStaffSettings()
	for key, dst := range map[string]*int{domain.SettingStaffMaxAge: &d.MaxAge, domain.SettingNoCriminalRecordGraceDays: &d.NoCriminalRecordGraceDays} {
		v, err := q.Setting(ctx, key)
		if err != nil {
			return d, err
		}
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
			*dst = n
		}
	}
	return d, nil
}

// ageOn is a person's age in full years on day.
func ageOn(birth, day time.Time) int {
	age := day.Year() - birth.Year()
	if day.Month() < birth.Month() || day.Month() == birth.Month() && day.Day() < birth.Day() {
		age--
	}
	return age
}

// checkHire records why a person may not start work: the age on the start
// date for the posts held to it; a health certificate in date on the start
// date; the no-criminal-record certificate once the grace period after the
// start date is over (until then the compliance check flags it).
// healthMonths is how long a health certificate without an expiry date
// lasts.
func checkHire(post string, birth, start, today time.Time, certs []NewCertificate, set domain.StaffSettings, healthMonths int, p domain.Problems) {
	if contains(agedPosts, post) {
		switch age := ageOn(birth, start); {
		case age < minStaffAge:
			p.Add("id_number", ReasonUnderAge)
		case set.MaxAge > 0 && age > set.MaxAge:
			p.Add("id_number", ReasonOverAge)
		}
	}
	health, record := false, false
	for _, c := range certs {
		issued, ok := staffDate(c.IssuedOn)
		if !ok || issued.After(start) {
			continue
		}
		switch c.Kind {
		case domain.CertHealth:
			end := issued.AddDate(0, healthMonths, -1)
			if exp, ok := staffDate(c.ExpiresOn); ok {
				end = exp
			}
			health = health || !end.Before(start)
		case domain.CertNoCriminalRecord:
			record = true
		}
	}
	if !health {
		p.Add(FieldHealthCertificate, ReasonNoHealthCertificate)
	}
	if !record && today.After(start.AddDate(0, 0, set.NoCriminalRecordGraceDays)) {
		p.Add(FieldNoCriminalRecordCert, ReasonNoCriminalRecordLate)
	}
}
