package daily_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/testkit"
)

func code(err error) domain.Code {
	var e *domain.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// The daily settings round-trip through the package, each change with its
// audit event in the same transaction; a refused change (invalid, or
// without login) writes nothing.
func TestDailySettings(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a := testkit.NewApp(t, b, testkit.DefaultNow)
			d, ctx, sys := a.Daily, context.Background(), authz.System("test")
			events := func() int64 {
				t.Helper()
				var n int64
				if err := a.DB.Read().QueryRow(ctx, "SELECT COUNT(*) FROM audit_events WHERE action = ?", string(audit.DailySettingsUpdate)).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			want := domain.DailySettings{FeverThreshold: 37.5, CheckinDeadline: "09:30", ClosingTime: "17:00", OpeningTime: "07:30"}
			got, err := d.SetDailySettings(ctx, sys, want)
			if err != nil || got != want {
				t.Fatalf("set: %+v %v", got, err)
			}
			if got, err := d.DailySettings(ctx); err != nil || got != want {
				t.Fatalf("read back: %+v %v", got, err)
			}
			if n := events(); n != 1 {
				t.Fatalf("%d audit events, want 1", n)
			}
			bad := want
			bad.FeverThreshold, bad.ClosingTime = 41, "25:00"
			_, err = d.SetDailySettings(ctx, sys, bad)
			var e *domain.Error
			if !errors.As(err, &e) || e.Code != domain.CodeInvalid || len(e.Fields) == 0 {
				t.Fatalf("invalid settings: %v", err)
			}
			if _, err := d.SetDailySettings(ctx, authz.Anonymous(""), want); code(err) != domain.CodeUnauthorized {
				t.Fatalf("anonymous: %v", err)
			}
			if got, err := d.DailySettings(ctx); err != nil || got != want || events() != 1 {
				t.Fatalf("after refusals: %+v %v, %d events", got, err, events())
			}
		})
	}
}

// Reads go through the caller's scope: what is not there is not found, and
// a login is required; attendance is checked before it is queued.
func TestDailyReadsAndChecks(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a := testkit.NewApp(t, b, testkit.DefaultNow)
			d, ctx, sys := a.Daily, context.Background(), authz.System("test")
			if _, err := d.LiveClasses(ctx, sys, 999999); code(err) != domain.CodeNotFound {
				t.Errorf("live classes of no institution: %v", err)
			}
			if _, err := d.AttendanceSheet(ctx, sys, 999999, "2026-09-30", 0); code(err) != domain.CodeNotFound {
				t.Errorf("sheet of no institution: %v", err)
			}
			if _, err := d.LiveClasses(ctx, authz.Anonymous(""), 1); code(err) != domain.CodeUnauthorized {
				t.Errorf("anonymous live classes: %v", err)
			}
			if _, err := d.RecordAttendance(ctx, sys, nil); code(err) != domain.CodeInvalid {
				t.Errorf("no items: %v", err)
			}
			// A copy over an earlier clock refuses a date after its today.
			past := d.WithCore(a.Service.WithClock(func() time.Time { return time.Date(2026, 9, 1, 9, 0, 0, 0, service.China) }))
			out, err := past.RecordAttendance(ctx, sys, []domain.AttendanceItem{{ChildID: 1, Date: "2026-09-30", CheckIn: "08:00"}})
			if err != nil || out.Failed != 1 || out.Applied != 0 {
				t.Errorf("future date: %+v %v", out, err)
			}
			if d.AttendanceQueued() != 0 {
				t.Errorf("%d requests queued", d.AttendanceQueued())
			}
		})
	}
}
