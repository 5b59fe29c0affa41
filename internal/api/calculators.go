package api

import (
	"errors"
	"net/http"
	"time"

	"tuoyu/internal/domain"
	"tuoyu/internal/growth"
	"tuoyu/internal/nip"
)

// Calculators: no login, nothing stored.

type immunizationRequest struct {
	BirthDate string       `json:"birth_date"`
	AsOf      string       `json:"as_of"`
	Sex       string       `json:"sex,omitempty"`
	Records   []nip.Record `json:"records"`
}

func parseDate(field, v string, p domain.Problems) time.Time {
	if v == "" {
		p.Add(field, domain.ReasonRequired)
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		p.Add(field, domain.ReasonDate)
	}
	return t
}

func (a *API) immunization(req immunizationRequest) (any, error) {
	p := domain.Problems{}
	birth := parseDate("birth_date", req.BirthDate, p)
	asOf := a.svc.Today()
	if req.AsOf != "" {
		asOf = parseDate("as_of", req.AsOf, p)
	}
	sex := nip.SexUnknown
	switch req.Sex {
	case "":
	case "male":
		sex = nip.SexMale
	case "female":
		sex = nip.SexFemale
	default:
		p.Add("sex", domain.ReasonNotAllowed)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	res, err := nip.DefaultSettings().Check(birth, sex, asOf, req.Records)
	if err != nil {
		for _, fe := range nip.FieldErrors(err) {
			field := fe.Field
			if field == "birth" {
				field = "birth_date"
			}
			p.Add(field, fe.Message)
		}
		if perr := p.Err(); perr != nil {
			return nil, perr
		}
		return nil, err
	}
	return res, nil
}

func (a *API) immunizationCheck(r *http.Request, w http.ResponseWriter) (any, error) {
	var req immunizationRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	return a.immunization(req)
}

func (a *API) immunizationSchedule(r *http.Request) (any, error) {
	q := r.URL.Query()
	return a.immunization(immunizationRequest{BirthDate: q.Get("birth_date"), AsOf: q.Get("as_of"), Sex: q.Get("sex")})
}

func (a *API) growthAssess(r *http.Request, w http.ResponseWriter) (any, error) {
	var in growth.AssessInput
	if err := decode(w, r, &in); err != nil {
		return nil, err
	}
	out, err := growth.Assess(in)
	var ie *growth.InputError
	if errors.As(err, &ie) {
		return nil, domain.Invalid(ie.Field, ie.Message)
	}
	return out, err
}
