package service_test

import (
	"context"
	"testing"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/testkit"
)

func TestSessionsAndLockout(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a := testkit.NewApp(t, b, testkit.DefaultNow)
			ctx := context.Background()
			now := testkit.DefaultNow
			at := func(d time.Duration) *service.Service {
				return a.Service.WithClock(func() time.Time { return now.Add(d) })
			}
			u, err := a.Service.AddUser(ctx, authz.System("t"), service.NewUser{Username: "baota", Password: "a-long-password", Role: domain.RoleCountyRegulator, RegionCode: "610602"})
			if err != nil {
				t.Fatal(err)
			}
			s0 := at(0)
			res, err := s0.Login(ctx, "baota", "a-long-password", "test", "127.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			res2, _ := s0.Login(ctx, "baota", "a-long-password", "test", "127.0.0.1")
			if res.Token == res2.Token {
				t.Fatal("a login must issue a new token")
			}
			// active use keeps the session alive past 30 minutes in total
			for _, m := range []time.Duration{20, 40, 60} {
				if _, err := at(m*time.Minute).Authenticate(ctx, res.Token, ""); err != nil {
					t.Fatalf("after %v: %v", m, err)
				}
			}
			// idle for more than 30 minutes ends it
			if _, err := at(91*time.Minute).Authenticate(ctx, res.Token, ""); domain.ErrorCode(err) != domain.CodeUnauthorized {
				t.Fatalf("idle session accepted: %v", err)
			}
			// absolute 12 h, even when active
			tok := res2.Token
			for m := time.Duration(0); m <= 12*60; m += 25 {
				_, err := at(m*time.Minute).Authenticate(ctx, tok, "")
				if m < 12*60 && err != nil {
					t.Fatalf("active session refused at %v: %v", m, err)
				}
			}
			if _, err := at(12*time.Hour+time.Minute).Authenticate(ctx, tok, ""); domain.ErrorCode(err) != domain.CodeUnauthorized {
				t.Fatalf("session past 12 h accepted: %v", err)
			}
			// list and end own sessions
			r3, _ := s0.Login(ctx, "baota", "a-long-password", "test", "")
			actor, _ := s0.Authenticate(ctx, r3.Token, "")
			list, err := s0.Sessions(ctx, actor)
			if err != nil || len(list) < 1 {
				t.Fatalf("sessions: %v %v", list, err)
			}
			if err := s0.EndSession(ctx, actor, res2.SessionID); err != nil {
				t.Fatal(err)
			}
			other, _ := a.Service.AddUser(ctx, authz.System("t"), service.NewUser{Username: "ansai", Password: "a-long-password", Role: domain.RoleCountyRegulator, RegionCode: "610603"})
			r4, _ := s0.Login(ctx, "ansai", "a-long-password", "", "")
			if err := s0.EndSession(ctx, actor, r4.SessionID); domain.ErrorCode(err) != domain.CodeNotFound {
				t.Fatalf("ended another user's session: %v", err)
			}
			// disabling a user ends all their sessions
			if err := s0.SetUserDisabled(ctx, authz.System("t"), u.ID, true); err != nil {
				t.Fatal(err)
			}
			if _, err := s0.Authenticate(ctx, r3.Token, ""); domain.ErrorCode(err) != domain.CodeUnauthorized {
				t.Fatalf("disabled user's session still works: %v", err)
			}
			// five failures lock for 15 minutes; the right password is refused meanwhile
			for i := 0; i < 5; i++ {
				if _, err := s0.Login(ctx, "ansai", "wrong-password", "", ""); domain.ErrorCode(err) != domain.CodeUnauthorized {
					t.Fatalf("failure %d: %v", i, err)
				}
			}
			if _, err := at(time.Minute).Login(ctx, "ansai", "a-long-password", "", ""); domain.ErrorCode(err) != domain.CodeRateLimited {
				t.Fatalf("locked account: %v", err)
			}
			if _, err := at(16*time.Minute).Login(ctx, "ansai", "a-long-password", "", ""); err != nil {
				t.Fatalf("lock did not expire: %v", err)
			}
			_ = other
		})
	}
}
