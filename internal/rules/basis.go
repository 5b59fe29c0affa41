package rules

import "strings"

// Basis is the legal basis of a rule as users read it: the documents and
// their clauses, in Chinese and in English, without the confidence and
// source tags of Rule.Source (those are for the people who keep the rules,
// in docs/domain-reference.md).
type Basis struct {
	Zh, En string
}

// Text is the basis in a language ("zh" or "en").
func (b Basis) Text(lang string) string {
	if lang == "en" {
		return b.En
	}
	return b.Zh
}

// A document a rule rests on, named as it is published.
type document struct{ zh, en string }

var (
	docSetup     = document{"《托育机构设置标准（试行）》", "Setting-up Standard for Childcare Institutions (Trial)"}
	docManage    = document{"《托育机构管理规范（试行）》", "Management Rules for Childcare Institutions (Trial)"}
	docFiling    = document{"《托育机构登记和备案办法（试行）》", "Registration and Filing Measures for Childcare Institutions (Trial)"}
	docHomePoint = document{"《家庭托育点管理办法（试行）》", "Measures for Home-based Childcare Points (Trial)"}
	docWST821    = document{"《托育机构质量评估标准》（WS/T 821—2023）", "Quality Assessment Standard for Childcare Institutions (WS/T 821—2023)"}
	doc76        = document{"《托儿所幼儿园卫生保健管理办法》", "Measures for Health Care in Nurseries and Kindergartens"}
	doc2012      = document{"《托儿所幼儿园卫生保健工作规范》", "Work Norms for Health Care in Nurseries and Kindergartens"}
	doc2022      = document{"《托育机构卫生评价基本标准》", "Basic Standard for the Health Evaluation of Childcare Institutions"}
	docCheck     = document{"《儿童入托、入学预防接种证查验办法》", "Measures for Checking Vaccination Certificates at Admission"}
	docPublic    = document{"《国家基本公共卫生服务规范》", "National Basic Public Health Service Norms"}
)

// A clause of a document: an article ("第十九条", "Article 19"), a clause
// of a standard ("5.1.5"), or none (the document as a whole).
type clause struct {
	doc    document
	zh, en string
}

func article(d document, zh string, n int) clause {
	return clause{d, zh, "Article " + itoa(n)}
}

func section(d document, c string) clause { return clause{d, c, "clause " + c} }

func whole(d document) clause { return clause{doc: d} }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// legalBases holds every rule's documents and clauses, from the sources of
// Rules() (docs/domain-reference.md §12 and the sections it names).
var legalBases = map[string][]clause{
	RuleClassSize:       {article(docSetup, "第十九条", 19)},
	RuleClassAge:        {article(docSetup, "第十九条", 19)},
	RuleClassRatio:      {article(docSetup, "第二十条", 20)},
	RuleClassMixedRatio: {article(docSetup, "第二十条", 20)},

	RuleHomePointCapacity: {whole(docHomePoint)},
	RuleHomePointRatio:    {whole(docHomePoint)},
	RuleHomePointLease:    {whole(docHomePoint)},

	RuleHealthStaff:              {article(doc76, "第十二条", 12), whole(doc2022)},
	RuleHealthStaffQualification: {article(docSetup, "第十八条", 18), whole(doc2022)},
	RuleCooks:                    {section(docWST821, "5")},
	RuleFoodSafetyManager:        {section(docWST821, "5")},
	RuleDirector:                 {article(docSetup, "第十八条", 18), section(docWST821, "5.1")},
	RuleDirectorTrainingHours:    {section(docWST821, "5.2.1")},
	RuleStaffHealthCheck:         {article(docManage, "第二十八条", 28), article(doc76, "第十四条", 14), section(docWST821, "5.1.5")},
	RuleStaffBackground:          {section(docWST821, "5.1.6"), whole(docHomePoint)},
	RuleSecurityGuard:            {article(docSetup, "第十八条", 18)},
	RuleStaffCertificates:        {article(docFiling, "第八条", 8)},

	RulePlaces: {article(docFiling, "第八条", 8)},

	RulePremisesLease:       {article(docSetup, "第十一条", 11)},
	RulePremisesFloor:       {section(docWST821, "4")},
	RulePremisesBasement:    {section(docWST821, "4"), whole(doc2022)},
	RulePremisesWindow:      {section(docWST821, "4")},
	RulePremisesRoomArea:    {section(docWST821, "4")},
	RuleObservationRoom:     {whole(doc2022)},
	RuleCCTV:                {article(docManage, "第三十二条", 32), section(docWST821, "9.4.3")},
	RuleOutdoorTime:         {article(docManage, "第十八条", 18), whole(doc2012)},
	RuleChildReexam:         {article(docManage, "第十一条", 11), article(doc76, "第十八条", 18)},
	RuleChildPeriodicExam:   {whole(doc2012), whole(docPublic)},
	RuleChildHaemoglobin:    {whole(doc2012)},
	RuleVaccinationCheck:    {whole(docCheck)},
	RuleVaccinationRecheck:  {whole(docCheck)},
	RuleFilingReceipt:       {whole(docFiling)},
	RuleFilingNotice:        {whole(docFiling)},
	RuleQualityAssessment:   {whole(docWST821)},
	RuleQualityVeto:         {whole(docWST821)},
	RuleQualityGradeCutoffs: {whole(docWST821)},
}

// LegalBasis is the documents and clauses a rule rests on, for users:
// "《托育机构设置标准（试行）》第十九条". An unknown rule has none.
func LegalBasis(ruleID string) Basis {
	var zh, en []string
	for _, c := range legalBases[ruleID] {
		zh = append(zh, c.doc.zh+c.zh)
		e := c.doc.en
		if c.en != "" {
			e += ", " + c.en
		}
		en = append(en, e)
	}
	return Basis{Zh: strings.Join(zh, "、"), En: strings.Join(en, "; ")}
}

// BasisFor is LegalBasis with the local rules that tightened the rule for
// this standard, named by the source their regulator gave.
func (s Standard) BasisFor(ruleID string) Basis {
	b := LegalBasis(ruleID)
	for _, a := range s.Applied {
		if a.RuleID != ruleID {
			continue
		}
		b.Zh += "；地方从严：" + a.Source
		b.En += "; tightened locally: " + a.Source
	}
	return b
}
