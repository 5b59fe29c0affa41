package refdata

import (
	"slices"
	"strings"
	"testing"
)

// Reference values: docs/domain-reference.md §9.3 (Yan'an divisions, NBS
// statistical division codes 2023 via modood/Administrative-divisions-of-China,
// tag GH-ADM) unless a comment says otherwise.

func loadRegions(t testing.TB) ([]Region, map[string]Region) {
	t.Helper()
	regions, err := Regions()
	if err != nil {
		t.Fatalf("Regions: %v", err)
	}
	byCode := make(map[string]Region, len(regions))
	for _, r := range regions {
		byCode[r.Code] = r
	}
	return regions, byCode
}

func childrenOf(regions []Region, parent string) []Region {
	var out []Region
	for _, r := range regions {
		if r.ParentCode == parent {
			out = append(out, r)
		}
	}
	return out
}

func TestRegionsSortedUniqueAndWellFormed(t *testing.T) {
	regions, byCode := loadRegions(t)
	if len(byCode) != len(regions) {
		t.Errorf("%d regions but %d distinct codes", len(regions), len(byCode))
	}
	if !slices.IsSortedFunc(regions, func(a, b Region) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("regions are not sorted by code")
	}
	wantLen := map[Level]int{LevelProvince: 6, LevelCity: 6, LevelCounty: 6, LevelTownship: 9}
	for _, r := range regions {
		if n, ok := wantLen[r.Level]; !ok || len(r.Code) != n {
			t.Errorf("%s %s: level %q with code length %d", r.Code, r.Name, r.Level, len(r.Code))
		}
		if r.Name == "" {
			t.Errorf("%s has no name", r.Code)
		}
	}
}

func TestEveryParentExists(t *testing.T) {
	regions, byCode := loadRegions(t)
	// A parent sits one tier up, except the townships of the three cities
	// without districts (东莞 441900, 中山 442000, 儋州 460400), which sit
	// directly under the city.
	tierAbove := map[Level][]Level{
		LevelCity:     {LevelProvince},
		LevelCounty:   {LevelCity},
		LevelTownship: {LevelCounty, LevelCity},
	}
	significantDigits := map[Level]int{LevelProvince: 2, LevelCity: 4, LevelCounty: 6}
	for _, r := range regions {
		if r.Level == LevelProvince {
			if r.ParentCode != "" {
				t.Errorf("province %s has parent %s", r.Code, r.ParentCode)
			}
			continue
		}
		parent, ok := byCode[r.ParentCode]
		if !ok {
			t.Errorf("%s %s: parent %q does not exist", r.Code, r.Name, r.ParentCode)
			continue
		}
		if !slices.Contains(tierAbove[r.Level], parent.Level) {
			t.Errorf("%s (%s) has parent %s of level %s", r.Code, r.Level, parent.Code, parent.Level)
		}
		if n := significantDigits[parent.Level]; r.Code[:n] != parent.Code[:n] {
			t.Errorf("%s does not start with the first %d digits of its parent %s", r.Code, n, parent.Code)
		}
	}
}

func TestLevelCounts(t *testing.T) {
	regions, _ := loadRegions(t)
	count := map[Level]int{}
	for _, r := range regions {
		count[r.Level]++
	}
	// 31 provincial-level divisions of the mainland (GB/T 2260); the other
	// figures are the line counts of the source CSVs (342 cities, 2978
	// areas, 41352 streets) minus the three cities repeated as counties and
	// the 金门县 placeholder township (data/README.md).
	want := map[Level]int{LevelProvince: 31, LevelCity: 342, LevelCounty: 2978 - 3, LevelTownship: 41352 - 1}
	for level, n := range want {
		if count[level] != n {
			t.Errorf("%s: %d regions, want %d", level, count[level], n)
		}
	}
}

