package domain

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Daily records (issue 4 §4, §5, §10): attendance, caregivers' clock-in,
// morning and midday checks, the care log and the guardian's view of the day.

// Settings of the deployment (settings table) for daily records, with their
// defaults.
const (
	SettingFeverThreshold  = "daily.fever_threshold"  // °C, a check at or above it is flagged
	SettingCheckinDeadline = "daily.checkin_deadline" // HH:MM China time: expected children not in by then are an alert
	SettingClosingTime     = "daily.closing_time"     // HH:MM China time: children not collected by then are an alert
	SettingOpeningTime     = "daily.opening_time"     // HH:MM China time: when children usually arrive (the grid's default check-in time for a past day)

	// DefaultFeverThreshold: many institutions treat ≥ 37.3 °C (forehead) as
	// fever (docs/domain-reference.md §2, P-checklist; a practice value, not national).
	DefaultFeverThreshold  = 37.3
	DefaultCheckinDeadline = "09:30"
	DefaultClosingTime     = "18:00"
	DefaultOpeningTime     = "08:00"
)

// A temperature outside this range is a typing error, not a reading.
const (
	MinTemperature = 34.0
	MaxTemperature = 43.0
)

// MaxBatch is the largest list one attendance or health-check request takes.
const MaxBatch = 1000

// ClockSkew is how far ahead of the server's clock a check-in or check-out
// time may lie (a tablet's clock runs a little fast).
const ClockSkew = 5 * time.Minute

// DailySettings are the deployment's settings for daily records.
type DailySettings struct {
	FeverThreshold  float64 `json:"fever_threshold"`
	CheckinDeadline string  `json:"checkin_deadline"`
	ClosingTime     string  `json:"closing_time"`
	// OpeningTime may be left out of a change: it then keeps its value.
	OpeningTime string `json:"opening_time"`
}

// DefaultDailySettings are the settings when none are stored.
func DefaultDailySettings() DailySettings {
	return DailySettings{FeverThreshold: DefaultFeverThreshold, CheckinDeadline: DefaultCheckinDeadline, ClosingTime: DefaultClosingTime,
		OpeningTime: DefaultOpeningTime}
}

// Validate reports bad settings by field.
func (d DailySettings) Validate(p Problems) {
	if d.FeverThreshold < 36 || d.FeverThreshold > 39 {
		p.Add("fever_threshold", ReasonRange)
	}
	if _, ok := ParseHHMM(d.CheckinDeadline); !ok {
		p.Add("checkin_deadline", ReasonBadTime)
	}
	if _, ok := ParseHHMM(d.ClosingTime); !ok {
		p.Add("closing_time", ReasonBadTime)
	}
	a, _ := ParseHHMM(d.CheckinDeadline)
	b, _ := ParseHHMM(d.ClosingTime)
	if a > 0 && b > 0 && b <= a {
		p.Add("closing_time", ReasonRange)
	}
	// Children arrive before the check-in deadline passes.
	if o, ok := ParseHHMM(d.OpeningTime); !ok {
		p.Add("opening_time", ReasonBadTime)
	} else if a > 0 && o >= a {
		p.Add("opening_time", ReasonRange)
	}
}

// Reasons of daily records (catalog keys, internal/i18n/catalog_daily.go).
const (
	ReasonBadTime         = "bad_time"                  // not an RFC 3339 instant nor HH:MM
	ReasonNotOnDate       = "not_on_date"               // an instant on another day than the record's date
	ReasonOutBeforeIn     = "check_out_before_check_in" // check_out not after check_in
	ReasonNoCheckIn       = "no_check_in"               // a check-out without a check-in
	ReasonAbsentCheckedIn = "absent_but_checked_in"     // an absence together with a check-in or check-out
	ReasonPickupFormat    = "pickup_bad_format"         // not "guardian:<id>" or "pickup:<id>"
	ReasonPickupRefused   = "pickup_not_authorised"     // not a guardian or pick-up person of this child
	ReasonBeforeEnrolment = "before_enrolment"          // a date before the enrolment started
	ReasonNothingToRecord = "nothing_to_record"         // neither check-in, check-out nor absence
	ReasonNotAssigned     = "not_assigned_to_class"     // a caregiver not assigned to the class
	ReasonStaffNotLinked  = "staff_not_linked"          // the account is linked to no staff member
	ReasonOneOf           = "child_or_class"            // exactly one of child_id and class_id
	ReasonNothingToClear  = "nothing_to_clear"          // clear names a time that is not recorded
	ReasonCheckedOut      = "check_out_recorded"        // clearing the check-in while a check-out is recorded
)

