package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"tuoyu/internal/stats"
)

// Township population figures are not published for Yan'an in the
// reference data (data/population.csv stops at the counties), so the demo
// makes some up to show the planning page's township gap: each county's
// census population is split over its townships by fixed weights drawn
// from the township codes, and the children under three are 2.5 % of it.
// They are imported through the population import as a version whose
// source says they are demo figures, not statistics.
const (
	demoPopulationYear   = 2020
	demoPopulationSource = "演示数据（虚构）：按区县普查人口拆分到乡镇，非真实统计 / demo figures, made up, not statistics"
	demoUnder3PerMille   = 25
)

// townshipPopulation imports the demo's township figures, resident and
// under three, as the city.
func (g *generator) townshipPopulation(ctx context.Context) error {
	started := time.Now()
	var resident, under3 strings.Builder
	resident.WriteString("region_code,year,value\n")
	under3.WriteString("region_code,year,value\n")
	rows := 0
	for _, c := range g.counties {
		if c.Region.Population == nil || *c.Region.Population <= 0 || len(c.Townships) == 0 {
			continue
		}
		weights := make([]uint64, len(c.Townships))
		var sum uint64
		for i, t := range c.Townships {
			h := fnv.New64a()
			h.Write([]byte(t.Code))
			weights[i] = 50 + h.Sum64()%150 // 50 … 199
			sum += weights[i]
		}
		total, left := uint64(*c.Region.Population), uint64(*c.Region.Population)
		for i, t := range c.Townships {
			n := total * weights[i] / sum
			if i == len(c.Townships)-1 {
				n = left
			}
			left -= n
			fmt.Fprintf(&resident, "%s,%d,%d\n", t.Code, demoPopulationYear, n)
			fmt.Fprintf(&under3, "%s,%d,%d\n", t.Code, demoPopulationYear, n*demoUnder3PerMille/1000)
			rows++
		}
	}
	if rows == 0 {
		return nil
	}
	st := stats.New(g.svc.DB, g.svc)
	for _, f := range []struct {
		kind, csv string
	}{{stats.PopulationResident, resident.String()}, {stats.PopulationUnder3, under3.String()}} {
		out, err := st.ImportPopulation(ctx, g.city, f.kind, demoPopulationSource, "demo-townships-"+f.kind+".csv", []byte(f.csv), true)
		if err != nil {
			return fmt.Errorf("demo township population %s: %w", f.kind, err)
		}
		if len(out.Problems) > 0 || !out.Stored {
			return fmt.Errorf("demo township population %s: %+v", f.kind, out.Problems)
		}
	}
	if g.svc.Log != nil {
		g.svc.Log.Info("township population imported", "townships", rows, "elapsed", time.Since(started).Round(time.Millisecond))
	}
	return nil
}
