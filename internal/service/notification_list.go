package service

import (
	"context"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Notifications lists the caller's own in-app messages, newest first, with
// the number unread.
func (s *Service) Notifications(ctx context.Context, a authz.Actor, unreadOnly bool, page domain.Page) (items []domain.Notification, total, unread int, err error) {
	if err := a.Require(authz.Authenticated); err != nil {
		return nil, 0, 0, err
	}
	return s.DB.Read().Notifications(ctx, a.Scope(), unreadOnly, page)
}

// MarkNotificationRead marks one of the caller's own messages read; anyone
// else's is not found.
func (s *Service) MarkNotificationRead(ctx context.Context, a authz.Actor, id int64) error {
	if err := a.Require(authz.Authenticated); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(q store.Q) error {
		changed, err := q.MarkNotificationRead(ctx, a.UserID, id, s.Now())
		if err != nil || !changed {
			return err
		}
		return s.audit(ctx, q, a, audit.NotificationRead, "notification", id, "", 0, nil)
	})
}
