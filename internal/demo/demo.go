// Package demo generates realistic demonstration data for Tuoyu: Yan'an's
// institutions with their filing histories, the regulators who review them
// and one account per role to try. The data is deterministic (the same seed
// gives the same data) and scales (Scale 10 gives ten times the
// institutions, for benchmarks).
//
// Everything is written through the service's use cases with the actors a
// real deployment would have, at past instants (service.WithClock), so each
// record carries its audit events and passed the same validation as a
// user's input.
//
// One file per kind of data: accounts.go, institutions.go, filings.go,
// materials.go, with the word pools in names.go and identity numbers in
// ids.go. Later kinds (children, staff, ...) add a file, a random stream
// (streams below) and their steps to the timeline.
package demo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/secure"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

// Options choose the data.
type Options struct {
	// Seed selects the data; the same seed gives the same data.
	Seed int64
	// Scale multiplies the number of institutions: 1 is Yan'an, about 120;
	// 0 means 1.
	Scale float64
}

// MaxScale bounds Options.Scale (120,000 institutions).
const MaxScale = 1000

// settingKey records in the settings table that demo data was generated.
const settingKey = "demo_data"

// settingPending marks a generation that has begun but not finished.
const settingPending = "generating "

var (
	// ErrScale: Options.Scale is negative, not a number or above MaxScale.
	ErrScale = errors.New("demo: scale must be a number above 0 and at most 1000")
	// ErrNotEmpty: the database already holds accounts or institutions that
	// are not demo data; demo data goes only into a new database.
	ErrNotEmpty = errors.New("demo: the database already holds data; use a new database for the demo")
	// ErrUnfinished: an earlier generation stopped half-way.
	ErrUnfinished = errors.New("demo: an earlier demo data generation did not finish; use a new database")
	// ErrNoReferenceData: Yan'an's divisions are not loaded.
	ErrNoReferenceData = errors.New("demo: the reference data lacks Yan'an (610600) and its counties and townships")
)

// Random streams: each kind of data draws from its own stream, so adding a
// kind does not change the others.
const (
	streamInstitutions uint64 = iota + 1
	streamScenarios
	streamStories
	streamAccounts
)

// newRand returns the PCG generator of a stream (and an item within it) for a seed.
func newRand(seed int64, stream uint64, item int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), stream<<40|uint64(item)))
}

func (o Options) scale() (float64, error) {
	s := o.Scale
	if s == 0 {
		s = 1
	}
	if math.IsNaN(s) || s < 0 || s > MaxScale {
		return 0, ErrScale
	}
	return s, nil
}

func settingValue(seed int64, scale float64) string {
	return fmt.Sprintf("seed=%d scale=%g", seed, scale)
}

// Ensure generates the demo data on first start and records it in the
// settings; later calls generate nothing and report what is there.
func Ensure(ctx context.Context, svc *service.Service, opt Options) (Summary, error) {
	scale, err := opt.scale()
	if err != nil {
		return Summary{}, err
	}
	read := svc.DB.Read()
	done, err := read.Setting(ctx, settingKey)
	if err != nil {
		return Summary{}, err
	}
	if strings.HasPrefix(done, settingPending) {
		return Summary{}, ErrUnfinished
	}
	if done != "" {
		sum := Summary{Existing: true, Setting: done}
		fmt.Sscanf(done, "seed=%d scale=%g", &sum.Seed, &sum.Scale)
		return sum, sum.count(ctx, svc)
	}
	users, err := read.CountUsers(ctx)
	if err != nil {
		return Summary{}, err
	}
	insts, err := read.CountInstitutionsByStatus(ctx, creator.Scope())
	if err != nil {
		return Summary{}, err
	}
	if users > 0 || len(insts) > 0 {
		return Summary{}, ErrNotEmpty
	}

	started := time.Now()
	g, err := newGenerator(ctx, svc, opt.Seed, scale) // plans only: reads, no writes
	if err != nil {
		return Summary{}, err
	}
	value := settingValue(opt.Seed, scale)
	if err := record(ctx, svc, settingPending+value, "demo.start"); err != nil {
		return Summary{}, err
	}
	if svc.Log != nil {
		svc.Log.Info("generating demo data", "seed", opt.Seed, "scale", scale, "institutions", len(g.insts), "steps", len(g.tl.steps))
	}
	if err := g.run(ctx); err != nil {
		return Summary{}, err
	}
	if err := record(ctx, svc, value, "demo.generate"); err != nil {
		return Summary{}, err
	}
	sum := Summary{Seed: opt.Seed, Scale: scale, Setting: value, AccountsCreated: g.accounts, Materials: g.materials}
	if err := sum.count(ctx, svc); err != nil {
		return sum, err
	}
	sum.Elapsed = time.Since(started)
	if svc.Log != nil {
		svc.Log.Info("demo data generated", "institutions", sum.total(), "accounts", g.accounts, "elapsed", sum.Elapsed.Round(time.Millisecond))
	}
	return sum, nil
}

