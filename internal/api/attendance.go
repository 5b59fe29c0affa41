package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/daily"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
)

// Attendance, caregivers' clock-in, the live ratio, alerts and the daily
// settings.

func (a *API) attendanceRoutes() []httpx.Route {
	ok, created := http.StatusOK, http.StatusCreated
	return []httpx.Route{
		{Method: "POST", Pattern: "/api/v1/attendance", Permission: authz.DailyRecord,
			Summary: "Check children in or out or record absences: a list (or {\"items\": [...]}) of at most 1000 items, each applied or refused on its own; one result per item. " +
				"An item {\"child_id\", \"date\", \"clear\": [\"check_out\"]} undoes a check-out (and picked_up_by), [\"check_in\"] a check-in (refused while a check-out is recorded)",
			Handler: a.withBody(ok, a.recordAttendance), Request: []domain.AttendanceItem{}, Response: domain.BatchOutcome{}},
		{Method: "GET", Pattern: "/api/v1/institutions/{id}/attendance", Permission: authz.DailyView,
			Summary: "The class grid of a day: every enrolled child with their record (and who may collect them, for staff)",
			Handler: a.handle(ok, a.attendanceSheet), Query: []string{"date", "class_id"}, Response: domain.AttendanceSheet{}},
		{Method: "POST", Pattern: "/api/v1/classes/{id}/clock-in", Permission: authz.DailyRecord,
			Summary: "A caregiver of the class clocks in (the director may clock in a staff_id)",
			Handler: a.withBody(created, a.clock(true)), Request: daily.ClockRequest{}, Response: domain.StaffAttendance{}},
		{Method: "POST", Pattern: "/api/v1/classes/{id}/clock-out", Permission: authz.DailyRecord,
			Summary: "A caregiver of the class clocks out (the director may clock out a staff_id)",
			Handler: a.withBody(ok, a.clock(false)), Request: daily.ClockRequest{}, Response: domain.StaffAttendance{}},
		{Method: "GET", Pattern: "/api/v1/institutions/{id}/classes/live", Permission: authz.DailyView,
			Summary: "Each class now: enrolled, children present, caregivers present, ratio colour (green, amber, red)",
			Handler: a.handle(ok, a.liveClasses), Response: []domain.ClassLive{}},
		{Method: "GET", Pattern: "/api/v1/institutions/{id}/alerts", Permission: authz.DailyView,
			Summary: "Alerts of a day: expected but not checked in by the deadline, not collected by closing time, fever",
			Handler: a.handle(ok, a.dailyAlerts), Query: []string{"date"}, Response: domain.DailyAlerts{}},
		{Method: "GET", Pattern: "/api/v1/settings/daily", Permission: authz.Authenticated,
			Summary: "The deployment's settings for daily records (fever threshold, check-in deadline, closing time)",
			Handler: a.handle(ok, a.dailySettings), Response: domain.DailySettings{}},
		{Method: "PUT", Pattern: "/api/v1/settings/daily", Permission: authz.UserManage,
			Summary: "Change the deployment's settings for daily records",
			Handler: a.withBody(ok, a.setDailySettings), Request: domain.DailySettings{}, Response: domain.DailySettings{}},
	}
}

// decodeList reads a JSON list, bare or as {"items": [...]}, in one pass.
func decodeList[T any](w http.ResponseWriter, r *http.Request) ([]T, error) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxJSONBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, domain.TooLarge("the request body is too large")
		}
		return nil, domain.BadRequest("malformed JSON body")
	}
	raw = bytes.TrimSpace(raw)
	var items []T
	if len(raw) > 0 && raw[0] == '{' {
		var body struct {
			Items []T `json:"items"`
		}
		err = strictJSON(raw, &body)
		items = body.Items
	} else {
		err = strictJSON(raw, &items)
	}
	return items, err
}

// strictJSON decodes b like decode does a body: unknown fields are a 400,
// a wrong type names its field (422).
func strictJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("trailing data")
	}
	if err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) && ute.Field != "" {
			return &domain.Error{Code: domain.CodeInvalid, Message: "wrong type for field " + ute.Field, Fields: map[string]string{ute.Field: "wrong_type"}, Validation: true}
		}
		if strings.HasPrefix(err.Error(), "json: unknown field ") {
			return domain.BadRequest("unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field "))
		}
		return domain.BadRequest("malformed JSON body")
	}
	return nil
}

// decodeOptional reads a JSON body when there is one.
func decodeOptional(w http.ResponseWriter, r *http.Request, v any) error {
	if r.Body == nil || r.ContentLength == 0 {
		return nil
	}
	return decode(w, r, v)
}

// intParam reads an optional positive integer query parameter.
func intParam(r *http.Request, name string) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, domain.Invalid(name, "not_number")
	}
	return n, nil
}

func (a *API) recordAttendance(r *http.Request, w http.ResponseWriter) (any, error) {
	items, err := decodeList[domain.AttendanceItem](w, r)
	if err != nil {
		return nil, err
	}
	return a.Daily.RecordAttendance(r.Context(), httpx.Actor(r), items)
}

func (a *API) attendanceSheet(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	classID, err := intParam(r, "class_id")
	if err != nil {
		return nil, err
	}
	return a.Daily.AttendanceSheet(r.Context(), httpx.Actor(r), id, r.URL.Query().Get("date"), classID)
}

func (a *API) clock(in bool) func(*http.Request, http.ResponseWriter) (any, error) {
	return func(r *http.Request, w http.ResponseWriter) (any, error) {
		id, err := pathID(r, "id")
		if err != nil {
			return nil, err
		}
		var req daily.ClockRequest
		if err := decodeOptional(w, r, &req); err != nil {
			return nil, err
		}
		if in {
			return a.Daily.ClockIn(r.Context(), httpx.Actor(r), id, req)
		}
		return a.Daily.ClockOut(r.Context(), httpx.Actor(r), id, req)
	}
}

func (a *API) liveClasses(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return a.Daily.LiveClasses(r.Context(), httpx.Actor(r), id)
}

func (a *API) dailyAlerts(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return a.Daily.DailyAlerts(r.Context(), httpx.Actor(r), id, r.URL.Query().Get("date"))
}

func (a *API) dailySettings(r *http.Request) (any, error) {
	return a.Daily.DailySettings(r.Context())
}

func (a *API) setDailySettings(r *http.Request, w http.ResponseWriter) (any, error) {
	var in domain.DailySettings
	if err := decode(w, r, &in); err != nil {
		return nil, err
	}
	return a.Daily.SetDailySettings(r.Context(), httpx.Actor(r), in)
}