// ParseHHMM reads "HH:MM" (00:00–23:59) as minutes after midnight.
func ParseHHMM(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	h, err1 := strconv.Atoi(s[:2])
	m, err2 := strconv.Atoi(s[3:])
	if err1 != nil || err2 != nil || h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, false
	}
	return h*60 + m, true
}

// AtMinutes is the instant of minutes after midnight on date (a calendar date at
// midnight UTC) in loc.
func AtMinutes(date time.Time, minutes int, loc *time.Location) time.Time {
	y, m, d := date.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc).Add(time.Duration(minutes) * time.Minute)
}

// ParseDayTime reads a time of a daily record: an RFC 3339 instant, or
// "HH:MM" local time (loc) on date. An instant must fall on date in loc.
func ParseDayTime(s string, date time.Time, loc *time.Location) (time.Time, string) {
	if mins, ok := ParseHHMM(s); ok {
		return AtMinutes(date, mins, loc), ""
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, ReasonBadTime
	}
	y, m, d := t.In(loc).Date()
	if dy, dm, dd := date.Date(); y != dy || m != dm || d != dd {
		return time.Time{}, ReasonNotOnDate
	}
	return t, ""
}

// ParseDayDate reads YYYY-MM-DD as midnight UTC; "" is today. A date after
// today is refused.
func ParseDayDate(s string, today time.Time) (time.Time, string) {
	if s == "" {
		return today, ""
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, ReasonDate
	}
	if t.After(today) {
		return t, ReasonFuture
	}
	return t, ""
}

// Absence reasons. A sick absence names the symptoms or the disease (出勤登记:
// "if absent for illness, note the disease name", docs/domain-reference.md §5.3).
const (
	AbsentSick     = "sick"
	AbsentPersonal = "personal"
	AbsentOther    = "other"
)

var AbsentReasons = []string{AbsentSick, AbsentPersonal, AbsentOther}

// Attendance states of a child on a day.
const (
	AttendanceNotIn   = "not_checked_in"
	AttendancePresent = "present"
	AttendanceLeft    = "left"
	AttendanceAbsent  = "absent"
)

var AttendanceStates = []string{AttendanceNotIn, AttendancePresent, AttendanceLeft, AttendanceAbsent}

// Pick-up keys name who collected a child: a guardian or an authorised
// pick-up person of that child.
const (
	PickupKindGuardian = "guardian"
	PickupKindPerson   = "pickup"
)

