package refdata

import (
	"maps"
	"slices"
	"time"

	"tuoyu/internal/workday"
)

// WorkdayCalendar builds the working-day calendar from the embedded official
// holiday files. Entries that fall in a year without its own file (2018-12-29
// to 2018-12-31, listed in 2019.json) are left out: otherwise that year would
// count as published while most of its holidays are unknown, and dates in it
// would lose their fallback flag.
func WorkdayCalendar() (*workday.Calendar, error) {
	byYear, err := Holidays()
	if err != nil {
		return nil, err
	}
	// Years in order, so that if two files gave the same date the newer
	// notice would win (workday.New keeps the later entry).
	var days []workday.Day
	for _, year := range slices.Sorted(maps.Keys(byYear)) {
		for _, h := range byYear[year] {
			date, err := time.Parse(time.DateOnly, h.Date)
			if err != nil {
				return nil, &FileError{File: holidaysDir, Field: "days.date", Value: h.Date, Err: ErrInvalidDate}
			}
			if _, published := byYear[date.Year()]; !published {
				continue
			}
			days = append(days, workday.Day{Date: date, OffDay: h.OffDay, Name: h.Name})
		}
	}
	return workday.New(days), nil
}
