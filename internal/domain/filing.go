package domain

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Filing states (docs/design.md §2): draft → submitted → filed | returned.
const (
	FilingDraft     = "draft"
	FilingSubmitted = "submitted"
	FilingFiled     = "filed"
	FilingReturned  = "returned"
	FilingWithdrawn = "withdrawn"
)

// Filing kinds: the first filing, a change of filed facts, and cancellation.
const (
	FilingInitial = "initial"
	FilingChange  = "change"
	FilingCancel  = "cancel"
)

// Material types of docs/domain-reference.md §3.2.
const (
	MaterialLicence     = "business_licence"
	MaterialPremises    = "premises"
	MaterialStaff       = "staff_qualifications"
	MaterialHealthEval  = "health_evaluation"
	MaterialFireSafety  = "fire_safety"
	MaterialFoodLicence = "food_licence"
	MaterialOther       = "other"
)

var MaterialTypes = []string{MaterialLicence, MaterialPremises, MaterialStaff, MaterialHealthEval, MaterialFireSafety, MaterialFoodLicence, MaterialOther}

// RequiredMaterials lists the materials a filing must carry before it is submitted.
func RequiredMaterials(d FilingData) []string {
	req := []string{MaterialLicence, MaterialPremises, MaterialStaff, MaterialHealthEval, MaterialFireSafety}
	if d.ServesFood {
		req = append(req, MaterialFoodLicence)
	}
	return req
}

// Premises nature (场所性质).
var PremisesNatures = []string{"owned", "leased", "provided"}

// FilingData is the filing form (备案书, docs/domain-reference.md §3.3). A filing
// keeps it as a snapshot; filing it copies the facts to the registry.
type FilingData struct {
	Name       string `json:"name"`
	Intro      string `json:"intro"`
	CreditCode string `json:"credit_code"`
	LegalRep   string `json:"legal_rep"`
	// LegalRepID is the plain ID number on input only; it is stored encrypted
	// (LegalRepIDEnc) and shown masked (LegalRepIDMasked).
	LegalRepID       string `json:"legal_rep_id,omitempty"`
	LegalRepIDEnc    string `json:"legal_rep_id_enc,omitempty"`
	LegalRepIDMasked string `json:"legal_rep_id_masked,omitempty"`
	PersonInCharge   string `json:"person_in_charge"`
	Phone            string `json:"phone"`
	FoundedOn        string `json:"founded_on"`

	Kind                  string `json:"kind"`
	Nature                string `json:"nature"`
	ForProfit             bool   `json:"for_profit"`
	RegistrationAuthority string `json:"registration_authority"`
	PremisesNature        string `json:"premises_nature"`

	TownshipCode string   `json:"township_code"`
	Address      string   `json:"address"`
	Lng          *float64 `json:"lng,omitempty"`
	Lat          *float64 `json:"lat,omitempty"`

	BuildingArea float64 `json:"building_area"`
	OutdoorArea  float64 `json:"outdoor_area"`
	LivingArea   float64 `json:"living_area"`
	RoomFloor    int     `json:"room_floor"`
	LeaseEnd     string  `json:"lease_end,omitempty"`

	FullTimeStaff int `json:"full_time_staff"`
	Caregivers    int `json:"caregivers"`
	SecurityStaff int `json:"security_staff"`

	Places        int `json:"places"`
	Vacancies     int `json:"vacancies"`
	Enrolled      int `json:"enrolled"`
	PuhuiPlaces   int `json:"puhui_places"`
	PuhuiEnrolled int `json:"puhui_enrolled"`

	CareTypes  []CareOffer `json:"care_types"`
	ServesFood bool        `json:"serves_food"`
	// Commitment is the 备案承诺书: the institution promises its statements are true.
	Commitment bool `json:"commitment"`
}

