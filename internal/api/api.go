// Package api is the JSON API under /api/v1, over the same services as the
// web pages.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"tuoyu/internal/account"
	"tuoyu/internal/authz"
	"tuoyu/internal/daily"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
	"tuoyu/internal/stats"
	"tuoyu/internal/supervision"
)

// MaxJSONBody is the largest JSON request body accepted.
const MaxJSONBody = 1 << 20

// API serves /api/v1.
type API struct {
	svc *service.Service
	log *slog.Logger
	// The context and capability services; app.Open sets them.
	Daily       *daily.Service
	Supervision *supervision.Service
	Stats       *stats.Service
	Account     *account.Service
}

// New makes the API.
func New(svc *service.Service, log *slog.Logger) *API { return &API{svc: svc, log: log} }

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code     domain.Code       `json:"code"`
	Message  string            `json:"message"`
	Fields   map[string]string `json:"fields,omitempty"`
	Findings []findingDetail   `json:"findings,omitempty"`
}

// findingDetail is a rule a refused change would break: the rule's code,
// and what is wrong and its legal basis in both languages.
type findingDetail struct {
	Code      string `json:"code"`
	Severity  string `json:"severity"`
	Message   string `json:"message"`
	MessageEN string `json:"message_en"`
	Basis     string `json:"basis"`
	BasisEN   string `json:"basis_en"`
}

func findingDetails(fs []domain.RuleFinding) []findingDetail {
	var out []findingDetail
	for _, f := range fs {
		out = append(out, findingDetail{Code: f.RuleID, Severity: f.Severity, Message: f.Message, MessageEN: f.MessageEN, Basis: f.Source, BasisEN: f.SourceEN})
	}
	return out
}

// WriteError sends an error in the API's shape; internal causes are logged, never sent.
func (a *API) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	e := httpx.Public(err)
	status := httpx.Status(e)
	httpx.RetryAfter(w, e)
	if status == http.StatusInternalServerError {
		a.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeJSON(w, status, errorBody{Error: errorDetail{Code: e.Code, Message: e.Message, Fields: e.Fields, Findings: findingDetails(e.Findings)}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// handle adapts a handler that returns a value or an error.
func (a *API) handle(status int, fn func(r *http.Request) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := fn(r)
		if err != nil {
			a.WriteError(w, r, err)
			return
		}
		writeJSON(w, status, v)
	}
}

// decode reads a JSON body into v: malformed JSON is a 400, an oversized
// body a 413.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	r.Body = http.MaxBytesReader(w, r.Body, MaxJSONBody)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return domain.TooLarge("the request body is too large")
		}
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) && ute.Field != "" {
			return &domain.Error{Code: domain.CodeInvalid, Message: "wrong type for field " + ute.Field, Fields: map[string]string{ute.Field: "wrong_type"}, Validation: true}
		}
		if strings.HasPrefix(err.Error(), "json: unknown field ") {
			return domain.BadRequest("unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field "))
		}
		return domain.BadRequest("malformed JSON body")
	}
	if _, err := io.Copy(io.Discard, r.Body); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return domain.TooLarge("the request body is too large")
		}
	}
	if dec.More() {
		return domain.BadRequest("malformed JSON body")
	}
	return nil
}

// pathID reads a numeric path parameter; anything else is not found.
var pathID = httpx.PathID

func page(r *http.Request) domain.Page {
	p, _ := strconv.Atoi(r.URL.Query().Get("page"))
	n, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	return domain.Page{Page: p, PerPage: n}.Normalised()
}

// List is the shape of every paged list.
type List[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

func list[T any](items []T, total int, p domain.Page) List[T] {
	if items == nil {
		items = []T{}
	}
	return List[T]{Items: items, Total: total, Page: p.Page, PerPage: p.PerPage}
}

func boolParam(r *http.Request, name string) (*bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return nil, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return nil, domain.Invalid(name, "not_boolean")
	}
	return &b, nil
}

func institutionFilter(r *http.Request) (domain.InstitutionFilter, error) {
	q := r.URL.Query()
	f := domain.InstitutionFilter{Region: q.Get("region"), Status: q.Get("status"), Kind: q.Get("kind"), Nature: q.Get("nature"), CareType: q.Get("care_type"), Q: q.Get("q")}
	if t := q.Get("township"); t != "" {
		f.Region = t
	}
	var err error
	f.Puhui, err = boolParam(r, "puhui")
	return f, err
}

// onID adapts a service call on the record named by the path's {id}.
func onID[T any](call func(context.Context, authz.Actor, int64) (T, error)) func(*http.Request) (any, error) {
	return func(r *http.Request) (any, error) {
		id, err := pathID(r, "id")
		if err != nil {
			return nil, err
		}
		return call(r.Context(), httpx.Actor(r), id)
	}
}

// onIDWithBody adapts a service call on the record named by the path's
// {id} that takes the request's JSON body.
func onIDWithBody[B, T any](call func(context.Context, authz.Actor, int64, B) (T, error)) func(*http.Request, http.ResponseWriter) (any, error) {
	return func(r *http.Request, w http.ResponseWriter) (any, error) {
		id, err := pathID(r, "id")
		if err != nil {
			return nil, err
		}
		var req B
		if err := decode(w, r, &req); err != nil {
			return nil, err
		}
		return call(r.Context(), httpx.Actor(r), id, req)
	}
}
