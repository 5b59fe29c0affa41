package rules

import (
	"fmt"
	"time"
)

// Education is a level of schooling, ordered so that a higher value is more.
type Education int

const (
	EducationUnknown       Education = 0 // not recorded
	EducationJuniorHigh    Education = 1 // 初中及以下
	EducationSeniorHigh    Education = 2 // 高中、中专
	EducationJuniorCollege Education = 3 // 大专
	EducationBachelor      Education = 4 // 本科
	EducationPostgraduate  Education = 5 // 研究生
)

// Chinese returns the Chinese name of the level.
func (e Education) Chinese() string {
	switch e {
	case EducationJuniorHigh:
		return "初中及以下"
	case EducationSeniorHigh:
		return "高中（中专）"
	case EducationJuniorCollege:
		return "大专"
	case EducationBachelor:
		return "本科"
	case EducationPostgraduate:
		return "研究生"
	}
	return "未登记"
}

// String returns the English name of the level.
func (e Education) String() string {
	switch e {
	case EducationJuniorHigh:
		return "junior high or below"
	case EducationSeniorHigh:
		return "senior high"
	case EducationJuniorCollege:
		return "junior college"
	case EducationBachelor:
		return "bachelor"
	case EducationPostgraduate:
		return "postgraduate"
	}
	return "not recorded"
}

// Staff posts (岗位).
const (
	PostDirector  = "director"  // 负责人
	PostCaregiver = "caregiver" // 保育人员; at a home point, the carer
	PostHealth    = "health"    // 保健人员
	PostSecurity  = "security"  // 保安人员
	PostCook      = "cook"      // 炊事人员
	PostTeacher   = "teacher"   // 教师
	PostOther     = "other"
)

func knownPost(p string) bool {
	switch p {
	case PostDirector, PostCaregiver, PostHealth, PostSecurity, PostCook, PostTeacher, PostOther:
		return true
	}
	return false
}

// Certificate kinds.
const (
	CertHealth              = "health"                // 健康合格证明
	CertNoCriminalRecord    = "no_criminal_record"    // 无犯罪记录证明
	CertDirectorTraining    = "director_training"     // 托育机构负责人岗位培训合格证明
	CertHealthStaffTraining = "health_staff_training" // 妇幼保健机构卫生保健培训合格证明
	CertSecurityGuard       = "security_guard"        // 保安员证
	CertOther               = "other"
)

// certNames are the certificate kinds' names, in Chinese and English.
var certNames = map[string][2]string{
	CertHealth:              {"健康合格证明", "health certificate"},
	CertNoCriminalRecord:    {"无犯罪记录证明", "certificate of no criminal record"},
	CertDirectorTraining:    {"托育机构负责人岗位培训合格证明", "director's post training certificate"},
	CertHealthStaffTraining: {"卫生保健培训合格证明", "health-care training certificate"},
	CertSecurityGuard:       {"保安员证", "security guard licence"},
	CertOther:               {"证书", "certificate"},
}

// CertName names a certificate kind in Chinese and in English.
func CertName(kind string) (zh, en string) {
	n, ok := certNames[kind]
	if !ok {
		n = certNames[CertOther]
	}
	return n[0], n[1]
}

func knownCert(k string) bool {
	switch k {
	case CertHealth, CertNoCriminalRecord, CertDirectorTraining, CertHealthStaffTraining, CertSecurityGuard, CertOther:
		return true
	}
	return false
}

// Certificate is one document a staff member holds. ExpiresOn is the last
// day it is valid; zero means it does not expire, except for a health
// certificate, which lasts StaffHealth.CheckIntervalMonths from IssuedOn.
type Certificate struct {
	Kind      string
	Number    string
	IssuedOn  time.Time
	ExpiresOn time.Time
}

// StaffMember is one person working at the institution.
type StaffMember struct {
	ID              string
	Name            string
	Post            string
	FullTime        bool
	HiredOn         time.Time // zero = not recorded
	Education       Education
	ManagementYears int // years of management in child care, education or health (负责人)
	TrainingHours   int // post-training class hours (负责人岗位培训)
	Certificates    []Certificate
}

func (m StaffMember) subject() string {
	if m.ID != "" {
		return m.ID
	}
	return m.Name
}

func (m StaffMember) has(kind string) bool {
	for _, c := range m.Certificates {
		if c.Kind == kind {
			return true
		}
	}
	return false
}

func validateStaff(m StaffMember) error {
	switch {
	case !knownPost(m.Post):
		return fieldErr("post", ErrUnknownPost)
	case m.Education < EducationUnknown || m.Education > EducationPostgraduate:
		return fieldErr("education", ErrUnknownEducation)
	case m.ManagementYears < 0:
		return fieldErr("management_years", ErrNegative)
	case m.TrainingHours < 0:
		return fieldErr("training_hours", ErrNegative)
	}
	for i, c := range m.Certificates {
		p := fmt.Sprintf("certificates[%d]", i)
		switch {
		case !knownCert(c.Kind):
			return fieldErr(p+".kind", ErrUnknownCertKind)
		case c.IssuedOn.IsZero():
			return fieldErr(p+".issued_on", ErrRequired)
		case !c.ExpiresOn.IsZero() && dateOf(c.ExpiresOn).before(dateOf(c.IssuedOn)):
			return fieldErr(p+".expires_on", ErrDateOrder)
		}
	}
	return nil
}

