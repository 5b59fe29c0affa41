package authz

import "tuoyu/internal/domain"

// Duty is the department a partner account works for (DESIGN: partner
// departments act in their region within their duty).
type Duty string

const (
	DutyApproval     Duty = "approval"      // 行政审批
	DutyMarket       Duty = "market"        // 市场监管
	DutyEmergency    Duty = "emergency"     // 应急管理
	DutyEducation    Duty = "education"     // 教育
	DutyCivilAffairs Duty = "civil_affairs" // 民政
	DutyPolice       Duty = "police"        // 公安
	DutyFinance      Duty = "finance"       // 财政
	DutyHR           Duty = "hr"            // 人社
	DutyWomen        Duty = "women"         // 妇联
	DutyMCH          Duty = "mch"           // 妇幼保健
)

// Duties lists every department, in the order the interface shows them.
var Duties = []Duty{DutyApproval, DutyMarket, DutyEmergency, DutyEducation, DutyCivilAffairs, DutyPolice, DutyFinance, DutyHR, DutyWomen, DutyMCH}

// Valid reports whether d is a known department.
func (d Duty) Valid() bool {
	for _, x := range Duties {
		if x == d {
			return true
		}
	}
	return false
}

// Allows reports whether a role, working for a department when it is a
// partner, holds p: the role must hold p in Table, and a partner must also
// have a duty that DutyTable lists for p (when p has a row there).
func Allows(r domain.Role, d Duty, p Permission) bool {
	if !Has(r, p) {
		return false
	}
	duties, ok := DutyTable[p]
	if r != domain.RolePartner || !ok {
		return true
	}
	for _, x := range duties {
		if x == d {
			return true
		}
	}
	return false
}

// Can reports whether the actor holds p, its department's duty included.
func (a Actor) Can(p Permission) bool {
	return p == Public || a.system || (a.LoggedIn() && Allows(a.Role, a.Department, p))
}
