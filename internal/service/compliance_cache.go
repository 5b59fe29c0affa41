package service

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/rules"
	"tuoyu/internal/store"
)

// rankingCache keeps the compliance rankings computed (every institution
// in scope evaluated live: tens of milliseconds at the scale of a city) until
// a write that can change a finding is committed. Every write appends its
// audit event in its transaction, and the database tells the cache what was
// committed (store.DB.AfterCommit): any action but the daily records, bills,
// logins and exports (rankingIgnores), which no finding reads, drops every
// ranking. A ranking is also keyed by the day (ages and certificates expire
// with the date) and by the standards in force (an override replaces them).
//
// A ranking is stored with the generation read before its facts were, so a
// ranking computed from facts that a concurrent write has since changed is
// never served: that write's commit moved the generation on.
type rankingCache struct {
	gen atomic.Uint64
	mu  sync.Mutex
	m   map[rankingKey]rankingEntry
	// computing holds the rankings being computed: a request that misses
	// waits for the one computing its key instead of computing it again
	// (fifty users arriving at once would compute it fifty times).
	computing map[rankingKey]chan struct{}
}

type rankingKey struct {
	scope     string
	filter    string
	day       string
	standards *rules.Source
}

type rankingEntry struct {
	gen uint64
	all []domain.ComplianceSummary
}

// rankingCacheSize bounds the rankings kept (scopes × filters).
const rankingCacheSize = 256

// rankingIgnores are the actions that change no compliance fact.
var rankingIgnores = map[audit.Action]bool{
	audit.Login: true, audit.LoginFailed: true, audit.LoginLocked: true, audit.SessionEnd: true,
	audit.AttendanceRecord: true, audit.StaffAttendanceClockIn: true, audit.StaffAttendanceClockOut: true, audit.HealthCheckRecord: true,
	audit.CareLogCreate: true, audit.CareLogPublish: true, audit.NotificationRead: true,
	audit.BillsGenerate: true, audit.BillIssue: true, audit.BillReissue: true, audit.BillWithdraw: true, audit.BillPayment: true, audit.BillWaive: true,
	audit.ExportChildren: true, audit.ExportStaff: true, audit.ExportAttendance: true,
}

func newRankingCache(db *store.DB) *rankingCache {
	c := &rankingCache{m: map[rankingKey]rankingEntry{}, computing: map[rankingKey]chan struct{}{}}
	db.AfterCommit(func(ws []store.Written) {
		for _, w := range ws {
			if !rankingIgnores[audit.Action(w.Action)] {
				c.gen.Add(1)
				return
			}
		}
	})
	return c
}

func rankingKeyOf(s authz.Scope, f domain.InstitutionFilter, day string, std *rules.Source) rankingKey {
	puhui := ""
	if f.Puhui != nil {
		puhui = fmt.Sprint(*f.Puhui)
	}
	return rankingKey{
		scope:  fmt.Sprintf("%s|%s|%d|%d", s.Kind(), s.RegionCode(), s.InstitutionID(), s.UserID()),
		filter: fmt.Sprintf("%q|%q|%q|%q|%q|%s|%q", f.Region, f.Status, f.Kind, f.Nature, f.CareType, puhui, f.Q),
		day:    day, standards: std,
	}
}

// ranking returns the ranking stored under k if no write has changed a fact
// since, else computes it with compute (once for all the requests that ask
// at the same time) and stores it.
func (c *rankingCache) ranking(ctx context.Context, k rankingKey, compute func() ([]domain.ComplianceSummary, error)) ([]domain.ComplianceSummary, error) {
	for {
		gen := c.gen.Load()
		c.mu.Lock()
		if e, ok := c.m[k]; ok && e.gen == gen {
			c.mu.Unlock()
			return e.all, nil
		}
		wait, busy := c.computing[k]
		if !busy {
			done := make(chan struct{})
			c.computing[k] = done
			c.mu.Unlock()
			all, err := compute()
			c.mu.Lock()
			delete(c.computing, k)
			if err == nil {
				if len(c.m) >= rankingCacheSize {
					clear(c.m)
				}
				c.m[k] = rankingEntry{gen: gen, all: all}
			}
			c.mu.Unlock()
			close(done)
			return all, err
		}
		c.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}