// record writes the demo setting and its audit event in one transaction.
func record(ctx context.Context, svc *service.Service, value, action string) error {
	detail, err := json.Marshal(map[string]string{settingKey: value})
	if err != nil {
		return err
	}
	return svc.DB.Tx(ctx, func(q store.Q) error {
		if err := q.SetSetting(ctx, settingKey, value); err != nil {
			return err
		}
		return q.Audit(ctx, domain.AuditEvent{At: svc.Now(), ActorName: creator.Username, Action: action, Entity: "setting", Detail: detail})
	})
}

// generator holds one generation's plan and what its steps created.
type generator struct {
	svc        *service.Service
	seed       int64
	cal        calendar
	counties   []*county
	insts      []*institution
	tl         timeline
	regulators map[string]authz.Actor // county code → its regulator
	sharedHash string

	accounts  int // accounts created
	materials int // scans uploaded
}

func newGenerator(ctx context.Context, svc *service.Service, seed int64, scale float64) (*generator, error) {
	g := &generator{svc: svc, seed: seed, cal: calendar{cal: svc.Calendar, today: svc.Today()}, regulators: map[string]authz.Actor{}}
	var err error
	if g.counties, err = loadCounties(ctx, svc); err != nil {
		return nil, err
	}
	g.insts, err = planInstitutions(seed, institutionCount(scale, len(g.counties)), g.counties, g.cal.today)
	if err != nil {
		return nil, err
	}
	assignScenarios(seed, g.insts)
	for _, in := range g.insts {
		in.rng = newRand(seed, streamStories, in.Index)
		g.story(in)
	}
	first := g.cal.today
	for _, s := range g.tl.steps {
		y, m, d := s.At.In(service.China).Date()
		if day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC); day.Before(first) {
			first = day
		}
	}
	g.setUp(g.cal.before(first, 5))
	g.guardian(g.cal.workdaysAgo(between(newRand(seed, streamAccounts, 2), 3, 30)))
	g.sharedHash = secure.HashPassword(Password)
	return g, nil
}

// loadCounties reads Yan'an's counties and their townships.
func loadCounties(ctx context.Context, svc *service.Service) ([]*county, error) {
	regions, err := svc.Regions(ctx, cityCode)
	if domain.ErrorCode(err) == domain.CodeNotFound || err == nil && len(regions) == 0 {
		return nil, ErrNoReferenceData
	}
	if err != nil {
		return nil, err
	}
	var out []*county
	hasNamed := map[string]bool{}
	for _, r := range regions {
		if r.Level != "county" {
			continue
		}
		towns, err := svc.Regions(ctx, r.Code)
		if err != nil {
			return nil, err
		}
		out = append(out, &county{Region: r, Short: shortCounty(r.Name), Townships: towns})
		hasNamed[r.Code] = true
	}
	if !hasNamed[baotaCode] || !hasNamed[ansaiCode] {
		return nil, ErrNoReferenceData
	}
	return out, nil
}

// run plays the steps in time order, each with the clock at its instant.
func (g *generator) run(ctx context.Context) error {
	for _, s := range g.tl.sorted() {
		if err := ctx.Err(); err != nil {
			return err
		}
		at := s.At
		if err := s.Run(ctx, g.svc.WithClock(func() time.Time { return at })); err != nil {
			return fmt.Errorf("demo step at %s: %w", at.Format(time.RFC3339), err)
		}
	}
	return nil
}
