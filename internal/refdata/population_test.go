package refdata

import (
	"strings"
	"testing"
)

// Reference values: docs/domain-reference.md §9.3, Yan'an 7th census (2020)
// resident population [C] P-census-city, county figures P-census-counties
// (exact for 宝塔区 P-baota, 黄龙县 P-huanglong, 子长市 P-zichang; the ten others
// rounded to the nearest 100, "≈"), 2022 [S] P-wiki-yanan, 2023 [S] P-yan-2023.
func TestPopulations(t *testing.T) {
	rows, err := Populations()
	if err != nil {
		t.Fatalf("Populations: %v", err)
	}
	regions, err := Regions()
	if err != nil {
		t.Fatalf("Regions: %v", err)
	}
	parent := make(map[string]string, len(regions))
	for _, r := range regions {
		parent[r.Code] = r.ParentCode
	}

	city := map[int]int64{}
	var countySum int64
	counties := map[string]int64{}
	for _, p := range rows {
		if !strings.HasPrefix(p.Source, "[C] ") && !strings.HasPrefix(p.Source, "[S] ") {
			t.Errorf("%s %d: source %q lacks a confidence label", p.RegionCode, p.Year, p.Source)
		}
		switch {
		case p.RegionCode == "610600":
			city[p.Year] = p.Population
		case parent[p.RegionCode] == "610600" && p.Year == 2020:
			counties[p.RegionCode] = p.Population
			countySum += p.Population
		default:
			t.Errorf("unexpected row %+v", p)
		}
	}

	wantCity := map[int]int64{2020: 2_282_581, 2022: 2_267_600, 2023: 2_261_400}
	for year, want := range wantCity {
		if city[year] != want {
			t.Errorf("延安市 %d: %d, want %d", year, city[year], want)
		}
	}
	if len(counties) != 13 {
		t.Errorf("%d county rows for 2020, want 13", len(counties))
	}
	exact := map[string]int64{"610602": 640_951, "610631": 41_198, "610681": 217_735}
	for code, want := range exact {
		if counties[code] != want {
			t.Errorf("%s 2020: %d, want %d", code, counties[code], want)
		}
	}
	// Ten county figures are rounded to the nearest 100, so the sum may
	// differ from the census total by at most 10 × 50.
	const roundingTolerance = 10 * 50
	if diff := countySum - wantCity[2020]; diff < -roundingTolerance || diff > roundingTolerance {
		t.Errorf("county sum %d differs from city total %d by %d, more than %d", countySum, wantCity[2020], diff, roundingTolerance)
	}
}
