// Package demo generates realistic demonstration data for Tuoyu: Yan'an's
// institutions with their filing histories, the regulators who review them,
// the filed institutions' staff, classes and children with their recent
// daily records and last month's bills, and one account per role to try.
// The data is deterministic (the same seed gives the same data) and scales
// (Scale 10 gives ten times the institutions and children, for
// benchmarks).
//
// Everything is written through the service's use cases with the actors a
// real deployment would have, at past instants (service.WithClock), so each
// record carries its audit events and passed the same validation as a
// user's input.
//
// One file per kind of data: accounts.go, institutions.go, filings.go,
// materials.go; for every filed institution, operations.go plans its life
// after filing: staff.go (hires and certificates), classes.go, children.go
// (enrolment, guardians, invitations), attendance.go, checks.go (morning
// checks), carelogs.go and bills.go (fees, bills, payments); blacklist.go
// has the regulators' lifetime bans. supervision.go plans what the
// regulators do after filing (registrations, inspections, orders, annual
// reviews and the closure), complaints.go the complaints, CCTV registers
// and quality assessments; reports.go the counties' monthly reports, once
// the indicators are built. The word pools are in names.go and
// identity numbers in ids.go. A new kind adds a file, a random stream
// (streams below) and its steps to the timeline.
package demo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"tuoyu/internal/authz"
	"tuoyu/internal/daily"
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
	// 0 means 1. Staff, classes and children follow the institutions
	// (about 4,400 children at scale 1).
	Scale float64
	// Days is the number of school days (working days up to today) of
	// daily records: attendance, morning checks and care logs. 0 means
	// DefaultDays; at most MaxDays.
	Days int
	// Progress, when set, receives a progress bar of the generation (the
	// command line gives its standard error).
	Progress io.Writer
}

// DefaultDays is the daily-record history generated unless Options.Days
// says otherwise: about three months of school.
const DefaultDays = 60

// MaxDays bounds Options.Days.
const MaxDays = 250

// MaxScale bounds Options.Scale (120,000 institutions).
const MaxScale = 1000

// settingKey records in the settings table that demo data was generated.
const settingKey = "demo_data"

// settingPending marks a generation that has begun but not finished.
const settingPending = "generating "

