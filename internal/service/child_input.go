package service

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// ChildInput is a child's record as entered. The certificate number is
// validated for its type (cnid), stored encrypted, found by a keyed hash
// and shown masked. For an ID number the birth date and sex may be left
// out: they are read from the number (and must match it when given).
type ChildInput struct {
	Name            string `json:"name"`
	Sex             string `json:"sex"`
	BirthDate       string `json:"birth_date"`
	CertType        string `json:"cert_type"` // default resident_id
	CertNumber      string `json:"cert_number"`
	HouseholdRegion string `json:"household_region"`
	Allergies       string `json:"allergies"`
	SpecialNeeds    string `json:"special_needs"`
}

// PersonInput is a guardian or an authorised pick-up person. The phone is
// a mainland mobile; the ID number is optional and validated when given.
type PersonInput struct {
	Name     string `json:"name"`
	Relation string `json:"relation"`
	Phone    string `json:"phone"`
	IDType   string `json:"id_type"` // default resident_id
	IDNumber string `json:"id_number"`
}

// ChildCertHash is the keyed hash a child's certificate is found by
// (city-wide unique). number must be normalised (cnid.ValidateCertificate).
func (s *Service) ChildCertHash(certType, number string) string {
	return s.Keys.LookupHash("child-cert:" + certType + ":" + number)
}

func textField(p domain.Problems, field, v string, max int, required bool) string {
	v = strings.TrimSpace(v)
	switch {
	case v == "" && required:
		p.Add(field, domain.ReasonRequired)
	case utf8.RuneCountInString(v) > max:
		p.Add(field, domain.ReasonTooLong)
	}
	return v
}

// checkChild validates a child's record and returns the record to store
// (certificate encrypted, hashed and masked).
func (s *Service) checkChild(ctx context.Context, q store.Q, in ChildInput, prefix string, p domain.Problems) (store.ChildRecord, error) {
	today := s.Today()
	var r store.ChildRecord
	r.Name = textField(p, prefix+"name", in.Name, 50, true)
	r.Allergies = textField(p, prefix+"allergies", in.Allergies, 500, false)
	r.SpecialNeeds = textField(p, prefix+"special_needs", in.SpecialNeeds, 500, false)
	r.Sex = strings.TrimSpace(in.Sex)
	r.BirthDate = strings.TrimSpace(in.BirthDate)
	certType := cnid.CertType(strings.TrimSpace(in.CertType))
	if certType == "" {
		certType = cnid.CertResidentID
	}
	r.CertType = string(certType)
	// A resident ID gives the birth date and sex; while it is refused, they
	// are not missing too (the one thing to correct is the number).
	fromID := certType == cnid.CertResidentID || certType == cnid.CertResidencePermit
	idRefused := false
	if !certType.Valid() {
		p.Add(prefix+"cert_type", domain.ReasonNotAllowed)
	} else if number, err := cnid.ValidateCertificate(certType, in.CertNumber, today); err != nil {
		p.Add(prefix+"cert_number", reasonFor(err))
		idRefused = fromID
	} else {
		r.CertEnc, r.CertHash, r.CertMasked = s.Keys.Encrypt(number), s.ChildCertHash(string(certType), number), cnid.Mask(number)
		if certType == cnid.CertResidentID || certType == cnid.CertResidencePermit {
			id, err := cnid.ParseResidentID(number, today)
			if err == nil {
				birth, sex := id.Birth.Format(time.DateOnly), string(id.Sex)
				if r.BirthDate == "" {
					r.BirthDate = birth
				} else if r.BirthDate != birth {
					p.Add(prefix+"birth_date", "does_not_match_id")
				}
				if r.Sex == "" {
					r.Sex = sex
				} else if r.Sex != sex {
					p.Add(prefix+"sex", "does_not_match_id")
				}
			}
		}
	}
	switch {
	case r.Sex == "" && idRefused:
	case r.Sex == "":
		p.Add(prefix+"sex", domain.ReasonRequired)
	case !contains(domain.Sexes, r.Sex):
		p.Add(prefix+"sex", domain.ReasonNotAllowed)
	}
	if r.BirthDate == "" {
		if !idRefused {
			p.Add(prefix+"birth_date", domain.ReasonRequired)
		}
	} else if b, err := time.Parse(time.DateOnly, r.BirthDate); err != nil {
		p.Add(prefix+"birth_date", domain.ReasonDate)
	} else if b.After(today) {
		p.Add(prefix+"birth_date", domain.ReasonFuture)
	} else if today.Sub(b) > 7*366*24*time.Hour {
		p.Add(prefix+"birth_date", domain.ReasonRange)
	}
	r.HouseholdRegion = strings.TrimSpace(in.HouseholdRegion)
	if err := checkRegionCode(ctx, q, r.HouseholdRegion, prefix+"household_region", p); err != nil {
		return r, err
	}
	return r, nil
}

