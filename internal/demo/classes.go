package demo

import (
	"context"
	"math"
	"sort"
	"time"

	"tuoyu/internal/domain"
	"tuoyu/internal/rules"
	"tuoyu/internal/service"
)

// class is a class of an institution, with the children it is planned to
// take and the caregivers the ratio needs for a full class.
type class struct {
	Name     string
	Type     string // domain.Class*
	Capacity int
	Children int // planned
	// Lo and Hi are the age band in completed months, [Lo, Hi).
	Lo, Hi int
	Ratio  int // children per caregiver
	Carers []*staffMember
	ID     int64 // set when created
}

// classMix shares an institution's places between class types by kind:
// centres take children from 6 months, kindergartens' 托班 mostly two-year-olds.
var classMix = map[string][]struct {
	Type   string
	Weight float64
}{
	domain.KindCentre:       {{domain.ClassInfant, 0.12}, {domain.ClassToddlerYoung, 0.38}, {domain.ClassToddlerOlder, 0.5}},
	domain.KindKindergarten: {{domain.ClassToddlerYoung, 0.2}, {domain.ClassToddlerOlder, 0.8}},
	domain.KindCommunity:    {{domain.ClassToddlerYoung, 0.4}, {domain.ClassToddlerOlder, 0.6}},
	domain.KindEmployer:     {{domain.ClassInfant, 0.1}, {domain.ClassToddlerYoung, 0.4}, {domain.ClassToddlerOlder, 0.5}},
}

var classPrefix = map[string]string{domain.ClassInfant: "乳儿", domain.ClassToddlerYoung: "托小", domain.ClassToddlerOlder: "托大", domain.ClassMixed: "混合"}

// smallMixed: at or below this many places an institution other than a
// home point runs mixed classes (混合班) only.
const smallMixed = 20

// planClasses sizes the classes from the institution's places and kind and
// fills them to 85-98 % (a home care point: one mixed class of at most 5).
func (g *generator) planClasses(op *operation) {
	r := newRand(g.seed, streamClasses, op.in.Index)
	d := op.in.Data
	std := rules.National()
	occupancy := uniform(r, 0.85, 0.98)
	fill := func(capacity int) int {
		return min(capacity, max(1, int(math.Round(float64(capacity)*(occupancy+uniform(r, -0.04, 0.04))))))
	}
	if d.Kind == domain.KindHome {
		capacity := min(std.HomePoint.MaxChildren, d.Places)
		lo, hi := homeBand(std)
		op.classes = []*class{{Name: "家庭托育班", Type: domain.ClassMixed, Capacity: capacity, Children: fill(capacity), Lo: lo, Hi: hi,
			Ratio: std.HomePoint.ChildrenPerCarer}}
		return
	}
	type share struct {
		Type   string
		Places int
	}
	var shares []share
	if d.Places <= smallMixed {
		shares = []share{{domain.ClassMixed, d.Places}}
	} else {
		for _, m := range classMix[d.Kind] {
			shares = append(shares, share{m.Type, int(math.Round(float64(d.Places) * m.Weight))})
		}
		// a share too small for a class goes to the largest
		sort.SliceStable(shares, func(i, j int) bool { return shares[i].Places > shares[j].Places })
		for i := len(shares) - 1; i > 0; i-- {
			if shares[i].Places < 5 {
				shares[0].Places += shares[i].Places
				shares = append(shares[:i], shares[i+1:]...)
			}
		}
		order := map[string]int{domain.ClassInfant: 0, domain.ClassToddlerYoung: 1, domain.ClassToddlerOlder: 2}
		sort.SliceStable(shares, func(i, j int) bool { return order[shares[i].Type] < order[shares[j].Type] })
	}
	total := 0
	for _, s := range shares {
		rule, _ := std.Class(rules.ClassType(s.Type))
		k := (s.Places + rule.MaxChildren - 1) / rule.MaxChildren
		capacity := (s.Places + k - 1) / k
		for i := range k {
			name := classPrefix[s.Type] + "班"
			if k > 1 {
				name = classPrefix[s.Type] + chineseOrdinals[i%len(chineseOrdinals)] + "班"
			}
			c := &class{Name: name, Type: s.Type, Capacity: capacity, Children: fill(capacity), Lo: rule.MinAgeMonths, Hi: rule.MaxAgeMonths,
				Ratio: rule.ChildrenPerCaregiver}
			total += c.Children
			op.classes = append(op.classes, c)
		}
	}
	// never more children than filed places
	for total > d.Places {
		big := op.classes[0]
		for _, c := range op.classes {
			if c.Children > big.Children {
				big = c
			}
		}
		big.Children--
		total--
	}
}

// homeBand is the age band of a home care point: any age a class type of
// the standard takes.
func homeBand(std rules.Standard) (lo, hi int) {
	return std.Infant.MinAgeMonths, std.ToddlerOlder.MaxAgeMonths
}

// carersNeeded is the number of caregivers a full class needs.
func (c *class) carersNeeded() int { return max(1, (c.Capacity+c.Ratio-1)/c.Ratio) }

// createClasses has the director create the classes on the day operations
// start, after the caregivers are entered.
func (g *generator) createClasses(op *operation) {
	when := at(op.live, 11, 0)
	for _, c := range op.classes {
		when = when.Add(time.Minute)
		g.add(op, when, func(ctx context.Context, svc *service.Service) error {
			ids := make([]int64, len(c.Carers))
			for i, m := range c.Carers {
				ids[i] = m.ID
			}
			out, err := svc.CreateClass(ctx, op.in.Director, op.in.ID, service.ClassInput{Name: c.Name, Type: c.Type, Capacity: c.Capacity, CaregiverIDs: ids})
			if err != nil {
				return op.errorf("class %s: %w", c.Name, err)
			}
			c.ID = out.ID
			return nil
		})
	}
}
