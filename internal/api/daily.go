package api

import (
	"net/http"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
)

// Morning and midday checks, the care log, the guardian's view of the day
// and notifications.

func (a *API) dailyRoutes() []httpx.Route {
	ok, created := http.StatusOK, http.StatusCreated
	return []httpx.Route{
		{Method: "POST", Pattern: "/api/v1/health-checks", Permission: authz.DailyRecord,
			Summary: "Record morning or midday checks (a list, all or nothing); a temperature at or above the threshold is flagged and the guardians notified",
			Handler: a.withBody(created, a.recordHealthChecks), Request: []domain.HealthCheckInput{}, Response: []domain.HealthCheck{}},
		{Method: "GET", Pattern: "/api/v1/institutions/{id}/health-checks", Permission: authz.DailyView,
			Summary: "The checks of a day", Handler: a.handle(ok, a.healthChecks), Query: []string{"date", "kind"}, Response: []domain.HealthCheck{}},
		{Method: "POST", Pattern: "/api/v1/care-logs", Permission: authz.DailyRecord,
			Summary: "Add a care log entry for a child or a whole class (publish: visible to guardians now)",
			Handler: a.withBody(created, a.recordCareLog), Request: domain.CareLogInput{}, Response: domain.CareLog{}},
		{Method: "POST", Pattern: "/api/v1/care-logs/{id}/publish", Permission: authz.DailyRecord,
			Summary: "Publish a care log entry to the guardians", Handler: a.handle(ok, onID(a.Daily.PublishCareLog)), Response: domain.CareLog{}},
		{Method: "GET", Pattern: "/api/v1/institutions/{id}/care-logs", Permission: authz.DailyView,
			Summary: "The care log of a day, published or not", Handler: a.handle(ok, a.careLogs), Query: []string{"date", "class_id"}, Response: []domain.CareLog{}},
		{Method: "GET", Pattern: "/api/v1/me/children/{id}/day", Permission: authz.OwnChildren,
			Summary: "The child's day: check-in and check-out, the checks, the published care log", Handler: a.handle(ok, a.childDay),
			Query: []string{"date"}, Response: domain.ChildDay{}},
		{Method: "GET", Pattern: "/api/v1/me/children/{id}/attendance", Permission: authz.OwnChildren,
			Summary: "The child's attendance in a month (?month=YYYY-MM)", Handler: a.handle(ok, a.childAttendance),
			Query: []string{"month"}, Response: domain.AttendanceMonth{}},
		{Method: "GET", Pattern: "/api/v1/me/notifications", Permission: authz.Authenticated,
			Summary: "Own notifications, newest first, with the number unread", Handler: a.handle(ok, a.notifications),
			Query: []string{"unread", "page", "per_page"}, Response: notificationList{}},
		{Method: "POST", Pattern: "/api/v1/me/notifications/{id}/read", Permission: authz.Authenticated,
			Summary: "Mark one of one's own notifications read", Handler: a.handle(ok, a.readNotification)},
	}
}

// notificationList is a page of notifications with the unread count.
type notificationList struct {
	List[domain.Notification]
	Unread int `json:"unread"`
}

func (a *API) recordHealthChecks(r *http.Request, w http.ResponseWriter) (any, error) {
	items, err := decodeList[domain.HealthCheckInput](w, r)
	if err != nil {
		return nil, err
	}
	return a.Daily.RecordHealthChecks(r.Context(), httpx.Actor(r), items)
}

func (a *API) healthChecks(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	return a.Daily.HealthChecks(r.Context(), httpx.Actor(r), id, q.Get("date"), q.Get("kind"))
}

func (a *API) recordCareLog(r *http.Request, w http.ResponseWriter) (any, error) {
	var in domain.CareLogInput
	if err := decode(w, r, &in); err != nil {
		return nil, err
	}
	return a.Daily.RecordCareLog(r.Context(), httpx.Actor(r), in)
}

func (a *API) careLogs(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	classID, err := intParam(r, "class_id")
	if err != nil {
		return nil, err
	}
	return a.Daily.CareLogs(r.Context(), httpx.Actor(r), id, r.URL.Query().Get("date"), classID)
}

func (a *API) childDay(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return a.Daily.ChildDay(r.Context(), httpx.Actor(r), id, r.URL.Query().Get("date"))
}

func (a *API) childAttendance(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return a.Daily.ChildAttendanceMonth(r.Context(), httpx.Actor(r), id, r.URL.Query().Get("month"))
}

func (a *API) notifications(r *http.Request) (any, error) {
	unread, err := boolParam(r, "unread")
	if err != nil {
		return nil, err
	}
	p := page(r)
	items, total, n, err := a.svc.Notifications(r.Context(), httpx.Actor(r), unread != nil && *unread, p)
	if err != nil {
		return nil, err
	}
	return notificationList{List: list(i18n.Notifications(i18n.FromRequest(r), items), total, p), Unread: n}, nil
}

func (a *API) readNotification(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	if err := a.svc.MarkNotificationRead(r.Context(), httpx.Actor(r), id); err != nil {
		return nil, err
	}
	return map[string]string{"status": "ok"}, nil
}
