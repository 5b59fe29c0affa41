package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// AddNotification stores an in-app message to a user.
// Its arguments are kept as JSON and rendered when read.
func (q Q) AddNotification(ctx context.Context, userID int64, n domain.Notification, now time.Time) (int64, error) {
	args := ""
	if n.Args != nil {
		b, err := json.Marshal(n.Args)
		if err != nil {
			return 0, err
		}
		args = string(b)
	}
	return q.insert(ctx, "INSERT INTO notifications (user_id, kind, args, title, body, link, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		userID, n.Kind, args, n.Title, n.Body, n.Link, now.UTC())
}

// Notifications lists the messages of the scope's own account, newest
// first, and counts the unread ones.
func (q Q) Notifications(ctx context.Context, scope authz.Scope, unreadOnly bool, page domain.Page) (items []domain.Notification, total, unread int, err error) {
	page = page.Normalised()
	own, args := scopeWhere(scope, scopeOn{User: "user_id"})
	where := own
	if unreadOnly {
		where += " AND read_at IS NULL"
	}
	if err = q.queryRow(ctx, "SELECT COUNT(*) FROM notifications WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, 0, err
	}
	if err = q.queryRow(ctx, "SELECT COUNT(*) FROM notifications WHERE "+own+" AND read_at IS NULL", args...).Scan(&unread); err != nil {
		return nil, 0, 0, err
	}
	rows, err := q.query(ctx, "SELECT id, kind, args, title, body, link, created_at, read_at FROM notifications WHERE "+where+
		" ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?", append(args, page.PerPage, page.Offset())...)
	items, err = Collect(rows, err, func(r Row) (domain.Notification, error) {
		var n domain.Notification
		var read sql.NullTime
		var args string
		if err := r.Scan(&n.ID, &n.Kind, &args, &n.Title, &n.Body, &n.Link, &n.CreatedAt, &read); err != nil {
			return n, err
		}
		n.CreatedAt, n.ReadAt = n.CreatedAt.UTC(), dailyTime(read)
		if args != "" {
			n.Args = &domain.NotificationArgs{}
			if err := json.Unmarshal([]byte(args), n.Args); err != nil {
				return n, err
			}
		}
		return n, nil
	})
	if err != nil {
		return nil, 0, 0, err
	}
	return items, total, unread, nil
}

// MarkNotificationRead marks one of the user's own messages read; another
// user's message is not found. It reports whether it was unread.
func (q Q) MarkNotificationRead(ctx context.Context, userID, id int64, now time.Time) (bool, error) {
	var read sql.NullTime
	err := q.queryRow(ctx, "SELECT read_at FROM notifications WHERE id = ? AND user_id = ?"+q.forUpdate(), id, userID).Scan(&read)
	if err != nil {
		return false, notFound(err, "notification")
	}
	if read.Valid {
		return false, nil
	}
	_, err = q.exec(ctx, "UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ?", now.UTC(), id, userID)
	return true, err
}
