package domain

import "time"

// Staff posts (岗位, docs/design.md §2); the values match the rules package's.
const (
	PostDirector  = "director"  // 负责人
	PostCaregiver = "caregiver" // 保育员
	PostHealth    = "health"    // 保健员
	PostSecurity  = "security"  // 保安
	PostCook      = "cook"      // 炊事
	PostTeacher   = "teacher"   // 教师
	PostOther     = "other"
)

var Posts = []string{PostDirector, PostCaregiver, PostHealth, PostSecurity, PostCook, PostTeacher, PostOther}

// Certificate kinds a staff member holds. The first five are the ones the
// setting-up standard checks by kind; the others count as qualifications
// whose expiry is watched.
const (
	CertHealth              = "health"                  // 健康合格证明
	CertNoCriminalRecord    = "no_criminal_record"      // 无犯罪记录证明
	CertDirectorTraining    = "director_training"       // 负责人岗位培训合格证明
	CertHealthStaffTraining = "health_staff_training"   // 卫生保健培训合格证明
	CertSecurityGuard       = "security_guard"          // 保安员证
	CertCaregiver           = "caregiver_qualification" // 保育师、育婴员等职业资格
	CertTeacher             = "teacher_qualification"   // 教师资格证
	CertTraining            = "training"                // 培训记录（学时）
	CertOther               = "other"
)

var CertKinds = []string{CertHealth, CertNoCriminalRecord, CertDirectorTraining, CertHealthStaffTraining, CertSecurityGuard,
	CertCaregiver, CertTeacher, CertTraining, CertOther}

// Education levels, lowest first.
const (
	EduJuniorHigh    = "junior_high"    // 初中及以下
	EduSeniorHigh    = "senior_high"    // 高中、中专
	EduJuniorCollege = "junior_college" // 大专
	EduBachelor      = "bachelor"       // 本科
	EduPostgraduate  = "postgraduate"   // 研究生
)

var EducationLevels = []string{EduJuniorHigh, EduSeniorHigh, EduJuniorCollege, EduBachelor, EduPostgraduate}