var (
	// ErrScale: Options.Scale is negative, not a number or above MaxScale.
	ErrScale = errors.New("demo: scale must be a number above 0 and at most 1000")
	// ErrDays: Options.Days is negative or above MaxDays.
	ErrDays = errors.New("demo: days must be between 0 and 250")
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
	streamStaff
	streamClasses
	streamChildren
	streamDaily
	streamBills
	streamBlacklist
	streamCareLogs
	streamSupervision
	streamReports
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

func (o Options) days() (int, error) {
	switch {
	case o.Days == 0:
		return DefaultDays, nil
	case o.Days < 0 || o.Days > MaxDays:
		return 0, ErrDays
	}
	return o.Days, nil
}

func settingValue(seed int64, scale float64, days int) string {
	return fmt.Sprintf("seed=%d scale=%g days=%d", seed, scale, days)
}

// Ensure generates the demo data on first start and records it in the
// settings; later calls generate nothing and report what is there.
func Ensure(ctx context.Context, svc *service.Service, opt Options) (Summary, error) {
	scale, err := opt.scale()
	if err != nil {
		return Summary{}, err
	}
	days, err := opt.days()
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
		fmt.Sscanf(done, "seed=%d scale=%g days=%d", &sum.Seed, &sum.Scale, &sum.Days)
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
	g, err := newGenerator(ctx, svc, opt.Seed, scale, days) // plans only: reads, no writes
	if err != nil {
		return Summary{}, err
	}
	value := settingValue(opt.Seed, scale, days)
	if err := record(ctx, svc, settingPending+value, "demo.start"); err != nil {
		return Summary{}, err
	}
	if svc.Log != nil {
		svc.Log.Info("generating demo data", "seed", opt.Seed, "scale", scale, "institutions", len(g.insts), "steps", len(g.tl.steps))
	}
	// Generated data is written with relaxed durability: a crash leaves the
	// pending setting behind (ErrUnfinished), and the demo starts afresh.
	restore, err := svc.DB.Relax(ctx)
	if err != nil {
		return Summary{}, err
	}
	err = g.run(ctx, opt.Progress)
	if rerr := restore(); err == nil {
		err = rerr
	}
	if err != nil {
		return Summary{}, err
	}
	if err := buildStats(ctx, svc); err != nil {
		return Summary{}, err
	}
	if err := g.reports(ctx); err != nil {
		return Summary{}, err
	}
	if err := g.institutionReports(ctx); err != nil {
		return Summary{}, err
	}
	if err := g.townshipPopulation(ctx); err != nil {
		return Summary{}, err
	}
	if err := record(ctx, svc, value, "demo.generate"); err != nil {
		return Summary{}, err
	}
	sum := Summary{Seed: opt.Seed, Scale: scale, Days: days, Setting: value, AccountsCreated: g.accounts, Materials: g.materials}
	if err := sum.count(ctx, svc); err != nil {
		return sum, err
	}
	sum.Elapsed = time.Since(started)
	if svc.Log != nil {
		svc.Log.Info("demo data generated", "institutions", sum.total(), "accounts", g.accounts, "children", sum.Children,
			"attendance", sum.Attendance, "bills", sum.Bills, "elapsed", sum.Elapsed.Round(time.Millisecond))
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
	daily      *daily.Service // over svc; dl gives it a step's clock
	seed       int64
	cal        calendar
	now        time.Time // the clock when generation began: no step is later
	counties   []*county
	insts      []*institution
	tl         timeline
	regulators map[string]authz.Actor // county code → its regulator
	city       authz.Actor            // the city regulator
	founded    time.Time              // the platform's first day (setUp)
	sharedHash string

	// Operations of the filed institutions (operations.go).
	days     []time.Time       // the school days of daily records, oldest first
	ops      []*operation      // the filed institutions' operations
	used     map[string]bool   // identity numbers handed out
	children int               // children planned
	billing  billingPlan       // the month billed
	refusals []refusedHirePlan // hires the blacklist refuses
	carer1   authz.Actor       // carer1, once created
	parent1  *parentAccount    // parent1
	// parent1Kids are parent1's children, the elder first; parent1Linked
	// is when the account has claimed them; feverDay indexes days: the
	// younger one's fever (-1: none).
	parent1Kids   [2]*child
	parent1Linked time.Time
	feverDay      int
	// expiredAway is the staff member away from director1's institution
	// whose health certificate has lapsed.
	expiredAway *staffMember

	sup *supState // the supervision steps' shared state (supervision.go)

	accounts  int // accounts created
	materials int // scans uploaded
}

func newGenerator(ctx context.Context, svc *service.Service, seed int64, scale float64, days int) (*generator, error) {
	g := &generator{svc: svc, daily: daily.New(svc.DB, svc), seed: seed, cal: calendar{cal: svc.Calendar, today: svc.Today()}, now: svc.Now(), regulators: map[string]authz.Actor{},
		used: map[string]bool{}}
	var err error
	if g.counties, err = loadCounties(ctx, svc); err != nil {
		return nil, err
	}
	if err := g.plan(scale, days); err != nil {
		return nil, err
	}
	g.sharedHash = secure.HashPassword(Password)
	return g, nil
}

// dl is the daily-operations service over a step's clocked core service
// (one attendance writer for the whole generation).
func (g *generator) dl(svc *service.Service) *daily.Service { return g.daily.WithCore(svc) }

// plan schedules every step. It reads no clock and no database: the
// generator's calendar, clock and counties are given.
func (g *generator) plan(scale float64, days int) error {
	var err error
	g.insts, err = planInstitutions(g.seed, institutionCount(scale, len(g.counties)), g.counties, g.cal.today)
	if err != nil {
		return err
	}
	assignScenarios(g.seed, g.insts)
	for _, in := range g.insts {
		in.rng = newRand(g.seed, streamStories, in.Index)
		g.story(in)
	}
	first := g.cal.today
	for _, s := range g.tl.steps {
		y, m, d := s.At.In(service.China).Date()
		if day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC); day.Before(first) {
			first = day
		}
	}
	g.founded = g.cal.before(first, 5)
	g.setUp(g.founded)
	g.guardian(g.cal.workdaysAgo(between(newRand(g.seed, streamAccounts, 2), 3, 30)))
	if err := g.operations(days); err != nil {
		return err
	}
	g.planSupervision()
	return nil
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

// run plays the steps in time order, each with the clock at its instant,
// drawing a progress bar on progress (if any) with the day being written.
func (g *generator) run(ctx context.Context, progress io.Writer) error {
	steps := g.tl.sorted()
	var bar *progressbar.ProgressBar
	if progress != nil {
		bar = progressbar.NewOptions(len(steps), progressbar.OptionSetWriter(progress), progressbar.OptionSetWidth(30),
			progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true), progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(progress) }))
	}
	// The steps' use cases commit together, bulkSteps at a time (store.Bulk):
	// each still checks its input and writes its audit events, in a
	// savepoint of the load's transaction. They run under a context that is
	// never done (with a cancellable one, the SQLite driver starts a
	// goroutine for every statement); ctx is checked between steps.
	bulk, err := g.svc.DB.Bulk(ctx)
	if err != nil {
		return err
	}
	defer bulk.Close()
	run := context.WithoutCancel(ctx)
	day := ""
	for i, s := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		if i > 0 && i%bulkSteps == 0 {
			if err := bulk.Commit(run); err != nil {
				return err
			}
		}
		at := s.At
		if err := s.Run(run, g.svc.WithClock(func() time.Time { return at })); err != nil {
			return fmt.Errorf("demo step at %s: %w", at.Format(time.RFC3339), err)
		}
		if bar == nil {
			continue
		}
		if d := at.In(service.China).Format(time.DateOnly); d != day {
			day = d
			bar.Describe("生成演示数据 / generating demo data: " + g.phase(at) + " " + d)
		}
		_ = bar.Add(1)
	}
	if err := bulk.Commit(run); err != nil {
		return err
	}
	if bar != nil {
		_ = bar.Finish()
	}
	return nil
}

// bulkSteps is how many steps commit together.
const bulkSteps = 2000

// phase names what the steps of an instant write: the filing history
// before the operations' daily records begin, then the daily records.
func (g *generator) phase(at time.Time) string {
	if len(g.days) > 0 && !at.Before(g.days[0]) {
		return "出勤、晨检、保育记录与账单 / attendance, checks, care logs, bills"
	}
	return "机构、备案、人员与幼儿 / institutions, filings, staff, children"
}