// checkRegionCode accepts "" or a known division code.
func checkRegionCode(ctx context.Context, q store.Q, code, field string, p domain.Problems) error {
	if code == "" {
		return nil
	}
	_, err := q.Region(ctx, code)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		p.Add(field, "unknown_region")
		return nil
	}
	return err
}

// person is a validated guardian or pick-up person.
type person struct {
	Name, Relation, Phone, IDType, IDEnc, IDMasked string
}

// checkPerson validates a guardian or pick-up person.
func (s *Service) checkPerson(in PersonInput, prefix string, p domain.Problems) person {
	var r person
	r.Name = textField(p, prefix+"name", in.Name, 50, true)
	r.Relation = strings.TrimSpace(in.Relation)
	if r.Relation == "" {
		p.Add(prefix+"relation", domain.ReasonRequired)
	} else if !contains(domain.Relations, r.Relation) {
		p.Add(prefix+"relation", domain.ReasonNotAllowed)
	}
	if strings.TrimSpace(in.Phone) == "" {
		p.Add(prefix+"phone", domain.ReasonRequired)
	} else if phone, err := cnid.NormaliseMobile(in.Phone); err != nil {
		p.Add(prefix+"phone", domain.ReasonPhone)
	} else {
		r.Phone = phone
	}
	if strings.TrimSpace(in.IDNumber) != "" {
		t := cnid.CertType(strings.TrimSpace(in.IDType))
		if t == "" {
			t = cnid.CertResidentID
		}
		if !t.Valid() {
			p.Add(prefix+"id_type", domain.ReasonNotAllowed)
		} else if number, err := cnid.ValidateCertificate(t, in.IDNumber, s.Today()); err != nil {
			p.Add(prefix+"id_number", reasonFor(err))
		} else {
			r.IDType, r.IDEnc, r.IDMasked = string(t), s.Keys.Encrypt(number), cnid.Mask(number)
		}
	} else if strings.TrimSpace(in.IDType) != "" && !cnid.CertType(strings.TrimSpace(in.IDType)).Valid() {
		p.Add(prefix+"id_type", domain.ReasonNotAllowed)
	}
	return r
}

// checkPeople validates a list of guardians or pick-up persons; the same
// phone twice is refused.
func (s *Service) checkPeople(in []PersonInput, field string, max int, p domain.Problems) []person {
	if len(in) > max {
		p.Add(field, domain.ReasonRange)
		return nil
	}
	out := make([]person, len(in))
	seen := map[string]bool{}
	for i, x := range in {
		prefix := fmt.Sprintf("%s[%d].", field, i)
		out[i] = s.checkPerson(x, prefix, p)
		if out[i].Phone != "" {
			if seen[out[i].Phone] {
				p.Add(prefix+"phone", domain.ReasonDuplicate)
			}
			seen[out[i].Phone] = true
		}
	}
	return out
}

// MaxGuardians and MaxPickupPersons bound the lists kept for a child.
const (
	MaxGuardians     = 6
	MaxPickupPersons = 10
)
