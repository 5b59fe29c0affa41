package domain

import (
	"time"
)

// Kind of institution (docs/design.md §2; docs/domain-reference.md §3.5).
const (
	KindCentre       = "centre"       // 托育机构
	KindKindergarten = "kindergarten" // 幼儿园托班
	KindHome         = "home"         // 家庭托育点
	KindCommunity    = "community"    // 社区/嵌入式托育点
	KindEmployer     = "employer"     // 用人单位托育点
)

var Kinds = []string{KindCentre, KindKindergarten, KindHome, KindCommunity, KindEmployer}

// Nature of institution.
const (
	NaturePublic        = "public"         // 公办
	NaturePrivate       = "private"        // 民办
	NaturePublicPrivate = "public_private" // 公办民营
	NaturePrivatePublic = "private_public" // 民办公助
	NatureEmployerRun   = "employer_run"   // 单位办
)

var Natures = []string{NaturePublic, NaturePrivate, NaturePublicPrivate, NaturePrivatePublic, NatureEmployerRun}

// NatureChinese maps a nature to its Chinese name, which cnid's prefix table uses.
var NatureChinese = map[string]string{
	NaturePublic: "公办", NaturePrivate: "民办", NaturePublicPrivate: "公办民营",
	NaturePrivatePublic: "民办公助", NatureEmployerRun: "单位办",
}

// Care types (服务形式).
const (
	CareFullDay   = "full_day"  // 全日托
	CareHalfDay   = "half_day"  // 半日托
	CareHourly    = "hourly"    // 计时托
	CareTemporary = "temporary" // 临时托
)

var CareTypes = []string{CareFullDay, CareHalfDay, CareHourly, CareTemporary}

// Institution status follows its filings.
const (
	StatusUnfiled   = "unfiled"   // registered, no filing submitted yet
	StatusSubmitted = "submitted" // first filing awaiting review
	StatusReturned  = "returned"  // first filing returned for correction
	StatusFiled     = "filed"
	StatusCancelled = "cancelled"
	// StatusClosed: the county closed it after two failed annual reviews in
	// a row; its filing has ended.
	StatusClosed = "closed"
)

var InstitutionStatuses = []string{StatusUnfiled, StatusSubmitted, StatusReturned, StatusFiled, StatusCancelled, StatusClosed}

// StatusEnded reports whether an institution's service has ended (its
// filing cancelled, or closed by the county): it takes no new work.
func StatusEnded(status string) bool { return status == StatusCancelled || status == StatusClosed }

// CareOffer is one care type an institution offers, with its monthly fee
// (hourly care: fee per hour) in yuan.
type CareOffer struct {
	Type string  `json:"type"`
	Fee  float64 `json:"fee"`
}

// Institution is the registry entry. Fields that are filed are changed only
// through a filing; the registry keeps the currently filed (or first
// declared) values.
type Institution struct {
	ID             int64  `json:"id"`
	Name           string `json:"name"`
	CreditCode     string `json:"credit_code"`
	Kind           string `json:"kind"`
	Nature         string `json:"nature"`
	ForProfit      bool   `json:"for_profit"`
	RegionCode     string `json:"region_code"` // the county
	TownshipCode   string `json:"township_code"`
	Address        string `json:"address"`
	Phone          string `json:"phone"`
	LegalRep       string `json:"legal_rep"`
	PersonInCharge string `json:"person_in_charge"`
	Places         int    `json:"places"`
	PuhuiPlaces    int    `json:"puhui_places"`
	// Vacancies, Enrolled, Bands and Fees are the live figures (Figures),
	// filled in by the service from enrolments, classes and the fee
	// schedule; the filing's typed figures stay with the filing.
	Vacancies     int           `json:"vacancies"`
	Enrolled      int           `json:"enrolled"`
	Bands         []BandFigures `json:"bands"`
	Fees          []FeeInForce  `json:"fees"`
	Puhui         bool          `json:"puhui"`
	CareTypes     []CareOffer   `json:"care_types"`
	Status        string        `json:"status"`
	ReceiptNo     string        `json:"receipt_no,omitempty"`
	FiledOn       string        `json:"filed_on,omitempty"`
	Demonstration bool          `json:"demonstration"`
	CreatedAt     time.Time     `json:"created_at"`
	UpdatedAt     time.Time     `json:"updated_at"`
	// Warnings are advisory findings that do not block saving, such as a
	// credit-code prefix that does not fit the declared nature.
	Warnings []string `json:"warnings,omitempty"`
}

func oneOf(v string, allowed []string) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	return false
}

// PublicInstitution is what the public directory shows of a filed
// institution: public facts only.
type PublicInstitution struct {
	ID           int64       `json:"id"`
	Name         string      `json:"name"`
	Kind         string      `json:"kind"`
	Nature       string      `json:"nature"`
	Puhui        bool        `json:"puhui"`
	Address      string      `json:"address"`
	RegionCode   string      `json:"region_code"`
	RegionName   string      `json:"region_name"`
	TownshipCode string      `json:"township_code"`
	TownshipName string      `json:"township_name"`
	CareTypes    []CareOffer `json:"care_types"`
	Places       int         `json:"places"`
	// Vacancies, Enrolled, Bands and Fees are the live figures (Figures).
	Vacancies int           `json:"vacancies"`
	Enrolled  int           `json:"enrolled"`
	Bands     []BandFigures `json:"bands"`
	Fees      []FeeInForce  `json:"fees"`
	ReceiptNo string        `json:"receipt_no"`
	FiledOn   string        `json:"filed_on"`
}

// InstitutionFilter narrows institution lists.
type InstitutionFilter struct {
	Region   string // a county, city or province code, or a township code
	Status   string
	Kind     string
	Nature   string
	CareType string
	Puhui    *bool
	Q        string // part of the name or the credit code
}
