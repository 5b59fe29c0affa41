package api_test

import (
	"context"
	"fmt"
	"testing"

	"tuoyu/internal/stats"
	"tuoyu/internal/testkit"
)

func TestIndicatorsAPI(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			if _, err := e.app.Stats.Refresh(context.Background()); err != nil {
				t.Fatal(err)
			}
			var cat []stats.Indicator
			e.do("yanan", "GET", "/api/v1/indicators", nil, 200, &cat)
			if len(cat) < 40 {
				t.Fatalf("catalogue has %d indicators", len(cat))
			}
			e.do("parent1", "GET", "/api/v1/indicators", nil, 403, nil)

			// The two institutions are registered, not filed: each county
			// counts one, the city two.
			var vals []stats.Value
			e.do("yanan", "GET", "/api/v1/indicators/inst_total/values?region=610600&level=county&period=2026-09", nil, 200, &vals)
			got := map[string]string{}
			for _, v := range vals {
				if v.Value != nil {
					got[v.RegionCode] = fmt.Sprint(*v.Value)
				}
			}
			if got["610602"] != "1" || got["610603"] != "1" || len(vals) != 13 {
				t.Fatalf("counties: %v (%d rows)", got, len(vals))
			}
			e.do("baota", "GET", "/api/v1/indicators/inst_total/values?region=610602", nil, 200, &vals)
			if len(vals) != 1 || vals[0].Value == nil || *vals[0].Value != 1 {
				t.Fatalf("baota: %+v", vals)
			}
			e.do("baota", "GET", "/api/v1/indicators/inst_total/values?region=610603", nil, 404, nil)
			e.do("baota", "GET", "/api/v1/indicators/inst_total/values?region=610600", nil, 404, nil)
			e.do("director1", "GET", "/api/v1/indicators/inst_total/values?region=610602", nil, 404, nil)
			e.do("director1", "GET", "/api/v1/indicators/inst_total/values?level=institution", nil, 200, &vals)
			if len(vals) != 1 || vals[0].InstitutionID != e.inst["baota"] {
				t.Fatalf("director sees %+v", vals)
			}
			e.do("yanan", "GET", "/api/v1/indicators/nope/values", nil, 404, nil)
			e.do("yanan", "GET", "/api/v1/indicators/inst_total/values?period=2026-13", nil, 422, nil)

			var set stats.DataValueSet
			e.do("yanan", "GET", "/api/v1/dataValueSets?region=610600&level=county&period=2026-09", nil, 200, &set)
			found := false
			for _, dv := range set.DataValues {
				if dv.DataElement == "inst_registered" && dv.OrgUnit == "610602" {
					found = dv.Period == "202609" && dv.Value == "1"
				}
			}
			if !found {
				t.Fatalf("dataValueSet lacks inst_registered for 610602 in 202609 (%d values)", len(set.DataValues))
			}
		})
	}
}
