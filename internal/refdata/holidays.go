package refdata

import (
	"encoding/json"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"

	"tuoyu/data"
)

// HolidayDay is one entry of an official holiday calendar.
type HolidayDay struct {
	Date   string // YYYY-MM-DD
	Name   string // e.g. 国庆节, or 国庆节、中秋节 when two holidays are joined
	OffDay bool   // true: day off (放假); false: make-up working day (调休上班)
}

// holidayFile is the holiday-cn file format
// (https://github.com/NateScarlet/holiday-cn, schema.json there).
type holidayFile struct {
	Year   int      `json:"year"`
	Papers []string `json:"papers"`
	Days   []struct {
		Name     string `json:"name"`
		Date     string `json:"date"`
		IsOffDay bool   `json:"isOffDay"`
	} `json:"days"`
}

const holidaysDir = "holidays"

// Holidays returns the official entries keyed by the year of the notice (the
// file's year). A year's list may start in the previous year when its New
// Year holiday spans 31 December: 2019 holds 2018-12-29..31 and 2023 holds
// 2022-12-31.
func Holidays() (map[int][]HolidayDay, error) { return holidaysFrom(data.Files) }

func holidaysFrom(fsys fs.FS) (map[int][]HolidayDay, error) {
	files, err := readHolidayFiles(fsys)
	if err != nil {
		return nil, err
	}
	out := make(map[int][]HolidayDay, len(files))
	for _, f := range files {
		days := make([]HolidayDay, len(f.Days))
		for i, d := range f.Days {
			days[i] = HolidayDay{Date: d.Date, Name: d.Name, OffDay: d.IsOffDay}
		}
		out[f.Year] = days
	}
	return out, nil
}

// HolidayPapers returns, per year, the URLs of the State Council notices
// (国务院办公厅关于…部分节假日安排的通知) the entries come from, for citing.
// The embedded files are checked by Holidays and its tests; a file that does
// not parse is left out here.
func HolidayPapers() map[int][]string {
	out := make(map[int][]string)
	entries, err := fs.ReadDir(data.Files, holidaysDir)
	if err != nil {
		return out
	}
	for _, e := range entries {
		if f, err := readHolidayFile(data.Files, e.Name()); err == nil {
			out[f.Year] = append([]string(nil), f.Papers...)
		}
	}
	return out
}

func readHolidayFiles(fsys fs.FS) ([]holidayFile, error) {
	entries, err := fs.ReadDir(fsys, holidaysDir)
	if err != nil {
		return nil, &FileError{File: holidaysDir, Err: ErrUnreadable}
	}
	var files []holidayFile
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		f, err := readHolidayFile(fsys, e.Name())
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

// readHolidayFile parses and checks holidays/<name>, e.g. 2026.json.
func readHolidayFile(fsys fs.FS, name string) (holidayFile, error) {
	file := path.Join(holidaysDir, name)
	var f holidayFile
	raw, err := fs.ReadFile(fsys, file)
	if err != nil {
		return f, &FileError{File: file, Err: ErrUnreadable}
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		return f, &FileError{File: file, Err: ErrUnreadable}
	}
	if strconv.Itoa(f.Year)+".json" != name {
		return f, &FileError{File: file, Field: "year", Value: strconv.Itoa(f.Year), Err: ErrYearMismatch}
	}
	for _, d := range f.Days {
		if _, err := time.Parse(time.DateOnly, d.Date); err != nil {
			return f, &FileError{File: file, Field: "days.date", Value: d.Date, Err: ErrInvalidDate}
		}
	}
	return f, nil
}
