package domain

import "time"

// StandardOverride is a city's or county's stricter figure for one setting
// of the national standard, with the local document that requires it.
type StandardOverride struct {
	RegionCode string `json:"region_code"`
	RegionName string `json:"region_name,omitempty"`
	// Level is "city" or "county", from the region code.
	Level     string    `json:"level"`
	Setting   string    `json:"setting"`
	RuleID    string    `json:"rule_id"`
	Value     int       `json:"value"`
	National  int       `json:"national"` // the national figure it tightens
	Source    string    `json:"source"`
	UpdatedAt time.Time `json:"updated_at"`
}