// checkStaffMember applies the rules every staff member is held to: health
// certificate (before hire and yearly), no-criminal-record certificate,
// validity of other certificates, and the rules of the member's post.
func (f *findings) checkStaffMember(m StaffMember, asOf civil, homePoint bool) {
	s, who := f.s, m.subject()
	f.checkHealthCertificate(m, asOf)
	if !m.has(CertNoCriminalRecord) {
		f.add(RuleStaffBackground, Violation, who,
			"未提供无犯罪记录证明", "no certificate of no criminal record")
	}
	warnDays := s.Warnings.CertificateWarningDays
	for _, c := range m.Certificates {
		if c.Kind == CertHealth || c.ExpiresOn.IsZero() {
			continue
		}
		end := dateOf(c.ExpiresOn)
		zhName, enName := CertName(c.Kind)
		switch {
		case asOf.after(end):
			f.add(RuleStaffCertificates, Violation, who,
				fmt.Sprintf("%s（编号 %s）已于%s过期", zhName, c.Number, end.time().Format(time.DateOnly)),
				fmt.Sprintf("the %s (number %s) expired on %s", enName, c.Number, end.time().Format(time.DateOnly)))
		case !asOf.addDays(warnDays).before(end):
			f.add(RuleStaffCertificates, Warning, who,
				fmt.Sprintf("%s（编号 %s）将于%s到期", zhName, c.Number, end.time().Format(time.DateOnly)),
				fmt.Sprintf("the %s (number %s) expires on %s", enName, c.Number, end.time().Format(time.DateOnly)))
		}
	}
	if homePoint {
		return
	}
	switch m.Post {
	case PostDirector:
		f.checkDirector(m)
	case PostHealth:
		if !m.has(CertHealthStaffTraining) {
			f.add(RuleHealthStaffQualification, Violation, who,
				"保健人员无妇幼保健机构卫生保健培训合格证明", "health staff member has no MCH health-care training certificate")
		}
		if m.Education < s.HealthStaff.MinEducation {
			f.add(RuleHealthStaffQualification, Violation, who,
				fmt.Sprintf("保健人员学历为%s，要求%s以上", m.Education.Chinese(), s.HealthStaff.MinEducation.Chinese()),
				fmt.Sprintf("health staff education is %s, required %s or above", m.Education, s.HealthStaff.MinEducation))
		}
	case PostSecurity:
		if !m.has(CertSecurityGuard) {
			f.add(RuleSecurityGuard, Violation, who, "保安人员无保安员证", "security guard has no security-guard licence")
		}
	}
}

// checkHealthCertificate: the newest health certificate must be valid on
// asOf, and the oldest must predate the hire date (the pre-employment exam).
// A certificate without an expiry date is due StaffHealth.CheckIntervalMonths
// after issue and is overdue from the day after.
func (f *findings) checkHealthCertificate(m StaffMember, asOf civil) {
	s, who := f.s, m.subject()
	var newest, oldest *Certificate
	for i := range m.Certificates {
		c := &m.Certificates[i]
		if c.Kind != CertHealth {
			continue
		}
		if newest == nil || dateOf(c.IssuedOn).after(dateOf(newest.IssuedOn)) {
			newest = c
		}
		if oldest == nil || dateOf(c.IssuedOn).before(dateOf(oldest.IssuedOn)) {
			oldest = c
		}
	}
	if newest == nil {
		f.add(RuleStaffHealthCheck, Violation, who, "无健康合格证明", "no health certificate")
		return
	}
	due := dateOf(newest.IssuedOn).addMonths(s.StaffHealth.CheckIntervalMonths)
	if !newest.ExpiresOn.IsZero() {
		due = dateOf(newest.ExpiresOn)
	}
	dueText := due.time().Format(time.DateOnly)
	switch {
	case asOf.after(due):
		f.add(RuleStaffHealthCheck, Violation, who,
			"健康合格证明已过期（应于"+dueText+"前复检）", "health certificate lapsed (annual exam was due by "+dueText+")")
	case !asOf.addDays(s.Warnings.CertificateWarningDays).before(due):
		f.add(RuleStaffHealthCheck, Warning, who,
			"健康合格证明将于"+dueText+"到期，请安排年度体检", "health certificate expires on "+dueText+"; book the annual exam")
	}
	if !m.HiredOn.IsZero() && dateOf(oldest.IssuedOn).after(dateOf(m.HiredOn)) {
		f.add(RuleStaffHealthCheck, Violation, who,
			"无上岗前健康检查记录（最早健康证明晚于入职日期）", "no pre-employment health exam on record (earliest certificate is after the hire date)")
	}
}

func (f *findings) checkDirector(m StaffMember) {
	d, who := f.s.Director, m.subject()
	if m.Education < d.MinEducation {
		f.add(RuleDirector, Violation, who,
			fmt.Sprintf("负责人学历为%s，要求%s以上", m.Education.Chinese(), d.MinEducation.Chinese()),
			fmt.Sprintf("person in charge education is %s, required %s or above", m.Education, d.MinEducation))
	}
	if m.ManagementYears < d.MinManagementYears {
		f.add(RuleDirector, Violation, who,
			fmt.Sprintf("负责人相关管理经验%d年，要求%d年以上", m.ManagementYears, d.MinManagementYears),
			fmt.Sprintf("person in charge has %d years' management experience, required %d", m.ManagementYears, d.MinManagementYears))
	}
	if !m.has(CertDirectorTraining) {
		f.add(RuleDirector, Violation, who, "负责人无岗位培训合格证明", "person in charge has no post-training certificate")
	}
	if m.TrainingHours < d.MinTrainingHours {
		f.add(RuleDirectorTrainingHours, Violation, who,
			fmt.Sprintf("负责人岗位培训%d学时，要求不少于%d学时", m.TrainingHours, d.MinTrainingHours),
			fmt.Sprintf("person in charge has %d training hours, required at least %d", m.TrainingHours, d.MinTrainingHours))
	}
}
