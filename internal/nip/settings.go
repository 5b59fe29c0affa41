package nip

import (
	"fmt"
	"time"
)

// Settings holds the values the reference does not confirm. The zero value is not
// valid; start from DefaultSettings.
type Settings struct {
	// UnstatedIntervalDays is the minimum interval between two consecutive doses of
	// a series where §6.3 gives none (MMR 1→2, polio 3→4, DTaP 4→5, JE-I 2→3 and
	// 3→4, DT after DTaP 4). [U] Default 28 days, the interval §6.3 gives for
	// multi-dose primary series.
	UnstatedIntervalDays int
	// EffectiveDates replaces the effective date of an edition, keyed by edition ID
	// ("2021", "2025-dtap", "2026"). [U] for "2021" (the reference gives only the
	// year) and "2026" (notice dated 2026-06-17, published 2026-07).
	EffectiveDates map[string]time.Time
}

// DefaultSettings returns the documented defaults.
func DefaultSettings() Settings {
	return Settings{UnstatedIntervalDays: 28}
}

func (s Settings) validate() error {
	if s.UnstatedIntervalDays < 1 || s.UnstatedIntervalDays > 3660 {
		return fmt.Errorf("%w: UnstatedIntervalDays must be 1 to 3660, got %d", ErrSettings, s.UnstatedIntervalDays)
	}
	return nil
}
