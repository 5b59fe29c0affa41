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

// LiveCounts are the counts a filing reports that the records already
// know: children enrolled now (and of them 普惠) and staff employed now.
type LiveCounts struct {
	Enrolled      int `json:"enrolled"`
	PuhuiEnrolled int `json:"puhui_enrolled"`
	Caregivers    int `json:"caregivers"`
	FullTimeStaff int `json:"full_time_staff"`
	SecurityStaff int `json:"security_staff"`
}

// Fields gives the counts by their filing field names, vacancies (of the
// filing's places) included.
func (c LiveCounts) Fields(places int) map[string]int {
	return map[string]int{"enrolled": c.Enrolled, "puhui_enrolled": c.PuhuiEnrolled, "caregivers": c.Caregivers,
		"full_time_staff": c.FullTimeStaff, "security_staff": c.SecurityStaff, "vacancies": Vacant(places, c.Enrolled)}
}

// Apply writes the counts into a filing's form.
func (c LiveCounts) Apply(d *FilingData) {
	d.Enrolled, d.PuhuiEnrolled, d.Caregivers, d.FullTimeStaff, d.SecurityStaff = c.Enrolled, c.PuhuiEnrolled, c.Caregivers, c.FullTimeStaff, c.SecurityStaff
	d.Vacancies = Vacant(d.Places, c.Enrolled)
}

// CountFields gives a filing's typed counts by field name.
func (d FilingData) CountFields() map[string]int {
	return map[string]int{"enrolled": d.Enrolled, "puhui_enrolled": d.PuhuiEnrolled, "caregivers": d.Caregivers,
		"full_time_staff": d.FullTimeStaff, "security_staff": d.SecurityStaff, "vacancies": d.Vacancies}
}