// Filing is one version of an institution's filing.
type Filing struct {
	ID            int64             `json:"id"`
	InstitutionID int64             `json:"institution_id"`
	Institution   string            `json:"institution_name,omitempty"`
	RegionCode    string            `json:"region_code"`
	Version       int               `json:"version"`
	Kind          string            `json:"kind"`
	Status        string            `json:"status"`
	Data          FilingData        `json:"data"`
	SubmittedAt   *time.Time        `json:"submitted_at,omitempty"`
	DueDate       string            `json:"due_date,omitempty"`
	DueFallback   bool              `json:"due_date_weekends_only,omitempty"`
	Overdue       bool              `json:"overdue"`
	DecidedAt     *time.Time        `json:"decided_at,omitempty"`
	ReceiptNo     string            `json:"receipt_no,omitempty"`
	ReturnReason  string            `json:"return_reason,omitempty"`
	ItemReasons   map[string]string `json:"item_reasons,omitempty"`
	Materials     []Material        `json:"materials"`
	CreatedAt     time.Time         `json:"created_at"`
	UpdatedAt     time.Time         `json:"updated_at"`
}

// Material is an uploaded scan; its content is fetched separately.
type Material struct {
	ID          int64     `json:"id"`
	FilingID    int64     `json:"filing_id"`
	Type        string    `json:"type"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	CreatedAt   time.Time `json:"created_at"`
	// InheritedFrom is the material of an earlier filed version this one
	// keeps (a change filing starts with them); 0 for one uploaded here.
	InheritedFrom int64 `json:"inherited_from,omitempty"`
	// InheritedVersion is the filing version it was uploaded with.
	InheritedVersion int `json:"inherited_version,omitempty"`
}

var (
	townshipRe = regexp.MustCompile(`^[1-9][0-9]{8}$`)
	phoneRe    = regexp.MustCompile(`^(1[3-9][0-9]{9}|0[1-9][0-9]{1,2}-?[1-9][0-9]{6,7}(-[0-9]{1,6})?)$`)
)

// Reasons are catalog keys (internal/i18n) so each language can show them.
const (
	ReasonRequired   = "required"
	ReasonTooLong    = "too_long"
	ReasonNotAllowed = "not_allowed"
	ReasonNegative   = "negative"
	ReasonDate       = "bad_date"
	ReasonFuture     = "in_future"
	ReasonPhone      = "bad_phone"
	ReasonTownship   = "bad_township"
	ReasonExceeds    = "exceeds_places"
	ReasonDuplicate  = "duplicate"
	ReasonCommitment = "commitment_required"
	ReasonHomeLimit  = "home_point_limit"
	ReasonRange      = "out_of_range"
)

// HomePointMaxPlaces is the 家庭托育点 limit (docs/domain-reference.md §3.5: ≤ 5 children).
const HomePointMaxPlaces = 5

// Normalise trims the text fields and upper-cases the credit code.
func (d *FilingData) Normalise() {
	for _, s := range []*string{&d.Name, &d.Intro, &d.CreditCode, &d.LegalRep, &d.LegalRepID, &d.PersonInCharge, &d.Phone, &d.FoundedOn, &d.Kind, &d.Nature, &d.RegistrationAuthority, &d.PremisesNature, &d.TownshipCode, &d.Address, &d.LeaseEnd} {
		*s = strings.TrimSpace(*s)
	}
	d.CreditCode = strings.ToUpper(d.CreditCode)
}

// Validate reports every problem with the form itself; today is the
// calendar date. Checks that need other data (the credit code, the
// township's county, ID numbers) are added by the service to the same Problems.
func (d *FilingData) Validate(today time.Time, p Problems) {
	text := func(field, v string, max int, required bool) {
		switch {
		case v == "" && required:
			p.Add(field, ReasonRequired)
		case utf8.RuneCountInString(v) > max:
			p.Add(field, ReasonTooLong)
		}
	}
	text("name", d.Name, 100, true)
	text("intro", d.Intro, 2000, false)
	text("legal_rep", d.LegalRep, 50, true)
	text("person_in_charge", d.PersonInCharge, 50, true)
	text("address", d.Address, 200, true)
	text("registration_authority", d.RegistrationAuthority, 100, false)
	if d.CreditCode == "" {
		p.Add("credit_code", ReasonRequired)
	}
	if d.Phone == "" {
		p.Add("phone", ReasonRequired)
	} else if !phoneRe.MatchString(strings.ReplaceAll(d.Phone, " ", "")) {
		p.Add("phone", ReasonPhone)
	}
	if d.FoundedOn != "" {
		if t, err := time.Parse(time.DateOnly, d.FoundedOn); err != nil {
			p.Add("founded_on", ReasonDate)
		} else if t.After(today) {
			p.Add("founded_on", ReasonFuture)
		}
	}
	p.Choice("kind", d.Kind, Kinds)
	p.Choice("nature", d.Nature, Natures)
	p.Choice("premises_nature", d.PremisesNature, PremisesNatures)
	if d.PremisesNature == "leased" && d.LeaseEnd == "" {
		p.Add("lease_end", ReasonRequired)
	}
	if d.LeaseEnd != "" {
		if _, err := time.Parse(time.DateOnly, d.LeaseEnd); err != nil {
			p.Add("lease_end", ReasonDate)
		}
	}
	if !townshipRe.MatchString(d.TownshipCode) {
		p.Add("township_code", ReasonTownship)
	}
	if d.Lng != nil && (*d.Lng < 73 || *d.Lng > 136) {
		p.Add("lng", ReasonRange)
	}
	if d.Lat != nil && (*d.Lat < 3 || *d.Lat > 54) {
		p.Add("lat", ReasonRange)
	}
	for field, v := range map[string]float64{"building_area": d.BuildingArea, "outdoor_area": d.OutdoorArea, "living_area": d.LivingArea} {
		p.Amount(field, v, 1e6)
	}
	if d.LivingArea > d.BuildingArea && d.BuildingArea > 0 {
		p.Add("living_area", ReasonRange)
	}
	if d.RoomFloor == 0 {
		p.Add("room_floor", ReasonRequired)
	} else if d.RoomFloor < -5 || d.RoomFloor > 100 {
		p.Add("room_floor", ReasonRange)
	}
	for field, v := range map[string]int{"full_time_staff": d.FullTimeStaff, "caregivers": d.Caregivers, "security_staff": d.SecurityStaff, "vacancies": d.Vacancies, "enrolled": d.Enrolled, "puhui_places": d.PuhuiPlaces, "puhui_enrolled": d.PuhuiEnrolled} {
		if v < 0 {
			p.Add(field, ReasonNegative)
		} else if v > 100000 {
			p.Add(field, ReasonRange)
		}
	}
	if d.Places <= 0 || d.Places > 100000 {
		p.Add("places", ReasonRange)
	}
	if d.Vacancies > d.Places {
		p.Add("vacancies", ReasonExceeds)
	}
	if d.Enrolled > d.Places {
		p.Add("enrolled", ReasonExceeds)
	}
	if d.PuhuiPlaces > d.Places {
		p.Add("puhui_places", ReasonExceeds)
	}
	if d.PuhuiEnrolled > d.Enrolled {
		p.Add("puhui_enrolled", ReasonExceeds)
	}
	if d.Kind == KindHome && d.Places > HomePointMaxPlaces {
		p.Add("places", ReasonHomeLimit)
	}
	if d.Caregivers > d.FullTimeStaff && d.FullTimeStaff > 0 {
		p.Add("caregivers", ReasonExceeds)
	}
	if len(d.CareTypes) == 0 {
		p.Add("care_types", ReasonRequired)
	}
	seen := map[string]bool{}
	for i, c := range d.CareTypes {
		f := fmt.Sprintf("care_types[%d]", i)
		if p.Choice(f+".type", c.Type, CareTypes) && seen[c.Type] {
			p.Add(f+".type", ReasonDuplicate)
		}
		seen[c.Type] = true
		p.Amount(f+".fee", c.Fee, 100000)
	}
}

// ReadyToSubmit adds the problems that block submission but not saving a draft.
func (d *FilingData) ReadyToSubmit(p Problems) {
	if !d.Commitment {
		p.Add("commitment", ReasonCommitment)
	}
}

// Change is one field that differs between two versions of filed facts.
type Change struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// Diff lists the fields whose values differ, by JSON name, in form order.
// Encrypted ID numbers are compared by their masked form.
func Diff(old, new FilingData) []Change {
	ov, nv := reflect.ValueOf(old), reflect.ValueOf(new)
	t := ov.Type()
	var out []Change
	for i := 0; i < t.NumField(); i++ {
		name := strings.Split(t.Field(i).Tag.Get("json"), ",")[0]
		if name == "legal_rep_id" || name == "legal_rep_id_enc" {
			continue
		}
		a, _ := json.Marshal(ov.Field(i).Interface())
		b, _ := json.Marshal(nv.Field(i).Interface())
		if string(a) != string(b) {
			out = append(out, Change{Field: name, Old: strings.Trim(string(a), `"`), New: strings.Trim(string(b), `"`)})
		}
	}
	return out
}
