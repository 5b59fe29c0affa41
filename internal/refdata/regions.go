// Package refdata parses the reference files embedded in tuoyu/data: China's
// administrative divisions, the official holiday calendars and population
// figures. Each call parses afresh (no package state); callers that need the
// data often keep the result.
package refdata

import (
	"io/fs"
	"slices"
	"strings"

	"tuoyu/data"
)

// Level is the tier of an administrative division.
type Level string

// The four tiers of the division table.
const (
	LevelProvince Level = "province" // 省级
	LevelCity     Level = "city"     // 地级
	LevelCounty   Level = "county"   // 县级
	LevelTownship Level = "township" // 乡级 (街道, 镇, 乡)
)

// Region is one administrative division. Codes are normalised: provinces,
// cities and counties have 6 digits (61 → 610000, 6106 → 610600), townships
// the 9-digit statistical code. ParentCode is empty for provinces and
// otherwise names a region that exists in Regions().
type Region struct {
	Code       string
	Name       string
	Level      Level
	ParentCode string
}

// IsGrouping reports whether r is a city-level row that is a statistical
// grouping rather than a city: 市辖区 and 县 of the municipalities (110100
// 市辖区 of Beijing, 500200 县 of Chongqing) and 省直辖县级行政区划 /
// 自治区直辖县级行政区划 (e.g. 429000, holding 仙桃市 429004). Such rows exist
// so that every county has a parent; pickers and address lines usually skip
// them.
func (r Region) IsGrouping() bool {
	if r.Level != LevelCity {
		return false
	}
	switch r.Name {
	case "市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划":
		return true
	}
	return false
}

// The region files, relative to data.Files.
const (
	provincesFile = "regions/provinces.csv"
	citiesFile    = "regions/cities.csv"
	areasFile     = "regions/areas.csv"
	streetsFile   = "regions/streets.csv.gz"
)

// Regions returns every province, city, county and township, sorted by code.
//
// Two quirks of the source are resolved here (see data/README.md):
//   - 东莞市 4419, 中山市 4420 and 儋州市 4604 have no districts; areas.csv
//     repeats each as a county with the city's own code (441900 …). The city
//     is kept and its townships hang directly under it.
//   - the township row 350527000 金门县 only repeats its county and is dropped.
func Regions() ([]Region, error) { return regionsFrom(data.Files) }

func regionsFrom(fsys fs.FS) ([]Region, error) {
	var regions []Region
	byCode := make(map[string]int, 45000) // code → index in regions
	add := func(row csvRow, column string, r Region) error {
		if _, dup := byCode[r.Code]; dup {
			return row.fail(column, ErrDuplicateCode)
		}
		byCode[r.Code] = len(regions)
		regions = append(regions, r)
		return nil
	}
	// parentExists checks the parent column against regions read so far;
	// the files go from the top tier down, so parents come first.
	parentExists := func(row csvRow, column, code string) error {
		if _, ok := byCode[code]; !ok {
			return row.fail(column, ErrMissingParent)
		}
		return nil
	}

	err := eachCSVRow(fsys, provincesFile, []string{"code", "name"}, func(row csvRow) error {
		code := row.get("code")
		if !isDigits(code, 2) {
			return row.fail("code", ErrInvalidCode)
		}
		return add(row, "code", Region{Code: code + "0000", Name: row.get("name"), Level: LevelProvince})
	})
	if err != nil {
		return nil, err
	}

	err = eachCSVRow(fsys, citiesFile, []string{"code", "name", "provinceCode"}, func(row csvRow) error {
		code, province := row.get("code"), row.get("provinceCode")
		if !isDigits(code, 4) {
			return row.fail("code", ErrInvalidCode)
		}
		if province != code[:2] {
			return row.fail("provinceCode", ErrInvalidCode)
		}
		if err := parentExists(row, "provinceCode", province+"0000"); err != nil {
			return err
		}
		return add(row, "code", Region{Code: code + "00", Name: row.get("name"), Level: LevelCity, ParentCode: province + "0000"})
	})
	if err != nil {
		return nil, err
	}

	err = eachCSVRow(fsys, areasFile, []string{"code", "name", "cityCode"}, func(row csvRow) error {
		code, city := row.get("code"), row.get("cityCode")
		if !isDigits(code, 6) {
			return row.fail("code", ErrInvalidCode)
		}
		if city != code[:4] {
			return row.fail("cityCode", ErrInvalidCode)
		}
		if err := parentExists(row, "cityCode", city+"00"); err != nil {
			return err
		}
		if i, ok := byCode[code]; ok && regions[i].Level == LevelCity && regions[i].Name == row.get("name") {
			return nil // a city without districts repeated as its own county
		}
		return add(row, "code", Region{Code: code, Name: row.get("name"), Level: LevelCounty, ParentCode: city + "00"})
	})
	if err != nil {
		return nil, err
	}

	err = eachCSVRow(fsys, streetsFile, []string{"code", "name", "areaCode"}, func(row csvRow) error {
		code, area := row.get("code"), row.get("areaCode")
		if !isDigits(code, 9) {
			return row.fail("code", ErrInvalidCode)
		}
		if area != code[:6] {
			return row.fail("areaCode", ErrInvalidCode)
		}
		if err := parentExists(row, "areaCode", area); err != nil {
			return err
		}
		if strings.HasSuffix(code, "000") && regions[byCode[area]].Name == row.get("name") {
			return nil // placeholder repeating the county
		}
		return add(row, "code", Region{Code: code, Name: row.get("name"), Level: LevelTownship, ParentCode: area})
	})
	if err != nil {
		return nil, err
	}

	slices.SortFunc(regions, func(a, b Region) int { return strings.Compare(a.Code, b.Code) })
	return regions, nil
}

func isDigits(s string, length int) bool {
	if len(s) != length {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
