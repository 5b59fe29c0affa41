package refdata

import (
	"io/fs"
	"strconv"

	"tuoyu/data"
)

// Population is the resident population of a region in a year. Source holds
// the confidence label and source tags of docs/domain-reference.md §9.3
// (e.g. "[S] P-census-counties"); data/README.md resolves the tags and says
// which figures are rounded.
type Population struct {
	RegionCode string
	Year       int
	Population int64
	Source     string
}

const populationFile = "population.csv"

// Populations returns the rows of population.csv in file order.
func Populations() ([]Population, error) { return populationsFrom(data.Files) }

func populationsFrom(fsys fs.FS) ([]Population, error) {
	var out []Population
	err := eachCSVRow(fsys, populationFile, []string{"region_code", "year", "population", "source"}, func(row csvRow) error {
		code := row.get("region_code")
		if !isDigits(code, 6) && !isDigits(code, 9) {
			return row.fail("region_code", ErrInvalidCode)
		}
		year, err := strconv.Atoi(row.get("year"))
		if err != nil || year < 1900 || year > 9999 {
			return row.fail("year", ErrInvalidNumber)
		}
		people, err := strconv.ParseInt(row.get("population"), 10, 64)
		if err != nil || people < 0 {
			return row.fail("population", ErrInvalidNumber)
		}
		out = append(out, Population{RegionCode: code, Year: year, Population: people, Source: row.get("source")})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
