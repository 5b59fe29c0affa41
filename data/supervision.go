package data

import "embed"

// Supervision holds the checklist templates the supervision context loads
// as their first versions (sources in README.md).
//
//go:embed supervision/*.json
var Supervision embed.FS