// Staff is a person as an institution or a regulator sees them, with the
// employment through which they are seen. The ID number is only ever shown
// masked.
type Staff struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Sex  string `json:"sex"`
	// BirthDate comes from the ID number; it is not shown, as it would
	// reveal the digits the mask hides.
	BirthDate       string  `json:"-"`
	IDMasked        string  `json:"id_masked"`
	Phone           string  `json:"phone"`
	Education       string  `json:"education"`
	ManagementYears int     `json:"management_years"`
	TrainingHours   float64 `json:"training_hours"`
	// Employment: the one through which the person is seen (the open one
	// when there is one in scope).
	EmploymentID    int64  `json:"employment_id"`
	InstitutionID   int64  `json:"institution_id"`
	InstitutionName string `json:"institution_name,omitempty"`
	Post            string `json:"post"`
	FullTime        bool   `json:"full_time"`
	StartDate       string `json:"start_date"`
	EndDate         string `json:"end_date,omitempty"`
	// Employments lists every employment in the reader's scope, newest first
	// (one-person views only).
	Employments  []Employment       `json:"employments,omitempty"`
	Certificates []StaffCertificate `json:"certificates"`
	// Blacklisted: an active lifetime-ban entry names this person.
	Blacklisted bool      `json:"blacklisted"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Employment is one spell of work at one institution.
type Employment struct {
	ID              int64  `json:"id"`
	StaffID         int64  `json:"staff_id"`
	InstitutionID   int64  `json:"institution_id"`
	InstitutionName string `json:"institution_name,omitempty"`
	RegionCode      string `json:"region_code,omitempty"`
	Post            string `json:"post"`
	FullTime        bool   `json:"full_time"`
	StartDate       string `json:"start_date"`
	EndDate         string `json:"end_date,omitempty"`
}

// StaffCertificate is a qualification, health certificate, no-criminal-record
// certificate or training record. Dates are YYYY-MM-DD; ExpiresOn "" does not
// expire (a health certificate then lasts a year from issue).
type StaffCertificate struct {
	ID        int64     `json:"id"`
	StaffID   int64     `json:"staff_id"`
	Kind      string    `json:"kind"`
	Name      string    `json:"name"`
	Number    string    `json:"number"`
	IssuedOn  string    `json:"issued_on"`
	ExpiresOn string    `json:"expires_on,omitempty"`
	Hours     float64   `json:"hours"`
	CreatedAt time.Time `json:"created_at"`
}

// ExpiringDocument is a certificate of a current staff member that has
// expired or expires soon, for the director's home page.
type ExpiringDocument struct {
	CertificateID   int64  `json:"certificate_id"`
	StaffID         int64  `json:"staff_id"`
	StaffName       string `json:"staff_name"`
	Post            string `json:"post"`
	InstitutionID   int64  `json:"institution_id"`
	InstitutionName string `json:"institution_name"`
	Kind            string `json:"kind"`
	Name            string `json:"name"`
	Number          string `json:"number"`
	// ExpiresOn is the last valid day: the recorded expiry, or for a health
	// certificate without one, a year after issue.
	ExpiresOn string `json:"expires_on"`
	IssuedOn  string `json:"issued_on"`
	DaysLeft  int    `json:"days_left"`
	Expired   bool   `json:"expired"`
}

// BlacklistEntry is a lifetime ban (终身禁入) on working in child care.
type BlacklistEntry struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	IDMasked   string     `json:"id_masked"`
	RegionCode string     `json:"region_code"`
	Reason     string     `json:"reason"`
	AddedBy    string     `json:"added_by"`
	AddedAt    time.Time  `json:"added_at"`
	Active     bool       `json:"active"`
	LiftedAt   *time.Time `json:"lifted_at,omitempty"`
	LiftedBy   string     `json:"lifted_by,omitempty"`
	LiftReason string     `json:"lift_reason,omitempty"`
}

// Finding is one result of the compliance rules for an institution.
type Finding struct {
	Rule      string `json:"rule"`
	Severity  string `json:"severity"` // "violation" or "warning"
	Message   string `json:"message"`  // Chinese
	MessageEN string `json:"message_en"`
	Subject   string `json:"subject"`
	Source    string `json:"source"` // the legal basis, document and clause
	SourceEN  string `json:"source_en"`
}

// Basis is the finding's legal basis in a language ("zh" or "en").
func (f Finding) Basis(lang string) string {
	if lang == "en" {
		return f.SourceEN
	}
	return f.Source
}

// ComplianceSummary counts one institution's findings, for the ranked list.
type ComplianceSummary struct {
	InstitutionID int64  `json:"institution_id"`
	Name          string `json:"name"`
	RegionCode    string `json:"region_code"`
	TownshipCode  string `json:"township_code"`
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Violations    int    `json:"violations"`
	Warnings      int    `json:"warnings"`
}

// Settings of the checks made at hiring (the settings table).
const (
	SettingStaffMaxAge               = "staff.max_age"                       // years: the oldest a caregiver, health worker, cook or guard may be on the start date
	SettingNoCriminalRecordGraceDays = "staff.no_criminal_record_grace_days" // days after the start date the no-criminal-record certificate may follow
)

// StaffSettings are the deployment's limits for hiring.
type StaffSettings struct {
	MaxAge                    int `json:"max_age"`
	NoCriminalRecordGraceDays int `json:"no_criminal_record_grace_days"`
}

// DefaultStaffSettings: the upper age is the statutory retirement age of
// men after the 2025 reform (63, 全国人大常委会关于实施渐进式延迟法定退休
// 年龄的决定); the certificate may follow within 30 days, the time a police
// station takes to issue it.
func DefaultStaffSettings() StaffSettings {
	return StaffSettings{MaxAge: 63, NoCriminalRecordGraceDays: 30}
}
