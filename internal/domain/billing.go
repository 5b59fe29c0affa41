package domain

import "time"

// Fee units of a fee schedule.
const (
	FeeMonthly = "monthly"
	FeeDaily   = "daily"
	FeeHourly  = "hourly" // 计时托
)

var FeeUnits = []string{FeeMonthly, FeeDaily, FeeHourly}

// Bill states: issued → part_paid → paid; waived (with a reason).
const (
	BillIssued   = "issued"
	BillPartPaid = "part_paid"
	BillPaid     = "paid"
	BillWaived   = "waived"
)

var BillStatuses = []string{BillIssued, BillPartPaid, BillPaid, BillWaived}

// Payment methods, recorded by hand (there is no payment gateway).
const (
	PayCash         = "cash"
	PayBankTransfer = "bank_transfer"
	PayWechat       = "wechat"
	PayAlipay       = "alipay"
	PayOther        = "other"
)

var PaymentMethods = []string{PayCash, PayBankTransfer, PayWechat, PayAlipay, PayOther}

// Reasons (catalog keys) of the billing checks.
const (
	ReasonBillAboveCap    = "bill_above_price_cap"
	ReasonBillCapUnit     = "bill_cap_other_unit"
	ReasonBillUnitForCare = "bill_unit_not_for_care_type"
	ReasonBillExceedsOwed = "bill_exceeds_outstanding"
	ReasonBillNotPositive = "bill_amount_not_positive"
	ReasonBillAmount      = "bill_bad_amount"
	ReasonBillMonth       = "bill_bad_month"
	ReasonBillNotCounty   = "bill_not_a_county"
	ReasonBillRounding    = "bill_rounding_not_allowed"
)

// FeeSchedule is an institution's fee for a care type from a date. Money in
// fen; the yuan strings are for display.
type FeeSchedule struct {
	ID              int64     `json:"id"`
	InstitutionID   int64     `json:"institution_id"`
	CareType        string    `json:"care_type"`
	Unit            string    `json:"unit"`
	AmountFen       int64     `json:"amount_fen"`
	Amount          string    `json:"amount"`
	MealFeeDailyFen int64     `json:"meal_fee_daily_fen"`
	MealFeeDaily    string    `json:"meal_fee_daily"`
	EffectiveFrom   string    `json:"effective_from"`
	InForce         bool      `json:"in_force"`
	CreatedAt       time.Time `json:"created_at"`
}

// PriceCap is a county's 普惠 price cap for a care type, with its source
// (the pricing document).
type PriceCap struct {
	RegionCode    string     `json:"region_code"`
	RegionName    string     `json:"region_name,omitempty"`
	CareType      string     `json:"care_type"`
	Unit          string     `json:"unit"`
	AmountFen     int64      `json:"amount_fen"`
	Amount        string     `json:"amount"`
	EffectiveFrom string     `json:"effective_from"`
	Source        string     `json:"source"`
	InForce       bool       `json:"in_force"`
	UpdatedAt     *time.Time `json:"updated_at,omitempty"`
}

// BillingSettings are an institution's billing rules that it may choose.
type BillingSettings struct {
	InstitutionID          int64 `json:"institution_id"`
	RefundMealFeeOnAbsence bool  `json:"refund_meal_fee_on_absence"`
	HourlyRoundingMinutes  int   `json:"hourly_rounding_minutes"`
	// PaymentInstructions tell guardians how to pay (shown on their bills).
	PaymentInstructions string     `json:"payment_instructions"`
	UpdatedAt           *time.Time `json:"updated_at,omitempty"`
}

// Bill is a child's monthly bill at an institution.
type Bill struct {
	ID              int64  `json:"id"`
	InstitutionID   int64  `json:"institution_id"`
	InstitutionName string `json:"institution_name"`
	// HowToPay is the institution's text on how to pay (a guardian's bill).
	HowToPay       string     `json:"how_to_pay,omitempty"`
	ChildID        int64      `json:"child_id"`
	ChildName      string     `json:"child_name"`
	Month          string     `json:"month"`
	Status         string     `json:"status"`
	TotalFen       int64      `json:"total_fen"`
	PaidFen        int64      `json:"paid_fen"`
	OutstandingFen int64      `json:"outstanding_fen"`
	Total          string     `json:"total"`
	Paid           string     `json:"paid"`
	Outstanding    string     `json:"outstanding"`
	WaiveReason    string     `json:"waive_reason,omitempty"`
	WaivedAt       *time.Time `json:"waived_at,omitempty"`
	IssuedAt       time.Time  `json:"issued_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	Lines          []BillLine `json:"lines,omitempty"`
	Payments       []Payment  `json:"payments,omitempty"`
	RegionCode     string     `json:"-"`
}

// BillLine is one line of a bill; Rules name the billing rules that
// produced it (internal/billing) and Detail the figures they used.
type BillLine struct {
	ID            int64          `json:"id"`
	CareType      string         `json:"care_type,omitempty"`
	Rules         []string       `json:"rules"`
	Description   string         `json:"description"`
	DescriptionEN string         `json:"description_en"`
	Quantity      float64        `json:"quantity"`
	UnitPriceFen  int64          `json:"unit_price_fen"`
	AmountFen     int64          `json:"amount_fen"`
	Amount        string         `json:"amount"`
	Detail        map[string]any `json:"detail,omitempty"`
}

// Payment is a payment recorded by hand against a bill.
type Payment struct {
	ID         int64     `json:"id"`
	BillID     int64     `json:"bill_id"`
	AmountFen  int64     `json:"amount_fen"`
	Amount     string    `json:"amount"`
	PaidOn     string    `json:"paid_on"`
	Method     string    `json:"method"`
	Note       string    `json:"note,omitempty"`
	RecordedBy string    `json:"recorded_by,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// BillFilter narrows a list of bills.
type BillFilter struct {
	Month  string
	Status string
}

// BillOutcome is what generating a month did for one child.
type BillOutcome struct {
	BillID    int64  `json:"bill_id,omitempty"`
	ChildID   int64  `json:"child_id"`
	ChildName string `json:"child_name"`
	TotalFen  int64  `json:"total_fen"`
	Status    string `json:"status,omitempty"`
	// Reason says why a bill was skipped: its state, a payment, no fee
	// schedule for the care type, nothing to bill, or a bill at another
	// institution for the month.
	Reason   string `json:"reason,omitempty"`
	CareType string `json:"care_type,omitempty"`
}

// BillRun is the result of generating a month's bills.
type BillRun struct {
	InstitutionID int64         `json:"institution_id"`
	Month         string        `json:"month"`
	Created       []BillOutcome `json:"created"`
	Replaced      []BillOutcome `json:"replaced"`
	Withdrawn     []BillOutcome `json:"withdrawn"`
	Skipped       []BillOutcome `json:"skipped"`
}

// BillMonthTotal is a month of an institution's bills added up.
type BillMonthTotal struct {
	Month          string `json:"month"`
	Bills          int    `json:"bills"`
	BilledFen      int64  `json:"billed_fen"`
	CollectedFen   int64  `json:"collected_fen"`
	OutstandingFen int64  `json:"outstanding_fen"`
	WaivedFen      int64  `json:"waived_fen"`
	Billed         string `json:"billed"`
	Collected      string `json:"collected"`
	Outstanding    string `json:"outstanding"`
	Waived         string `json:"waived"`
}
