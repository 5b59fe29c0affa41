package domain

// Figures are an institution's live numbers, computed from its records
// rather than typed into a filing: the children enrolled today, the
// vacancies (places minus them), per class type where the institution has
// classes, and the fee schedule in force. The public directory, the
// institution page and the regulators' lists all show these.
type Figures struct {
	Places    int `json:"places"`
	Enrolled  int `json:"enrolled"`
	Vacancies int `json:"vacancies"`
	// Bands are the places and vacancies per class type (age band), from
	// the institution's classes; empty when it has none.
	Bands []BandFigures `json:"bands"`
	// Fees are the fee schedule rows in force today, one per care type.
	Fees []FeeInForce `json:"fees"`
}

// BandFigures are the figures of one class type (乳儿班, 托小班, …).
type BandFigures struct {
	ClassType string `json:"class_type"`
	Capacity  int    `json:"capacity"`
	Enrolled  int    `json:"enrolled"`
	Vacancies int    `json:"vacancies"`
}

// FeeInForce is the fee schedule row of a care type in force on a day.
type FeeInForce struct {
	CareType        string `json:"care_type"`
	Unit            string `json:"unit"`
	AmountFen       int64  `json:"amount_fen"`
	MealFeeDailyFen int64  `json:"meal_fee_daily_fen"`
	EffectiveFrom   string `json:"effective_from"`
}

// Vacant is places minus enrolled, never below zero.
func Vacant(places, enrolled int) int {
	if enrolled >= places {
		return 0
	}
	return places - enrolled
}
