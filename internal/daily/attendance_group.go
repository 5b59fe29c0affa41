package daily

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// Attendance is written by group commit. A caregiver taps each child in at
// the door, so a morning brings many requests of one record each; each in
// its own transaction, SQLite (one writer, a sync of the disk per commit)
// held about 500 a second. Instead, every RecordAttendance request, once its
// items are checked, joins a queue; one writer goroutine takes what has
// queued up (while the previous group was being committed) and writes it in
// ONE transaction, each request in its own savepoint with its own reads
// through its actor's scope, its own per-item checks and its own audit
// events, then commits once and answers every request of the group after
// the commit: nothing is acknowledged before it is on disk. A request that
// fails (an error of the database while applying it) is rolled back to its
// savepoint and fails alone; the others of its group are committed. When the
// queue is full the request is refused at once with domain.CodeBusy (503
// with Retry-After), writing nothing, instead of waiting into a timeout.
//
// The writer runs only while there is work: the first request of a quiet
// moment starts it and it ends when the queue is empty, so there is nothing
// to stop when the service is closed.
type attendanceQueue struct {
	ch      chan *attendanceRequest
	running atomic.Bool
}

// attendanceQueueSize is how many requests may wait for the writer (about a
// fifth of a second of single check-ins at 2,000 a second), and
// attendanceGroupItems about how many items one transaction writes at most.
const (
	attendanceQueueSize  = 512
	attendanceGroupItems = 1000
)

type attendanceRequest struct {
	s     *Service // the request's service (its clock dates the audit events)
	ctx   context.Context
	a     authz.Actor
	items []attendanceItem
	keys  []store.AttendanceKey
	now   time.Time
	done  chan error
}

func newAttendanceQueue(size int) *attendanceQueue {
	return &attendanceQueue{ch: make(chan *attendanceRequest, size)}
}

// UseAttendanceQueue replaces the queue of the attendance writer by one of
// size places (tests fill a small one); call it before any attendance is
// recorded.
func (s *Service) UseAttendanceQueue(size int) { s.attendance.ch = make(chan *attendanceRequest, size) }

// writeAttendance queues the checked items of one request for the writer
// and waits for the commit of its group.
func (s *Service) writeAttendance(ctx context.Context, a authz.Actor, items []attendanceItem, keys []store.AttendanceKey, now time.Time) error {
	q := s.attendance
	r := &attendanceRequest{s: s, ctx: ctx, a: a, items: items, keys: keys, now: now, done: make(chan error, 1)}
	select {
	case q.ch <- r:
	default:
		return domain.Busy("too many attendance records are waiting to be written")
	}
	q.kick()
	select {
	case err := <-r.done:
		return err
	case <-ctx.Done():
		// The client has gone; the writer may still commit the request.
		return ctx.Err()
	}
}

// kick starts the writer unless it is running.
func (q *attendanceQueue) kick() {
	if q.running.CompareAndSwap(false, true) {
		go q.write()
	}
}

// write commits groups until the queue is empty. A request queued while the
// writer was stopping is taken by this writer or by the one it kicked.
func (q *attendanceQueue) write() {
	for {
		group := q.take()
		if len(group) == 0 {
			q.running.Store(false)
			if len(q.ch) == 0 || !q.running.CompareAndSwap(false, true) {
				return
			}
			continue
		}
		commitAttendance(group)
	}
}

// take returns what has queued up, to about attendanceGroupItems items.
func (q *attendanceQueue) take() []*attendanceRequest {
	var group []*attendanceRequest
	n := 0
	for n < attendanceGroupItems {
		select {
		case r := <-q.ch:
			if r.ctx.Err() != nil {
				r.done <- r.ctx.Err() // the client has gone: not written
				continue
			}
			group = append(group, r)
			n += len(r.items)
		default:
			return group
		}
	}
	return group
}

// commitAttendance writes a group in one transaction, each request in its
// own savepoint, and answers each after the commit.
func commitAttendance(group []*attendanceRequest) {
	ctx := context.Background()
	db := group[0].s.db
	if len(group) == 1 {
		r := group[0]
		r.done <- db.Tx(ctx, func(q store.Q) error { return r.apply(ctx, q) })
		return
	}
	errs := make([]error, len(group))
	err := db.Tx(ctx, func(q store.Q) error {
		for i, r := range group {
			sp, err := q.Savepoint(ctx, "attendance_request")
			if err != nil {
				return err
			}
			if errs[i] = r.apply(ctx, q); errs[i] != nil {
				if err := q.RollbackTo(ctx, sp); err != nil {
					return err
				}
				continue
			}
			if err := q.Release(ctx, sp); err != nil {
				return err
			}
		}
		return nil
	})
	for i, r := range group {
		if err != nil {
			errs[i] = err
		}
		r.done <- errs[i]
	}
}

// apply writes the request in q. A panic fails the request, not the
// writer (a handler's panic used to end only its own request).
func (r *attendanceRequest) apply(ctx context.Context, q store.Q) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("recording attendance: panic: %v", p)
		}
	}()
	return r.s.applyAttendance(ctx, q, r.a, r.items, r.keys, r.now)
}

// HoldAttendanceWriter keeps the attendance writer from starting, so that
// requests only queue, until release is called: a test's way to make a group
// of known requests (or a full queue). Call it while no attendance is being
// recorded.
func (s *Service) HoldAttendanceWriter() (release func()) {
	q := s.attendance
	for !q.running.CompareAndSwap(false, true) {
		time.Sleep(time.Millisecond)
	}
	return func() { go q.write() }
}

// AttendanceQueued is how many attendance requests wait for the writer.
func (s *Service) AttendanceQueued() int { return len(s.attendance.ch) }
