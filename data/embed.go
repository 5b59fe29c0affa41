// Package data holds the reference files embedded in the binary. Each file's
// source is named in README.md; the parsers live in tuoyu/internal/refdata.
package data

import "embed"

// Files holds the region tables, the official holiday calendars and the
// population figures.
//
//go:embed README.md population.csv regions/provinces.csv regions/cities.csv regions/areas.csv regions/streets.csv.gz holidays/*.json
var Files embed.FS

// Stats holds the indicator catalogue (stats/indicators.json) and the
// tile-grid layouts of the dashboard maps (stats/tilegrid.json).
//
//go:embed stats/*.json
var Stats embed.FS
