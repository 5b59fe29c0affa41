package refdata

import (
	"bytes"
	"compress/gzip"
	"errors"
	"testing"
	"testing/fstest"
)

// Broken copies of the reference files must be rejected with a FileError that
// names the file, line and field, wrapping the matching sentinel.

func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// regionFiles is a minimal valid region set: one province, city, county and
// township; replace returns a copy with one file changed.
func regionFiles(t *testing.T, replace map[string]string) fstest.MapFS {
	t.Helper()
	files := map[string]string{
		provincesFile: "code,name\n61,\"陕西省\"\n",
		citiesFile:    "code,name,provinceCode\n6106,\"延安市\",61\n",
		areasFile:     "code,name,cityCode,provinceCode\n610602,\"宝塔区\",6106,61\n",
		streetsFile:   "code,name,areaCode,provinceCode,cityCode\n610602001,\"宝塔山街道\",610602,61,6106\n",
	}
	for name, content := range replace {
		files[name] = content
	}
	fsys := fstest.MapFS{}
	for name, content := range files {
		data := []byte(content)
		if name == streetsFile {
			data = gzipped(t, content)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	return fsys
}

func TestRegionsFromMinimalFiles(t *testing.T) {
	regions, err := regionsFrom(regionFiles(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	want := []Region{
		{"610000", "陕西省", LevelProvince, ""},
		{"610600", "延安市", LevelCity, "610000"},
		{"610602", "宝塔区", LevelCounty, "610600"},
		{"610602001", "宝塔山街道", LevelTownship, "610602"},
	}
	if len(regions) != len(want) {
		t.Fatalf("got %v", regions)
	}
	for i := range want {
		if regions[i] != want[i] {
			t.Errorf("region %d = %+v, want %+v", i, regions[i], want[i])
		}
	}
}

func TestBrokenRegionFiles(t *testing.T) {
	cases := []struct {
		name    string
		replace map[string]string
		file    string
		line    int
		field   string
		err     error
	}{
		{"missing column", map[string]string{citiesFile: "code,name\n6106,延安市\n"},
			citiesFile, 1, "provinceCode", ErrMissingColumn},
		{"short code", map[string]string{areasFile: "code,name,cityCode\n61062,宝塔区,6106\n"},
			areasFile, 2, "code", ErrInvalidCode},
		{"code outside its city", map[string]string{areasFile: "code,name,cityCode\n610702,宝塔区,6106\n"},
			areasFile, 2, "cityCode", ErrInvalidCode},
		{"unknown parent", map[string]string{areasFile: "code,name,cityCode\n610602,宝塔区,6106\n610702,汉台区,6107\n"},
			areasFile, 3, "cityCode", ErrMissingParent},
		{"duplicate", map[string]string{provincesFile: "code,name\n61,陕西省\n61,陕西省\n"},
			provincesFile, 3, "code", ErrDuplicateCode},
		{"letters in code", map[string]string{streetsFile: "code,name,areaCode\n61060200A,x,610602\n"},
			streetsFile, 2, "code", ErrInvalidCode},
		{"township of unknown county", map[string]string{streetsFile: "code,name,areaCode\n610603001,真武洞街道,610603\n"},
			streetsFile, 2, "areaCode", ErrMissingParent},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := regionsFrom(regionFiles(t, c.replace))
			var fe *FileError
			if !errors.As(err, &fe) || !errors.Is(err, c.err) {
				t.Fatalf("error %v, want FileError wrapping %v", err, c.err)
			}
			if fe.File != c.file || fe.Line != c.line || fe.Field != c.field {
				t.Errorf("error at %s:%d field %s, want %s:%d field %s", fe.File, fe.Line, fe.Field, c.file, c.line, c.field)
			}
		})
	}
}

func TestStreetsNotGzipped(t *testing.T) {
	fsys := regionFiles(t, nil)
	fsys[streetsFile] = &fstest.MapFile{Data: []byte("code,name,areaCode\n")}
	if _, err := regionsFrom(fsys); !errors.Is(err, ErrUnreadable) {
		t.Errorf("error %v, want ErrUnreadable", err)
	}
}

func TestBrokenPopulationFile(t *testing.T) {
	cases := []struct {
		content, field string
		err            error
	}{
		{"region_code,year,population,source\n610600,2020,2.28M,x\n", "population", ErrInvalidNumber},
		{"region_code,year,population,source\n610600,20,1,x\n", "year", ErrInvalidNumber},
		{"region_code,year,population,source\n6106,2020,1,x\n", "region_code", ErrInvalidCode},
		{"region_code,year,population\n610600,2020,1\n", "source", ErrMissingColumn},
	}
	for _, c := range cases {
		_, err := populationsFrom(fstest.MapFS{populationFile: {Data: []byte(c.content)}})
		var fe *FileError
		if !errors.As(err, &fe) || !errors.Is(err, c.err) || fe.Field != c.field {
			t.Errorf("%q: error %v, want %v on field %s", c.content, err, c.err, c.field)
		}
	}
}

func TestBrokenHolidayFile(t *testing.T) {
	cases := []struct {
		content, field string
		err            error
	}{
		{`{"year": 2025, "papers": [], "days": []}`, "year", ErrYearMismatch},
		{`{"year": 2026, "days": [{"name": "国庆节", "date": "2026-10-32", "isOffDay": true}]}`, "days.date", ErrInvalidDate},
		{`{"year": 2026, "days": [`, "", ErrUnreadable},
	}
	for _, c := range cases {
		_, err := holidaysFrom(fstest.MapFS{"holidays/2026.json": {Data: []byte(c.content)}})
		var fe *FileError
		if !errors.As(err, &fe) || !errors.Is(err, c.err) || fe.Field != c.field || fe.File != "holidays/2026.json" {
			t.Errorf("%q: error %v, want %v on field %q", c.content, err, c.err, c.field)
		}
	}
}