// ParsePickup splits "guardian:12" or "pickup:7".
func ParsePickup(s string) (kind string, id int64, ok bool) {
	kind, rest, found := strings.Cut(s, ":")
	if !found || (kind != PickupKindGuardian && kind != PickupKindPerson) {
		return "", 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != rest {
		return "", 0, false
	}
	return kind, id, true
}

// PickupKey is the inverse of ParsePickup.
func PickupKey(kind string, id int64) string { return fmt.Sprintf("%s:%d", kind, id) }

// AttendanceItem is one item of a batch: a check-in, a check-out (with who
// collected the child) or an absence of a child on a date. Times are RFC
// 3339 instants or "HH:MM" China time on that date. Fields left empty keep
// what is already recorded for the child on that date. Clear undoes a
// mistaken tap: it names recorded times to remove, "check_out" (which also
// removes picked_up_by) and "check_in" (refused while a check-out is
// recorded); an item that clears sets no time, absence or pick-up.
type AttendanceItem struct {
	ChildID      int64    `json:"child_id"`
	Date         string   `json:"date"`
	CheckIn      string   `json:"check_in,omitempty"`
	CheckOut     string   `json:"check_out,omitempty"`
	AbsentReason string   `json:"absent_reason,omitempty"`
	Symptoms     string   `json:"symptoms,omitempty"`
	Note         string   `json:"note,omitempty"`
	PickedUpBy   string   `json:"picked_up_by,omitempty"`
	Clear        []string `json:"clear,omitempty"`
}

// Normalise trims the text fields.
func (it *AttendanceItem) Normalise() {
	for _, s := range []*string{&it.Date, &it.CheckIn, &it.CheckOut, &it.AbsentReason, &it.Symptoms, &it.Note, &it.PickedUpBy} {
		*s = strings.TrimSpace(*s)
	}
}

// BatchItemError is the error of one item of a batch, in the API's error shape.
type BatchItemError struct {
	Code    Code              `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// Item statuses.
const (
	ItemOK     = "ok"
	ItemFailed = "error"
)

// BatchItem is the outcome of one item of a batch.
type BatchItem struct {
	Index  int             `json:"index"`
	Status string          `json:"status"`
	ID     int64           `json:"id,omitempty"`
	Error  *BatchItemError `json:"error,omitempty"`
}

// BatchOutcome answers a batch: one result per item, in order.
type BatchOutcome struct {
	Results []BatchItem `json:"results"`
	Applied int         `json:"applied"`
	Failed  int         `json:"failed"`
}

// BatchItemErrorOf turns a domain error into an item error (a validation error
// keeps its fields).
func BatchItemErrorOf(err *Error) *BatchItemError {
	return &BatchItemError{Code: err.Code, Message: err.Message, Fields: err.Fields}
}

// PickupOption is someone who may collect a child.
type PickupOption struct {
	Key      string `json:"key"`
	Name     string `json:"name"`
	Relation string `json:"relation"`
}

// Attendance is a child's day at the institution, or the lack of one.
type Attendance struct {
	ID             int64          `json:"id,omitempty"`
	ChildID        int64          `json:"child_id"`
	ChildName      string         `json:"child_name"`
	InstitutionID  int64          `json:"institution_id"`
	ClassID        int64          `json:"class_id"`
	ClassName      string         `json:"class_name"`
	CareType       string         `json:"care_type,omitempty"`
	Date           string         `json:"date"`
	Status         string         `json:"status"`
	CheckIn        *time.Time     `json:"check_in,omitempty"`
	CheckOut       *time.Time     `json:"check_out,omitempty"`
	AbsentReason   string         `json:"absent_reason,omitempty"`
	Symptoms       string         `json:"symptoms,omitempty"`
	Note           string         `json:"note,omitempty"`
	PickedUpBy     string         `json:"picked_up_by,omitempty"`
	PickedUpByName string         `json:"picked_up_by_name,omitempty"`
	PickupOptions  []PickupOption `json:"pickup_options,omitempty"`
	UpdatedAt      *time.Time     `json:"updated_at,omitempty"`
}

// StateOf names the state of a record.
func (a *Attendance) StateOf() string {
	switch {
	case a.AbsentReason != "":
		return AttendanceAbsent
	case a.CheckOut != nil:
		return AttendanceLeft
	case a.CheckIn != nil:
		return AttendancePresent
	}
	return AttendanceNotIn
}

// PresentDuring reports whether the record shows the child at the
// institution at some moment from from to to (one instant when they are
// equal): checked in by to and not checked out before from. An absent
// child, or one never checked in, is present at no time.
func (a *Attendance) PresentDuring(from, to time.Time) bool {
	return a.Attended() && !a.CheckIn.After(to) && (a.CheckOut == nil || !a.CheckOut.Before(from))
}

// Attended reports whether the child was checked in at all that day.
func (a *Attendance) Attended() bool {
	return a != nil && a.AbsentReason == "" && a.CheckIn != nil
}

// AttendanceSheet is an institution's class grid for one day.
type AttendanceSheet struct {
	InstitutionID int64        `json:"institution_id"`
	Date          string       `json:"date"`
	Expected      int          `json:"expected"`
	Present       int          `json:"present"`
	Left          int          `json:"left"`
	Absent        int          `json:"absent"`
	NotIn         int          `json:"not_checked_in"`
	Items         []Attendance `json:"items"`
}

// AttendanceMonth is a child's attendance history for a month.
type AttendanceMonth struct {
	ChildID     int64        `json:"child_id"`
	Month       string       `json:"month"`
	PresentDays int          `json:"present_days"`
	AbsentDays  int          `json:"absent_days"`
	Days        []Attendance `json:"days"`
}

// StaffAttendance is a caregiver's clock-in to a class.
type StaffAttendance struct {
	ID            int64      `json:"id"`
	StaffID       int64      `json:"staff_id"`
	StaffName     string     `json:"staff_name"`
	InstitutionID int64      `json:"institution_id"`
	ClassID       int64      `json:"class_id"`
	Date          string     `json:"date"`
	ClockIn       time.Time  `json:"clock_in"`
	ClockOut      *time.Time `json:"clock_out,omitempty"`
}

// ClassLive is a class right now: children present against caregivers
// present, coloured by the rules engine's RatioStatus.
type ClassLive struct {
	ClassID              int64      `json:"class_id"`
	Name                 string     `json:"name"`
	Type                 string     `json:"type"`
	Enrolled             int        `json:"enrolled"`
	Present              int        `json:"present"`
	CaregiversPresent    int        `json:"caregivers_present"`
	Caregivers           []StaffRef `json:"caregivers"`
	ChildrenPerCaregiver int        `json:"children_per_caregiver"`
	Ratio                string     `json:"ratio"` // green, amber, red
	// Mine: the caller is one of the class's caregivers.
	Mine bool `json:"mine"`
}

// AlertChild is a child named by an alert.
type AlertChild struct {
	ChildID   int64      `json:"child_id"`
	ChildName string     `json:"child_name"`
	ClassID   int64      `json:"class_id"`
	ClassName string     `json:"class_name"`
	CheckIn   *time.Time `json:"check_in,omitempty"`
}

// DailyAlerts are the home page's alerts for an institution on a date.
type DailyAlerts struct {
	InstitutionID int64         `json:"institution_id"`
	Date          string        `json:"date"`
	Settings      DailySettings `json:"settings"`
	// The deadlines have passed (always, for a past date).
	CheckinDeadlinePassed bool `json:"checkin_deadline_passed"`
	ClosingTimePassed     bool `json:"closing_time_passed"`
	// Expected but not checked in by the deadline (no absence recorded).
	NotCheckedIn []AlertChild `json:"not_checked_in"`
	// Checked in and not checked out by closing time.
	NotCollected []AlertChild `json:"not_collected"`
	// Checks of the day at or above the fever threshold.
	Fever []HealthCheck `json:"fever"`
}

// Morning and midday checks (晨午检).
const (
	CheckMorning = "morning"
	CheckMidday  = "midday"
)

var CheckKinds = []string{CheckMorning, CheckMidday}

// CheckItems are the items of 一摸二看三问四查 (docs/domain-reference.md §2:
// 摸 feel for fever and swollen parotids; 看 throat, skin, mental state;
// 问 eating, sleep, stools; 查 dangerous objects carried).
const (
	CheckTouchForehead = "touch_forehead" // 摸: fever
	CheckTouchParotid  = "touch_parotid"  // 摸: swollen parotid glands
	CheckLookThroat    = "look_throat"    // 看: throat
	CheckLookSkin      = "look_skin"      // 看: skin, rashes
	CheckLookSpirit    = "look_spirit"    // 看: mental state
	CheckAskEating     = "ask_eating"     // 问: eating
	CheckAskSleep      = "ask_sleep"      // 问: sleep
	CheckAskStool      = "ask_stool"      // 问: stools
	CheckPockets       = "check_pockets"  // 查: dangerous objects carried
)

var CheckItems = []string{CheckTouchForehead, CheckTouchParotid, CheckLookThroat, CheckLookSkin, CheckLookSpirit, CheckAskEating, CheckAskSleep, CheckAskStool, CheckPockets}

// Statuses of a check finding.
const (
	FindingNormal   = "normal"
	FindingAbnormal = "abnormal"
)

// Actions taken after a check.
const (
	ActionNone     = "none"
	ActionObserve  = "observe"   // watch through the day (全日健康观察)
	ActionRecheck  = "recheck"   // take the temperature again
	ActionIsolate  = "isolate"   // keep apart until collected
	ActionSentHome = "sent_home" // the guardian takes the child home
)

var CheckActions = []string{ActionNone, ActionObserve, ActionRecheck, ActionIsolate, ActionSentHome}

// CheckFinding is the result of one check item.
type CheckFinding struct {
	Status string `json:"status"`
	Note   string `json:"note,omitempty"`
}

// HealthCheckInput is one morning or midday check of a child.
type HealthCheckInput struct {
	ChildID     int64                   `json:"child_id"`
	Date        string                  `json:"date"`
	Kind        string                  `json:"kind"`
	Temperature *float64                `json:"temperature"`
	Findings    map[string]CheckFinding `json:"findings"`
	Action      string                  `json:"action"`
	Note        string                  `json:"note"`
}

// Validate checks the input on its own; field names are prefixed (e.g.
// "[2]."); today is the calendar date.
func (h *HealthCheckInput) Validate(today time.Time, prefix string, p Problems) time.Time {
	h.Kind, h.Action, h.Note, h.Date = strings.TrimSpace(h.Kind), strings.TrimSpace(h.Action), strings.TrimSpace(h.Note), strings.TrimSpace(h.Date)
	if h.ChildID <= 0 {
		p.Add(prefix+"child_id", ReasonRequired)
	}
	date, reason := ParseDayDate(h.Date, today)
	if reason != "" {
		p.Add(prefix+"date", reason)
	}
	if h.Kind == "" {
		p.Add(prefix+"kind", ReasonRequired)
	} else if !oneOf(h.Kind, CheckKinds) {
		p.Add(prefix+"kind", ReasonNotAllowed)
	}
	switch {
	case h.Temperature == nil:
		p.Add(prefix+"temperature", ReasonRequired)
	case math.IsNaN(*h.Temperature) || *h.Temperature < MinTemperature || *h.Temperature > MaxTemperature:
		p.Add(prefix+"temperature", ReasonRange)
	default:
		t := math.Round(*h.Temperature*10) / 10
		h.Temperature = &t
	}
	for k, f := range h.Findings {
		f.Status, f.Note = strings.TrimSpace(f.Status), strings.TrimSpace(f.Note)
		h.Findings[k] = f
		switch {
		case !oneOf(k, CheckItems):
			p.Add(prefix+"findings."+k, ReasonNotAllowed)
		case f.Status != FindingNormal && f.Status != FindingAbnormal:
			p.Add(prefix+"findings."+k, ReasonNotAllowed)
		case utf8.RuneCountInString(f.Note) > 200:
			p.Add(prefix+"findings."+k, ReasonTooLong)
		}
	}
	if h.Action == "" {
		h.Action = ActionNone
	} else if !oneOf(h.Action, CheckActions) {
		p.Add(prefix+"action", ReasonNotAllowed)
	}
	if utf8.RuneCountInString(h.Note) > 500 {
		p.Add(prefix+"note", ReasonTooLong)
	}
	return date
}

// HealthCheck is a recorded check.
type HealthCheck struct {
	ID            int64                   `json:"id"`
	ChildID       int64                   `json:"child_id"`
	ChildName     string                  `json:"child_name,omitempty"`
	InstitutionID int64                   `json:"institution_id"`
	Date          string                  `json:"date"`
	Kind          string                  `json:"kind"`
	Temperature   *float64                `json:"temperature"`
	Findings      map[string]CheckFinding `json:"findings"`
	Abnormal      []string                `json:"abnormal"`
	Action        string                  `json:"action"`
	Note          string                  `json:"note,omitempty"`
	Flagged       bool                    `json:"flagged"`
	SentHome      bool                    `json:"sent_home"`
	RecordedAt    time.Time               `json:"recorded_at"`
}

// Care log kinds.
const (
	CareMeal   = "meal"
	CareSleep  = "sleep"
	CareToilet = "toilet" // nappies or toilet
	CareMood   = "mood"
	CareNote   = "note"
)

var CareKinds = []string{CareMeal, CareSleep, CareToilet, CareMood, CareNote}

// Meals, how much was eaten, toilet events and moods.
var (
	Meals       = []string{"breakfast", "morning_snack", "lunch", "afternoon_snack", "dinner"}
	MealAmounts = []string{"all", "most", "half", "little", "none"}
	ToiletTypes = []string{"nappy_wet", "nappy_dirty", "nappy_dry", "toilet_urine", "toilet_stool", "accident"}
	Moods       = []string{"happy", "calm", "tired", "upset", "unwell"}
)

// CareDetail is the content of a care log entry; which fields apply
// depends on the kind: meal (meal, amount), sleep (from, to as HH:MM),
// toilet (type), mood (mood), note (text). Note is a remark on any kind.
type CareDetail struct {
	Meal   string `json:"meal,omitempty"`
	Amount string `json:"amount,omitempty"`
	From   string `json:"from,omitempty"`
	To     string `json:"to,omitempty"`
	Type   string `json:"type,omitempty"`
	Mood   string `json:"mood,omitempty"`
	Text   string `json:"text,omitempty"`
	Note   string `json:"note,omitempty"`
}

// CareLogInput is a care log entry for one child or a whole class.
type CareLogInput struct {
	ChildID int64      `json:"child_id,omitempty"`
	ClassID int64      `json:"class_id,omitempty"`
	Date    string     `json:"date"`
	Kind    string     `json:"kind"`
	Detail  CareDetail `json:"detail"`
	Publish bool       `json:"publish"`
}

// Validate checks an entry on its own and returns its date.
func (c *CareLogInput) Validate(today time.Time, p Problems) time.Time {
	d := &c.Detail
	for _, s := range []*string{&c.Date, &c.Kind, &d.Meal, &d.Amount, &d.From, &d.To, &d.Type, &d.Mood, &d.Text, &d.Note} {
		*s = strings.TrimSpace(*s)
	}
	if (c.ChildID > 0) == (c.ClassID > 0) {
		p.Add("child_id", ReasonOneOf)
	}
	date, reason := ParseDayDate(c.Date, today)
	if reason != "" {
		p.Add("date", reason)
	}
	// required, allowed: each field of the detail is either for this kind or must be empty.
	type rule struct {
		v        string
		allowed  []string // nil: free text
		required bool
	}
	fields := map[string]*rule{
		"meal": {v: d.Meal, allowed: Meals}, "amount": {v: d.Amount, allowed: MealAmounts},
		"from": {v: d.From}, "to": {v: d.To}, "type": {v: d.Type, allowed: ToiletTypes},
		"mood": {v: d.Mood, allowed: Moods}, "text": {v: d.Text},
	}
	var own []string
	switch c.Kind {
	case "":
		p.Add("kind", ReasonRequired)
	case CareMeal:
		own = []string{"meal", "amount"}
	case CareSleep:
		own = []string{"from", "to"}
	case CareToilet:
		own = []string{"type"}
	case CareMood:
		own = []string{"mood"}
	case CareNote:
		own = []string{"text"}
	default:
		p.Add("kind", ReasonNotAllowed)
	}
	for _, k := range own {
		fields[k].required = k != "to" // a sleep may still be going on
	}
	for name, r := range fields {
		field := "detail." + name
		mine := oneOf(name, own)
		switch {
		case !mine && r.v != "" && c.Kind != "":
			p.Add(field, ReasonNotAllowed)
		case mine && r.v == "" && r.required:
			p.Add(field, ReasonRequired)
		case mine && r.v != "" && r.allowed != nil && !oneOf(r.v, r.allowed):
			p.Add(field, ReasonNotAllowed)
		}
	}
	if c.Kind == CareSleep {
		from, okFrom := ParseHHMM(d.From)
		if d.From != "" && !okFrom {
			p.Add("detail.from", ReasonBadTime)
		}
		if d.To != "" {
			if to, ok := ParseHHMM(d.To); !ok {
				p.Add("detail.to", ReasonBadTime)
			} else if okFrom && to <= from {
				p.Add("detail.to", ReasonOutBeforeIn)
			}
		}
	}
	if utf8.RuneCountInString(d.Text) > 1000 {
		p.Add("detail.text", ReasonTooLong)
	}
	if utf8.RuneCountInString(d.Note) > 500 {
		p.Add("detail.note", ReasonTooLong)
	}
	return date
}

// CareLog is a care log entry. Guardians see it once it is published.
type CareLog struct {
	ID            int64      `json:"id"`
	InstitutionID int64      `json:"institution_id"`
	ClassID       int64      `json:"class_id"`
	ClassName     string     `json:"class_name,omitempty"`
	ChildID       int64      `json:"child_id,omitempty"`
	ChildName     string     `json:"child_name,omitempty"`
	WholeClass    bool       `json:"whole_class"`
	Date          string     `json:"date"`
	Kind          string     `json:"kind"`
	Detail        CareDetail `json:"detail"`
	Published     bool       `json:"published"`
	PublishedAt   *time.Time `json:"published_at,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
}

// ChildDay is the guardian's view of a child's day: check-in and check-out,
// the checks, and the published care log.
type ChildDay struct {
	ChildID      int64        `json:"child_id"`
	ChildName    string       `json:"child_name"`
	Date         string       `json:"date"`
	Attendance   *Attendance  `json:"attendance"`
	MorningCheck *HealthCheck `json:"morning_check"`
	MiddayCheck  *HealthCheck `json:"midday_check"`
	Meals        []CareLog    `json:"meals"`
	Sleep        []CareLog    `json:"sleep"`
	Toilet       []CareLog    `json:"toilet"`
	Mood         []CareLog    `json:"mood"`
	Notes        []CareLog    `json:"notes"`
}

// Notification kinds.
const (
	NotifyFever    = "fever"
	NotifySentHome = "sent_home"
)

// NotificationArgs are what a notification says, in no language: the edge
// renders them with the catalog keys of its kind
// ("daily.notify.<kind>.title" and ".body").
type NotificationArgs struct {
	Child       string `json:"child"`
	When        string `json:"when"`  // "2026-09-01 08:12", or the date alone
	Check       string `json:"check"` // a check kind (CheckKinds)
	Temperature string `json:"temperature"`
}

// Notification is an in-app message to a user. A notification stored
// before Args existed has its Chinese Title and Body and no Args.
type Notification struct {
	ID        int64             `json:"id"`
	Kind      string            `json:"kind"`
	Args      *NotificationArgs `json:"args,omitempty"`
	Title     string            `json:"title"`
	Body      string            `json:"body"`
	Link      string            `json:"link,omitempty"`
	CreatedAt time.Time         `json:"created_at"`
	ReadAt    *time.Time        `json:"read_at,omitempty"`
}
