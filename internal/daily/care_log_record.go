package daily

import (
	"context"
	"time"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// RecordCareLog adds a care log entry (meal, sleep, nappies or toilet,
// mood, note) for one child or for a whole class. Guardians see it once it
// is published, now (Publish) or later (PublishCareLog).
func (s *Service) RecordCareLog(ctx context.Context, a authz.Actor, in domain.CareLogInput) (domain.CareLog, error) {
	if err := a.Require(authz.DailyRecord); err != nil {
		return domain.CareLog{}, err
	}
	p := domain.Problems{}
	date := in.Validate(s.core.Today(), p).Format(time.DateOnly)
	if err := p.Err(); err != nil {
		return domain.CareLog{}, err
	}
	var id int64
	err := s.db.Tx(ctx, func(q store.Q) error {
		row := store.CareLogRow{Date: date, Kind: in.Kind, Detail: in.Detail, Published: in.Publish, RecordedBy: a.UserID}
		var region string
		if in.ChildID != 0 {
			enrol, err := q.DailyEnrolments(ctx, a.Scope(), []int64{in.ChildID})
			if err != nil {
				return err
			}
			e, ok := enrol[in.ChildID]
			if !ok {
				return domain.NotFound("child")
			}
			if date < e.StartDate {
				return domain.Invalid("date", domain.ReasonBeforeEnrolment)
			}
			row.InstitutionID, row.ClassID, row.ChildID, region = e.Institution.ID(), e.ClassID, e.ChildID, e.Institution.RegionCode()
		} else {
			c, err := q.DailyClassInScope(ctx, a.Scope(), in.ClassID)
			if err != nil {
				return err
			}
			if c.Archived {
				return domain.Conflict("the class is archived")
			}
			row.InstitutionID, row.ClassID, region = c.InstitutionID, c.ID, c.RegionCode
		}
		var err error
		if id, err = q.CreateCareLog(ctx, row, s.core.Now()); err != nil {
			return err
		}
		return s.core.Audit(ctx, q, a, audit.CareLogCreate, "care_log", id, region, row.InstitutionID, map[string]any{
			"child_id": in.ChildID, "class_id": row.ClassID, "date": date, "kind": in.Kind, "published": in.Publish})
	})
	if err != nil {
		return domain.CareLog{}, err
	}
	return s.db.Read().CareLogByID(ctx, a.Scope(), id)
}

// PublishCareLog makes an entry of an institution in scope visible to the
// guardians. Publishing a published entry changes nothing.
func (s *Service) PublishCareLog(ctx context.Context, a authz.Actor, id int64) (domain.CareLog, error) {
	if err := a.Require(authz.DailyRecord); err != nil {
		return domain.CareLog{}, err
	}
	err := s.db.Tx(ctx, func(q store.Q) error {
		l, region, err := q.CareLogInScope(ctx, a.Scope(), id)
		if err != nil || l.Published {
			return err
		}
		if err := q.PublishCareLog(ctx, id, s.core.Now()); err != nil {
			return err
		}
		return s.core.Audit(ctx, q, a, audit.CareLogPublish, "care_log", id, region, l.InstitutionID, map[string]any{"date": l.Date, "kind": l.Kind})
	})
	if err != nil {
		return domain.CareLog{}, err
	}
	return s.db.Read().CareLogByID(ctx, a.Scope(), id)
}
