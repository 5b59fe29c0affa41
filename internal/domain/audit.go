package domain

import (
	"encoding/json"
	"time"
)

// AuditEvent records who did what to which record, when and from where.
// Audit rows are append-only.
type AuditEvent struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	ActorID   int64     `json:"actor_id,omitempty"`
	ActorName string    `json:"actor"`
	// ActorDisplayName is the actor's name as people know it, when they have one.
	ActorDisplayName string          `json:"actor_name,omitempty"`
	Action           string          `json:"action"`
	Entity           string          `json:"entity"`
	EntityID         int64           `json:"entity_id"`
	RegionCode       string          `json:"region_code,omitempty"`
	InstitutionID    int64           `json:"institution_id,omitempty"`
	InstitutionName  string          `json:"institution,omitempty"`
	Detail           json.RawMessage `json:"detail,omitempty"`
	IP               string          `json:"ip,omitempty"`
}

// Region is an administrative division with its population for a year.
type Region struct {
	Code           string `json:"code"`
	Name           string `json:"name"`
	Level          string `json:"level"`
	ParentCode     string `json:"parent_code,omitempty"`
	Population     *int64 `json:"population,omitempty"`
	PopulationYear int    `json:"population_year,omitempty"`
}

// Session is a login session or an API token, as its owner sees it.
type Session struct {
	ID         int64     `json:"id"`
	Kind       string    `json:"kind"` // "session" or "api_token"
	Name       string    `json:"name,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	UserAgent  string    `json:"user_agent,omitempty"`
	IP         string    `json:"ip,omitempty"`
	Current    bool      `json:"current"`
}

// Page asks for one page of a list.
type Page struct {
	Page    int
	PerPage int
}

// Normalised fills in defaults and bounds.
func (p Page) Normalised() Page {
	if p.Page < 1 {
		p.Page = 1
	}
	if p.PerPage < 1 {
		p.PerPage = 20
	}
	if p.PerPage > 200 {
		p.PerPage = 200
	}
	return p
}

func (p Page) Offset() int { return (p.Page - 1) * p.PerPage }
