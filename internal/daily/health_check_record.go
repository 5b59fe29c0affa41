package daily

import (
	"context"
	"fmt"
	"time"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

// RecordHealthChecks records a list of morning or midday checks (晨午检),
// all or nothing: any bad item refuses the request with its fields named
// "[index].field" (422), a child out of scope with a 404 naming the item.
// A check replaces the child's check of the same kind that day (a recheck).
// A temperature at or above the fever threshold (a setting, 37.3 °C by
// default) is flagged, and each guardian account linked to the child gets
// a notification in the same transaction; the action "sent_home" records
// that the child was sent home (and tells the guardians too).
func (s *Service) RecordHealthChecks(ctx context.Context, a authz.Actor, in []domain.HealthCheckInput) ([]domain.HealthCheck, error) {
	if err := a.Require(authz.DailyRecord); err != nil {
		return nil, err
	}
	if len(in) == 0 {
		return nil, domain.Invalid("items", domain.ReasonRequired)
	}
	if len(in) > domain.MaxBatch {
		return nil, domain.TooLarge("too many items in one request")
	}
	today := s.core.Today()
	p := domain.Problems{}
	dates := make([]string, len(in))
	seen := map[string]int{}
	var childIDs []int64
	for i := range in {
		prefix := fmt.Sprintf("[%d].", i)
		dates[i] = in[i].Validate(today, prefix, p).Format(time.DateOnly)
		key := fmt.Sprintf("%d/%s/%s", in[i].ChildID, dates[i], in[i].Kind)
		if _, dup := seen[key]; dup {
			p.Add(prefix+"child_id", domain.ReasonDuplicate)
		}
		seen[key] = i
		childIDs = append(childIDs, in[i].ChildID)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	var ids []int64
	err := s.db.Tx(ctx, func(q store.Q) error {
		set, err := dailySettings(ctx, q)
		if err != nil {
			return err
		}
		enrol, err := q.DailyEnrolments(ctx, a.Scope(), childIDs)
		if err != nil {
			return err
		}
		for i := range in {
			e, ok := enrol[in[i].ChildID]
			if !ok {
				return &domain.Error{Code: domain.CodeNotFound, Message: "child not found", Fields: map[string]string{fmt.Sprintf("[%d].child_id", i): "not_found"}}
			}
			if dates[i] < e.StartDate {
				p.Add(fmt.Sprintf("[%d].date", i), domain.ReasonBeforeEnrolment)
			}
		}
		if err := p.Err(); err != nil {
			return err
		}
		// The checks already recorded, read for the whole batch (one list of
		// keys per kind; a batch names each child, date and kind once).
		prior := map[string]map[store.AttendanceKey]store.HealthCheckState{}
		keys := map[string][]store.AttendanceKey{}
		var kinds []string
		for i := range in {
			if _, ok := keys[in[i].Kind]; !ok {
				kinds = append(kinds, in[i].Kind)
			}
			keys[in[i].Kind] = append(keys[in[i].Kind], store.AttendanceKey{ChildID: in[i].ChildID, Date: dates[i]})
		}
		for _, kind := range kinds {
			if prior[kind], err = q.HealthCheckStates(ctx, a.Scope(), keys[kind], kind); err != nil {
				return err
			}
		}
		rows := make([]store.HealthCheckRow, len(in))
		was := make([]store.HealthCheckState, len(in))
		for i := range in {
			h, e := in[i], enrol[in[i].ChildID]
			was[i] = prior[h.Kind][store.AttendanceKey{ChildID: h.ChildID, Date: dates[i]}]
			rows[i] = store.HealthCheckRow{ChildID: h.ChildID, InstitutionID: e.Institution.ID(), Date: dates[i], Kind: h.Kind, Temperature: *h.Temperature,
				Findings: h.Findings, Action: h.Action, Note: h.Note, Flagged: *h.Temperature >= set.FeverThreshold,
				SentHome: h.Action == domain.ActionSentHome || was[i].SentHome, RecordedBy: a.UserID}
		}
		if ids, err = q.UpsertHealthChecks(ctx, rows, s.core.Now()); err != nil {
			return err
		}
		events := make([]domain.AuditEvent, len(in))
		for i := range in {
			h, e, row, was := in[i], enrol[in[i].ChildID], rows[i], was[i]
			notified, err := s.notifyGuardians(ctx, q, a.Scope(), row, was)
			if err != nil {
				return err
			}
			if events[i], err = s.core.AuditEvent(a, audit.HealthCheckRecord, "health_check", ids[i], e.Institution.RegionCode(), e.Institution.ID(), map[string]any{
				"child_id": h.ChildID, "date": dates[i], "kind": h.Kind, "temperature": *h.Temperature, "flagged": row.Flagged,
				"action": h.Action, "sent_home": row.SentHome, "recheck": was.ID != 0, "guardians_notified": notified}); err != nil {
				return err
			}
		}
		// One event per check, in the order of the items, written together.
		return q.AuditMany(ctx, events)
	})
	if err != nil {
		return nil, err
	}
	return s.db.Read().HealthChecksByIDs(ctx, a.Scope(), ids)
}

// notifyGuardians tells each guardian account of the child about a newly
// flagged temperature or a child newly sent home; it returns how many
// notifications it stored.
func (s *Service) notifyGuardians(ctx context.Context, q store.Q, scope authz.Scope, row store.HealthCheckRow, was store.HealthCheckState) (int, error) {
	sentHome := row.SentHome && !was.SentHome
	fever := row.Flagged && !was.Flagged
	if !sentHome && !fever {
		return 0, nil
	}
	users, err := q.GuardianUsers(ctx, scope, row.ChildID)
	if err != nil || len(users) == 0 {
		return 0, err
	}
	name, err := q.DailyChildInScope(ctx, scope, row.ChildID)
	if err != nil {
		return 0, err
	}
	// When it happened: the check's date, and the time it was taken when it
	// is recorded on the day (a later record of an earlier day has no time).
	when := row.Date
	if now := s.core.Now().In(service.China); now.Format(time.DateOnly) == row.Date {
		when += now.Format(" 15:04")
	}
	// Stored as kind and arguments; the edge says it in the reader's language.
	n := domain.Notification{Kind: domain.NotifyFever,
		Args: &domain.NotificationArgs{Child: name, When: when, Check: row.Kind, Temperature: fmt.Sprintf("%.1f", row.Temperature)},
		Link: fmt.Sprintf("/api/v1/me/children/%d/day?date=%s", row.ChildID, row.Date)}
	if sentHome {
		n.Kind = domain.NotifySentHome
	}
	for _, u := range users {
		if _, err := q.AddNotification(ctx, u, n, s.core.Now()); err != nil {
			return 0, err
		}
	}
	return len(users), nil
}