func TestYanAn(t *testing.T) {
	regions, byCode := loadRegions(t)
	city, ok := byCode["610600"]
	if !ok || city.Name != "延安市" || city.Level != LevelCity || city.ParentCode != "610000" {
		t.Fatalf("610600 = %+v, want city 延安市 under 610000", city)
	}
	if p := byCode["610000"]; p.Name != "陕西省" || p.Level != LevelProvince {
		t.Errorf("610000 = %+v, want province 陕西省", p)
	}

	// §9.3 table: county code, name, and township-level count in 2023.
	wantCounties := []struct {
		code, name string
		townships  int
	}{
		{"610602", "宝塔区", 19}, {"610603", "安塞区", 11}, {"610621", "延长县", 8},
		{"610622", "延川县", 8}, {"610625", "志丹县", 8}, {"610626", "吴起县", 9},
		{"610627", "甘泉县", 6}, {"610628", "富县", 8}, {"610629", "洛川县", 9},
		{"610630", "宜川县", 7}, {"610631", "黄龙县", 7}, {"610632", "黄陵县", 6},
		{"610681", "子长市", 11},
	}
	counties := childrenOf(regions, "610600")
	if len(counties) != 13 {
		t.Fatalf("延安市 has %d county-level children, want 13", len(counties))
	}
	total := 0
	for i, want := range wantCounties {
		got := counties[i]
		if got.Code != want.code || got.Name != want.name || got.Level != LevelCounty {
			t.Errorf("county %d = %s %s (%s), want %s %s", i, got.Code, got.Name, got.Level, want.code, want.name)
		}
		towns := childrenOf(regions, want.code)
		if len(towns) != want.townships {
			t.Errorf("%s %s has %d townships, want %d", want.code, want.name, len(towns), want.townships)
		}
		total += len(towns)
	}
	if total != 117 {
		t.Errorf("延安市 has %d townships, want 117", total)
	}

	if r := byCode["610602001"]; r.Name != "宝塔山街道" || r.ParentCode != "610602" || r.Level != LevelTownship {
		t.Errorf("610602001 = %+v, want 宝塔山街道 under 610602", r)
	}
	// §9.3 caveat: 子长 is 610681 since 2019; the old county code 610623 must not appear.
	if r, ok := byCode["610623"]; ok {
		t.Errorf("outdated code 610623 present: %+v", r)
	}
	if r := byCode["610681001"]; r.Name != "瓦窑堡街道" {
		t.Errorf("610681001 = %q, want 瓦窑堡街道", r.Name)
	}
}

func TestSourceOddities(t *testing.T) {
	regions, byCode := loadRegions(t)
	cases := []struct {
		code, name string
		level      Level
		parent     string
		grouping   bool
	}{
		// Municipalities: districts hang under a 市辖区 grouping row.
		{"110100", "市辖区", LevelCity, "110000", true},
		{"110101", "东城区", LevelCounty, "110100", false},
		{"500200", "县", LevelCity, "500000", true},
		{"500229", "城口县", LevelCounty, "500200", false},
		// County-level cities administered directly by a province.
		{"429000", "省直辖县级行政区划", LevelCity, "420000", true},
		{"429004", "仙桃市", LevelCounty, "429000", false},
		{"659000", "自治区直辖县级行政区划", LevelCity, "650000", true},
		// Cities without districts: one region, townships directly under it.
		{"441900", "东莞市", LevelCity, "440000", false},
		{"442000", "中山市", LevelCity, "440000", false},
		{"460400", "儋州市", LevelCity, "460000", false},
		{"610600", "延安市", LevelCity, "610000", false},
	}
	for _, c := range cases {
		r, ok := byCode[c.code]
		if !ok {
			t.Errorf("%s missing", c.code)
			continue
		}
		if r.Name != c.name || r.Level != c.level || r.ParentCode != c.parent || r.IsGrouping() != c.grouping {
			t.Errorf("%s = %+v grouping=%v, want %s %s under %s grouping=%v", c.code, r, r.IsGrouping(), c.name, c.level, c.parent, c.grouping)
		}
	}
	// 36 township rows of 东莞 in the source streets.csv (grep -c ^441900).
	if n := len(childrenOf(regions, "441900")); n != 36 {
		t.Errorf("东莞市 has %d townships, want 36", n)
	}
	if r, ok := byCode["350527000"]; ok {
		t.Errorf("placeholder township kept: %+v", r)
	}
	if r := byCode["350527"]; r.Name != "金门县" || r.Level != LevelCounty {
		t.Errorf("350527 = %+v, want county 金门县", r)
	}
}

// BenchmarkRegions gives the parse time of the whole division table.
func BenchmarkRegions(b *testing.B) {
	for b.Loop() {
		if _, err := Regions(); err != nil {
			b.Fatal(err)
		}
	}
}
