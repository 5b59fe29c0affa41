package demo_test

import (
	"context"
	"reflect"
	"sort"
	"testing"
	"time"

	"tuoyu/internal/demo"
	"tuoyu/internal/domain"
	"tuoyu/internal/testkit"
)

// The public directory's vacancies and fees are the records': for every
// filed institution of the demo, places minus the children in its classes
// (per class type too) and the fee schedule rows in force, recomputed here
// through the class and fee use cases.
func TestPublicFiguresMatchRecords(t *testing.T) {
	ctx := context.Background()
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a := testkit.NewApp(t, b, testkit.DefaultNow)
			svc := a.Service
			if _, err := demo.Ensure(ctx, svc, demo.Options{Seed: 1, Scale: 0.1, Days: 1}); err != nil {
				t.Fatal(err)
			}
			var public []domain.PublicInstitution
			start := time.Now()
			for page := 1; ; page++ {
				list, total, err := svc.PublicDirectory(ctx, domain.InstitutionFilter{}, domain.Page{Page: page, PerPage: 50})
				if err != nil {
					t.Fatal(err)
				}
				public = append(public, list...)
				if len(list) == 0 || len(public) >= total {
					break
				}
			}
			t.Logf("public directory: %d institutions in %s", len(public), time.Since(start))
			filed := 0
			for _, in := range all(t, svc, system) {
				if in.Status == domain.StatusFiled {
					filed++
				}
			}
			if len(public) == 0 || len(public) != filed {
				t.Fatalf("public directory lists %d institutions, %d are filed", len(public), filed)
			}
			withChildren, withFees, withBands := 0, 0, 0
			for _, p := range public {
				classes, _, err := svc.Classes(ctx, system, p.ID, domain.Page{PerPage: 200})
				if err != nil {
					t.Fatal(err)
				}
				enrolled := 0
				capacity, inBand := map[string]int{}, map[string]int{}
				for _, c := range classes {
					enrolled += c.Enrolled
					inBand[c.Type] += c.Enrolled
					if !c.Archived {
						capacity[c.Type] += c.Capacity
					}
				}
				want := max(p.Places-enrolled, 0)
				if p.Vacancies != want || p.Enrolled != enrolled {
					t.Errorf("%s: %d enrolled, %d vacancies; the classes hold %d of %d places (%d vacant)", p.Name, p.Enrolled, p.Vacancies, enrolled, p.Places, want)
				}
				var bands []domain.BandFigures
				for typ, n := range capacity {
					bands = append(bands, domain.BandFigures{ClassType: typ, Capacity: n, Enrolled: inBand[typ], Vacancies: max(n-inBand[typ], 0)})
				}
				sort.Slice(bands, func(i, j int) bool { return bands[i].ClassType < bands[j].ClassType })
				if bands == nil {
					bands = []domain.BandFigures{}
				}
				if !reflect.DeepEqual(p.Bands, bands) {
					t.Errorf("%s: bands %+v, classes say %+v", p.Name, p.Bands, bands)
				}
				view, err := svc.FeeSchedule(ctx, system, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				fees := []domain.FeeInForce{}
				for _, f := range view.Items {
					if f.InForce {
						fees = append(fees, domain.FeeInForce{CareType: f.CareType, Unit: f.Unit, AmountFen: f.AmountFen, MealFeeDailyFen: f.MealFeeDailyFen, EffectiveFrom: f.EffectiveFrom})
					}
				}
				sort.Slice(fees, func(i, j int) bool { return fees[i].CareType < fees[j].CareType })
				if !reflect.DeepEqual(p.Fees, fees) {
					t.Errorf("%s: fees %+v, the schedule in force is %+v", p.Name, p.Fees, fees)
				}
				// The regulators' list and the institution page say the same.
				in, err := svc.Institution(ctx, system, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				if in.Vacancies != p.Vacancies || in.Enrolled != p.Enrolled || !reflect.DeepEqual(in.Fees, p.Fees) || !reflect.DeepEqual(in.Bands, p.Bands) {
					t.Errorf("%s: institution page %d/%d %+v, public %d/%d %+v", p.Name, in.Enrolled, in.Vacancies, in.Fees, p.Enrolled, p.Vacancies, p.Fees)
				}
				if enrolled > 0 {
					withChildren++
				}
				if len(fees) > 0 {
					withFees++
				}
				if len(bands) > 0 {
					withBands++
				}
			}
			// The check means something only if the demo has children, classes and fees.
			if withChildren == 0 || withFees == 0 || withBands == 0 {
				t.Errorf("of %d filed institutions %d have children, %d classes, %d fees in force", len(public), withChildren, withBands, withFees)
			}
		})
	}
}
